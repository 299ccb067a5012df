import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Many users per test (query counts, matrices): hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
