from cloudmove.catalog.models.criteria import (  # noqa: F401
    CriteriaFeature,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationAnswer,
)
from cloudmove.catalog.models.national import NationalService  # noqa: F401
from cloudmove.catalog.models.prices import Flavour, PriceBook, ServicePrice, StorageTier  # noqa: F401
from cloudmove.catalog.models.providers import DataCentre, Provider, ProviderContact  # noqa: F401
