"""Small helpers for the view tests: log someone in, name a URL, check a refusal."""

from http import HTTPStatus

from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.members.factories import person

LOGIN = "login"  # expected: the login page, with a way back
DONE = "done"  # expected: the step is taken and the user is sent on


def login_as(client, council, who):
    """Log in a person in the relation ``who`` to ``council`` (see members' person())."""
    user = person(council, who)
    if user is not None:
        client.force_login(user)
    return user


def url(name: str, council, **kwargs) -> str:
    return reverse(f"actionpackages:{name}", kwargs={"slug": council.slug, **kwargs})


def assert_outcome(response, expected, requested_url):
    """``expected`` is LOGIN, DONE (a redirect elsewhere) or an HTTPStatus."""
    if expected == LOGIN:
        assertRedirects(
            response,
            f"{reverse('account_login')}?next={requested_url}",
            fetch_redirect_response=False,
        )
    elif expected == DONE:
        assert response.status_code == HTTPStatus.FOUND
        assert not response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected
