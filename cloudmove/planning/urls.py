from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.planning.views import designs as design_views
from cloudmove.planning.views import plans as views

app_name = 'planning'

urlpatterns = [
    *generic_urlpatterns('planning'),
    path('designs/open/<int:system_pk>/', design_views.open_design, name='design_open'),
    path('designs/<int:pk>/approve/', design_views.approve, name='design_approve'),
    path('designs/<int:pk>/new-version/', design_views.new_version, name='design_new_version'),
    path('designs/<int:pk>/reip/', design_views.reip, name='design_reip'),
    path('designs/<int:pk>/rental-plan.docx', design_views.rental_plan_docx, name='design_rental_plan'),
    path('graph/', views.dependency_graph, name='graph'),
    path('programme/', views.programme, name='programme'),
    path('programme/load/', views.programme_load, name='programme_load'),
    path('budget/', views.budget, name='budget'),
    path('plans/', views.plan_list, name='plans'),
    path('plans/start/', views.plan_start, name='start'),
    path('plans/<int:pk>/', views.plan_detail, name='plan'),
    path('plans/<int:pk>/systems/<int:system_pk>/', views.system_why, name='why'),
]
