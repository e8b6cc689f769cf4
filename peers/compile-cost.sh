#!/usr/bin/env bash
# What depending on portkey costs a user's build, against async-openai: the CPU seconds (user +
# system) of a cold debug `cargo build` of a hello crate, each in a target folder of its own,
# one after the other in one run:
#
#   portkey, default features        vs  async-openai 0.43, chat-completion,responses,embedding
#   portkey, every feature (full)    vs  async-openai 0.43, full
#
# then how long an edit of a schema file takes to rebuild portkey (debug, in this workspace).
#
#   bash peers/compile-cost.sh [rounds]   # rounds: 1 by default; figures are per round
#
# Needs the registry (cargo fetches the crates first, outside the timings) and GNU time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

hello() { # name, dependency line
    mkdir -p "$work/$1/src"
    printf '[package]\nname = "hello-%s"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\n%s\n\n[workspace]\n' \
        "$1" "$2" >"$work/$1/Cargo.toml"
    echo 'fn main() { println!("hello"); }' >"$work/$1/src/main.rs"
    (cd "$work/$1" && cargo fetch -q)
}

hello portkey-default "portkey = { path = \"$root/portkey\" }"
hello portkey-full "portkey = { path = \"$root/portkey\", features = [\"full\"] }"
hello async-openai-3 'async-openai = { version = "=0.43", default-features = false, features = ["rustls", "chat-completion", "responses", "embedding"] }'
hello async-openai-full 'async-openai = { version = "=0.43", default-features = false, features = ["rustls", "full"] }'

cpu() { # crate: CPU seconds of a cold build
    rm -rf "$work/$1/target"
    local out
    out="$( { cd "$work/$1" && /usr/bin/time -f '%U %S' cargo build -q 2>&1 >/dev/null; } 2>&1 | tail -1)"
    awk '{ printf "%.1f", $1 + $2 }' <<<"$out"
}

for round in $(seq "$rounds"); do
    for crate in portkey-default async-openai-3 portkey-full async-openai-full; do
        echo "round $round: $crate: $(cpu "$crate") s of CPU (cold debug build)"
    done
done

# An edit of the types schema rebuilds the macros' expansion and portkey, nothing else.
cd "$root"
for features in "" "--features full"; do
    cargo build -q -p portkey $features
    touch schema/types.json
    start=$(date +%s.%N)
    cargo build -q -p portkey $features
    echo "touching schema/types.json rebuilds portkey (${features:-default features}) in $(echo "$(date +%s.%N) - $start" | bc) s"
done
