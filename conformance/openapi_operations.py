#!/usr/bin/env python3
"""List every operation of Portkey's published OpenAPI spec, for the cross-check with the schema.

Portkey publishes an OpenAPI 3.0 description of its REST API (the public GitHub repository
Portkey-AI/openapi, MIT licensed).  This script reads it (by default from
``../shared/reference/portkey-openapi/openapi.yaml`` beside the repository; ``--spec PATH``
picks another copy) and writes ``tests/endpoints/openapi_operations.json``:

``{"generator", "spec", "source", "servers", "base", "paths", "summaries", "outside_base",
"count", "license", "operations": [...]}`` (``license``: the MIT notice of the upstream
repository, which its terms ask copies of substantial portions to carry)

* ``spec``: ``"<info.title> <info.version>"``;
* ``servers``: the spec's top-level ``servers`` URLs; ``base``: the base URL the operation
  paths are relative to (the same ``.../v1`` base as the paths in ``schema/endpoints.json``);
* ``paths``: what was done to the paths.  Each operation's effective servers are its own
  ``servers``, else its path item's, else the top-level ones.  When the first of them ends in
  ``/v1`` the spec's paths are already relative to that base; a path that still starts with
  ``/v1/`` would have that prefix stripped (the header says how many were);
* ``outside_base``: operations whose servers are not under the ``/v1`` base (their path is
  kept as written, relative to their own server, which each such operation also carries as
  ``server``);
* ``operations``: ``{"method", "path", "operation_id", "tags", "summary"}`` sorted by path,
  then method; ``operation_id`` is null where the spec gives none; ``summary`` has its
  whitespace collapsed to single spaces (the spec writes some as multi-line block scalars).

The script checks the count against the 231 operations the spec is known to hold and exits
non-zero when it differs (``--expect N`` overrides; ``--expect 0`` skips the check).

It also prints, for information, how the operations match the endpoints declared in
``schema/endpoints.json`` (same HTTP method, same path once every ``{param}`` segment is
``{}``).  The reason for each gap lives in ``tests/endpoints/openapi_gaps.json``, kept by hand
and checked by the Rust tests; this script does not read that file.

Needs PyYAML: when this interpreter lacks it, the script installs it into
``conformance/.venv`` (the virtualenv the other conformance scripts use, see ``sdk.py``) and
re-executes itself there, so ``python3 conformance/openapi_operations.py`` just works.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import sdk  # noqa: E402  (VENV_DIR / venv_python: the shared conformance virtualenv)

GENERATOR = "conformance/openapi_operations.py"
DEFAULT_SPEC = ROOT.parent / "shared" / "reference" / "portkey-openapi" / "openapi.yaml"
OUT = ROOT / "tests" / "endpoints" / "openapi_operations.json"
SCHEMA = ROOT / "schema" / "endpoints.json"
EXPECTED_OPERATIONS = 231
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
YAML_MARKER = "CONFORMANCE_YAML_VENV"


def ensure_yaml() -> None:
    """Return when PyYAML imports; else re-exec this script in conformance/.venv with it."""
    try:
        import yaml  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get(YAML_MARKER):
        sys.exit(f"PyYAML still unavailable in {sys.executable}")
    python = sdk.venv_python()
    if not python.exists():
        print(f"creating virtualenv {sdk.VENV_DIR}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(sdk.VENV_DIR)])
    probe = subprocess.run([str(python), "-c", "import yaml"], capture_output=True)
    if probe.returncode != 0:
        print(f"installing PyYAML into {sdk.VENV_DIR}", file=sys.stderr)
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "PyYAML"])
    env = dict(os.environ)
    env[YAML_MARKER] = "1"
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(str(python), [str(python), str(Path(__file__).resolve())] + sys.argv[1:], env)


def server_urls(servers: Any) -> List[str]:
    return [s["url"] for s in servers or [] if isinstance(s, dict) and "url" in s]


def rel(path: Path) -> str:
    try:
        return os.path.relpath(path, ROOT)
    except ValueError:
        return str(path)


def source_commit(spec_path: Path) -> Optional[str]:
    """The upstream commit the README beside the spec names, if any."""
    readme = spec_path.parent / "README.md"
    if not readme.exists():
        return None
    m = re.search(r"\bcommit\s+([0-9a-f]{40})\b", readme.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def read_operations(spec: Dict[str, Any]) -> Tuple[str, List[Dict[str, Any]], int, Dict[str, str]]:
    top = server_urls(spec.get("servers"))
    base = top[0] if top else ""
    stripped = 0
    outside: Dict[str, str] = {}
    ops: List[Dict[str, Any]] = []
    for path, item in (spec.get("paths") or {}).items():
        path_servers = item.get("servers")
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            urls = server_urls(op.get("servers") or path_servers) or top
            server = urls[0] if urls else base
            out_path = path
            if server.rstrip("/").endswith("/v1") and (path == "/v1" or path.startswith("/v1/")):
                out_path = path[3:] or "/"
                stripped += 1
            entry: Dict[str, Any] = {
                "method": method.upper(),
                "path": out_path,
                "operation_id": op.get("operationId"),
                "tags": list(op.get("tags") or []),
                "summary": " ".join(str(op.get("summary") or "").split()),
            }
            if server.rstrip("/") != base.rstrip("/"):
                entry["server"] = server
                outside[f"{entry['method']} {out_path}"] = server
            ops.append(entry)
    ops.sort(key=lambda o: (o["path"], o["method"]))
    return base, ops, stripped, dict(sorted(outside.items()))


def template(path: str) -> str:
    return re.sub(r"\{[^}/]*\}", "{}", path)


def report_matches(ops: List[Dict[str, Any]]) -> None:
    """Print how the spec's operations and schema/endpoints.json's endpoints match."""
    if not SCHEMA.exists():
        return
    declared = [e for e in json.loads(SCHEMA.read_text(encoding="utf-8"))["endpoints"] if "out" not in e]
    spec_keys = {(o["method"], template(o["path"])) for o in ops}
    decl_keys = {(e["http"], template(e["path"])) for e in declared}
    matched = [o for o in ops if (o["method"], template(o["path"])) in decl_keys]
    not_declared = [o for o in ops if (o["method"], template(o["path"])) not in decl_keys]
    not_in_spec = [e for e in declared if (e["http"], template(e["path"])) not in spec_keys]
    print(
        f"schema/endpoints.json: {len(declared)} declared endpoints; spec operations matched "
        f"{len(matched)}, not declared {len(not_declared)}; declared endpoints not in the spec "
        f"{len(not_in_spec)} (reasons: tests/endpoints/openapi_gaps.json)"
    )
    for o in not_declared:
        print(f"  not declared: {o['method']} {o['path']}")
    for e in sorted(not_in_spec, key=lambda e: e["name"]):
        print(f"  not in spec:  {e['name']} ({e['http']} {e['path']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="path to Portkey's openapi.yaml")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--expect", type=int, default=EXPECTED_OPERATIONS, help="expected operation count (0: skip)")
    parser.add_argument("--quiet", action="store_true", help="skip the match summary")
    args = parser.parse_args()

    ensure_yaml()
    import yaml

    spec_path = args.spec.resolve()
    if not spec_path.exists():
        sys.exit(f"spec not found: {spec_path} (pass --spec PATH)")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    info = spec.get("info") or {}
    base, ops, stripped, outside = read_operations(spec)

    if stripped:
        paths_note = (
            f"relative to {base}: {stripped} spec path(s) starting with /v1/ had it stripped, "
            "the base already ends in /v1"
        )
    else:
        paths_note = (
            f"as written in the spec, already relative to {base} (the servers end in /v1 and no "
            "spec path starts with /v1/, so nothing was stripped)"
        )
    if outside:
        paths_note += (
            f"; {len(outside)} operation(s) are served outside that base (outside_base, and "
            "their own server field): their paths are relative to that server instead"
        )

    commit = source_commit(spec_path)
    license_path = spec_path.parent / "LICENSE"
    doc = {
        "generator": GENERATOR,
        "spec": f"{info.get('title', '?')} {info.get('version', '?')}",
        "source": "Portkey-AI/openapi openapi.yaml" + (f" at commit {commit}" if commit else ""),
        "servers": server_urls(spec.get("servers")),
        "base": base,
        "paths": paths_note,
        "summaries": "whitespace collapsed to single spaces",
        "outside_base": outside,
        "count": len(ops),
        "license": (
            " ".join(license_path.read_text(encoding="utf-8").split())
            if license_path.exists()
            else "MIT (see the upstream repository Portkey-AI/openapi)"
        ),
        "operations": ops,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")

    paths = len(spec.get("paths") or {})
    print(f"{doc['spec']}: {len(ops)} operations on {paths} paths -> {rel(args.out)}")
    if not args.quiet:
        report_matches(ops)
    if args.expect and len(ops) != args.expect:
        print(f"expected {args.expect} operations, found {len(ops)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
