"""A real worker reads the text of an uploaded PDF: the upload returns at once, the
worker picks the job up from Redis, and afterwards the document is found by a word
that is only in its text.

Needs a broker and PostgreSQL (the worker must see the test database), as in CI.
"""

import pytest
from django.db import connection

from ketenoverleg.celery import app as celery_app
from library import tasks
from library.models import LibraryDocument, LibraryFile
from library.selectors import search
from tests.library.factories import add_document, pdf_upload
from tests.worker import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_broker():
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def test_a_worker_makes_an_uploaded_pdf_searchable(tmp_path, document_dir, council, real_broker):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the test database on PostgreSQL")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    with celery_worker(
        tmp_path / "worker.log", DATABASE_URL=url, DOCUMENTS_ROOT=str(document_dir)
    ) as queue:
        celery_app.conf.task_default_queue = queue
        try:
            document = add_document(
                council, upload=pdf_upload("Het puin gaat naar de zeefinstallatie.")
            )
            record = document.current
            assert record.text_status == LibraryFile.Text.WAITING  # the upload did not wait
            result = tasks.extract_text.apply_async((record.pk,), queue=queue)
            assert result.get(timeout=90) == LibraryFile.Text.DONE
            result.forget()
        finally:
            celery_app.conf.task_default_queue = "celery"

    record.refresh_from_db()
    assert "zeefinstallatie" in record.text
    documents = LibraryDocument.objects.for_council(council)
    assert list(search(documents, "zeefinstallatie")) == [document]
