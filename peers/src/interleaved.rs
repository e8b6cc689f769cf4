//! Client CPU per call with every client in one process (`peer-client interleaved`), taking
//! turns in short blocks of round trips.
//!
//! A client measured in a process of its own ([`crate::measure`]) meets the machine as it is
//! during that process's second or two: on a shared machine, the same client varies by tens
//! of percent from one process to the next. Here the clients take turns every few
//! milliseconds, so whatever the machine does weighs on all of them alike, and each block's
//! ratio compares clients a few milliseconds apart. Each block is timed with the thread's own
//! CPU clock (user and system time of the one thread that runs every client: the runtime is
//! single-threaded).
//!
//! The clients are independent (each has its own connection pool and connection to the
//! server); they share the allocator and the caches, and every block starts right after
//! another client's. The turns rotate and reverse so that each client follows each other one
//! equally often. `PEERS_INTERLEAVED` names the clients to interleave (three, comma
//! separated), so the method can be checked against itself: the same client twice reads 1.00.

use std::time::Duration;

use serde_json::json;

use crate::openai::ConfigError;
use crate::peers::{Client, Peer};

/// Round trips in a block: about 4 ms on loopback, long enough for the clock (whose reading
/// costs about 1 µs) and the block's first call to weigh little.
pub const BLOCK_CALLS: usize = 50;

/// The clients interleaved: [`Peer::ALL`], or those `PEERS_INTERLEAVED` names.
pub fn peers_from_env() -> Result<[Peer; 3], ConfigError> {
    let Ok(text) = std::env::var("PEERS_INTERLEAVED") else { return Ok(Peer::ALL) };
    let peers = text
        .split(',')
        .map(|name| Peer::from_name(name.trim()).ok_or_else(|| format!("unknown client {name:?} in PEERS_INTERLEAVED")))
        .collect::<Result<Vec<_>, _>>()?;
    <[Peer; 3]>::try_from(peers).map_err(|_| format!("PEERS_INTERLEAVED must name three clients, not {text:?}").into())
}

/// The order of the clients' turns in block `block`: over any six blocks running, each client
/// takes each place once in each direction.
pub fn turns(block: usize) -> [usize; 3] {
    let mut order = [0, 1, 2];
    order.rotate_left(block % 3);
    if (block / 3) % 2 == 1 {
        order.reverse();
    }
    order
}

/// `blocks` blocks; in each, every one of `peers` makes [`BLOCK_CALLS`] sequential round trips
/// against `base_url` in turn. Returns each block's CPU µs per call, by client (in the order
/// of `peers`).
pub fn run(peers: [Peer; 3], base_url: &str, blocks: usize) -> Result<Vec<[f64; 3]>, ConfigError> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut clients = Vec::with_capacity(peers.len());
        for peer in peers {
            clients.push(Client::new(peer, base_url)?);
        }
        // A block each to warm up: connections, caches, the allocator's pools.
        for client in &clients {
            for _ in 0..BLOCK_CALLS {
                client.call().await?;
            }
        }
        let mut per_block = Vec::with_capacity(blocks);
        for block in 0..blocks {
            let mut cpu_us = [0.0; 3];
            for at in turns(block) {
                let start = thread_cpu()?;
                for _ in 0..BLOCK_CALLS {
                    clients[at].call().await?;
                }
                cpu_us[at] = (thread_cpu()? - start).as_secs_f64() * 1e6 / BLOCK_CALLS as f64;
            }
            per_block.push(cpu_us);
        }
        Ok(per_block)
    })
}

/// The blocks' figures as one line of JSON: `{"cpu_us": [[a, b, c], ...]}`.
pub fn to_json(per_block: &[[f64; 3]]) -> String {
    json!({ "cpu_us": per_block }).to_string()
}

/// Reads [`to_json`]'s line.
pub fn from_json(line: &str) -> Result<Vec<[f64; 3]>, ConfigError> {
    let mut value: serde_json::Value = serde_json::from_str(line)?;
    Ok(serde_json::from_value(value["cpu_us"].take())?)
}

/// The calling thread's CPU time so far (user and system).
fn thread_cpu() -> Result<Duration, ConfigError> {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one `timespec` to the valid pointer it is given.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } != 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    Ok(Duration::new(now.tv_sec as u64, now.tv_nsec as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_takes_every_place_and_follows_every_other_alike() {
        let mut places = [[0; 3]; 3];
        let mut follows = [[0; 3]; 3];
        for block in 0..6 {
            let order = turns(block);
            let mut sorted = order;
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2], "block {block}: {order:?}");
            for (place, &client) in order.iter().enumerate() {
                places[client][place] += 1;
            }
            for pair in order.windows(2) {
                follows[pair[1]][pair[0]] += 1;
            }
        }
        assert_eq!(places, [[2; 3]; 3]);
        for (client, row) in follows.iter().enumerate() {
            for (before, &n) in row.iter().enumerate() {
                assert_eq!(n, if client == before { 0 } else { 2 }, "{client} after {before}");
            }
        }
    }

    #[test]
    fn blocks_survive_their_json_line() {
        let blocks = vec![[81.5, 83.25, 79.0], [80.0, 84.0, 78.5]];
        assert_eq!(from_json(&to_json(&blocks)).unwrap(), blocks);
    }
}
