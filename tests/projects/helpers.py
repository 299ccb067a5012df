"""Small helpers for the project view tests: log someone in, read a page's rows."""

from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.members.factories import person


def login_as(client, council, who):
    """Log in a person in the relation ``who`` to ``council`` (see members' person())."""
    user = person(council, who)
    if user is not None:
        client.force_login(user)
    return user


def assert_login_redirect(response, url):
    assertRedirects(
        response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False
    )


def council_url(name: str, council, **kwargs) -> str:
    return reverse(f"projects:{name}", kwargs={"slug": council.slug, **kwargs})
