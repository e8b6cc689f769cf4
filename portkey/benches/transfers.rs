//! Peak heap of the client while it moves large bodies: uploading a 1 GiB file
//! (`files().create` with a `FilePart::path`), downloading 1 GiB to a writer
//! (`files().content(..).write_to(..)`), 100 MiB of speech to a writer
//! (`audio().speech().create(..)`), and reading 100 MiB of batch output as typed
//! [`BatchOutputLine`](portkey::types::BatchOutputLine)s (`batches().output(..)`). Each is also
//! run at 64 KiB, the baseline, and the report says how far the large one's peak is above it. The blocking client runs against a loopback server that discards
//! what it receives and generates what it sends, so the server holds nothing; the heap the
//! client held at its peak is printed with the time each transfer took.
//!
//! `cargo bench -p portkey --bench transfers`. A measurement, not a timed benchmark.

mod heap;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Instant;

use portkey::types::{FileCreatePurpose, FileCreateRequest, SpeechRequest};
use portkey::{FilePart, Portkey};

const MIB: u64 = 1 << 20;
const PIECE: usize = 64 * 1024;

/// What the server answers once it has read (and dropped) the request.
#[derive(Clone, Copy)]
enum Reply {
    /// A small JSON object.
    Json,
    /// This many bytes of binary content.
    Bytes(u64),
    /// This many bytes of JSON lines.
    Lines(u64),
}

/// Serves one request on a loopback port; returns the base URL.
fn serve(reply: Reply) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let _ = answer(stream, reply);
    });
    url
}

fn answer(stream: TcpStream, reply: Reply) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(PIECE, stream.try_clone()?);
    let (mut length, mut chunked) = (0u64, false);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        chunked |= lower.starts_with("transfer-encoding:") && lower.contains("chunked");
        if line == "\r\n" || line.is_empty() {
            break;
        }
    }
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = u64::from_str_radix(size.trim(), 16).unwrap_or(0);
            std::io::copy(&mut (&mut reader).take(size + 2), &mut std::io::sink())?;
            if size == 0 {
                break;
            }
        }
    } else {
        std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink())?;
    }
    let mut out = std::io::BufWriter::with_capacity(PIECE + 16, stream);
    let (content_type, total) = match reply {
        Reply::Json => ("application/json", 0),
        Reply::Bytes(n) => ("application/octet-stream", n),
        Reply::Lines(n) => ("application/jsonl", n),
    };
    if let Reply::Json = reply {
        let body = br#"{"id":"file-1","object":"file"}"#;
        write!(out, "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n", body.len())?;
        out.write_all(body)?;
        return out.flush();
    }
    write!(out, "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {total}\r\n\r\n")?;
    let line = concat!(
        r#"{"id":"batch_req_1","custom_id":"request-000001","response":{"status_code":200,"request_id":"req_1","#,
        r#""body":{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","#,
        r#""choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help?"},"#,
        r#""finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}},"#,
        "\"error\":null}\n"
    )
    .as_bytes();
    let piece: Vec<u8> = match reply {
        Reply::Lines(_) => line.iter().copied().cycle().take(PIECE / line.len() * line.len()).collect(),
        _ => (0..PIECE).map(|i| (i % 251) as u8).collect(),
    };
    let mut sent = 0;
    while sent < total {
        let n = (total - sent).min(piece.len() as u64) as usize;
        out.write_all(&piece[..n])?;
        sent += n as u64;
    }
    out.flush()
}

fn client(url: String) -> Portkey {
    Portkey::builder().api_key("pk-bench").base_url(url).build_with_env(&|_| None).unwrap()
}

/// A transfer measured once small (64 KiB, the client's baseline: connection, buffers, the
/// call's own state) and once large: what the large one holds above the small one is what
/// grows with the body.
fn measure(what: &str, bytes: u64, run: impl Fn(u64) -> (String, (f64, usize))) {
    let (_, (_, baseline)) = run(64 * 1024);
    let (outcome, (elapsed, peak)) = run(bytes);
    let rate = bytes as f64 / MIB as f64 / elapsed;
    println!(
        "{what:<46} {outcome:<18} {elapsed:>6.2} s ({rate:>5.0} MiB/s)  peak heap {:>5.2} MiB, {:>5.2} MiB at 64 KiB, {:>+6.3} MiB above",
        peak as f64 / MIB as f64,
        baseline as f64 / MIB as f64,
        (peak as f64 - baseline as f64) / MIB as f64,
    );
}

/// Runs `f` on a fresh client of a server that answers `reply`; the client is built outside
/// the measurement.
fn timed<T: std::fmt::Debug>(reply: Reply, f: impl FnOnce(&Portkey) -> T) -> (String, (f64, usize)) {
    let client = client(serve(reply));
    let start = Instant::now();
    let (out, peak) = heap::peak_during(|| f(&client));
    (format!("{out:?}"), (start.elapsed().as_secs_f64(), peak))
}

fn main() {
    measure("upload a 1 GiB file (files.create)", 1 << 30, |size| {
        let path = std::env::temp_dir().join(format!("portkey-bench-upload-{}.jsonl", std::process::id()));
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(size).unwrap(); // sparse: the disk holds nothing, the client reads zeros
        drop(file);
        let measured = timed(Reply::Json, |client| {
            let request = FileCreateRequest::new(FilePart::path(&path), FileCreatePurpose::Batch);
            client.files().create(request).map(|r| r.body.id)
        });
        let _ = std::fs::remove_file(&path);
        measured
    });
    measure("download 1 GiB to a writer (files.content)", 1 << 30, |size| {
        timed(Reply::Bytes(size), |client| {
            client.files().content("file-1").and_then(|d| d.write_to(&mut std::io::sink()))
        })
    });
    measure("100 MiB of speech to a writer (audio.speech)", 100 * MIB, |size| {
        timed(Reply::Bytes(size), |client| {
            let request = SpeechRequest::new("gpt-4o-mini-tts", "Hello!", "coral");
            client.audio().speech().create(request).and_then(|d| d.write_to(&mut std::io::sink()))
        })
    });
    measure("100 MiB of typed batch output (batches.output)", 100 * MIB, |size| {
        timed(Reply::Lines(size), |client| {
            client.batches().output("batch-1").map(|records| {
                // Each record decoded, and its body decoded again as a chat completion.
                records.filter(|r| r.as_ref().is_ok_and(|r| r.chat_completion().is_some_and(|c| c.is_ok()))).count()
            })
        })
    });
}
