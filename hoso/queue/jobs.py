"""The job functions RQ runs; their import paths are stored in every queued job.

A job's only argument is a row id; the database is the source of truth.

Outcomes:

- done: the result is written in one transaction (see :mod:`results`);
- the input cannot be processed (empty, corrupt, encrypted, …) or the job
  ran past its timeout: the row is ``failed`` with the error's code and
  message, and the job returns normally: that is the document's result,
  and retrying would give the same;
- a retryable failure (``HosoError.retryable``: a tool crashed; the
  database, Redis or the file store could not be reached): the row goes
  back to ``queued`` with the error and the job raises, so RQ retries it
  with backoff; :func:`on_failure` marks the row ``failed`` when no retry
  is left;
- a bug: the row is ``failed`` (``internal_error``) and the job raises
  without retrying, so RQ keeps its traceback.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import get_current_job
from rq.job import Job
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from hoso.errors import HosoError, NotFound, ProcessingInterrupted, ProcessingTimeout
from hoso.pipeline import join_documents, stream_documents
from hoso.queue.context import JobStore, open_store
from hoso.queue.deadline import JobDeadline
from hoso.queue.results import (DocumentData, Progress, cached_document, claim, file_result, finish_document, label,
                                mark_failed, mark_retrying, outcome, store_pdf)
from hoso.store.db import session_scope
from hoso.store.models import Batch, Document, JobState

PROCESS_DOCUMENT = "hoso.queue.jobs.process_document"
PROCESS_BATCH = "hoso.queue.jobs.process_batch"
ON_FAILURE = "hoso.queue.jobs.on_failure"

# Failures of what the job runs on, not of the document: worth a retry.
INFRASTRUCTURE = (OperationalError, InterfaceError, PoolTimeoutError, RedisConnectionError, RedisTimeoutError,
                  OSError)

log = logging.getLogger(__name__)
Row = type[Document] | type[Batch]


def process_document(document_id: int) -> dict[str, Any]:
    """Process one uploaded document (the whole file is one document)."""
    with open_store() as store:
        return _guarded(store, Document, document_id, lambda: _process_document(store, document_id))


def process_batch(batch_id: int) -> dict[str, Any]:
    """Process a batch file: its documents are written as separator sheets close them."""
    from hoso.queue.batches import run_batch
    with open_store() as store:
        return _guarded(store, Batch, batch_id, lambda: run_batch(store, batch_id))


def on_failure(job: Job, connection: Any, exc_type: type[BaseException] | None,
               exc_value: BaseException | None, traceback: Any) -> None:
    """RQ's failure callback: when no retry is left, the row ends ``failed`` with a readable message."""
    if job.should_retry:
        return
    model, row_id = job_target(job)
    error = exc_value if isinstance(exc_value, HosoError) else ProcessingInterrupted(
        detail=f"{getattr(exc_type, '__name__', 'error')}: {exc_value}")
    with open_store() as store:
        mark_failed(store.sessions, model, row_id, error)


def job_target(job: Job) -> tuple[Row, int]:
    """The table and row id a job is about."""
    return (Batch if job.func_name == PROCESS_BATCH else Document), int(job.args[0])


def _guarded(store: JobStore, model: Row, row_id: int, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return run()
    except JobDeadline:
        timeout = store.settings.batch_timeout_s if model is Batch else store.settings.job_timeout_s
        mark_failed(store.sessions, model, row_id, ProcessingTimeout(detail=f"job ran over {timeout} s"))
        return outcome(model, row_id, JobState.FAILED, error=ProcessingTimeout.code)
    except HosoError as e:
        if e.retryable:
            mark_retrying(store.sessions, model, row_id, e)
            raise
        mark_failed(store.sessions, model, row_id, e)
        return outcome(model, row_id, JobState.FAILED, error=e.code)
    except INFRASTRUCTURE as e:
        log.warning("%s %s: %s: %s (will retry)", label(model), row_id, type(e).__name__, e)
        mark_retrying(store.sessions, model, row_id, ProcessingInterrupted(detail=str(e)))
        raise
    except Exception as e:
        log.exception("%s %s: unexpected failure", label(model), row_id)
        try:
            mark_failed(store.sessions, model, row_id, HosoError(detail=f"{type(e).__name__}: {e}"))
        except SQLAlchemyError:
            log.warning("%s %s: could not mark it failed", label(model), row_id)
        _no_retry()
        raise


def _no_retry() -> None:
    """A bug fails the same way every time: tell RQ not to retry this job."""
    job = get_current_job()
    if job is not None:
        job.retries_left = 0


def _process_document(store: JobStore, document_id: int) -> dict[str, Any]:
    attempt = claim(store.sessions, Document, document_id)
    if attempt is None:  # done by an earlier run, failed, or deleted: a job that runs twice writes once
        return outcome(Document, document_id, JobState.DONE, skipped=True)
    if attempt > store.settings.max_attempts:
        raise ProcessingInterrupted(detail=f"{attempt - 1} attempts")
    with session_scope(store.sessions) as session:
        document = session.get(Document, document_id)
        if document is None:     # deleted (with its dossier) since the claim
            return outcome(Document, document_id, JobState.DONE, skipped=True)
        sha256, file_name = document.sha256, document.file_name
        data = cached_document(session, store.files, sha256)
    reused = data is not None
    ocr_result = None
    if data is None:
        data, ocr_result = _run_pipeline(store, document_id, sha256, file_name)
    written = finish_document(store, document_id, data, ocr_result)
    log.info("document %s done (attempt %s, %d pages%s%s)", document_id, attempt, len(data.pages),
             ", OCR result reused" if reused else "", "" if written else ", another run wrote it first")
    return outcome(Document, document_id, JobState.DONE, reused=reused, written=written, attempt=attempt,
                   pages=len(data.pages))


def _run_pipeline(store: JobStore, document_id: int, sha256: str,
                  file_name: str) -> tuple[DocumentData, dict[str, Any]]:
    """OCR the stored original; the whole file is one document, whatever separator sheets it holds."""
    original = store.files.path(sha256)
    if not original.is_file():
        raise NotFound(detail=f"file store has no {sha256}")
    stem = Path(file_name).stem or "document"
    with tempfile.TemporaryDirectory(prefix="hoso-job-") as work_dir:
        work = Path(work_dir)
        (work / "pages").mkdir()
        stream = stream_documents(original, work / "pages", store.settings,
                                  progress=Progress(store.sessions, Document, document_id))
        found = list(stream)
        if stream.errors and not stream.pages:
            raise stream.errors[0]
        whole = found[0] if len(found) == 1 else join_documents(found)
        pdf_path = work / f"{stem}.pdf"
        pdf_sha256 = store_pdf(store.files, pdf_path) if whole.write_pdf(pdf_path, title=stem) else None
    data = DocumentData.found(whole, f"{stem}.pdf", pdf_sha256, error=stream.errors[0] if stream.errors else None,
                              pages_total=max(stream.page_count, len(stream.pages)))
    result = file_result(file_name, sha256, stream, found, stem,
                         {1: pdf_sha256} if len(found) == 1 and pdf_sha256 else {})
    return data, result
