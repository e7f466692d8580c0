"""Sign-in, sign-out, the TOTP second factor, lockout page, language switch and personal API tokens."""

import base64
from datetime import timedelta

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cloudmove.core.models import ApiToken
from cloudmove.core.views.generic import safe_next


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy('Username'), max_length=150,
                               widget=forms.TextInput(attrs={'autofocus': True, 'class': 'form-control',
                                                             'autocomplete': 'username'}))
    password = forms.CharField(label=gettext_lazy('Password'), strip=False,
                               widget=forms.PasswordInput(attrs={'class': 'form-control',
                                                                 'autocomplete': 'current-password'}))


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy('Six-digit code'), max_length=8,
                           widget=forms.TextInput(attrs={'class': 'form-control', 'autocomplete': 'one-time-code',
                                                         'inputmode': 'numeric', 'autofocus': True}))


def _next(request, default='core:home'):
    return safe_next(request, reverse(default))


def _second_factor_pending(user):
    # A user fresh from authenticate() has not passed the OTP middleware: not verified yet.
    is_verified = getattr(user, 'is_verified', None)
    return settings.CLOUDMOVE_REQUIRE_2FA and user.needs_second_factor and not (is_verified and is_verified())


def login_view(request):
    if request.user.is_authenticated and not _second_factor_pending(request.user):
        return redirect(_next(request))
    form = LoginForm(request.POST or None)
    if request.method == 'POST' and form.is_valid():
        user = authenticate(request, username=form.cleaned_data['username'], password=form.cleaned_data['password'])
        if getattr(request, 'axes_locked_out', False):
            return lockout_response(request, None)
        if user is None:
            form.add_error(None, _('Wrong username or password.'))
        else:
            login(request, user)
            response = HttpResponseRedirect(_next(request))
            if user.language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite='Lax')
            if _second_factor_pending(user):
                target = 'core:otp_verify' if any(devices_for_user(user, confirmed=True)) else 'core:otp_setup'
                response['Location'] = f'{reverse(target)}?next={_next(request)}'
            return response
    return render(request, 'core/login.html', {'form': form, 'next': request.GET.get('next', '')})


def lockout_response(request, credentials, *args, **kwargs):
    from django.http import JsonResponse

    message = _('This account is locked after too many failed logins. Try again later or ask the administrator.')
    if request.path.startswith('/api/'):
        return JsonResponse({'detail': message}, status=403)
    return render(request, 'core/locked.html', {'message': message}, status=403)


@require_POST
def logout_view(request):
    logout(request)
    return redirect('core:login')


@login_required
def otp_verify(request):
    form = CodeForm(request.POST or None)
    if request.method == 'POST' and form.is_valid():
        device = match_token(request.user, form.cleaned_data['code'].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error('code', _('The code is wrong or has expired.'))
    return render(request, 'core/otp_verify.html', {'form': form, 'next': request.GET.get('next', '')})


@login_required
def otp_setup(request):
    """Enrol a TOTP device: show the secret and its QR code, confirm with a first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists() and not request.user.is_verified():
            return redirect('core:otp_verify')
        device = TOTPDevice.objects.create(user=request.user, name='default', confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == 'POST' and form.is_valid():
        if device.verify_token(form.cleaned_data['code'].strip()):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            messages.success(request, _('The second factor is set up.'))
            return redirect(_next(request))
        form.add_error('code', _('The code is wrong or has expired.'))
    uri = device.config_url
    qr = segno.make(uri, error='m')
    secret = base64.b32encode(device.bin_key).decode().rstrip('=')
    return render(request, 'core/otp_setup.html', {
        'form': form, 'qr_svg': qr.svg_data_uri(scale=4), 'secret': secret, 'next': request.GET.get('next', ''),
    })


@require_POST
def set_language(request):
    lang = request.POST.get('language')
    response = HttpResponseRedirect(_next(request))
    if lang in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 86400, samesite='Lax')
        if request.user.is_authenticated and request.user.language != lang:
            request.user.language = lang
            request.user.save(update_fields=['language'])
    return response


@login_required
def tokens(request):
    """The user's own API tokens: create (shown once) and revoke."""
    new_key = None
    if request.method == 'POST':
        if 'revoke' in request.POST:
            token = ApiToken.objects.filter(user=request.user, pk=request.POST.get('revoke')).first()
            if token and token.revoked_at is None:
                token.revoked_at = timezone.now()
                token.save()
                messages.success(request, _('Token revoked.'))
            return redirect('core:tokens')
        name = request.POST.get('name', '').strip()[:100] or 'web'
        _token, new_key = ApiToken.issue(request.user, name=name,
                                         expires_at=timezone.now() + timedelta(days=90))
    return render(request, 'core/tokens.html', {
        'tokens': ApiToken.objects.filter(user=request.user)[:100], 'new_key': new_key,
    })


@login_required
def notifications_page(request):
    """The user's notifications; opening one marks it read and follows its link."""
    from cloudmove.core.models import Notification
    from cloudmove.core.services import notifications

    if request.method == 'POST':
        notifications.mark_read(request.user)
        return redirect('core:notifications')
    opened = request.GET.get('open')
    if opened:
        item = Notification.objects.filter(user=request.user, pk=opened).first()
        if item is not None:
            notifications.mark_read(request.user, [item.pk])
            if item.link and url_has_allowed_host_and_scheme(item.link, {request.get_host()}, request.is_secure()):
                return redirect(item.link)
        return redirect('core:notifications')
    return render(request, 'core/notifications.html', {
        'items': Notification.objects.filter(user=request.user)[:100],
    })
