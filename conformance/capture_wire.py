#!/usr/bin/env python3
"""Capture what the real Python SDK puts on the wire for chat completions.

For every case below, the official Python SDK ``portkey-ai==2.3.4`` is pointed
at a local capture server and ``client.chat.completions.create(**request)`` is
called; the script records the HTTP request(s) the SDK sends and writes them
as golden wire vectors, which the Rust test suite replays with the Rust client
(sync and async) against its own mock server.

How a case runs:

* every ``PORTKEY_*`` variable (and every ``OPENAI_*`` variable, which the
  vendored OpenAI client reads for ``OpenAI-Organization`` / ``OpenAI-Project``)
  is removed from ``os.environ``, then the case's ``env`` is set, so the
  environment the client is built in is exactly ``env`` (``env: ...`` cases
  set ``OPENAI_ORG_ID`` / ``OPENAI_PROJECT_ID``, an empty value included: the
  vendored client then sends the header with an empty value);
* ``portkey_ai.Portkey(base_url="http://127.0.0.1:<port>/v1", **client)`` is
  constructed (the harness always adds ``base_url``; cases never contain it);
* ``client.chat.completions.create(**request)`` is called and its result fully
  consumed (streams are iterated to ``[DONE]``);
* the captured request is recorded: method, path (without query), raw query
  string, headers (lowercased names, minus ``ignored_headers``) and the JSON
  body as parsed.

The capture server is a stdlib ``ThreadingHTTPServer`` on 127.0.0.1, port 0,
in a background thread.  It answers ``POST .../chat/completions`` with a valid
chat completion, or with an SSE stream when the body has ``"stream": true``.

Besides authentication, config, observability, provider-specific options and
request variants, the cases cover: the OpenAI environment variables (``env:``),
``extra_query`` names and values with characters that need percent-encoding
(the vendored client urlencodes with ``quote_plus`` and leaves out parameters
whose value is empty; ``extra_query:``), client keyword arguments of types
other than their schema type (``python types:``: ``str(value)``, Python repr
for lists, falsy values left out) and forward_headers listing itself (a bare
``forward-headers`` header holding the Python repr of the list).

``ignored_headers`` holds exact lowercase names; entries ending in ``*`` are
prefixes.  Only user-agent-like and transport-level headers are ignored.

A header sent more than once is recorded as one entry whose values are joined
with ``", "`` in wire order (RFC 9110 field combination).  The SDK does this for
the ``authorization`` option spelled in lowercase (the vendored OpenAI client's
``Authorization: Bearer OPENAI_API_KEY`` and the option's ``authorization`` are
distinct dict keys, so httpx sends both); that case is deliberately not
captured, as portkey-rs sends the option's value alone.  For the same reason
no case gives per-call ``extra_headers`` whose name differs from a client
header only by letter case (``X-Portkey-Trace-Id`` next to the client's
``x-portkey-trace-id``, or ``accept``): the SDK sends both headers, portkey-rs
deliberately sends the per-call one.

Self checks (failures abort the run, nothing is written):

* each case must produce exactly one request (the vendored OpenAI client is
  built with ``max_retries=1``; the capture server never fails, so a second
  request would mean an unexpected retry);
* each case is run twice with the sync client and the recorded request must be
  identical (catches header values that vary between runs);
* each case is also run with ``portkey_ai.AsyncPortkey`` and must produce the
  same recorded request (the file records the sync client's request);
* the vendored OpenAI client's ``organization`` / ``project`` must be exactly
  the case's ``OPENAI_ORG_ID`` / ``OPENAI_PROJECT_ID`` (or None when unset),
  i.e. no ``OPENAI_*`` variable of the calling shell leaks into a case.

Output (``--out``, default ``tests/wire/python_sdk_chat.json``) is
deterministic: ``json.dump(indent=2, ensure_ascii=False)`` plus a newline.

Run from the repository root::

    python3 conformance/capture_wire.py [--out tests/wire/python_sdk_chat.json]

If ``portkey-ai`` 2.3.4 is not importable by the running interpreter, the
script creates ``conformance/.venv``, installs ``portkey-ai==2.3.4`` into it
and re-executes itself with that venv's python (``--force-venv`` does this
even when the running interpreter already has the SDK).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from sdk import SDK_LABEL, ensure_sdk

GENERATOR = "conformance/capture_wire.py"

SCRIPT = Path(__file__).resolve()
REPO_ROOT = SCRIPT.parent.parent
DEFAULT_OUT = REPO_ROOT / "tests" / "wire" / "python_sdk_chat.json"

# Exact lowercase names; entries ending in "*" are prefixes.
# x-stainless-* covers the vendored OpenAI client's platform headers and the
# x-stainless-retry-count / x-stainless-read-timeout per-request headers.
IGNORED_HEADERS = [
    "accept-encoding",
    "connection",
    "content-length",
    "host",
    "user-agent",
    "x-portkey-package-version",
    "x-portkey-runtime",
    "x-portkey-runtime-version",
    "x-stainless-*",
]

MODEL = "gpt-4o-mini"
HI = [{"role": "user", "content": "hi"}]
BASIC_REQUEST = {"model": MODEL, "messages": HI}


# --------------------------------------------------------------------------
# Capture server
# --------------------------------------------------------------------------


def completion(model: Any) -> Dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def stream_chunks(model: Any, include_usage: bool) -> List[Dict[str, Any]]:
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": model}
    chunks = [
        dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": "ok"}, "finish_reason": None}]),
        dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}]),
    ]
    if include_usage:
        chunks[-1]["usage"] = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    return chunks


class CaptureHandler(BaseHTTPRequestHandler):
    server: "CaptureServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr logging
        pass

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        body = self._read_body()
        path, _, query = self.path.partition("?")
        self.server.record(
            {
                "method": self.command,
                "path": path,
                "query": query,
                "headers": [[k.lower(), v] for k, v in self.headers.items()],
                "body": body,
            }
        )
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            payload = {}
        if not isinstance(payload, dict):
            payload = {}
        if self.command != "POST" or not path.endswith("/chat/completions"):
            self._send(404, "application/json", b'{"error":{"message":"not found"}}')
            return
        model = payload.get("model")
        if payload.get("stream") is True:
            include_usage = bool((payload.get("stream_options") or {}).get("include_usage"))
            events = [f"data: {json.dumps(c)}\n\n" for c in stream_chunks(model, include_usage)]
            events.append("data: [DONE]\n\n")
            self._send(200, "text/event-stream", "".join(events).encode("utf-8"))
        else:
            self._send(200, "application/json", json.dumps(completion(model)).encode("utf-8"))

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


class CaptureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type = CaptureHandler) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self._lock = threading.Lock()
        self._requests: List[Dict[str, Any]] = []

    def record(self, request: Dict[str, Any]) -> None:
        with self._lock:
            self._requests.append(request)

    def take(self) -> List[Dict[str, Any]]:
        with self._lock:
            taken, self._requests = self._requests, []
        return taken

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


# --------------------------------------------------------------------------
# Running the SDK
# --------------------------------------------------------------------------


def is_ignored(name: str) -> bool:
    for entry in IGNORED_HEADERS:
        if entry.endswith("*"):
            if name.startswith(entry[:-1]):
                return True
        elif name == entry:
            return True
    return False


def set_case_env(env: Dict[str, str]) -> None:
    from portkey_ai.api_resources.global_constants import PORTKEY_BASE_URL

    for key in list(os.environ):
        if key.startswith("PORTKEY_") or key.startswith("OPENAI_"):
            del os.environ[key]
    # utils.set_base_url reads os.environ.get(PORTKEY_BASE_URL), i.e. a variable
    # literally named "https://api.portkey.ai/v1"; make sure it is unset too.
    os.environ.pop(PORTKEY_BASE_URL, None)
    os.environ.update(env)


def check_openai_env(name: str, client: Any, env: Dict[str, str]) -> None:
    """The vendored OpenAI client saw exactly the case's OPENAI_* environment."""
    seen = (client.openai_client.organization, client.openai_client.project)
    wanted = (env.get("OPENAI_ORG_ID"), env.get("OPENAI_PROJECT_ID"))
    if seen != wanted:
        raise SystemExit(f"case {name!r}: OpenAI client has organization/project {seen}, env gives {wanted}")


def expectation(raw: Dict[str, Any]) -> Tuple[Dict[str, Any], List[str]]:
    """The recorded request as the vector's `expect`, plus notes."""
    notes: List[str] = []
    headers: Dict[str, str] = {}
    for name, value in raw["headers"]:
        if is_ignored(name):
            continue
        if name in headers:
            notes.append(f"header {name} sent more than once ({headers[name]!r}, {value!r}); values joined with ', '")
            headers[name] = f"{headers[name]}, {value}"
        else:
            headers[name] = value
    body_bytes: bytes = raw["body"]
    body: Any = json.loads(body_bytes.decode("utf-8")) if body_bytes else None
    expect = {
        "method": raw["method"],
        "path": raw["path"],
        "query": raw["query"],
        "headers": dict(sorted(headers.items())),
        "body": body,
    }
    return expect, notes


def consume(result: Any) -> None:
    """Fully consume a create() result (iterate streams to the end)."""
    from portkey_ai._vendor.openai import Stream

    if isinstance(result, Stream):
        for _ in result:
            pass


def run_sync(server: CaptureServer, case: Dict[str, Any]) -> List[Dict[str, Any]]:
    import portkey_ai

    saved = dict(os.environ)
    try:
        set_case_env(case["env"])
        client = portkey_ai.Portkey(base_url=server.base_url, **copy.deepcopy(case["client"]))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        check_openai_env(case["name"], client, case["env"])
        server.take()
        result = client.chat.completions.create(**copy.deepcopy(case["request"]))
        consume(result)
        return server.take()
    finally:
        client.openai_client.close()
        client.close()


def run_async(server: CaptureServer, case: Dict[str, Any]) -> List[Dict[str, Any]]:
    import portkey_ai
    from portkey_ai._vendor.openai import AsyncStream

    async def go() -> List[Dict[str, Any]]:
        saved = dict(os.environ)
        try:
            set_case_env(case["env"])
            client = portkey_ai.AsyncPortkey(base_url=server.base_url, **copy.deepcopy(case["client"]))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        try:
            check_openai_env(case["name"], client, case["env"])
            server.take()
            result = await client.chat.completions.create(**copy.deepcopy(case["request"]))
            if isinstance(result, AsyncStream):
                async for _ in result:
                    pass
            return server.take()
        finally:
            await client.openai_client.close()
            await client.close()

    return asyncio.run(go())


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------


def build_cases() -> List[Dict[str, Any]]:
    cases: List[Dict[str, Any]] = []

    def add(name: str, client: Dict[str, Any], request: Optional[Dict[str, Any]] = None,
            env: Optional[Dict[str, str]] = None) -> None:
        assert "base_url" not in client, name
        assert all(c["name"] != name for c in cases), f"duplicate case name {name!r}"
        cases.append({
            "name": name,
            "client": client,
            "env": env or {},
            "request": request if request is not None else copy.deepcopy(BASIC_REQUEST),
        })

    pk = {"api_key": "pk-test"}
    openai_auth = {"api_key": "pk-test", "provider": "openai", "Authorization": "sk-openai-123"}

    # --- authentication / routing ------------------------------------------------
    add("api_key only", dict(pk))
    add("api_key from env PORTKEY_API_KEY", {}, env={"PORTKEY_API_KEY": "pk-env-456"})
    add("api_key argument wins over env", dict(pk), env={"PORTKEY_API_KEY": "pk-env-456"})
    add("no api_key at all (self-hosted gateway)", {"provider": "openai", "Authorization": "sk-openai-123"})
    add("virtual_key", {"api_key": "pk-test", "virtual_key": "vk-openai-789"})
    add("provider + Authorization without Bearer", dict(openai_auth))
    add("provider + Authorization with Bearer",
        {"api_key": "pk-test", "provider": "openai", "Authorization": "Bearer sk-openai-123"})
    # Not captured: the option spelled in lowercase (`authorization="sk-..."`). The SDK then sends
    # two Authorization headers (the vendored OpenAI client's placeholder and the option's),
    # an SDK bug portkey-rs does not copy: it sends the option's value alone.
    add("provider without Authorization", {"api_key": "pk-test", "provider": "openai"})

    # --- config ------------------------------------------------------------------
    add("config as id string", {"api_key": "pk-test", "config": "pc-abc123"})
    add("config dict: fallback with two targets", {
        "api_key": "pk-test",
        "config": {
            "strategy": {"mode": "fallback", "on_status_codes": [429, 500]},
            "targets": [
                {"virtual_key": "vk-openai-1", "override_params": {"model": "gpt-4o"}},
                {"virtual_key": "vk-anthropic-2", "override_params": {"model": "claude-3-5-sonnet-latest"}},
            ],
        },
    })
    add("config dict: loadbalance with weights", {
        "api_key": "pk-test",
        "config": {
            "strategy": {"mode": "loadbalance"},
            "targets": [
                {"provider": "openai", "api_key": "sk-a", "weight": 0.7},
                {"provider": "azure-openai", "virtual_key": "vk-azure", "weight": 0.3},
            ],
        },
    })
    add("config dict: retry", {"api_key": "pk-test", "provider": "openai", "config": {"retry": {"attempts": 2}}})
    add("config dict: cache", {
        "api_key": "pk-test",
        "virtual_key": "vk-openai-789",
        "config": {"cache": {"mode": "semantic", "max_age": 3600}},
    })

    # --- observability -----------------------------------------------------------
    add("metadata dict", {"api_key": "pk-test", "virtual_key": "vk-openai-789",
                          "metadata": {"_user": "user-123", "environment": "production"}})
    add("metadata string", {"api_key": "pk-test", "metadata": '{"_user":"user-123"}'})
    add("unicode inside metadata dict", {
        "api_key": "pk-test",
        "metadata": {"_user": "José", "team": "数据", "emoji": "🚀"},
    })
    add("trace_id", {"api_key": "pk-test", "virtual_key": "vk-openai-789", "trace_id": "trace-2024-abc"})
    add("debug true", {"api_key": "pk-test", "debug": True})
    add("debug false", {"api_key": "pk-test", "debug": False})

    # --- caching -----------------------------------------------------------------
    add("cache_force_refresh true", {"api_key": "pk-test", "config": "pc-cache-1", "cache_force_refresh": True})
    add("cache_namespace", {"api_key": "pk-test", "config": "pc-cache-1", "cache_namespace": "tenant-42"})

    # --- provider-specific -------------------------------------------------------
    add("custom_host + provider", {
        "api_key": "pk-test",
        "provider": "ollama",
        "custom_host": "http://10.0.0.5:11434",
    }, {"model": "llama3.1", "messages": HI})
    add("forward_headers with a custom client kwarg", {
        "api_key": "pk-test",
        "provider": "openai",
        "Authorization": "sk-openai-123",
        "forward_headers": ["x-tenant-id"],
        "x_tenant_id": "acme",
    })
    add("extra client kwarg without forward_headers", {
        "api_key": "pk-test",
        "virtual_key": "vk-openai-789",
        "x_tenant_id": "acme",
    })
    add("openai_project + openai_organization", {
        **openai_auth,
        "openai_project": "proj_abc",
        "openai_organization": "org-xyz",
    })
    add("AWS bedrock credentials", {
        "api_key": "pk-test",
        "provider": "bedrock",
        "aws_access_key_id": "AKIAEXAMPLE",
        "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+=",
        "aws_session_token": "FwoGZXIvYXdzEXAMPLE",
        "aws_region": "us-east-1",
    }, {"model": "anthropic.claude-3-haiku-20240307-v1:0", "messages": HI})
    add("vertex_project_id + vertex_region", {
        "api_key": "pk-test",
        "provider": "vertex-ai",
        "Authorization": "ya29.example-token",
        "vertex_project_id": "my-gcp-project",
        "vertex_region": "us-central1",
    }, {"model": "gemini-1.5-pro", "messages": HI})
    add("azure resource + deployment + api_version", {
        "api_key": "pk-test",
        "provider": "azure-openai",
        "Authorization": "azure-key-123",
        "azure_resource_name": "my-resource",
        "azure_deployment_id": "gpt-4o-deploy",
        "azure_api_version": "2024-06-01",
    }, {"model": "gpt-4o", "messages": HI})
    add("anthropic_beta + anthropic_version", {
        "api_key": "pk-test",
        "provider": "anthropic",
        "Authorization": "sk-ant-123",
        "anthropic_beta": "prompt-caching-2024-07-31",
        "anthropic_version": "2023-06-01",
    }, {"model": "claude-3-5-sonnet-latest", "max_tokens": 256, "messages": HI})
    add("strict_open_ai_compliance true", {"api_key": "pk-test", "virtual_key": "vk-openai-789",
                                           "strict_open_ai_compliance": True})
    add("strict_open_ai_compliance false (explicit)", {"api_key": "pk-test", "strict_open_ai_compliance": False})
    add("request_timeout 5000", {"api_key": "pk-test", "virtual_key": "vk-openai-789", "request_timeout": 5000})
    add("instrumentation false", {"api_key": "pk-test", "instrumentation": False})
    add("mistral_fim_completion", {
        "api_key": "pk-test",
        "provider": "mistral-ai",
        "Authorization": "mistral-key",
        "mistral_fim_completion": "true",
    }, {"model": "codestral-latest", "messages": HI})
    add("huggingface_base_url", {
        "api_key": "pk-test",
        "provider": "huggingface",
        "Authorization": "hf_example",
        "huggingface_base_url": "https://my-endpoint.endpoints.huggingface.cloud",
    }, {"model": "meta-llama/Llama-3.1-8B-Instruct", "messages": HI})
    add("workers_ai_account_id", {
        "api_key": "pk-test",
        "provider": "workers-ai",
        "Authorization": "cf-token",
        "workers_ai_account_id": "0123456789abcdef",
    }, {"model": "@cf/meta/llama-3.1-8b-instruct", "messages": HI})
    add("fireworks_account_id", {
        "api_key": "pk-test",
        "provider": "fireworks-ai",
        "Authorization": "fw-key",
        "fireworks_account_id": "my-fireworks-account",
    }, {"model": "accounts/fireworks/models/llama-v3p1-8b-instruct", "messages": HI})
    add("everything typical at once", {
        "api_key": "pk-test",
        "virtual_key": "vk-openai-789",
        "config": {"retry": {"attempts": 3}, "cache": {"mode": "simple"}},
        "trace_id": "trace-all",
        "metadata": {"_user": "u-1", "env": "prod"},
        "debug": False,
        "cache_force_refresh": True,
        "cache_namespace": "ns-1",
        "request_timeout": 10000,
    })

    # --- request variants --------------------------------------------------------
    add("request: stream true with stream_options include_usage", dict(openai_auth), {
        "model": MODEL, "messages": HI, "stream": True, "stream_options": {"include_usage": True},
    })
    add("request: stream true", dict(pk), {"model": MODEL, "messages": HI, "stream": True})
    add("request: stream false (explicit)", dict(pk), {"model": MODEL, "messages": HI, "stream": False})
    add("request: sampling parameters", dict(openai_auth), {
        "model": MODEL,
        "messages": HI,
        "temperature": 0.2,
        "max_tokens": 128,
        "top_p": 0.9,
        "stop": ["\n\n", "END"],
        "n": 2,
        "user": "user-123",
        "seed": 42,
    })
    add("request: tools + tool_choice", dict(openai_auth), {
        "model": MODEL,
        "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
        "tools": [{
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Get the current weather for a city",
                "parameters": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
                    "required": ["city"],
                },
            },
        }],
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": False,
    })
    add("request: response_format json_object", dict(openai_auth), {
        "model": MODEL,
        "messages": [
            {"role": "system", "content": "Reply in JSON."},
            {"role": "user", "content": "Give me a color."},
        ],
        "response_format": {"type": "json_object"},
    })
    add("request: multi-turn conversation with system prompt", {"api_key": "pk-test", "virtual_key": "vk-openai-789"}, {
        "model": MODEL,
        "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "Hello!"},
            {"role": "assistant", "content": "Hi! How can I help?"},
            {"role": "user", "content": "Tell me a joke about Rust. ¿Sí? 🦀"},
        ],
    })
    add("request: max_completion_tokens, metadata and store", dict(openai_auth), {
        "model": "o3-mini",
        "messages": HI,
        "max_completion_tokens": 512,
        "reasoning_effort": "low",
        "metadata": {"purpose": "eval"},
        "store": True,
    })
    add("request: None-valued parameters", dict(openai_auth), {
        "model": MODEL, "messages": HI, "temperature": None, "seed": None,
    })
    add("request: model omitted", dict(openai_auth), {"messages": HI})
    add("request: extra_headers", dict(openai_auth), {
        "model": MODEL, "messages": HI,
        "extra_headers": {"x-portkey-trace-id": "per-request-trace", "X-Custom-Header": "custom"},
    })
    add("request: extra_headers override client headers", {**openai_auth, "trace_id": "client-trace"}, {
        "model": MODEL, "messages": HI,
        "extra_headers": {"x-portkey-trace-id": "per-request-trace", "Authorization": "Bearer sk-per-request"},
    })
    add("request: extra_body", dict(openai_auth), {
        "model": MODEL, "messages": HI, "temperature": 0.5,
        "extra_body": {"logprobs": True, "top_logprobs": 2},
    })
    add("request: extra_query", dict(openai_auth), {
        "model": MODEL, "messages": HI, "extra_query": {"api-version": "2024-06-01"},
    })
    # Not captured: per-call extra_headers whose names differ from a client header only by
    # letter case (e.g. "X-Portkey-Trace-Id" next to the client's x-portkey-trace-id, or
    # "accept"). httpx then sends both headers; portkey-rs deliberately sends the per-call one.

    # --- OpenAI environment (read by the vendored OpenAI client) --------------------
    add("env: OPENAI_ORG_ID", dict(pk), env={"OPENAI_ORG_ID": "org-env-1"})
    add("env: OPENAI_PROJECT_ID", dict(pk), env={"OPENAI_PROJECT_ID": "proj_env_1"})
    add("env: OPENAI_ORG_ID + OPENAI_PROJECT_ID", dict(openai_auth),
        env={"OPENAI_ORG_ID": "org-env-1", "OPENAI_PROJECT_ID": "proj_env_1"})
    add("env: OPENAI_ORG_ID + OPENAI_PROJECT_ID with openai_organization + openai_project", {
        **openai_auth,
        "openai_organization": "org-option",
        "openai_project": "proj_option",
    }, env={"OPENAI_ORG_ID": "org-env-1", "OPENAI_PROJECT_ID": "proj_env_1"})
    add("env: empty OPENAI_ORG_ID", dict(pk), env={"OPENAI_ORG_ID": ""})
    add("env: empty OPENAI_PROJECT_ID with OPENAI_ORG_ID", dict(pk),
        env={"OPENAI_ORG_ID": "org-env-1", "OPENAI_PROJECT_ID": ""})
    add("env: OPENAI_ORG_ID with PORTKEY_API_KEY", {}, env={"PORTKEY_API_KEY": "pk-env-456", "OPENAI_ORG_ID": "org-env-1"})

    # --- extra_query encoding -----------------------------------------------------------
    def query(params: Dict[str, str]) -> Dict[str, Any]:
        return {"model": MODEL, "messages": HI, "extra_query": params}

    add("extra_query: tilde and star", dict(pk), query({"q": "a~b*c"}))
    add("extra_query: space, plus, ampersand, equals, slash, question mark, hash", dict(pk),
        query({"q": "a b+c&d=e/f?g#h"}))
    add("extra_query: non-ASCII value", dict(pk), query({"q": "é"}))
    add("extra_query: percent sign", dict(pk), query({"q": "%41"}))
    add("extra_query: sub-delimiters and quote", dict(pk), query({"q": "x;y,z:@$!'()"}))
    add("extra_query: name with tilde and star", dict(pk), query({"k~e*y": "v"}))
    add("extra_query: name with space, ampersand and equals", dict(pk), query({"a b&c=d": "v"}))
    add("extra_query: empty value is left out", dict(pk), query({"empty": ""}))
    add("extra_query: empty value among others is left out", dict(pk), query({"a": "1", "empty": "", "b": "2"}))
    add("extra_query: several params keep their order", dict(pk),
        query({"z": "1", "a": "2", "api-version": "2024-06-01", "m": "x y"}))

    # --- client kwargs of foreign types -------------------------------------------------
    add("python types: trace_id = 123", {"api_key": "pk-test", "trace_id": 123})
    add("python types: cache_force_refresh = 1", {"api_key": "pk-test", "cache_force_refresh": 1})
    add("python types: request_timeout = 30.0", {"api_key": "pk-test", "request_timeout": 30.0})
    add("python types: metadata = [{\"a\": 1}]", {"api_key": "pk-test", "metadata": [{"a": 1}]})
    add("python types: debug = 0", {"api_key": "pk-test", "debug": 0})
    add("python types: strict_open_ai_compliance = null", {"api_key": "pk-test", "strict_open_ai_compliance": None})
    add("python types: several foreign values at once", {
        "api_key": "pk-test", "trace_id": 123, "cache_force_refresh": 1, "request_timeout": 30.0,
        "metadata": [{"a": 1}], "debug": 0, "strict_open_ai_compliance": None,
    })

    # --- forward_headers listing itself ---------------------------------------------------
    add("forward_headers listing itself with trace_id", {
        "api_key": "pk-test",
        "forward_headers": ["forward_headers", "trace_id"],
        "trace_id": "abc",
    })
    return cases


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def capture(server: CaptureServer, case: Dict[str, Any]) -> Dict[str, Any]:
    name = case["name"]
    first = run_sync(server, case)
    if len(first) != 1:
        raise SystemExit(f"case {name!r}: SDK sent {len(first)} requests (expected exactly 1)")
    expect, notes = expectation(first[0])

    again = run_sync(server, case)
    if len(again) != 1 or expectation(again[0])[0] != expect:
        raise SystemExit(f"case {name!r}: second sync run sent a different request")

    async_sent = run_async(server, case)
    if len(async_sent) != 1:
        raise SystemExit(f"case {name!r}: AsyncPortkey sent {len(async_sent)} requests")
    async_expect = expectation(async_sent[0])[0]
    if async_expect != expect:
        raise SystemExit(
            f"case {name!r}: AsyncPortkey request differs:\n sync:  {expect}\n async: {async_expect}"
        )

    for note in notes:
        print(f"note: case {name!r}: {note}", file=sys.stderr)
    return {
        "name": name,
        "client": case["client"],
        "env": case["env"],
        "request": case["request"],
        "expect": expect,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON file")
    parser.add_argument("--force-venv", action="store_true",
                        help="use conformance/.venv even if the running python has the SDK")
    args = parser.parse_args()
    ensure_sdk(SCRIPT, args.force_venv)

    started = time.monotonic()
    server = CaptureServer()
    thread = threading.Thread(target=server.serve_forever, name="capture-server", daemon=True)
    thread.start()
    try:
        results = [capture(server, case) for case in build_cases()]
    finally:
        server.shutdown()
        server.server_close()

    document = {
        "generator": GENERATOR,
        "sdk": SDK_LABEL,
        "ignored_headers": IGNORED_HEADERS,
        "cases": results,
    }
    out: Path = args.out
    if not out.is_absolute():
        out = Path.cwd() / out
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(results)} cases to {out} in {time.monotonic() - started:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
