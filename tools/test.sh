#!/usr/bin/env bash
# The full test suite, as CI runs it: formatting, lints (core alone and with the GUI),
# documentation without warnings, then every test including the GUI screenshots
# under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features gui -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --features gui
cargo test --all-targets --features gui
