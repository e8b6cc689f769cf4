//! One measurement: `peer-client PEER SCENARIO BASE_URL [CPU]` prints one line of JSON
//! (`measure::Sample`). PEER is portkey, async-openai or raw-reqwest; SCENARIO is round-trip,
//! in-flight-64, in-flight-512 or stream; CPU, if given, is the core to run on. `PEERS_SIZES`
//! (`ROUND_TRIPS,IN_FLIGHT_CALLS,STREAMS`) changes how much it does.

use portkey_peers::measure::{self, Scenario, Sizes};
use portkey_peers::peers::Peer;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (peer, scenario, url) = match args.as_slice() {
        [peer, scenario, url] => (peer, scenario, url),
        [peer, scenario, url, cpu] => {
            measure::pin_to_cpu(cpu.parse()?);
            (peer, scenario, url)
        }
        _ => return Err("usage: peer-client PEER SCENARIO BASE_URL [CPU]".into()),
    };
    let peer = Peer::from_name(peer).ok_or_else(|| format!("unknown client {peer}"))?;
    let scenario = Scenario::from_name(scenario).ok_or_else(|| format!("unknown scenario {scenario}"))?;
    let sample = measure::run(peer, scenario, url, Sizes::from_env()?)?;
    println!("{}", sample.to_json());
    Ok(())
}
