//! Rust side of the Rust-vs-Python comparison driven by `conformance/bench_python.py`.
//!
//! Two modes:
//!
//! * `serve`: starts a `MockGateway` on 127.0.0.1, prints `URL http://127.0.0.1:PORT/v1`, and
//!   keeps it running until stdin is closed. Both the Rust and the Python measurements talk to
//!   this one gateway, so they pay for the same server.
//! * `measure <URL> [--requests N]`: prints one line of JSON with medians of
//!   - `headers_typical_ns`: ns per `portkey::create_headers` for a typical 5-option client
//!     (api_key, virtual_key, trace_id, metadata, config), timed in batches of 10 000 calls;
//!   - `request_headers_ns`: ns per request for the headers of a built client (a clone of the
//!     map it built once)
//!   - `client_build_us`: µs to build an `AsyncPortkey` with those options (+ base_url), which
//!     includes option resolution, header building and the HTTP client;
//!   - `request_us`: µs per sequential `chat().completions().create(..)` round trip with the
//!     async client against URL (200 warm-up requests, then N, default 2000);
//!   - `request_blocking_us`: the same with the blocking `Portkey` client.
//!
//! Run:
//!
//! ```text
//! cargo run --release -p portkey --features testing --example bench_compare -- serve
//! cargo run --release -p portkey --features testing --example bench_compare -- measure http://127.0.0.1:PORT/v1
//! python3 conformance/bench_python.py --repeat 3   # both sides, as a table
//! ```

use std::hint::black_box;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use portkey::testing::MockGateway;
use portkey::types::{ChatCompletionRequest, ChatMessage};
use portkey::{AsyncPortkey, ClientBuilder, Options, Portkey};
use serde_json::json;

const HEADER_BATCH: u32 = 10_000;
const HEADER_BATCHES: usize = 30;
const CLIENT_BUILDS: usize = 300;
const WARM_UP_REQUESTS: usize = 200;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("measure") if args.len() >= 2 => {
            let requests = match args.iter().position(|a| a == "--requests") {
                Some(i) => args.get(i + 1).ok_or("--requests needs a value")?.parse()?,
                None => 2000,
            };
            measure(&args[1], requests)
        }
        _ => Err("usage: bench_compare serve | bench_compare measure <URL> [--requests N]".into()),
    }
}

/// Runs the mock gateway until stdin reaches end of file.
fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockGateway::start()?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "URL {}", mock.url())?;
    stdout.flush()?;
    std::io::stdin().read_to_end(&mut Vec::new())?;
    drop(mock);
    Ok(())
}

/// The typical 5 options, set on any client builder.
fn typical<C>(builder: ClientBuilder<C>) -> ClientBuilder<C> {
    builder
        .api_key("pk-live-0123456789")
        .virtual_key("vk-openai-prod")
        .trace_id("trace-4f1c2a")
        .metadata(json!({"user": "u-123", "plan": "paid"}))
        .config(json!({"retry": {"attempts": 3}, "cache": {"mode": "simple"}}))
}

fn measure(url: &str, requests: usize) -> Result<(), Box<dyn std::error::Error>> {
    // create_headers: median over batches of the mean time per call within a batch.
    let options: Options = typical(Options::builder()).into_options();
    portkey::create_headers(&options)?;
    let headers_ns = median((0..HEADER_BATCHES).map(|_| {
        let start = Instant::now();
        for _ in 0..HEADER_BATCH {
            black_box(portkey::create_headers(black_box(&options)).ok());
        }
        start.elapsed().as_nanos() as f64 / f64::from(HEADER_BATCH)
    }));

    // Client construction, one build at a time.
    let build = || typical(AsyncPortkey::builder()).base_url(url).build_with_env(&|_| None);
    build()?;

    // Per-request headers: a built client clones its prebuilt header map for each request.
    let built = build()?;
    let request_headers_ns = median((0..HEADER_BATCHES).map(|_| {
        let start = Instant::now();
        for _ in 0..HEADER_BATCH {
            black_box(black_box(&built.resolved().headers).clone());
        }
        start.elapsed().as_nanos() as f64 / f64::from(HEADER_BATCH)
    }));
    let build_us = median((0..CLIENT_BUILDS).map(|_| {
        let start = Instant::now();
        black_box(build().expect("client"));
        micros(start.elapsed())
    }));

    let request = ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("Hello there, benchmark")]);

    // Async round trips, on a current-thread runtime (the blocking client uses one too).
    let client = build()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let request_us = runtime.block_on(async {
        let mut times = Vec::with_capacity(requests);
        for i in 0..WARM_UP_REQUESTS + requests {
            let start = Instant::now();
            client.chat().completions().create(request.clone()).await?;
            if i >= WARM_UP_REQUESTS {
                times.push(micros(start.elapsed()));
            }
        }
        Ok::<_, portkey::Error>(median(times))
    })?;
    drop(runtime);

    // Blocking round trips (outside any tokio runtime).
    let client: Portkey = typical(Portkey::builder()).base_url(url).build_with_env(&|_| None)?;
    let mut times = Vec::with_capacity(requests);
    for i in 0..WARM_UP_REQUESTS + requests {
        let start = Instant::now();
        client.chat().completions().create(request.clone())?;
        if i >= WARM_UP_REQUESTS {
            times.push(micros(start.elapsed()));
        }
    }
    let request_blocking_us = median(times);

    let report = json!({
        "headers_typical_ns": round2(headers_ns),
        "request_headers_ns": round2(request_headers_ns),
        "client_build_us": round2(build_us),
        "request_us": round2(request_us),
        "request_blocking_us": round2(request_blocking_us),
        "requests": requests,
    });
    println!("{report}");
    Ok(())
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.into_iter().collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}
