#!/usr/bin/env python3
"""Generate webhook-signature test vectors from the real Python SDK.

The official Python SDK ``portkey-ai==2.3.4`` exposes
``client.webhooks.verify_signature(payload, headers, *, secret=None, tolerance=300)`` and
``client.webhooks.unwrap(payload, headers, *, secret=None)``
(``portkey_ai/api_resources/apis/webhooks.py``).  Both delegate to the vendored OpenAI
client (``portkey_ai/_vendor/openai/resources/webhooks/webhooks.py``), which implements the
"standard webhooks" scheme: ``webhook-id`` / ``webhook-timestamp`` / ``webhook-signature``
headers, ``whsec_<base64>`` secrets, HMAC-SHA256 over ``{id}.{timestamp}.{payload}``.
portkey-rs ports that code; this script produces the vectors its tests replay.

Every case is signed here, independently of the SDK (``hmac`` / ``hashlib`` / ``base64``),
then the SDK's ``verify_signature`` and ``unwrap`` are called on it with ``time.time``
patched to the case's ``now`` (so the vectors never expire), and what they do is recorded
in ``tests/webhooks/vectors.json``::

    {"generator": "conformance/webhook_vectors.py", "sdk": "portkey-ai 2.3.4",
     "scheme": "<how the SDK verifies>", "cases": [{
        "name": "...", "note": "...",
        "payload": "<text>" | "payload_b64": "<base64 of non-UTF-8 bytes>",
        "payload_type": "str" | "bytes",        # what the SDK was given
        "headers": [[name, value | null], ...], # in order
        "headers_as": "dict" | "list" | "httpx.Headers",
        "secret": "..." | null,                 # per-call `secret=`; null: not passed
        "client_webhook_secret": "..." | null,  # Portkey(webhook_secret=...); null: not passed
        "env": {"OPENAI_WEBHOOK_SECRET": "..."} | {},  # environment when the client was built
        "tolerance": 300 | null,                # verify_signature(tolerance=...); null: not
                                                # passed (default 300; unwrap never takes one)
        "now": 1750000000,                      # what time.time() returned
        "verify": {"ok": true} | {"error": "<class>", "module": "<module>",
                                  "value_error": <isinstance ValueError>, "message": "<str(e)>"},
        "unwrap": {"ok": <JSON>, "type": "<class of the returned object>"} | {"error": ...},
        "async": {"verify": ..., "unwrap": ...}  # only when AsyncPortkey behaves differently
     }]}

``unwrap.ok`` is the returned object as JSON: models (the SDK returns pydantic models,
constructed without validation) are recorded with ``to_dict(mode="json")``, i.e. only
the fields present in the payload, recursively; ``type`` is the class name of the
top-level value (e.g. ``BatchCompletedWebhookEvent``, ``list``, ``int``, ``NoneType``).

The client is ``portkey_ai.Portkey(api_key="pk-test")`` (no network) built with every
``PORTKEY_*`` variable and ``OPENAI_WEBHOOK_SECRET`` removed from the environment and then
the case's ``env`` set.  The output is deterministic: fixed secrets, ids, timestamps.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union
from unittest import mock

from sdk import SDK_LABEL, ensure_sdk

GENERATOR = "conformance/webhook_vectors.py"
SCRIPT = Path(__file__).resolve()
REPO_ROOT = SCRIPT.parent.parent
DEFAULT_OUT = REPO_ROOT / "tests" / "webhooks" / "vectors.json"

NOW = 1_750_000_000
TS = str(NOW)
MSG_ID = "msg_2yGq5bT8wXkLmNpQrStUvWx0"

# The main key: 32 fixed bytes; its secret is "whsec_" + standard base64 (with one "=").
KEY = b"portkey-rs webhook test key 0001"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
OTHER_KEY = b"portkey-rs webhook test key 0002"
OTHER_SECRET = "whsec_" + base64.b64encode(OTHER_KEY).decode()
# Bytes whose standard base64 is all "+" (so the URL-safe spelling is all "-").
PLUS_KEY = bytes([0xFB, 0xEF, 0xBE]) * 8
PLUS_SECRET = "whsec_" + base64.b64encode(PLUS_KEY).decode()
RAW_SECRET = "my-plain-webhook-secret"  # no whsec_ prefix: used as its UTF-8 bytes

BODY = ('{"object":"event","id":"evt_6853a1b2c3d4e5f60718293a4b5c6d7e","type":"batch.completed",'
        '"created_at":1749999990,"data":{"id":"batch_6853a1b2c3d4e5f6"}}')
OTHER_BODY = BODY.replace("batch_6853a1b2c3d4e5f6", "batch_000000000000000X")
UNICODE_BODY = ('{"object":"event","id":"evt_ünïcødé","type":"response.completed",'
                '"created_at":1749999990,"data":{"id":"resp_日本語_🚀"}}')

Pairs = List[Tuple[str, Optional[str]]]


# --------------------------------------------------------------------------- signing


def sign(key: bytes, msg_id: str, ts: str, payload: Union[str, bytes]) -> str:
    """base64(HMAC-SHA256(key, f"{id}.{ts}." + payload bytes)), computed without the SDK."""
    body = payload.encode("utf-8") if isinstance(payload, str) else payload
    mac = hmac.new(key, f"{msg_id}.{ts}.".encode("utf-8") + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def v1(key: bytes = KEY, msg_id: str = MSG_ID, ts: str = TS, payload: Union[str, bytes] = BODY) -> str:
    return "v1," + sign(key, msg_id, ts, payload)


def hdrs(sig: Optional[str] = None, *, msg_id: Optional[str] = MSG_ID, ts: Optional[str] = TS,
         payload: Union[str, bytes] = BODY, key: bytes = KEY,
         names: Sequence[str] = ("webhook-id", "webhook-timestamp", "webhook-signature")) -> Pairs:
    """The three headers (a None value for id/ts omits that header; sig=None signs correctly)."""
    if sig is None:
        sig = v1(key, msg_id or "", ts or "", payload)
    out: Pairs = []
    if msg_id is not None:
        out.append((names[0], msg_id))
    if ts is not None:
        out.append((names[1], ts))
    out.append((names[2], sig))
    return out


# --------------------------------------------------------------------------- cases


CASES: List[Dict[str, Any]] = []


def case(name: str, note: str, *, payload: Union[str, bytes] = BODY, headers: Optional[Pairs] = None,
         headers_as: str = "dict", secret: Optional[str] = SECRET, client: Optional[str] = None,
         env: Optional[Dict[str, str]] = None, tolerance: Optional[int] = None,
         now: Union[int, float] = NOW) -> None:
    if any(c["name"] == name for c in CASES):
        raise SystemExit(f"duplicate case name {name!r}")
    CASES.append({
        "name": name, "note": note, "payload": payload,
        "headers": hdrs() if headers is None else headers, "headers_as": headers_as,
        "secret": secret, "client_webhook_secret": client, "env": env or {},
        "tolerance": tolerance, "now": now,
    })


def build_cases() -> None:
    bad = "v1," + sign(OTHER_KEY, MSG_ID, TS, BODY)
    good = v1()

    # ---- basics
    case("valid", "correctly signed payload, per-call whsec_ secret")
    case("valid bytes payload", "same payload given as bytes", payload=BODY.encode())
    case("valid unicode str payload", "non-ASCII payload as str: signed as its UTF-8 bytes",
         payload=UNICODE_BODY, headers=hdrs(payload=UNICODE_BODY))
    case("valid unicode bytes payload", "the same non-ASCII payload as UTF-8 bytes",
         payload=UNICODE_BODY.encode(), headers=hdrs(payload=UNICODE_BODY))
    case("valid empty payload", "empty payload: signed content is '{id}.{ts}.'; unwrap fails to parse",
         payload="", headers=hdrs(payload=""))
    case("valid empty bytes payload", "empty bytes payload", payload=b"", headers=hdrs(payload=""))
    case("valid non-JSON payload", "verification passes, unwrap's json.loads raises",
         payload="hello, world", headers=hdrs(payload="hello, world"))

    # ---- several signatures
    case("multiple signatures valid first", "space-separated list, the valid one first",
         headers=hdrs(f"{good} {bad}"))
    case("multiple signatures valid last", "space-separated list, the valid one last",
         headers=hdrs(f"{bad} v1,AAAA {good}"))
    case("multiple signatures valid middle", "three signatures, the valid one in the middle",
         headers=hdrs(f"{bad} {good} v1,AAAA"))
    case("multiple signatures none valid", "only invalid signatures",
         headers=hdrs(f"{bad} v1,AAAA v1,{sign(KEY, MSG_ID, TS, OTHER_BODY)}"))
    case("multiple signatures extra whitespace", "leading/trailing/double spaces around signatures",
         headers=hdrs(f"  {bad}   {good}  "))
    case("multiple signatures tab separated", "str.split() splits on any whitespace, tab included",
         headers=hdrs(f"{bad}\t{good}"))
    case("multiple signatures newline separated", "newline is whitespace too",
         headers=hdrs(f"{bad}\n{good}"))
    case("multiple signatures nbsp separated", "U+00A0 is whitespace for str.split()",
         headers=hdrs(f"{bad}\u00a0{good}"))
    case("multiple signatures comma separated", "comma-joined signatures are one token: no match",
         headers=hdrs(f"{bad},{good}"))
    case("multiple signatures comma-space separated", "', ' joined: the first token keeps a trailing comma",
         headers=hdrs(f"{good}, {bad}"))
    case("empty signature header", "empty header value is present (not missing): no signatures, mismatch",
         headers=hdrs(""))
    case("whitespace-only signature header", "no tokens after split: mismatch", headers=hdrs("   "))

    # ---- version prefix
    case("signature without v1 prefix", "a bare base64 signature is compared as-is and accepted",
         headers=hdrs(sign(KEY, MSG_ID, TS, BODY)))
    case("signature with v2 prefix", "only 'v1,' is stripped: 'v2,<sig>' is compared whole",
         headers=hdrs("v2," + sign(KEY, MSG_ID, TS, BODY)))
    case("signature with V1 uppercase prefix", "prefix match is case-sensitive",
         headers=hdrs("V1," + sign(KEY, MSG_ID, TS, BODY)))
    case("signature with v1 prefix twice", "the prefix is stripped once only",
         headers=hdrs("v1,v1," + sign(KEY, MSG_ID, TS, BODY)))
    case("signature v1 prefix only", "'v1,' with nothing after it", headers=hdrs("v1,"))
    case("v2 invalid then v1 valid", "mixed versions: the v1 one matches",
         headers=hdrs(f"v2,{sign(KEY, MSG_ID, TS, BODY)}x {good}"))
    case("signature without padding", "comparison is on the base64 text: '=' stripped does not match",
         headers=hdrs(good.rstrip("=")))
    case("signature base64url", "URL-safe alphabet is a different string: no match",
         headers=hdrs(good.replace("+", "-").replace("/", "_")
                      if ("+" in good or "/" in good) else good[:-2] + "-_"))
    case("signature hex", "hex digest instead of base64: no match",
         headers=hdrs("v1," + hmac.new(KEY, f"{MSG_ID}.{TS}.{BODY}".encode(), hashlib.sha256).hexdigest()))
    case("signature non-ASCII first", "hmac.compare_digest(str, str) raises TypeError on non-ASCII",
         headers=hdrs(f"v1,sïgnature {good}"))
    case("signature non-ASCII after valid", "any() stops at the first match, before the non-ASCII one",
         headers=hdrs(f"{good} v1,sïgnature"))

    # ---- what is signed
    case("signature of another payload", "signed a different body", headers=hdrs(payload=OTHER_BODY))
    case("payload with trailing newline", "payload differs from the signed one by a final newline",
         payload=BODY + "\n")
    case("signature over another id", "signed with another webhook-id",
         headers=hdrs(v1(msg_id="msg_other")))
    case("signature over another timestamp", "signed with another timestamp (replayed header)",
         headers=hdrs(v1(ts=str(NOW - 10))))
    case("signature over payload only", "HMAC of the payload alone, no id/timestamp",
         headers=hdrs("v1," + base64.b64encode(hmac.new(KEY, BODY.encode(), hashlib.sha256).digest()).decode()))
    case("signature over id.timestamp.payload with sha1", "wrong hash function",
         headers=hdrs("v1," + base64.b64encode(
             hmac.new(KEY, f"{MSG_ID}.{TS}.{BODY}".encode(), hashlib.sha1).digest()).decode()))
    case("empty webhook-id", "empty id header value is present: signed content starts with '.'",
         headers=hdrs(msg_id="", sig=v1(msg_id="")))
    case("unicode webhook-id", "non-ASCII id, UTF-8 in the signed content",
         headers=hdrs(msg_id="msg_ñ_日本", sig=v1(msg_id="msg_ñ_日本")))
    case("webhook-id with dots", "dots in the id are not escaped",
         headers=hdrs(msg_id="msg.1.2", sig=v1(msg_id="msg.1.2")))

    # ---- secrets
    case("wrong secret", "verified with another whsec_ secret", secret=OTHER_SECRET)
    case("raw secret without whsec_ prefix", "no prefix: the secret's UTF-8 bytes are the key",
         secret=RAW_SECRET, headers=hdrs(key=RAW_SECRET.encode()))
    case("raw secret signed with decoded key", "no prefix: base64-decoding is NOT applied",
         secret=base64.b64encode(KEY).decode())
    case("raw secret base64 text as key", "no prefix: the base64 text itself is the HMAC key",
         secret=base64.b64encode(KEY).decode(), headers=hdrs(key=base64.b64encode(KEY)))
    case("uppercase WHSEC_ prefix", "prefix match is case-sensitive: whole string is a raw key",
         secret="WHSEC_" + base64.b64encode(KEY).decode(),
         headers=hdrs(key=("WHSEC_" + base64.b64encode(KEY).decode()).encode()))
    case("raw unicode secret", "non-ASCII raw secret: UTF-8 bytes", secret="sécret-🔑",
         headers=hdrs(key="sécret-🔑".encode()))
    case("empty secret", "secret='' is not None: HMAC with an empty key", secret="",
         headers=hdrs(key=b""))
    case("empty whsec_ secret", "'whsec_' decodes to an empty key", secret="whsec_",
         headers=hdrs(key=b""))
    case("whsec_ secret without padding", "base64 without '=': binascii.Error (Incorrect padding)",
         secret=SECRET.rstrip("="))
    case("whsec_ secret invalid length", "5 base64 characters: binascii.Error",
         secret="whsec_abcde")
    case("whsec_ secret with whitespace", "b64decode drops non-alphabet characters (space, newline)",
         secret="whsec_" + base64.b64encode(KEY).decode()[:20] + " \n" + base64.b64encode(KEY).decode()[20:])
    case("whsec_ secret base64url", "URL-safe '-' '_' are dropped by b64decode: here every character "
         "is dropped and the key is empty", secret="whsec_" + base64.b64encode(PLUS_KEY).decode().replace("+", "-"),
         headers=hdrs(key=b""))
    case("whsec_ secret base64url real key", "the same URL-safe secret does not verify with the real key",
         secret="whsec_" + base64.b64encode(PLUS_KEY).decode().replace("+", "-"), headers=hdrs(key=PLUS_KEY))
    case("whsec_ secret standard plus", "control: standard alphabet of the same key verifies",
         secret=PLUS_SECRET, headers=hdrs(key=PLUS_KEY))
    case("invalid secret checked after timestamp", "a too-old timestamp is reported before the secret is decoded",
         secret="whsec_abcde", headers=hdrs(ts=str(NOW - 301)))

    # ---- secret sources
    case("client webhook_secret", "no per-call secret: Portkey(webhook_secret=...) is used",
         secret=None, client=SECRET)
    case("client webhook_secret wrong", "client secret used, and it is the wrong one",
         secret=None, client=OTHER_SECRET)
    case("per-call secret overrides client", "per-call secret wins over the client's",
         secret=SECRET, client=OTHER_SECRET)
    case("per-call wrong secret overrides client", "per-call secret wins even when the client's is right",
         secret=OTHER_SECRET, client=SECRET)
    case("per-call empty secret overrides client", "secret='' is not None: the client's is not used",
         secret="", client=SECRET)
    case("no secret anywhere", "no per-call, client or env secret: ValueError", secret=None)
    case("no secret and no headers", "the missing secret is reported before missing headers",
         secret=None, headers=[])
    case("env OPENAI_WEBHOOK_SECRET", "the vendored OpenAI client reads OPENAI_WEBHOOK_SECRET when "
         "Portkey passes webhook_secret=None", secret=None, env={"OPENAI_WEBHOOK_SECRET": SECRET})
    case("client secret beats env", "Portkey(webhook_secret=...) wins over OPENAI_WEBHOOK_SECRET",
         secret=None, client=SECRET, env={"OPENAI_WEBHOOK_SECRET": OTHER_SECRET})
    case("client empty webhook_secret", "Portkey(webhook_secret='') reaches OpenAI as '' (not None): "
         "empty key", secret=None, client="", env={"OPENAI_WEBHOOK_SECRET": SECRET}, headers=hdrs(key=b""))
    case("client raw webhook_secret", "client secret without whsec_ prefix", secret=None,
         client=RAW_SECRET, headers=hdrs(key=RAW_SECRET.encode()))

    # ---- timestamps (default tolerance 300)
    for delta, label in [(-300, "exactly tolerance old"), (-301, "one second too old"),
                         (300, "exactly tolerance in future"), (301, "one second too far in future"),
                         (-3600, "an hour old"), (3600, "an hour in future"), (-1, "one second old"),
                         (1, "one second in future")]:
        ts = str(NOW + delta)
        case(f"timestamp {label}", f"timestamp = now {delta:+d}", headers=hdrs(ts=ts))
    case("timestamp too old with bad signature", "timestamp is checked before the signature",
         headers=hdrs(bad, ts=str(NOW - 301)))
    case("timestamp too new with bad signature", "timestamp is checked before the signature",
         headers=hdrs(bad, ts=str(NOW + 301)))
    case("timestamp zero", "Unix epoch", headers=hdrs(ts="0"))
    case("timestamp negative", "int() accepts a sign", headers=hdrs(ts="-5"))
    case("timestamp huge", "beyond 64 bits: Python ints do not overflow; too new",
         headers=hdrs(ts="99999999999999999999999"))
    case("timestamp huge negative", "beyond 64 bits negative: too old",
         headers=hdrs(ts="-99999999999999999999999"))
    case("timestamp non-numeric", "int() fails", headers=hdrs(ts="yesterday"))
    case("timestamp empty", "empty value is present (not missing): int('') fails", headers=hdrs(ts=""))
    case("timestamp float", "int('1750000000.5') fails", headers=hdrs(ts=TS + ".5"))
    case("timestamp hex", "int('0x...') fails", headers=hdrs(ts=hex(NOW)))
    case("timestamp milliseconds", "milliseconds are read as seconds: far in the future",
         headers=hdrs(ts=TS + "000"))
    case("timestamp leading plus", "int() accepts '+'; the raw text is what is signed",
         headers=hdrs(ts="+" + TS))
    case("timestamp leading zeros", "int() accepts leading zeros; raw text signed",
         headers=hdrs(ts="000" + TS))
    case("timestamp surrounding whitespace", "int() strips whitespace; raw text signed",
         headers=hdrs(ts=" " + TS + " "))
    case("timestamp underscores", "int() accepts '_' digit separators; raw text signed",
         headers=hdrs(ts="1_750_000_000"))
    case("timestamp arabic-indic digits", "int() accepts Unicode decimal digits; raw text signed",
         headers=hdrs(ts="١٧٥٠٠٠٠٠٠٠"))
    case("timestamp plus signed with canonical", "'+1750000000' in the header, signature over "
         "'1750000000': mismatch", headers=hdrs(v1(ts=TS), ts="+" + TS))
    case("fractional now truncated", "int(time.time()) truncates: now=1750000300.999 -> 1750000300, "
         "timestamp exactly 300 old", now=NOW + 300.999)
    case("fractional now just past", "now=1750000301.001 -> 1750000301: 301 old", now=NOW + 301.001)
    case("fractional now future edge", "now=1749999700.5 -> 1749999700: timestamp exactly 300 ahead",
         now=NOW - 300 + 0.5)

    # ---- custom tolerance (verify_signature only; unwrap always uses 300)
    for tol, delta in [(10, -10), (10, -11), (10, 10), (10, 11), (10, -200), (0, 0), (0, -1), (0, 1),
                       (3600, -3600), (3600, -3601), (-1, 0)]:
        case(f"tolerance {tol} timestamp {delta:+d}", f"tolerance={tol}, timestamp = now {delta:+d}",
             headers=hdrs(ts=str(NOW + delta)), tolerance=tol)

    # ---- headers: presence, case, container
    full = hdrs()
    for missing in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        case(f"missing {missing}", f"no {missing} header",
             headers=[(k, v) for k, v in full if k != missing])
    case("missing all headers", "signature header is looked up first", headers=[])
    case("missing id with bad timestamp", "all three headers are fetched before the timestamp is parsed",
         headers=[(k, v) for k, v in hdrs(ts="bad") if k != "webhook-id"])
    case("header value null", "a None value is treated as missing",
         headers=[("webhook-id", None), ("webhook-timestamp", TS), ("webhook-signature", good)])
    case("header names title case", "Webhook-Id / Webhook-Timestamp / Webhook-Signature",
         headers=hdrs(names=("Webhook-Id", "Webhook-Timestamp", "Webhook-Signature")))
    case("header names upper case", "WEBHOOK-ID ...",
         headers=hdrs(names=("WEBHOOK-ID", "WEBHOOK-TIMESTAMP", "WEBHOOK-SIGNATURE")))
    case("header names mixed case", "wEbHoOk-iD ...",
         headers=hdrs(names=("wEbHoOk-iD", "WeBhOoK-TiMeStAmP", "webhook-SIGNATURE")))
    case("header names with underscores", "webhook_id is not webhook-id",
         headers=hdrs(names=("webhook_id", "webhook_timestamp", "webhook_signature")))
    case("header names with surrounding space", "' webhook-id' does not match",
         headers=hdrs(names=(" webhook-id", "webhook-timestamp", "webhook-signature")))
    case("duplicate header name case variants bad first", "dict with 'Webhook-Signature' (bad) before "
         "'webhook-signature' (good): the first case-insensitive match wins",
         headers=hdrs(names=("webhook-id", "webhook-timestamp", "webhook-signature"))[:2]
         + [("Webhook-Signature", bad), ("webhook-signature", good)])
    case("duplicate header name case variants good first", "the first case-insensitive match wins",
         headers=hdrs()[:2] + [("Webhook-Signature", good), ("webhook-signature", bad)])
    case("extra headers", "unrelated headers are ignored",
         headers=[("content-type", "application/json"), ("user-agent", "OpenAI/1.0")] + hdrs()
         + [("webhook-version", "2")])
    case("headers as list of pairs", "a list of [name, value] pairs is not accepted (no .get)",
         headers_as="list")
    case("headers as list of pairs no secret", "the secret check comes before header access",
         headers_as="list", secret=None)
    case("headers as httpx.Headers", "httpx.Headers (a Mapping) is accepted", headers_as="httpx.Headers")
    case("headers as httpx.Headers mixed case", "httpx.Headers with mixed-case names",
         headers=hdrs(names=("Webhook-ID", "WEBHOOK-TIMESTAMP", "Webhook-Signature")), headers_as="httpx.Headers")
    case("httpx.Headers repeated signature header valid last", "repeated header: httpx joins the "
         "values with ', ', so the earlier token keeps a trailing comma; the last one still matches",
         headers=hdrs()[:2] + [("webhook-signature", bad), ("webhook-signature", good)],
         headers_as="httpx.Headers")
    case("httpx.Headers repeated signature header valid first", "the valid value becomes "
         "'v1,<sig>,' after the join and no longer matches",
         headers=hdrs()[:2] + [("webhook-signature", good), ("webhook-signature", bad)],
         headers_as="httpx.Headers")

    # ---- unwrap results
    events = {
        "batch.cancelled": {"id": "batch_1"}, "batch.completed": {"id": "batch_1"},
        "batch.expired": {"id": "batch_1"}, "batch.failed": {"id": "batch_1"},
        "eval.run.canceled": {"id": "evalrun_1"}, "eval.run.failed": {"id": "evalrun_1"},
        "eval.run.succeeded": {"id": "evalrun_1"},
        "fine_tuning.job.cancelled": {"id": "ftjob_1"}, "fine_tuning.job.failed": {"id": "ftjob_1"},
        "fine_tuning.job.succeeded": {"id": "ftjob_1"},
        "realtime.call.incoming": {"call_id": "rtc_1", "sip_headers": [
            {"name": "From", "value": "sip:+15555550100@example.com"},
            {"name": "To", "value": "sip:+15555550199@example.com"}]},
        "response.cancelled": {"id": "resp_1"}, "response.completed": {"id": "resp_1"},
        "response.failed": {"id": "resp_1"}, "response.incomplete": {"id": "resp_1"},
    }
    for typ, data in events.items():
        body = json.dumps({"id": "evt_" + typ.replace(".", "_"), "object": "event", "type": typ,
                           "created_at": 1749999990, "data": data}, separators=(",", ":"))
        case(f"unwrap event {typ}", f"a {typ} event", payload=body, headers=hdrs(payload=body))

    def body_case(name: str, note: str, body: Union[str, bytes]) -> None:
        case(name, note, payload=body, headers=hdrs(payload=body))

    body_case("unwrap pretty-printed JSON", "whitespace in the JSON is part of the signed payload",
              json.dumps(json.loads(BODY), indent=2))
    body_case("unwrap unknown event type", "unknown type: the first union variant "
              "(BatchCancelledWebhookEvent) is constructed, extra fields kept",
              '{"id":"evt_x","object":"event","type":"thing.happened","created_at":1,"data":{"x":[1,2]}}')
    body_case("unwrap missing type", "no type field: first union variant", '{"id":"evt_x","foo":"bar"}')
    body_case("unwrap non-string type", "type is a number: first union variant", '{"type":5}')
    body_case("unwrap known type missing fields", "no validation: missing required fields are fine",
              '{"type":"batch.failed"}')
    body_case("unwrap known type wrong field types", "no validation: wrong field types kept as-is",
              '{"type":"batch.completed","id":7,"created_at":"yesterday","data":"nope"}')
    body_case("unwrap extra fields", "unknown fields are kept",
              '{"type":"response.failed","id":"evt_1","created_at":1,"data":{"id":"resp_1","extra":true},'
              '"top_extra":{"a":null}}')
    body_case("unwrap duplicate keys", "json.loads keeps the last duplicate key",
              '{"type":"batch.completed","type":"batch.failed","id":"evt_1"}')
    body_case("unwrap empty object", "{}: first union variant", "{}")
    body_case("unwrap JSON array", "an array: returned as a list (objects in it become the first variant)",
              '[1,{"type":"batch.completed","id":"evt_1"},"x"]')
    body_case("unwrap JSON number", "a number is returned as-is", "42")
    body_case("unwrap JSON float", "a float is returned as-is", "1.5")
    body_case("unwrap JSON string", "a string is returned as-is", '"hello"')
    body_case("unwrap JSON null", "null is returned as None", "null")
    body_case("unwrap JSON true", "a boolean is returned as-is", "true")
    body_case("unwrap JSON with surrounding whitespace", "json.loads accepts surrounding whitespace",
              "  \n" + BODY + "\n  ")
    body_case("unwrap truncated JSON", "verification passes, parsing fails", BODY[:-1])
    body_case("unwrap trailing garbage", "extra data after the JSON value", BODY + "x")
    body_case("unwrap JSON with escaped unicode", "\\u escapes are decoded",
              '{"type":"batch.completed","id":"evt_\\u00e9\\ud83d\\ude80"}')
    bom_body = "\ufeff" + BODY
    body_case("unwrap UTF-8 BOM str", "str payload starting with U+FEFF: json.loads(str) rejects the BOM",
              bom_body)
    body_case("unwrap UTF-8 BOM bytes", "bytes payload starting with EF BB BF: sync json.loads(bytes) "
              "detects and skips the BOM (async decodes first and rejects it)", bom_body.encode())
    case("invalid UTF-8 bytes payload", "bytes that are not UTF-8: payload.decode('utf-8') raises",
         payload=b"\xff\xfe{}", headers=hdrs(payload=b"\xff\xfe{}"))
    case("unicode payload signed as latin-1", "the SDK signs UTF-8: a Latin-1 signature does not match",
         payload=UNICODE_BODY.encode(), headers=hdrs(v1(payload=UNICODE_BODY.encode("latin-1", "replace"))))


# --------------------------------------------------------------------------- running


def error_record(e: BaseException) -> Dict[str, Any]:
    cls = type(e)
    return {"error": cls.__name__, "module": cls.__module__, "value_error": isinstance(e, ValueError),
            "message": str(e)}


def jsonable(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.to_dict(mode="json")  # type: ignore[attr-defined]
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def headers_object(c: Dict[str, Any]) -> Any:
    pairs = c["headers"]
    if c["headers_as"] == "dict":
        names = [k for k, _ in pairs]
        if len(set(names)) != len(names):
            raise SystemExit(f"{c['name']}: repeated header name cannot be a dict")
        return dict(pairs)
    if c["headers_as"] == "list":
        return [tuple(p) for p in pairs]
    if c["headers_as"] == "httpx.Headers":
        import httpx

        return httpx.Headers([(k, v) for k, v in pairs])
    raise SystemExit(f"{c['name']}: unknown headers_as {c['headers_as']!r}")


def clean_env() -> None:
    for key in list(os.environ):
        if key.startswith("PORTKEY_") or key == "OPENAI_WEBHOOK_SECRET":
            del os.environ[key]


def run_case(c: Dict[str, Any], is_async: bool) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    import portkey_ai

    saved = dict(os.environ)
    try:
        clean_env()
        os.environ.update(c["env"])
        kwargs: Dict[str, Any] = {"api_key": "pk-test"}
        if c["client_webhook_secret"] is not None:
            kwargs["webhook_secret"] = c["client_webhook_secret"]
        client = (portkey_ai.AsyncPortkey if is_async else portkey_ai.Portkey)(**kwargs)
    finally:
        os.environ.clear()
        os.environ.update(saved)

    call: Dict[str, Any] = {}
    if c["secret"] is not None:
        call["secret"] = c["secret"]
    verify_kwargs = dict(call)
    if c["tolerance"] is not None:
        verify_kwargs["tolerance"] = c["tolerance"]

    results = []
    with mock.patch("time.time", return_value=c["now"]), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn, kw in ((client.webhooks.verify_signature, verify_kwargs), (client.webhooks.unwrap, call)):
            try:
                out = fn(c["payload"], headers_object(c), **kw)
            except Exception as e:  # noqa: BLE001 (recording whatever the SDK raises)
                results.append(error_record(e))
                continue
            if fn.__name__ == "verify_signature":
                results.append({"ok": True} if out is None else {"ok": jsonable(out), "returned": True})
            else:
                results.append({"ok": jsonable(out), "type": type(out).__name__})
    return results[0], results[1]


def record(c: Dict[str, Any]) -> Dict[str, Any]:
    verify, unwrap = run_case(c, False)
    averify, aunwrap = run_case(c, True)
    payload = c["payload"]
    rec: Dict[str, Any] = {"name": c["name"], "note": c["note"]}
    if isinstance(payload, bytes):
        try:
            rec["payload"] = payload.decode("utf-8")
        except UnicodeDecodeError:
            rec["payload_b64"] = base64.b64encode(payload).decode()
        rec["payload_type"] = "bytes"
    else:
        rec["payload"] = payload
        rec["payload_type"] = "str"
    rec.update({
        "headers": [[k, v] for k, v in c["headers"]], "headers_as": c["headers_as"],
        "secret": c["secret"], "client_webhook_secret": c["client_webhook_secret"], "env": c["env"],
        "tolerance": c["tolerance"], "now": c["now"], "verify": verify, "unwrap": unwrap,
    })
    if (averify, aunwrap) != (verify, unwrap):
        rec["async"] = {"verify": averify, "unwrap": aunwrap}
    return rec


SCHEME = (
    "portkey-ai 2.3.4 forwards client.webhooks.verify_signature / unwrap unchanged to its vendored OpenAI "
    "client (portkey_ai/_vendor/openai/resources/webhooks/webhooks.py); Portkey(webhook_secret=...) is "
    "passed to that OpenAI client, which falls back to the OPENAI_WEBHOOK_SECRET environment variable "
    "(read when the client is built) when it is None. verify_signature(payload, headers, *, secret=None, "
    "tolerance=300): (1) the secret is the per-call `secret` unless it is None, else the client's; if that "
    "is None too: ValueError('The webhook secret must either be set using the env var, "
    "OPENAI_WEBHOOK_SECRET, on the client class, OpenAI(webhook_secret='123'), or passed to this "
    "function') (an empty string is a secret, not a missing one). (2) The headers are looked up in the "
    "order webhook-signature, webhook-timestamp, webhook-id; for a Mapping (dict, httpx.Headers) the first "
    "item whose key.lower() equals the name and whose value is a str wins (an empty string counts as "
    "present), then headers.get(name / lower / UPPER / Intercaps) is tried and a falsy result means "
    "missing: ValueError('Could not find webhook-signature header') (resp. webhook-timestamp, webhook-id); "
    "a non-Mapping without .get (a list of pairs) raises AttributeError. (3) The timestamp is parsed with "
    "Python int() (so surrounding whitespace, '+'/'-', leading zeros, '_' separators and non-ASCII "
    "Unicode decimal digits are accepted, unbounded size); failure: InvalidWebhookSignatureError('Invalid "
    "webhook timestamp format'). With now = int(time.time()) (truncated), it raises "
    "InvalidWebhookSignatureError('Webhook timestamp is too old') if now - timestamp > tolerance, then "
    "InvalidWebhookSignatureError('Webhook timestamp is too new') if timestamp > now + tolerance: both "
    "edges (|now - timestamp| == tolerance) are accepted; timestamps are checked before the signature and "
    "before the secret is decoded. (4) The signature header is split with str.split() (runs of any "
    "Unicode whitespace); each token has a leading 'v1,' removed once if present (case-sensitive) and is "
    "otherwise kept whole, so a bare base64 signature is accepted and 'v2,...' never matches. (5) Key: if "
    "the secret starts with 'whsec_' (case-sensitive) the rest is decoded with non-validating "
    "base64.b64decode (standard alphabet; characters outside it, including URL-safe '-'/'_' and "
    "whitespace, are silently dropped; bad padding/length raises binascii.Error), otherwise the whole "
    "secret's UTF-8 bytes are the key. (6) The payload (bytes are decoded as strict UTF-8, raising "
    "UnicodeDecodeError) gives signed content = UTF-8 of f'{webhook_id}.{timestamp}.{payload}' with the "
    "id and the timestamp exactly as they appear in the headers (raw timestamp text, not the parsed "
    "integer); expected = standard base64 (with '=' padding) of HMAC-SHA256(key, signed content). (7) It "
    "passes if any token equals expected, compared with hmac.compare_digest on the two str values "
    "(constant time per comparison; tokens are tried in order and any() stops at the first match; a "
    "non-ASCII token reached before a match raises TypeError('comparing strings with non-ASCII characters "
    "is not supported')); otherwise InvalidWebhookSignatureError('The given webhook signature does not "
    "match the expected signature'). InvalidWebhookSignatureError subclasses ValueError and returns None on "
    "success. unwrap(payload, headers, *, secret=None) resolves the secret the same way, calls "
    "verify_signature with the default tolerance 300 (it has no tolerance parameter), then returns "
    "construct_type(UnwrapWebhookEvent, json.loads(payload)) without validation: a JSON object becomes the "
    "event model selected by its string 'type' (15 known types), or the first union variant "
    "BatchCancelledWebhookEvent when the type is missing or unknown (all fields, extra ones included, are "
    "kept as given); arrays, numbers, strings, booleans and null are returned as plain Python values; "
    "JSON errors raise json.JSONDecodeError (a ValueError). The sync unwrap passes bytes straight to "
    "json.loads (which skips a UTF-8 BOM) while AsyncPortkey's unwrap decodes them as UTF-8 first (a BOM "
    "then fails to parse); verify_signature is identical in both."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output file (default: tests/webhooks/vectors.json)")
    parser.add_argument("--force-venv", action="store_true", help="always run inside conformance/.venv")
    args = parser.parse_args()
    ensure_sdk(SCRIPT, args.force_venv)

    build_cases()
    records = [record(c) for c in CASES]
    doc = {"generator": GENERATOR, "sdk": SDK_LABEL, "scheme": SCHEME, "cases": records}
    out: Path = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    ok = sum(1 for r in records if r["verify"] == {"ok": True})
    unwrapped = sum(1 for r in records if "ok" in r["unwrap"])
    differ = sum(1 for r in records if "async" in r)
    print(f"{len(records)} cases ({ok} verify ok, {unwrapped} unwrap ok, {differ} async differences) -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
