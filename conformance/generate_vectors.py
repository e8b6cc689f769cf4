#!/usr/bin/env python3
"""Generate golden header conformance vectors from the real Python SDK.

The vectors record, for many option combinations, the exact HTTP headers that
the official Python SDK ``portkey-ai==2.3.4`` produces:

* kind ``create_headers``: ``portkey_ai.createHeaders(**input)``;
* kind ``client``: ``portkey_ai.Portkey(**input)`` built with ``os.environ``
  cleared of every ``PORTKEY_*`` variable and then set to exactly ``env``;
  the vector records ``client.allHeaders`` and ``client.base_url``.

Every produced header is then checked the way the SDK's transport would check
it when sending: httpx encodes ``str`` values as ASCII (non-ASCII raises
``UnicodeEncodeError``) and h11 validates the bytes (CR, LF, NUL and leading or
trailing whitespace are rejected).  A header that cannot be sent turns the
vector into an ``invalid_header_value`` error naming the input option that
produced it.

When the SDK itself raises while building the headers (``TypeError`` or
``AttributeError``: createHeaders calls ``.split`` on each forward_headers entry,
``.startswith`` on the authorization value and evaluates ``"proxy" not in
mode``), the vector's expect is the error ``{"kind": "sdk_exception",
"exception": "<exception class name>", "option": "<option>"}``; the option is
the first input option (in input order) that raises the same exception class
on its own, and the vector's note quotes the exception message.

The option list comes from ``schema/options.json`` (less ``http_client`` and
the portkey-rs-only settings marked ``"sdk": false``); single-option vectors are
generated from it, and hand-written cases cover combinations, Unicode, empty
values, JSON serialisation details, forward_headers pass-through,
Authorization handling, whitespace and base URL / API key resolution, then:

* ``python types: ...``: options given a JSON value of a type other than their
  schema type (numbers, bools, lists, objects, strings for bools and integers,
  and so on).  createHeaders lowercases bools, ``json.dumps`` Mappings, leaves
  out falsy values (``0``, ``0.0``, ``""``, ``[]``, ``None``) and sends
  ``str(value)`` otherwise, so a list is sent as its Python repr (single
  quotes unless the string holds one, backslash escapes, ``True``/``None``,
  non-printable characters escaped, printable non-ASCII kept and so rejected)
  and a float as its shortest repr (``1e+16``, ``1e-05``, ``30.0``).  A plain
  string forward_headers is iterated character by character.  Client vectors
  cover the header options only;
* ``floats: ...``: config and metadata objects holding floats whose shortest
  round-trip repr is tricky (exponent forms, subnormals, ``-0.0``, the largest
  and smallest doubles), integers beyond 2**53 up to the 64-bit edges (beyond
  them serde_json reads floats, a difference README lists), and floats nested in
  lists and objects; the input files hold Python's repr of each float, which
  ``json.dumps`` puts into the header unchanged;
* ``forward_headers listing itself: ...``: forward_headers naming
  ``forward_headers`` (with ``_`` or ``-``): the SDK then sends a bare
  ``forward-headers`` header holding ``str(list)`` (the Python repr of the
  original list) besides ``x-portkey-forward-headers`` (the original entries
  joined with ``,``); membership is case-sensitive.

Output (``--out-dir``, default ``tests/vectors``): ``create_headers.json`` and
``client.json``, each ``{"generator", "sdk", "vectors": [...]}``.  Header names
are lowercased; for client vectors the user-agent-like headers
``x-portkey-package-version``, ``x-portkey-runtime`` and
``x-portkey-runtime-version`` are dropped.  The output is deterministic.

Run from the repository root::

    python3 conformance/generate_vectors.py [--out-dir tests/vectors]

If ``portkey-ai`` 2.3.4 is not importable by the running interpreter, the
script creates ``conformance/.venv``, installs ``portkey-ai==2.3.4`` into it
and re-executes itself with that venv's python (``--force-venv`` does this
even when the running interpreter already has the SDK).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import types
from pathlib import Path
from typing import Any, Dict, List, Optional

from sdk import SDK_LABEL, ensure_sdk

GENERATOR = "conformance/generate_vectors.py"

SCRIPT = Path(__file__).resolve()
REPO_ROOT = SCRIPT.parent.parent
SCHEMA_PATH = REPO_ROOT / "schema" / "options.json"

# Client headers that describe the Python runtime rather than the options.
DROPPED_CLIENT_HEADERS = {
    "x-portkey-package-version",
    "x-portkey-runtime",
    "x-portkey-runtime-version",
}

ENV_KEY = {"PORTKEY_API_KEY": "pk-test"}


# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------


def load_options() -> List[Dict[str, Any]]:
    """The schema's options the Python SDK knows: http_client and portkey-rs-only
    settings (``"sdk": false``; the SDK would send them as unknown keyword
    arguments) are left out."""
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        options = json.load(f)["options"]
    return [o for o in options if o["type"] != "http_client" and o.get("sdk", True)]


def header_options(options: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [o for o in options if o["header"] is not None]


def client_only_options(options: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [o for o in options if o["header"] is None]


# --------------------------------------------------------------------------
# Running the SDK
# --------------------------------------------------------------------------


class HeaderRejected(Exception):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def wire_value(name: str, value: str) -> str:
    """The value as httpx + h11 would put it on the wire, or HeaderRejected."""
    import h11
    import httpx

    if not isinstance(value, str):
        raise TypeError(f"header {name} has non-str value {value!r}")
    try:
        request = httpx.Request("POST", "http://127.0.0.1/", headers={name: value})
    except UnicodeEncodeError:
        raise HeaderRejected(name, "httpx: value is not ASCII")
    raw = [v for k, v in request.headers.raw if k.decode("ascii").lower() == name.lower()]
    assert len(raw) == 1, (name, raw)
    try:
        h11_request = h11.Request(
            method="POST", target="/", headers=[("host", "x"), (name, raw[0])]
        )
    except h11.LocalProtocolError as e:
        raise HeaderRejected(name, f"h11: {e}")
    sent = [v for k, v in h11_request.headers if k.decode("ascii") == name.lower()]
    assert len(sent) == 1, (name, sent)
    return sent[0].decode("ascii")


def option_for_header(name: str, inp: Dict[str, Any]) -> str:
    """The input option whose value produced header `name`."""
    lname = name.lower()
    if lname == "x-portkey-forward-headers" and "forward_headers" in inp:
        return "forward_headers"
    for key in inp:
        dashed = "-".join(key.split("_")).lower()
        if lname in (f"x-portkey-{dashed}", dashed):
            return key
    if lname == "x-portkey-api-key":
        return "api_key"  # resolved from PORTKEY_API_KEY
    raise AssertionError(f"cannot attribute header {name!r} to an input option of {inp!r}")


def finish(headers: Dict[str, Any], inp: Dict[str, Any]) -> Dict[str, Any]:
    """Lowercase names and validate values; returns the vector's expect (+ note)."""
    out: Dict[str, str] = {}
    notes: List[str] = []
    for name, value in headers.items():
        lname = name.lower()
        assert lname not in out, f"duplicate header {lname}"
        try:
            sent = wire_value(name, value)
        except HeaderRejected:
            return {"error": {"kind": "invalid_header_value", "option": option_for_header(name, inp)}}
        if sent != value:
            notes.append(f"h11 sends {lname} as {sent!r} (SDK produced {value!r})")
        out[lname] = sent
    result: Dict[str, Any] = {"headers": out}
    if notes:
        result["_note"] = "; ".join(notes)
    return result


# Exceptions the SDK raises itself for values of unexpected types; any other
# exception aborts the run.
SDK_EXCEPTIONS = (TypeError, AttributeError)


def sdk_exception(exc: BaseException, inp: Dict[str, Any], call: Any) -> Dict[str, Any]:
    """The sdk_exception error for `exc`, raised by call(inp).  The option is the
    first input option that raises the same exception class when given alone."""
    for key, value in inp.items():
        try:
            call({key: value})
        except Exception as e:  # noqa: BLE001  (only its class is compared)
            if type(e) is type(exc):
                return {
                    "error": {"kind": "sdk_exception", "exception": type(exc).__name__, "option": key},
                    "_note": f"The SDK raises {type(exc).__name__}: {exc}.",
                }
    raise AssertionError(f"cannot attribute {type(exc).__name__}: {exc} to an input option of {inp!r}")


def call_create_headers(inp: Dict[str, Any]) -> Dict[str, Any]:
    import portkey_ai

    return portkey_ai.createHeaders(**copy.deepcopy(inp))


def run_create_headers(inp: Dict[str, Any]) -> Dict[str, Any]:
    try:
        headers = call_create_headers(inp)
    except SDK_EXCEPTIONS as e:
        return sdk_exception(e, inp, call_create_headers)
    return finish(headers, inp)


def clear_portkey_env() -> None:
    from portkey_ai.api_resources.global_constants import PORTKEY_BASE_URL

    for key in list(os.environ):
        if key.startswith("PORTKEY_"):
            del os.environ[key]
    # utils.set_base_url reads os.environ.get(PORTKEY_BASE_URL), i.e. a variable
    # literally named "https://api.portkey.ai/v1"; make sure it is unset too.
    os.environ.pop(PORTKEY_BASE_URL, None)


def stub_instrumentation() -> None:
    """Portkey(instrumentation=True) imports opentelemetry after the headers are
    built and installs a global tracer.  Replace that module with a no-op so the
    constructor can run without opentelemetry and without global side effects;
    allHeaders is computed before it is reached, so headers are unaffected."""
    name = "portkey_ai.api_resources.instrumentation"
    stub = types.ModuleType(name)
    stub.initialize_instrumentation = lambda api_key, base_url: None  # type: ignore[attr-defined]
    sys.modules[name] = stub


def new_client(inp: Dict[str, Any], env: Dict[str, str]) -> Any:
    """portkey_ai.Portkey(**inp) built with exactly `env` as PORTKEY_* environment."""
    import portkey_ai

    saved = dict(os.environ)
    try:
        clear_portkey_env()
        os.environ.update(env)
        return portkey_ai.Portkey(**copy.deepcopy(inp))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def close_client(client: Any) -> None:
    client.close()
    client.openai_client.close()


def run_client(inp: Dict[str, Any], env: Dict[str, str]) -> Dict[str, Any]:
    from portkey_ai.api_resources.global_constants import MISSING_API_KEY_ERROR_MESSAGE

    try:
        client = new_client(inp, env)
    except ValueError as e:
        if str(e) == MISSING_API_KEY_ERROR_MESSAGE:
            return {"error": {"kind": "missing_api_key"}}
        raise
    except SDK_EXCEPTIONS as e:
        return sdk_exception(e, inp, lambda one: close_client(new_client(one, env)))
    try:
        headers = {
            k: v for k, v in client.allHeaders.items() if k.lower() not in DROPPED_CLIENT_HEADERS
        }
        result = finish(headers, inp)
        if "headers" in result:
            result["base_url"] = str(client.base_url)
        return result
    finally:
        close_client(client)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------


class Cases:
    """Collects (name, kind, input, env, note) and evaluates them in order."""

    def __init__(self) -> None:
        self.items: List[Dict[str, Any]] = []
        self.names: set = set()

    def add(
        self,
        kind: str,
        name: str,
        inp: Dict[str, Any],
        env: Optional[Dict[str, str]] = None,
        note: Optional[str] = None,
    ) -> None:
        assert kind in ("create_headers", "client"), kind
        assert name not in self.names, f"duplicate vector name {name!r}"
        assert kind == "client" or not env, name
        self.names.add(name)
        self.items.append({"name": name, "kind": kind, "input": inp, "env": env or {}, "note": note})

    def both(self, name: str, inp: Dict[str, Any], env: Optional[Dict[str, str]] = None,
             note: Optional[str] = None) -> None:
        """Add a create_headers vector and a client vector (API key from env)."""
        self.add("create_headers", name, inp, note=note)
        self.add("client", f"client: {name}", inp, ENV_KEY if env is None else env, note=note)


def sample_values(opt: Dict[str, Any]) -> List[tuple]:
    """(label suffix, value) pairs representative of the option's type."""
    name, typ = opt["name"], opt["type"]
    if typ == "string":
        return [("", f"value-{name}")]
    if typ == "secret":
        return [("", f"sk-{name}-123")]
    if typ == "url":
        return [("", "https://example.test/v1")]
    if typ == "bool":
        return [(" = true", True), (" = false", False)]
    if typ == "integer":
        return [(" = 30000", 30000), (" = 0 (omitted)", 0)]
    if typ == "string_or_json":
        return [(" as string", f"value-{name}"), (" as object", {f"{name}_key": f"value-{name}"})]
    if typ == "string_list":
        return [("", ["x-custom-a", "x-custom-b"])]
    if typ == "mode":
        return [(f" = {m}", m) for m in ("fallback", "ab_test", "single", "proxy")]
    raise AssertionError(f"unknown option type {typ!r} for {name}")


def representative(opt: Dict[str, Any]) -> Any:
    """One non-empty value per option, for 'all options at once' vectors."""
    typ = opt["type"]
    if typ == "string_or_json":
        return {f"{opt['name']}_key": f"value-{opt['name']}"}
    if typ == "bool":
        return True
    if typ == "mode":
        return "fallback"
    return sample_values(opt)[0][1]


def single_option_cases(cases: Cases, options: List[Dict[str, Any]]) -> None:
    for opt in header_options(options):
        name = opt["name"]
        for suffix, value in sample_values(opt):
            label = f"{name} alone{suffix}"
            cases.add("create_headers", label, {name: value})
            if name == "api_key":
                cases.add("client", f"client: {label}", {name: value})
            else:
                cases.add("client", f"client: {label}", {name: value}, ENV_KEY)
    for opt in client_only_options(options):
        name = opt["name"]
        for suffix, value in sample_values(opt):
            cases.add(
                "client",
                f"client: client-side option {name}{suffix} is not sent",
                {name: value},
                ENV_KEY,
            )


def combination_cases(cases: Cases, options: List[Dict[str, Any]]) -> None:
    typical = {
        "api_key": "pk-live-123",
        "virtual_key": "vk-openai-456",
        "config": {"retry": {"attempts": 3}, "cache": {"mode": "simple"}},
        "trace_id": "trace-789",
        "metadata": {"_user": "user-1", "env": "prod"},
        "debug": False,
        "cache_force_refresh": True,
    }
    cases.add("create_headers", "combination: typical options", typical)
    cases.add("client", "client: combination: typical options", typical)
    cases.add("client", "client: combination: typical options, api key from env",
              {k: v for k, v in typical.items() if k != "api_key"}, {"PORTKEY_API_KEY": "pk-env"})

    provider_auth = {"provider": "openai", "authorization": "sk-openai-abc", "trace_id": "t-1"}
    cases.both("combination: provider + authorization + trace_id", provider_auth)

    cases.both("combination: azure", {
        "provider": "azure-openai",
        "azure_resource_name": "my-resource",
        "azure_deployment_id": "gpt-4o",
        "azure_api_version": "2024-06-01",
        "azure_ad_token": "ad-token-xyz",
        "azure_auth_mode": "entra",
    })
    cases.both("combination: aws bedrock", {
        "provider": "bedrock",
        "aws_access_key_id": "AKIAEXAMPLE",
        "aws_secret_access_key": "secret/with+chars=",
        "aws_session_token": "token",
        "aws_region": "us-east-1",
        "aws_role_arn": "arn:aws:iam::123456789012:role/demo",
    })
    cases.both("combination: vertex", {
        "provider": "vertex-ai",
        "vertex_project_id": "proj-1",
        "vertex_region": "us-central1",
        "vertex_service_account_json": '{"type": "service_account"}',
    })
    cases.both("combination: tracing spans", {
        "trace_id": "trace-1",
        "span_id": "span-2",
        "parent_span_id": "span-1",
        "span_name": "retrieval step",
    })
    cases.both("combination: caching", {
        "cache": "semantic",
        "cache_namespace": "ns-1",
        "cache_force_refresh": False,
    })

    all_opts = {o["name"]: representative(o) for o in header_options(options)}
    cases.add("create_headers", "all header options at once", all_opts)
    cases.add("client", "client: all header options at once", all_opts)
    client_all = dict(all_opts)
    for o in client_only_options(options):
        client_all[o["name"]] = representative(o)
    client_all["base_url"] = "https://gateway.example.test/v1"
    cases.add("client", "client: all options at once including client-side ones", client_all)

    # Every header option explicitly null.  mode is left out: createHeaders
    # evaluates `"proxy" not in None` and raises TypeError for mode=None.
    nulls = {o["name"]: None for o in header_options(options) if o["name"] != "mode"}
    cases.add("create_headers", "all header options null (except mode) are omitted", nulls)
    client_nulls = {k: v for k, v in nulls.items() if k != "strict_open_ai_compliance"}
    cases.add("client", "client: all header options null (except mode, strict_open_ai_compliance)",
              client_nulls, ENV_KEY)
    cases.add("create_headers", "empty input", {})


def unicode_cases(cases: Cases) -> None:
    cases.both("unicode: non-ASCII trace_id is rejected", {"trace_id": "café"})
    cases.both("unicode: emoji provider is rejected", {"provider": "🚀"})
    cases.both("unicode: non-ASCII metadata string is rejected", {"metadata": "naïve"})
    cases.both("unicode: non-ASCII config string is rejected", {"config": "pc-ü"})
    cases.both("unicode: non-ASCII authorization is rejected", {"authorization": "sk-ключ"})
    cases.both("unicode: non-ASCII forward_headers entry is rejected", {"forward_headers": ["x-café"]})
    cases.both("unicode: non-ASCII custom_host is rejected", {"custom_host": "https://exämple.test"})
    cases.both("unicode: non-ASCII in one option among valid ones",
               {"trace_id": "ok", "span_name": "ünïcode", "debug": True})
    cases.add("create_headers", "unicode: non-ASCII api_key is rejected", {"api_key": "pk-ñ"})
    cases.add("client", "client: unicode: non-ASCII api_key is rejected", {"api_key": "pk-ñ"})
    cases.add("client", "client: unicode: non-ASCII PORTKEY_API_KEY env is rejected", {},
              {"PORTKEY_API_KEY": "pk-ñ"})

    cases.both("unicode: metadata object with accents and emoji is escaped",
               {"metadata": {"user": "José", "emoji": "🚀", "cjk": "日本語"}})
    cases.both("unicode: config object with non-ASCII keys",
               {"config": {"ключ": "значение", "strategy": {"mode": "fallback"}}})
    cases.both("unicode: metadata with line and paragraph separators",
               {"metadata": {"s": "a\u2028b\u2029c", "nbsp": "\u00a0", "bom": "\ufeff"}})
    cases.both("unicode: metadata with astral plane characters",
               {"metadata": {"math": "𝔘𝔫𝔦", "flag": "🇫🇷", "zwj": "👩‍💻"}})


def json_cases(cases: Cases) -> None:
    cases.both("json: nested config object", {
        "config": {
            "strategy": {"mode": "fallback", "on_status_codes": [429, 500]},
            "targets": [
                {"virtual_key": "vk-a", "weight": 0.7, "override_params": {"model": "gpt-4o"}},
                {"virtual_key": "vk-b", "weight": 0.3},
            ],
            "cache": {"mode": "semantic", "max_age": 3600},
        }
    })
    cases.both("json: numbers in metadata", {
        "metadata": {
            "int": 1, "negative": -42, "zero": 0, "big": 9007199254740993,
            "half": 1.5, "one_point_oh": 1.0, "tenth": 0.1, "neg_zero": -0.0,
            "e16": 1e16, "e22": 1e22, "small": 1e-07, "tiny": 5e-324,
            "pi": 3.141592653589793, "hundred": 100.0, "frac": 123456.789,
        }
    })
    cases.both("json: booleans and null in metadata",
               {"metadata": {"t": True, "f": False, "n": None}})
    cases.both("json: arrays in config",
               {"config": {"empty": [], "mixed": [1, "two", None, True, 2.5, {"k": []}], "nested": [[1], [[2]]]}})
    cases.both("json: empty nested objects", {"config": {"a": {}, "b": {"c": {}}}})
    cases.both("json: string escapes in metadata", {
        "metadata": {
            "quote": 'say "hi"', "backslash": "C:\\path", "slash": "a/b",
            "newline": "line1\nline2", "tab": "a\tb", "cr": "a\rb",
            "control": "\u0001\u001f", "del": "\u007f", "nul": "\u0000",
        }
    })
    cases.both("json: key order is preserved", {"metadata": {"z": "1", "a": "2", "m": "3"}})
    cases.both("json: empty string key and value", {"metadata": {"": ""}})
    cases.both("json: config and metadata objects together",
               {"config": {"retry": {"attempts": 5}}, "metadata": {"team": "ml"}})


def empty_cases(cases: Cases) -> None:
    cases.both("empty: empty trace_id is omitted", {"trace_id": ""})
    cases.both("empty: empty config string is omitted", {"config": ""})
    cases.both("empty: empty metadata string is omitted", {"metadata": ""})
    cases.both("empty: empty authorization is omitted", {"authorization": ""})
    cases.both("empty: empty forward_headers list is omitted", {"forward_headers": []})
    cases.both("empty: empty config object is sent as {}", {"config": {}})
    cases.both("empty: empty metadata object is sent as {}", {"metadata": {}})
    cases.both("empty: null trace_id is omitted", {"trace_id": None})
    cases.both("empty: null debug is omitted", {"debug": None})
    cases.both("empty: null metadata is omitted", {"metadata": None})
    cases.both("empty: request_timeout 0 is omitted", {"request_timeout": 0})
    cases.both("empty: negative retry_count is sent", {"retry_count": -1})
    cases.both("empty: mix of empty and set values",
               {"trace_id": "", "config": {}, "metadata": None, "forward_headers": [],
                "debug": False, "provider": "openai"})
    cases.add("create_headers", "empty: empty api_key is omitted", {"api_key": ""})
    cases.add("client", "client: empty: empty api_key and no env", {"api_key": ""})
    cases.add("client", "client: strict_open_ai_compliance explicitly null is omitted",
              {"strict_open_ai_compliance": None}, ENV_KEY,
              note="The SDK client defaults strict_open_ai_compliance to False, but an explicit "
                   "None reaches createHeaders and is dropped, so no header is sent.")
    cases.add("client", "client: no options, only the API key from env", {}, ENV_KEY)


def config_metadata_cases(cases: Cases) -> None:
    cases.both("config: saved config id", {"config": "pc-abc123"})
    cases.both("config: inline object", {"config": {"retry": {"attempts": 3}}})
    cases.both("config: JSON text is sent verbatim", {"config": '{"retry":{"attempts":3}}'})
    cases.both("config: JSON text with spaces is sent verbatim", {"config": '{ "retry" : { "attempts" : 3 } }'})
    cases.both("metadata: object", {"metadata": {"_user": "u-1", "env": "staging"}})
    cases.both("metadata: string", {"metadata": "plain-string"})
    cases.both("metadata: JSON text is sent verbatim", {"metadata": '{"_user":"u-1"}'})


def mode_cases(cases: Cases) -> None:
    cases.both("mode: 'proxy fallback' already contains proxy", {"mode": "proxy fallback"})
    cases.both("mode: substring proxy anywhere is kept", {"mode": "my-proxy-mode"})
    cases.both("mode: uppercase PROXY gets prefixed", {"mode": "PROXY"})
    cases.both("mode: empty string becomes 'proxy ' and is rejected", {"mode": ""},
               note='createHeaders turns mode "" into "proxy " (truthy); h11 rejects the trailing space.')


def forward_headers_cases(cases: Cases) -> None:
    cases.both("forward_headers: plain list", {"forward_headers": ["x-custom-a", "x-custom-b"]})
    cases.both("forward_headers: single entry", {"forward_headers": ["x-only"]})
    cases.both("forward_headers: underscores are sent as given",
               {"forward_headers": ["x_custom_header"]},
               note="Underscores are only converted for the pass-through comparison; the "
                    "x-portkey-forward-headers value is the list joined as given.")
    cases.both("forward_headers: passthrough trace-id",
               {"forward_headers": ["trace-id"], "trace_id": "abc"})
    cases.both("forward_headers: passthrough trace_id written with underscore",
               {"forward_headers": ["trace_id"], "trace_id": "abc"})
    cases.both("forward_headers: passthrough listed before option",
               {"trace_id": "abc", "forward_headers": ["trace-id", "x-other"]})
    cases.both("forward_headers: passthrough comparison is case-sensitive",
               {"forward_headers": ["Trace-Id"], "trace_id": "abc"})
    cases.both("forward_headers: passthrough of a bool option",
               {"forward_headers": ["debug"], "debug": False})
    cases.both("forward_headers: passthrough of a JSON option",
               {"forward_headers": ["metadata"], "metadata": {"a": 1}})
    cases.both("forward_headers: passthrough of several options",
               {"forward_headers": ["provider", "virtual_key", "x-extra"],
                "provider": "openai", "virtual_key": "vk-1", "trace_id": "t"})
    cases.both("forward_headers: listing authorization does not change it",
               {"forward_headers": ["authorization"], "authorization": "sk-abc"})
    cases.add("create_headers", "forward_headers: passthrough of api_key",
              {"forward_headers": ["api-key"], "api_key": "pk-1"})
    cases.add("client", "client: forward_headers: passthrough of api_key",
              {"forward_headers": ["api-key"], "api_key": "pk-1"},
              note="The client still sends x-portkey-api-key from its resolved key.")
    cases.both("forward_headers: with passthrough value rejected",
               {"forward_headers": ["trace-id"], "trace_id": "a\nb"})


def authorization_cases(cases: Cases) -> None:
    cases.both("authorization: Bearer is added", {"authorization": "sk-abc"})
    cases.both("authorization: existing Bearer prefix is kept", {"authorization": "Bearer sk-abc"})
    cases.both("authorization: lowercase bearer is not recognised", {"authorization": "bearer sk-abc"})
    cases.both("authorization: Bearer without space is not recognised", {"authorization": "Bearersk-abc"})
    cases.both("authorization: leading space gives double space", {"authorization": " sk-abc"})
    cases.both("authorization: Basic scheme gets Bearer too", {"authorization": "Basic dXNlcjpwYXNz"})
    cases.both("authorization: just 'Bearer '", {"authorization": "Bearer "},
               note='"Bearer " already starts with "Bearer " so it is kept, and h11 rejects the trailing space.')


def bool_cases(cases: Cases, options: List[Dict[str, Any]]) -> None:
    bools = [o["name"] for o in header_options(options) if o["type"] == "bool"]
    cases.both("bool: all header bools true", {b: True for b in bools})
    cases.both("bool: all header bools false", {b: False for b in bools})
    cases.add("client", "client: bool: instrumentation and calculate_audio_duration false are not sent",
              {"instrumentation": False, "calculate_audio_duration": False}, ENV_KEY)
    cases.add("client", "client: bool: instrumentation and calculate_audio_duration true are not sent",
              {"instrumentation": True, "calculate_audio_duration": True}, ENV_KEY)
    cases.add("client", "client: bool: strict_open_ai_compliance default is false", {}, ENV_KEY)


def whitespace_cases(cases: Cases) -> None:
    cases.both("whitespace: newline in trace_id is rejected", {"trace_id": "a\nb"})
    cases.both("whitespace: carriage return in trace_id is rejected", {"trace_id": "a\rb"})
    cases.both("whitespace: header injection attempt is rejected",
               {"trace_id": "abc\r\nx-injected: 1"})
    cases.both("whitespace: NUL in trace_id is rejected", {"trace_id": "a\u0000b"})
    cases.both("whitespace: trailing newline in trace_id is rejected", {"trace_id": "abc\n"})
    cases.both("whitespace: inner tab in trace_id is kept", {"trace_id": "a\tb"})
    cases.both("whitespace: inner spaces in trace_id are kept", {"trace_id": "a  b"})
    cases.both("whitespace: leading space in trace_id is rejected", {"trace_id": " abc"})
    cases.both("whitespace: trailing space in trace_id is rejected", {"trace_id": "abc "})
    cases.both("whitespace: leading tab in trace_id is rejected", {"trace_id": "\tabc"})
    cases.both("whitespace: trailing tab in trace_id is rejected", {"trace_id": "abc\t"})
    cases.both("whitespace: only spaces in trace_id is rejected", {"trace_id": "   "})
    cases.both("whitespace: newline in authorization is rejected", {"authorization": "sk-abc\n"})
    cases.both("whitespace: newline in forward_headers entry is rejected",
               {"forward_headers": ["x-a\nx-b"]})
    cases.both("whitespace: space after comma in forward_headers is kept",
               {"forward_headers": ["x-a", " x-b"]})
    cases.add("client", "client: whitespace: PORTKEY_API_KEY with surrounding spaces is rejected", {},
              {"PORTKEY_API_KEY": " pk-test "})
    cases.add("client", "client: whitespace: newline in api_key is rejected", {"api_key": "pk-test\n"})


def resolution_cases(cases: Cases) -> None:
    add = lambda name, inp, env=None, note=None: cases.add("client", f"client: resolution: {name}", inp, env, note)  # noqa: E731
    add("no env and no key uses the local gateway with an empty key", {})
    add("env PORTKEY_API_KEY only", {}, {"PORTKEY_API_KEY": "pk-env"})
    add("explicit api_key without env", {"api_key": "pk-arg"})
    add("explicit api_key beats env", {"api_key": "pk-arg"}, {"PORTKEY_API_KEY": "pk-env"})
    add("empty explicit api_key falls back to env", {"api_key": ""}, {"PORTKEY_API_KEY": "pk-env"})
    add("empty PORTKEY_API_KEY counts as unset", {}, {"PORTKEY_API_KEY": ""})
    add("env PORTKEY_PROXY without key", {}, {"PORTKEY_PROXY": "http://proxy.test:8787/v1"})
    add("env PORTKEY_PROXY with env key", {},
        {"PORTKEY_PROXY": "http://proxy.test:8787/v1", "PORTKEY_API_KEY": "pk-env"})
    add("env PORTKEY_PROXY with explicit key", {"api_key": "pk-arg"},
        {"PORTKEY_PROXY": "http://proxy.test:8787/v1"})
    add("empty PORTKEY_PROXY counts as unset", {}, {"PORTKEY_PROXY": "", "PORTKEY_API_KEY": "pk-env"})
    add("explicit base_url beats PORTKEY_PROXY", {"base_url": "https://explicit.test/v1"},
        {"PORTKEY_PROXY": "http://proxy.test:8787/v1"})
    add("explicit base_url without key", {"base_url": "https://explicit.test/v1"})
    add("explicit base_url with env key", {"base_url": "https://explicit.test/v1"},
        {"PORTKEY_API_KEY": "pk-env"})
    add("explicit local base_url with explicit key",
        {"base_url": "http://localhost:8787/v1", "api_key": "pk-arg"})
    add("explicit hosted base_url without key is an error", {"base_url": "https://api.portkey.ai/v1"})
    add("explicit hosted base_url with explicit key", {"base_url": "https://api.portkey.ai/v1", "api_key": "pk-arg"})
    add("explicit hosted base_url with env key", {"base_url": "https://api.portkey.ai/v1"},
        {"PORTKEY_API_KEY": "pk-env"})
    add("PORTKEY_PROXY set to the hosted URL without key is an error", {},
        {"PORTKEY_PROXY": "https://api.portkey.ai/v1"})
    add("hosted URL with trailing slash without key is not an error",
        {"base_url": "https://api.portkey.ai/v1/"},
        note="The missing-key check compares base_url with exactly https://api.portkey.ai/v1.")
    add("hosted URL without /v1 without key is not an error", {"base_url": "https://api.portkey.ai"})
    add("empty explicit base_url is treated as unset", {"base_url": ""}, {"PORTKEY_API_KEY": "pk-env"})
    add("PORTKEY_BASE_URL env is not read", {}, {"PORTKEY_BASE_URL": "https://other.test/v1"},
        note="set_base_url looks up os.environ[PORTKEY_BASE_URL] where PORTKEY_BASE_URL is the "
             "constant 'https://api.portkey.ai/v1', so a PORTKEY_BASE_URL variable has no effect.")
    add("other PORTKEY_* env vars are not read", {},
        {"PORTKEY_API_KEY": "pk-env", "PORTKEY_VIRTUAL_KEY": "vk-env", "PORTKEY_CONFIG": "pc-env",
         "PORTKEY_TRACE_ID": "trace-env", "PORTKEY_PROVIDER": "openai", "PORTKEY_DEBUG": "true"})
    add("explicit options with PORTKEY_PROXY and env key",
        {"trace_id": "t-1", "config": "pc-1"},
        {"PORTKEY_PROXY": "http://proxy.test:8787/v1", "PORTKEY_API_KEY": "pk-env"})
    add("websocket_base_url and webhook_secret are not sent",
        {"websocket_base_url": "wss://ws.example.test/v1", "webhook_secret": "whsec-1",
         "base_url": "https://explicit.test/v1"})


# Foreign values for string options: numbers, bools, lists (sent as their Python
# repr, so quoting, escapes and printable non-ASCII show) and objects (json.dumps).
# Integers beyond 64 bits are left out: serde_json reads them as floats, a difference
# README's "Where Rust differs from the SDK" lists.
FOREIGN_FOR_STRING: List[Any] = [
    123, -7, 0, 1.5, 30.0, 1e16, 1e-05, -0.0, 9007199254740993, -9223372036854775808, 18446744073709551615,
    True, False, None, [], {},
    ["a", "b"],
    [1, "x", None, True, 2.5],
    [True, False, None],
    [1e16, -0.0, 1e-05, 5e-324, 0.1],
    [""],
    {"a": 1},
    ["it's"],
    ['say "hi"'],
    ["both ' and \""],
    ["back\\slash"],
    ["line\nbreak", "tab\there", "cr\rhere"],
    ["\u2028", "\xa0", "\x7f", "\x00", "\x1b", "\ufeff"],
    ["é"],
    ["🚀"],
    [[1, [2, []]], {"k": "v"}],
    [{"q": "it's", "d": 'say "hi"', "n": None, "b": True}],
    {"nested": [1, "it's", {"x": None, "y": [True, 1.5]}]},
    {"é": "ü", "quote": 'say "hi"'},
]
FOREIGN_FOR_SECRET: List[Any] = [123, True, False, 1.5]
FOREIGN_FOR_BOOL: List[Any] = [1, 0, 2, -1, 1.5, 0.0, "yes", "", "false", "True", [], [0], {}, {"a": 1}]
FOREIGN_FOR_INTEGER: List[Any] = [30.0, 0.0, 2.5, -1, "5000", "", True, False, 1e20, [1], {}]
FOREIGN_FOR_JSON: List[Any] = [
    [{"a": 1}, "x"], [{"retry": {"attempts": 3}}], [{"k": 'it\'s "q"'}], [], 123, 0, 1.5, True, False,
]
FOREIGN_FOR_STRING_LIST: List[Any] = ["a,b", "x-a", "", [], [1, 2], 123, True, {"x-a": "1"}]
FOREIGN_FOR_MODE: List[Any] = [5, 1.5, None, ["a"], ["proxy"], True, False, {"a": 1}, {"proxy": 1}]
FOREIGN_FOR_AUTHORIZATION: List[Any] = [123, 1.5, True, False, ["sk-a"], {"a": 1}]


def value_label(value: Any) -> str:
    """The value as JSON for a vector name, with non-printable characters escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def python_types_cases(cases: Cases) -> None:
    """Header options given JSON values of a type other than their schema type."""
    def add(typ: str, names: List[str], values: List[Any], kinds: str = "both") -> None:
        for name in names:
            for value in values:
                label = f"python types: {typ} {name} = {value_label(value)}"
                if kinds == "both":
                    cases.both(label, {name: value})
                else:
                    cases.add(kinds, label, {name: value})

    add("string", ["trace_id", "provider", "span_name", "cache_namespace"], FOREIGN_FOR_STRING)
    add("secret", ["virtual_key", "aws_secret_access_key"], FOREIGN_FOR_SECRET)
    add("secret", ["api_key"], FOREIGN_FOR_SECRET, kinds="create_headers")
    add("bool", ["debug", "cache_force_refresh", "strict_open_ai_compliance"], FOREIGN_FOR_BOOL)
    add("integer", ["request_timeout", "retry_count", "max_retries", "file_upload_size"], FOREIGN_FOR_INTEGER)
    add("string_or_json", ["config", "metadata"], FOREIGN_FOR_JSON)
    add("string_list", ["forward_headers"], FOREIGN_FOR_STRING_LIST)
    add("mode", ["mode"], FOREIGN_FOR_MODE)
    add("authorization", ["authorization"], FOREIGN_FOR_AUTHORIZATION)
    cases.both("python types: several foreign values at once",
               {"trace_id": 123, "debug": 1, "request_timeout": 30.0, "metadata": [{"a": 1}],
                "config": {"retry": {"attempts": 2.0}}, "cache_force_refresh": "yes",
                "provider": ["openai"], "forward_headers": ["x-a"]})


# Floats whose shortest round-trip repr is tricky (exponent thresholds, rounding,
# subnormals, extremes, negative zero).
TRICKY_FLOATS: List[float] = [
    1.602176634e-19, 6.02214076e+23, 0.1, 0.30000000000000004, 1e22, 1e-07, 5e-324,
    2.2250738585072014e-308, 1.7976931348623157e+308, 123456789012345678.0,
    1.0000000000000002, 4.35, 2.675, -0.0, 1e16, 9999999999999998.0, 0.000123,
    1e-05, 0.0001, 1e15, 123456789.0, -1.5e-10, 2.5e+200,
]


def float_cases(cases: Cases) -> None:
    for f in TRICKY_FLOATS:
        cases.both(f"floats: metadata {value_label(f)}", {"metadata": {"v": f}})
    cases.both("floats: config with all tricky floats",
               {"config": {f"f{i}": f for i, f in enumerate(TRICKY_FLOATS)}})
    cases.both("floats: integer 2**53 + 1 and its float neighbour",
               {"metadata": {"int": 9007199254740993, "float": 9007199254740992.0}})
    # Integers beyond 64 bits are left out (see FOREIGN_FOR_STRING).
    cases.both("floats: integers at the 64-bit edges",
               {"metadata": {"u64_max": 18446744073709551615, "i64_min": -9223372036854775808,
                             "i64_max": 9223372036854775807}})
    cases.both("floats: nested in lists and objects", {
        "config": {"targets": [{"weight": 0.1}, {"weight": 0.30000000000000004}],
                   "deep": [[1e22, [5e-324, {"x": -0.0}]], {"y": [1e16, 2.675]}]},
        "metadata": {"list": [0.1, 1e-07, 6.02214076e+23], "obj": {"a": {"b": 1.7976931348623157e+308}}},
    })


def forward_headers_itself_cases(cases: Cases) -> None:
    cases.both("forward_headers listing itself: with underscore", {"forward_headers": ["forward_headers"]})
    cases.both("forward_headers listing itself: with dash", {"forward_headers": ["forward-headers"]})
    cases.both("forward_headers listing itself: with trace_id",
               {"forward_headers": ["forward_headers", "trace_id"], "trace_id": "abc"})
    cases.both("forward_headers listing itself: with an extra kwarg",
               {"forward_headers": ["x_custom", "forward_headers"], "x_custom": "v"})
    cases.both("forward_headers listing itself: membership is case-sensitive",
               {"forward_headers": ["Forward-Headers"]})


def build_cases(options: List[Dict[str, Any]]) -> Cases:
    cases = Cases()
    single_option_cases(cases, options)
    combination_cases(cases, options)
    unicode_cases(cases)
    json_cases(cases)
    empty_cases(cases)
    config_metadata_cases(cases)
    mode_cases(cases)
    forward_headers_cases(cases)
    authorization_cases(cases)
    bool_cases(cases, options)
    whitespace_cases(cases)
    resolution_cases(cases)
    python_types_cases(cases)
    float_cases(cases)
    forward_headers_itself_cases(cases)
    return cases


# --------------------------------------------------------------------------
# Evaluation and output
# --------------------------------------------------------------------------


def evaluate(item: Dict[str, Any]) -> Dict[str, Any]:
    if item["kind"] == "create_headers":
        expect = run_create_headers(item["input"])
    else:
        expect = run_client(item["input"], item["env"])
    notes = [n for n in (item["note"], expect.pop("_note", None)) if n]
    vector: Dict[str, Any] = {"name": item["name"], "kind": item["kind"], "input": item["input"]}
    if item["kind"] == "client":
        vector["env"] = item["env"]
    vector["expect"] = expect
    if notes:
        vector["note"] = " ".join(notes)
    return vector


def write_file(path: Path, vectors: List[Dict[str, Any]]) -> None:
    doc = {"generator": GENERATOR, "sdk": SDK_LABEL, "vectors": vectors}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", default=str(REPO_ROOT / "tests" / "vectors"),
                        help="directory for the *.json vector files (default: tests/vectors)")
    parser.add_argument("--force-venv", action="store_true",
                        help="always run inside conformance/.venv")
    args = parser.parse_args()
    ensure_sdk(SCRIPT, args.force_venv)
    stub_instrumentation()

    options = load_options()
    cases = build_cases(options)
    vectors = [evaluate(item) for item in cases.items]

    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    by_kind: Dict[str, List[Dict[str, Any]]] = {"create_headers": [], "client": []}
    for v in vectors:
        by_kind[v["kind"]].append(v)
    for kind, items in by_kind.items():
        write_file(out_dir / f"{kind}.json", items)
        errors = sum(1 for v in items if "error" in v["expect"])
        print(f"{kind}: {len(items)} vectors ({errors} errors) -> {out_dir / (kind + '.json')}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
