//! One measurement, printed as one line of JSON.
//!
//! * `peer-client PEER SCENARIO BASE_URL [CPU]` (`measure::Sample`): PEER is portkey,
//!   async-openai or raw-reqwest; SCENARIO is round-trip, in-flight-64, in-flight-512 or stream.
//!   `PEERS_SIZES` (`ROUND_TRIPS,IN_FLIGHT_CALLS,STREAMS`) changes how much it does.
//! * `peer-client interleaved BASE_URL [CPU [FIRST]]` (`interleaved::to_json`): the clients
//!   take turns in one process, in `ROUND_TRIPS / interleaved::BLOCK_CALLS` blocks, built
//!   starting with the FIRST (0 to 2, default 0); `PEERS_INTERLEAVED` names the three clients.
//!
//! CPU, if given, is the core to run on.

use portkey_peers::interleaved;
use portkey_peers::measure::{self, Scenario, Sizes};
use portkey_peers::peers::Peer;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: peer-client PEER SCENARIO BASE_URL [CPU] | peer-client interleaved BASE_URL [CPU [FIRST]]";
    let interleave = args.first().is_some_and(|a| a == "interleaved");
    let first = match (interleave, args.len()) {
        (true, 4) => args.pop(),
        _ => None,
    };
    let cpu = match (interleave, args.len()) {
        (true, 3) | (false, 4) => args.pop(),
        (true, 2) | (false, 3) => None,
        _ => return Err(usage.into()),
    };
    if let Some(cpu) = cpu {
        measure::pin_to_cpu(cpu.parse()?);
    }
    let sizes = Sizes::from_env()?;
    if interleave {
        let blocks = (sizes.round_trips / interleaved::BLOCK_CALLS).max(1);
        let first = first.map_or(Ok(0), |f| f.parse::<usize>())?;
        let per_block = interleaved::run(interleaved::peers_from_env()?, &args[1], blocks, first)?;
        println!("{}", interleaved::to_json(&per_block));
        return Ok(());
    }
    let (peer, scenario, url) = (&args[0], &args[1], &args[2]);
    let peer = Peer::from_name(peer).ok_or_else(|| format!("unknown client {peer}"))?;
    let scenario = Scenario::from_name(scenario).ok_or_else(|| format!("unknown scenario {scenario}"))?;
    let sample = measure::run(peer, scenario, url, sizes)?;
    println!("{}", sample.to_json());
    Ok(())
}
