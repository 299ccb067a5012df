"""Adding, describing, versioning and removing documents; reading a PDF's text once."""

import time
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ketenoverleg import outbox
from ketenoverleg.celery import app as celery_app
from ketenoverleg.models import Role
from library import extraction, services, tasks
from library.extraction import file_extract_text
from library.models import Access, LibraryDocument, LibraryFile, Tag
from library.selectors import search
from tests.actionpackages.factories import PackageFactory
from tests.factories import CouncilFactory, user_with_role
from tests.library.factories import add_document, office_upload, pdf_upload, png_upload
from tests.members.factories import member_of
from tests.worker import broker_at, closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(council):
    return user_with_role(council, Role.SECRETARIS)


@pytest.fixture
def added(council, secretary, django_capture_on_commit_callbacks):
    """A PDF added and its text read by the (in-process) worker after the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return add_document(
            council,
            by=secretary,
            upload=pdf_upload("Drie brekers leveren veertigduizend ton granulaat."),
            tags=["puinbrekers", "Granulaat"],
        )


def test_a_pdf_is_stored_and_its_text_made_searchable(council, added):
    record = added.current

    assert record.version == 1
    assert record.content_type == "application/pdf"
    assert record.file.name.startswith(f"bibliotheek/{council.pk}/")
    assert record.file.name != "bibliotheek/rapport.pdf"  # our own name, not the uploader's
    assert record.original_name == "rapport.pdf"
    record.refresh_from_db()
    assert record.text_status == LibraryFile.Text.DONE
    assert "veertigduizend" in record.text
    documents = LibraryDocument.objects.for_council(council)
    assert list(search(documents, "veertigduizend")) == [added]
    assert list(search(documents, "zonnepanelen")) == []


def test_tags_are_shared_per_council_whatever_their_case(council, secretary, added):
    second = add_document(council, by=secretary, tags=["granulaat", "nieuw"])

    assert Tag.objects.filter(council=council).count() == 3
    assert {t.name for t in second.tags.all()} == {"Granulaat", "nieuw"}


def test_a_photo_has_no_text_to_read(council, secretary):
    document = add_document(council, by=secretary, upload=png_upload())

    assert document.current.text_status == LibraryFile.Text.NONE
    assert document.current.content_type == "image/png"


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_kept(council, secretary):
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 a program")

    with pytest.raises(ValidationError) as error:
        add_document(council, by=secretary, upload=fake)

    assert list(error.value.message_dict) == ["file"]


def test_a_new_version_becomes_current_and_the_search_follows_it(
    council, secretary, added, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = services.version_add(
            document=added,
            by=secretary,
            upload=pdf_upload("Herziene cijfers: vijftigduizend ton."),
            note="Cijfers 2013",
        )

    added.refresh_from_db()
    assert record.version == 2
    assert added.current == record
    assert added.files.count() == 2
    documents = LibraryDocument.objects.for_council(council)
    assert list(search(documents, "vijftigduizend")) == [added]
    assert list(search(documents, "veertigduizend")) == []


def test_reading_the_text_twice_reads_it_once(council, secretary, monkeypatch):
    document = add_document(council, by=secretary)  # no commit: the text still waits
    record = document.current
    assert record.text_status == LibraryFile.Text.WAITING
    reads = []
    original = extraction.pdf_text

    def counting(file):
        reads.append(file.name)
        return original(file)

    monkeypatch.setattr(extraction, "pdf_text", counting)

    assert file_extract_text(record.pk) == LibraryFile.Text.DONE
    assert file_extract_text(record.pk) == LibraryFile.Text.DONE
    assert len(reads) == 1


def test_a_damaged_pdf_fails_with_the_reason(council, secretary):
    damaged = SimpleUploadedFile("kapot.pdf", b"%PDF-1.4\nthis is not a pdf at all")
    document = add_document(council, by=secretary, upload=damaged)

    assert file_extract_text(document.current.pk) == LibraryFile.Text.FAILED

    document.current.refresh_from_db()
    assert document.current.text_error


def test_an_upload_while_the_broker_is_down_is_kept_and_swept_up_later(
    council, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    """A broker where nothing listens: the upload answers at once (the outbox's short
    publish timeout, no retries) and its text is queued again by the sweep."""
    celery_app.conf.task_always_eager = False  # the autouse fixture sets it back
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            document = add_document(council, by=secretary)
        took = time.monotonic() - started

    assert len(callbacks) == 1  # tried, failed, logged: the upload itself stands
    assert took < 2
    record = LibraryFile.objects.get(document=document)
    assert record.text_status == LibraryFile.Text.WAITING
    LibraryFile.objects.update(created_at=record.created_at - tasks.SWEEP_AFTER * 2)
    swept = []
    monkeypatch.setattr(outbox, "enqueue", lambda task, *args: swept.append((task, args)))
    assert tasks.extraction_sweep() == 1
    assert swept == [(tasks.extract_text, (record.pk,))]


def test_links_to_another_councils_package_are_refused(council, secretary):
    elsewhere = PackageFactory(council=CouncilFactory())

    with pytest.raises(ValidationError) as error:
        add_document(council, by=secretary, packages=[elsewhere])

    assert list(error.value.message_dict) == ["packages"]
    assert not LibraryDocument.objects.exists()


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2101, 1, 1)])
def test_a_date_out_of_range_is_refused(council, secretary, day):
    with pytest.raises(ValidationError) as error:
        add_document(council, by=secretary, document_date=day)

    assert list(error.value.message_dict) == ["document_date"]


def test_a_member_cannot_add_documents(council):
    with pytest.raises(PermissionDenied):
        add_document(council, by=member_of(council))


def test_updating_changes_the_access_and_the_search_text(council, secretary, added):
    services.document_update(
        document=added,
        by=secretary,
        title="Marktverkenning",
        kind=LibraryDocument.Kind.REPORT,
        document_date=date(2012, 9, 20),
        access=Access.KERNTEAM,
        description="Vertrouwelijk",
        tags=["offertes"],
    )

    added.refresh_from_db()
    assert added.access == Access.KERNTEAM
    assert "offertes" in added.search_text
    assert "veertigduizend" in added.search_text


def test_deleting_removes_the_document_and_its_files(
    council, added, django_capture_on_commit_callbacks
):
    storage, name = added.current.file.storage, added.current.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=added, by=user_with_role(council, Role.KETENSECRETARIS))

    assert not LibraryDocument.objects.exists()
    assert not storage.exists(name)


def test_only_the_secretariat_deletes(council, added):
    with pytest.raises(PermissionDenied):
        services.document_delete(document=added, by=user_with_role(council, Role.KERNTEAMLID))


def test_office_files_are_kept_without_text(council, secretary):
    document = add_document(council, by=secretary, upload=office_upload())

    assert document.current.content_type.endswith("wordprocessingml.document")
    assert document.current.text_status == LibraryFile.Text.NONE
