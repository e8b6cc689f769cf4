#!/usr/bin/env python3
"""Compare the Rust client (portkey-rs) with the Python SDK portkey-ai 2.3.4.

Both sides are measured against the same loopback ``MockGateway``:

1. builds ``portkey/examples/bench_compare.rs`` in release mode;
2. starts ``bench_compare serve`` (a mock gateway kept alive until its stdin closes)
   and reads its ``URL http://127.0.0.1:PORT/v1`` line;
3. measures, in Python:

   * ``headers_typical_ns``: ``portkey_ai.createHeaders(...)`` with 5 typical options
     (api_key, virtual_key, trace_id, metadata, config), median over timeit repeats;
   * ``request_headers_ns``: the headers of each request of a built client (the vendored
     OpenAI client's ``_build_headers``; in Rust, the clone of the map built once);
   * ``client_build_us``: ``portkey_ai.Portkey(base_url=URL, <same options>)``;
   * ``request_us``: sequential ``client.chat.completions.create(...)`` round trips
     (100 warm-up requests, then ``--requests`` N, default 1000; median per request);

4. runs ``bench_compare measure URL`` (the same metrics in Rust, plus
   ``request_blocking_us`` for the blocking client) and parses its JSON line;
5. prints a table ``metric | Rust | Python | Python/Rust`` (how many times faster Rust
   is) and the raw JSON of both sides.

``--repeat K`` runs steps 3-4 K times and reports the medians.  The numbers are noisy
on a busy machine; they are medians for that reason.

Run from anywhere::

    python3 conformance/bench_python.py [--requests N] [--repeat K]

If ``portkey-ai`` 2.3.4 is not importable by the running interpreter, the script
creates ``conformance/.venv``, installs ``portkey-ai==2.3.4`` into it and re-executes
itself with that venv's python (as ``conformance/generate_vectors.py`` does).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path
from typing import Dict, List

from sdk import SDK_DIST, SDK_VERSION, ensure_sdk


SCRIPT = Path(__file__).resolve()
REPO_ROOT = SCRIPT.parent.parent
EXAMPLE = REPO_ROOT / "target" / "release" / "examples" / "bench_compare"

OPTIONS = {
    "api_key": "pk-live-0123456789",
    "virtual_key": "vk-openai-prod",
    "trace_id": "trace-4f1c2a",
    "metadata": {"user": "u-123", "plan": "paid"},
    "config": {"retry": {"attempts": 3}, "cache": {"mode": "simple"}},
}
MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Hello there, benchmark"}]
WARM_UP_REQUESTS = 100
CLIENT_BUILDS = 200

# (key, label) in table order; request_blocking_us is Rust-only.
METRICS = [
    ("headers_typical_ns", "createHeaders, 5 options (ns)"),
    ("request_headers_ns", "headers of each request, built client (ns)"),
    ("client_build_us", "client construction (us)"),
    ("request_us", "chat round trip (us)"),
    ("request_blocking_us", "chat round trip, blocking Rust client (us)"),
]


# --------------------------------------------------------------------------
# Python measurements
# --------------------------------------------------------------------------


def measure_python(url: str, requests: int) -> Dict[str, float]:
    import portkey_ai

    # createHeaders: median over repeats of the mean time per call.
    number = 2000
    timer = timeit.Timer(lambda: portkey_ai.createHeaders(**OPTIONS))
    headers_ns = statistics.median(t / number * 1e9 for t in timer.repeat(repeat=15, number=number))

    # The headers of each request of a built client: the vendored OpenAI client's _build_headers.
    from portkey_ai._vendor.openai._models import FinalRequestOptions

    probe = portkey_ai.Portkey(base_url=url, **OPTIONS)
    final = FinalRequestOptions.construct(method="post", url="/chat/completions", json_data={"model": MODEL})
    timer = timeit.Timer(lambda: probe.openai_client._build_headers(final, retries_taken=0))
    request_headers_ns = statistics.median(t / number * 1e9 for t in timer.repeat(repeat=15, number=number))
    probe.close()

    # Client construction, one at a time (the first one pays for lazy imports).
    def build():
        return portkey_ai.Portkey(base_url=url, **OPTIONS)

    build().close()
    build_times: List[float] = []
    for _ in range(CLIENT_BUILDS):
        start = time.perf_counter_ns()
        client = build()
        build_times.append((time.perf_counter_ns() - start) / 1e3)
        client.close()

    # Sequential round trips with one client.
    client = build()
    times: List[float] = []
    for i in range(WARM_UP_REQUESTS + requests):
        start = time.perf_counter_ns()
        client.chat.completions.create(model=MODEL, messages=MESSAGES)
        if i >= WARM_UP_REQUESTS:
            times.append((time.perf_counter_ns() - start) / 1e3)
    client.close()
    gc.collect()

    return {
        "headers_typical_ns": round(headers_ns, 2),
        "request_headers_ns": round(request_headers_ns, 2),
        "client_build_us": round(statistics.median(build_times), 2),
        "request_us": round(statistics.median(times), 2),
        "request_p90_us": round(statistics.quantiles(times, n=10)[-1], 2),
        "requests": requests,
    }


def measure_rust(url: str, requests: int) -> Dict[str, float]:
    out = subprocess.run(
        [str(EXAMPLE), "measure", url, "--requests", str(requests)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def start_gateway() -> "tuple[subprocess.Popen, str]":
    server = subprocess.Popen([str(EXAMPLE), "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    if not line.startswith("URL "):
        server.kill()
        sys.exit(f"unexpected first line from bench_compare serve: {line!r}")
    return server, line.split(" ", 1)[1]


def stop_gateway(server: subprocess.Popen) -> None:
    server.stdin.close()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def medians(runs: List[Dict[str, float]]) -> Dict[str, float]:
    keys = [k for k in runs[0] if all(k in r for r in runs)]
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in keys}


def print_table(rust: Dict[str, float], python: Dict[str, float], repeat: int) -> None:
    rows = [("metric", "Rust", "Python", "Python/Rust")]
    for key, label in METRICS:
        r, p = rust.get(key), python.get(key)
        if key == "request_blocking_us":
            p = python.get("request_us")  # the Python SDK client is blocking too
        ratio = f"{p / r:.1f}x" if r and p else "-"
        rows.append((label, f"{r:,.2f}" if r is not None else "-", f"{p:,.2f}" if p is not None else "-", ratio))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print(f"\nmedians of {repeat} run(s); Python/Rust = how many times faster Rust is\n")
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        print("| " + " | ".join(cells) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="timed round trips per side (default 1000)")
    parser.add_argument("--repeat", type=int, default=1, help="run the comparison K times, report medians")
    args = parser.parse_args()
    ensure_sdk(SCRIPT)
    # Resolution must not pick anything up from the environment (the Rust side uses none).
    for name in [n for n in os.environ if n.startswith("PORTKEY_")]:
        del os.environ[name]

    print("building bench_compare (release)...", file=sys.stderr, flush=True)
    subprocess.run(
        ["cargo", "build", "--release", "-p", "portkey", "--features", "testing", "--example", "bench_compare"],
        cwd=REPO_ROOT,
        check=True,
    )
    server, url = start_gateway()
    python_runs: List[Dict[str, float]] = []
    rust_runs: List[Dict[str, float]] = []
    try:
        for k in range(args.repeat):
            print(f"run {k + 1}/{args.repeat} against {url}", file=sys.stderr, flush=True)
            python_runs.append(measure_python(url, args.requests))
            rust_runs.append(measure_rust(url, args.requests))
            print(f"  python {json.dumps(python_runs[-1])}", file=sys.stderr)
            print(f"  rust   {json.dumps(rust_runs[-1])}", file=sys.stderr, flush=True)
    finally:
        stop_gateway(server)

    rust, python = medians(rust_runs), medians(python_runs)
    print_table(rust, python, args.repeat)
    print(f"\nrust   {json.dumps(rust)}")
    print(f"python {json.dumps(python)} ({SDK_DIST} {SDK_VERSION}, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
