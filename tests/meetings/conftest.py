import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Permission matrices and query counts create many users: hash cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
