"""Nothing private leaks onto a public page: an anonymous visitor reads every public
page of the seeded demo, and no contact detail, application text, pending applicant,
concept package, members-only meeting or probleemlijst issue appears in any of them."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from actionpackages.models import Indicator, Package
from ketenoverleg.models import Ketenoverleg, User
from members.models import Membership, MembershipStatus, Organisation
from projects.models import Issue
from tests.actionpackages.factories import PackageFactory
from tests.meetings.factories import MeetingFactory, days_from_now

pytestmark = pytest.mark.django_db

PENDING = [MembershipStatus.AANGEVRAAGD, MembershipStatus.IN_BEROEP, MembershipStatus.AFGEWEZEN]


def private_values(council) -> dict[str, str]:
    """Each private value, mapped to what it is (for a readable failure)."""
    values = {}
    for o in Organisation.objects.all():
        values[o.email] = f"e-mail of organisation {o.name}"
        values[o.phone] = f"phone of organisation {o.name}"
    for email in User.objects.values_list("email", flat=True):
        values[email] = "e-mail of a user"
    listed = set(Membership.objects.public().values_list("organisation_id", flat=True))
    for m in Membership.objects.filter(status__in=PENDING).select_related("organisation"):
        values[m.motivation] = f"motivation of {m.organisation.name}"
        values[m.appeal_reason] = f"appeal reason of {m.organisation.name}"
        if m.organisation_id not in listed:
            values[m.organisation.name] = f"name of applicant ({m.status})"
    for title in Package.objects.exclude(pk__in=Package.objects.public()).values_list(
        "title", flat=True
    ):
        values[title] = "title of a package not yet open"
    # The projectlijst names the issue a project tackles (its "Vraagstuk" column), so
    # only issues without a project stay on the members-only probleemlijst.
    for title in Issue.objects.filter(projects__isnull=True).values_list("title", flat=True):
        values[title] = "probleemlijst issue without a project"
    values[
        MeetingFactory(council=council, is_public=False, title="Besloten beraad XQ-17").title
    ] = "members-only meeting"
    values[
        MeetingFactory(
            council=council,
            is_public=False,
            title="Besloten vooruitblik XQ-18",
            starts_at=days_from_now(10),
        ).title
    ] = "members-only meeting (future)"
    values.pop("", None)
    values.pop(None, None)
    return values


def public_urls(council) -> list[str]:
    slug = {"slug": council.slug}
    package = Package.objects.public().get(council=council)
    urls = [
        reverse("home"),
        reverse("programme"),
        reverse("robots"),
        reverse("sitemap"),
        council.get_absolute_url(),
        reverse("members:ledenlijst", kwargs=slug),
        reverse("members:ledenlijst_csv", kwargs=slug),
        reverse("members:ledenlijst_json", kwargs=slug),
        reverse("members:kernteam", kwargs=slug),
        reverse("news_list", kwargs=slug),
        reverse("council_feed", kwargs=slug),
        reverse("actionpackages:trendlijst", kwargs=slug),
        reverse("actionpackages:list", kwargs=slug),
        package.get_absolute_url(),
        reverse("measurements_data", kwargs={**slug, "fmt": "csv"}),
        reverse("measurements_data", kwargs={**slug, "fmt": "json"}),
        reverse("search", kwargs=slug) + "?q=granulaat",
        reverse("search", kwargs=slug) + "?q=beton",
        reverse("projects:projects", kwargs=slug),
        reverse("projects:projects_csv", kwargs=slug),
        reverse("meetings:list", kwargs=slug),
        reverse("meetings:calendar", kwargs=slug),
        reverse("meetings:public_feed", kwargs=slug),
    ]
    for fmt in ("csv", "json"):
        urls.append(reverse("signatories_data", kwargs={**slug, "pk": package.pk, "fmt": fmt}))
    urls += [n.get_absolute_url() for n in council.news.all()]
    urls += [i.get_absolute_url() for i in Indicator.objects.filter(package__council=council)]
    return urls


def test_no_private_value_on_any_public_page(client, demo):
    PackageFactory(council=demo, title="Geheim conceptpakket XQ-19")
    private = private_values(demo)
    assert any(v.startswith("members-only") for v in private.values())
    urls = public_urls(demo)
    for other in Ketenoverleg.objects.exclude(pk=demo.pk):
        urls.append(other.get_absolute_url())

    leaks, failed = [], []
    for page_url in urls:
        response = client.get(page_url)
        if response.status_code != HTTPStatus.OK:
            failed.append((page_url, response.status_code))
            continue
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        leaks += [(page_url, what, value) for value, what in private.items() if value in text]

    assert failed == []
    assert leaks == []
