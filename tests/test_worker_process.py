"""``hoso worker`` as its own process: it processes jobs, survives a killed worker, stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from rq.worker import Worker
from sqlalchemy import select

from hoso.queue.enqueue import enqueue_document
from hoso.store.models import JobState, OcrResult, Page
from tests.conftest import ROOT, pdf_of_images
from tests.synth import render_admin_page, render_blank
from tests.test_queue import DPI, QueueEnv, make_env


@pytest.fixture
def env(tmp_path, redis_url, monkeypatch):
    queue_env = make_env(f"sqlite:///{tmp_path / 'data' / 'hoso.db'}", tmp_path, redis_url, monkeypatch,
                         HOSO_RECOVERY_INTERVAL="2", HOSO_SHUTDOWN_GRACE="20")
    yield queue_env
    queue_env.engine.dispose()


@pytest.fixture
def start_supervisor(env, tmp_path):
    """Start ``hoso worker -n 1`` in a subprocess (its environment: the test's)."""
    started = []

    def start():
        log = open(tmp_path / "worker.log", "w+", encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "hoso", "worker", "-n", "1"], cwd=ROOT,
                                env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT, text=True)
        proc.log = log
        started.append(proc)
        return proc
    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.log.close()
    for worker in _workers(env):        # never leave a worker behind
        _kill(worker.pid)


def _workers(env: QueueEnv) -> list[Worker]:
    """The live RQ workers (a killed one is unregistered by its supervisor)."""
    return [w for w in Worker.all(connection=env.redis) if w.name.startswith("hoso-")]


def _kill(pid: int, sig: int = signal.SIGKILL) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _wait(predicate, timeout: float, what: str, proc=None, *args):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate(*args)
        if found:
            return found
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.05)
    log = ""
    if proc is not None:
        proc.log.seek(0)
        log = proc.log.read()
    pytest.fail(f"timed out waiting for {what}\n{log}")


def _log(proc) -> str:
    proc.log.flush()
    proc.log.seek(0)
    return proc.log.read()


def test_hoso_worker_recovers_lost_and_killed_jobs_and_stops_on_sigterm(env, start_supervisor):
    # Uploaded while no worker ran, and never enqueued (say Redis was down): found at worker start.
    pages = [render_admin_page(31, dpi=DPI), render_admin_page(32, dpi=DPI)]
    document_id = env.upload(pdf_of_images([p.image for p in pages], DPI), "hai trang.pdf")
    supervisor = start_supervisor()

    _wait(lambda: env.document(document_id).state == JobState.PROCESSING, 60, "the job to start", supervisor)
    [first] = _workers(env)
    _kill(first.pid)                                         # mid-job: its work horse dies with it
    _wait(lambda: env.document(document_id).state in (JobState.DONE, JobState.FAILED), 120,
          "the document to be processed again", supervisor)
    doc = env.document(document_id)
    assert (doc.state, doc.attempts, doc.pages_done, doc.pages_total) == (JobState.DONE, 2, 2, 2)
    with env.session() as s:
        assert [p.source_index for p in s.scalars(select(Page).where(Page.document_id == document_id))] == [1, 2]
        assert len(s.scalars(select(OcrResult)).all()) == 1
    [replacement] = _wait(_workers, 30, "the killed worker to be replaced", supervisor, env)
    assert replacement.name != first.name and replacement.pid != first.pid
    text = _log(supervisor)
    assert "document 1 had lost its job (missing in Redis)" in text, text
    assert "died with exit code -9" in text and "document 1 had lost its job (started)" in text, text

    # Another upload, enqueued by the API, while the worker runs.
    second = env.upload(pdf_of_images([render_blank(dpi=DPI).image], DPI), "trang trắng.pdf")
    enqueue_document(env.redis, second)
    _wait(lambda: env.document(second).state == JobState.DONE, 60, "the second document", supervisor)

    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=30) == 0, _log(supervisor)
    assert "all workers stopped" in _log(supervisor)
    assert _workers(env) == []
    with pytest.raises(ProcessLookupError):
        os.kill(replacement.pid, 0)
