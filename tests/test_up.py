"""``hoso up``, the README's run command: everything on one machine, and Ctrl-C stops it all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from hoso.queue.redis_server import free_port
from tests.conftest import ROOT

START_S = 90


def _descendants(pid: int) -> dict[int, str]:
    """{pid: command line} of every process below ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                commands[int(entry)] = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found[child] = commands.get(child, "")
                frontier.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _health(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
            return json.loads(response.read())
    except OSError:
        return None


@pytest.mark.slow
def test_up_serves_with_a_first_admin_and_stops_cleanly(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env["HOSO_API_PORT"] = str(port)
    up = subprocess.Popen([sys.executable, "-m", "hoso", "up", "--data-dir", str(tmp_path / "data"),
                           "-n", "1"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_S
        health = None
        while time.monotonic() < deadline:
            health = _health(port)
            if health and health.get("workers"):
                break
            time.sleep(0.5)
        assert health and health["status"] == "ok", health
        assert health["redis"]["status"] == "ok" and health["workers"] == 1
        token = (tmp_path / "data" / "admin-token").read_text().strip()
        assert (tmp_path / "data" / "admin-token").stat().st_mode & 0o077 == 0  # the owner's only
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/dossiers",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["total"] == 0
        children = _descendants(up.pid)
        assert any("redis-server" in command for command in children.values())
        assert sum("hoso serve" in c or "hoso worker" in c for c in children.values()) >= 2
    finally:
        up.send_signal(signal.SIGINT)
        output = up.communicate(timeout=60)[0].decode()
    assert up.returncode == 0, output
    assert token in output and "Traceback" not in output
    assert not [pid for pid in children if _alive(pid)]
    assert _health(port) is None
