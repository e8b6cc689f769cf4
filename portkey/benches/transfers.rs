//! Peak heap of the client while it moves large bodies: uploading a 1 GiB file
//! (`files().create` with a `FilePart::path`), downloading 1 GiB to a writer
//! (`files().content(..).write_to(..)`), and reading 100 MiB of batch output as JSON lines
//! (`batches().output(..)`). The blocking client runs against a loopback server that discards
//! what it receives and generates what it sends, so the server holds nothing; the heap the
//! client held at its peak is printed with the time each transfer took.
//!
//! `cargo bench -p portkey --bench transfers`. A measurement, not a timed benchmark.

mod heap;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Instant;

use portkey::{FilePart, Multipart, Portkey};

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
    let line = b"{\"custom_id\":\"request-000001\",\"response\":{\"status_code\":200,\"body\":{\"id\":\"x\"}},\"error\":null}\n";
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

fn report(what: &str, bytes: u64, outcome: String, (elapsed, peak): (f64, usize)) {
    let rate = bytes as f64 / MIB as f64 / elapsed;
    println!(
        "{what:<44} {outcome:<28} {elapsed:>6.2} s ({rate:>5.0} MiB/s)  peak heap {:>6.2} MiB",
        peak as f64 / MIB as f64
    );
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, (f64, usize)) {
    let start = Instant::now();
    let (out, peak) = heap::peak_during(f);
    (out, (start.elapsed().as_secs_f64(), peak))
}

fn main() {
    let size = 1 << 30;
    let path = std::env::temp_dir().join(format!("portkey-bench-upload-{}.jsonl", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(size).unwrap(); // sparse: the disk holds nothing, the client reads 1 GiB of zeros
    drop(file);

    let upload = client(serve(Reply::Json));
    let (result, measured) = timed(|| {
        let form = Multipart::new().text("purpose", "batch").file("file", FilePart::path(&path));
        upload.files().create(form).map(|r| r.body.id)
    });
    let _ = std::fs::remove_file(&path);
    report("upload a 1 GiB file (files.create)", size, format!("{result:?}"), measured);

    let download = client(serve(Reply::Bytes(size)));
    let (result, measured) =
        timed(|| download.files().content("file-1").and_then(|d| d.write_to(&mut std::io::sink())));
    report("download 1 GiB to a writer (files.content)", size, format!("{result:?}"), measured);

    let lines = 100 * MIB;
    let output = client(serve(Reply::Lines(lines)));
    let (result, measured) =
        timed(|| output.batches().output("batch-1").map(|records| records.filter(|r| r.is_ok()).count()));
    report("100 MiB of batch output (batches.output)", lines, format!("{result:?} records"), measured);
}
