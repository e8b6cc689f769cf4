//! portkey-rs against async-openai and raw reqwest, side by side in one run.
//!
//! ```text
//! cargo bench -p portkey-peers                       # every scenario, 8 rounds
//! PEERS_ROUNDS=10 cargo bench -p portkey-peers -- stream
//! PEERS_MEASURE=instructions cargo bench -p portkey-peers   # instructions per call, callgrind
//! ```
//!
//! One `peer-server` process (single thread) answers every client with the same bytes. Each
//! measurement runs in a fresh `peer-client` process, so CPU time and peak RSS are that client's
//! alone. Timings on a shared machine move by tens of percent between runs of the same client;
//! `PEERS_MEASURE=instructions` counts instructions instead (valgrind's callgrind), which give
//! the same figures on every run. With two cores or more, the server runs on the last core and the clients on the one
//! before it. Rounds interleave the clients (the order turns and reverses from round to round);
//! ratios are taken within a round, where the machine's state is shared, and reported as
//! min / median / max over the rounds.
//!
//! `CPU per call, interleaved` comes from one `peer-client interleaved` process per round, in
//! which the clients take turns every 50 round trips (`portkey_peers::interleaved`): its
//! ratios hold to a percent or two where the per-process ones move by tens of percent. Its
//! spread is over the rounds, of each round's median block ratio. The two rows under it do the
//! same with 64 and 512 calls in flight (blocks of twice that many calls): a client's CPU per
//! call is what bounds its throughput, so they are the throughput scenarios' interleaved
//! counterparts.
//! `PEERS_INTERLEAVED=raw-reqwest,async-openai,raw-reqwest cargo bench -p portkey-peers --
//! interleaved` checks the method against itself (the first column against the third: 1.00).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use portkey_peers::interleaved;
use portkey_peers::measure::{Sample, Scenario, Sizes};
use portkey_peers::peers::Peer;

/// A metric of a scenario, and whether more is better.
struct Metric {
    label: &'static str,
    scenario: &'static str,
    field: &'static str,
    higher_is_better: bool,
}

const METRICS: [Metric; 10] = [
    Metric { label: "round trip p50", scenario: "round-trip", field: "p50_us", higher_is_better: false },
    Metric { label: "round trip p99", scenario: "round-trip", field: "p99_us", higher_is_better: false },
    Metric { label: "client CPU per call", scenario: "round-trip", field: "cpu_us", higher_is_better: false },
    Metric { label: "calls/s, 64 in flight", scenario: "in-flight-64", field: "per_s", higher_is_better: true },
    Metric { label: "CPU per call, 64 in flight", scenario: "in-flight-64", field: "cpu_us", higher_is_better: false },
    Metric { label: "calls/s, 512 in flight", scenario: "in-flight-512", field: "per_s", higher_is_better: true },
    Metric {
        label: "peak RSS, 512 in flight",
        scenario: "in-flight-512",
        field: "max_rss_kib",
        higher_is_better: false,
    },
    Metric { label: "stream chunks/s", scenario: "stream", field: "per_s", higher_is_better: true },
    Metric { label: "CPU per chunk", scenario: "stream", field: "cpu_us", higher_is_better: false },
    Metric { label: "peak RSS, stream", scenario: "stream", field: "max_rss_kib", higher_is_better: false },
];

/// The server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // `cargo bench` passes `--bench`; other arguments name scenarios to run.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let scenarios: Vec<Scenario> = Scenario::ALL
        .into_iter()
        .filter(|s| filters.is_empty() || filters.iter().any(|f| s.name().contains(f.as_str())))
        .collect();
    let rounds: usize = std::env::var("PEERS_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(8);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // (server core, client core)
    let pinned = (cores >= 2).then(|| ((cores - 1).to_string(), (cores - 2).to_string()));

    let mut server_command = Command::new(env!("CARGO_BIN_EXE_peer-server"));
    if let Some((server_core, _)) = &pinned {
        server_command.args(["0", server_core]);
    }
    let mut server = Server(server_command.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?);
    let stdout = server.0.stdout.take().ok_or("no server stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let url = line.trim().strip_prefix("URL ").ok_or_else(|| format!("server said {line:?}"))?.to_owned();
    let placement = match &pinned {
        Some((server, client)) => format!("server on core {server}, clients on core {client}"),
        None => "one core".to_owned(),
    };
    println!("server {url}, {placement}, {rounds} rounds, clients: portkey, async-openai, raw-reqwest\n");

    if std::env::var("PEERS_MEASURE").as_deref() == Ok("instructions") {
        return instructions(&scenarios, &url);
    }

    // samples[scenario][round][peer]
    let mut samples = Vec::new();
    for &scenario in &scenarios {
        let mut by_round = Vec::new();
        for round in 0..rounds {
            let mut order = Peer::ALL;
            order.rotate_left(round % Peer::ALL.len());
            if round % 2 == 1 {
                order.reverse();
            }
            let mut by_peer: Vec<(Peer, Sample)> = Vec::new();
            for peer in order {
                let client_core = pinned.as_ref().map(|(_, core)| core.as_str());
                by_peer.push((peer, measure(peer, scenario, &url, client_core)?));
            }
            by_peer.sort_by_key(|(peer, _)| Peer::ALL.iter().position(|p| p == peer));
            by_round.push(by_peer.into_iter().map(|(_, s)| s).collect::<Vec<_>>());
            eprint!(".");
        }
        eprintln!(" {}", scenario.name());
        samples.push((scenario, by_round));
    }

    // By calls in flight: [round][block], each block's CPU per call, by client
    let mut interleaved_runs: Vec<(usize, Vec<Vec<[f64; 3]>>)> = Vec::new();
    if filters.is_empty() || filters.iter().any(|f| "interleaved".contains(f.as_str())) {
        for in_flight in INTERLEAVED_IN_FLIGHT {
            let mut rounds_run = Vec::with_capacity(rounds);
            for round in 0..rounds {
                let core = pinned.as_ref().map_or("0", |(_, core)| core.as_str());
                rounds_run.push(interleaved(&url, core, round % 3, in_flight)?);
                eprint!(".");
            }
            eprintln!(" interleaved, {in_flight} in flight");
            interleaved_runs.push((in_flight, rounds_run));
        }
    }

    println!(
        "{:<28} {:>12} {:>12} {:>12}   {:<22} {:<22}",
        "metric (median)", "portkey", "async-openai", "raw-reqwest", "portkey/async-openai", "portkey/raw-reqwest"
    );
    for metric in &METRICS {
        let Some((_, by_round)) = samples.iter().find(|(s, _)| s.name() == metric.scenario) else { continue };
        let values = |peer: usize| by_round.iter().map(|r: &Vec<Sample>| r[peer].get(metric.field)).collect::<Vec<_>>();
        let ratios = |peer: usize| {
            by_round.iter().map(|r| r[0].get(metric.field) / r[peer].get(metric.field)).collect::<Vec<_>>()
        };
        let better = if metric.higher_is_better { "higher" } else { "lower" };
        println!(
            "{:<28} {:>12} {:>12} {:>12}   {:<22} {:<22} ({better} is better)",
            metric.label,
            show(median(values(0)), metric.field),
            show(median(values(1)), metric.field),
            show(median(values(2)), metric.field),
            spread(ratios(1)),
            spread(ratios(2)),
        );
    }
    // The interleaved rows' columns are the clients `PEERS_INTERLEAVED` names, if it does.
    let names = interleaved::peers_from_env()?.map(Peer::name);
    if !interleaved_runs.is_empty() && names != Peer::ALL.map(Peer::name) {
        let ratio = |other: &str| format!("{}/{other}", names[0]);
        println!(
            "{:<28} {:>12} {:>12} {:>12}   {:<22} {:<22}",
            "interleaved (median)",
            names[0],
            names[1],
            names[2],
            ratio(names[1]),
            ratio(names[2])
        );
    }
    for (in_flight, interleaved_rounds) in &interleaved_runs {
        let blocks: Vec<&[f64; 3]> = interleaved_rounds.iter().flatten().collect();
        let values = |peer: usize| blocks.iter().map(|b| b[peer]).collect::<Vec<_>>();
        // Each round's median of its blocks' ratios, so that the spread is over rounds.
        let ratios = |peer: usize| {
            interleaved_rounds.iter().map(|r| median(r.iter().map(|b| b[0] / b[peer]).collect())).collect::<Vec<_>>()
        };
        let label = match in_flight {
            1 => "CPU per call, interleaved".to_string(),
            n => format!("  same, {n} in flight"),
        };
        println!(
            "{:<28} {:>12} {:>12} {:>12}   {:<22} {:<22} (lower is better)",
            label,
            show(median(values(0)), "cpu_us"),
            show(median(values(1)), "cpu_us"),
            show(median(values(2)), "cpu_us"),
            spread(ratios(1)),
            spread(ratios(2)),
        );
    }
    if let Some((_, interleaved_rounds)) = interleaved_runs.first() {
        println!(
            "\ninterleaved: {} rounds per row in one process each ({}); blocks of {} round trips per \
             client, or of twice the calls in flight",
            interleaved_rounds.len(),
            names.join(", "),
            interleaved::BLOCK_CALLS,
        );
    }
    Ok(())
}

/// The calls in flight of the interleaved rows: one after another, then the two throughput
/// scenarios'.
const INTERLEAVED_IN_FLIGHT: [usize; 3] = [1, 64, 512];

/// One `peer-client interleaved` run: each block's CPU per call, by client. The clients are
/// built starting with the `first`, which the rounds turn, and make `in_flight` calls at a time.
fn interleaved(
    url: &str,
    core: &str,
    first: usize,
    in_flight: usize,
) -> Result<Vec<[f64; 3]>, Box<dyn std::error::Error + Send + Sync>> {
    let (first, in_flight) = (first.to_string(), in_flight.to_string());
    let output = Command::new(env!("CARGO_BIN_EXE_peer-client"))
        .args(["interleaved", url, core, &first, &in_flight])
        .output()?;
    if !output.status.success() {
        return Err(format!("interleaved run failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    interleaved::from_json(String::from_utf8_lossy(&output.stdout).trim())
}

/// Instructions each client executes per call (or chunk), counted by callgrind: the same count
/// on every run, whatever else the machine does. Each client runs at two sizes, and the
/// difference is divided by the difference in calls, which leaves start-up out.
fn instructions(scenarios: &[Scenario], url: &str) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let small = Sizes { round_trips: 1000, in_flight_calls: 2560, streams: 5 };
    let large = Sizes { round_trips: 2000, in_flight_calls: 5120, streams: 10 };
    println!("instructions per call (per chunk for stream), callgrind");
    println!(
        "{:<16} {:>12} {:>12} {:>12}   {:>20} {:>20}",
        "scenario", "portkey", "async-openai", "raw-reqwest", "portkey/async-openai", "portkey/raw-reqwest"
    );
    for &scenario in scenarios {
        let mut per_item = Vec::new();
        for peer in Peer::ALL {
            let count = |sizes: Sizes| counted(peer, scenario, url, sizes);
            let extra = count(large)?.saturating_sub(count(small)?);
            per_item.push(extra as f64 / (large.items(scenario) - small.items(scenario)) as f64);
        }
        println!(
            "{:<16} {:>12.0} {:>12.0} {:>12.0}   {:>20.3} {:>20.3}",
            scenario.name(),
            per_item[0],
            per_item[1],
            per_item[2],
            per_item[0] / per_item[1],
            per_item[0] / per_item[2]
        );
    }
    Ok(())
}

/// The instructions one `peer-client` run executes under callgrind.
fn counted(
    peer: Peer,
    scenario: Scenario,
    url: &str,
    sizes: Sizes,
) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null", env!("CARGO_BIN_EXE_peer-client")])
        .args([peer.name(), &scenario.name(), url])
        .env("PEERS_SIZES", format!("{},{},{}", sizes.round_trips, sizes.in_flight_calls, sizes.streams))
        .output()
        .map_err(|e| format!("valgrind: {e} (Debian: apt-get install valgrind)"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{} {} under callgrind failed: {log}", peer.name(), scenario.name()).into());
    }
    let collected = log.lines().find_map(|line| line.split_once("Collected :").map(|(_, n)| n.trim().replace(',', "")));
    Ok(collected.ok_or_else(|| format!("no instruction count in {log}"))?.parse()?)
}

fn measure(
    peer: Peer,
    scenario: Scenario,
    url: &str,
    core: Option<&str>,
) -> Result<Sample, Box<dyn std::error::Error + Send + Sync>> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_peer-client"));
    command.args([peer.name(), &scenario.name(), url]).args(core);
    let output = command.output()?;
    if !output.status.success() {
        return Err(
            format!("{} {} failed: {}", peer.name(), scenario.name(), String::from_utf8_lossy(&output.stderr)).into()
        );
    }
    Sample::from_json(String::from_utf8_lossy(&output.stdout).trim())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// min / median / max of per-round ratios.
fn spread(mut ratios: Vec<f64>) -> String {
    ratios.sort_by(f64::total_cmp);
    match (ratios.first(), ratios.last()) {
        (Some(min), Some(max)) => format!("{min:.3} / {:.3} / {max:.3}", median(ratios.clone())),
        _ => "-".into(),
    }
}

fn show(value: f64, field: &str) -> String {
    match field {
        "max_rss_kib" => format!("{:.1} MiB", value / 1024.0),
        "per_s" => format!("{value:.0}/s"),
        _ => format!("{value:.2} µs"),
    }
}
