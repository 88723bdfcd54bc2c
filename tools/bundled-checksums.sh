#!/usr/bin/env bash
# The state checksum and the full timeline of every bundled run (each exercise with
# the plan alone, the prompt team and the slow team), for behaviour-preserving changes:
# run it before and after, then compare. Usage:
#   tools/bundled-checksums.sh BINARY OUTDIR     (writes OUTDIR/<exercise>-<team>.txt)
# and prints one line per run: name, checksum. Run it on a release build (the flood
# runs take ~20 s each).
set -euo pipefail
bin=${1:?usage: tools/bundled-checksums.sh BINARY OUTDIR}
out=${2:?usage: tools/bundled-checksums.sh BINARY OUTDIR}
cd "$(dirname "$0")/.."
mkdir -p "$out"
for ron in scenarios/flood/riverside.ron scenarios/forest_fire/hills.ron \
           scenarios/chemical_leak/park.ron scenarios/cascade/cascade.ron; do
    dir=$(dirname "$ron")
    name=$(basename "$ron" .ron)
    for team in plan prompt slow; do
        args=()
        [ "$team" = plan ] || args=(--orders "$dir/orders_$team.ron")
        "$bin" run "$ron" "${args[@]}" > "$out/$name-$team.txt"
        printf '%-18s %s\n' "$name-$team" "$(grep -o 'state checksum [0-9a-f]*' "$out/$name-$team.txt" | tail -1)"
    done
done
