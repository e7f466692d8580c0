from django.urls import path, re_path

from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.surveys import views

app_name = 'surveys'

urlpatterns = [
    *generic_urlpatterns('surveys'),
    path('boards/', views.boards, name='boards'),
    path('campaigns/<int:pk>/board/', views.board, name='board'),
    path('campaigns/<int:pk>/launch/', views.launch, name='launch'),
    path('campaigns/<int:pk>/close/', views.close, name='close'),
    re_path(r'^assignments/(?P<pk>[0-9]+)/(?P<action>start|submit|return|approve)/$', views.transition,
            name='transition'),
]
