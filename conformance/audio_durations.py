#!/usr/bin/env python3
"""Generate audio-duration test vectors from the real Python SDK.

Before an audio transcription / translation upload the official Python SDK
``portkey-ai==2.3.4`` calls ``get_audio_file_duration(file.name)``
(``portkey_ai/api_resources/get_audio_duration.py``) and, when it returns a
string, sends it as the ``x-portkey-audio-file-duration`` header (milliseconds).
portkey-rs ports that function to ``portkey/src/endpoints/audio_duration.rs``;
this script produces the vectors its unit tests replay.

It writes small synthetic audio files, built byte by byte (WAV through the
``wave`` module or by hand, MPEG audio frames with and without ID3v2 / ID3v1
tags and Xing / Info / VBRI headers, MP4 / M4A atoms, FLAC metadata blocks, Ogg
pages with Vorbis / Opus identification headers), plus malformed, truncated and
empty files and unknown extensions, into ``tests/audio/``, calls the SDK
function on each and records the outcome in ``tests/audio/durations.json``::

    {"generator": "conformance/audio_durations.py", "sdk": "portkey-ai 2.3.4",
     "cases": [{"file": "x.wav", "duration": "1234" | null,
                "raises": null | "<exception>", "hangs": false, "note": "..."}]}

* ``duration``: the string the function returned, or null when it returned
  None, raised or hung;
* ``raises``: the class name of the exception it raised (``module.qualname``
  for classes outside ``builtins``, e.g. ``wave.Error``), else null;
* ``hangs``: true when the call did not return within ``HANG_SECONDS``.  The
  SDK's MP3 frame-sync scan never ends when no frame sync starts 4 or more
  bytes before the end of a file with at least 3 bytes after the ID3v2 tag:
  it seeks back 3 bytes after every chunk, so at the end it re-reads the same
  last 3 bytes forever.  Such calls are interrupted with ``SIGALRM``;
  portkey-rs returns None for them;
* ``note``: what the case exercises.

The function is called with the bare file name, from inside ``tests/audio/``
(so recorded exceptions never depend on where the repository lives); one case
names a file that does not exist.  Files listed in a previous
``durations.json`` that are no longer generated are removed.  The output is
deterministic.  POSIX only (``SIGALRM``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import struct
import sys
import wave
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from sdk import SDK_LABEL, ensure_sdk

GENERATOR = "conformance/audio_durations.py"
SCRIPT = Path(__file__).resolve()
REPO_ROOT = SCRIPT.parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "tests" / "audio"
HANG_SECONDS = 2.0
MAX_TOTAL_BYTES = 100 * 1024

# (file name, contents or None for a file that must not exist, note)
Case = Tuple[str, Optional[bytes], str]


# --------------------------------------------------------------------------- WAV


def wav_module(rate: int, channels: int, sampwidth: int, frames: int) -> bytes:
    """A WAV file written by the stdlib ``wave`` module (silence)."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(sampwidth)
        w.setframerate(rate)
        w.writeframes(b"\x00" * (frames * channels * sampwidth))
    return buf.getvalue()


def chunk(name: bytes, payload: bytes, size: Optional[int] = None, pad: bool = True) -> bytes:
    """A RIFF chunk: name, little-endian size (default: len(payload)), payload, pad byte if odd."""
    n = len(payload) if size is None else size
    out = name + struct.pack("<I", n) + payload
    if pad and len(payload) % 2:
        out += b"\x00"
    return out


def fmt_payload(tag: int = 1, channels: int = 1, rate: int = 8000, bits: int = 16, extra: bytes = b"") -> bytes:
    block_align = channels * ((bits + 7) // 8)
    byte_rate = (rate * block_align) & 0xFFFFFFFF
    return struct.pack("<HHIIHH", tag, channels, rate, byte_rate, block_align & 0xFFFF, bits) + extra


def riff(body: bytes, size: Optional[int] = None, form: bytes = b"WAVE", magic: bytes = b"RIFF") -> bytes:
    n = len(form) + len(body) if size is None else size
    return magic + struct.pack("<I", n) + form + body


def wav_cases() -> List[Case]:
    c: List[Case] = []
    add = lambda name, data, note: c.append((name, data, note))  # noqa: E731
    add("wav_8k_mono_16bit.wav", wav_module(8000, 1, 2, 200), "wave module: 200 frames at 8 kHz")
    add("wav_44k_stereo_16bit.wav", wav_module(44100, 2, 2, 100), "wave module: 100 frames at 44.1 kHz, truncated ms")
    add("wav_22k_mono_8bit.wav", wav_module(22050, 1, 1, 333), "wave module: 8-bit")
    add("wav_48k_6ch_24bit.wav", wav_module(48000, 6, 3, 20), "wave module: 6 channels, 24-bit")
    add("wav_11k_one_frame.wav", wav_module(11025, 1, 2, 1), "one frame: 0.09 ms -> 0")
    add("wav_no_frames.wav", wav_module(16000, 1, 2, 0), "empty data chunk -> 0")
    add("wav_7hz.wav", wav_module(7, 1, 1, 1), "1/7 s -> 142")
    add("wav_1000hz_1001_frames.wav", riff(chunk(b"fmt ", fmt_payload(rate=1000, bits=8)) + chunk(b"data", b"", size=1001)),
        "1001/1000.0*1000 == 1000.9999999999999 in floats: int() gives 1000")
    add("wav_10hz_323_frames.wav", wav_module(10, 1, 1, 323), "323/10.0*1000 == 32299.999999999996 -> 32299")
    add("WAV_UPPER.WAV", wav_module(8000, 1, 1, 400), "extension is lowercased")
    add(".wav", wav_module(8000, 1, 1, 400), "os.path.splitext('.wav') has no extension -> None")
    add("..wav", wav_module(8000, 1, 1, 400), "os.path.splitext('..wav') has no extension -> None")
    add("wav.in.name.wav", wav_module(8000, 1, 1, 80), "only the last extension counts")
    add("wav_as_txt.wav.txt", wav_module(8000, 1, 1, 80), "unknown extension -> None")
    fmt = chunk(b"fmt ", fmt_payload(channels=2, rate=44100, bits=16))
    add("wav_data_size_only.wav", riff(fmt + chunk(b"data", b"", size=176400 * 600)),
        "data chunk header claims 600 s, no samples present: the header size counts")
    add("wav_data_not_multiple.wav", riff(fmt + chunk(b"data", b"\x00" * 403)),
        "data size not a multiple of the frame size: floor division, then the odd pad byte")
    add("wav_bits12.wav", riff(chunk(b"fmt ", fmt_payload(rate=1000, bits=12)) + chunk(b"data", b"\x00" * 300)),
        "12 bits per sample -> 2 bytes")
    add("wav_bits_huge.wav",
        riff(chunk(b"fmt ", fmt_payload(channels=65535, rate=3, bits=65535)) + chunk(b"data", b"", size=0xFFFFFFFF)),
        "65535 channels of 65535-bit (8192-byte) samples: 7 frames at 3 Hz")
    add("wav_rate_max.wav", riff(chunk(b"fmt ", fmt_payload(rate=0xFFFFFFFF)) + chunk(b"data", b"", size=0xFFFFFFFE)),
        "rate 2^32-1, 2^31-1 frames")
    add("wav_list_odd_between.wav",
        riff(fmt + chunk(b"LIST", b"INFOabc") + chunk(b"junk", b"x" * 9) + chunk(b"data", b"\x00" * 176)),
        "odd-sized chunks before data are skipped with their pad byte")
    add("wav_fmt18.wav", riff(chunk(b"fmt ", fmt_payload(rate=16000, extra=b"\x00\x00")) + chunk(b"data", b"\x00" * 320)),
        "18-byte fmt chunk (cbSize)")
    add("wav_fmt_twice.wav",
        riff(chunk(b"fmt ", fmt_payload(rate=8000)) + chunk(b"fmt ", fmt_payload(rate=4000)) + chunk(b"data", b"\x00" * 800)),
        "two fmt chunks: the last one before data wins")
    add("wav_after_data_ignored.wav", riff(fmt + chunk(b"data", b"\x00" * 400) + chunk(b"fmt ", fmt_payload(rate=1))),
        "chunks after data are not read")
    add("wav_riff_size_small.wav", riff(fmt + chunk(b"data", b"\x00" * 400), size=4 + 24 + 4),
        "RIFF size ends inside the data chunk header: EOFError while reading it -> wave.Error")
    add("wav_riff_size_cuts_fmt.wav", riff(chunk(b"fmt ", fmt_payload()) + chunk(b"data", b"\x00" * 16), size=4 + 8 + 10),
        "RIFF size ends inside the fmt chunk payload")
    add("wav_riff_size_skip_past.wav",
        riff(chunk(b"LIST", b"x" * 100) + fmt + chunk(b"data", b"\x00" * 16), size=4 + 8 + 50),
        "skipping a chunk past the RIFF end: RuntimeError from the chunk seek")
    add("wav_riff_size_odd.wav", riff(fmt + chunk(b"data", b"\x00" * 16) + b"\x00", size=4 + 24 + 8 + 16 + 1),
        "odd RIFF size")
    add("wav_riff_size_zero.wav", riff(fmt + chunk(b"data", b"\x00" * 16), size=0), "RIFF size 0: WAVE id unreadable")
    add("wav_riff_size_huge.wav", riff(fmt + chunk(b"data", b"\x00" * 16), size=0xFFFFFFFF),
        "RIFF size larger than the file")
    add("wav_rate_zero.wav", riff(chunk(b"fmt ", fmt_payload(rate=0)) + chunk(b"data", b"\x00" * 16)),
        "rate 0: ZeroDivisionError")
    add("wav_channels_zero.wav", riff(chunk(b"fmt ", fmt_payload(channels=0)) + chunk(b"data", b"\x00" * 16)),
        "0 channels")
    add("wav_bits_zero.wav", riff(chunk(b"fmt ", fmt_payload(bits=0)) + chunk(b"data", b"\x00" * 16)),
        "0 bits per sample")
    add("wav_float.wav", riff(chunk(b"fmt ", fmt_payload(tag=3, bits=32)) + chunk(b"data", b"\x00" * 16)),
        "IEEE float format tag 3: unknown format")
    add("wav_extensible.wav",
        riff(chunk(b"fmt ", fmt_payload(tag=0xFFFE, extra=b"\x16\x00" + b"\x00" * 22)) + chunk(b"data", b"\x00" * 16)),
        "WAVE_FORMAT_EXTENSIBLE: unknown format in Python 3.11")
    add("wav_fmt14.wav", riff(chunk(b"fmt ", fmt_payload()[:14]) + chunk(b"data", b"\x00" * 16)),
        "14-byte PCM fmt chunk: no bits field")
    add("wav_fmt15.wav", riff(chunk(b"fmt ", fmt_payload()[:15]) + chunk(b"data", b"\x00" * 16)),
        "15-byte PCM fmt chunk: one byte of the bits field")
    add("wav_fmt_short.wav", riff(chunk(b"fmt ", fmt_payload()[:10]) + chunk(b"data", b"\x00" * 16)),
        "10-byte fmt chunk")
    add("wav_data_before_fmt.wav", riff(chunk(b"data", b"\x00" * 16) + fmt), "data chunk before fmt")
    add("wav_no_data.wav", riff(fmt + chunk(b"LIST", b"INFO")), "no data chunk")
    add("wav_no_fmt.wav", riff(chunk(b"LIST", b"INFO")), "no fmt chunk, no data chunk")
    add("wav_truncated_data_header.wav", riff(fmt, size=4 + 24 + 8) + b"data\x10\x00", "data chunk size cut short")
    add("wav_truncated_fmt.wav", riff(b"", size=4 + 24) + b"fmt \x10\x00\x00\x00\x01\x00", "file ends inside fmt")
    add("wav_not_riff.wav", riff(fmt + chunk(b"data", b"\x00" * 16), magic=b"RIFX"), "RIFX (big-endian) magic")
    add("wav_not_wave.wav", riff(fmt + chunk(b"data", b"\x00" * 16), form=b"AVI "), "RIFF but not WAVE")
    add("wav_empty.wav", b"", "empty file")
    add("wav_riff_only.wav", b"RIFF", "file ends after RIFF")
    add("wav_mp3_inside.wav", mpeg_frame(3, 3, 9, 0), "an MP3 named .wav")
    return c


# --------------------------------------------------------------------------- MPEG audio

BITRATES = {
    (1, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0],
    (1, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0],
    (1, 3): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0],
    (2, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0],
    (2, 2): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
    (2, 3): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
}
SAMPLE_RATES = {3: [44100, 48000, 32000, 0], 2: [22050, 24000, 16000, 0], 0: [11025, 12000, 8000, 0]}
LAYER_BITS = {1: 3, 2: 2, 3: 1}  # layer -> header bits
FRAME_CAP = 160  # keeps the files small; CBR files stay over 128 bytes with two frames


def mpeg_header(version_bits: int, layer: int, bitrate_index: int, sr_index: int, mono: bool = False,
                layer_bits: Optional[int] = None) -> bytes:
    lb = LAYER_BITS[layer] if layer_bits is None else layer_bits
    b1 = 0xE0 | (version_bits << 3) | (lb << 1) | 1  # no CRC
    b2 = (bitrate_index << 4) | (sr_index << 2)
    b3 = 0xC0 if mono else 0x00
    return bytes([0xFF, b1, b2, b3])


def frame_length(version_bits: int, layer: int, bitrate_index: int, sr_index: int) -> int:
    """Real frame length (for plausible files; the SDK does not use it)."""
    v = 1 if version_bits == 3 else 2
    br = BITRATES[(v, layer)][bitrate_index] * 1000
    sr = SAMPLE_RATES[version_bits][sr_index]
    if not br or not sr:
        return 64
    if layer == 1:
        return (12 * br // sr) * 4
    if layer == 3 and v == 2:
        return 72 * br // sr
    return 144 * br // sr


def mpeg_frame(version_bits: int, layer: int, bitrate_index: int, sr_index: int, mono: bool = False,
               body: bytes = b"", layer_bits: Optional[int] = None) -> bytes:
    """One frame: header, ``body`` (side info / VBR header), zeros up to the frame length, at most
    ``FRAME_CAP`` bytes (the SDK never looks past the first frame's first 56 bytes)."""
    n = min(FRAME_CAP, frame_length(version_bits if version_bits != 1 else 3, layer, bitrate_index, sr_index))
    head = mpeg_header(version_bits, layer, bitrate_index, sr_index, mono, layer_bits) + body
    return head + b"\x00" * max(0, n - len(head))


def id3v2(tag_size: int, size_bytes: Optional[bytes] = None) -> bytes:
    """ID3v2.3 header (syncsafe size) plus ``tag_size`` bytes of padding."""
    if size_bytes is None:
        size_bytes = bytes([(tag_size >> 21) & 0x7F, (tag_size >> 14) & 0x7F, (tag_size >> 7) & 0x7F, tag_size & 0x7F])
    return b"ID3\x03\x00\x00" + size_bytes + b"\x00" * tag_size


def id3v1() -> bytes:
    return (b"TAG" + b"title".ljust(30, b"\x00") + b"artist".ljust(30, b"\x00") + b"album".ljust(30, b"\x00")
            + b"2024" + b"\x00" * 30 + b"\x00")


def xing(tag: bytes, flags: int, frames: int, nbytes: int = 0) -> bytes:
    return tag + struct.pack(">III", flags, frames, nbytes)


def vbri(frames: int, nbytes: int = 0) -> bytes:
    return b"VBRI" + struct.pack(">HHHII", 1, 0, 75, nbytes, frames)


def mp3_cases() -> List[Case]:
    c: List[Case] = []
    add = lambda name, data, note: c.append((name, data, note))  # noqa: E731
    v1l3 = lambda br, sr=0, **kw: mpeg_frame(3, 3, br, sr, **kw)  # noqa: E731
    add("mp3_v1_l3_128k_44k.mp3", v1l3(9) * 2, "MPEG-1 Layer III 128 kbit/s CBR: file size / bitrate")
    add("mp3_v1_l3_320k_48k.mp3", v1l3(14, 1), "MPEG-1 Layer III 320 kbit/s, 48 kHz")
    add("mp3_v1_l3_32k_32k.mp3", v1l3(1, 2) * 5, "MPEG-1 Layer III 32 kbit/s, 32 kHz")
    add("mp3_v1_l2_192k.mp3", mpeg_frame(3, 2, 10, 1), "MPEG-1 Layer II 192 kbit/s")
    add("mp3_v1_l1_448k.mp3", mpeg_frame(3, 1, 14, 0), "MPEG-1 Layer I 448 kbit/s")
    add("mp3_v2_l3_64k_22k.mp3", mpeg_frame(2, 3, 8, 0) * 4, "MPEG-2 Layer III 64 kbit/s, 22.05 kHz")
    add("mp3_v2_l3_8k_16k.mp3", mpeg_frame(2, 3, 1, 2) * 5, "MPEG-2 Layer III 8 kbit/s")
    add("mp3_v2_l2_160k.mp3", mpeg_frame(2, 2, 14, 1), "MPEG-2 Layer II 160 kbit/s")
    add("mp3_v2_l1_256k.mp3", mpeg_frame(2, 1, 14, 1), "MPEG-2 Layer I 256 kbit/s (its own table)")
    add("mp3_v25_l3_8k_8k.mp3", mpeg_frame(0, 3, 1, 2) * 2, "MPEG-2.5 Layer III 8 kbit/s, 8 kHz")
    add("mp3_v25_l3_64k_12k.mp3", mpeg_frame(0, 3, 8, 1) * 2, "MPEG-2.5 Layer III 64 kbit/s, 12 kHz")
    add("mp3_id3v2.mp3", id3v2(300) + v1l3(9), "ID3v2 tag skipped and not counted")
    add("mp3_id3v2_id3v1.mp3", id3v2(100) + v1l3(9) + id3v1(), "ID3v2 and ID3v1 tags not counted")
    add("mp3_id3v1.mp3", v1l3(5) + id3v1(), "ID3v1 tag not counted")
    add("mp3_id3v2_size_high_bits.mp3", id3v2(0, bytes([0x80, 0x80, 0x81, 0x85])) + b"\x00" * 133 + v1l3(9),
        "syncsafe size bytes with the top bit set: masked with 0x7F (133)")
    add("mp3_id3v2_hides_sync.mp3",
        b"ID3\x03\x00\x00\x00\x00\x00\x14" + b"\xff\xfb\x90\x00" + b"\x00" * 16 + mpeg_frame(2, 3, 8, 0) * 2,
        "a sync inside the ID3v2 tag is skipped with the tag")
    add("mp3_junk_before_sync.mp3", b"\x12\x34" * 50 + v1l3(9), "junk before the first frame counts as audio")
    add("mp3_sync_across_chunks.mp3", b"\x00" * 4094 + mpeg_frame(2, 3, 1, 2, body=b"\x00" * 17 + xing(b"Xing", 1, 77)),
        "first sync at 4094, split across the SDK's 4096-byte reads; Xing header found relative to it")
    add("mp3_xing_v1.mp3", v1l3(9, body=b"\x00" * 32 + xing(b"Xing", 0x0F, 1000, 99999)),
        "MPEG-1 Xing with frame count: frames * 1152 / rate")
    add("mp3_info_v1.mp3", v1l3(9, body=b"\x00" * 32 + xing(b"Info", 0x01, 12345)),
        "Info tag read like Xing")
    add("mp3_xing_v2.mp3", mpeg_frame(2, 3, 8, 0, body=b"\x00" * 17 + xing(b"Xing", 0x03, 4321)) + b"\x00" * 100,
        "MPEG-2 Xing at 17 bytes after the header: frames * 576 / rate")
    add("mp3_xing_v25.mp3", mpeg_frame(0, 3, 1, 2, body=b"\x00" * 17 + xing(b"Xing", 0x01, 3)) + b"\x00" * 100,
        "MPEG-2.5 Xing")
    add("mp3_xing_v1_l1.mp3", mpeg_frame(3, 1, 1, 0, body=b"\x00" * 32 + xing(b"Xing", 0x01, 100)) + b"\x00" * 100,
        "Layer I Xing still uses 1152 samples per frame")
    add("mp3_xing_v1_mono_ignored.mp3", v1l3(9, mono=True, body=b"\x00" * 17 + xing(b"Xing", 1, 1000)),
        "MPEG-1 mono Xing (17 bytes of side info) is not where the SDK looks: CBR")
    add("mp3_xing_no_frames_flag.mp3", v1l3(9, body=b"\x00" * 32 + xing(b"Xing", 0x0E, 1000)),
        "Xing without the frames flag: CBR")
    add("mp3_xing_frames_max.mp3", v1l3(1, 2, body=b"\x00" * 32 + xing(b"Xing", 1, 0xFFFFFFFF)) + v1l3(1, 2),
        "Xing frame count 2^32-1")
    add("mp3_xing_frames_zero.mp3", v1l3(9, body=b"\x00" * 32 + xing(b"Xing", 1, 0)),
        "Xing frame count 0 -> 0")
    add("mp3_xing_truncated.mp3", b"\x00" * 200 + mpeg_header(3, 3, 9, 0) + b"\x00" * 32 + b"Xing\x00\x00\x00\x01\x00\x00",
        "file ends inside the Xing frame count: falls back to CBR (seek to 128 before the end works)")
    add("mp3_xing_truncated_small.mp3", mpeg_header(3, 3, 9, 0) + b"\x00" * 32 + b"Xing\x00\x00\x00\x01\x00\x00",
        "same, file under 128 bytes: OSError from seek(-128, 2)")
    add("mp3_xing_exact_len.mp3", b"\x00" * 100 + mpeg_header(3, 3, 9, 0) + b"\x00" * 32 + xing(b"Xing", 1, 500)[:13],
        "vbr_data exactly 45 bytes: the frame count is read (len > 44)")
    add("mp3_xing_len_44.mp3", b"\x00" * 100 + mpeg_header(3, 3, 9, 0) + b"\x00" * 32 + xing(b"Xing", 1, 500)[:12],
        "vbr_data 44 bytes: frame count not read, CBR")
    add("mp3_vbri_v1.mp3", v1l3(9, body=b"\x00" * 32 + vbri(2000)), "VBRI header at 36 bytes")
    add("mp3_vbri_v2.mp3", mpeg_frame(2, 3, 8, 0, body=b"\x00" * 32 + vbri(700)) + b"\x00" * 100,
        "MPEG-2 VBRI: 576 samples per frame")
    add("mp3_vbri_truncated.mp3", b"\x00" * 200 + mpeg_header(3, 3, 9, 0) + b"\x00" * 32 + vbri(700)[:17],
        "VBRI cut before the frame count: CBR")
    add("mp3_xing_v2_at_32_ignored.mp3", mpeg_frame(2, 3, 8, 0, body=b"\x00" * 32 + xing(b"Xing", 1, 4321)) + b"\x00" * 100,
        "MPEG-2 Xing at the MPEG-1 position: not read, CBR")
    add("mp3_reserved_version.mp3", mpeg_frame(1, 3, 9, 0), "version bits 01 (reserved) -> None")
    add("mp3_reserved_layer.mp3", mpeg_frame(3, 3, 9, 0, layer_bits=0), "layer bits 00 -> None")
    add("mp3_free_bitrate.mp3", mpeg_frame(3, 3, 0, 0) * 2 + b"\x00" * 100, "bitrate index 0 (free format) -> None")
    add("mp3_bad_bitrate.mp3", mpeg_header(3, 3, 15, 0) + b"\x00" * 200, "bitrate index 15 -> None")
    add("mp3_bad_sample_rate.mp3", mpeg_header(3, 3, 9, 3) + b"\x00" * 200, "sample rate index 3 -> None")
    add("mp3_false_sync_first.mp3", b"\x00\xff\xe2\x00" + b"\x00" * 60 + v1l3(9),
        "first sync pattern is not a valid header: None (no further search)")
    add("mp3_small_cbr.mp3", mpeg_header(3, 3, 9, 0) + b"\x00" * 100, "CBR file under 128 bytes: OSError from seek(-128, 2)")
    add("mp3_128_bytes.mp3", mpeg_header(3, 3, 1, 0) + b"\x00" * 124, "CBR file of exactly 128 bytes")
    add("mp3_no_sync_text.mp3", b"this is not an mp3 file at all\n", "no frame sync: the SDK loops forever")
    add("mp3_no_sync_3_bytes.mp3", b"abc", "3 bytes, no sync: the SDK loops forever")
    add("mp3_no_sync_2_bytes.mp3", b"ab", "2 bytes, no sync: None")
    add("mp3_sync_in_last_3.mp3", b"\x00" * 10 + b"\xff\xfb\x90", "sync 3 bytes before the end: never scanned, loops forever")
    add("mp3_sync_in_last_4.mp3", b"\x00" * 130 + b"\xff\xfb\x10\x00", "sync 4 bytes before the end: found")
    add("mp3_empty.mp3", b"", "empty file: None")
    add("mp3_id3_only.mp3", id3v2(50), "only an ID3v2 tag: nothing after it, None")
    add("mp3_id3_past_end.mp3", id3v2(0, bytes([0, 0, 0x10, 0])) + v1l3(9), "ID3v2 size past the end of the file: None")
    add("mp3_id3_short.mp3", b"ID3\x03\x00", "file starts with ID3 but is shorter than 10 bytes: IndexError")
    add("mp3_id3_9_bytes.mp3", b"ID3\x03\x00\x00\x00\x00\x00", "9 bytes starting with ID3: IndexError")
    add("mpga_v1_l3.mpga", v1l3(9) * 2, ".mpga is MPEG audio")
    add("MP3_UPPER.Mp3", v1l3(11), "mixed-case extension")
    add("mp3_named.mp2", v1l3(9), ".mp2 is not supported")
    c.extend(negative_cases())
    return c


# --------------------------------------------------------------------------- MP4


def atom(kind: bytes, payload: bytes, size: Optional[int] = None) -> bytes:
    n = 8 + len(payload) if size is None else size
    return struct.pack(">I", n) + kind + payload


def mvhd_v0(timescale: int, duration: int) -> bytes:
    return atom(b"mvhd", struct.pack(">IIIII", 0, 0x11111111, 0x22222222, timescale, duration) + b"\x00" * 80)


def mvhd_v1(timescale: int, duration: int, creation: int = 0, modification: int = 0) -> bytes:
    payload = struct.pack(">IQQIQ", 1 << 24, creation, modification, timescale, duration) + b"\x00" * 80
    return atom(b"mvhd", payload)


FTYP = atom(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
FTYP_M4A = atom(b"ftyp", b"M4A \x00\x00\x00\x00M4A mp42isom")


def mp4_cases() -> List[Case]:
    c: List[Case] = []
    add = lambda name, data, note: c.append((name, data, note))  # noqa: E731
    add("mp4_v0_1000.mp4", FTYP + atom(b"moov", mvhd_v0(1000, 12345)), "mvhd version 0, timescale 1000")
    add("mp4_v0_44100.mp4", FTYP + atom(b"moov", mvhd_v0(44100, 123456)), "timescale 44100")
    add("mp4_v0_600.mp4", FTYP + atom(b"moov", mvhd_v0(600, 0xFFFFFFFF)), "duration 2^32-1 at timescale 600")
    add("mp4_v0_1.mp4", FTYP + atom(b"moov", mvhd_v0(1, 0xFFFFFFFF)), "timescale 1")
    add("m4a_v0.m4a", FTYP_M4A + atom(b"moov", mvhd_v0(48000, 4800000)), ".m4a")
    add("M4A_UPPER.M4A", FTYP_M4A + atom(b"moov", mvhd_v0(48000, 96001)), "upper-case .M4A")
    add("mp4_v1_reads_modification_time.mp4",
        FTYP + atom(b"moov", mvhd_v1(1000, 99999, creation=7, modification=(600 << 32) | 1234567)),
        "mvhd version 1: the SDK reads the version-0 offsets, i.e. the two halves of the modification time")
    add("mp4_v1_zero_modification.mp4", FTYP + atom(b"moov", mvhd_v1(1000, 99999)),
        "mvhd version 1 with modification time 0: 'timescale' 0 -> None")
    add("mp4_mdat_first.mp4", FTYP + atom(b"free", b"") + atom(b"mdat", b"\x00" * 500) + atom(b"moov", mvhd_v0(1000, 777)),
        "mdat before moov is skipped")
    add("mp4_moov_subatoms.mp4",
        FTYP + atom(b"moov", atom(b"udta", b"\x00" * 20) + atom(b"iods", b"") + mvhd_v0(90000, 900000)),
        "other atoms before mvhd inside moov")
    add("mp4_sub_size_zero.mp4", FTYP + atom(b"moov", atom(b"zero", b"", size=0) + mvhd_v0(1000, 4242)),
        "sub-atom size 0: only its 8-byte header is consumed")
    add("mp4_sub_size_big.mp4", FTYP + atom(b"moov", atom(b"trak", b"\x00" * 8, size=1000) + mvhd_v0(1000, 1)),
        "sub-atom size past the end of moov: mvhd never reached")
    add("mp4_no_mvhd.mp4", FTYP + atom(b"moov", atom(b"trak", b"\x00" * 16)), "moov without mvhd -> None")
    add("mp4_mvhd_after_moov_end.mp4", FTYP + atom(b"moov", atom(b"trak", b"\x00" * 16)) + mvhd_v0(1000, 5),
        "mvhd after the end of moov is not read")
    add("mp4_moov_size_small.mp4", FTYP + atom(b"moov", mvhd_v0(1000, 5), size=4), "moov size < 8 -> None")
    add("mp4_moov_size_8.mp4", FTYP + atom(b"moov", b"", size=8) + mvhd_v0(1000, 5), "empty moov -> None")
    add("mp4_moov_size_ext.mp4", FTYP + atom(b"moov", struct.pack(">Q", 16 + 108) + mvhd_v0(1000, 5), size=1),
        "64-bit size (size field 1) is not understood")
    add("mp4_mdat_size_ext.mp4",
        FTYP + atom(b"mdat", struct.pack(">Q", 32) + b"\x00" * 16, size=1) + atom(b"moov", mvhd_v0(1000, 2024)),
        "top-level size field 1 (64-bit size follows): the SDK reads the 64-bit size as the next atom header")
    add("mp4_atom_size_zero.mp4", FTYP + atom(b"skip", b"", size=0) + atom(b"moov", mvhd_v0(1000, 31)),
        "top-level atom size 0: only its header is consumed")
    add("mp4_timescale_zero.mp4", FTYP + atom(b"moov", mvhd_v0(0, 5000)), "timescale 0 -> None")
    add("mp4_duration_zero.mp4", FTYP + atom(b"moov", mvhd_v0(1000, 0)), "duration 0 -> 0")
    add("mp4_truncated_timescale.mp4", FTYP + atom(b"moov", b"", size=200) + b"\x00\x00\x00\x6cmvhd" + b"\x00" * 12 + b"\x03\xe8",
        "file ends after 2 bytes of the timescale: int.from_bytes of 2 bytes (1000), duration 0")
    add("mp4_truncated_duration.mp4",
        FTYP + atom(b"moov", b"", size=200) + b"\x00\x00\x00\x6cmvhd" + b"\x00" * 12 + b"\x00\x00\x03\xe8\x01\x02\x03",
        "file ends after 3 bytes of the duration: int.from_bytes of 3 bytes")
    add("mp4_truncated_mvhd.mp4", FTYP + atom(b"moov", b"", size=200) + b"\x00\x00\x00\x6cmvhd\x00\x00",
        "file ends inside mvhd before the timescale: timescale 0 -> None")
    add("mp4_no_moov.mp4", FTYP + atom(b"mdat", b"\x00" * 64), "no moov -> None")
    add("mp4_empty.mp4", b"", "empty file -> None")
    add("mp4_garbage.mp4", b"not an mp4 file, just some text of some length", "text -> None")
    add("mp4_float_trunc.mp4", FTYP + atom(b"moov", mvhd_v0(10, 323)), "323/10*1000 == 32299.999999999996 -> 32299")
    add("mp4_as_mov.mov", FTYP + atom(b"moov", mvhd_v0(1000, 12345)), ".mov is not supported")
    return c


# --------------------------------------------------------------------------- FLAC


def streaminfo(rate: int, total: int, channels: int = 2, bps: int = 16, extra: int = 16) -> bytes:
    """STREAMINFO payload: 18 bytes + ``extra`` (normally 16: the MD5)."""
    head = struct.pack(">HH", 4096, 4096) + b"\x00\x00\x0e" + b"\x00\x10\x00"
    packed = (rate << 44) | ((channels - 1) << 41) | ((bps - 1) << 36) | total
    return head + packed.to_bytes(8, "big") + b"\x00" * extra


def block(kind: int, payload: bytes, last: bool = False, length: Optional[int] = None) -> bytes:
    n = len(payload) if length is None else length
    return bytes([(0x80 if last else 0) | kind]) + n.to_bytes(3, "big") + payload


def flac_cases() -> List[Case]:
    c: List[Case] = []
    add = lambda name, data, note: c.append((name, data, note))  # noqa: E731
    add("flac_44k.flac", b"fLaC" + block(0, streaminfo(44100, 44100 * 3 + 1234), last=True) + b"\xff\xf8" + b"\x00" * 30,
        "STREAMINFO only")
    add("flac_48k_comment.flac",
        b"fLaC" + block(0, streaminfo(48000, 480000)) + block(4, b"\x00" * 40) + block(1, b"\x00" * 20, last=True),
        "STREAMINFO then VORBIS_COMMENT and PADDING")
    add("flac_round_half_even_down.flac", b"fLaC" + block(0, streaminfo(2000, 5), last=True),
        "2.5 ms: round() is half-to-even -> 2")
    add("flac_round_half_even_up.flac", b"fLaC" + block(0, streaminfo(2000, 3), last=True), "1.5 ms -> 2")
    add("flac_round_half_zero.flac", b"fLaC" + block(0, streaminfo(2000, 1), last=True), "0.5 ms -> 0")
    add("flac_round_up.flac", b"fLaC" + block(0, streaminfo(4000, 3), last=True), "0.75 ms -> 1 (int() would give 0)")
    add("flac_round_float.flac", b"fLaC" + block(0, streaminfo(1000, 1001), last=True), "1000.9999999999999 -> 1001")
    add("flac_max_samples.flac", b"fLaC" + block(0, streaminfo(1, (1 << 36) - 1), last=True), "36-bit sample count at 1 Hz")
    add("flac_max_rate.flac", b"fLaC" + block(0, streaminfo((1 << 20) - 1, 123456789), last=True), "20-bit rate")
    add("flac_streaminfo_not_first.flac",
        b"fLaC" + block(1, b"\x00" * 10) + block(0, streaminfo(16000, 16000 * 7), last=True),
        "STREAMINFO after PADDING is still found")
    add("flac_two_streaminfo.flac",
        b"fLaC" + block(0, streaminfo(8000, 8000)) + block(0, streaminfo(8000, 24000), last=True),
        "two STREAMINFO blocks: the last one wins")
    add("flac_streaminfo_after_last.flac",
        b"fLaC" + block(1, b"\x00" * 10, last=True) + block(0, streaminfo(16000, 16000)),
        "STREAMINFO after the last-block flag is not read -> None")
    add("flac_streaminfo_18.flac", b"fLaC" + block(0, streaminfo(22050, 22050 * 2, extra=0), last=True),
        "18-byte STREAMINFO")
    add("flac_streaminfo_17.flac", b"fLaC" + block(0, streaminfo(22050, 22050 * 2, extra=0)[:17], last=True),
        "17-byte STREAMINFO is skipped -> None")
    add("flac_streaminfo_short_then_good.flac",
        b"fLaC" + block(0, b"\x00" * 10) + block(0, streaminfo(8000, 4000), last=True),
        "short STREAMINFO skipped, next one read")
    add("flac_truncated_streaminfo.flac", b"fLaC" + block(0, streaminfo(44100, 44100), last=True)[:4 + 17],
        "file ends inside STREAMINFO -> None")
    add("flac_truncated_after_18.flac", b"fLaC" + block(0, streaminfo(44100, 88200), last=True)[:4 + 20],
        "file ends inside the MD5: the first 18 bytes are enough")
    add("flac_no_last_flag.flac", b"fLaC" + block(0, streaminfo(44100, 441000)), "no last-block flag: EOF ends the loop")
    add("flac_rate_zero.flac", b"fLaC" + block(0, streaminfo(0, 1000), last=True), "sample rate 0 -> None")
    add("flac_zero_samples.flac", b"fLaC" + block(0, streaminfo(44100, 0), last=True), "0 samples -> 0")
    add("flac_block_length_past_end.flac", b"fLaC" + block(4, b"", length=0xFFFFFF) + block(0, streaminfo(1, 1), last=True),
        "block length past the end of the file -> None")
    add("flac_no_streaminfo.flac", b"fLaC" + block(1, b"\x00" * 8, last=True), "no STREAMINFO -> None")
    add("flac_magic_only.flac", b"fLaC", "only the magic -> None")
    add("flac_bad_magic.flac", b"fLaX" + block(0, streaminfo(44100, 44100), last=True), "wrong magic -> None")
    add("flac_id3_first.flac", id3v2(10) + b"fLaC" + block(0, streaminfo(44100, 44100), last=True),
        "ID3v2 before fLaC is not skipped -> None")
    add("flac_empty.flac", b"", "empty file -> None")
    add("FLAC_UPPER.FLAC", b"fLaC" + block(0, streaminfo(96000, 96000 * 5 + 48), last=True), "upper-case extension")
    return c


# --------------------------------------------------------------------------- Ogg


def _crc_table() -> List[int]:
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


CRC_TABLE = _crc_table()


def ogg_crc(data: bytes) -> int:
    crc = 0
    for b in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ CRC_TABLE[((crc >> 24) & 0xFF) ^ b]
    return crc


def ogg_page(payload: bytes, granule: int, seq: int, header_type: int = 0, serial: int = 0x1234,
             segments: Optional[List[int]] = None) -> bytes:
    if segments is None:
        segments = []
        n = len(payload)
        while n >= 255:
            segments.append(255)
            n -= 255
        segments.append(n)
    head = (b"OggS" + bytes([0, header_type]) + struct.pack("<QII", granule, serial, seq) + b"\x00\x00\x00\x00"
            + bytes([len(segments)]) + bytes(segments))
    crc = ogg_crc(head + payload)
    return head[:22] + struct.pack("<I", crc) + head[26:] + payload


def vorbis_id(rate: int, channels: int = 2) -> bytes:
    return b"\x01vorbis" + struct.pack("<IBIiiiBB", 0, channels, rate, 0, 128000, 0, 0xB8, 1)


def opus_head(rate: int = 48000, channels: int = 2) -> bytes:
    return b"OpusHead" + struct.pack("<BBHIhB", 1, channels, 312, rate, 0, 0)


VORBIS_COMMENT = b"\x03vorbis" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0) + b"\x01"


def vorbis_stream(rate: int, granules: List[int]) -> bytes:
    pages = [ogg_page(vorbis_id(rate), 0, 0, header_type=2),
             ogg_page(VORBIS_COMMENT, 0, 1)]
    for i, g in enumerate(granules):
        last = i == len(granules) - 1
        pages.append(ogg_page(b"\x00" * 40, g, i + 2, header_type=4 if last else 0))
    return b"".join(pages)


def ogg_cases() -> List[Case]:
    c: List[Case] = []
    add = lambda name, data, note: c.append((name, data, note))  # noqa: E731
    add("ogg_vorbis_44k.ogg", vorbis_stream(44100, [44100, 88200, 44100 * 3 + 123]), "Vorbis: last granule / rate")
    add("ogg_vorbis_48k_max_granule.ogg", vorbis_stream(48000, [96000, 48000]),
        "the largest granule counts, not the last one")
    add("ogg_vorbis_8k_one_page.ogg", ogg_page(vorbis_id(8000), 12345, 0, header_type=6), "one page with granule 12345")
    add("ogg_vorbis_granule_minus_one.ogg", vorbis_stream(44100, [44100, 0xFFFFFFFFFFFFFFFF, 88200]),
        "granule -1 (no packet ends on the page) is read as 2^64-1")
    add("ogg_vorbis_big_granule_44k.ogg", vorbis_stream(44100, [1173122633160899524]),
        "granule > 2^53: int / int is correctly rounded (float(g) / rate would give ...624)")
    add("ogg_vorbis_big_granule_3hz.ogg", vorbis_stream(3, [16264902722894697546]),
        "granule > 2^53 at 3 Hz: result above 2^64")
    add("ogg_vorbis_float_trunc.ogg", vorbis_stream(10, [323]), "323/10*1000 == 32299.999999999996 -> 32299")
    add("ogg_vorbis_rate_zero.ogg", vorbis_stream(0, [44100]), "Vorbis rate 0 -> None")
    add("ogg_vorbis_rate_zero_then_rate.ogg",
        vorbis_stream(0, [44100]) + ogg_page(vorbis_id(22050), 22050 * 4, 9, serial=7),
        "rate 0 in the first header, a later page has one: used")
    add("ogg_vorbis_granule_zero.ogg", vorbis_stream(44100, [0, 0]), "all granules 0 -> None")
    add("ogg_opus.ogg", ogg_page(opus_head(), 0, 0, header_type=2) + ogg_page(b"OpusTags" + b"\x00" * 8, 0, 1)
        + ogg_page(b"\x00" * 30, 48000 * 2 + 312, 2, header_type=4), "Opus: no Vorbis header, None")
    add("ogg_vorbis_header_offset.ogg",
        ogg_page(b"\x00" * 60 + vorbis_id(16000), 0, 0, header_type=2) + ogg_page(b"\x00" * 10, 16000, 1),
        "identification header 60 bytes into the page: found in the first 100 bytes")
    add("ogg_vorbis_header_too_late.ogg",
        ogg_page(b"\x00" * 84 + vorbis_id(16000), 0, 0, header_type=2) + ogg_page(b"\x00" * 10, 16000, 1),
        "identification header at 84: 84 + 16 < 100 fails -> None")
    add("ogg_vorbis_header_83.ogg",
        ogg_page(b"\x00" * 83 + vorbis_id(16000), 0, 0, header_type=2) + ogg_page(b"\x00" * 10, 16000, 1),
        "identification header at 83: 83 + 16 < 100 holds")
    add("ogg_vorbis_short_page.ogg", ogg_page(vorbis_id(16000)[:16], 0, 0) + ogg_page(b"\x00" * 10, 16000, 1),
        "page holds 16 bytes of the header: 0 + 16 < 16 fails -> None")
    add("ogg_vorbis_17_bytes.ogg", ogg_page(vorbis_id(16000)[:17], 0, 0) + ogg_page(b"\x00" * 10, 16000, 1),
        "page holds 17 bytes of the header: rate read")
    # 18 pages of 540 bytes, then a filler page sized so that f.tell() after the next page's
    # segment table (where the SDK decides whether to look) is 10000.  (The 9999 side, 10 KB
    # more, is left out to keep tests/audio small; every other Vorbis case is below it.)
    for tell, note in [(10000, "not looked for: f.tell() is 10000 after the segment table -> None")]:
        prefix = b"".join(ogg_page(b"\x00" * 255 * 2, 0, i) for i in range(18))
        filler = ogg_page(b"\x00" * (tell - len(prefix) - 28 - 28), 0, 18)
        vorbis_page = ogg_page(vorbis_id(8000), 0, 19)
        assert len(prefix) + len(filler) + 28 == tell and vorbis_page[26] == 1
        add(f"ogg_vorbis_tell_{tell}.ogg", prefix + filler + vorbis_page + ogg_page(b"", 8000, 20), note)
    add("ogg_junk_between_pages.ogg",
        ogg_page(vorbis_id(44100), 0, 0, header_type=2) + b"JUNKJUNK" * 10 + ogg_page(b"\x00" * 10, 44100 * 9, 1),
        "junk between pages: resync finds the next OggS")
    add("ogg_junk_hides_page.ogg",
        ogg_page(vorbis_id(44100), 0, 0, header_type=2) + b"x" * 10 + ogg_page(b"\x00" * 10, 44100 * 9, 1),
        "a page starting inside the 27 bytes read as a bad header is skipped -> granule 0, None")
    add("ogg_junk_long.ogg",
        ogg_page(vorbis_id(44100), 0, 0, header_type=2) + b"y" * 2100 + ogg_page(b"\x00" * 10, 44100 * 2, 1)
        + b"z" * 100 + ogg_page(b"\x00" * 10, 44100 * 5, 2),
        "junk longer than the 2048-byte resync window")
    add("ogg_truncated_segment_table.ogg",
        ogg_page(vorbis_id(44100), 0, 0, header_type=2) + ogg_page(b"\x00" * 600, 44100, 1)[:28],
        "segment table cut short: its granule was already taken")
    add("ogg_truncated_page_header.ogg", ogg_page(vorbis_id(44100), 0, 0, header_type=2)
        + ogg_page(b"\x00" * 10, 44100, 1)[:20], "page header cut short: its granule is not read -> None")
    add("ogg_truncated_page_data.ogg", ogg_page(vorbis_id(44100), 0, 0, header_type=2)
        + ogg_page(b"\x00" * 600, 44100 * 6, 1)[:100], "last page data cut short")
    add("ogg_bad_magic.ogg", b"Oggs" + vorbis_stream(44100, [44100])[4:], "first page magic wrong -> None")
    add("ogg_empty.ogg", b"", "empty file -> None")
    add("ogg_magic_only.ogg", b"OggS", "only the magic -> None")
    add("OGG_UPPER.OGG", vorbis_stream(32000, [32000 * 2]), "upper-case extension")
    add("ogg_as_opus.opus", ogg_page(opus_head(), 0, 0, header_type=2) + ogg_page(b"\x00" * 30, 48000, 1),
        ".opus is not supported")
    add("ogg_as_oga.oga", vorbis_stream(44100, [44100]), ".oga is not supported")
    return c


# --------------------------------------------------------------------------- others


def other_cases() -> List[Case]:
    return [
        ("webm_file.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 40, ".webm is not supported"),
        ("aac_file.aac", b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 40, ".aac is not supported"),
        ("no_extension", wav_module(8000, 1, 1, 80), "no extension"),
        ("missing.wav", None, "file does not exist: os.path.getsize raises"),
        ("missing.xyz", None, "file does not exist, unknown extension: os.path.getsize raises first"),
    ]


def negative_cases() -> List[Case]:
    """'TAG' 128 bytes before the end, inside or just after the ID3v2 tag: file size - ID3v2
    size - 128 is negative; int() truncates toward zero."""
    out: List[Case] = []
    for name, id3_total, audio, header, note in [
        ("mp3_negative_88ms.mp3", 210, -88, mpeg_header(2, 3, 1, 2), "audio size -88 bytes at 8 kbit/s"),
        ("mp3_negative_1ms.mp3", 200, -1, mpeg_header(2, 3, 1, 2), "audio size -1 byte at 8 kbit/s: -1 ms"),
        ("mp3_negative_zero.mp3", 200, -1, mpeg_header(3, 3, 14, 0), "audio size -1 byte at 320 kbit/s: -0.025 ms -> 0"),
    ]:
        size = id3_total + 128 + audio
        tag_at = size - 128
        sync_at = max(id3_total, tag_at + 3)
        body = bytearray(id3v2(id3_total - 10))
        body += b"\x00" * (sync_at - len(body)) + header
        body += b"\x00" * (size - len(body))
        body[tag_at:tag_at + 3] = b"TAG"
        out.append((name, bytes(body), note))
    return out


def all_cases() -> List[Case]:
    cases = wav_cases() + mp3_cases() + mp4_cases() + flac_cases() + ogg_cases() + other_cases()
    names = [name for name, _, _ in cases]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        sys.exit(f"duplicate case file names: {sorted(dupes)}")
    return cases


# --------------------------------------------------------------------------- running the SDK


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang()


def exception_name(exc: BaseException) -> str:
    cls = type(exc)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def run_sdk(func: Callable[[str], Optional[str]], name: str) -> Dict[str, Any]:
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        result = func(name)
    except _Hang:
        return {"duration": None, "raises": None, "hangs": True}
    except Exception as exc:  # noqa: BLE001 (recorded)
        return {"duration": None, "raises": exception_name(exc), "hangs": False}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if result is not None and not isinstance(result, str):
        sys.exit(f"{name}: the SDK returned {type(result).__name__} {result!r}, not a str")
    return {"duration": result, "raises": None, "hangs": False}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR,
                        help="directory for the audio files and durations.json (default: tests/audio)")
    parser.add_argument("--force-venv", action="store_true",
                        help="always run inside conformance/.venv")
    args = parser.parse_args()
    ensure_sdk(SCRIPT, args.force_venv)
    from portkey_ai.api_resources.get_audio_duration import get_audio_file_duration

    out_dir: Path = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / "durations.json"
    cases = all_cases()
    wanted = {name for name, _, _ in cases}

    # Remove files a previous run generated that are no longer cases.
    if manifest.exists():
        old = json.loads(manifest.read_text(encoding="utf-8"))
        for entry in old.get("cases", []):
            stale = out_dir / entry["file"]
            if entry["file"] not in wanted and stale.is_file():
                stale.unlink()

    total = 0
    for name, data, _ in cases:
        path = out_dir / name
        if data is None:
            if path.exists():
                path.unlink()
            continue
        path.write_bytes(data)
        total += len(data)
    if total > MAX_TOTAL_BYTES:
        sys.exit(f"audio files total {total} bytes, over the {MAX_TOTAL_BYTES}-byte budget")

    records: List[Dict[str, Any]] = []
    cwd = os.getcwd()
    os.chdir(out_dir)
    try:
        for name, _, note in cases:
            outcome = run_sdk(get_audio_file_duration, name)
            records.append({"file": name, **outcome, "note": note})
    finally:
        os.chdir(cwd)

    # One line per case keeps the file small and diffs readable.
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    text = ('{\n  "generator": %s,\n  "sdk": %s,\n  "cases": [\n    %s\n  ]\n}\n'
            % (json.dumps(GENERATOR), json.dumps(SDK_LABEL), ",\n    ".join(lines)))
    with open(manifest, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    returned = sum(1 for r in records if r["duration"] is not None)
    raised = sum(1 for r in records if r["raises"])
    hung = sum(1 for r in records if r["hangs"])
    print(f"{len(records)} cases ({returned} durations, {raised} exceptions, {hung} hangs, "
          f"{len(records) - returned - raised - hung} None), {total} bytes of audio -> {manifest}", file=sys.stderr)


if __name__ == "__main__":
    main()
