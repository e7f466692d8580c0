from django.urls import path
from django.views.generic import RedirectView

from cloudmove.core.imports import views as flow_views
from cloudmove.core.urls_generic import generic_urlpatterns
from cloudmove.core.views import auth, home, imports, system

app_name = 'core'

urlpatterns = [
    path('', home.home, name='home'),
    path('account/login/', auth.login_view, name='login'),
    path('account/logout/', auth.logout_view, name='logout'),
    path('account/2fa/', auth.otp_verify, name='otp_verify'),
    path('account/2fa/setup/', auth.otp_setup, name='otp_setup'),
    path('account/tokens/', auth.tokens, name='tokens'),
    path('account/notifications/', auth.notifications_page, name='notifications'),
    path('i18n/setlang/', auth.set_language, name='set_language'),
    path('admin/jobs/<int:pk>/progress/', system.job_progress, name='job_progress'),
    path('admin/jobs/<int:pk>/cancel/', system.job_cancel, name='job_cancel'),
    path('admin/audit/verify/', system.audit_verify, name='audit_verify'),
    path('imports/<int:pk>/', flow_views.result, {'page': imports.PAGE}, name='object_import_result'),
    path('imports/<int:pk>/apply/', flow_views.apply, {'page': imports.PAGE}, name='object_import_apply'),
    path('favicon.ico', RedirectView.as_view(url='/static/core/favicon.svg', permanent=True)),
    *generic_urlpatterns('core', prefix='admin/'),
]
