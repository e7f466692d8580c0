"""Registry declarations of the catalogue: providers and price books, criteria sets and evaluations."""

from cloudmove.catalog.registrations import criteria, providers  # noqa: F401
from cloudmove.core.services import demo  # noqa: E402


@demo.add_loader
def _demo_catalogue(progress=None):
    """Four illustrative providers with their price books, the MIC-structured criteria and evaluations."""
    from cloudmove.catalog.services.demo import load_providers
    from cloudmove.catalog.services.demo_criteria import load_criteria

    summary = {name: (created, updated + removed) for name, (created, updated, removed) in load_providers().items()}
    summary.update({name: (created, 0) for name, created in load_criteria().items()})
    return summary
