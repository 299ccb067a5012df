"""A real worker renders a PDF: the request returns at once, the worker picks the job up
from Redis, renders with WeasyPrint and stores the file the web process then serves.

Needs a broker and PostgreSQL (the worker must see the test database), as in CI.
"""

import pytest
from django.db import connection
from django.urls import reverse

from ketenoverleg import services
from ketenoverleg.celery import app as celery_app
from ketenoverleg.models import Document, Role
from ketenoverleg.services import statute_new_version
from ketenoverleg.tasks import render_document
from tests.factories import user_with_role
from tests.worker import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_broker():
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def test_a_worker_renders_the_statute_pdf(tmp_path, document_dir, council, real_broker, client):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the test database on PostgreSQL")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    secretary = user_with_role(council, Role.SECRETARIS)
    statute = statute_new_version(council=council, by=secretary)

    with celery_worker(
        tmp_path / "worker.log", DATABASE_URL=url, DOCUMENTS_ROOT=str(document_dir)
    ) as queue:
        celery_app.conf.task_default_queue = queue
        try:
            document = services.document_request(kind_key="statuut", obj=statute, by=secretary)
            assert document.status == Document.Status.QUEUED  # the request did not wait
            result = render_document.apply_async((document.pk,), queue=queue)
            assert result.get(timeout=90) == "ready"
            result.forget()
        finally:
            celery_app.conf.task_default_queue = "celery"

    document.refresh_from_db()
    assert document.status == Document.Status.READY
    client.force_login(secretary)
    response = client.get(
        reverse("document_download", kwargs={"slug": council.slug, "pk": document.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
