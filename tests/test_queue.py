"""The queue (hoso.queue) on a real Redis with real RQ workers (in this process, burst mode).

Documents are generated scans (tests/synth), small (one page at 200 dpi)
because OCR is slow; blank pages stand in where only the queue's
behaviour matters. The database is SQLite, and PostgreSQL for the core
job tests (``db_url``).
"""

from __future__ import annotations

import io
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis as redis_lib
from rq.job import JobStatus
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from hoso import config
from hoso.errors import ToolError
from hoso.queue import batches, jobs, records
from hoso.queue.connection import QueueName, fetch_job, get_queue
from hoso.queue.context import use_settings
from hoso.queue.enqueue import document_job_id, enqueue_batch, enqueue_document
from hoso.queue.recovery import Verdict, judge, requeue_lost
from hoso.queue.redis_server import start_local_redis
from hoso.queue.results import DocumentData, claim, finish_document
from hoso.queue.worker import make_worker
from hoso.store.db import make_engine, migrate, session_factory, session_scope
from hoso.store.files import FileStore
from hoso.store.models import AuditLog, Batch, Document, Dossier, JobState, OcrResult, Page, User
from tests.conftest import pdf_of_images
from tests.synth import render_admin_page, render_blank, render_separator

OFFICE = "Phường Bồng Lai"
OTHER_OFFICE = "Xã Kép"
DPI = 200


# --- inputs ---------------------------------------------------------------

def png_bytes(image, dpi: int = DPI) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


@pytest.fixture(scope="session")
def admin_page():
    """One administrative page with its truth (type, fields)."""
    return render_admin_page(21, dpi=DPI)


@pytest.fixture(scope="session")
def blank_pdf() -> bytes:
    return pdf_of_images([render_blank(dpi=DPI).image], DPI)


def blank_pdf_n(n: int, tag: int = 0) -> bytes:
    """A PDF of ``n`` blank pages; ``tag`` makes the bytes (and so the SHA-256) differ."""
    pages = [render_blank(dpi=DPI).image for _ in range(n)]
    for k, page in enumerate(pages):
        page.putpixel((k, tag % page.height), 254)     # invisible, but other bytes
    return pdf_of_images(pages, DPI)


# --- the store and the queue of one test -----------------------------------

@dataclass
class QueueEnv:
    settings: config.Settings
    engine: Engine
    sessions: sessionmaker[Session]
    files: FileStore
    redis: redis_lib.Redis

    def session(self):
        return session_scope(self.sessions)

    def dossier(self, code: str, office: str = OFFICE) -> int:
        with self.session() as s:
            found = s.scalar(select(Dossier).where(Dossier.code == code))
            if found is None:
                found = Dossier(code=code, office=office)
                s.add(found)
                s.flush()
            return found.id

    def upload(self, data: bytes, name: str = "scan.png", dossier: str = "HS-01") -> int:
        """What the API does for a single upload: store the bytes, add a queued document."""
        dossier_id = self.dossier(dossier)
        sha256 = self.files.put_bytes(data)
        with self.session() as s:
            return records.new_document(s, dossier_id=dossier_id, sha256=sha256, file_name=name,
                                        size_bytes=len(data)).id

    def upload_to_path(self, data: bytes, name: str) -> int:
        """A document whose stored original is ``data`` even when the file store would refuse it."""
        import hashlib
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.files.path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        with self.session() as s:
            return records.new_document(s, dossier_id=self.dossier("HS-01"), sha256=sha256, file_name=name).id

    def document(self, document_id: int) -> Document:
        with self.session() as s:
            document = s.get(Document, document_id)
            s.expunge(document)
            return document

    def count(self, model, *where) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(model).where(*where))


def make_env(database_url: str, tmp_path: Path, redis_url: str, monkeypatch, **env: str) -> QueueEnv:
    values = {"HOSO_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": database_url, "REDIS_URL": redis_url,
              "HOSO_JOBS": "1", "HOSO_JOB_RETRIES": "2", "HOSO_RETRY_INTERVALS": "0", **env}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    use_settings(None)
    settings = config.load()
    engine = make_engine(settings.database_url)
    migrate(engine)
    return QueueEnv(settings, engine, session_factory(engine), FileStore(settings.files_dir),
                    redis_lib.Redis.from_url(redis_url))


@pytest.fixture
def env(tmp_path, redis_url, monkeypatch) -> Iterator[QueueEnv]:
    """SQLite in a temp dir, the session's Redis emptied."""
    queue_env = make_env(f"sqlite:///{tmp_path / 'data' / 'hoso.db'}", tmp_path, redis_url, monkeypatch)
    yield queue_env
    queue_env.engine.dispose()


@pytest.fixture
def any_env(db_url, tmp_path, redis_url, monkeypatch) -> Iterator[QueueEnv]:
    """SQLite, then PostgreSQL."""
    queue_env = make_env(db_url, tmp_path, redis_url, monkeypatch)
    yield queue_env
    queue_env.engine.dispose()


@contextmanager
def _own_signals() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def work(queue_env: QueueEnv) -> None:
    """Run every queued job in this process (an RQ SimpleWorker in burst mode)."""
    with _own_signals():
        make_worker(queue_env.redis, simple=True).work(burst=True)


def job_result(queue_env: QueueEnv, job_id: str) -> dict:
    return fetch_job(queue_env.redis, job_id).return_value()


# --- a single document ------------------------------------------------------

def test_process_document_done_then_same_bytes_reuse_ocr(any_env, admin_page, monkeypatch):
    data = png_bytes(admin_page.image)
    first = any_env.upload(data, "quyết định.png", dossier="HS-01")
    enqueue_document(any_env.redis, first)
    work(any_env)

    doc = any_env.document(first)
    assert doc.state == JobState.DONE and doc.error_code is None
    assert doc.type == admin_page.kind and doc.type_confidence > 0.5
    assert doc.fields.get("document_number") == admin_page.fields["document_number"]
    assert (doc.pages_done, doc.pages_total, doc.attempts) == (1, 1, 1)
    assert doc.processed_at is not None
    with any_env.files.open(doc.pdf_sha256) as pdf:
        assert pdf.read(5) == b"%PDF-"
    with any_env.session() as s:
        [page] = s.scalars(select(Page).where(Page.document_id == first)).all()
        assert (page.index, page.source_index, page.dpi) == (1, 1, DPI)
        assert admin_page.fields["document_number"].split("/")[0] in page.text
        cached = s.get(OcrResult, doc.sha256).result
    assert cached["documents"][0]["pdf_sha256"] == doc.pdf_sha256
    assert cached["source"] == "quyết định.png" and cached["errors"] == []
    assert job_result(any_env, document_job_id(first))["reused"] is False

    # The same bytes into another dossier: the stored OCR result, no pipeline run.
    def no_pipeline(*args, **kwargs):
        raise AssertionError("the pipeline ran although the OCR result was stored")
    monkeypatch.setattr(jobs, "stream_documents", no_pipeline)
    second = any_env.upload(data, "bản sao.png", dossier="HS-02")
    enqueue_document(any_env.redis, second)
    work(any_env)
    again = any_env.document(second)
    assert again.state == JobState.DONE
    assert (again.type, again.fields, again.pdf_sha256) == (doc.type, doc.fields, doc.pdf_sha256)
    assert (again.pages_done, again.pages_total) == (1, 1)
    assert any_env.count(Page, Page.document_id == second) == 1
    assert job_result(any_env, document_job_id(second))["reused"] is True

    # The job of a done document runs again: nothing changes.
    enqueue_document(any_env.redis, first)
    work(any_env)
    assert job_result(any_env, document_job_id(first))["skipped"] is True
    assert any_env.count(Page, Page.document_id == first) == 1
    assert any_env.count(OcrResult) == 1
    assert any_env.document(first).attempts == 1


def _data(pages: int) -> DocumentData:
    page = {"index": 1, "rotation": 0, "skew_degrees": 0.0, "dpi": 200.0, "width_px": 100, "height_px": 100,
            "confidence": 90.0, "text": "Số: 1/QĐ-UBND", "warnings": []}
    entry = {"pages": list(range(1, pages + 1)), "type": "quyet_dinh", "type_confidence": 0.9,
             "fields": {"document_number": "1/QĐ-UBND"}, "pdf": "x.pdf"}
    return DocumentData(entry, [{**page, "index": i} for i in range(1, pages + 1)], None, None, pages)


def test_two_runs_of_one_document_write_one_result(any_env, blank_pdf):
    document_id = any_env.upload(blank_pdf, "a.pdf")
    assert claim(any_env.sessions, Document, document_id) == 1
    assert claim(any_env.sessions, Document, document_id) == 2      # a second run, e.g. after recovery
    from hoso.queue.context import open_store
    with open_store() as store:
        assert finish_document(store, document_id, _data(2), None) is True
        assert finish_document(store, document_id, _data(3), None) is False   # the later run writes nothing
        assert claim(store.sessions, Document, document_id) is None          # nor claims a done row
    doc = any_env.document(document_id)
    assert (doc.state, doc.type, doc.pages_total) == (JobState.DONE, "quyet_dinh", 2)
    assert any_env.count(Page, Page.document_id == document_id) == 2


# --- failures ----------------------------------------------------------------

def test_bad_inputs_fail_with_their_code_and_the_worker_goes_on(env, blank_pdf):
    empty = env.upload_to_path(b"", "empty.pdf")
    corrupt = env.upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "broken.pdf")
    unsupported = env.upload(b"hello, this is not a scan\n", "notes.txt")
    good = env.upload(blank_pdf, "blank.pdf")
    for document_id in (empty, corrupt, unsupported, good):
        enqueue_document(env.redis, document_id)
    work(env)
    expected = {empty: "empty_file", corrupt: "corrupt_file", unsupported: "unsupported_type"}
    for document_id, code in expected.items():
        doc = env.document(document_id)
        assert (doc.state, doc.error_code) == (JobState.FAILED, code)
        assert doc.error_message and doc.attempts == 1        # a Vietnamese message, not retried
        assert fetch_job(env.redis, document_job_id(document_id)).get_status() == JobStatus.FINISHED
    assert env.document(good).state == JobState.DONE


def test_retryable_failure_is_retried_then_fails(env, blank_pdf, monkeypatch):
    calls = []

    def crashing_tool(*args, **kwargs):
        calls.append(1)
        raise ToolError("tesseract", "page 1", "segfault")
    monkeypatch.setattr(jobs, "stream_documents", crashing_tool)
    document_id = env.upload(blank_pdf, "a.pdf")
    enqueue_document(env.redis, document_id)
    work(env)
    assert len(calls) == 3                                   # HOSO_JOB_RETRIES=2
    doc = env.document(document_id)
    assert (doc.state, doc.error_code, doc.attempts) == (JobState.FAILED, "tool_failed", 3)
    assert "tesseract" in doc.error_message
    assert fetch_job(env.redis, document_job_id(document_id)).get_status() == JobStatus.FAILED


def test_retryable_failure_then_success(env, blank_pdf, monkeypatch):
    real = jobs.stream_documents
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ToolError("pdftoppm", "page 1", "killed")
        return real(*args, **kwargs)
    monkeypatch.setattr(jobs, "stream_documents", flaky)
    document_id = env.upload(blank_pdf, "a.pdf")
    enqueue_document(env.redis, document_id)
    work(env)
    doc = env.document(document_id)
    assert (doc.state, doc.attempts, doc.error_code) == (JobState.DONE, 2, None)


def test_bug_fails_the_document_without_retry(env, blank_pdf, monkeypatch):
    calls = []

    def buggy(*args, **kwargs):
        calls.append(1)
        raise KeyError("oops")
    monkeypatch.setattr(jobs, "stream_documents", buggy)
    document_id = env.upload(blank_pdf, "a.pdf")
    enqueue_document(env.redis, document_id)
    work(env)
    assert len(calls) == 1
    doc = env.document(document_id)
    assert (doc.state, doc.error_code) == (JobState.FAILED, "internal_error")
    assert fetch_job(env.redis, document_job_id(document_id)).get_status() == JobStatus.FAILED


def test_job_timeout_fails_the_document(tmp_path, redis_url, monkeypatch, blank_pdf):
    timed = make_env(f"sqlite:///{tmp_path / 'data' / 'hoso.db'}", tmp_path, redis_url, monkeypatch,
                     HOSO_JOB_TIMEOUT="1")
    calls = []

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(5)
        raise AssertionError("not reached: the job timeout comes first")
    monkeypatch.setattr(jobs, "stream_documents", slow)
    document_id = timed.upload(blank_pdf, "a.pdf")
    enqueue_document(timed.redis, document_id)
    started = time.monotonic()
    work(timed)
    assert time.monotonic() - started < 4
    doc = timed.document(document_id)
    assert (doc.state, doc.error_code, len(calls)) == (JobState.FAILED, "timeout", 1)
    timed.engine.dispose()


# --- queues ------------------------------------------------------------------

def test_counter_jobs_run_before_batch_jobs(env):
    with env.session() as s:
        batch_id = records.new_batch(s, sha256=env.files.put_bytes(blank_pdf_n(1, tag=1)), file_name="hop.pdf",
                                     office=OFFICE).id
    enqueue_batch(env.redis, batch_id)                       # waiting first
    counter = [env.upload(blank_pdf_n(1, tag=k), f"{k}.pdf") for k in (2, 3)]
    for document_id in counter:
        enqueue_document(env.redis, document_id)
    assert get_queue(env.redis, QueueName.BATCH).count == 1
    assert get_queue(env.redis, QueueName.COUNTER).count == 2
    work(env)
    started = {job_id: fetch_job(env.redis, job_id).started_at
               for job_id in [f"batch-{batch_id}", *map(document_job_id, counter)]}
    assert max(started[document_job_id(d)] for d in counter) < started[f"batch-{batch_id}"]
    with env.session() as s:
        assert s.get(Batch, batch_id).state == JobState.DONE


def test_enqueue_twice_is_one_job(env, blank_pdf):
    document_id = env.upload(blank_pdf, "a.pdf")
    first = enqueue_document(env.redis, document_id)
    second = enqueue_document(env.redis, document_id)
    assert first.id == second.id == document_job_id(document_id)
    assert get_queue(env.redis, QueueName.COUNTER).job_ids == [first.id]
    assert first.retries_left == 2 and first.timeout == env.settings.job_timeout_s


# --- batches -----------------------------------------------------------------

def _batch_scan(admin_page) -> bytes:
    pages = [admin_page,                                 # 1: no code → the batch's dossier
             render_separator("HS-NEW", dpi=DPI),        # 2
             render_blank(dpi=DPI),                      # 3 → HS-NEW, created in the uploader's office
             render_separator("HS-OTHER", dpi=DPI),      # 4
             render_blank(dpi=DPI),                      # 5 → HS-OTHER, another office's
             render_separator(None, dpi=DPI),            # 6
             render_blank(dpi=DPI)]                      # 7 → the batch's dossier
    return pdf_of_images([p.image for p in pages], DPI)


@pytest.mark.parametrize("role", ["clerk", "archivist"])
def test_batch_routes_documents_by_separator_code(any_env, admin_page, role, monkeypatch):
    env = any_env
    env.dossier("HS-DEFAULT", OFFICE)
    other = env.dossier("HS-OTHER", OTHER_OFFICE)
    with env.session() as s:
        user = User(name=f"{role} 1", role=role, office=OFFICE)
        s.add(user)
        s.flush()
        batch_id = records.new_batch(s, sha256=env.files.put_bytes(_batch_scan(admin_page)), file_name="hộp 7.pdf",
                                     office=OFFICE, uploaded_by=user.id, dossier_code="HS-DEFAULT").id
    seen = []                                          # what the batch status shows while it runs
    real_write = batches._write_document

    def watching(store, ctx, document, work_dir, stem):
        with env.session() as s:
            batch = s.get(Batch, batch_id)
            seen.append((batch.state, batch.pages_total, env.count(Document, Document.batch_id == batch_id)))
        return real_write(store, ctx, document, work_dir, stem)
    monkeypatch.setattr(batches, "_write_document", watching)
    enqueue_batch(env.redis, batch_id)
    work(env)

    with env.session() as s:
        batch = s.get(Batch, batch_id)
        assert (batch.state, batch.pages_done, batch.pages_total) == (JobState.DONE, 7, 7)
        docs = s.scalars(select(Document).where(Document.batch_id == batch_id).order_by(Document.id)).all()
        codes = {d.source_pages[0]: s.get(Dossier, d.dossier_id).code for d in docs}
        new = s.scalar(select(Dossier).where(Dossier.code == "HS-NEW"))
        assert new.office == OFFICE
        assert all(d.state == JobState.DONE and env.files.exists(d.pdf_sha256) for d in docs)
        assert all(len(d.pages) == 1 and d.pages[0].source_index == d.source_pages[0] for d in docs)
        assert docs[0].type == admin_page.kind and docs[0].sha256 == batch.sha256
        assert s.scalar(select(AuditLog).where(AuditLog.action == "dossier.create")).entity_id == new.id
        refused = records.refusals(batch)
        cached = s.get(OcrResult, batch.sha256).result
    assert seen[:2] == [(JobState.PROCESSING, 7, 0), (JobState.PROCESSING, 7, 1)]   # listed as they are found
    assert [d["pages"] for d in cached["documents"]] == [[1], [3], [5], [7]]
    if role == "clerk":
        assert codes == {1: "HS-DEFAULT", 3: "HS-NEW", 7: "HS-DEFAULT"}
        assert [(r["code"], r["pages"]) for r in refused] == [("HS-OTHER", [5])]
        assert "HS-OTHER" in refused[0]["reason"] and OTHER_OFFICE in refused[0]["reason"]
        assert env.count(Document, Document.dossier_id == other) == 0
    else:
        assert codes == {1: "HS-DEFAULT", 3: "HS-NEW", 5: "HS-OTHER", 7: "HS-DEFAULT"}
        assert refused == []


def test_batch_retried_after_a_crash_writes_no_duplicates(env, monkeypatch):
    sep = render_separator(None, dpi=DPI).image
    blank = render_blank(dpi=DPI).image
    scan = pdf_of_images([blank, sep, blank, sep, blank], DPI)
    with env.session() as s:
        batch_id = records.new_batch(s, sha256=env.files.put_bytes(scan), file_name="hop.pdf", office=OFFICE).id
    real_write = batches._write_document
    writes = []

    def crash_after_first(store, ctx, document, work_dir, stem):
        writes.append(document.page_indexes)
        if len(writes) == 2:                    # the first run dies after writing one document
            raise ToolError("pikepdf", "hop.pdf", "disk full")
        return real_write(store, ctx, document, work_dir, stem)
    monkeypatch.setattr(batches, "_write_document", crash_after_first)
    enqueue_batch(env.redis, batch_id)
    work(env)
    with env.session() as s:
        assert s.get(Batch, batch_id).state == JobState.DONE
        pages = sorted(d.source_pages for d in s.scalars(select(Document).where(Document.batch_id == batch_id)))
    assert writes[:2] == [(1,), (3,)] and len(writes) == 5    # 2 in the first run, 3 in the retry
    assert pages == [[1], [3], [5]]


# --- recovery ----------------------------------------------------------------

def test_recovery_requeues_processing_document_whose_job_vanished(env, blank_pdf):
    document_id = env.upload(blank_pdf, "a.pdf")
    enqueue_document(env.redis, document_id)
    assert requeue_lost(env.sessions, env.redis) == 0          # its job waits: nothing lost
    with env.session() as s:                                   # a worker took it, then Redis lost everything
        s.execute(update(Document).where(Document.id == document_id).values(state=JobState.PROCESSING.value))
    env.redis.flushall()
    assert requeue_lost(env.sessions, env.redis) == 1
    assert env.document(document_id).state == JobState.QUEUED
    assert get_queue(env.redis, QueueName.COUNTER).job_ids == [document_job_id(document_id)]
    work(env)
    assert env.document(document_id).state == JobState.DONE


def test_recovery_of_a_batch_and_a_queued_document_without_job(env, blank_pdf):
    document_id = env.upload(blank_pdf, "a.pdf")                # the API could not reach Redis
    with env.session() as s:
        batch_id = records.new_batch(s, sha256=env.files.put_bytes(blank_pdf_n(1, tag=5)), file_name="b.pdf",
                                     office=OFFICE).id
    assert requeue_lost(env.sessions, env.redis) == 2
    assert get_queue(env.redis, QueueName.BATCH).job_ids == [f"batch-{batch_id}"]
    work(env)
    assert env.document(document_id).state == JobState.DONE
    with env.session() as s:
        assert s.get(Batch, batch_id).state == JobState.DONE


@pytest.mark.parametrize("status, worker, state, verdict", [
    (None, None, "queued", Verdict.LOST),
    (JobStatus.QUEUED, None, "queued", Verdict.ALIVE),
    (JobStatus.SCHEDULED, None, "queued", Verdict.ALIVE),
    (JobStatus.STARTED, "alive", "processing", Verdict.ALIVE),
    (JobStatus.STARTED, "ghost", "processing", Verdict.LOST),
    (JobStatus.STARTED, "known-dead", "processing", Verdict.LOST),
    (JobStatus.STARTED, "registered-dead", "processing", Verdict.LOST),
    (JobStatus.FAILED, None, "processing", Verdict.FAILED),
    (JobStatus.FAILED, None, "queued", Verdict.LOST),
    (JobStatus.FINISHED, None, "processing", Verdict.LOST),
])
def test_recovery_judges_a_row_by_its_job(env, status, worker, state, verdict):
    from rq.worker import Worker
    for name in ("alive", "known-dead", "registered-dead"):
        env.redis.hset(Worker.redis_worker_namespace_prefix + name, "birth", "2025-07-01T00:00:00Z")
    env.redis.hset(Worker.redis_worker_namespace_prefix + "registered-dead", "death", "2025-07-01T01:00:00Z")
    job = None
    if status is not None:
        job = enqueue_document(env.redis, 1)
        job.worker_name = worker
        job.set_status(status)
        job.save()
        job = fetch_job(env.redis, job.id)
    assert judge(env.redis, job, state, dead_workers={"known-dead"}) is verdict


def test_redis_restart_keeps_queued_jobs(env, redis_server):
    documents = [env.upload(blank_pdf_n(1, tag=k), f"{k}.pdf") for k in (7, 8)]
    for document_id in documents:
        enqueue_document(env.redis, document_id)
    redis_server.restart()                 # SIGTERM: Redis flushes its append-only file
    env.redis = redis_lib.Redis.from_url(redis_server.url)
    assert get_queue(env.redis, QueueName.COUNTER).count == 2
    assert requeue_lost(env.sessions, env.redis) == 0
    work(env)
    assert [env.document(d).state for d in documents] == [JobState.DONE, JobState.DONE]


# --- the redis-server wrapper --------------------------------------------------

def test_start_local_redis_refuses_a_busy_port(redis_server, tmp_path):
    with pytest.raises(ToolError) as raised:
        start_local_redis(tmp_path / "r2", port=redis_server.port)
    assert raised.value.tool == "redis-server" and str(tmp_path / "r2") in raised.value.detail


def test_start_local_redis_without_the_binary(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolError) as raised:
        start_local_redis(tmp_path / "r3")
    assert "not installed" in raised.value.detail


# --- dossier status and the attempts cap --------------------------------------------

def dossier_status(queue_env: QueueEnv, code: str) -> str:
    with queue_env.session() as s:
        return s.scalar(select(Dossier.status).where(Dossier.code == code))


def test_dossier_status_follows_its_documents(any_env, blank_pdf):
    any_env.dossier("HS-S")
    assert dossier_status(any_env, "HS-S") == "received"               # no documents yet
    good = any_env.upload(blank_pdf, "a.pdf", dossier="HS-S")
    assert dossier_status(any_env, "HS-S") == "processing"
    enqueue_document(any_env.redis, good)
    work(any_env)
    assert any_env.document(good).state == JobState.DONE
    assert dossier_status(any_env, "HS-S") == "done"
    bad = any_env.upload(b"%PDF-1.4\nnot really a pdf", "b.pdf", dossier="HS-S")
    assert dossier_status(any_env, "HS-S") == "processing"
    enqueue_document(any_env.redis, bad)
    work(any_env)
    assert any_env.document(bad).state == JobState.FAILED
    assert dossier_status(any_env, "HS-S") == "failed"                  # one needs attention


def _crashed_too_often(queue_env: QueueEnv, model, row_id: int) -> None:
    """As if ``row_id`` had killed its worker HOSO_MAX_ATTEMPTS times: processing, attempts used up."""
    with queue_env.session() as s:
        s.execute(update(model).where(model.id == row_id).values(state=JobState.PROCESSING.value,
                                                                  attempts=queue_env.settings.max_attempts))


def test_a_document_that_keeps_stopping_its_worker_ends_failed(env, blank_pdf, monkeypatch):
    ran = []
    monkeypatch.setattr(jobs, "stream_documents", lambda *a, **k: ran.append(1))
    document_id = env.upload(blank_pdf, "a.pdf")
    _crashed_too_often(env, Document, document_id)
    enqueue_document(env.redis, document_id)
    work(env)
    doc = env.document(document_id)
    assert (doc.state, doc.error_code, ran) == (JobState.FAILED, "processing_interrupted", [])
    assert dossier_status(env, "HS-01") == "failed"


def test_a_batch_that_keeps_stopping_its_worker_ends_failed(env, blank_pdf, monkeypatch):
    ran = []
    monkeypatch.setattr(batches, "stream_documents", lambda *a, **k: ran.append(1))
    with env.session() as s:
        batch_id = records.new_batch(s, sha256=env.files.put_bytes(blank_pdf), file_name="hop.pdf",
                                     office=OFFICE).id
    _crashed_too_often(env, Batch, batch_id)
    enqueue_batch(env.redis, batch_id)
    work(env)
    with env.session() as s:
        batch = s.get(Batch, batch_id)
        assert (batch.state, batch.error_code, batch.attempts) == \
            (JobState.FAILED, "processing_interrupted", env.settings.max_attempts + 1)
    assert ran == [] and env.count(Document, Document.batch_id == batch_id) == 0
