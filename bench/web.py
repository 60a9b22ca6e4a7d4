"""The web app under concurrent load on loopback: story page, stories API and comparison API.

Run: ``.venv/bin/python -m bench.web`` (``--requests N`` per endpoint, ``--clients C`` concurrent, ``--seconds S``
cap per endpoint, ``--no-write`` skips docs/benchmarks.md).

The bundled example story is ingested into a temporary corpus, then ``counterpoint serve`` (uvicorn, one worker,
the default configuration) runs it in a subprocess on 127.0.0.1. Each endpoint is first requested once (so the
comparison is computed and cached, as after any first visit), then hit by C concurrent httpx clients until N
requests or S seconds. Latency is per request as the client sees it, queueing included. The client runs on the
same machine (2 cores here), so it competes with the server for CPU: the figures are a floor for the server.
Only loopback traffic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench._report import table, write_section
from counterpoint.corpus import Corpus
from counterpoint.examples import example_paths

COMMAND = ".venv/bin/python -m bench.web"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = "import sys; from counterpoint.cli import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start in 60 s")


async def load(url: str, *, requests: int, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal issued, errors
            while issued < requests and time.monotonic() < stop:
                issued += 1
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    await r.aread()
                    ok = r.status_code in (200, 204)
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += 0 if ok else 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {"requests": len(latencies), "errors": errors, "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50": pct(0.50), "p99": pct(0.99)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients")
    ap.add_argument("--seconds", type=float, default=60.0, help="time cap per endpoint")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        db = Path(folder) / "demo.db"
        with Corpus.open(db) as corpus:
            corpus.ingest([str(p) for p in example_paths()])
            [story] = corpus.stories()
        port = _free_port()
        proc = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        endpoints = {
            "floor: `/favicon.ico` (204, no corpus)": f"{base}/favicon.ico",
            "story page `/stories/{id}`": f"{base}/stories/{story.id}",
            "`/api/stories`": f"{base}/api/stories",
            "`/api/stories/{id}/comparison`": f"{base}/api/stories/{story.id}/comparison",
        }
        rows = []
        try:
            for name, url in endpoints.items():
                first = time.perf_counter()
                assert httpx.get(url, timeout=60).status_code in (200, 204), url
                first_ms = (time.perf_counter() - first) * 1000
                cpu, own = cpu_seconds(proc.pid), time.process_time()
                r = asyncio.run(load(url, requests=args.requests, clients=args.clients, seconds=args.seconds))
                cpu_ms = (cpu_seconds(proc.pid) - cpu) * 1000 / max(1, r["requests"])
                client_ms = (time.process_time() - own) * 1000 / max(1, r["requests"])
                size = len(httpx.get(url).content)
                rows.append([name, f"{size / 1000:.0f} kB", f"{first_ms:.0f}", int(r["requests"]), int(r["errors"]),
                             f"{r['rps']:.0f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}", f"{cpu_ms:.2f}", f"{client_ms:.2f}"])
                print(name, r, f"first {first_ms:.0f} ms", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    body = table(["endpoint", "body", "first request (ms)", "requests", "errors", "requests/s", "p50 (ms)",
                  "p99 (ms)", "server CPU per request (ms)", "client CPU per request (ms)"], rows)
    body = (f"{args.clients} concurrent clients (httpx.AsyncClient, keep-alive), up to {args.requests} requests per "
            f"endpoint or {args.seconds:.0f} s; server: `counterpoint serve` (uvicorn, 1 worker) on 127.0.0.1 over "
            f"the bundled example story (5 articles); client and server share the machine's {os.cpu_count()} "
            f"cores and, on a shared machine, with other work (load average {os.getloadavg()[0]:.1f} at the end). "
            f"\"first request\" includes computing and caching the comparison. \"server CPU per request\" is the "
            f"server process's user+system time over the run divided by the requests: the cost that does not depend "
            f"on how busy the machine is (the client's own CPU is shown beside it). The floor row is the same stack answering without touching the corpus.\n\n"
            f"{body}\n")
    print(body)
    if not args.no_write:
        write_section("web", "Web app under load (loopback)", COMMAND, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
