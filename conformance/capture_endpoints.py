#!/usr/bin/env python3
"""Inventory every public resource method of the Python SDK and capture what each sends.

The official Python SDK ``portkey-ai==2.3.4`` is pointed at a local recording
HTTP server and every public method of every resource of the sync
``portkey_ai.Portkey`` client (``client.beta.threads.runs.steps.list`` and so
on) is called once with representative arguments (every required parameter,
a couple of optional ones, query parameters such as ``limit=2, order="desc"``,
distinctive path parameter values such as ``thread_id="thread_1"``, small
in-memory files).  Methods with a meaningfully different mode get a second
case (``stream=True``, a file id instead of an upload, several images, a
``list()`` without arguments that shows which defaults are sent, ...).

Two files are written:

``tests/endpoints/sdk_methods.json`` (the inventory)
    ``methods``: one entry per public method that sends HTTP requests, sorted
    by name:

    * ``name``, ``resource``, ``method``, ``class`` (module.qualname of the
      resource class), ``doc`` (first docstring line or "");
    * ``params`` from ``inspect.signature`` (name, required, kind,
      annotation as a short string, ``default`` when it is not an
      omit/NOT_GIVEN sentinel); ``**kwargs`` is reported as
      ``accepts_kwargs``;
    * ``verb`` and ``path``: the first request's, as a template relative to
      the base URL, path parameters named after the Python parameter that
      supplied them (ids a helper takes from a reply are named after the path
      segment before them: ``/threads/{thread_id}/runs/{run_id}``);
    * ``route``: ``openai`` when the request went through the vendored OpenAI
      client (it sends ``x-stainless-*`` headers and a placeholder
      ``Authorization``), ``portkey`` for Portkey's own httpx client; read
      from the headers and checked against which client's request function
      ran;
    * ``query``: the query parameter names the method can send, from the
      source (the ``query=`` dict of the vendored OpenAI method, or the
      ``query`` dict a Portkey method urlencodes into its path) plus those
      seen on the wire; ``query_kwargs: true`` when ``**kwargs`` go into the
      query too;
    * ``body`` (``none`` / ``json`` / ``multipart`` / ``bytes``) and, for
      multipart, ``multipart_files`` (the parts that carry files);
    * ``reply``: how the SDK reads the reply (``json`` / ``bytes`` / ``jsonl``
      / ``sse`` / ``none`` / ``text``, from the cast type and stream flags the
      SDK passes to its request function), ``cast_to`` (the type the SDK
      returns; for the OpenAI route also ``openai_cast_to``, the vendored
      type the OpenAI client parses into);
    * ``streams``: ``{"param": "stream", "event": ...}`` when a keyword turns
      SSE on, ``"param": null`` for methods that always stream, else null;
    * ``pages``: ``page`` / ``cursor`` / ``conversation_cursor`` for methods
      whose vendored OpenAI call returns a ``SyncPage`` /
      ``SyncCursorPage`` / ``SyncConversationCursorPage``;
    * ``requests``: requests one call makes; helpers that loop or combine
      calls (``*_and_poll``, ``poll``, ``upload*``, stream helpers,
      ``wait_for_processing``) also carry ``"helper": true`` and
      ``sequence``, the verb/path template of each request;
    * ``notes``: behaviour read from the source that the capture does not
      show by itself (and a few things the capture shows that are easy to
      miss, e.g. an empty ``{}`` body or a bare trailing ``?``).

    ``out``: public methods that send nothing (webhook verification; the
    websocket ``connect`` methods, with the path and query they would connect
    to), internal helpers that ``create()`` dispatches to, and methods that
    cannot be called (the exception, plus what they would send).

``tests/endpoints/wire.json`` (the wire capture)
    ``cases``, sorted by name: one per method that sends a request, named
    after the method, plus variants named ``"<method> (<variant>)"``
    (``stream``, a file id instead of an upload, several images,
    ``defaults``: a call without optional arguments that shows which
    defaults are sent, non-string / None query values, ...).  Each case has
    the call as Python source, the same arguments split the way a generated
    client takes them (``call``: path parameters in template order, query
    name/value pairs as sent (decoded, in wire order), JSON body, multipart
    parts or raw bytes) and the captured request (``expect``: method, path,
    raw query string, headers, content type, JSON body, multipart parts or
    raw bytes).  Helpers record their first request in ``expect`` and the
    following ones in ``more``; ``requests`` is the count.

How a case runs:

* every ``PORTKEY_*`` and ``OPENAI_*`` variable is removed from the
  environment, then ``portkey_ai.Portkey(api_key="pk-test",
  virtual_key="vk-test", base_url="http://127.0.0.1:<port>/v1")`` is built
  (``max_retries`` is set to 0 on both the Portkey client and its vendored
  OpenAI client; the server never fails anyway, so more requests than
  expected means a helper polled);
* the method is called and its result fully consumed (streams iterated to the
  end, stream managers entered and drained, binary replies read);
* ``time.sleep`` is a no-op, so polling helpers do not wait; the server
  answers with ``"status": "completed"`` (``"processed"`` for
  ``files.wait_for_processing``, zero in-progress file counts for file
  batches) so polling ends at once.

The capture server is a stdlib ``ThreadingHTTPServer`` on 127.0.0.1, port 0,
in a background thread (as in ``capture_wire.py``).  It answers with what
the case asks for: by default a JSON object holding the required fields of
the type the method returns (Portkey's wrappers validate the reply with
pydantic), or a chat completion / response object, raw bytes
(``application/octet-stream`` / ``audio/mpeg`` / ``application/sdp``), JSONL
(``batches.output``) or ``text/event-stream`` (two events of the right kind,
then ``data: [DONE]``).

Headers: names are lowercased and ``ignored_headers`` (``capture_wire.py``'s
list: user-agent-like and transport headers; entries ending in ``*`` are
prefixes) are left out.  A header sent twice is recorded once with the values
joined by ``", "``.  ``content-type`` is recorded without the multipart
``boundary`` parameter (random per request); multipart bodies are recorded as
parsed parts in wire order (text fields as ``value``, file fields as
``filename`` / ``content_type`` / ``data_b64``).

Two harness settings do not change what is sent: every httpx client shares
one SSL context (building one per client dominated the run time), and
``mimetypes`` uses Python's built-in table only (httpx guesses the content
type of the one real file, the WAV upload, from its name).

Self checks (failures abort the run, nothing is written):

* each case runs twice and must record identical requests;
* a method that is not a helper must make exactly one request, a helper
  exactly the number its case declares;
* the route seen in the headers must match the client whose request function
  ran;
* every public method found is either in ``methods`` or in ``out``; methods
  that send nothing (webhooks, websockets) must really send nothing.

Both files are written with ``json.dump(indent=2, ensure_ascii=False)`` plus a
newline and are deterministic (no ports, timestamps or multipart boundaries).
A summary (counts by body kind, reply kind, route and verb, and the methods
that could not be called) is printed to stderr.

Run from the repository root (takes about 15 seconds)::

    python3 conformance/capture_endpoints.py [--inventory PATH] [--wire PATH]

If ``portkey-ai`` 2.3.4 is not importable by the running interpreter, the
script creates ``conformance/.venv``, installs ``portkey-ai==2.3.4`` into it
and re-executes itself with that venv's python (``--force-venv`` does this
even when the running interpreter already has the SDK).
"""

from __future__ import annotations

import argparse
import ast
import base64
import collections
import email.message
import hashlib
import hmac
import inspect
import io
import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, unquote

import capture_wire
from capture_wire import IGNORED_HEADERS  # the same list (user-agent-like and transport headers)
from sdk import SDK_LABEL, ensure_sdk

GENERATOR = "conformance/capture_endpoints.py"

SCRIPT = Path(__file__).resolve()
REPO_ROOT = SCRIPT.parent.parent
DEFAULT_INVENTORY = REPO_ROOT / "tests" / "endpoints" / "sdk_methods.json"
DEFAULT_WIRE = REPO_ROOT / "tests" / "endpoints" / "wire.json"

CLIENT = {"api_key": "pk-test", "virtual_key": "vk-test"}
BASE_PREFIX = "/v1"


# Ids the capture server hands out in its replies; helpers put them in later paths.
SERVER_ID = "srv_id"
SERVER_THREAD_ID = "srv_thread"

# Internal helpers that are public by accident: name -> the public method that calls them.
INTERNAL_HELPERS = {
    "chat.completions.normal_create": "chat.completions.create",
    "chat.completions.stream_create": "chat.completions.create",
    "completions.normal_create": "completions.create",
    "completions.stream_create": "completions.create",
    "beta.threads.normal_create_and_run": "beta.threads.create_and_run",
    "beta.threads.stream_create_and_run": "beta.threads.create_and_run",
    "beta.threads.runs.normal_create": "beta.threads.runs.create",
    "beta.threads.runs.stream_create": "beta.threads.runs.create",
}

# Methods that loop or combine several calls (or wrap a stream in a manager).
HELPERS = {
    "beta.chat.completions.stream",
    "beta.threads.create_and_run_poll",
    "beta.threads.create_and_run_stream",
    "beta.threads.runs.create_and_poll",
    "beta.threads.runs.create_and_stream",
    "beta.threads.runs.poll",
    "beta.threads.runs.stream",
    "beta.threads.runs.submit_tool_outputs_and_poll",
    "beta.threads.runs.submit_tool_outputs_stream",
    "chat.completions.stream",
    "files.wait_for_processing",
    "responses.stream",
    "uploads.upload_file_chunked",
    "vector_stores.file_batches.create_and_poll",
    "vector_stores.file_batches.poll",
    "vector_stores.file_batches.upload_and_poll",
    "vector_stores.files.create_and_poll",
    "vector_stores.files.poll",
    "vector_stores.files.upload",
    "vector_stores.files.upload_and_poll",
    "videos.create_and_poll",
    "videos.poll",
}

# Behaviour read from the SDK source that the capture alone does not show (or shows
# only for the arguments used).  Checked against portkey-ai 2.3.4.
NOTES: Dict[str, List[str]] = {
    "admin.workspaces.delete": ["DELETE with a JSON body {workspace_id, name}"],
    "api_keys.create": ["type and sub_type are path segments and also body fields ('type', 'sub-type')"],
    "audio.speech.create": ["stream=True only switches to with_streaming_response (the reply body is read "
                            "as a byte stream); the request does not change. It does so by replacing the "
                            "resource's openai_client for good, so later calls on the same resource stream too"],
    "audio.transcriptions.create": [
        "file must have a .name; with calculate_audio_duration (the default) the SDK reads the file at that path "
        "from disk and sends x-portkey-audio-file-duration (milliseconds)",
        "without stream the reply is always parsed as JSON (Transcription, or TranscriptionVerbose for "
        "response_format='verbose_json'), even for response_format='text'/'srt'/'vtt'",
    ],
    "audio.translations.create": [
        "file must have a .name; with calculate_audio_duration (the default) the SDK reads the file at that path "
        "from disk and sends x-portkey-audio-file-duration (milliseconds)",
        "the reply is always parsed as JSON (Translation)",
    ],
    "batches.output": ["Portkey route with cast_to=None: returns the raw httpx.Response (a JSONL body)"],
    "beta.assistants.update": ["model defaults to 'portkey-default' and is always sent"],
    "beta.chat.completions.stream": ["a generator: yields model_dump_json() of each 'chunk' event and stops at "
                                     "'content.done'"],
    "beta.threads.create_and_run": ["with stream=True the SDK yields the raw SSE lines as strings ('data: ' "
                                    "stripped, 'event: ...' lines included) until [DONE]"],
    "beta.threads.runs.create": ["with stream=True the SDK yields the raw SSE lines as strings ('data: ' "
                                 "stripped, 'event: ...' lines included) until [DONE]"],
    "beta.threads.runs.submit_tool_outputs": ["stream=True sends \"stream\": true but the SDK still reads "
                                              "the reply as one JSON Run (it raises on the SSE reply)"],
    "configs.update": ["slug is a path segment and also a body field"],
    "images.edit": ["keyword arguments other than extra_headers/extra_query/extra_body/timeout are dropped"],
    "images.generate": ["keyword arguments other than extra_headers/extra_query/extra_body/timeout are dropped"],
    "logs.create": ["Portkey route with cast_to=None: returns the raw httpx.Response unparsed"],
    "prompts.completions.create": ["config is accepted but not sent; extra_headers are sent as request headers"],
    "prompts.render": ["stream (default False) is sent in the body, but the call never asks for a stream; like "
                       "every Portkey-route call, a text/event-stream reply still becomes a Stream of the cast "
                       "type (PromptRender)"],
    "responses.parse": ["stream is forwarded into the body, but the reply is parsed as one JSON Response "
                        "(it raises on an SSE reply)"],
    "skills.create": ["files=[f, ...] sends every file twice as 'files[]' parts (the vendored client extracts "
                      "the paths ['files', '<array>'] and ['files']); a single file object is sent once as 'files'"],
    "skills.versions.create": ["files=[f, ...] sends every file twice as 'files[]' parts (the vendored client "
                               "extracts the paths ['files', '<array>'] and ['files']); a single file object is "
                               "sent once as 'files'"],
    "videos.edit": ["video={'id': ...} (a reference, allowed by the type) raises RuntimeError in the vendored "
                    "extract_files; only an upload works"],
    "videos.extend": ["video={'id': ...} (a reference, allowed by the type) raises RuntimeError in the vendored "
                      "extract_files; only an upload works"],
}

# Methods the SDK cannot call; what they would send, read from the source.
BROKEN = {
    "generations.create": {
        "verb": "POST",
        "path": "/v1/prompts/{prompt_id}/generate",
        "note": "deprecated; _post() is called with an unexpected 'mode' argument, so it raises before sending. "
                "The path already starts with /v1 and would be joined to the base URL (/v1/v1/prompts/...); "
                "the body would be {variables}",
    },
}

WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"conformance-webhook-secret-0123").decode()


# --------------------------------------------------------------------------
# Replies
# --------------------------------------------------------------------------

# The base of every JSON reply: ids helpers put into later paths, a terminal status
# for polling helpers, an empty page.  `auto_reply` adds the required fields of the
# type the method parses the reply into (and drops base fields that type rejects).
GENERIC_REPLY: Dict[str, Any] = {
    "id": SERVER_ID,
    "status": "completed",
    "thread_id": SERVER_THREAD_ID,
    "data": [],
    "has_more": False,
    "success": True,
}

CHAT_COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}

TEXT_COMPLETION = {
    "id": "cmpl-1",
    "object": "text_completion",
    "created": 1,
    "model": "gpt-3.5-turbo-instruct",
    "choices": [{"index": 0, "text": "ok", "finish_reason": "stop", "logprobs": None}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "model": "gpt-4o-mini",
    "status": "completed",
    "output": [{
        "type": "message",
        "id": "msg_1",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": "ok", "annotations": []}],
    }],
    "parallel_tool_calls": False,
    "tool_choice": "auto",
    "tools": [],
    "error": None,
    "incomplete_details": None,
    "instructions": None,
    "metadata": {},
    "temperature": 1.0,
    "top_p": 1.0,
}

RUN = {
    "id": "run_1",
    "object": "thread.run",
    "created_at": 1,
    "assistant_id": "asst_1",
    "thread_id": "thread_1",
    "status": "completed",
    "instructions": "",
    "model": "gpt-4o-mini",
    "tools": [],
    "parallel_tool_calls": False,
}


def chat_chunks() -> List[Tuple[Optional[str], Any]]:
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
    return [
        (None, dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": "ok"}, "finish_reason": None}])),
        (None, dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}])),
    ]


def completion_chunks() -> List[Tuple[Optional[str], Any]]:
    base = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct"}
    return [
        (None, dict(base, choices=[{"index": 0, "text": "ok", "finish_reason": None, "logprobs": None}])),
        (None, dict(base, choices=[{"index": 0, "text": "", "finish_reason": "stop", "logprobs": None}])),
    ]


def response_events() -> List[Tuple[Optional[str], Any]]:
    return [
        ("response.created", {"type": "response.created", "sequence_number": 0,
                              "response": dict(RESPONSE, status="in_progress", output=[])}),
        ("response.completed", {"type": "response.completed", "sequence_number": 1, "response": RESPONSE}),
    ]


def assistant_events() -> List[Tuple[Optional[str], Any]]:
    return [
        ("thread.run.created", dict(RUN, status="queued")),
        ("thread.run.completed", RUN),
    ]


def image_events() -> List[Tuple[Optional[str], Any]]:
    return [
        ("image_generation.partial_image", {"type": "image_generation.partial_image", "b64_json": "AA==",
                                            "partial_image_index": 0, "created_at": 1, "size": "1024x1024",
                                            "quality": "low", "background": "auto", "output_format": "png"}),
        ("image_generation.completed", {"type": "image_generation.completed", "b64_json": "AA==", "created_at": 1,
                                        "size": "1024x1024", "quality": "low", "background": "auto",
                                        "output_format": "png",
                                        "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2,
                                                  "input_tokens_details": {"image_tokens": 0, "text_tokens": 1}}}),
    ]


def transcript_events() -> List[Tuple[Optional[str], Any]]:
    return [
        (None, {"type": "transcript.text.delta", "delta": "ok"}),
        (None, {"type": "transcript.text.done", "text": "ok"}),
    ]


SSE_EVENTS: Dict[str, Callable[[], List[Tuple[Optional[str], Any]]]] = {
    "chat": chat_chunks,
    "completion": completion_chunks,
    "response": response_events,
    "assistant": assistant_events,
    "image": image_events,
    "transcript": transcript_events,
}


def minimal_value(tp: Any) -> Any:
    """A small value that validates as `tp` (ints are 0 so that polling helpers stop)."""
    import typing

    import pydantic

    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return minimal_value(args[0])
    if origin is typing.Literal:
        return args[0]
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        options = [a for a in args if a is not type(None)]
        return minimal_value(options[0]) if options else None
    if origin in (list, set, tuple) or (origin is not None and getattr(origin, "__name__", "") in
                                         ("Sequence", "Iterable", "List")):
        return []
    if origin is dict or (origin is not None and getattr(origin, "__name__", "") in ("Mapping", "Dict")):
        return {}
    if tp is str:
        return "x"
    if tp is bool:
        return False
    if tp is int:
        return 0
    if tp is float:
        return 0.0
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return minimal_model(tp)
    return None


def minimal_model(cls: Any) -> Dict[str, Any]:
    return {
        (field.alias or name): minimal_value(field.annotation)
        for name, field in cls.model_fields.items()
        if field.is_required()
    }


def auto_reply(bound: Any) -> "Reply":
    """GENERIC_REPLY plus the required fields of the type the method returns."""
    import pydantic

    try:
        cls = inspect.signature(bound, eval_str=True).return_annotation
    except Exception:  # noqa: BLE001 - an annotation that does not evaluate: no type
        cls = None
    if not (isinstance(cls, type) and issubclass(cls, pydantic.BaseModel)):
        return Reply("json", dict(GENERIC_REPLY))
    required = minimal_model(cls)
    body = {**required, **GENERIC_REPLY}  # the base wins where the type accepts it ("status")
    for _ in range(len(GENERIC_REPLY) + 1):
        try:
            cls.model_validate(body)
            break
        except pydantic.ValidationError as err:
            rejected = {e["loc"][0] for e in err.errors() if e["loc"]} & set(GENERIC_REPLY)
            if not rejected:
                break
            for k in rejected:
                if k in required and body[k] != required[k]:
                    body[k] = required[k]
                else:
                    body.pop(k, None)
    return Reply("json", body)


class Reply:
    """What the capture server answers to every request of a case."""

    def __init__(self, kind: str = "json", json_body: Optional[Dict[str, Any]] = None,
                 content_type: Optional[str] = None, events: Optional[str] = None) -> None:
        self.kind = kind
        self.json_body = json_body
        self.content_type = content_type
        self.events = events

    def render(self) -> Tuple[str, bytes]:
        if self.kind == "json":
            body = self.json_body if self.json_body is not None else GENERIC_REPLY
            return "application/json", json.dumps(body).encode("utf-8")
        if self.kind == "bytes":
            return self.content_type or "application/octet-stream", b"\x00\x01binary-reply\xfe\xff"
        if self.kind == "jsonl":
            lines = [
                {"id": "batch_req_1", "custom_id": "request-1", "response": {"status_code": 200, "body": CHAT_COMPLETION}},
                {"id": "batch_req_2", "custom_id": "request-2", "response": {"status_code": 200, "body": CHAT_COMPLETION}},
            ]
            return "application/jsonl", "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")
        if self.kind == "text":
            return "text/plain", b"ok"
        if self.kind == "sse":
            assert self.events is not None
            out = []
            for event, data in SSE_EVENTS[self.events]():
                if event is not None:
                    out.append(f"event: {event}\n")
                out.append(f"data: {json.dumps(data)}\n\n")
            out.append("data: [DONE]\n\n")
            return "text/event-stream", "".join(out).encode("utf-8")
        raise ValueError(self.kind)


def json_reply(**fields: Any) -> Reply:
    return Reply("json", dict(GENERIC_REPLY, **fields))


R_CHAT = Reply("json", CHAT_COMPLETION)
R_TEXT_COMPLETION = Reply("json", TEXT_COMPLETION)
R_RESPONSE = Reply("json", RESPONSE)
R_BYTES = Reply("bytes")
R_AUDIO = Reply("bytes", content_type="audio/mpeg")
R_SDP = Reply("bytes", content_type="application/sdp")
R_JSONL = Reply("jsonl")


def sse(events: str) -> Reply:
    return Reply("sse", events=events)


# --------------------------------------------------------------------------
# Capture server (as in capture_wire.py; the reply comes from the current case)
# --------------------------------------------------------------------------


class CaptureHandler(capture_wire.CaptureHandler):
    """capture_wire's handler (body reading, replies), recording the request target too and
    answering with the current case's reply."""

    server: "CaptureServer"

    def _handle(self) -> None:
        body = self._read_body()
        path, sep, query = self.path.partition("?")
        self.server.record(
            {
                "method": self.command,
                "target": self.path,
                "path": path,
                "query": query,
                "empty_query_mark": bool(sep) and not query,
                "headers": [[k.lower(), v] for k, v in self.headers.items()],
                "body": body,
            }
        )
        content_type, data = self.server.reply.render()
        self._send(200, content_type, data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


class CaptureServer(capture_wire.CaptureServer):
    """capture_wire's server (recording, base URL), with the reply of the current case."""

    def __init__(self) -> None:
        super().__init__(CaptureHandler)
        self.reply = Reply()


# --------------------------------------------------------------------------
# Hooks: which client's request function ran, with which cast/stream/page types
# --------------------------------------------------------------------------

TRACE: List[Dict[str, Any]] = []
VENDOR_RESOURCES = os.sep + os.path.join("_vendor", "openai", "resources") + os.sep


PORTKEY_APIS = os.sep + os.path.join("portkey_ai", "api_resources", "apis") + os.sep


def innermost_frame(marker: str) -> Optional[Tuple[str, int, str]]:
    """(file, first line, name) of the innermost calling function whose file path contains `marker`."""
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if marker in code.co_filename:
            return (code.co_filename, code.co_firstlineno, code.co_name)
        frame = frame.f_back
    return None


def install_hooks() -> None:
    from portkey_ai._vendor.openai import _base_client as openai_base
    from portkey_ai.api_resources import base_client as portkey_base

    original_openai_request = openai_base.SyncAPIClient.request

    def openai_request(self: Any, cast_to: Any, options: Any, *args: Any, **kwargs: Any) -> Any:
        TRACE.append({
            "route": "openai",
            "cast_to": cast_to,
            "stream": bool(kwargs.get("stream", False)),
            "stream_cls": kwargs.get("stream_cls"),
            "frame": innermost_frame(VENDOR_RESOURCES),
            "portkey_frame": innermost_frame(PORTKEY_APIS),
        })
        return original_openai_request(self, cast_to, options, *args, **kwargs)

    openai_base.SyncAPIClient.request = openai_request  # type: ignore[method-assign]

    original_portkey_request = portkey_base.APIClient._request

    def portkey_request(self: Any, *, options: Any, retry_count: int = 0, **kwargs: Any) -> Any:
        if retry_count == 0:
            TRACE.append({
                "route": "portkey",
                "cast_to": kwargs.get("cast_to"),
                "stream": bool(kwargs.get("stream")),
                "stream_cls": kwargs.get("stream_cls"),
                "frame": None,
                "portkey_frame": None,
            })
        return original_portkey_request(self, options=options, retry_count=retry_count, **kwargs)

    portkey_base.APIClient._request = portkey_request  # type: ignore[method-assign]

    # Polling helpers sleep between polls (and once before the first one).
    time.sleep = lambda seconds: None  # type: ignore[assignment]

    # Speed only: every client builds two httpx clients, each loading the CA bundle
    # (~50 ms); the server is plain http on loopback, so share one SSL context.
    import httpx._transports.default as httpx_transports

    original_ssl_context = httpx_transports.create_ssl_context
    contexts: Dict[Any, Any] = {}

    def shared_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
        key = (repr(verify), repr(cert), trust_env)
        if key not in contexts:
            contexts[key] = original_ssl_context(verify=verify, cert=cert, trust_env=trust_env)
        return contexts[key]

    httpx_transports.create_ssl_context = shared_ssl_context  # type: ignore[assignment]

    # httpx guesses the content type of file objects (the audio upload) from the file
    # name; use Python's built-in table only, not the machine's /etc/mime.types.
    import mimetypes

    mimetypes.init(files=[])


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------


class FileArg:
    """A file argument: a (filename, bytes, content type) tuple, or a real file opened for reading."""

    def __init__(self, filename: str, data: bytes, content_type: Optional[str] = None, opened: bool = False) -> None:
        self.filename = filename
        self.data = data
        self.content_type = content_type
        self.opened = opened

    def __repr__(self) -> str:
        if self.opened:
            return f"open({self.filename!r}, 'rb')"
        return repr((self.filename, self.data, self.content_type))


class Case:
    def __init__(self, method: str, args: Tuple[Any, ...], kwargs: Dict[str, Any], variant: Optional[str],
                 reply: Optional[Reply], requests: int) -> None:
        self.method = method
        self.args = args
        self.kwargs = kwargs
        self.variant = variant
        self.reply = reply
        self.requests = requests

    @property
    def name(self) -> str:
        return self.method if self.variant is None else f"{self.method} ({self.variant})"

    def python(self) -> str:
        parts = [pysrc(a) for a in self.args] + [f"{k}={pysrc(v)}" for k, v in self.kwargs.items()]
        return f"client.{self.method}({', '.join(parts)})"


def pysrc(value: Any) -> str:
    if isinstance(value, FileArg):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pysrc(k)}: {pysrc(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(pysrc(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(pysrc(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def materialize(value: Any, tmpdir: Path, opened: List[Any]) -> Any:
    if isinstance(value, FileArg):
        if value.opened:
            path = tmpdir / value.filename
            path.write_bytes(value.data)
            f = open(path, "rb")
            opened.append(f)
            return f
        return (value.filename, value.data, value.content_type)
    if isinstance(value, dict):
        return {k: materialize(v, tmpdir, opened) for k, v in value.items()}
    if isinstance(value, list):
        return [materialize(v, tmpdir, opened) for v in value]
    return value


def wav_bytes() -> bytes:
    """A valid 8 kHz mono 8-bit WAV file holding 8 samples (1 ms)."""
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * 8)
    return buf.getvalue()


HI = [{"role": "user", "content": "hi"}]
T_MIN = "2024-01-01T00:00:00Z"
T_MAX = "2024-01-31T23:59:59Z"
JSONL_FILE = FileArg("data.jsonl", b'{"a":1}\n', "application/jsonl")
TEXT_FILE = FileArg("notes.txt", b"hello from conformance\n", "text/plain")
PNG_FILE = FileArg("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
PNG_FILE_2 = FileArg("mask.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rMASK", "image/png")
MP4_FILE = FileArg("clip.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "video/mp4")
WAV_FILE = FileArg("speech.wav", wav_bytes(), opened=True)
SKILL_FILE = FileArg("SKILL.md", b"# Skill\nSay hi.\n", "text/markdown")
CHECKPOINT = "ft:gpt-4o-mini:acme:ckpt1"
GRADER = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
          "reference": "{{item.answer}}", "operation": "eq"}
TOOL_OUTPUTS = [{"tool_call_id": "call_1", "output": "42"}]
MCP_CAPS = [{"name": "search", "type": "tool", "enabled": True}]
STEP_INCLUDE = ["step_details.tool_calls[*].file_search.results[*].content"]


def build_cases() -> List[Case]:
    cases: List[Case] = []

    def c(method: str, *args: Any, _variant: Optional[str] = None, _reply: Optional[Reply] = None,
          _requests: int = 1, **kwargs: Any) -> None:
        case = Case(method, args, kwargs, _variant, _reply, _requests)
        assert all(x.name != case.name for x in cases), f"duplicate case {case.name!r}"
        cases.append(case)

    # --- admin (Portkey) ----------------------------------------------------------
    c("admin.users.retrieve", user_id="user_1")
    c("admin.users.list", page_size=2, current_page=1, email="a@example.com", role="member")
    c("admin.users.list", _variant="defaults")
    c("admin.users.update", user_id="user_1", role="member")
    c("admin.users.delete", user_id="user_1")
    c("admin.users.invites.create", email="a@example.com", role="member",
      workspaces=[{"id": "ws_1", "role": "member"}], workspace_api_key_details={"scopes": ["logs.view"]})
    c("admin.users.invites.retrieve", invite_id="invite_1")
    c("admin.users.invites.list", page_size=2, current_page=1, email="a@example.com", role="member",
      status="pending")
    c("admin.users.invites.list", _variant="defaults")
    c("admin.users.invites.delete", invite_id="invite_1")
    c("admin.users.invites.resend", invite_id="invite_1")
    c("admin.workspaces.create", name="Team A", description="first workspace",
      defaults={"metadata": {"team": "a"}}, users=["user_1"])
    c("admin.workspaces.retrieve", workspace_id="workspace_1")
    c("admin.workspaces.list", name="Team A", page_size=2, current_page=1, exact_name="Team A")
    c("admin.workspaces.list", _variant="defaults")
    c("admin.workspaces.update", workspace_id="workspace_1", name="Team B", description="renamed",
      defaults={"metadata": {"team": "b"}})
    c("admin.workspaces.delete", workspace_id="workspace_1", name="Team B")
    c("admin.workspaces.users.create", workspace_id="workspace_1", users=[{"id": "user_2", "role": "member"}])
    c("admin.workspaces.users.retrieve", workspace_id="workspace_1", user_id="user_2")
    c("admin.workspaces.users.list", workspace_id="workspace_1", page_size=2, current_page=1,
      email="a@example.com", role="member")
    c("admin.workspaces.users.list", _variant="defaults", workspace_id="workspace_1")
    c("admin.workspaces.users.update", workspace_id="workspace_1", user_id="user_2", role="manager")
    c("admin.workspaces.users.delete", workspace_id="workspace_1", user_id="user_2")

    # --- analytics (Portkey) ---------------------------------------------------------
    for graph in ["cache_hit_rate", "cache_latency", "cost", "errors", "errors_rate", "errors_stacks",
                  "errors_status_codes", "feedbacks", "feedbacks_ai_models", "feedbacks_scores",
                  "feedbacks_weighted", "latency", "requests", "requests_rescued", "tokens", "users",
                  "users_requests"]:
        c(f"analytics.graphs.{graph}", time_of_generation_min=T_MIN, time_of_generation_max=T_MAX,
          workspace_slug="ws-1", status_code="200")
    for group in ["ai_models", "users", "workspaces"]:
        c(f"analytics.groups.{group}", time_of_generation_min=T_MIN, time_of_generation_max=T_MAX,
          current_page=1, page_size=2, order_by="requests", order_by_type="desc")
    c("analytics.groups.metadata", metadata_key="env_key", time_of_generation_min=T_MIN,
      time_of_generation_max=T_MAX, page_size=2)
    c("analytics.groups.group_by", group_by="model", time_of_generation_min=T_MIN, time_of_generation_max=T_MAX,
      columns="requests,cost", include_total=True)
    c("analytics.summary.cache", time_of_generation_min=T_MIN, time_of_generation_max=T_MAX, workspace_slug="ws-1")
    # The Portkey route urlencodes str(value): Python reprs for dicts/lists, "True"/"None" for bools/None.
    c("analytics.graphs.requests", _variant="non-string query values", time_of_generation_min=T_MIN,
      time_of_generation_max=T_MAX, cost_min=0.5, total_units_max=None, metadata={"env": "prod"},
      api_key_ids=["key_1", "key_2"], cache_status=False)

    # --- api_keys (Portkey) ---------------------------------------------------------
    c("api_keys.create", type="organisation", sub_type="service", name="ci key", description="for CI",
      workspace_id="ws_1", scopes=["logs.view", "configs.read"],
      rate_limits=[{"type": "requests", "unit": "rpm", "value": 100}], usage_limits={"credit_limit": 10},
      defaults={"metadata": {"team": "a"}}, expires_at="2030-01-01T00:00:00Z")
    c("api_keys.retrieve", id="apikey_1")
    c("api_keys.list", page_size=2, current_page=1, workspace_id="ws_1")
    c("api_keys.list", _variant="defaults")
    c("api_keys.update", id="apikey_1", name="renamed", description="d", scopes=["logs.view"],
      usage_limits={"credit_limit": 20})
    c("api_keys.delete", id="apikey_1")

    # --- audio (OpenAI) ---------------------------------------------------------------
    c("audio.speech.create", input="Hello!", model="tts-1", voice="alloy", response_format="mp3", speed=1.25,
      _reply=R_AUDIO)
    c("audio.transcriptions.create", file=WAV_FILE, model="whisper-1", language="en", response_format="json",
      temperature=0.0)
    c("audio.transcriptions.create", _variant="stream", file=WAV_FILE, model="gpt-4o-mini-transcribe",
      stream=True, _reply=sse("transcript"))
    c("audio.translations.create", file=WAV_FILE, model="whisper-1", prompt="context", temperature=0.0)

    # --- batches (OpenAI; output: Portkey) ----------------------------------------------
    c("batches.create", completion_window="24h", endpoint="/v1/chat/completions", input_file_id="file_1",
      metadata={"job": "nightly"})
    c("batches.retrieve", "batch_1")
    c("batches.list", after="batch_0", limit=2)
    c("batches.cancel", "batch_1")
    c("batches.output", "batch_1", _reply=R_JSONL)

    # --- beta.assistants -----------------------------------------------------------------
    c("beta.assistants.create", model="gpt-4o-mini", name="Helper", instructions="Be brief.",
      tools=[{"type": "code_interpreter"}], metadata={"team": "a"})
    c("beta.assistants.retrieve", "asst_1")
    c("beta.assistants.update", "asst_1", name="Helper 2", instructions="Be briefer.")
    c("beta.assistants.list", after="asst_0", limit=2, order="desc")
    c("beta.assistants.delete", "asst_1")

    # --- beta.chat -------------------------------------------------------------------------
    c("beta.chat.completions.parse", messages=HI, model="gpt-4o-mini", max_completion_tokens=16, _reply=R_CHAT)
    c("beta.chat.completions.stream", messages=HI, model="gpt-4o-mini", max_completion_tokens=16,
      _reply=sse("chat"))

    # --- beta.chatkit -----------------------------------------------------------------------
    c("beta.chatkit.sessions.create", user="user_1", workflow={"id": "wf_1", "version": "1"},
      expires_after={"anchor": "created_at", "seconds": 600})
    c("beta.chatkit.sessions.cancel", "cksess_1")
    c("beta.chatkit.threads.retrieve", "cthr_1")
    c("beta.chatkit.threads.list", after="cthr_0", limit=2, order="desc", user="user_1")
    c("beta.chatkit.threads.delete", "cthr_1")
    c("beta.chatkit.threads.list_items", "cthr_1", limit=2, order="asc")

    # --- beta.realtime ------------------------------------------------------------------------
    c("beta.realtime.sessions.create", model="gpt-4o-realtime-preview", modalities=["text"], instructions="Be brief.")
    c("beta.realtime.transcription_sessions.create", input_audio_format="pcm16",
      include=["item.input_audio_transcription.logprobs"])

    # --- beta.threads ---------------------------------------------------------------------------
    c("beta.threads.create", messages=HI, metadata={"team": "a"})
    c("beta.threads.retrieve", "thread_1")
    c("beta.threads.update", "thread_1", metadata={"team": "b"})
    c("beta.threads.delete", "thread_1")
    c("beta.threads.create_and_run", assistant_id="asst_1", thread={"messages": HI}, instructions="Be brief.")
    c("beta.threads.create_and_run", _variant="stream", assistant_id="asst_1", stream=True,
      thread={"messages": HI}, _reply=sse("assistant"))
    c("beta.threads.create_and_run_poll", assistant_id="asst_1", thread={"messages": HI}, instructions="Be brief.",
      _requests=2)
    c("beta.threads.create_and_run_stream", assistant_id="asst_1", thread={"messages": HI},
      _reply=sse("assistant"))
    c("beta.threads.messages.create", "thread_1", content="hi", role="user", metadata={"team": "a"})
    c("beta.threads.messages.retrieve", "thread_1", "msg_2")
    c("beta.threads.messages.update", "thread_1", "msg_2", metadata={"team": "b"})
    c("beta.threads.messages.list", "thread_1", limit=2, order="desc", run_id="run_3")
    c("beta.threads.messages.delete", "msg_2", thread_id="thread_1")
    c("beta.threads.runs.create", "thread_1", assistant_id="asst_1", instructions="Be brief.")
    c("beta.threads.runs.create", "thread_1", _variant="stream", assistant_id="asst_1", stream=True,
      _reply=sse("assistant"))
    c("beta.threads.runs.retrieve", "thread_1", "run_2")
    c("beta.threads.runs.update", "thread_1", "run_2", metadata={"team": "b"})
    c("beta.threads.runs.list", "thread_1", limit=2, order="desc")
    c("beta.threads.runs.cancel", "thread_1", "run_2")
    c("beta.threads.runs.create_and_poll", thread_id="thread_1", assistant_id="asst_1", instructions="Be brief.",
      _requests=2)
    c("beta.threads.runs.create_and_stream", thread_id="thread_1", assistant_id="asst_1", _reply=sse("assistant"))
    c("beta.threads.runs.poll", run_id="run_2", thread_id="thread_1")
    c("beta.threads.runs.stream", thread_id="thread_1", assistant_id="asst_1", instructions="Be brief.",
      _reply=sse("assistant"))
    c("beta.threads.runs.submit_tool_outputs", "run_2", thread_id="thread_1", tool_outputs=TOOL_OUTPUTS)
    c("beta.threads.runs.submit_tool_outputs_and_poll", run_id="run_2", thread_id="thread_1",
      tool_outputs=TOOL_OUTPUTS, _requests=2)
    c("beta.threads.runs.submit_tool_outputs_stream", run_id="run_2", thread_id="thread_1",
      tool_outputs=TOOL_OUTPUTS, _reply=sse("assistant"))
    c("beta.threads.runs.steps.retrieve", "thread_1", "run_2", "step_3", include=STEP_INCLUDE)
    c("beta.threads.runs.steps.list", "run_2", thread_id="thread_1", limit=2, order="desc", include=STEP_INCLUDE)

    # --- chat.completions ------------------------------------------------------------------------
    c("chat.completions.create", model="gpt-4o-mini", messages=HI, temperature=0.2, max_tokens=16, _reply=R_CHAT)
    c("chat.completions.create", _variant="stream", model="gpt-4o-mini", messages=HI, stream=True,
      _reply=sse("chat"))
    c("chat.completions.retrieve", "chatcmpl_1", _reply=R_CHAT)
    c("chat.completions.update", "chatcmpl_1", metadata={"team": "b"}, _reply=R_CHAT)
    c("chat.completions.update", "chatcmpl_1", _variant="metadata omitted", _reply=R_CHAT)
    c("chat.completions.list", limit=2, order="desc", model="gpt-4o-mini", metadata={"team": "a"})
    c("chat.completions.delete", "chatcmpl_1")
    c("chat.completions.messages.list", "chatcmpl_1", limit=2, order="asc")
    c("chat.completions.parse", messages=HI, model="gpt-4o-mini", max_completion_tokens=16, _reply=R_CHAT)
    c("chat.completions.stream", messages=HI, model="gpt-4o-mini", max_completion_tokens=16, _reply=sse("chat"))

    # --- collections (Portkey) ----------------------------------------------------------------------
    c("collections.create", "Support prompts", workspace_id="ws_1", parent_collection_id="coll_0")
    c("collections.list", workspace_id="ws_1", current_page=1, page_size=2, search="support")
    c("collections.list", _variant="defaults")
    c("collections.retrieve", "collection_1")
    c("collections.update", "collection_1", name="Renamed")
    c("collections.delete", "collection_1")

    # --- completions ------------------------------------------------------------------------------
    c("completions.create", model="gpt-3.5-turbo-instruct", prompt="Say hi", max_tokens=16, temperature=0.0,
      _reply=R_TEXT_COMPLETION)
    c("completions.create", _variant="stream", model="gpt-3.5-turbo-instruct", prompt="Say hi", stream=True,
      _reply=sse("completion"))
    c("completions.create", _variant="prompt omitted", model="gpt-3.5-turbo-instruct", _reply=R_TEXT_COMPLETION)

    # --- configs (Portkey) -----------------------------------------------------------------------
    c("configs.create", name="retry config", config={"retry": {"attempts": 3}}, is_default=0, workspace_id="ws_1")
    c("configs.retrieve", slug="pc-config-1")
    c("configs.list", workspace_id="ws_1")
    c("configs.list", _variant="defaults")
    c("configs.update", slug="pc-config-1", name="retry config 2", config={"retry": {"attempts": 5}},
      status="active")
    c("configs.delete", slug="pc-config-1")

    # --- containers -------------------------------------------------------------------------------
    c("containers.create", name="sandbox", expires_after={"anchor": "last_active_at", "minutes": 20},
      file_ids=["file_1"])
    c("containers.retrieve", "cntr_1")
    c("containers.list", limit=2, order="desc", after="cntr_0")
    c("containers.delete", "cntr_1")
    c("containers.files.create", "cntr_1", file=TEXT_FILE)
    c("containers.files.create", "cntr_1", _variant="file_id", file_id="file_2")
    c("containers.files.retrieve", "cfile_2", container_id="cntr_1")
    c("containers.files.list", "cntr_1", limit=2, order="asc")
    c("containers.files.delete", "cfile_2", container_id="cntr_1")
    c("containers.files.content.retrieve", "cfile_2", container_id="cntr_1", _reply=R_BYTES)

    # --- conversations ----------------------------------------------------------------------------
    conv_items = [{"type": "message", "role": "user", "content": "hi"}]
    c("conversations.create", items=conv_items, metadata={"team": "a"})
    c("conversations.retrieve", "conv_1")
    c("conversations.update", "conv_1", metadata={"team": "b"})
    c("conversations.delete", "conv_1")
    c("conversations.items.create", "conv_1", items=conv_items, include=["message.output_text.logprobs"])
    c("conversations.items.retrieve", "item_2", conversation_id="conv_1", include=["message.output_text.logprobs"])
    c("conversations.items.list", "conv_1", limit=2, order="desc", include=["message.output_text.logprobs"])
    c("conversations.items.delete", "item_2", conversation_id="conv_1")

    # --- embeddings / moderations / models -----------------------------------------------------------
    c("embeddings.create", input="hello", model="text-embedding-3-small", dimensions=8, encoding_format="float")
    c("moderations.create", input="hello", model="omni-moderation-latest")
    c("models.list")
    c("models.retrieve", "gpt-4o-mini")
    c("models.delete", "ft-model-1")

    # --- evals -------------------------------------------------------------------------------------
    c("evals.create", data_source_config={"type": "custom", "item_schema": {"type": "object", "properties": {}}},
      testing_criteria=[GRADER], name="exact match", metadata={"team": "a"})
    c("evals.retrieve", "eval_1")
    c("evals.update", "eval_1", name="renamed", metadata={"team": "b"})
    c("evals.list", limit=2, order="desc", order_by="created_at")
    c("evals.delete", "eval_1")
    c("evals.runs.create", "eval_1", data_source={"type": "jsonl", "source": {"type": "file_id", "id": "file_1"}},
      name="run one")
    c("evals.runs.retrieve", "evalrun_2", eval_id="eval_1")
    c("evals.runs.list", "eval_1", limit=2, order="desc", status="completed")
    c("evals.runs.delete", "evalrun_2", eval_id="eval_1")
    c("evals.runs.cancel", "evalrun_2", eval_id="eval_1")
    c("evals.runs.output_items.list", "evalrun_2", eval_id="eval_1", limit=2, status="pass")
    c("evals.runs.output_items.retrieve", "outitem_3", eval_id="eval_1", run_id="evalrun_2")

    # --- feedback (Portkey) -------------------------------------------------------------------------
    c("feedback.create", trace_id="trace_1", value=1, weight=0.5, metadata={"_user": "u-1"})
    c("feedback.bulk_create", feedbacks=[{"trace_id": "trace_1", "value": 1}, {"trace_id": "trace_2", "value": -1}])
    c("feedback.update", feedback_id="feedback_1", value=0, weight=1.0, metadata={"reviewed": True})

    # --- files ----------------------------------------------------------------------------------------
    c("files.create", JSONL_FILE, "batch")
    c("files.retrieve", "file_1")
    c("files.list", purpose="batch", after="file_0", limit=2, order="desc")
    c("files.delete", "file_1")
    c("files.content", "file_1", _reply=R_BYTES)
    c("files.retrieve_content", "file_1", _reply=R_BYTES)
    c("files.wait_for_processing", "file_1", _reply=json_reply(status="processed"))

    # --- fine_tuning ---------------------------------------------------------------------------------
    c("fine_tuning.jobs.create", model="gpt-4o-mini", training_file="file_1", suffix="nightly", seed=42,
      hyperparameters={"n_epochs": 1})
    c("fine_tuning.jobs.retrieve", "ftjob_1")
    c("fine_tuning.jobs.list", after="ftjob_0", limit=2)
    c("fine_tuning.jobs.cancel", "ftjob_1")
    c("fine_tuning.jobs.list_events", "ftjob_1", after="ftevent_0", limit=2)
    c("fine_tuning.jobs.checkpoints.list", "ftjob_1", limit=2)
    c("fine_tuning.checkpoints.permissions.create", CHECKPOINT, project_ids=["proj_1"])
    c("fine_tuning.checkpoints.permissions.retrieve", CHECKPOINT, limit=2, order="ascending", project_id="proj_1")
    c("fine_tuning.checkpoints.permissions.list", CHECKPOINT, limit=2, order="descending", project_id="proj_1")
    c("fine_tuning.checkpoints.permissions.delete", "perm_2", fine_tuned_model_checkpoint=CHECKPOINT)
    c("fine_tuning.alpha.graders.run", grader=GRADER, model_sample="42", item={"answer": "42"})
    c("fine_tuning.alpha.graders.validate", grader=GRADER)

    # --- generations (Portkey; deprecated) -----------------------------------------------------------------
    c("generations.create", prompt_id="prompt_1", variables={"name": "Ada"})

    # --- guardrails (Portkey) ---------------------------------------------------------------------------
    checks = [{"id": "default.regexMatch", "parameters": {"rule": "\\d{4}"}}]
    c("guardrails.create", name="no digits", checks=checks, actions={"onFail": "block", "deny": True},
      workspace_id="ws_1")
    c("guardrails.list", workspace_id="ws_1", page_size=2, current_page=1)
    c("guardrails.list", _variant="defaults")
    c("guardrails.retrieve", guardrail_id="guardrail_1")
    c("guardrails.update", guardrail_id="guardrail_1", name="no digits 2", checks=checks,
      actions={"onFail": "log"})
    c("guardrails.delete", guardrail_id="guardrail_1")

    # --- images ------------------------------------------------------------------------------------------
    c("images.create_variation", image=PNG_FILE, n=1, size="256x256", model="dall-e-2")
    c("images.edit", image=PNG_FILE, prompt="add a hat", model="gpt-image-1", size="1024x1024")
    c("images.edit", _variant="several images", image=[PNG_FILE, PNG_FILE_2], prompt="combine them",
      model="gpt-image-1", mask=PNG_FILE_2)
    c("images.edit", _variant="stream", image=PNG_FILE, prompt="add a hat", model="gpt-image-1", stream=True,
      partial_images=1, _reply=sse("image"))
    c("images.generate", prompt="a cat", model="gpt-image-1", size="1024x1024", n=1, quality="low")
    c("images.generate", _variant="stream", prompt="a cat", model="gpt-image-1", stream=True, partial_images=1,
      _reply=sse("image"))

    # --- integrations (Portkey) ------------------------------------------------------------------------
    c("integrations.create", name="OpenAI prod", ai_provider_id="openai", key="sk-test", workspace_id="ws_1",
      slug="openai-prod", description="d", configurations={"openai_organization": "org-1"})
    c("integrations.list", current_page=1, page_size=2, workspace_id="ws_1", type="workspace")
    c("integrations.list", _variant="defaults")
    c("integrations.retrieve", slug="integration_1")
    c("integrations.update", slug="integration_1", name="OpenAI prod 2", key="sk-test-2",
      configurations={"openai_organization": "org-2"})
    c("integrations.delete", slug="integration_1")
    c("integrations.workspaces.list", slug="integration_1")
    c("integrations.workspaces.update", slug="integration_1", global_workspace_access={"enabled": True},
      override_existing_workspaces_access=False, workspaces=[{"id": "ws_1", "enabled": True}])
    c("integrations.models.list", slug="integration_1")
    c("integrations.models.update", slug="integration_1", allow_all_models=False,
      models=[{"slug": "gpt-4o", "enabled": True}])
    c("integrations.models.delete", slug="integration_1", slugs="gpt-4o,gpt-4o-mini")

    # --- labels (Portkey) ---------------------------------------------------------------------------------
    c("labels.create", name="production", organization_id="org_1", workspace_id="ws_1", description="d",
      color_code="#ff0000")
    c("labels.list", organization_id="org_1", workspace_id="ws_1", current_page=1, page_size=2)
    c("labels.list", _variant="defaults")
    c("labels.retrieve", "label_1")
    c("labels.update", "label_1", name="staging", description="d2", color_code="#00ff00")
    c("labels.delete", "label_1")

    # --- logs (Portkey) ----------------------------------------------------------------------------------
    c("logs.create", request={"url": "https://api.openai.com/v1/chat/completions", "method": "POST",
                              "headers": {"content-type": "application/json"}, "body": {"model": "gpt-4o-mini"}},
      response={"status": 200, "body": {"id": "chatcmpl-1"}}, metadata={"trace_id": "trace_1"})
    c("logs.exports.create", filters={"time_of_generation_min": T_MIN}, workspace_id="ws_1", description="monthly",
      requested_data=["id", "cost"])
    c("logs.exports.retrieve", export_id="export_1")
    c("logs.exports.list", workspace_id="ws_1")
    c("logs.exports.list", _variant="defaults")
    c("logs.exports.update", export_id="export_1", workspace_id="ws_1", filters={"time_of_generation_max": T_MAX},
      requested_data=["id"])
    c("logs.exports.start", export_id="export_1")
    c("logs.exports.cancel", export_id="export_1")
    c("logs.exports.download", export_id="export_1")

    # --- mcp_integrations (Portkey) -------------------------------------------------------------------------
    c("mcp_integrations.create", name="search", url="https://mcp.example.com/mcp", auth_type="headers",
      transport="http", description="d", workspace_id="ws_1", configurations={"headers": {"x-key": "k"}})
    c("mcp_integrations.list", workspace_id="ws_1", type="workspace", current_page=1, page_size=2, search="se")
    c("mcp_integrations.list", _variant="defaults")
    c("mcp_integrations.retrieve", mcp_integration_id="mcpint_1")
    c("mcp_integrations.update", mcp_integration_id="mcpint_1", name="search 2", transport="sse")
    c("mcp_integrations.delete", mcp_integration_id="mcpint_1")
    c("mcp_integrations.sync", mcp_integration_id="mcpint_1", server_info={"name": "search"}, capabilities=MCP_CAPS)
    c("mcp_integrations.test", mcp_integration_id="mcpint_1")
    c("mcp_integrations.workspaces.list", mcp_integration_id="mcpint_1")
    c("mcp_integrations.workspaces.update", mcp_integration_id="mcpint_1",
      workspaces=[{"id": "ws_1", "enabled": True}], global_workspace_access={"enabled": False})
    c("mcp_integrations.capabilities.list", mcp_integration_id="mcpint_1")
    c("mcp_integrations.capabilities.update", mcp_integration_id="mcpint_1", capabilities=MCP_CAPS)
    c("mcp_integrations.metadata.retrieve", mcp_integration_id="mcpint_1")

    # --- mcp_servers (Portkey) --------------------------------------------------------------------------
    c("mcp_servers.create", name="search server", mcp_integration_id="mcpint_1", description="d",
      workspace_id="ws_1", slug="search-server")
    c("mcp_servers.list", workspace_id="ws_1", current_page=1, page_size=2, search="se")
    c("mcp_servers.list", _variant="defaults")
    c("mcp_servers.retrieve", mcp_server_id="mcpsrv_1")
    c("mcp_servers.update", mcp_server_id="mcpsrv_1", name="search server 2", description="d2")
    c("mcp_servers.delete", mcp_server_id="mcpsrv_1")
    c("mcp_servers.test", mcp_server_id="mcpsrv_1")
    c("mcp_servers.get_tokens", mcp_server_id="mcpsrv_1")
    c("mcp_servers.update_tokens", mcp_server_id="mcpsrv_1", access_token="at-1", refresh_token="rt-1")
    c("mcp_servers.delete_tokens", mcp_server_id="mcpsrv_1")
    c("mcp_servers.get_client_info", mcp_server_id="mcpsrv_1")
    c("mcp_servers.capabilities.list", mcp_server_id="mcpsrv_1")
    c("mcp_servers.capabilities.update", mcp_server_id="mcpsrv_1", capabilities=MCP_CAPS)
    c("mcp_servers.capabilities.sync", mcp_server_id="mcpsrv_1", capabilities=MCP_CAPS)
    c("mcp_servers.user_access.check", mcp_server_id="mcpsrv_1")
    c("mcp_servers.user_access.list", mcp_server_id="mcpsrv_1")
    c("mcp_servers.user_access.update", mcp_server_id="mcpsrv_1",
      user_access=[{"user_id": "user_1", "enabled": True}], default_user_access={"enabled": False})
    c("mcp_servers.metadata.retrieve", mcp_server_id="mcpsrv_1")
    c("mcp_servers.metadata.sync", mcp_server_id="mcpsrv_1", server_name="search", server_version="1.0.0",
      protocol_version="2025-06-18", capability_flags={"tools": True})

    # --- prompts (Portkey) --------------------------------------------------------------------------------
    c("prompts.render", prompt_id="prompt_1", variables={"name": "Ada"}, temperature=0.2, max_tokens=16)
    c("prompts.create", name="greeting", collection_id="coll_1", string="Hello {{name}}",
      parameters={"model": "gpt-4o-mini"}, virtual_key="vk-openai", model="gpt-4o-mini", version_description="v1")
    c("prompts.list", collection_id="coll_1", workspace_id="ws_1", current_page=1, page_size=2, search="greet")
    c("prompts.list", _variant="defaults")
    c("prompts.retrieve", "prompt_1")
    c("prompts.update", "prompt_1", name="greeting 2", string="Hi {{name}}", parameters={"model": "gpt-4o"})
    c("prompts.delete", "prompt_1")
    c("prompts.publish", "prompt_1", version=2)
    c("prompts.versions.list", "prompt_1")
    c("prompts.versions.retrieve", "prompt_1", "version_2")
    c("prompts.versions.update", "prompt_1", "version_2", label_id="label_3")
    c("prompts.partials.create", name="signature", string="-- Ada", workspace_id="ws_1", version_description="v1")
    c("prompts.partials.list", collection_id="coll_1")
    c("prompts.partials.list", _variant="defaults")
    c("prompts.partials.retrieve", "partial_1")
    c("prompts.partials.update", "partial_1", name="signature 2", string="-- Ada L.", description="d",
      status="active")
    c("prompts.partials.delete", "partial_1")
    c("prompts.partials.publish", "partial_1", version=2)
    c("prompts.partials.versions.list", "partial_1")
    c("prompts.completions.create", prompt_id="prompt_1", variables={"name": "Ada"}, temperature=0.2,
      max_tokens=16, _reply=R_CHAT)
    c("prompts.completions.create", _variant="stream", prompt_id="prompt_1", variables={"name": "Ada"},
      stream=True, _reply=sse("chat"))

    # --- providers (Portkey) --------------------------------------------------------------------------------
    c("providers.create", name="OpenAI team", integration_id="integ_1", workspace_id="ws_1", slug="openai-team",
      note="n", usage_limits={"credit_limit": 10}, rate_limits={"type": "requests", "unit": "rpm", "value": 60},
      expires_at="2030-01-01T00:00:00Z")
    c("providers.list", current_page=1, page_size=2, workspace_id="ws_1")
    c("providers.list", _variant="defaults")
    c("providers.list", _variant="None values", current_page=None, page_size=None)
    c("providers.retrieve", slug="provider_1", workspace_id="ws_1")
    c("providers.update", slug="provider_1", workspace_id="ws_1", name="OpenAI team 2", note="n2", reset_usage=True)
    c("providers.delete", slug="provider_1", workspace_id="ws_1")

    # --- realtime -------------------------------------------------------------------------------------------
    c("realtime.client_secrets.create", expires_after={"anchor": "created_at", "seconds": 600},
      session={"type": "realtime", "model": "gpt-realtime"})
    c("realtime.calls.create", sdp="v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n",
      session={"type": "realtime", "model": "gpt-realtime"}, _reply=R_SDP)
    c("realtime.calls.accept", "rtc_1", type="realtime", model="gpt-realtime", instructions="Be brief.")
    c("realtime.calls.hangup", "rtc_1")
    c("realtime.calls.refer", "rtc_1", target_uri="tel:+14155550123")
    c("realtime.calls.reject", "rtc_1", status_code=486)

    # --- responses -------------------------------------------------------------------------------------------
    c("responses.create", model="gpt-4o-mini", input="hi", instructions="Be brief.", max_output_tokens=16,
      _reply=R_RESPONSE)
    c("responses.create", _variant="stream", model="gpt-4o-mini", input="hi", stream=True, _reply=sse("response"))
    c("responses.retrieve", "resp_1", include=["message.output_text.logprobs"], _reply=R_RESPONSE)
    c("responses.retrieve", "resp_1", _variant="stream", stream=True, starting_after=2, include_obfuscation=False,
      _reply=sse("response"))
    c("responses.delete", "resp_1")
    c("responses.cancel", "resp_1", _reply=R_RESPONSE)
    c("responses.compact", model="gpt-4o-mini", input="hi", previous_response_id="resp_0")
    c("responses.parse", model="gpt-4o-mini", input="hi", _reply=R_RESPONSE)
    c("responses.stream", model="gpt-4o-mini", input="hi", instructions="Be brief.", _reply=sse("response"))
    c("responses.input_items.list", "resp_1", limit=2, order="asc", include=["message.output_text.logprobs"])
    c("responses.input_tokens.count", model="gpt-4o-mini", input="hi", instructions="Be brief.")

    # --- skills ----------------------------------------------------------------------------------------------
    c("skills.create", files=[SKILL_FILE])
    c("skills.create", _variant="single file", files=SKILL_FILE)
    c("skills.retrieve", "skill_1")
    c("skills.update", "skill_1", default_version="2")
    c("skills.list", after="skill_0", limit=2, order="desc")
    c("skills.delete", "skill_1")
    c("skills.content.retrieve", "skill_1", _reply=R_BYTES)
    c("skills.versions.create", "skill_1", default=True, files=[SKILL_FILE])
    c("skills.versions.create", "skill_1", _variant="single file", files=SKILL_FILE)
    c("skills.versions.retrieve", "skillver_3", skill_id="skill_1")
    c("skills.versions.list", "skill_1", limit=2, order="asc")
    c("skills.versions.delete", "skillver_3", skill_id="skill_1")
    c("skills.versions.content.retrieve", "skillver_3", skill_id="skill_1", _reply=R_BYTES)

    # --- uploads ---------------------------------------------------------------------------------------------
    c("uploads.create", bytes=8, filename="data.jsonl", mime_type="application/jsonl", purpose="batch")
    c("uploads.cancel", "upload_1")
    c("uploads.complete", "upload_1", part_ids=["part_1", "part_2"], md5="d41d8cd98f00b204e9800998ecf8427e")
    c("uploads.parts.create", "upload_1", data=b'{"a":1}\n')
    c("uploads.upload_file_chunked", file=b'{"a":1}\n', mime_type="application/jsonl", purpose="batch",
      filename="data.jsonl", bytes=8, _requests=3)

    # --- vector_stores -------------------------------------------------------------------------------------
    c("vector_stores.create", name="docs", file_ids=["file_1"], metadata={"team": "a"},
      expires_after={"anchor": "last_active_at", "days": 7})
    c("vector_stores.retrieve", "vs_1")
    c("vector_stores.update", "vs_1", name="docs 2", metadata={"team": "b"})
    c("vector_stores.list", after="vs_0", limit=2, order="desc")
    c("vector_stores.delete", "vs_1")
    c("vector_stores.files.create", "vs_1", file_id="file_2", chunking_strategy={"type": "auto"})
    c("vector_stores.files.retrieve", "file_2", vector_store_id="vs_1")
    c("vector_stores.files.list", "vs_1", limit=2, order="desc", filter="completed")
    c("vector_stores.files.delete", "file_2", vector_store_id="vs_1")
    c("vector_stores.files.create_and_poll", "file_2", vector_store_id="vs_1", _requests=2)
    c("vector_stores.files.poll", "file_2", vector_store_id="vs_1")
    c("vector_stores.files.upload", vector_store_id="vs_1", file=TEXT_FILE, _requests=2)
    c("vector_stores.files.upload_and_poll", vector_store_id="vs_1", file=TEXT_FILE, _requests=3)
    c("vector_stores.file_batches.create", "vs_1", file_ids=["file_2", "file_3"])
    c("vector_stores.file_batches.retrieve", "vsfb_4", vector_store_id="vs_1")
    c("vector_stores.file_batches.cancel", "vsfb_4", vector_store_id="vs_1")
    c("vector_stores.file_batches.list_files", "vsfb_4", vector_store_id="vs_1", limit=2, filter="completed")
    batch_done = json_reply(file_counts={"in_progress": 0, "completed": 1, "failed": 0, "cancelled": 0, "total": 1})
    c("vector_stores.file_batches.create_and_poll", "vs_1", file_ids=["file_2", "file_3"], _reply=batch_done,
      _requests=2)
    c("vector_stores.file_batches.poll", "vsfb_4", vector_store_id="vs_1", _reply=batch_done)
    c("vector_stores.file_batches.upload_and_poll", "vs_1", files=[TEXT_FILE], _reply=batch_done, _requests=3)

    # --- videos ----------------------------------------------------------------------------------------------
    c("videos.create", prompt="a cat on a skateboard", model="sora-2", seconds="4", size="720x1280")
    c("videos.create", _variant="input_reference", prompt="animate this", input_reference=PNG_FILE)
    c("videos.create_and_poll", prompt="a cat on a skateboard", model="sora-2", _requests=2)
    c("videos.poll", "video_1")
    c("videos.retrieve", "video_1")
    c("videos.list", after="video_0", limit=2, order="desc")
    c("videos.delete", "video_1")
    c("videos.create_character", name="Ada", video=MP4_FILE)
    c("videos.download_content", "video_1", variant="thumbnail", _reply=R_BYTES)
    # video={"id": ...} (a reference instead of an upload) raises in the vendored client's extract_files.
    c("videos.edit", prompt="make it rain", video=MP4_FILE)
    c("videos.extend", prompt="keep going", seconds="4", video=MP4_FILE)
    c("videos.get_character", "char_1")
    c("videos.remix", "video_1", prompt="now at night")

    # --- virtual_keys (Portkey) --------------------------------------------------------------------------------
    c("virtual_keys.create", name="openai key", provider="openai", key="sk-test", note="n", workspace_id="ws_1",
      usage_limits={"credit_limit": 10})
    c("virtual_keys.list", workspace_id="ws_1")
    c("virtual_keys.list", _variant="defaults")
    c("virtual_keys.retrieve", slug="virtualkey_1")
    c("virtual_keys.update", slug="virtualkey_1", name="openai key 2", note="n2",
      rate_limits=[{"type": "requests", "unit": "rpm", "value": 60}])
    c("virtual_keys.delete", slug="virtualkey_1")
    return cases


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


def clear_env() -> None:
    from portkey_ai.api_resources.global_constants import PORTKEY_BASE_URL

    for key in list(os.environ):
        if key.startswith("PORTKEY_") or key.startswith("OPENAI_"):
            del os.environ[key]
    # utils.set_base_url reads os.environ.get(PORTKEY_BASE_URL), i.e. a variable
    # literally named "https://api.portkey.ai/v1"; make sure it is unset too.
    os.environ.pop(PORTKEY_BASE_URL, None)


def make_client(server: CaptureServer, **extra: Any) -> Any:
    import portkey_ai

    saved = dict(os.environ)
    try:
        clear_env()
        client = portkey_ai.Portkey(base_url=server.base_url, **CLIENT, **extra)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    # No retries (the server never fails; more requests than expected means polling).
    client.max_retries = 0
    client.openai_client.max_retries = 0
    return client


def close_client(client: Any) -> None:
    client.openai_client.close()
    client.close()


def resolve(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def consume(result: Any) -> None:
    """Fully consume a method's result: iterate streams, drain stream managers, read bodies."""
    import httpx
    from portkey_ai._vendor.openai import Stream as OpenAIStream
    from portkey_ai._vendor.openai._legacy_response import HttpxBinaryResponseContent
    from portkey_ai._vendor.openai.lib.streaming import AssistantStreamManager
    from portkey_ai.api_resources.streaming import Stream as PortkeyStream

    if isinstance(result, (OpenAIStream, PortkeyStream)) or inspect.isgenerator(result):
        for _ in result:
            pass
    elif isinstance(result, HttpxBinaryResponseContent):
        result.read()
    elif isinstance(result, httpx.Response):
        result.read()
    elif isinstance(result, AssistantStreamManager):
        with result as handler:
            handler.until_done()
    elif hasattr(result, "__enter__") and hasattr(result, "__exit__"):
        with result as inner:
            if hasattr(inner, "until_done"):
                inner.until_done()
            elif hasattr(inner, "__iter__"):
                for _ in inner:
                    pass
            elif hasattr(inner, "read"):
                inner.read()


def run_case(server: CaptureServer, case: Case, tmpdir: Path) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """Call the case's method once; return (captured requests, hook trace)."""
    import warnings

    client = make_client(server)
    opened: List[Any] = []
    try:
        args = materialize(list(case.args), tmpdir, opened)
        kwargs = materialize(dict(case.kwargs), tmpdir, opened)
        server.reply = case.reply
        server.take()
        TRACE.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = resolve(client, case.method)(*args, **kwargs)
            consume(result)
        return server.take(), list(TRACE)
    finally:
        for f in opened:
            f.close()
        close_client(client)


# --------------------------------------------------------------------------
# Recording requests
# --------------------------------------------------------------------------


def strip_boundary(content_type: str) -> str:
    parts = [p.strip() for p in content_type.split(";")]
    kept = [parts[0]] + [p for p in parts[1:] if not p.lower().startswith("boundary=")]
    return "; ".join(kept)


def parse_multipart(content_type: str, body: bytes) -> List[Dict[str, Any]]:
    msg = email.message.Message()
    msg["content-type"] = content_type
    boundary = msg.get_param("boundary")
    assert isinstance(boundary, str), content_type
    delimiter = b"--" + boundary.encode("latin-1")
    chunks = body.split(delimiter)
    assert chunks[-1].strip() in (b"--", b"--\r\n".strip()), chunks[-1][:20]
    parts = []
    for chunk in chunks[1:-1]:
        assert chunk.startswith(b"\r\n") and chunk.endswith(b"\r\n"), chunk[:40]
        chunk = chunk[2:-2]
        head, _, data = chunk.partition(b"\r\n\r\n")
        headers = email.message.Message()
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        disposition = email.message.Message()
        disposition["content-type"] = headers.get("content-disposition", "")  # reuse the param parser
        name = disposition.get_param("name")
        filename = disposition.get_param("filename")
        if filename is None:
            part: Dict[str, Any] = {"name": name, "value": data.decode("utf-8")}
            if headers.get("content-type"):
                part["content_type"] = headers["content-type"]
        else:
            part = {
                "name": name,
                "filename": filename,
                "content_type": headers.get("content-type"),
                "data_b64": base64.b64encode(data).decode("ascii"),
            }
        parts.append(part)
    return parts


def record(raw: Dict[str, Any]) -> Tuple[Dict[str, Any], str]:
    """A captured request as an `expect` object, and its body kind."""
    headers: Dict[str, str] = {}
    content_type_raw: Optional[str] = None
    for name, value in raw["headers"]:
        if name == "content-type":
            content_type_raw = value
            value = strip_boundary(value)
        if is_ignored(name):
            continue
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    body_bytes: bytes = raw["body"]
    content_type = strip_boundary(content_type_raw) if content_type_raw else None
    body: Any = None
    multipart = None
    raw_b64 = None
    if not body_bytes:
        kind = "none"
    elif content_type and content_type.startswith("multipart/form-data"):
        kind = "multipart"
        multipart = parse_multipart(content_type_raw or "", body_bytes)
    elif content_type and content_type.split(";")[0].strip() == "application/json":
        kind = "json"
        body = json.loads(body_bytes.decode("utf-8"))
    else:
        kind = "bytes"
        raw_b64 = base64.b64encode(body_bytes).decode("ascii")
    expect = {
        "method": raw["method"],
        "path": raw["path"],
        "query": raw["query"],
        "headers": dict(sorted(headers.items())),
        "content_type": content_type,
        "body": body,
        "multipart": multipart,
        "raw_body_b64": raw_b64,
    }
    return expect, kind


def route_of(raw: Dict[str, Any]) -> str:
    return "openai" if any(name.startswith("x-stainless-") for name, _ in raw["headers"]) else "portkey"


# --------------------------------------------------------------------------
# Path templates and call splitting
# --------------------------------------------------------------------------

SERVER_ID_NAMES = {
    "runs": "run_id", "files": "file_id", "file_batches": "batch_id", "videos": "video_id",
    "uploads": "upload_id", "threads": "thread_id", "vector_stores": "vector_store_id",
}


def string_params(case: Case, signature: inspect.Signature) -> Dict[str, str]:
    """Python parameter name -> string value, for the case's arguments."""
    bound = signature.bind_partial(*case.args, **case.kwargs)
    out: Dict[str, str] = {}
    for name, value in bound.arguments.items():
        param = signature.parameters[name]
        if param.kind == param.VAR_KEYWORD:
            for k, v in value.items():
                if isinstance(v, str):
                    out[k] = v
        elif isinstance(value, str):
            out[name] = value
    return out


def template_path(path: str, values: Dict[str, str]) -> Tuple[str, List[Tuple[str, str]]]:
    """Replace path segments that hold argument values with {param}; strip the base prefix."""
    assert path.startswith(BASE_PREFIX + "/"), path
    rel = path[len(BASE_PREFIX):]
    by_value: Dict[str, str] = {}
    for name, value in values.items():
        by_value.setdefault(value, name)
    segments = rel.split("/")
    used: List[Tuple[str, str]] = []
    for i, seg in enumerate(segments):
        decoded = unquote(seg)
        if i <= 1 or not decoded:  # "" before the leading "/", then the resource name
            continue
        if decoded in by_value:
            name = by_value[decoded]
            segments[i] = "{" + name + "}"
            used.append((name, decoded))
        elif decoded == SERVER_THREAD_ID:
            segments[i] = "{thread_id}"
        elif decoded == SERVER_ID:
            segments[i] = "{" + SERVER_ID_NAMES.get(segments[i - 1], "id") + "}"
    return "/".join(segments), used


# --------------------------------------------------------------------------
# Source analysis
# --------------------------------------------------------------------------

_AST_CACHE: Dict[str, ast.Module] = {}


def module_ast(filename: str) -> ast.Module:
    if filename not in _AST_CACHE:
        _AST_CACHE[filename] = ast.parse(Path(filename).read_text(encoding="utf-8"))
    return _AST_CACHE[filename]


def function_node(filename: str, firstlineno: int) -> Optional[ast.FunctionDef]:
    for node in ast.walk(module_ast(filename)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = [node.lineno] + [d.lineno for d in node.decorator_list]
            if firstlineno in lines:
                return node  # type: ignore[return-value]
    return None


def source_node(func: Any) -> ast.AST:
    """The AST of a (bound) function, read from its module's file."""
    code = inspect.unwrap(getattr(func, "__func__", func)).__code__
    node = function_node(code.co_filename, code.co_firstlineno)
    assert node is not None, func
    return node


def dict_keys(node: ast.AST) -> Tuple[List[str], bool]:
    """String keys of a dict literal, and whether it spreads **something."""
    keys: List[str] = []
    spread = False
    if isinstance(node, ast.Dict):
        for k in node.keys:
            if k is None:
                spread = True
            elif isinstance(k, ast.Constant) and isinstance(k.value, str):
                keys.append(k.value)
    return keys, spread


def vendored_query_names(filename: str, firstlineno: int) -> List[str]:
    """Keys of the `query=maybe_transform({...}, ...)` dict in a vendored OpenAI method."""
    node = function_node(filename, firstlineno)
    names: List[str] = []
    if node is None:
        return names
    for kw in ast.walk(node):
        if isinstance(kw, ast.keyword) and kw.arg == "query":
            value = kw.value
            if isinstance(value, ast.Call) and value.args:
                value = value.args[0]
            for key in dict_keys(value)[0]:
                if key not in names:
                    names.append(key)
    return names


def wrapper_vendored_functions(func: Any, openai_client: Any) -> List[Tuple[str, int]]:
    """The vendored OpenAI methods a Portkey wrapper calls (`self.openai_client....x(...)`)."""
    tree = source_node(func)
    found: List[Tuple[str, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        chain: List[str] = []
        target = node.func
        while isinstance(target, ast.Attribute):
            chain.append(target.attr)
            target = target.value
        if not (isinstance(target, ast.Name) and target.id == "self" and chain and chain[-1] == "openai_client"):
            continue
        chain = [p for p in reversed(chain[:-1]) if p not in ("with_raw_response", "with_streaming_response")]
        try:
            fn = resolve(openai_client, ".".join(chain))
        except AttributeError:
            continue
        fn = inspect.unwrap(getattr(fn, "__func__", fn))
        code = getattr(fn, "__code__", None)
        if code is not None and (code.co_filename, code.co_firstlineno) not in found:
            found.append((code.co_filename, code.co_firstlineno))
    return found


def forwarded_keywords(filename: str, firstlineno: int) -> Optional[List[str]]:
    """Keyword names a Portkey wrapper passes to its `self.openai_client....x(...)` calls;
    None when it splats `**something` into such a call (then anything can get through)."""
    node = function_node(filename, firstlineno)
    if node is None:
        return None
    names: List[str] = []
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        target = call.func
        while isinstance(target, ast.Attribute):
            if target.attr == "openai_client":
                break
            target = target.value
        if not (isinstance(target, ast.Attribute) and target.attr == "openai_client"):
            continue
        for kw in call.keywords:
            if kw.arg is None:
                return None
            names.append(kw.arg)
    return names


def portkey_query_names(func: Any) -> Tuple[List[str], bool]:
    """Keys of the `query = {...}` dict a Portkey method urlencodes into its path."""
    tree = source_node(func)
    names: List[str] = []
    spread = False
    helper_called = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "query" for t in node.targets):
            keys, s = dict_keys(node.value)
            names += [k for k in keys if k not in names]
            spread = spread or s
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "_build_query_string"):
            helper_called = True
    if helper_called:
        owner = getattr(func, "__self__", None)
        helper = getattr(owner, "_build_query_string")
        more, s = portkey_query_names(helper)
        names += [k for k in more if k not in names]
        spread = spread or s
    return names, spread


SENTINEL_TYPES = ("NotGiven", "Omit")


def _format_annotation(annotation: Any) -> str:
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    # Drop module paths (outside quoted Literal values, which may contain dots).
    parts = re.split(r"('[^']*'|\"[^\"]*\")", text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+([A-Za-z_][A-Za-z0-9_]*)", r"\1", parts[i])
        parts[i] = parts[i].replace("NoneType", "None")
    return "".join(parts)


_FILE_ALIASES: Optional[List[Tuple[str, str]]] = None


def file_aliases() -> List[Tuple[str, str]]:
    """(members text, alias name) for the vendored FileTypes / FileContent unions."""
    global _FILE_ALIASES
    if _FILE_ALIASES is None:
        import typing

        from portkey_ai._vendor.openai import _types

        _FILE_ALIASES = [
            (", ".join(_format_annotation(a) for a in typing.get_args(getattr(_types, name))), name)
            for name in ("FileTypes", "FileContent")
        ]
    return _FILE_ALIASES


def short_annotation(annotation: Any) -> Optional[str]:
    """A readable annotation: no module paths, FileTypes named, long Literal/Union lists cut."""
    if annotation is inspect.Parameter.empty:
        return None
    text = _format_annotation(annotation)
    for members, name in file_aliases():
        text = text.replace(f"Union[{members}]", name).replace(members, name)
    return abbreviate(text)


def split_top_level(inner: str) -> List[str]:
    items, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(inner):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(inner[start:i].strip())
            start = i + 1
    items.append(inner[start:].strip())
    return items


def abbreviate(text: str, keep: int = 4, limit: int = 8) -> str:
    """Cut `Literal[...]` and `Union[...]` lists longer than `limit` to `keep` items."""
    out = []
    i = 0
    while True:
        m = re.compile(r"\b(Literal|Union)\[").search(text, i)
        if m is None:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:m.end()])
        depth, k = 1, m.end()
        while depth:
            if text[k] == "[":
                depth += 1
            elif text[k] == "]":
                depth -= 1
            k += 1
        items = split_top_level(text[m.end():k - 1])
        if len(items) > limit:
            items = items[:keep] + [f"... (+{len(items) - keep})"]
        out.append(", ".join(abbreviate(item, keep, limit) for item in items) + "]")
        i = k


def param_default(param: inspect.Parameter) -> Tuple[bool, Any]:
    """(has a reportable default, default as JSON)."""
    default = param.default
    if default is inspect.Parameter.empty or type(default).__name__ in SENTINEL_TYPES:
        return False, None
    if default is None or isinstance(default, (bool, int, float, str)):
        return True, default
    if isinstance(default, (list, dict)) and not default:
        return True, default
    return True, repr(default)


def describe_params(signature: inspect.Signature) -> Tuple[List[Dict[str, Any]], bool]:
    params = []
    accepts_kwargs = False
    for p in signature.parameters.values():
        if p.kind == p.VAR_KEYWORD:
            accepts_kwargs = True
            continue
        entry: Dict[str, Any] = {
            "name": p.name,
            "required": p.default is inspect.Parameter.empty,
            "kind": p.kind.name.lower(),
            "annotation": short_annotation(p.annotation),
        }
        has_default, default = param_default(p)
        if has_default:
            entry["default"] = default
        params.append(entry)
    return params, accepts_kwargs


_ALIASES: Optional[List[Tuple[str, Any]]] = None
_ALIASES_SEEN = [0]


def alias_name(tp: Any) -> Optional[str]:
    """The name of a vendored OpenAI type alias (`ResponseStreamEvent = Annotated[Union[...], ...]`)."""
    global _ALIASES
    if _ALIASES is None or len(sys.modules) != _ALIASES_SEEN[0]:
        import typing

        _ALIASES_SEEN[0] = len(sys.modules)

        _ALIASES = []
        prefix = "portkey_ai._vendor.openai.types"
        for mod_name, mod in sorted(sys.modules.items()):
            if not mod_name.startswith(prefix) or mod is None:
                continue
            for name, value in vars(mod).items():
                if name[:1].isupper() and typing.get_origin(value) in (typing.Annotated, typing.Union):
                    if not re.search(r"[a-z][A-Z]", name):  # a one-word alias ("Data"): say whose
                        name = f"{mod_name.rsplit('.', 1)[-1]}.{name}"
                    _ALIASES.append((name, value))
    for name, value in _ALIASES:
        if value is tp:
            return name
    for name, value in _ALIASES:
        try:
            if value == tp:
                return name
        except Exception:  # noqa: BLE001 - unhashable / odd typing objects
            continue
    return None


def type_name(tp: Any) -> Optional[str]:
    """A short name for a reply / event type: class name, alias name, or Generic[Args]."""
    import typing

    if tp is None:
        return None
    if tp is type(None):
        return "None"
    alias = alias_name(tp) if typing.get_origin(tp) in (typing.Annotated, typing.Union) else None
    if alias:
        return alias
    origin = getattr(tp, "__origin__", None)
    args = getattr(tp, "__args__", None)
    meta = getattr(tp, "__pydantic_generic_metadata__", None)  # SyncCursorPage[X] is a pydantic class
    if meta and meta.get("origin") is not None:
        origin, args = meta["origin"], meta["args"]
    if isinstance(origin, type) and args:
        return f"{origin.__name__}[{', '.join(type_name(a) or '?' for a in args)}]"
    if isinstance(tp, type):
        return tp.__name__
    return short_annotation(tp)


def short_return_annotation(func: Any) -> Optional[str]:
    try:
        ann = inspect.signature(func).return_annotation
    except (TypeError, ValueError):
        return None
    if ann is inspect.Signature.empty:
        return None
    return short_annotation(ann)


# --------------------------------------------------------------------------
# Walking the client
# --------------------------------------------------------------------------


def walk_resources(client: Any) -> List[Tuple[str, str, Any, Any]]:
    """(resource path, method name, resource object, bound method) for every public resource method."""
    from portkey_ai.api_resources.apis.api_resource import APIResource

    found: List[Tuple[str, str, Any, Any]] = []

    def is_resource(value: Any) -> bool:
        # Resources are APIResource objects; `client.beta` is a plain namespace holding resources.
        return isinstance(value, APIResource) or type(value).__qualname__ == "Portkey.beta"

    def walk(obj: Any, path: List[str]) -> None:
        for name in sorted(dir(obj)):
            if name.startswith("_"):
                continue
            value = getattr(obj, name)
            if is_resource(value):
                walk(value, path + [name])
            elif path and inspect.ismethod(value) and isinstance(obj, APIResource):
                found.append((".".join(path), name, obj, value))

    walk(client, [])
    return found


# --------------------------------------------------------------------------
# Methods that send nothing
# --------------------------------------------------------------------------


def check_local_methods(server: CaptureServer) -> List[Dict[str, Any]]:
    """Call the webhook and websocket methods; make sure they send nothing; describe them."""
    out: List[Dict[str, Any]] = []
    client = make_client(server, webhook_secret=WEBHOOK_SECRET)
    try:
        server.take()
        payload = json.dumps({"id": "evt_1", "object": "event", "type": "response.completed", "created_at": 1,
                              "data": {"id": "resp_1"}})
        msg_id, timestamp = "msg_1", str(int(time.time()))
        key = base64.b64decode(WEBHOOK_SECRET[len("whsec_"):])
        signature = base64.b64encode(
            hmac.new(key, f"{msg_id}.{timestamp}.{payload}".encode(), hashlib.sha256).digest()).decode()
        headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": f"v1,{signature}"}
        client.webhooks.verify_signature(payload, headers)
        event = client.webhooks.unwrap(payload, headers)
        assert getattr(event, "type", None) == "response.completed", event
        out.append({"name": "webhooks.unwrap",
                    "reason": "local: verifies the webhook signature and parses the payload, sends nothing"})
        out.append({"name": "webhooks.verify_signature",
                    "reason": "local: verifies the webhook signature, sends nothing"})

        host = server.base_url[len("http://"):]

        def ws_url(manager: Any) -> Tuple[str, str]:
            """(scheme, path relative to the base URL) the manager would connect to."""
            scheme, _, rest = str(manager._prepare_url()).partition("://")
            assert rest.startswith(host), rest
            return scheme, rest[len(host):]

        scheme, path = ws_url(client.beta.realtime.connect(model="gpt-4o-realtime-preview"))
        out.append({"name": "beta.realtime.connect", "reason": "websocket", "path": path, "query": ["model"],
                    "note": f"{scheme}:// (always, even for an http base URL) unless websocket_base_url is set; "
                            "the client's headers are sent as extra headers"})
        scheme, path = ws_url(client.realtime.connect(model="gpt-realtime"))
        out.append({"name": "realtime.connect", "reason": "websocket", "path": path, "query": ["model"],
                    "note": f"{scheme}:// for an http base URL (wss for https) unless websocket_base_url is set; "
                            "extra_query entries are added to the query"})
        scheme, path = ws_url(client.responses.connect())
        out.append({"name": "responses.connect", "reason": "websocket", "path": path, "query": [],
                    "note": f"{scheme}:// for an http base URL (wss for https) unless websocket_base_url is set; "
                            "only extra_query entries; the client's headers are sent as extra headers"})
        sent = server.take()
        if sent:
            raise SystemExit(f"methods that should send nothing sent {len(sent)} requests")
    finally:
        close_client(client)
    for name, caller in INTERNAL_HELPERS.items():
        out.append({"name": name, "reason": f"internal helper: {caller}() calls it"})
    return out


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def reply_kind(trace: Dict[str, Any], method: str, streaming: bool) -> str:
    from portkey_ai._vendor.openai import _legacy_response, _response

    if streaming:
        return "sse"
    if method == "batches.output":
        return "jsonl"
    cast_to = trace["cast_to"]
    if cast_to is None or cast_to is type(None):
        return "none"
    if cast_to is str:
        return "text"
    if isinstance(cast_to, type) and issubclass(cast_to, (_legacy_response.HttpxBinaryResponseContent,
                                                          _response.BinaryAPIResponse)):
        return "bytes"
    return "json"


def page_kind(cast_to: Any) -> Optional[str]:
    from portkey_ai._vendor.openai import pagination

    origin = getattr(cast_to, "__origin__", None) or cast_to
    if not isinstance(origin, type):
        return None
    if issubclass(origin, pagination.SyncConversationCursorPage):
        return "conversation_cursor"
    if issubclass(origin, pagination.SyncCursorPage):
        return "cursor"
    if issubclass(origin, pagination.SyncPage):
        return "page"
    return None


def stream_event(trace: Dict[str, Any]) -> Optional[str]:
    cls = trace.get("stream_cls")
    if cls is None:
        return None
    args = getattr(cls, "__args__", None)
    return type_name(args[0]) if args else None


def capture_case(server: CaptureServer, case: Case, tmpdir: Path) -> Dict[str, Any]:
    requests, trace = run_case(server, case, tmpdir)
    records = [record(r) for r in requests]
    again, trace_again = run_case(server, case, tmpdir)
    if [record(r) for r in again] != records:
        raise SystemExit(f"case {case.name!r}: second run recorded different requests")
    if len(trace) != len(requests) or len(trace_again) != len(again):
        raise SystemExit(f"case {case.name!r}: {len(requests)} requests but {len(trace)} request hooks ran")
    for raw, t in zip(requests, trace):
        if route_of(raw) != t["route"]:
            raise SystemExit(f"case {case.name!r}: headers say route {route_of(raw)} but the {t['route']} "
                             "client sent the request")
    return {"case": case, "raw": requests, "records": records, "trace": trace}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inventory", type=Path, default=DEFAULT_INVENTORY, help="inventory output JSON file")
    parser.add_argument("--wire", type=Path, default=DEFAULT_WIRE, help="wire capture output JSON file")
    parser.add_argument("--force-venv", action="store_true",
                        help="use conformance/.venv even if the running python has the SDK")
    args = parser.parse_args()
    ensure_sdk(SCRIPT, args.force_venv)

    started = time.monotonic()
    install_hooks()
    server = CaptureServer()
    thread = threading.Thread(target=server.serve_forever, name="capture-server", daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory(prefix="capture-endpoints-") as tmp:
            inventory, wire_cases, failed = capture_all(server, Path(tmp))
    finally:
        server.shutdown()
        server.server_close()

    inventory_doc = {"generator": GENERATOR, "sdk": SDK_LABEL, **inventory}
    wire_doc = {
        "generator": GENERATOR,
        "sdk": SDK_LABEL,
        "client": CLIENT,
        "ignored_headers": IGNORED_HEADERS,
        "cases": wire_cases,
    }
    for path, doc in ((args.inventory, inventory_doc), (args.wire, wire_doc)):
        if not path.is_absolute():
            path = Path.cwd() / path
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False, sort_keys=False)
            f.write("\n")
        print(f"wrote {path}", file=sys.stderr)
    summary(inventory, wire_cases, failed)
    print(f"done in {time.monotonic() - started:.1f}s", file=sys.stderr)


def capture_all(server: CaptureServer, tmpdir: Path) -> Tuple[Dict[str, Any], List[Dict[str, Any]], List[str]]:
    client = make_client(server)
    try:
        found = walk_resources(client)
        openai_client = client.openai_client
        out = check_local_methods(server)
        out_names = {o["name"] for o in out}
        cases = build_cases()
        cases_by_method: Dict[str, List[Case]] = collections.defaultdict(list)
        for case in cases:
            cases_by_method[case.method].append(case)
        found_names = {f"{r}.{m}" for r, m, _, _ in found}
        unknown = sorted((set(cases_by_method) | out_names) - found_names)
        if unknown:
            raise SystemExit(f"cases or out entries for unknown methods: {unknown}")

        methods: List[Dict[str, Any]] = []
        wire_cases: List[Dict[str, Any]] = []
        failed: List[str] = []
        for resource_path, method_name, resource, bound in found:
            name = f"{resource_path}.{method_name}"
            if name in out_names:
                continue
            if name not in cases_by_method:
                raise SystemExit(f"no case for public method {name}")
            signature = inspect.signature(bound)
            captured: List[Dict[str, Any]] = []
            error = None
            for case in cases_by_method[name]:
                if case.reply is None:
                    case.reply = auto_reply(bound)
                try:
                    captured.append(capture_case(server, case, tmpdir))
                except SystemExit:
                    raise
                except Exception as exc:  # noqa: BLE001 - reported in `out`
                    error = f"{type(exc).__name__}: {exc}"
                    break
            if error is not None:
                entry_out: Dict[str, Any] = {"name": name, "reason": f"could not call: {error}"}
                entry_out.update(BROKEN.get(name, {}))
                out.append(entry_out)
                failed.append(name)
                continue
            entry = describe_method(name, resource_path, method_name, resource, bound, signature, captured,
                                    openai_client)
            methods.append(entry)
            for cap in captured:
                wire_cases.append(wire_case(cap, signature))
    finally:
        close_client(client)

    covered = {m["name"] for m in methods} | {o["name"] for o in out}
    missing = sorted(found_names - covered)
    if missing:
        raise SystemExit(f"public methods neither in methods nor in out: {missing}")
    methods.sort(key=lambda m: m["name"])
    out.sort(key=lambda o: o["name"])
    wire_cases.sort(key=lambda c: c["name"])
    return {"methods": methods, "out": out}, wire_cases, failed


def describe_method(name: str, resource_path: str, method_name: str, resource: Any, bound: Any,
                    signature: inspect.Signature, captured: List[Dict[str, Any]],
                    openai_client: Any) -> Dict[str, Any]:
    base = captured[0]
    case: Case = base["case"]
    raws = base["raw"]
    records = base["records"]
    traces = base["trace"]
    helper = name in HELPERS
    if not helper and len(raws) != 1:
        raise SystemExit(f"{name}: made {len(raws)} requests, expected 1")
    for cap in captured:
        if len(cap["raw"]) != cap["case"].requests:
            raise SystemExit(f"{cap['case'].name}: made {len(cap['raw'])} requests, "
                             f"its case declares {cap['case'].requests}")

    values = string_params(case, signature)
    first_expect, body_kind = records[0]
    path, _ = template_path(first_expect["path"], values)
    route = traces[0]["route"]
    if any(t["route"] != route for t in traces):
        raise SystemExit(f"{name}: requests went through different clients")

    # Query names: from the source, plus whatever was seen on the wire.
    query: List[str] = []
    query_kwargs = False
    if route == "portkey":
        query, query_kwargs = portkey_query_names(bound)
    else:
        # The vendored method's query names that the Portkey wrapper actually forwards
        # (many wrappers turn **kwargs into extra_body, so e.g. runs.create cannot send `include`).
        for t in traces:
            frames = [t["frame"]] if t["frame"] else wrapper_vendored_functions(bound, openai_client)
            allowed = forwarded_keywords(*t["portkey_frame"][:2]) if t["portkey_frame"] else None
            for filename, lineno in [(f[0], f[1]) for f in frames]:
                query += [q for q in vendored_query_names(filename, lineno)
                          if q not in query and (allowed is None or q in allowed)]
    for cap in captured:
        for raw in cap["raw"]:
            for key, _ in parse_qsl(raw["query"], keep_blank_values=True):
                key = key[:-2] if key.endswith("[]") else key.split("[")[0]
                if key not in query:
                    query.append(key)

    params, accepts_kwargs = describe_params(signature)
    entry: Dict[str, Any] = {
        "name": name,
        "resource": resource_path,
        "method": method_name,
        "class": f"{type(resource).__module__}.{type(resource).__qualname__}",
        "params": params,
        "accepts_kwargs": accepts_kwargs,
        "verb": first_expect["method"],
        "path": path,
        "route": route,
        "query": query,
        "body": body_kind,
    }
    if query_kwargs:
        entry["query_kwargs"] = True
    if body_kind == "multipart":
        files = []
        for cap in captured:
            expect, kind = cap["records"][0]
            if kind == "multipart":
                for part in expect["multipart"]:
                    if "filename" in part and part["name"] not in files:
                        files.append(part["name"])
        entry["multipart_files"] = files

    main_trace = traces[0] if not helper else traces[-1]
    entry["reply"] = reply_kind(main_trace, name, bool(main_trace["stream"]))
    wrapper_return = short_return_annotation(bound)
    vendored_cast = type_name(main_trace["cast_to"])
    if route == "portkey":
        entry["cast_to"] = vendored_cast
    else:
        simple = wrapper_return if wrapper_return and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", wrapper_return) else None
        entry["cast_to"] = simple if simple not in (None, "Any", "None") else vendored_cast
        entry["openai_cast_to"] = vendored_cast

    streams = None
    for cap in captured:
        t = cap["trace"][-1]
        if t["stream"]:
            event = stream_event(t)
            param = "stream" if "stream" in cap["case"].kwargs else None
            streams = {"param": param, "event": event}
    entry["streams"] = streams
    entry["pages"] = page_kind(main_trace["cast_to"]) if route == "openai" else None
    entry["requests"] = len(raws)
    if helper:
        entry["helper"] = True
        entry["sequence"] = [[r[0]["method"], template_path(r[0]["path"], values)[0]] for r in records]
    doc = inspect.getdoc(bound) if bound.__doc__ else None
    entry["doc"] = doc.strip().splitlines()[0] if doc else ""
    notes = list(NOTES.get(name, []))
    for cap in captured:
        for rec, _ in cap["records"]:
            if rec["body"] == {} and "sends an empty JSON object body {}" not in notes:
                notes.append("sends an empty JSON object body {}")
        kind = cap["records"][0][1]
        if kind != body_kind:
            notes.append(f"body is {kind} in the '{cap['case'].variant}' case")
        if cap["raw"][0]["empty_query_mark"] and not any("bare '?'" in n for n in notes):
            notes.append("with no query parameters the request target ends with a bare '?'")
    if notes:
        entry["notes"] = notes
    return entry


def wire_case(cap: Dict[str, Any], signature: inspect.Signature) -> Dict[str, Any]:
    case: Case = cap["case"]
    records = cap["records"]
    expect, kind = records[0]
    values = string_params(case, signature)
    template, used = template_path(expect["path"], values)
    call = {
        "path_params": [[n, v] for n, v in used],
        "query": [[k, v] for k, v in parse_qsl(expect["query"], keep_blank_values=True)],
        "body": expect["body"],
        "multipart": expect["multipart"],
        "raw_body_b64": expect["raw_body_b64"],
    }
    out: Dict[str, Any] = {
        "name": case.name,
        "method": case.method,
        "python": case.python(),
        "call": call,
        "expect": expect,
        "requests": len(records),
    }
    if cap["raw"][0]["empty_query_mark"]:
        out["note"] = "the request target ends with a bare '?' (empty query string)"
    if len(records) > 1:
        out["more"] = [
            {k: r[0][k] for k in ("method", "path", "query", "content_type", "body", "multipart")}
            for r in records[1:]
        ]
    return out


def summary(inventory: Dict[str, Any], wire_cases: List[Dict[str, Any]], failed: List[str]) -> None:
    methods = inventory["methods"]
    print(f"methods: {len(methods)}, out: {len(inventory['out'])}, wire cases: {len(wire_cases)}, "
          f"top-level areas: {len({m['name'].split('.')[0] for m in methods} | {o['name'].split('.')[0] for o in inventory['out']})}",
          file=sys.stderr)
    for key in ("body", "reply", "route", "verb"):
        counts = collections.Counter(m[key] for m in methods)
        print(f"  by {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    helpers = [m["name"] for m in methods if m.get("helper")]
    print(f"  helpers: {len(helpers)}; streaming: {sum(1 for m in methods if m['streams'])}; "
          f"paginated: {sum(1 for m in methods if m['pages'])}", file=sys.stderr)
    if failed:
        print("  could not call: " + ", ".join(failed), file=sys.stderr)
    else:
        print("  could not call: none", file=sys.stderr)


if __name__ == "__main__":
    main()
