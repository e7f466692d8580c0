from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.execution import views

app_name = 'execution'

urlpatterns = [
    *generic_urlpatterns('execution'),
    path('board/', views.board, name='board'),
    path('board/sync/', views.sync, name='sync'),
    path('settings/', views.settings_view, name='settings'),
    path('migrations/<int:pk>/transition/', views.transition, name='transition'),
    path('migrations/<int:pk>/approve-golive/', views.approve_golive, name='approve_golive'),
    path('migrations/<int:pk>/templates/<str:what>/', views.apply_template, name='apply_template'),
    path('migrations/<int:pk>/optimise/', views.optimise_view, name='optimise'),
    path('systems/<int:system_pk>/start/', views.start, name='start'),
    path('systems/<int:system_pk>/seed-risks/', views.seed_risks, name='seed_risks'),
    path('risks/heat-map/', views.heatmap, name='heatmap'),
    path('training/summary/', views.training_summary, name='training_summary'),
    path('benefits/', views.benefits, name='benefits'),
]
