//! Client CPU per call with every client in one process (`peer-client interleaved`), taking
//! turns in short blocks of calls: round trips one after another, or many calls in flight.
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
//! another client's. The order of the turns changes from block to block so that each client
//! follows each other one equally often, and never itself; the order in which they connect
//! changes from run to run. `PEERS_INTERLEAVED` names the three clients to interleave (comma
//! separated), so the method can be checked against itself: the same client twice reads 1.00
//! to within half a percent.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

use crate::openai::ConfigError;
use crate::peers::{Client, Peer};

/// Round trips in a block: about 4 ms on loopback, long enough for the clock (whose reading
/// costs about 1 µs) and the block's first call to weigh little.
pub const BLOCK_CALLS: usize = 50;

/// The calls in a block with `in_flight` calls at a time: [`BLOCK_CALLS`] one after another,
/// or twice `in_flight` concurrent ones (so that most of the block runs with `in_flight`
/// calls open, not filling up or draining).
pub fn block_calls(in_flight: usize) -> usize {
    if in_flight <= 1 { BLOCK_CALLS } else { 2 * in_flight }
}

/// The clients interleaved: [`Peer::ALL`], or those `PEERS_INTERLEAVED` names.
pub fn peers_from_env() -> Result<[Peer; 3], ConfigError> {
    let Ok(text) = std::env::var("PEERS_INTERLEAVED") else { return Ok(Peer::ALL) };
    let peers = text
        .split(',')
        .map(|name| Peer::from_name(name.trim()).ok_or_else(|| format!("unknown client {name:?} in PEERS_INTERLEAVED")))
        .collect::<Result<Vec<_>, _>>()?;
    <[Peer; 3]>::try_from(peers).map_err(|_| format!("PEERS_INTERLEAVED must name three clients, not {text:?}").into())
}

/// The order of the clients' turns in block `block`. Over any six blocks running, each client
/// takes each place twice, follows each other client three times, and never follows itself
/// (not even from one block to the next: a client's second block in a row would start with
/// the caches warm for it, which was seen to favour it by about 0.5%).
pub fn turns(block: usize) -> [usize; 3] {
    const ORDERS: [[usize; 3]; 6] = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]];
    ORDERS[block % ORDERS.len()]
}

/// `blocks` blocks; in each, every one of `peers` makes [`block_calls`]`(in_flight)` calls
/// against `base_url` in turn, `in_flight` at a time (1: one round trip after another).
/// Returns each block's CPU µs per call, by client (in the order of `peers`).
///
/// The clients are built and connect starting with `peers[first % 3]`: the same client in the
/// first place was seen to run up to 1% faster than in the last, so the driver turns `first`
/// from run to run.
pub fn run(
    peers: [Peer; 3],
    base_url: &str,
    blocks: usize,
    first: usize,
    in_flight: usize,
) -> Result<Vec<[f64; 3]>, ConfigError> {
    let calls = block_calls(in_flight);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut built = Vec::with_capacity(peers.len());
        for at in (0..3).map(|n| (first + n) % 3) {
            built.push((at, Client::new(peers[at], base_url)?));
        }
        built.sort_by_key(|(at, _)| *at);
        let clients: Vec<Client> = built.into_iter().map(|(_, client)| client).collect();
        // A block each to warm up (connections, caches, the allocator's pools), in the order
        // they were built: each opens its connections then.
        for at in (0..3).map(|n| (first + n) % 3) {
            block(&clients[at], in_flight, calls).await?;
        }
        let mut per_block = Vec::with_capacity(blocks);
        for block_index in 0..blocks {
            let mut cpu_us = [0.0; 3];
            for at in turns(block_index) {
                let start = thread_cpu()?;
                block(&clients[at], in_flight, calls).await?;
                cpu_us[at] = (thread_cpu()? - start).as_secs_f64() * 1e6 / calls as f64;
            }
            per_block.push(cpu_us);
        }
        Ok(per_block)
    })
}

/// One block of `client`'s: `calls` calls, `in_flight` at a time (nothing else is timed or
/// kept, so that the block's CPU time is the client's).
async fn block(client: &Client, in_flight: usize, calls: usize) -> Result<(), ConfigError> {
    if in_flight <= 1 {
        for _ in 0..calls {
            client.call().await?;
        }
        return Ok(());
    }
    let calls = futures_util::stream::iter(0..calls).map(|_| client.call()).buffer_unordered(in_flight);
    calls.try_for_each(|_| async { Ok(()) }).await
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
        // Six blocks, and the first turn of the next six.
        let turns_run: Vec<usize> = (0..7).flat_map(turns).take(19).collect();
        for block in 0..6 {
            let order = turns(block);
            let mut sorted = order;
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2], "block {block}: {order:?}");
            for (place, &client) in order.iter().enumerate() {
                places[client][place] += 1;
            }
        }
        for pair in turns_run.windows(2) {
            follows[pair[1]][pair[0]] += 1;
        }
        assert_eq!(places, [[2; 3]; 3]);
        for (client, row) in follows.iter().enumerate() {
            for (before, &n) in row.iter().enumerate() {
                assert_eq!(n, if client == before { 0 } else { 3 }, "{client} after {before}");
            }
        }
    }

    #[test]
    fn blocks_survive_their_json_line() {
        let blocks = vec![[81.5, 83.25, 79.0], [80.0, 84.0, 78.5]];
        assert_eq!(from_json(&to_json(&blocks)).unwrap(), blocks);
    }
}
