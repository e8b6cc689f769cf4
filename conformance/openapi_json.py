#!/usr/bin/env python3
"""Carry OpenAI's and Portkey's published OpenAPI documents in the repository, as JSON.

``portkey_types!`` reads the documents at compile time, and the published crate carries them
(``portkey/schema`` links to ``schema/``), so they are stored as JSON, which the macro reads with
the serde_json it already depends on (a YAML reader would be one more crate in every user's
build). The conversion is lossless but for YAML timestamps in examples, which become their ISO
text. The layout keeps errors findable: every top-level key, every path and every component
schema starts a line of its own, so a problem the macro reports names ``file:line`` of the
schema it is about.

    python3 conformance/openapi_json.py [--openai PATH] [--portkey PATH]

The sources default to ``../shared/reference/{openai,portkey}-openapi/openapi.yaml`` beside
the repository. Writes ``schema/openapi/openai.json`` and ``schema/openapi/portkey.json`` and
copies each upstream ``LICENSE`` beside them (``LICENSE-openai``, ``LICENSE-portkey``). Needs
PyYAML (installed into ``conformance/.venv`` when missing, as ``openapi_operations.py`` does).
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REFERENCE = ROOT.parent / "shared" / "reference"
OUT = ROOT / "schema" / "openapi"

try:
    import yaml
except ImportError:  # pragma: no cover - set up the shared virtualenv, then run again there
    import subprocess

    sys.path.insert(0, str(HERE))
    import sdk

    python = sdk.venv_python()
    if not python.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(sdk.VENV_DIR)])
    subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "pyyaml"])
    import os

    os.execv(str(python), [str(python), __file__] + sys.argv[1:])


def plain(value):
    """YAML timestamps as ISO text; everything else as it is."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def entries(obj: dict, indent_key: str = "") -> str:
    """An object with one entry per line."""
    lines = [f"{compact(k)}:{compact(v)}" for k, v in obj.items()]
    return "{\n" + ",\n".join(lines) + "\n}"


def layout(doc: dict) -> str:
    parts = []
    for key, value in doc.items():
        if key == "paths":
            text = entries(value)
        elif key == "components":
            inner = []
            for ckey, cvalue in value.items():
                inner.append(f"{compact(ckey)}:{entries(cvalue) if isinstance(cvalue, dict) else compact(cvalue)}")
            text = "{\n" + ",\n".join(inner) + "\n}"
        else:
            text = compact(value)
        parts.append(f"{compact(key)}:{text}")
    out = "{\n" + ",\n".join(parts) + "\n}\n"
    assert json.loads(out) == doc, "the layout changed the document"
    return out


def convert(source: Path, name: str) -> None:
    with source.open(encoding="utf-8") as f:
        doc = plain(yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    target = OUT / f"{name}.json"
    target.write_text(layout(doc), encoding="utf-8")
    shutil.copyfile(source.parent / "LICENSE", OUT / f"LICENSE-{name}")
    schemas = len(doc.get("components", {}).get("schemas", {}))
    print(f"{target.relative_to(ROOT)}: {doc['info']['title']} {doc['info']['version']}, "
          f"{len(doc.get('paths', {}))} paths, {schemas} schemas, {target.stat().st_size} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--openai", type=Path, default=REFERENCE / "openai-openapi" / "openapi.yaml")
    parser.add_argument("--portkey", type=Path, default=REFERENCE / "portkey-openapi" / "openapi.yaml")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    convert(args.openai, "openai")
    convert(args.portkey, "portkey")


if __name__ == "__main__":
    main()
