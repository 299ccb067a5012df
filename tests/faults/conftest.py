"""Fault tests: many requests at once, a broker that is down, a worker that is killed.

They need PostgreSQL (SQLite serialises writers, so races never happen there) and,
where a real worker runs, Redis. Without those they are skipped, or fail when
REQUIRE_FAULT_TESTS=1 (as in CI). Each request runs in its own thread with its own
database connection and test client, released at a barrier so they truly overlap.
"""

import threading
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client

from ketenoverleg import documents
from tests.worker import require_postgresql

PARALLEL = 20
FAKE_PDF = b"%PDF-1.7\n% a stand-in for WeasyPrint in the parallel tests\n%%EOF\n"


@pytest.fixture
def postgresql(transactional_db):
    """A real database with real commits, shared by the test's threads."""
    require_postgresql()


@pytest.fixture
def quick_pdf(monkeypatch):
    """Skip WeasyPrint where only how often a PDF is made matters; counts the renders."""
    calls = []

    def html_to_pdf(html: str) -> bytes:
        calls.append(html)
        return FAKE_PDF

    monkeypatch.setattr(documents, "html_to_pdf", html_to_pdf)
    return calls


def client_for(user) -> Client:
    """A client of its own (a 500 is returned, not raised), logged in as ``user``."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def in_parallel(attempt: Callable[[int], object], count: int = PARALLEL) -> list:
    """Run ``attempt(i)`` in ``count`` threads released together; returns the results
    (or the exception a thread raised)."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = attempt(index)
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def statuses(responses: list) -> list:
    """Status codes, or the exception a thread raised instead of answering."""
    return [getattr(r, "status_code", r) for r in responses]


def assert_no_server_errors(responses: list) -> None:
    codes = statuses(responses)
    assert all(isinstance(code, int) for code in codes), codes
    assert HTTPStatus.INTERNAL_SERVER_ERROR not in codes, codes
