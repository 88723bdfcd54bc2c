#!/usr/bin/env bash
# Set up a fresh machine for drillsim: checks the Rust toolchain and installs the
# Debian packages the tests need. Safe to run again; installs only what is missing.
set -euo pipefail
if ! command -v cargo >/dev/null; then
    echo "drillsim needs Rust 1.95 (cargo) — install it with rustup first" >&2
    exit 1
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

# The GUI test (feature `gui`) runs under a virtual display with Mesa's software
# renderer, and Chinese text needs a CJK font.
need=()
command -v xvfb-run >/dev/null || need+=(xvfb xauth)
# the end-to-end live-session test types at the window like a player
command -v xdotool >/dev/null || need+=(xdotool)
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || [ -e /usr/share/vulkan/icd.d/lvp_icd.json ] \
    || need+=(mesa-vulkan-drivers)
[ -d /usr/lib/x86_64-linux-gnu/dri ] || need+=(libgl1-mesa-dri)
for lib in libxkbcommon-x11.so.0 libXcursor.so.1 libXrandr.so.2 libXi.so.6; do
    if ! ldconfig -p 2>/dev/null | grep -q "$lib"; then
        case $lib in
            libxkbcommon-x11*) need+=(libxkbcommon-x11-0) ;;
            libXcursor*) need+=(libxcursor1) ;;
            libXrandr*) need+=(libxrandr2) ;;
            libXi.*) need+=(libxi6) ;;
        esac
    fi
done
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
# the browser test of `drillsim serve` (tests/serve_browser.rs) drives headless
# Chromium through chromedriver (WebDriver); tests/report/print.rs renders the after-action
# report in headless Chromium (PNG screenshots, PDF pages)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
# ...and reads the printed pages' text back with pdftotext (no heading left alone at
# the foot of a page)
command -v pdftotext >/dev/null || need+=(poppler-utils)
# CAP messages are checked against the OASIS CAP 1.2 schema with xmllint
command -v xmllint >/dev/null || need+=(libxml2-utils)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
