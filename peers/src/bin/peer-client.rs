//! One measurement, printed as one line of JSON.
//!
//! * `peer-client PEER SCENARIO BASE_URL [CPU]` (`measure::Sample`): PEER is portkey,
//!   async-openai, raw-reqwest or raw-hyper; SCENARIO is round-trip, in-flight-64,
//!   in-flight-512 or stream.
//!   `PEERS_SIZES` (`ROUND_TRIPS,IN_FLIGHT_CALLS,STREAMS`) changes how much it does.
//! * `peer-client interleaved BASE_URL [CPU [FIRST [IN_FLIGHT]]]` (`interleaved::to_json`): the
//!   clients take turns in one process, built starting with the FIRST (0 to 2, default 0);
//!   `PEERS_INTERLEAVED` names the three clients. With IN_FLIGHT 1 (the default) they make
//!   `ROUND_TRIPS` round trips in blocks of `interleaved::BLOCK_CALLS`; with more, they make
//!   `IN_FLIGHT_CALLS` calls that many at a time, in blocks of `interleaved::block_calls`.
//!
//! CPU, if given, is the core to run on.

use portkey_peers::interleaved;
use portkey_peers::measure::{self, Scenario, Sizes};
use portkey_peers::peers::Peer;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: peer-client PEER SCENARIO BASE_URL [CPU] | peer-client interleaved BASE_URL [CPU [FIRST [IN_FLIGHT]]]";
    let interleave = args.first().is_some_and(|a| a == "interleaved");
    let in_flight = match (interleave, args.len()) {
        (true, 5) => args.pop(),
        _ => None,
    };
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
        let first = first.map_or(Ok(0), |f| f.parse::<usize>())?;
        let in_flight = in_flight.map_or(Ok(1), |n| n.parse::<usize>())?.max(1);
        let calls = if in_flight == 1 { sizes.round_trips } else { sizes.in_flight_calls };
        let blocks = (calls / interleaved::block_calls(in_flight)).max(1);
        let per_block = interleaved::run(interleaved::peers_from_env()?, &args[1], blocks, first, in_flight)?;
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
