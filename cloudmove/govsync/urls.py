from django.urls import path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.govsync import views

app_name = 'govsync'

urlpatterns = [
    path('', views.overview, name='outbox'),
    *generic_urlpatterns('govsync'),
    path('outbox/<int:pk>/retry/', views.retry, name='retry'),
]
