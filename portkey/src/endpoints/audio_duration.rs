//! Duration of an audio file, for the `x-portkey-audio-file-duration` header.
//!
//! Before an audio transcription or translation upload, the Python SDK (`portkey-ai` 2.3.4)
//! calls `get_audio_file_duration(file.name)` and, when it returns a string, sends it as the
//! `x-portkey-audio-file-duration` header (milliseconds, a decimal integer). This module mirrors
//! that function, `portkey_ai/api_resources/get_audio_duration.py`, result for result: the same
//! extension dispatch (`os.path.splitext(path)[1].lower()`), the same parsing of each format
//! (WAV through Python 3.11's `wave` module, MPEG audio, Ogg Vorbis, FLAC, MP4 / M4A) with its
//! quirks, the same float arithmetic (Python's correctly rounded `int / int`, `int()` truncation,
//! `round()` half to even for FLAC) and `None` wherever the Python function returns `None`,
//! raises, or never returns.
//!
//! Only what the SDK reads is read, in small pieces through an 8 KiB buffer, with seeks for
//! everything it skips; nothing is ever held whole. A well-formed WAV, MP3, FLAC or MP4 file
//! costs a few small reads whatever its size. The cost grows with the file only where the SDK's
//! own walk does: for Ogg every page header up to the end of the file is read (the largest
//! granule position wins), an MP3 file is scanned up to its first frame sync, and runs of
//! zero-sized WAV chunks, FLAC blocks or MP4 atoms are stepped through one header at a time.
//!
//! `tests/audio/durations.json`, written by `conformance/audio_durations.py` from the real SDK,
//! holds the vectors the unit tests below replay.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Duration in milliseconds of the audio file at `path`, as the Python SDK computes it for the
/// `x-portkey-audio-file-duration` header: the string `get_audio_file_duration(path)` returns
/// (a decimal integer: negative for some malformed MP3 files, above `u64::MAX` for an Ogg file
/// with a page of granule position -1, which the SDK reads as 2^64 - 1), or `None`.
///
/// The format is chosen by extension exactly like the SDK does: `os.path.splitext` (the text
/// from the last `.` of the last path component, unless that component is only dots before it,
/// so `.wav` and `..wav` have none) compared case-insensitively with `.wav`, `.mp3`, `.mpga`,
/// `.ogg`, `.flac`, `.mp4` and `.m4a`.
///
/// Durations:
///
/// - WAV: `int(frames / rate * 1000)`, frames being the `data` chunk's declared size divided by
///   the frame size (`channels * ceil(bits / 8)`) of the last `fmt ` chunk before it;
/// - MP3 / MPGA: from the first frame sync after the ID3v2 tag: a Xing / Info frame count
///   (with the frames flag; where the SDK looks: 32 bytes after an MPEG-1 header, 17 after an
///   MPEG-2 / 2.5 one, whatever the channel mode) or a VBRI one (32 bytes after the header)
///   times 1152 (MPEG-1) or 576 samples, whatever the layer, over the sample rate; otherwise
///   `(file size - ID3v2 tag - ID3v1 tag) * 8 / bitrate`; truncated toward zero;
/// - Ogg: the largest page granule position over the sample rate of a Vorbis identification
///   header (looked for in the first 100 bytes of each page whose segment table ends before
///   byte 10000, until one gives a rate), truncated;
/// - FLAC: the last STREAMINFO block's sample count over its sample rate, rounded half to even;
/// - MP4 / M4A: the first `mvhd` atom in the first top-level `moov` atom, read at the version-0
///   offsets whatever its version: `int(duration / timescale * 1000)`.
///
/// `None`, where the SDK returns `None`:
///
/// - any other extension (also for a file that does not exist: the SDK raises then);
/// - MP3: no frame sync (`FF Ex`) starting at least 4 bytes before the end of the file, after the
///   ID3v2 tag when there is one (the SDK returns `None` when fewer than 3 bytes follow the tag,
///   and otherwise loops forever); the first sync has a reserved MPEG version or layer, a bitrate
///   index of 0 (free format) or 15, or a sample rate index of 3;
/// - Ogg: the file does not start with `OggS`; no Vorbis identification header with a non-zero
///   sample rate was found where the SDK looks (Opus files, for one); every granule position
///   read is 0;
/// - FLAC: no `fLaC` magic; no STREAMINFO block of at least 18 bytes (with 18 bytes present)
///   before the block flagged last or the end of the file; a sample rate of 0;
/// - MP4 / M4A: no top-level `moov` atom before the end of the file; no `mvhd` atom inside the
///   `moov` atom's declared size; a timescale of 0 (for a version-1 `mvhd`, that is the high
///   half of its modification time).
///
/// `None`, where the SDK raises:
///
/// - the file cannot be stat'ed, opened or read (`OSError`: missing, unreadable, a directory);
/// - WAV: everything the `wave` module of Python 3.11 rejects (`wave.Error`, `EOFError`,
///   `RuntimeError`): no `RIFF` / `WAVE` header; a `fmt ` chunk shorter than 16 bytes, with a
///   format tag other than 1 (PCM; `WAVE_FORMAT_EXTENSIBLE` included), 0 channels or 0 bits per
///   sample; a `data` chunk before `fmt `; no complete `data` chunk header within the RIFF size;
///   a chunk before `data` that runs past the RIFF size; and a sample rate of 0
///   (`ZeroDivisionError`);
/// - MP3: the file starts with `ID3` but is shorter than 10 bytes (`IndexError`); a constant
///   bitrate file (no Xing / VBRI frame count) shorter than 128 bytes (`OSError` from
///   `seek(-128, 2)`).
///
/// Arithmetic follows Python: integer quotients are correctly rounded to the nearest `f64`
/// (as Python's `int / int` is, even beyond 2^53), multiplied by `1000.0`, then truncated toward
/// zero (`int()`) or, for FLAC, rounded half to even (`round()`), and printed in full.
pub(crate) fn audio_file_duration(path: &Path) -> Option<String> {
    let format = Format::of(path)?;
    // `os.path.getsize(file_path)`: stats the file (following symlinks) before opening it.
    let file_size = std::fs::metadata(path).ok()?.len();
    match format {
        Format::Wav => wav(path),
        Format::Mp3 => mp3(path, file_size),
        Format::Ogg => ogg(path),
        Format::Flac => flac(path),
        Format::Mp4 => mp4(path),
    }
}

/// The formats the SDK handles, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// `.wav`
    Wav,
    /// `.mp3`, `.mpga`
    Mp3,
    /// `.ogg`
    Ogg,
    /// `.flac`
    Flac,
    /// `.mp4`, `.m4a`
    Mp4,
}

impl Format {
    /// `os.path.splitext(path)[1].lower()`, matched against the SDK's extensions.
    ///
    /// Byte-wise ASCII case folding gives the same answer as Python's Unicode `lower()` here:
    /// the only non-ASCII characters that lowercase to ASCII letters are KELVIN SIGN (`k`) and
    /// LATIN CAPITAL LETTER I WITH DOT ABOVE (`i` plus a combining dot), and no extension the
    /// SDK knows contains `k` or `i`.
    fn of(path: &Path) -> Option<Format> {
        const TABLE: [(&[u8], Format); 7] = [
            (b".wav", Format::Wav),
            (b".mp3", Format::Mp3),
            (b".mpga", Format::Mp3),
            (b".ogg", Format::Ogg),
            (b".flac", Format::Flac),
            (b".mp4", Format::Mp4),
            (b".m4a", Format::Mp4),
        ];
        let ext = splitext_ext(path.as_os_str().as_encoded_bytes());
        TABLE.iter().find(|(known, _)| ext.eq_ignore_ascii_case(known)).map(|&(_, format)| format)
    }
}

/// Whether `b` separates path components, as for Python's `os.path` (`posixpath`: `/`;
/// `ntpath`: `\` and `/`).
fn is_separator(b: u8) -> bool {
    b == b'/' || (cfg!(windows) && b == b'\\')
}

/// The extension `os.path.splitext` (`genericpath._splitext`) returns, dot included, or an
/// empty slice: the text from the last `.` when it comes after the last separator and the
/// component has something other than dots before it.
fn splitext_ext(path: &[u8]) -> &[u8] {
    let name_start = path.iter().rposition(|&b| is_separator(b)).map_or(0, |sep| sep.saturating_add(1));
    let Some(name) = path.get(name_start..) else { return &[] };
    let Some(dot) = name.iter().rposition(|&b| b == b'.') else { return &[] };
    match (name.get(..dot), name.get(dot..)) {
        (Some(stem), Some(ext)) if stem.iter().any(|&b| b != b'.') => ext,
        _ => &[],
    }
}

// ------------------------------------------------------------------------------------------
// Reading

/// A file read the way the SDK reads it (Python's buffered binary file), with its position.
struct Reader {
    inner: BufReader<File>,
    /// `f.tell()`.
    pos: u64,
}

impl Reader {
    fn open(path: &Path) -> Option<Reader> {
        Some(Reader { inner: BufReader::new(File::open(path).ok()?), pos: 0 })
    }

    /// `f.read(n)`: `n` bytes, fewer only at the end of the file.
    fn read(&mut self, n: u64) -> Option<Vec<u8>> {
        let mut buf = Vec::new();
        (&mut self.inner).take(n).read_to_end(&mut buf).ok()?;
        self.pos = self.pos.checked_add(u64::try_from(buf.len()).ok()?)?;
        Some(buf)
    }

    /// `f.read(N)` when at most `N` bytes are wanted: `None` on an I/O error, else the bytes
    /// read, which are fewer than `N` only at the end of the file.
    fn read_up_to<const N: usize>(&mut self) -> Option<Vec<u8>> {
        self.read(u64::try_from(N).ok()?)
    }

    /// `f.seek(pos)` (past the end of the file is fine, as in Python).
    fn seek_to(&mut self, pos: u64) -> Option<()> {
        let delta = i64::try_from(i128::from(pos) - i128::from(self.pos)).ok()?;
        self.inner.seek_relative(delta).ok()?;
        self.pos = pos;
        Some(())
    }

    /// `f.seek(n, 1)` for `n >= 0`.
    fn skip(&mut self, n: u64) -> Option<()> {
        self.seek_to(self.pos.checked_add(n)?)
    }

    /// `f.seek(-n, 2)`: fails (Python: `OSError`) when the file is shorter than `n` bytes.
    fn seek_from_end(&mut self, n: u64) -> Option<()> {
        self.pos = self.inner.seek(SeekFrom::End(0i64.checked_sub_unsigned(n)?)).ok()?;
        Some(())
    }
}

/// `int.from_bytes(bytes, "big")` for at most 8 bytes (fewer when the SDK's read came up
/// short).
fn be_uint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |acc, &b| (acc << 8) | u64::from(b))
}

/// The 4 bytes at `at`, if present.
fn quad(bytes: &[u8], at: usize) -> Option<[u8; 4]> {
    bytes.get(at..at.checked_add(4)?)?.try_into().ok()
}

/// The big-endian `u32` at `at`, if present.
fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    quad(bytes, at).map(u32::from_be_bytes)
}

/// The little-endian `u32` at `at`, if present.
fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    quad(bytes, at).map(u32::from_le_bytes)
}

/// `haystack.find(needle)` (`bytes.find`), without the -1.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

// ------------------------------------------------------------------------------------------
// Arithmetic

/// Python's `n / d` for integers: the exact quotient rounded to the nearest `f64`, ties to
/// even (CPython's `long_true_divide` is correctly rounded at any size, so `float(n) / d`
/// would differ once `n` exceeds 2^53). `None` when `d` is 0.
///
/// The quotient is computed in integers with at least 55 significant bits plus a sticky bit
/// for a non-zero remainder, so the one rounding `u128 as f64` does (to nearest, ties to even)
/// rounds the exact value; scaling back by a power of two is exact.
fn true_div(n: u128, d: u64) -> Option<f64> {
    if d == 0 {
        return None;
    }
    if n == 0 {
        return Some(0.0);
    }
    let d = u128::from(d);
    let bits = |x: u128| 128 - x.leading_zeros();
    // n << shift has max(bits(n), 55 + bits(d)) <= 128 bits: no overflow.
    let shift = (55 + bits(d)).saturating_sub(bits(n));
    let scaled = n.checked_shl(shift)?;
    let quotient = scaled.checked_div(d)?;
    let sticky = u128::from(scaled.checked_rem(d)? != 0);
    Some((quotient | sticky) as f64 / 1u128.checked_shl(shift)? as f64)
}

/// Python's `n / d` for a signed numerator (rounding to nearest is symmetric).
fn true_div_signed(n: i128, d: u64) -> Option<f64> {
    let magnitude = true_div(n.unsigned_abs(), d)?;
    Some(if n < 0 { -magnitude } else { magnitude })
}

/// `str(int(seconds * 1000))`: milliseconds truncated toward zero (`-0.5` gives `"0"`).
fn ms_truncated(seconds: f64) -> String {
    // Every value reaching here is finite and far below 2^127 in magnitude, where `as` is
    // exact truncation.
    ((seconds * 1000.0) as i128).to_string()
}

/// `str(round(seconds * 1000))`: milliseconds rounded half to even.
fn ms_rounded(seconds: f64) -> String {
    ((seconds * 1000.0).round_ties_even() as i128).to_string()
}

// ------------------------------------------------------------------------------------------
// WAV: Python 3.11's `wave.open(path).getnframes()` / `getframerate()`

/// Python's `wave._Chunk` for the outer `RIFF` chunk, reading the file: `size_read` may pass
/// `chunksize` by one (the pad byte read after an odd-sized chunk).
struct RiffChunk {
    file: Reader,
    /// `chunksize`.
    size: u64,
    /// `size_read`.
    read: u64,
}

/// `_Chunk.offset` of the RIFF chunk: just after its 8-byte header.
const RIFF_DATA_OFFSET: u64 = 8;

impl RiffChunk {
    /// `_Chunk.read(n)`: at most the rest of the chunk, then the pad byte of an odd-sized chunk.
    fn read(&mut self, n: u64) -> Option<Vec<u8>> {
        if self.read >= self.size {
            return Some(Vec::new());
        }
        let data = self.file.read(n.min(self.size - self.read))?;
        self.read = self.read.checked_add(u64::try_from(data.len()).ok()?)?;
        if self.read == self.size && self.size & 1 == 1 {
            let pad = self.file.read(1)?;
            self.read = self.read.checked_add(u64::try_from(pad.len()).ok()?)?;
        }
        Some(data)
    }

    /// `_Chunk.seek(n, 1)`: a position outside the chunk raises `RuntimeError` (`None`).
    fn seek_relative(&mut self, n: i128) -> Option<()> {
        let pos = n.checked_add(i128::from(self.read))?;
        if pos < 0 || pos > i128::from(self.size) {
            return None;
        }
        let pos = u64::try_from(pos).ok()?;
        self.file.seek_to(RIFF_DATA_OFFSET.checked_add(pos)?)?;
        self.read = pos;
        Some(())
    }
}

/// Python's `wave._Chunk` for a chunk inside the RIFF chunk (reading through it).
struct SubChunk {
    name: [u8; 4],
    size: u64,
    read: u64,
}

impl SubChunk {
    /// `_Chunk(riff)`: the 8-byte header; `Some(None)` where Python raises `EOFError` (the
    /// RIFF chunk is exhausted), which ends `initfp`'s chunk loop.
    fn next(riff: &mut RiffChunk) -> Option<Option<SubChunk>> {
        let name = riff.read(4)?;
        let Ok(name) = <[u8; 4]>::try_from(name.as_slice()) else { return Some(None) };
        let size = riff.read(4)?;
        let Ok(size) = <[u8; 4]>::try_from(size.as_slice()) else { return Some(None) };
        Some(Some(SubChunk { name, size: u64::from(u32::from_le_bytes(size)), read: 0 }))
    }

    /// `_Chunk.read(n)`.
    fn read(&mut self, riff: &mut RiffChunk, n: u64) -> Option<Vec<u8>> {
        if self.read >= self.size {
            return Some(Vec::new());
        }
        let data = riff.read(n.min(self.size - self.read))?;
        self.read = self.read.checked_add(u64::try_from(data.len()).ok()?)?;
        if self.read == self.size && self.size & 1 == 1 {
            let pad = riff.read(1)?;
            self.read = self.read.checked_add(u64::try_from(pad.len()).ok()?)?;
        }
        Some(data)
    }

    /// `_Chunk.skip()`: seeks the RIFF chunk past the rest of this chunk and its pad byte.
    fn skip(&self, riff: &mut RiffChunk) -> Option<()> {
        let pad = i128::from(self.size & 1);
        riff.seek_relative(i128::from(self.size) - i128::from(self.read) + pad)
    }
}

/// `Wave_read._read_fmt_chunk`: `(framerate, framesize)`; `None` where it raises (`EOFError`
/// for a short chunk, `wave.Error` for a format tag other than PCM, 0 bits or 0 channels).
fn wav_fmt(chunk: &mut SubChunk, riff: &mut RiffChunk) -> Option<(u32, u64)> {
    let head = chunk.read(riff, 14)?;
    if head.len() < 14 {
        return None;
    }
    let tag = quad(&head, 0)?;
    let channels = u16::from_le_bytes([tag[2], tag[3]]);
    let rate = le_u32(&head, 4)?;
    if u16::from_le_bytes([tag[0], tag[1]]) != 1 {
        return None;
    }
    let bits = chunk.read(riff, 2)?;
    let bits: [u8; 2] = bits.as_slice().try_into().ok()?;
    let sample_width = u64::from(u16::from_le_bytes(bits)).div_ceil(8);
    if sample_width == 0 || channels == 0 {
        return None;
    }
    Some((rate, u64::from(channels).checked_mul(sample_width)?))
}

/// The `.wav` branch: `int(getnframes() / float(getframerate()) * 1000)`.
fn wav(path: &Path) -> Option<String> {
    let mut file = Reader::open(path)?;
    let header = file.read_up_to::<8>()?;
    let (magic, size) = (quad(&header, 0)?, le_u32(&header, 4)?);
    if &magic != b"RIFF" {
        return None;
    }
    let mut riff = RiffChunk { file, size: u64::from(size), read: 0 };
    if riff.read(4)? != b"WAVE" {
        return None;
    }
    let mut fmt = None;
    while let Some(mut chunk) = SubChunk::next(&mut riff)? {
        match &chunk.name {
            b"fmt " => fmt = Some(wav_fmt(&mut chunk, &mut riff)?),
            b"data" => {
                let (rate, frame_size) = fmt?;
                let frames = chunk.size.checked_div(frame_size)?;
                // `frames / float(rate)`: both exact in f64; a rate of 0 raises.
                return true_div(u128::from(frames), u64::from(rate)).map(ms_truncated);
            }
            _ => {}
        }
        chunk.skip(&mut riff)?;
    }
    None
}

// ------------------------------------------------------------------------------------------
// MP3 / MPGA

/// Kilobits per second by `[MPEG-1, MPEG-2 / 2.5][layer - 1][bitrate index]`.
const MPEG_BITRATES: [[[u32; 16]; 3]; 2] = [
    [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0],
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0],
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0],
    ],
    [
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
    ],
];

/// Hz by `[MPEG-1, MPEG-2, MPEG-2.5][sample rate index]`.
const MPEG_SAMPLE_RATES: [[u32; 4]; 3] = [[44100, 48000, 32000, 0], [22050, 24000, 16000, 0], [11025, 12000, 8000, 0]];

/// The SDK's frame-sync scan reads 4096 bytes at a time.
const SYNC_CHUNK: usize = 4096;

/// The SDK's scan for the first frame sync from `start`: the first position `p` with
/// `byte[p] == 0xFF`, `byte[p + 1] & 0xE0 == 0xE0` and 4 bytes available at `p`, with the
/// 4-byte header found there. The SDK scans chunks of 4096 bytes overlapping by 3, so it sees
/// every such position; when there is none it returns `None` (fewer than 3 bytes from `start`)
/// or re-reads the last 3 bytes forever: `None` here in both cases.
fn mpeg_sync(file: &mut Reader, start: u64) -> Option<(u64, [u8; 4])> {
    let mut chunk_start = start;
    file.seek_to(chunk_start)?;
    loop {
        let chunk = file.read_up_to::<SYNC_CHUNK>()?;
        let hit = chunk.windows(4).position(|w| matches!(w, [0xFF, second, _, _] if second & 0xE0 == 0xE0));
        if let Some(i) = hit {
            return Some((chunk_start.checked_add(u64::try_from(i).ok()?)?, quad(&chunk, i)?));
        }
        if chunk.len() < SYNC_CHUNK {
            return None;
        }
        chunk_start = chunk_start.checked_add(u64::try_from(SYNC_CHUNK - 3).ok()?)?;
        file.seek_to(chunk_start)?;
    }
}

/// `total_frames * samples_per_frame / sample_rate` seconds, truncated to milliseconds.
fn mpeg_frames_ms(frames: u32, mpeg1: bool, sample_rate: u32) -> Option<String> {
    let samples_per_frame: u128 = if mpeg1 { 1152 } else { 576 };
    true_div(u128::from(frames) * samples_per_frame, u64::from(sample_rate)).map(ms_truncated)
}

/// The `.mp3` / `.mpga` branch.
fn mp3(path: &Path, file_size: u64) -> Option<String> {
    let mut file = Reader::open(path)?;
    let header = file.read_up_to::<10>()?;
    let mut id3v2_size = 0u64;
    if header.starts_with(b"ID3") {
        // `header[6]`..`header[9]` raise IndexError for a file under 10 bytes.
        let size = quad(&header, 6)?;
        let syncsafe = size.iter().fold(0u64, |acc, &b| (acc << 7) | u64::from(b & 0x7F));
        id3v2_size = syncsafe + 10;
    }
    let (offset, frame) = mpeg_sync(&mut file, id3v2_size)?;

    let [_, b1, b2, _] = frame;
    // (index into the sample-rate table, MPEG-1?)
    let (version, mpeg1) = match (b1 & 0x18) >> 3 {
        0 => (2, false), // MPEG-2.5
        2 => (1, false), // MPEG-2
        3 => (0, true),  // MPEG-1
        _ => return None,
    };
    let layer_index = match (b1 & 0x06) >> 1 {
        1 => 2, // Layer III
        2 => 1, // Layer II
        3 => 0, // Layer I
        _ => return None,
    };
    let bitrate = *MPEG_BITRATES.get(usize::from(!mpeg1))?.get(layer_index)?.get(usize::from((b2 & 0xF0) >> 4))?;
    let sample_rate = *MPEG_SAMPLE_RATES.get(version)?.get(usize::from((b2 & 0x0C) >> 2))?;
    if bitrate == 0 || sample_rate == 0 {
        return None;
    }

    // The bytes after the frame header: max(xing_offset + 16, 36 + 16) == 52 of them.
    file.seek_to(offset.checked_add(4)?)?;
    let vbr = file.read_up_to::<52>()?;

    // Xing / Info: 36 (MPEG-1) or 21 bytes after the frame start, whatever the channel mode.
    let xing = if mpeg1 { 32 } else { 17 };
    if vbr.len() > xing + 4 && matches!(quad(&vbr, xing).as_ref(), Some(b"Xing" | b"Info")) && vbr.len() > xing + 8 {
        let flags = be_u32(&vbr, xing + 4)?;
        if flags & 1 != 0 && vbr.len() > xing + 12 {
            return mpeg_frames_ms(be_u32(&vbr, xing + 8)?, mpeg1, sample_rate);
        }
    }
    // VBRI: 36 bytes after the frame start, frame count 14 bytes into it.
    if vbr.len() > 36 && quad(&vbr, 32).as_ref() == Some(b"VBRI") && vbr.len() > 50 {
        return mpeg_frames_ms(be_u32(&vbr, 46)?, mpeg1, sample_rate);
    }

    // Constant bitrate: the file size without the tags.
    file.seek_from_end(128)?;
    let id3v1_size = if file.read_up_to::<3>()? == b"TAG" { 128 } else { 0 };
    let audio_size = i128::from(file_size) - i128::from(id3v2_size) - id3v1_size;
    true_div_signed(audio_size.checked_mul(8)?, u64::from(bitrate) * 1000).map(ms_truncated)
}

// ------------------------------------------------------------------------------------------
// Ogg

/// Past this position (after a page's segment table) the SDK stops looking for the Vorbis
/// identification header.
const OGG_HEADER_SEARCH_LIMIT: u64 = 10_000;

/// The `.ogg` branch.
fn ogg(path: &Path) -> Option<String> {
    let mut file = Reader::open(path)?;
    if file.read_up_to::<4>()? != b"OggS" {
        return None;
    }
    file.seek_to(0)?;
    let mut sample_rate = 0u32;
    let mut granule_position = 0u64;
    loop {
        let page = file.read_up_to::<27>()?;
        if page.len() < 27 {
            break;
        }
        if !page.starts_with(b"OggS") {
            // Resync: look for "OggS" in the next 2048 bytes (not in the 27 just read).
            let chunk = file.read_up_to::<2048>()?;
            if chunk.is_empty() {
                break;
            }
            if let Some(at) = find(&chunk, b"OggS") {
                let chunk_start = file.pos.checked_sub(u64::try_from(chunk.len()).ok()?)?;
                file.seek_to(chunk_start.checked_add(u64::try_from(at).ok()?)?)?;
            }
            continue;
        }
        let granule = u64::from_le_bytes(page.get(6..14)?.try_into().ok()?);
        granule_position = granule_position.max(granule);

        let segments = *page.get(26)?;
        let table = file.read(u64::from(segments))?;
        if table.len() < usize::from(segments) {
            break;
        }
        let page_size: u64 = table.iter().map(|&b| u64::from(b)).sum();

        if sample_rate == 0 && file.pos < OGG_HEADER_SEARCH_LIMIT {
            let data = file.read(page_size.min(100))?;
            if let Some(at) = find(&data, b"\x01vorbis")
                && at + 16 < data.len()
            {
                // `at + 12 + 4 <= len` follows from `at + 16 < len`.
                sample_rate = le_u32(&data, at + 12)?;
            }
            let read = u64::try_from(data.len()).ok()?;
            if read < page_size {
                file.skip(page_size - read)?;
            }
        } else {
            file.skip(page_size)?;
        }
    }
    if granule_position > 0 && sample_rate > 0 {
        return true_div(u128::from(granule_position), u64::from(sample_rate)).map(ms_truncated);
    }
    None
}

// ------------------------------------------------------------------------------------------
// FLAC

/// The `.flac` branch.
fn flac(path: &Path) -> Option<String> {
    let mut file = Reader::open(path)?;
    if file.read_up_to::<4>()? != b"fLaC" {
        return None;
    }
    let mut stream_info = None;
    let mut is_last = false;
    while !is_last {
        let header = file.read_up_to::<4>()?;
        let Ok([kind, l1, l2, l3]) = <[u8; 4]>::try_from(header.as_slice()) else { break };
        is_last = kind & 0x80 != 0;
        let length = u64::from(u32::from_be_bytes([0, l1, l2, l3]));
        if kind & 0x7F == 0 && length >= 18 {
            // The SDK reads the whole block; only its first 18 bytes matter, and a short read
            // only happens at the end of the file, where the next header read ends the loop.
            let block_end = file.pos.checked_add(length)?;
            let info = file.read_up_to::<18>()?;
            if let Some(info) = info.get(10..18) {
                let rate = be_uint(info.get(..3)?) >> 4;
                let total = be_uint(info.get(3..)?) & 0xF_FFFF_FFFF;
                stream_info = Some((rate, total));
            }
            file.seek_to(block_end)?;
        } else {
            file.skip(length)?;
        }
    }
    let (sample_rate, total_samples) = stream_info?;
    if sample_rate == 0 {
        return None;
    }
    true_div(u128::from(total_samples), sample_rate).map(ms_rounded)
}

// ------------------------------------------------------------------------------------------
// MP4 / M4A

/// The `.mp4` / `.m4a` branch.
fn mp4(path: &Path) -> Option<String> {
    let mut file = Reader::open(path)?;
    loop {
        let header = file.read_up_to::<8>()?;
        let (Some(size), Some(kind)) = (be_u32(&header, 0), quad(&header, 4)) else { break };
        if &kind == b"moov" {
            // Sizes under 8 put the end before the payload: nothing is read.
            let moov_end = i128::from(file.pos) + i128::from(size) - 8;
            while i128::from(file.pos) < moov_end {
                let sub = file.read_up_to::<8>()?;
                let (Some(sub_size), Some(sub_kind)) = (be_u32(&sub, 0), quad(&sub, 4)) else { break };
                if &sub_kind == b"mvhd" {
                    // Version and flags, then creation and modification times at their
                    // version-0 sizes: version 1 reads the modification time's two halves.
                    file.skip(12)?;
                    let time_scale = be_uint(&file.read_up_to::<4>()?);
                    let duration = be_uint(&file.read_up_to::<4>()?);
                    if time_scale > 0 {
                        return true_div(u128::from(duration), time_scale).map(ms_truncated);
                    }
                    break;
                }
                if sub_size > 8 {
                    file.skip(u64::from(sub_size - 8))?;
                }
            }
            break;
        }
        if size > 8 {
            file.skip(u64::from(size - 8))?;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/audio/durations.json");

    fn audio_dir() -> PathBuf {
        Path::new(VECTORS).parent().expect("tests/audio").to_path_buf()
    }

    /// Every case the SDK was run on gives the same result here (`None` where it returned
    /// `None`, raised or hung).
    #[test]
    fn sdk_vectors() {
        let text = std::fs::read_to_string(VECTORS).expect("read tests/audio/durations.json");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("parse durations.json");
        assert_eq!(doc["sdk"], "portkey-ai 2.3.4");
        let cases = doc["cases"].as_array().expect("cases");
        assert!(cases.len() > 100, "only {} cases", cases.len());
        let dir = audio_dir();
        let mut failures = Vec::new();
        for case in cases {
            let file = case["file"].as_str().expect("file");
            let expected = case["duration"].as_str().map(str::to_owned);
            let raises = case["raises"].as_str();
            let hangs = case["hangs"].as_bool().expect("hangs");
            assert!(
                expected.is_none() || (raises.is_none() && !hangs),
                "{file}: a duration with an exception or a hang"
            );
            let path = dir.join(file);
            if raises != Some("FileNotFoundError") {
                assert!(path.is_file(), "{file} is missing from tests/audio");
            }
            let got = audio_file_duration(&path);
            if got != expected {
                failures.push(format!("{file}: got {got:?}, the SDK gives {expected:?} (raises {raises:?})"));
            }
        }
        assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
    }

    #[test]
    fn missing_file() {
        let path = std::env::temp_dir().join(format!("portkey-no-such-audio-{}.wav", std::process::id()));
        assert_eq!(audio_file_duration(&path), None);
        assert_eq!(audio_file_duration(&path.with_extension("mp3")), None);
        assert_eq!(audio_file_duration(Path::new("")), None);
    }

    /// Removes the file when dropped, also when an assertion fails.
    struct TempFile(PathBuf);

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    /// A 3 GiB sparse file behind a valid header is answered from the header (and, for MP3,
    /// the file size and its last 128 bytes), quickly. Expected values are the SDK's for the
    /// same files.
    #[test]
    fn large_sparse_files() {
        const SIZE: u64 = 3 << 30;
        let mut wav = b"RIFF\xff\xff\xff\xffWAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00".to_vec();
        wav.extend_from_slice(&44100u32.to_le_bytes());
        wav.extend_from_slice(&(44100u32 * 4).to_le_bytes());
        wav.extend_from_slice(b"\x04\x00\x10\x00data");
        wav.extend_from_slice(&u32::try_from(SIZE - 44).expect("fits").to_le_bytes());

        let mut flac = b"fLaC\x80\x00\x00\x22\x10\x00\x10\x00\x00\x00\x00\x00\x00\x00".to_vec();
        let packed: u64 = (44100 << 44) | (1 << 41) | (15 << 36) | (44100 * 3600);
        flac.extend_from_slice(&packed.to_be_bytes());
        flac.extend_from_slice(&[0; 16]);

        let mut mp4 = b"\x00\x00\x00\x74moov\x00\x00\x00\x6cmvhd".to_vec();
        mp4.extend_from_slice(&[0; 12]);
        mp4.extend_from_slice(&1000u32.to_be_bytes());
        mp4.extend_from_slice(&7_200_000u32.to_be_bytes());
        mp4.extend_from_slice(&[0; 80]);

        let cases: [(&str, Vec<u8>, &str); 4] = [
            ("wav", wav, "18260915"),
            ("mp3", vec![0xFF, 0xFB, 0x90, 0x00], "201326592"),
            ("flac", flac, "3600000"),
            ("mp4", mp4, "7200000"),
        ];
        for (ext, header, expected) in cases {
            let path = std::env::temp_dir().join(format!("portkey-sparse-audio-{}.{ext}", std::process::id()));
            let temp = TempFile(path);
            let mut file = File::create(&temp.0).expect("create the sparse file");
            file.write_all(&header).expect("write the header");
            file.set_len(SIZE).expect("extend the file");
            drop(file);
            let started = Instant::now();
            let got = audio_file_duration(&temp.0);
            let elapsed = started.elapsed();
            assert_eq!(got.as_deref(), Some(expected), "{ext}");
            assert!(elapsed < Duration::from_secs(2), "{ext}: {elapsed:?}");
        }
    }

    #[test]
    fn splitext_matches_python() {
        let cases: [(&str, &str); 12] = [
            ("a.wav", ".wav"),
            ("dir/a.WAV", ".WAV"),
            (".wav", ""),
            ("..wav", ""),
            ("...x.wav", ".wav"),
            ("dir.mp3/file", ""),
            ("dir.mp3/.ogg", ""),
            ("a.b.flac", ".flac"),
            ("noext", ""),
            ("trailing.", "."),
            ("a.wav/", ""),
            ("", ""),
        ];
        for (path, ext) in cases {
            assert_eq!(splitext_ext(path.as_bytes()), ext.as_bytes(), "{path}");
        }
        assert_eq!(Format::of(Path::new("x/Song.MpGa")), Some(Format::Mp3));
        assert_eq!(Format::of(Path::new("x/song.m4a")), Some(Format::Mp4));
        assert_eq!(Format::of(Path::new("x/song.webm")), None);
    }

    /// Python's correctly rounded `int / int`, checked against values CPython gives.
    #[test]
    fn true_division_is_correctly_rounded() {
        // (n, d, repr(n / d)) from CPython 3.11.
        let cases: [(u128, u64, f64); 6] = [
            (1, 3, 0.3333333333333333),
            (1001, 1000, 1.001),
            (1173122633160899524, 44100, 26601420253081.62),
            (16264902722894697546, 3, 5.421634240964899e18),
            (u128::from(u64::MAX), 1, 1.8446744073709552e19),
            (0, 7, 0.0),
        ];
        for (n, d, expected) in cases {
            assert_eq!(true_div(n, d), Some(expected), "{n} / {d}");
        }
        assert_eq!(true_div(1, 0), None);
        assert_eq!(true_div(0, 0), None);
        assert_eq!(true_div_signed(-704, 8000), Some(-0.088));
        assert_eq!(ms_truncated(-0.000025), "0");
        assert_eq!(ms_rounded(0.0025), "2");
    }
}
