"""The HTTP API under concurrent clients, against `advise --jsonl` on the same answers.

    python bench/web.py                         # 50 clients, 10,000 requests
    python bench/web.py --clients 100 --requests 20000

Starts `infoview serve` (uvicorn) on a free loopback port, once with one
process and once with one per core, and sends POST /api/v1/advise from
keep-alive connections (a small asyncio client; every request is bounded in
number and time and goes to 127.0.0.1 only). Prints requests per second,
p50/p99 latency, the server's memory over the run, the batch endpoint's rate,
and the ratio to `infoview advise --jsonl` throughput on the same answers.
Figures, measured side by side in one run; nothing here is a test.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench import tree_rss  # bench/bench.py: resident memory of a process tree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
INFOVIEW = str(Path(PY).with_name("infoview"))
TIMEOUT = 30  # seconds for any one request


def answers(n):
    sys.path.insert(0, str(ROOT))
    from infoview_rules import Advisor
    from infoview_rules.schema import answer_space

    space = list(answer_space(Advisor().rules.schema))
    step = max(1, len(space) // n)
    return [json.dumps(space[(i * step) % len(space)]) for i in range(n)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.running = pid, [], True

    def run(self):
        while self.running:
            self.samples.append(tree_rss(self.pid))
            time.sleep(0.1)


def request_bytes(port, path, body, content_type="application/json"):
    body = body.encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return head + body


async def one_client(port, queue, latencies, statuses):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                raw = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            start = time.perf_counter()
            writer.write(raw)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            await asyncio.wait_for(reader.readexactly(length), TIMEOUT)
            latencies.append(time.perf_counter() - start)
            statuses[int(head.split(b" ", 2)[1])] = statuses.get(int(head.split(b" ", 2)[1]), 0) + 1
    finally:
        writer.close()


async def load(port, raws, clients):
    queue = asyncio.Queue()
    for raw in raws:
        queue.put_nowait(raw)
    latencies, statuses = [], {}
    start = time.perf_counter()
    await asyncio.gather(*(one_client(port, queue, latencies, statuses) for _ in range(clients)))
    return time.perf_counter() - start, latencies, statuses


def start_server(workers):
    port = free_port()
    proc = subprocess.Popen([INFOVIEW, "serve", "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/questions", timeout=1).read()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("infoview serve did not start")


def row(name, value, unit):
    print(f"{name:<58} {value:>10.1f} {unit}", flush=True)


def api_run(bodies, clients, workers):
    proc, port = start_server(workers)
    try:
        warm = [request_bytes(port, "/api/v1/advise", b) for b in bodies[:500]]
        asyncio.run(load(port, warm, clients))
        sampler = Sampler(proc.pid)
        sampler.start()
        raws = [request_bytes(port, "/api/v1/advise", b) for b in bodies]
        seconds, latencies, statuses = asyncio.run(load(port, raws, clients))
        half = len(raws) // 2
        asyncio.run(load(port, raws[:half], clients))  # a second pass: memory must not grow with requests
        sampler.running = False
        sampler.join()
        batch_body = "".join(b + "\n" for b in bodies[:1000])
        batches = [request_bytes(port, "/api/v1/advise/batch", batch_body, "application/jsonl")] * 10
        batch_seconds, _, batch_statuses = asyncio.run(load(port, batches, 2))
    finally:
        proc.terminate()
        proc.wait(10)
    assert statuses == {200: len(raws)}, statuses
    assert batch_statuses == {200: 10}, batch_statuses
    latencies.sort()
    label = f"{workers} server process{'es' if workers > 1 else ''}"
    rate = len(raws) / seconds
    row(f"POST /api/v1/advise, {clients} clients, {len(raws)} requests, {label}", rate, "req/s")
    row("  latency p50", statistics.median(latencies) * 1000, "ms")
    row("  latency p99", latencies[int(len(latencies) * 0.99) - 1] * 1000, "ms")
    samples = sampler.samples
    first = samples[min(5, len(samples) - 1)]
    row("  server RSS early in the run", first / 2**20, "MB")
    row("  server RSS at the end (after 1.5x the requests)", samples[-1] / 2**20, "MB")
    row("  server RSS peak", max(samples) / 2**20, "MB")
    row("  end / early", samples[-1] / first, "x")
    row("POST /api/v1/advise/batch, 10 x 1,000 lines", 10_000 / batch_seconds, "lines/s")
    return rate


def jsonl_rate(bodies, workers):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as f:
        f.write("".join(b + "\n" for b in bodies))
        f.flush()
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([INFOVIEW, "advise", "--jsonl", "--workers", str(workers), f.name],
                           stdout=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - start)
    rate = len(bodies) / statistics.median(times)
    row(f"infoview advise --jsonl --workers {workers}, same {len(bodies)} answers", rate, "lines/s")
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; Python {sys.version.split()[0]}; client and server share the machine; "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    bodies = answers(args.requests)
    one = api_run(bodies, args.clients, 1)
    many = api_run(bodies, args.clients, cores) if cores > 1 else one
    jsonl_one = jsonl_rate(bodies, 1)
    jsonl_many = jsonl_rate(bodies, cores)
    row("ratio API (1 process) / advise --jsonl (1 worker)", one / jsonl_one * 100, "%")
    row(f"ratio API ({cores} processes) / advise --jsonl ({cores} workers)", many / jsonl_many * 100, "%")
    print(f"load average {os.getloadavg()[0]:.1f} at the end (figures from a busy machine are lower bounds)")


if __name__ == "__main__":
    main()
