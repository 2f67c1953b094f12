"""``hoso worker``: N RQ worker processes under one supervisor.

The supervisor migrates the database, enqueues lost jobs again, starts the
workers (each listens on ``counter`` then ``batch``, with the JSON
serializer, one forked work horse per job), restarts a worker that dies
(its running job is enqueued again at once), sweeps for lost jobs every
``HOSO_RECOVERY_INTERVAL`` seconds, and on SIGINT/SIGTERM asks every
worker for a warm shutdown (finish the current job), killing those still
running after ``HOSO_SHUTDOWN_GRACE`` seconds.
"""

from __future__ import annotations

import ctypes
import importlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import socket
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType

from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job
from rq.queue import Queue
from rq.worker import SimpleWorker, Worker
from sqlalchemy.exc import SQLAlchemyError

from hoso.config import Settings
from hoso.errors import QueueUnavailable
from hoso.queue.connection import SERIALIZER, connect, queues
from hoso.queue.context import open_store, use_settings
from hoso.queue.deadline import DeadlinePenalty
from hoso.queue.recovery import requeue_lost
from hoso.store.db import migrate, session_scope
from hoso.store.search import index_for

log = logging.getLogger(__name__)
WORKER_TTL_S = 60          # a worker's heartbeat key expires this long after it stops beating
POLL_S = 0.5
_PR_SET_PDEATHSIG = 1


class HosoWorker(Worker):
    """RQ's forking worker; its work horse dies with it, so a killed worker's job is
    lost for certain (and recovered) rather than finishing unsupervised."""

    death_penalty_class = DeadlinePenalty

    def fork_work_horse(self, job: Job, queue: Queue) -> None:
        self._pid_before_fork = os.getpid()
        super().fork_work_horse(job, queue)

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        _die_with_parent(self._pid_before_fork)
        super().main_work_horse(job, queue)


class HosoSimpleWorker(SimpleWorker):
    """Runs jobs in its own process (tests, debugging); same timeout behaviour."""

    death_penalty_class = DeadlinePenalty


def _die_with_parent(parent_pid: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):   # not Linux: the horse outlives a killed worker, as in plain RQ
        return
    if os.getppid() != parent_pid:      # the worker died before prctl took effect
        os._exit(1)


def make_worker(redis: Redis, *, name: str | None = None, simple: bool = False) -> Worker:
    """An RQ worker on ``counter`` then ``batch`` with the JSON serializer."""
    cls = HosoSimpleWorker if simple else HosoWorker
    return cls(queues(redis), connection=redis, name=name, serializer=SERIALIZER, worker_ttl=WORKER_TTL_S)


def run_worker_process(name: str, settings: Settings, burst: bool, log_level: str) -> None:
    """Body of one worker process (forked by the supervisor)."""
    os.setpgrp()                        # a terminal's Ctrl-C reaches the supervisor only, which asks once
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    use_settings(settings)
    importlib.import_module("hoso.queue.batches")   # load the pipeline once, not in every work horse
    worker = make_worker(connect(settings), name=name)
    worker.work(burst=burst, with_scheduler=True, logging_level=log_level)


@dataclass
class _Slot:
    number: int
    name: str
    process: BaseProcess


class Supervisor:
    """Starts, watches and stops the worker processes of one machine."""

    def __init__(self, settings: Settings, count: int | None = None, *, burst: bool = False,
                 log_level: str = "INFO") -> None:
        self.count = max(1, count or settings.workers)
        # Pages in parallel: the machine's share for each worker (HOSO_JOBS is the total).
        self.settings = dataclasses.replace(settings, jobs=max(1, settings.jobs // self.count))
        self.burst = burst
        self.log_level = log_level
        self._slots: dict[int, _Slot] = {}
        self._started = 0
        self._stop_signal: int | None = None
        self._context = multiprocessing.get_context("fork")

    def run(self) -> int:
        """Run until SIGINT/SIGTERM (or, with ``burst``, until the queues are empty); exit status."""
        use_settings(self.settings)
        with open_store(self.settings) as store:
            migrate(store.engine)
            try:
                with session_scope(store.engine) as session:
                    if missing := index_for(session).index_missing(session):
                        log.info("indexed %d processed documents the search index lacked", missing)
            except SQLAlchemyError as e:   # e.g. another machine's supervisor indexing the same ones
                log.warning("indexing the documents the search index lacks failed, left for the next start: %s", e)
        redis = connect(self.settings)
        try:
            redis.ping()
        except RedisError as e:
            raise QueueUnavailable(detail=f"{self.settings.redis_url}: {e}") from e
        previous = {sig: signal.signal(sig, self._request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._sweep(redis)
            log.info("starting %d workers (%d pages in parallel each) on %s", self.count, self.settings.jobs,
                     ", ".join(q.name for q in queues(redis)))
            for number in range(1, self.count + 1):
                self._start(number)
            self._supervise(redis)
            self._shut_down(redis)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0

    def _request_stop(self, signum: int, frame: FrameType | None) -> None:
        self._stop_signal = signum

    def _start(self, number: int) -> None:
        self._started += 1
        name = f"hoso-{socket.gethostname()}-{os.getpid()}-{number}-{self._started}"
        process = self._context.Process(target=run_worker_process, name=name,
                                        args=(name, self.settings, self.burst, self.log_level))
        process.start()
        self._slots[number] = _Slot(number, name, process)
        log.info("worker %s started (pid %s)", name, process.pid)

    def _supervise(self, redis: Redis) -> None:
        next_sweep = time.monotonic() + self.settings.recovery_interval_s
        while self._stop_signal is None and self._slots:
            time.sleep(POLL_S)
            dead = [slot for slot in self._slots.values() if not slot.process.is_alive()]
            for slot in dead:
                slot.process.join()
                _kill_group(slot.process)       # its scheduler process, if it had one
                del self._slots[slot.number]
                if self.burst and slot.process.exitcode == 0:
                    log.info("worker %s finished (burst)", slot.name)
                    continue
                log.warning("worker %s (pid %s) died with exit code %s; restarting it", slot.name,
                            slot.process.pid, slot.process.exitcode)
                _forget(redis, slot.name)
                self._sweep(redis, dead_workers={slot.name})
                self._start(slot.number)
            if time.monotonic() >= next_sweep:
                self._sweep(redis)
                next_sweep = time.monotonic() + self.settings.recovery_interval_s

    def _shut_down(self, redis: Redis) -> None:
        if not self._slots:
            return
        log.info("signal %s: warm shutdown of %d workers (current jobs finish, %.0f s at most)",
                 self._stop_signal, len(self._slots), self.settings.shutdown_grace_s)
        for slot in self._slots.values():
            _signal(slot.process, signal.SIGTERM)
        deadline = time.monotonic() + self.settings.shutdown_grace_s
        while any(s.process.is_alive() for s in self._slots.values()) and time.monotonic() < deadline:
            time.sleep(POLL_S)
        killed = {s.name for s in self._slots.values() if s.process.is_alive()}
        for slot in self._slots.values():
            if slot.process.is_alive():
                log.warning("worker %s still busy after %.0f s: killed", slot.name, self.settings.shutdown_grace_s)
                _kill_group(slot.process)       # the worker and its scheduler; the horse dies with the worker
            slot.process.join()
        self._slots.clear()
        for name in killed:
            _forget(redis, name)
        if killed:
            self._sweep(redis, dead_workers=killed)     # their jobs go back on the queue for the next worker
        log.info("all workers stopped")

    def _sweep(self, redis: Redis, dead_workers: set[str] | None = None) -> None:
        try:
            with open_store(self.settings) as store:
                count = requeue_lost(store.sessions, redis, settings=self.settings,
                                     dead_workers=dead_workers or ())
        except (RedisError, SQLAlchemyError, OSError) as e:
            log.warning("recovery sweep failed (will try again): %s: %s", type(e).__name__, e)
            return
        if count:
            log.warning("recovery: %d lost jobs enqueued again", count)


def _signal(process: BaseProcess, sig: int) -> None:
    try:
        os.kill(process.pid, sig)
    except ProcessLookupError:
        pass


def _forget(redis: Redis, name: str) -> None:
    """Register the death of a worker that could not (killed): it leaves RQ's worker lists."""
    try:
        worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + name, connection=redis,
                                    serializer=SERIALIZER)
        if worker is not None:
            worker.register_death()
    except RedisError as e:
        log.warning("could not unregister dead worker %s: %s", name, e)


def _kill_group(process: BaseProcess) -> None:
    """SIGKILL the process group a worker leads (it called ``setpgrp``)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(settings: Settings, count: int | None = None, *, burst: bool = False, log_level: str = "INFO") -> int:
    """``hoso worker``: supervise ``count`` (default ``settings.workers``) worker processes."""
    return Supervisor(settings, count, burst=burst, log_level=log_level).run()
