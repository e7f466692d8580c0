from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.guidance import views, views_library

app_name = 'guidance'

urlpatterns = [
    *generic_urlpatterns('guidance'),
    path('deployment-model/', views.guide, name='guide'),
    path('library/<int:pk>/<str:action>/', views_library.act, name='library_action'),
    path('deployment-rules/load-defaults/', views.load_default_rules, name='load_default_rules'),
]
