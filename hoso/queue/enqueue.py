"""Put a document or a batch on its queue: one job per row, named after it.

Job ids are deterministic (``doc-<id>``, ``batch-<id>``): enqueueing a row
whose job is already waiting or running is a no-op, so the API, a retry
button and the recovery sweep can all enqueue without creating a second job.
A finished or failed job of the same row is replaced by a fresh one.
"""

from __future__ import annotations

from redis import Redis
from redis.exceptions import RedisError
from rq import Callback, Retry
from rq.job import Job, JobStatus

from hoso.config import Settings
from hoso.errors import QueueUnavailable
from hoso.queue.connection import QueueName, fetch_job, get_queue
from hoso.queue.context import current_settings
from hoso.queue.jobs import ON_FAILURE, PROCESS_BATCH, PROCESS_DOCUMENT

#: Statuses of a job that will still run (or is running): enqueueing again changes nothing.
PENDING = frozenset({JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED,
                     JobStatus.CREATED})
RESULT_TTL_S = 24 * 3600          # the job's return value; the database keeps the result
FAILURE_TTL_S = 7 * 24 * 3600     # failed jobs with their traceback, for operators


def document_job_id(document_id: int) -> str:
    return f"doc-{int(document_id)}"


def batch_job_id(batch_id: int) -> str:
    return f"batch-{int(batch_id)}"


def enqueue_document(redis: Redis, document_id: int, *, queue: str | QueueName = QueueName.COUNTER,
                     settings: Settings | None = None) -> Job:
    """Queue the processing of document ``document_id`` (a row in state ``queued``).

    Single uploads go to ``counter`` (the default). Raises
    :class:`QueueUnavailable` when Redis cannot be reached: the row stays
    ``queued`` and the workers' recovery sweep enqueues it later.
    """
    settings = settings or current_settings()
    return _enqueue(redis, QueueName(queue), PROCESS_DOCUMENT, int(document_id), document_job_id(document_id),
                    settings.job_timeout_s, settings)


def enqueue_batch(redis: Redis, batch_id: int, *, settings: Settings | None = None) -> Job:
    """Queue the processing of batch ``batch_id`` on the ``batch`` queue (see :func:`enqueue_document`)."""
    settings = settings or current_settings()
    return _enqueue(redis, QueueName.BATCH, PROCESS_BATCH, int(batch_id), batch_job_id(batch_id),
                    settings.batch_timeout_s, settings)


def retry_policy(settings: Settings) -> Retry | None:
    """Retries with backoff for retryable failures; ``None`` when ``job_retries`` is 0."""
    if settings.job_retries < 1:
        return None
    return Retry(max=settings.job_retries, interval=list(settings.retry_intervals) or 0)


def _enqueue(redis: Redis, queue: QueueName, func: str, row_id: int, job_id: str, timeout: int,
             settings: Settings) -> Job:
    try:
        # One enqueuer at a time per job id, so two callers never push the same job twice.
        with redis.lock(f"hoso:enqueue:{job_id}", timeout=30, blocking_timeout=30):
            existing = fetch_job(redis, job_id)
            if existing is not None:
                if existing.get_status(refresh=False) in PENDING:
                    return existing
                existing.delete()
            return get_queue(redis, queue).enqueue(
                func, row_id, job_id=job_id, job_timeout=timeout, retry=retry_policy(settings),
                on_failure=Callback(ON_FAILURE), result_ttl=RESULT_TTL_S, failure_ttl=FAILURE_TTL_S,
                description=f"{func.rsplit('.', 1)[-1]}({row_id})")
    except RedisError as e:
        raise QueueUnavailable(detail=f"{type(e).__name__}: {e}") from e
