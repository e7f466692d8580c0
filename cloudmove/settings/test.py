"""Test profile: the default settings with fast password hashing and the second factor on."""

from cloudmove.settings import *  # noqa: F403

PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']
CLOUDMOVE_REQUIRE_2FA = True
LANGUAGE_CODE = 'vi'
