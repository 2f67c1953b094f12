"""Find the rows whose job was lost and enqueue them again (the database is the source of truth).

A ``queued`` or ``processing`` document (single uploads only: a batch's
documents are written ``done``) or batch is lost when its job is missing
from Redis (flushed, restarted without its data), has ended while the row
has not (finished, stopped, canceled), or is ``started`` by a worker that is
dead: one its supervisor saw die, or one whose heartbeat key expired.
A ``processing`` row whose job failed in RQ with no retry left is marked
``failed`` (the failure callback could not do it, e.g. the database was
down). ``hoso worker`` sweeps at start and every ``HOSO_RECOVERY_INTERVAL``
seconds; of several supervisors, one sweeps at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from enum import Enum

from redis import Redis
from redis.exceptions import LockError
from rq.job import Job, JobStatus
from rq.worker import Worker
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from hoso.config import Settings
from hoso.errors import ProcessingInterrupted
from hoso.queue.connection import QueueName, fetch_job, queues
from hoso.queue.context import current_settings
from hoso.queue.enqueue import batch_job_id, document_job_id, enqueue_batch, enqueue_document
from hoso.queue.results import ACTIVE, Row, label, mark_failed
from hoso.store.db import session_scope
from hoso.store.models import Batch, Document, JobState

log = logging.getLogger(__name__)
LOCK = "hoso:recovery"
WAITING = frozenset({JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.CREATED})


class Verdict(Enum):
    ALIVE = "alive"          # its job will run or is running
    LOST = "lost"            # enqueue it again
    FAILED = "failed"        # RQ gave up on it: mark the row failed


def requeue_lost(session_factory: sessionmaker[Session], redis: Redis, *, settings: Settings | None = None,
                 dead_workers: Collection[str] = ()) -> int:
    """Enqueue again every lost document and batch; returns how many were enqueued.

    ``dead_workers``: names of RQ workers known to be dead (their jobs are lost now,
    before their heartbeat keys expire).
    """
    settings = settings or current_settings()
    lock = redis.lock(LOCK, timeout=300)
    if not lock.acquire(blocking=False):
        log.info("recovery: another supervisor is sweeping")
        return 0
    try:
        for queue in queues(redis):       # RQ's own sweep: expired executions are retried or failed
            queue.started_job_registry.cleanup()
        requeued = 0
        for model, row_id, state in _active_rows(session_factory):
            job = fetch_job(redis, _job_id(model, row_id))
            verdict = judge(redis, job, state, dead_workers)
            if verdict is Verdict.FAILED:
                mark_failed(session_factory, model, row_id, ProcessingInterrupted(detail=f"RQ job {job.id} failed"))
            elif verdict is Verdict.LOST:
                _requeue(session_factory, redis, model, row_id, job, settings)
                requeued += 1
        return requeued
    finally:
        try:
            lock.release()
        except LockError:     # expired during a very long sweep
            pass


def judge(redis: Redis, job: Job | None, state: str, dead_workers: Collection[str] = ()) -> Verdict:
    """What to do with a ``queued``/``processing`` row whose job is ``job`` (``None``: missing)."""
    if job is None:
        return Verdict.LOST
    status = job.get_status(refresh=False)
    if status in WAITING:
        return Verdict.ALIVE
    if status == JobStatus.STARTED:
        return Verdict.ALIVE if worker_alive(redis, job.worker_name, dead_workers) else Verdict.LOST
    if status == JobStatus.FAILED and state == JobState.PROCESSING.value:
        return Verdict.FAILED
    return Verdict.LOST       # finished, stopped, canceled, or failed before the row was queued again


def worker_alive(redis: Redis, name: str | None, dead_workers: Collection[str] = ()) -> bool:
    """Whether RQ worker ``name`` is alive: not known dead, its heartbeat key not expired,
    its death not registered."""
    if not name or name in dead_workers:
        return False
    key = Worker.redis_worker_namespace_prefix + name
    return bool(redis.exists(key)) and not redis.hexists(key, "death")


def _active_rows(session_factory: sessionmaker[Session]) -> list[tuple[Row, int, str]]:
    with session_scope(session_factory) as session:
        documents = session.execute(select(Document.id, Document.state)
                                    .where(Document.state.in_(ACTIVE), Document.batch_id.is_(None))
                                    .order_by(Document.id)).all()
        batches = session.execute(select(Batch.id, Batch.state).where(Batch.state.in_(ACTIVE))
                                  .order_by(Batch.id)).all()
    return [(Document, i, s) for i, s in documents] + [(Batch, i, s) for i, s in batches]


def _job_id(model: Row, row_id: int) -> str:
    return batch_job_id(row_id) if model is Batch else document_job_id(row_id)


def _requeue(session_factory: sessionmaker[Session], redis: Redis, model: Row, row_id: int, job: Job | None,
             settings: Settings) -> None:
    if job is not None:
        job.delete()          # a started job of a dead worker is not replaced by enqueue itself
    with session_scope(session_factory) as session:   # truthful status while it waits
        session.execute(update(model).where(model.id == row_id, model.state == JobState.PROCESSING.value)
                        .values(state=JobState.QUEUED.value))
    if model is Batch:
        enqueue_batch(redis, row_id, settings=settings)
    else:
        enqueue_document(redis, row_id, queue=QueueName.COUNTER, settings=settings)
    log.warning("recovery: %s %s had lost its job (%s); enqueued again", label(model), row_id,
                job.get_status(refresh=False).value if job is not None else "missing in Redis")
