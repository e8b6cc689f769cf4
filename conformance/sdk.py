"""The Python SDK the conformance scripts compare against: portkey-ai 2.3.4.

``ensure_sdk(script, force_venv)`` returns when portkey-ai 2.3.4 is importable; otherwise it
creates ``conformance/.venv`` (git-ignored), installs the SDK there with pip, and re-executes
the calling script with that interpreter. Every script in this folder starts with it.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

SDK_DIST = "portkey-ai"
SDK_VERSION = "2.3.4"
SDK_LABEL = f"{SDK_DIST} {SDK_VERSION}"
VENV_DIR = Path(__file__).resolve().parent / ".venv"
# Marks the re-executed process (not a PORTKEY_* name: the scripts clear those).
REEXEC_MARKER = "CONFORMANCE_SDK_VENV"


def installed_sdk_version() -> Optional[str]:
    """Version of portkey-ai importable by this interpreter, or None."""
    try:
        import portkey_ai  # noqa: F401  (only: is it importable?)
    except ImportError:
        return None
    try:
        return importlib.metadata.version(SDK_DIST)
    except importlib.metadata.PackageNotFoundError:
        return None


def venv_python() -> Path:
    if os.name == "nt":
        return VENV_DIR / "Scripts" / "python.exe"
    return VENV_DIR / "bin" / "python"


def ensure_sdk(script: Path, force_venv: bool = False) -> None:
    """Re-exec ``script`` in conformance/.venv (creating it) unless portkey-ai 2.3.4 is here."""
    if os.environ.get(REEXEC_MARKER):
        version = installed_sdk_version()
        if version != SDK_VERSION:
            sys.exit(f"{SDK_LABEL} still unavailable in {sys.executable} (found {version})")
        return
    if not force_venv and installed_sdk_version() == SDK_VERSION:
        return

    python = venv_python()
    if not python.exists():
        print(f"creating virtualenv {VENV_DIR}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV_DIR)])
    probe = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m, portkey_ai; print(m.version({SDK_DIST!r}))"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0 or probe.stdout.strip() != SDK_VERSION:
        print(f"installing {SDK_DIST}=={SDK_VERSION} into {VENV_DIR}", file=sys.stderr)
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", f"{SDK_DIST}=={SDK_VERSION}"])
    env = dict(os.environ)
    env[REEXEC_MARKER] = "1"
    args = [str(python), str(script)] + [a for a in sys.argv[1:] if a != "--force-venv"]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(str(python), args, env)
