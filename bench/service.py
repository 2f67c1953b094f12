"""Benchmark: the service over HTTP against ``hoso process`` on the same pages.

    .venv/bin/python bench/service.py [--pages 40] [--clients 4] [--cards 10] [--keep DIR]

Starts the service as the README does (``hoso up``, its own data directory,
Redis and workers), uploads ``--pages`` generated degraded one-page scans
from ``--clients`` concurrent clients and waits until every document is
``done``; then processes the same files with ``hoso process`` in one run.
Prints pages/min for both and their ratio (bar: the service ≥ 0.9× of
in-process), then the time from upload to ``done`` of a one-page ID card,
median and p95 of ``--cards``, with the queue idle and while a batch scan
is being processed. Exits 1 below the bar.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hoso.queue.redis_server import free_port  # noqa: E402
from tests.conftest import pdf_of_images  # noqa: E402
from tests.synth import degrade, random_scan, render_document, save_scan  # noqa: E402

BAR = 0.9
POLL_S = 0.1          # while timing one card's upload→done
BULK_POLL_S = 1.0     # while many documents are in flight (a client's usual pace)


class Client:
    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def _call(self, method: str, path: str, body: bytes | None = None,
              content_type: str | None = None) -> dict:
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:  # say what the service said
            raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')}") from e

    def post_json(self, path: str, payload: dict) -> dict:
        return self._call("POST", path, json.dumps(payload).encode(), "application/json")

    def upload(self, path: str, file: Path, extra: dict | None = None) -> dict:
        boundary = uuid.uuid4().hex
        parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
                 for k, v in (extra or {}).items()]
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                     f"filename=\"{file.name}\"\r\nContent-Type: application/octet-stream\r\n\r\n".encode()
                     + file.read_bytes() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self._call("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def get(self, path: str) -> dict:
        return self._call("GET", path)

    def wait_done(self, document_id: int, timeout: float = 900, poll: float = POLL_S) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            doc = self.get(f"/api/v1/documents/{document_id}")
            if doc["state"] in ("done", "failed"):
                return doc
            time.sleep(poll)
        raise TimeoutError(f"document {document_id} not done in {timeout} s")


def _scans(folder: Path, pages: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(pages):
        path = folder / f"page-{i:03d}.jpg"
        save_scan(random_scan(seed + i), path, "jpeg")
        files.append(path)
    return files


def _cards(folder: Path, count: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        rng = random.Random(seed + i)
        doc = render_document("can_cuoc", seed + i, dpi=300, layout=0)
        scan = degrade(doc, seed=seed + i, skew=rng.uniform(-5, 5), dpi=300, noise=2)
        path = folder / f"card-{i:02d}.png"
        save_scan(scan, path, "png")
        files.append(path)
    return files


def _start(data: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, HOSO_API_PORT=str(port))
    env.pop("REDIS_URL", None)
    log = open(data.parent / "service.log", "wb")
    return subprocess.Popen([sys.executable, "-m", "hoso", "up", "--data-dir", str(data)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_healthy(base: str, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(base + "/health", timeout=5) as r:
                if json.loads(r.read()).get("workers", 0) > 0:
                    return
        except (urllib.error.URLError, ConnectionError, json.JSONDecodeError):
            pass
        time.sleep(0.5)
    raise TimeoutError("the service did not become healthy")


def _latencies(client: Client, dossier: str, cards: list[Path]) -> list[float]:
    out = []
    for card in cards:
        start = time.monotonic()
        [doc] = client.upload(f"/api/v1/dossiers/{dossier}/documents", card)["documents"]
        client.wait_done(doc["id"])
        out.append(time.monotonic() - start)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--cards", type=int, default=10)
    parser.add_argument("--batch-pages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=8800)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="hoso-service-"))
    pages = _scans(work / "scans", args.pages, args.seed)
    idle_cards = _cards(work / "cards-idle", args.cards, args.seed + 1000)
    busy_cards = _cards(work / "cards-busy", args.cards, args.seed + 2000)
    batch = work / "batch.pdf"
    batch.write_bytes(pdf_of_images([random_scan(args.seed + 3000 + i).image
                                     for i in range(args.batch_pages)], 300))

    # in-process first, on an otherwise idle machine
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "hoso", "process", str(work / "scans"), "--out",
                    str(work / "out")], cwd=ROOT, check=False, capture_output=True)
    inproc = args.pages / ((time.monotonic() - start) / 60)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    service = _start(work / "data", port)
    try:
        _wait_healthy(base)
        client = Client(base, (work / "data" / "admin-token").read_text().strip())
        dossier = client.post_json("/api/v1/dossiers", {"procedure_name": "Đo hiệu năng",
                                                        "office": "Xã Kép"})["code"]
        start = time.monotonic()

        def upload(path: Path) -> int:
            return client.upload(f"/api/v1/dossiers/{dossier}/documents", path)["documents"][0]["id"]

        with ThreadPoolExecutor(args.clients) as pool:
            ids = list(pool.map(upload, pages))
            done = list(pool.map(lambda i: client.wait_done(i, poll=BULK_POLL_S), ids))
        service_rate = args.pages / ((time.monotonic() - start) / 60)
        failed = sum(d["state"] != "done" for d in done)

        idle = _latencies(client, dossier, idle_cards)
        batch_id = client.upload("/api/v1/batches", batch, {"dossier": dossier,
                                                             "office": "Xã Kép"})["batch_id"]
        time.sleep(2)  # the batch job is running
        busy = _latencies(client, dossier, busy_cards)
        batch_state = client.get(f"/api/v1/batches/{batch_id}")["state"]
    finally:
        service.send_signal(signal.SIGINT)
        service.wait(timeout=120)

    ratio = service_rate / inproc
    print(f"{'metric':44} {'value':>10}")
    print(f"{'pages':44} {args.pages:>10}")
    print(f"{'hoso process pages/min':44} {inproc:>10.1f}")
    print(f"{'service pages/min (' + str(args.clients) + ' clients over HTTP)':44} {service_rate:>10.1f}")
    print(f"{'ratio service / in-process':44} {ratio:>10.2f}")
    print(f"{'documents failed':44} {failed:>10}")
    print(f"{'ID card upload→done, idle: median s':44} {statistics.median(idle):>10.2f}")
    print(f"{'ID card upload→done, idle: p95 s':44} {_p95(idle):>10.2f}")
    print(f"{'ID card upload→done, batch running: median s':44} {statistics.median(busy):>10.2f}")
    print(f"{'ID card upload→done, batch running: p95 s':44} {_p95(busy):>10.2f}")
    print(f"{'batch state when the cards were done':44} {batch_state:>10}")
    ok = ratio >= BAR and failed == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
