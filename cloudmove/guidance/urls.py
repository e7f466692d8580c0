from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.guidance import views

app_name = 'guidance'

urlpatterns = [
    *generic_urlpatterns('guidance'),
    path('deployment-model/', views.guide, name='guide'),
    path('deployment-rules/load-defaults/', views.load_default_rules, name='load_default_rules'),
]
