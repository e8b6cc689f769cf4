//! One measurement of one client, run in a process of its own (`peer-client`) so that its CPU
//! time and peak RSS are the client's alone, and printed as one line of JSON for the driver
//! (`benches/peers.rs`).

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;

use crate::openai::ConfigError;
use crate::peers::{Client, Peer};
use crate::replies;

/// What is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// One call after another: latency p50/p99 and CPU per call.
    RoundTrip,
    /// This many calls in flight at once: calls per second, CPU per call, peak RSS.
    InFlight(usize),
    /// Streams of `replies::STREAM_CHUNKS` chunks sent at once, one after another: chunks per
    /// second and CPU per chunk.
    Stream,
}

impl Scenario {
    /// Every scenario, in report order.
    pub const ALL: [Scenario; 4] =
        [Scenario::RoundTrip, Scenario::InFlight(64), Scenario::InFlight(512), Scenario::Stream];

    /// Its name on the command line and in reports.
    pub fn name(self) -> String {
        match self {
            Scenario::RoundTrip => "round-trip".into(),
            Scenario::InFlight(n) => format!("in-flight-{n}"),
            Scenario::Stream => "stream".into(),
        }
    }

    /// The scenario named `name`.
    pub fn from_name(name: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What one run measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    /// Median latency of a call (or a whole stream), µs.
    pub p50_us: f64,
    /// 99th percentile latency, µs.
    pub p99_us: f64,
    /// Process CPU time (user + system, all threads) per call or chunk, µs.
    pub cpu_us: f64,
    /// Calls or chunks per second.
    pub per_s: f64,
    /// Peak resident set size of the process, KiB.
    pub max_rss_kib: f64,
}

impl Sample {
    /// One line of JSON.
    pub fn to_json(&self) -> String {
        json!({"p50_us": self.p50_us, "p99_us": self.p99_us, "cpu_us": self.cpu_us, "per_s": self.per_s, "max_rss_kib": self.max_rss_kib})
            .to_string()
    }

    /// Reads [`Sample::to_json`]'s line.
    pub fn from_json(line: &str) -> Result<Sample, ConfigError> {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let field = |name: &str| value[name].as_f64().ok_or_else(|| format!("no {name} in {line}"));
        Ok(Sample {
            p50_us: field("p50_us")?,
            p99_us: field("p99_us")?,
            cpu_us: field("cpu_us")?,
            per_s: field("per_s")?,
            max_rss_kib: field("max_rss_kib")?,
        })
    }

    /// The metric named `name` (a field name).
    pub fn get(&self, name: &str) -> f64 {
        match name {
            "p50_us" => self.p50_us,
            "p99_us" => self.p99_us,
            "cpu_us" => self.cpu_us,
            "per_s" => self.per_s,
            _ => self.max_rss_kib,
        }
    }
}

/// How much work a run does; the defaults take one to two seconds a run.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Sequential calls timed, after as many again / 10 to warm up.
    pub round_trips: usize,
    /// Calls made in each in-flight run.
    pub in_flight_calls: usize,
    /// Streams read.
    pub streams: usize,
}

impl Sizes {
    /// The default sizes, or those of `PEERS_SIZES` (`ROUND_TRIPS,IN_FLIGHT_CALLS,STREAMS`).
    pub fn from_env() -> Result<Sizes, ConfigError> {
        let Ok(text) = std::env::var("PEERS_SIZES") else { return Ok(Sizes::default()) };
        let numbers = text.split(',').map(|n| n.trim().parse::<usize>()).collect::<Result<Vec<_>, _>>()?;
        match numbers[..] {
            [round_trips, in_flight_calls, streams] => Ok(Sizes { round_trips, in_flight_calls, streams }),
            _ => Err(format!("PEERS_SIZES must be three numbers, not {text:?}").into()),
        }
    }

    /// Calls (or chunks) a run of `scenario` makes in all, warm-up included.
    pub fn items(&self, scenario: Scenario) -> usize {
        match scenario {
            Scenario::RoundTrip => self.round_trips + self.round_trips / 10,
            Scenario::InFlight(n) => self.in_flight_calls + n,
            Scenario::Stream => (self.streams + STREAM_WARM_UP) * replies::STREAM_CHUNKS,
        }
    }
}

/// Streams read before the timed ones.
const STREAM_WARM_UP: usize = 3;

impl Default for Sizes {
    fn default() -> Self {
        Sizes { round_trips: 10_000, in_flight_calls: 25_600, streams: 100 }
    }
}

/// Runs `scenario` with `peer` against the server at `base_url`, on a single-threaded tokio
/// runtime (the server has the other core).
pub fn run(peer: Peer, scenario: Scenario, base_url: &str, sizes: Sizes) -> Result<Sample, ConfigError> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let client = Client::new(peer, base_url)?;
        match scenario {
            Scenario::RoundTrip => {
                for _ in 0..sizes.round_trips / 10 {
                    client.call().await?;
                }
                let mut times = Vec::with_capacity(sizes.round_trips);
                let (cpu, wall) = timed(async {
                    for _ in 0..sizes.round_trips {
                        let start = Instant::now();
                        client.call().await?;
                        times.push(start.elapsed());
                    }
                    Ok::<_, ConfigError>(())
                })
                .await?;
                Ok(sample(times, cpu, wall, sizes.round_trips))
            }
            Scenario::InFlight(n) => {
                // Open the connections first: every run starts with `n` of them.
                in_flight(&client, n, n).await?;
                let mut times = Vec::new();
                let (cpu, wall) = timed(async {
                    times = in_flight(&client, n, sizes.in_flight_calls).await?;
                    Ok::<_, ConfigError>(())
                })
                .await?;
                Ok(sample(times, cpu, wall, sizes.in_flight_calls))
            }
            Scenario::Stream => {
                for _ in 0..STREAM_WARM_UP {
                    client.stream().await?;
                }
                let mut times = Vec::with_capacity(sizes.streams);
                let mut chunks = 0;
                let (cpu, wall) = timed(async {
                    for _ in 0..sizes.streams {
                        let start = Instant::now();
                        let read = client.stream().await?;
                        times.push(start.elapsed());
                        if read != replies::STREAM_CHUNKS {
                            return Err(
                                format!("{} read {read} chunks of {}", peer.name(), replies::STREAM_CHUNKS).into()
                            );
                        }
                        chunks += read;
                    }
                    Ok::<_, ConfigError>(())
                })
                .await?;
                Ok(sample(times, cpu, wall, chunks))
            }
        }
    })
}

/// `calls` calls, `n` in flight at any time; the latency of each.
async fn in_flight(client: &Client, n: usize, calls: usize) -> Result<Vec<Duration>, ConfigError> {
    let mut results = futures_util::stream::iter(0..calls)
        .map(|_| async {
            let start = Instant::now();
            client.call().await.map(|_| start.elapsed())
        })
        .buffer_unordered(n);
    let mut times = Vec::with_capacity(calls);
    while let Some(time) = results.next().await {
        times.push(time?);
    }
    Ok(times)
}

/// Runs `work`, returning the process CPU time and the wall time it took.
async fn timed(work: impl Future<Output = Result<(), ConfigError>>) -> Result<(Duration, Duration), ConfigError> {
    let (cpu_before, wall_before) = (usage().cpu, Instant::now());
    work.await?;
    Ok((usage().cpu.saturating_sub(cpu_before), wall_before.elapsed()))
}

fn sample(mut times: Vec<Duration>, cpu: Duration, wall: Duration, items: usize) -> Sample {
    times.sort_unstable();
    let at = |q: f64| times.get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1)));
    let micros = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1e6);
    let items = items.max(1) as f64;
    Sample {
        p50_us: micros(at(0.50)),
        p99_us: micros(at(0.99)),
        cpu_us: cpu.as_secs_f64() * 1e6 / items,
        per_s: items / wall.as_secs_f64(),
        max_rss_kib: usage().max_rss_kib,
    }
}

/// Keeps this process (every thread it starts later too) on CPU `cpu`, so that the server and
/// the client each have a core of their own and the scheduler does not move them around
/// between measurements. Returns whether it worked.
pub fn pin_to_cpu(cpu: usize) -> bool {
    // SAFETY: a zeroed cpu_set_t is the empty set; CPU_SET writes inside it; sched_setaffinity
    // reads it (pid 0: this thread, whose mask later threads inherit).
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
    }
}

struct Usage {
    cpu: Duration,
    max_rss_kib: f64,
}

/// The process's CPU time (user + system, every thread) and peak RSS so far.
fn usage() -> Usage {
    // SAFETY: getrusage writes one `rusage` into the zeroed value it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to an owned `rusage`, and RUSAGE_SELF.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if rc != 0 {
        return Usage { cpu: Duration::ZERO, max_rss_kib: 0.0 };
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Usage { cpu: time(usage.ru_utime) + time(usage.ru_stime), max_rss_kib: usage.ru_maxrss as f64 }
}
