"""Load test: drive a running API server on loopback with concurrent clients for a bounded time.

Starts `uvicorn --factory pathway_audit.api.app:create_app` on 127.0.0.1 (a free port) in a subprocess,
then runs N clients (asyncio + httpx), each posting plans to `POST /v1/checks` (multipart field `file`)
back to back until the time or the request cap runs out. Reports throughput, p50/p95/p99 latency, errors,
and the server's peak RSS (sampled from /proc for the server process and its workers). Only loopback is used.

    python benchmarks/load.py --clients 20 50 --duration 20 --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import TODAY, TreeMonitor, percentile, process_tree, source_env, status_kb
from benchmarks.plans import corpus, sized

HOST = "127.0.0.1"
APP = "pathway_audit.api.app:create_app"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """A uvicorn subprocess serving the app on loopback; stopped on exit."""

    def __init__(self, workers: int = 1, app: str = APP) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        env = source_env()
        env["PATHWAY_AUDIT_ALLOW_ANONYMOUS_LOCALHOST"] = "true"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", app, "--host", HOST, "--port", str(self.port),
             "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self) -> Server:
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the server stopped: " + self.proc.stderr.read().decode("utf-8", "replace")[-500:])
            try:
                if httpx.get(self.url + "/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not become ready within 60 s")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def rss_mb(self) -> float:
        """Current RSS of the server and its workers together."""
        return round(sum(status_kb(p, "VmRSS") for p in process_tree(self.proc.pid)) / 1024, 1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()


async def _client(url: str, plans: list[tuple[str, bytes]], offset: int, deadline: float, budget: list[int],
                  latencies: list[float], errors: dict[str, int]) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        i = offset
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            name, data = plans[i % len(plans)]
            i += 1
            start = time.perf_counter()
            try:
                response = await client.post("/v1/checks", params={"today": TODAY.isoformat()},
                                             files={"file": (name, data, DOCX)})
                if response.status_code != 200:
                    errors[str(response.status_code)] = errors.get(str(response.status_code), 0) + 1
                    continue
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            latencies.append(time.perf_counter() - start)


async def _drive(url: str, plans: list[tuple[str, bytes]], clients: int, duration: float, max_requests: int) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    budget = [max_requests]
    start = time.perf_counter()
    deadline = time.monotonic() + duration
    await asyncio.gather(*(_client(url, plans, k * 7, deadline, budget, latencies, errors) for k in range(clients)))
    seconds = time.perf_counter() - start
    ms = [s * 1000 for s in latencies]
    return {"clients": clients, "seconds": round(seconds, 1), "ok": len(ms), "errors": sum(errors.values()),
            "error_kinds": errors, "throughput_per_s": round(len(ms) / seconds, 1),
            "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
            "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms, default=float("nan")), 1)}


def payload(name: str) -> list[tuple[str, bytes]]:
    """The plans to send: 'corpus' (the fixture plans in turn) or one of small, typical, large."""
    return corpus() if name == "corpus" else [(f"{name}.docx", sized(name))]


def run_load(clients: list[int], duration: float, workers: int = 1, plan: str = "corpus",
             max_requests: int = 20_000, app: str = APP) -> dict:
    """One server; each client count in turn; memory sampled throughout."""
    plans = payload(plan)
    with Server(workers, app) as server, TreeMonitor(server.proc.pid, interval=0.25) as monitor:
        asyncio.run(_drive(server.url, plans, 2, 2, 50))  # warm up every worker's Auditor
        rss_start = server.rss_mb()
        runs = [asyncio.run(_drive(server.url, plans, n, duration, max_requests)) for n in clients]
        rss_end = server.rss_mb()
        monitor.sample()
    return {"workers": workers, "plan": plan, "runs": runs, "rss_after_warmup_mb": rss_start, "rss_end_mb": rss_end,
            "peak_rss": monitor.result()}


def run(quick: bool = False) -> dict:
    """20 and 50 clients against 1 and 2 server workers, with the fixture plans as payload."""
    duration = 5 if quick else 20
    return {"duration_s": duration,
            "servers": [run_load([20, 50], duration, workers=w) for w in (1, 2)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--duration", type=float, default=20, help="seconds per client count")
    parser.add_argument("--max-requests", type=int, default=20_000, help="stop each run after this many requests")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--plan", choices=["corpus", "small", "typical", "large"], default="corpus")
    parser.add_argument("--app", default=APP, help="the app factory, module:function")
    args = parser.parse_args()
    print(json.dumps(run_load(args.clients, args.duration, args.workers, args.plan, args.max_requests, args.app),
                     indent=2))


if __name__ == "__main__":
    main()
