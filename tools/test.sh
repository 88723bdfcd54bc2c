#!/usr/bin/env bash
# The full test suite, as CI runs it: formatting, lints (core alone and with the GUI),
# documentation without warnings, then every test including the GUI screenshots
# under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
# each step prints how long it took, so a slow CI run shows where the time went
step() {
    local t0=$SECONDS
    echo "== $*" >&2
    "$@"
    echo "== $1 ${2:-} took $((SECONDS - t0)) s" >&2
}
step tools/setup.sh
step cargo fmt --check
step cargo clippy --all-targets -- -D warnings
step cargo clippy --all-targets --features gui -- -D warnings
RUSTDOCFLAGS="-D warnings" step cargo doc --no-deps --features gui
step cargo test --all-targets --features gui
