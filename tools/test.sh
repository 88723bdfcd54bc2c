#!/usr/bin/env bash
# The full test suite, as CI runs it: formatting, lints, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test --all-targets
