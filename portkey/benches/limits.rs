//! Peak heap of the client when a server sends far more than it should: a 1 GiB JSON reply, a
//! 500 with a 1 GiB body, one 512 MiB event-stream line, and 512 MiB of `data:` lines that
//! never end their event. Each case runs the blocking client with its default limits against
//! a loopback server that generates the body as it sends it (so the server holds nothing),
//! and prints the outcome and the heap the client held at its peak.
//!
//! `cargo bench -p portkey --bench limits`. A measurement, not a timed benchmark.

mod heap;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

use portkey::Portkey;
use portkey::types::{ChatCompletionRequest, ChatMessage};

const MIB: usize = 1 << 20;
const PIECE: usize = 64 * 1024;

/// What the server answers.
#[derive(Clone, Copy)]
enum Reply {
    /// A 200 JSON body of this many bytes, chunked (no length announced).
    Json(usize),
    /// The same, with its `Content-Length` announced.
    JsonWithLength(usize),
    /// A 500 with a body of this many bytes.
    ServerError(usize),
    /// An event stream that is one line of this many bytes.
    OneLine(usize),
    /// An event stream of this many bytes of short `data:` lines, never a blank line.
    EndlessEvent(usize),
}

/// Serves one request with `reply` on a loopback port; returns the base URL.
fn serve(reply: Reply) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        // The client hangs up when it hits a limit: writes then fail, which ends the thread.
        let _ = answer(stream, reply);
    });
    url
}

fn answer(stream: TcpStream, reply: Reply) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" || line.is_empty() {
            break;
        }
    }
    reader.read_exact(&mut vec![0; length])?;
    let mut out = std::io::BufWriter::with_capacity(PIECE + 16, stream);
    let (status, content_type, total, announced) = match reply {
        Reply::Json(n) => ("200 OK", "application/json", n, false),
        Reply::JsonWithLength(n) => ("200 OK", "application/json", n, true),
        Reply::ServerError(n) => ("500 Internal Server Error", "application/json", n, false),
        Reply::OneLine(n) | Reply::EndlessEvent(n) => ("200 OK", "text/event-stream", n, false),
    };
    let framing = if announced { format!("content-length: {total}") } else { "transfer-encoding: chunked".into() };
    write!(out, "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\n{framing}\r\n\r\n")?;
    let mut sent = 0;
    while sent < total {
        let piece = body_piece(reply, sent, (total - sent).min(PIECE));
        if !announced {
            write!(out, "{:x}\r\n", piece.len())?;
        }
        out.write_all(&piece)?;
        if !announced {
            out.write_all(b"\r\n")?;
        }
        sent += piece.len();
    }
    if !announced {
        out.write_all(b"0\r\n\r\n")?;
    }
    out.flush()
}

/// `len` bytes of the body starting at byte `at`.
fn body_piece(reply: Reply, at: usize, len: usize) -> Vec<u8> {
    match reply {
        Reply::Json(_) | Reply::JsonWithLength(_) | Reply::ServerError(_) => {
            let head: &[u8] = br#"{"error": {"message": "#;
            (at..at + len).map(|i| head.get(i).copied().unwrap_or(b'"')).collect()
        }
        Reply::OneLine(_) => (at..at + len).map(|i| if i < 6 { b"data: "[i] } else { b'x' }).collect(),
        Reply::EndlessEvent(_) => {
            const LINE: &[u8] = b"data: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789\n";
            (at..at + len).map(|i| LINE[i % LINE.len()]).collect()
        }
    }
}

fn run(name: &str, reply: Reply, size: usize) {
    let client = Portkey::builder().base_url(serve(reply)).max_retries(0).build().unwrap();
    let request = ChatCompletionRequest::new("m", [ChatMessage::user("x")]);
    let (outcome, peak) = heap::peak_during(|| match reply {
        Reply::OneLine(_) | Reply::EndlessEvent(_) => match client.chat().completions().create_stream(request) {
            Ok(mut stream) => stream.find_map(Result::err).map_or("Ok".into(), |e| e.to_string()),
            Err(e) => e.to_string(),
        },
        _ => match client.chat().completions().create(request) {
            Ok(_) => "Ok".into(),
            Err(e) => e.to_string(),
        },
    });
    let shown: String = outcome.chars().take(110).collect();
    println!("| {name} ({} MiB sent) | {:.1} MiB | {shown} |", size / MIB, peak as f64 / MIB as f64);
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing to run.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("| case | client peak heap | outcome |\n| --- | --- | --- |");
    run("JSON reply, chunked", Reply::Json(1024 * MIB), 1024 * MIB);
    run("JSON reply, Content-Length", Reply::JsonWithLength(1024 * MIB), 1024 * MIB);
    run("500 error body", Reply::ServerError(1024 * MIB), 1024 * MIB);
    run("one SSE line", Reply::OneLine(512 * MIB), 512 * MIB);
    run("SSE data lines, no blank line", Reply::EndlessEvent(512 * MIB), 512 * MIB);
}
