#!/usr/bin/env bash
# Set up a fresh machine for drillsim: checks the Rust toolchain and installs the
# Debian packages the tests need. Safe to run again.
set -euo pipefail
if ! command -v cargo >/dev/null; then
    echo "drillsim needs Rust 1.95 (cargo) — install it with rustup first" >&2
    exit 1
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
# Nothing else is needed for the headless core. (The GUI feature and the HTML report
# screenshot test add their Debian packages here.)
