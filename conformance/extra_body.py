#!/usr/bin/env python3
"""Measure which value the Python SDK sends when a body parameter is given twice.

For every public method of the sync ``portkey_ai.Portkey`` client (portkey-ai
2.3.4) whose request has a JSON object body, this script asks: when a
parameter ``p`` is passed both as a named keyword argument and inside
``extra_body={p: ...}``, which of the two values ends up in the body?

The calls come from ``capture_endpoints.py`` (imported as a module; its
``build_cases()``, capture server, ``run_case()``, ``record()`` and
``route_of()`` are reused, and its ``install_hooks()`` is installed first so
that polling helpers do not sleep and file content types are guessed the same
way).  Per method:

* the case used is the first one (in ``build_cases()`` order) that does not
  stream and whose first request has an ``application/json`` object body;
  streaming cases are used only when a method has no other JSON case;
* candidate parameters are the keys of that case's JSON body, the method's
  own keyword parameters (``inspect.signature`` of the bound Portkey method,
  minus path parameters, ``extra_headers``, ``extra_query``, ``extra_body``,
  ``timeout``, ``stream`` and ``**kwargs``) and, when the Portkey method takes
  ``**kwargs`` and sends through the vendored OpenAI client, the keyword
  parameters of the vendored OpenAI method(s) it ends up in (found from the
  call stack of the request and from the ``self.openai_client....`` calls in
  the wrapper's source).  ``stream`` is left out of the body keys as well;
* for each candidate ``p`` the case is rerun with ``p`` set by name (to the
  case's own value when the case sets it, else to ``"NAMED-p"``) and
  ``extra_body={p: "EXTRA-p"}`` merged into the case's ``extra_body``; a
  control run without the ``extra_body`` entry shows whether the named value
  reaches the body at all.

Outcomes, read from the first captured request's JSON body:

* ``extra_wins``: ``body[p] == "EXTRA-p"``;
* ``named_wins``: ``body[p]`` is the named value;
* ``nested``: ``body[p]`` is absent or the named value, and ``body["extra_body"]``
  is an object holding ``p: "EXTRA-p"`` (the user's ``extra_body`` was passed
  on as a body key);
* ``other``: ``{p: description}``: ``"not in body"`` when the named value is not
  in the body even without ``extra_body`` (with where it went, if found), or a
  description of what was sent instead, or the exception raised (class name
  and message; ports and addresses are masked).

Outcomes are read from the request that was sent, also when the call raises
afterwards (e.g. while parsing a streamed reply with a ``"NAMED-tools"``
string); such parameters are listed as notes in the stderr summary, and a
``"not in body"`` description then says what the call raised.  Methods whose
only parameters are path parameters (``batches.cancel``, ``files.delete``,
...) have no candidates and are written with empty lists.

Output: ``tests/endpoints/extra_body.json``::

    {"generator": "conformance/extra_body.py", "sdk": "portkey-ai 2.3.4",
     "methods": {"<method>": {"route": "openai" | "portkey",
                              "extra_wins": [...], "named_wins": [...], "nested": [...],
                              "other": {"p": "..."}}}}

methods sorted by name, lists sorted, ``json.dump(indent=1, ensure_ascii=False)``
plus a newline; deterministic.  A summary (method count, counts per outcome,
methods where both extra and named values win for some parameters) is
printed to stderr.

Run from the repository root::

    conformance/.venv/bin/python conformance/extra_body.py [--out PATH]

(with another interpreter, ``ensure_sdk`` re-executes under conformance/.venv).
"""

from __future__ import annotations

import argparse
import collections
import inspect
import json
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import unquote, unquote_plus

SCRIPT = Path(__file__).resolve()
sys.path.insert(0, str(SCRIPT.parent))

import capture_endpoints as ce  # noqa: E402
from sdk import SDK_LABEL, ensure_sdk  # noqa: E402

GENERATOR = "conformance/extra_body.py"
DEFAULT_OUT = ce.REPO_ROOT / "tests" / "endpoints" / "extra_body.json"

NOTES: List[str] = []  # printed with the summary, not written

EXCLUDED = {"extra_headers", "extra_query", "extra_body", "timeout", "stream"}
_UNJSON = object()  # never equal to a decoded body value


def norm(value: Any) -> Any:
    """The value as it would look after a JSON round trip."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return _UNJSON


def short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Masker:
    def __init__(self, server: ce.CaptureServer) -> None:
        self.base = server.base_url
        self.hostport = re.sub(r"^https?://", "", self.base).split("/")[0]

    def exc(self, exc: BaseException) -> str:
        text = f"{type(exc).__name__}: {exc}"
        text = text.replace(self.base, "<base_url>").replace(self.hostport, "<server>")
        text = re.sub(r"0x[0-9a-fA-F]+", "0x…", text)
        text = " ".join(text.split())
        return text if len(text) <= 160 else text[:157] + "..."


def attempt(server: ce.CaptureServer, case: ce.Case, tmpdir: Path) -> Tuple[List[Dict[str, Any]], Optional[BaseException]]:
    """Run a case; return the captured requests and the exception raised (if any)."""
    try:
        raws, _ = ce.run_case(server, case, tmpdir)
        return raws, None
    except Exception as exc:  # noqa: BLE001 - an outcome
        # run_case empties the server before the call; whatever is there now was sent by it.
        return server.take(), exc


def json_body(raws: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    if not raws:
        return None
    expect, kind = ce.record(raws[0])
    if kind == "json" and isinstance(expect["body"], dict):
        return expect["body"]
    return None


def locate(text: str, raws: List[Dict[str, Any]]) -> Optional[str]:
    """Where a string value went in the captured requests (outside the JSON body key checked)."""
    for i, raw in enumerate(raws):
        where = None
        if text in unquote(raw["path"]):
            where = "path"
        elif text in unquote_plus(raw["query"]):
            where = "query"
        else:
            for name, value in raw["headers"]:
                if text in value:
                    where = f"header {name}"
                    break
        if where is None:
            expect, kind = ce.record(raw)
            if kind == "json" and isinstance(expect["body"], dict):
                keys = [k for k, v in expect["body"].items() if text in json.dumps(v, ensure_ascii=False)]
                if keys:
                    where = f"body key {keys[0]!r}"
            elif raw["body"] and text.encode("utf-8") in raw["body"]:
                where = f"{kind} body"
        if where is not None:
            return where if i == 0 else f"request {i + 1} {where}"
    return None


def is_streaming(case: ce.Case) -> bool:
    return bool(case.kwargs.get("stream")) or (case.reply is not None and case.reply.kind == "sse")


def vendored_keyword_params(bound: Any, trace: List[Dict[str, Any]], openai_client: Any) -> List[str]:
    """Keyword parameters of the vendored OpenAI method(s) a Portkey wrapper sends through."""
    funcs: List[Tuple[str, int]] = []
    if trace and trace[0].get("frame"):
        funcs.append(tuple(trace[0]["frame"][:2]))  # type: ignore[arg-type]
    for f in ce.wrapper_vendored_functions(bound, openai_client):
        if f not in funcs:
            funcs.append(f)
    names: List[str] = []
    for filename, lineno in funcs:
        node = ce.function_node(filename, lineno)
        if node is None:
            continue
        args = node.args
        for a in list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs):
            if a.arg != "self" and a.arg not in names:
                names.append(a.arg)
    return names


def pick_case(server: ce.CaptureServer, cases: List[ce.Case], bound: Any, tmpdir: Path
              ) -> Optional[Tuple[ce.Case, List[Dict[str, Any]], List[Dict[str, Any]]]]:
    for case in cases:
        if case.reply is None:
            case.reply = ce.auto_reply(bound)
    ordered = [c for c in cases if not is_streaming(c)] + [c for c in cases if is_streaming(c)]
    for case in ordered:
        try:
            raws, trace = ce.run_case(server, case, tmpdir)
        except Exception:  # noqa: BLE001 - not a usable case
            continue
        if json_body(raws) is not None and ce.record(raws[0])[1] == "json":
            return case, raws, trace
    return None


def measure_method(server: ce.CaptureServer, masker: Masker, tmpdir: Path, method: str, bound: Any,
                   case: ce.Case, base_raws: List[Dict[str, Any]], trace: List[Dict[str, Any]],
                   openai_client: Any) -> Dict[str, Any]:
    sig = inspect.signature(bound)
    base_body = json_body(base_raws)
    assert base_body is not None
    route = ce.route_of(base_raws[0])

    bound_args = sig.bind_partial(*case.args, **case.kwargs).arguments
    set_values: Dict[str, Any] = {}
    for name, value in bound_args.items():
        if sig.parameters[name].kind == inspect.Parameter.VAR_KEYWORD:
            set_values.update(value)
        else:
            set_values[name] = value
    positional = set(list(bound_args)[: len(case.args)])
    _, used = ce.template_path(base_raws[0]["path"], ce.string_params(case, sig))
    path_params = {n for n, _ in used}

    accepts_kwargs = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values())
    own = [n for n, p in sig.parameters.items()
           if p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
           and n not in EXCLUDED and n not in path_params]
    vendored: List[str] = []
    if accepts_kwargs and route == "openai":
        found = vendored_keyword_params(bound, trace, openai_client)
        if not found:
            NOTES.append(f"{method}: takes **kwargs but no vendored OpenAI method was found")
        vendored = [n for n in found if n not in EXCLUDED and n not in path_params]
    candidates = sorted(set(k for k in base_body if k not in EXCLUDED) | set(own) | set(vendored))

    out: Dict[str, Any] = {"route": route, "extra_wins": [], "named_wins": [], "nested": [], "other": {}}
    for p in candidates:
        named = set_values[p] if p in set_values else f"NAMED-{p}"
        extra_value = f"EXTRA-{p}"
        kwargs = dict(case.kwargs)
        if p not in positional:
            kwargs[p] = named
        extra = dict(case.kwargs.get("extra_body") or {})
        extra[p] = extra_value
        exp_kwargs = dict(kwargs, extra_body=extra)

        # Control: the named value alone.
        if p in set_values:
            ctl_raws, ctl_exc = base_raws, None
        else:
            ctl_raws, ctl_exc = attempt(server, ce.Case(method, case.args, kwargs, case.variant, case.reply,
                                                        case.requests), tmpdir)
        exp_raws, exp_exc = attempt(server, ce.Case(method, case.args, exp_kwargs, case.variant, case.reply,
                                                    case.requests), tmpdir)
        outcome = classify(masker, p, named, ctl_raws, ctl_exc, exp_raws, exp_exc)
        if outcome in ("extra", "named", "nested") and ctl_exc is not None:
            NOTES.append(f"{method}.{p}: {outcome}, read from the request sent; both calls then raised "
                         f"{masker.exc(ctl_exc)}")
        if outcome in ("extra", "named", "nested"):
            out[{"extra": "extra_wins", "named": "named_wins", "nested": "nested"}[outcome]].append(p)
        else:
            out["other"][p] = outcome
    return out


def classify(masker: Masker, p: str, named: Any, ctl_raws: List[Dict[str, Any]], ctl_exc: Optional[BaseException],
             exp_raws: List[Dict[str, Any]], exp_exc: Optional[BaseException]) -> str:
    named_n = norm(named)
    extra_value = f"EXTRA-{p}"
    ctl_body = json_body(ctl_raws)
    if ctl_body is None:
        what = masker.exc(ctl_exc) if ctl_exc is not None else "no JSON object body"
        return f"without extra_body already fails: {what}"
    if ctl_body.get(p, _UNJSON) != named_n:
        if p in ctl_body:
            return f"without extra_body body[{p!r}] = {short(ctl_body[p])}, not the named value"
        where = locate(named, ctl_raws) if isinstance(named, str) else None
        then = f"; the call then raised {masker.exc(ctl_exc)}" if ctl_exc is not None else ""
        return "not in body" + (f" (sent in {where})" if where else "") + then
    # The named value does reach the body; now with extra_body.
    exp_body = json_body(exp_raws)
    if exp_body is None:
        if exp_exc is not None:
            return masker.exc(exp_exc)
        return "no JSON object body with extra_body"
    suffix = ""
    if exp_exc is not None and ctl_exc is None:
        suffix = f" (then raised {masker.exc(exp_exc)})"
    holder = exp_body.get("extra_body")
    if exp_body.get(p, _UNJSON) == extra_value:
        outcome = "extra"
    elif (isinstance(holder, dict) and holder.get(p) == extra_value
          and (p not in exp_body or exp_body[p] == named_n)):
        outcome = "nested"
    elif exp_body.get(p, _UNJSON) == named_n:
        outcome = "named"
    else:
        sent = f"body[{p!r}] = {short(exp_body[p])}" if p in exp_body else f"{p!r} absent from body"
        where = locate(extra_value, exp_raws)
        return f"{sent}; EXTRA value " + (f"in {where}" if where else "not sent") + suffix
    if suffix:
        return f"{outcome}{suffix}"
    return outcome


def measure(server: ce.CaptureServer, tmpdir: Path) -> Tuple[Dict[str, Any], List[str]]:
    masker = Masker(server)
    client = ce.make_client(server)
    skipped: List[str] = []
    methods: Dict[str, Any] = {}
    try:
        openai_client = client.openai_client
        by_method: Dict[str, List[ce.Case]] = collections.defaultdict(list)
        for case in ce.build_cases():
            by_method[case.method].append(case)
        for method in sorted(by_method):
            bound = ce.resolve(client, method)
            picked = pick_case(server, by_method[method], bound, tmpdir)
            if picked is None:
                skipped.append(method)
                continue
            case, raws, trace = picked
            methods[method] = measure_method(server, masker, tmpdir, method, bound, case, raws, trace,
                                             openai_client)
    finally:
        ce.close_client(client)
    for entry in methods.values():
        for key in ("extra_wins", "named_wins", "nested"):
            entry[key].sort()
        entry["other"] = dict(sorted(entry["other"].items()))
    return dict(sorted(methods.items())), skipped


def summary(methods: Dict[str, Any], skipped: List[str], elapsed: float) -> None:
    counts = collections.Counter()
    for entry in methods.values():
        counts["extra_wins"] += len(entry["extra_wins"])
        counts["named_wins"] += len(entry["named_wins"])
        counts["nested"] += len(entry["nested"])
        for desc in entry["other"].values():
            counts["other: not in body" if desc.startswith("not in body") else "other: rest"] += 1
    err = sys.stderr
    print(f"{len(methods)} methods with a JSON object body "
          f"({sum(1 for e in methods.values() if e['route'] == 'openai')} openai, "
          f"{sum(1 for e in methods.values() if e['route'] == 'portkey')} portkey); "
          f"{len(skipped)} methods without one", file=err)
    for key in ("extra_wins", "named_wins", "nested", "other: not in body", "other: rest"):
        print(f"  {key}: {counts[key]}", file=err)
    both = [m for m, e in methods.items() if e["extra_wins"] and e["named_wins"]]
    print(f"methods where both extra and named values win ({len(both)}):", file=err)
    for m in both:
        print(f"  {m}: named wins for {', '.join(methods[m]['named_wins'])}", file=err)
    for note in NOTES:
        print(f"note: {note}", file=err)
    print(f"done in {elapsed:.1f}s", file=err)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON file")
    args = parser.parse_args()
    ensure_sdk(SCRIPT)

    started = time.monotonic()
    ce.install_hooks()
    server = ce.CaptureServer()
    original_handle_error = server.handle_error

    def handle_error(request: Any, client_address: Any) -> None:
        # A call that raises while reading a streamed reply closes the connection mid-reply.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            original_handle_error(request, client_address)

    server.handle_error = handle_error  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, name="capture-server", daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory(prefix="extra-body-") as tmp:
            methods, skipped = measure(server, Path(tmp))
    finally:
        server.shutdown()
        server.server_close()

    doc = {"generator": GENERATOR, "sdk": SDK_LABEL, "methods": methods}
    path = args.out if args.out.is_absolute() else Path.cwd() / args.out
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {path}", file=sys.stderr)
    summary(methods, skipped, time.monotonic() - started)


if __name__ == "__main__":
    main()
