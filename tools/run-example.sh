#!/usr/bin/env bash
# Build drillsim and run the bundled flood exercise with the prompt team's orders.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cargo build --release
./target/release/drillsim validate scenarios/flood/riverside.ron
./target/release/drillsim run scenarios/flood/riverside.ron --orders scenarios/flood/orders_prompt.ron "$@"
