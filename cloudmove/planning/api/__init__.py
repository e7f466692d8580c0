"""Planning API under /api/planning/: wave plans (plans.py) and migration designs' actions (designs.py)."""

from cloudmove.planning.api import designs, plans

urlpatterns = [*plans.urlpatterns, *designs.urlpatterns]
