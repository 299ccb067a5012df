"""The demo library: eight documents at the three access levels, their PDFs read."""

import pytest

from actionpackages import demo as packages_demo
from ketenoverleg import demo as council_demo
from library import demo
from library.models import Access, LibraryDocument, LibraryFile
from library.selectors import search
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo as projects_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    projects_demo.seed()
    packages_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
    return LibraryDocument.objects.filter(council__slug=council_demo.DEMO_SLUG)


def test_eight_documents_at_three_levels_with_their_text_read(seeded):
    levels = [d.access for d in seeded]

    assert len(levels) == 8
    assert {level: levels.count(level) for level in Access} == {
        Access.PUBLIC: 4,
        Access.MEMBERS: 2,
        Access.KERNTEAM: 2,
    }
    statuses = set(LibraryFile.objects.values_list("content_type", "text_status"))
    assert statuses == {("application/pdf", "klaar"), ("image/png", "geen")}
    assert [d.title for d in search(seeded, "veertigduizend")] == [
        "Marktverkenning puinbrekers 2012"
    ]
    report = seeded.get(title="Nulmeting granulaat in de Groningse betonketen")
    assert report.packages.get().title == "Meer granulaatbeton"


def test_seeding_again_changes_nothing(seeded):
    before = (LibraryDocument.objects.count(), LibraryFile.objects.count())

    demo.seed()

    assert (LibraryDocument.objects.count(), LibraryFile.objects.count()) == before
