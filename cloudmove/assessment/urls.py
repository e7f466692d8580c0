from django.urls import path

from cloudmove.assessment import views

app_name = 'assessment'

urlpatterns = [
    path('runs/', views.run_list, name='runs'),
    path('runs/start/', views.run_start, name='start'),
    path('results/', views.latest_results, name='results'),
    path('runs/<int:pk>/', views.run_detail, name='run'),
    path('runs/<int:pk>/rerun/', views.run_rerun, name='rerun'),
    path('runs/<int:pk>/export.xlsx', views.export, name='export'),
    path('runs/<int:pk>/compare/<int:other>/', views.compare, name='compare'),
    path('runs/<int:pk>/systems/<int:system_pk>/', views.system_result, name='system'),
    path('runs/<int:pk>/systems/<int:system_pk>/review/', views.review, name='review'),
]
