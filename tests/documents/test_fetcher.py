"""WeasyPrint may read the site's own static files and nothing else: no network."""

import socket

import pytest
from django.core.exceptions import SuspiciousFileOperation

from ketenoverleg import documents, services
from ketenoverleg.models import Document, Ketenoverleg
from tests.documents.helpers import pdf_text


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/style.css",
        "ftp://example.org/font.ttf",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError, match="geweigerd|toegestaan"):
        documents.LocalOnlyFetcher().fetch(url)


def test_fetcher_refuses_to_climb_out_of_the_static_folder():
    with pytest.raises((ValueError, SuspiciousFileOperation)):
        documents.LocalOnlyFetcher().fetch("file:///static/../../../../etc/passwd")


def test_fetcher_serves_the_print_stylesheet():
    response = documents.LocalOnlyFetcher().fetch("file:///static/css/pdf.css")

    assert b"@page" in response.read()
    assert response.headers.get_content_type() == "text/css"


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to look up a host or open a connection fails, and is recorded."""
    attempts = []

    # The site's own services on this machine (Redis, where the page cache's version
    # keys live when a broker is set) are no outside network.
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        if isinstance(address, tuple) and address[0] in LOOPBACK:
            return real_connect(sock, address)
        attempts.append(address)
        raise AssertionError(f"network access to {address}")

    def getaddrinfo(host, *args, **kwargs):
        if host in LOOPBACK:
            return real_getaddrinfo(host, *args, **kwargs)
        attempts.append(host)
        raise AssertionError(f"name lookup of {host}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


@pytest.fixture
def kind_with_remote_image(settings, tmp_path, monkeypatch):
    """A document kind whose template points at an image on the internet."""
    templates = tmp_path / "templates"
    (templates / "pdf").mkdir(parents=True)
    (templates / "pdf" / "remote_image.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}'
        "<h1>Ketenkaart van {{ council.name }}</h1>"
        '<img src="http://example.org/x.png" alt="kaart">'
        '<link rel="stylesheet" href="https://example.org/extra.css">'
        "{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [templates, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    kind = documents.DocumentKind(
        key="ketenkaart",
        model=Ketenoverleg,
        template="pdf/remote_image.html",
        title=lambda c: f"Ketenkaart {c.name}",
        context=lambda c: {},
        council=lambda c: c,
        is_public=lambda c: True,
        can_view=lambda user, c: True,
    )
    monkeypatch.setitem(documents.REGISTRY, kind.key, kind)
    return kind


def test_template_with_a_remote_image_renders_without_network(
    council, kind_with_remote_image, no_network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind_key="ketenkaart", obj=council, by=None)

    document.refresh_from_db()
    assert document.status == Document.Status.READY
    text = pdf_text(document)
    assert "Ketenkaart van Betonketenoverleg Groningen" in text
    assert "Pagina 1 van 1" in text  # the local print stylesheet still applied
    assert no_network == []
