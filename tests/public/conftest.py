import pytest

from ketenoverleg import documents

FAKE_PDF = b"%PDF-1.7\n% a stand-in: these tests need a file, not a layout\n%%EOF\n"


@pytest.fixture(autouse=True)
def fake_renderer(monkeypatch):
    """Opening and signing a package queue the intentieverklaring; skip WeasyPrint."""
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: FAKE_PDF)


@pytest.fixture
def demo(db):
    """The whole demo: three councils, members, meetings, projects, the package, news."""
    from actionpackages import demo as packages_demo
    from ketenoverleg import demo as council_demo
    from meetings import demo as meetings_demo
    from members import demo as members_demo
    from projects import demo as projects_demo

    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    projects_demo.seed()
    packages_demo.seed()
    council_demo.seed_news()
    from ketenoverleg.models import Ketenoverleg

    return Ketenoverleg.objects.get(slug=council_demo.DEMO_SLUG)
