from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.planning import views

app_name = 'planning'

urlpatterns = [
    *generic_urlpatterns('planning'),
    path('graph/', views.dependency_graph, name='graph'),
    path('programme/', views.programme, name='programme'),
    path('programme/load/', views.programme_load, name='programme_load'),
    path('budget/', views.budget, name='budget'),
    path('plans/', views.plan_list, name='plans'),
    path('plans/start/', views.plan_start, name='start'),
    path('plans/<int:pk>/', views.plan_detail, name='plan'),
    path('plans/<int:pk>/systems/<int:system_pk>/', views.system_why, name='why'),
]
