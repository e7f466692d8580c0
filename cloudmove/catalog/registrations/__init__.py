"""Registry declarations of the catalogue: providers and price books, criteria sets and evaluations."""

from cloudmove.catalog.registrations import criteria, providers  # noqa: F401
