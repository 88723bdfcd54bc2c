#!/bin/sh
# Plays an official live session the way a team does, on the display in $DISPLAY:
# opens the window, presses Space to start the clock, waits for the end of the
# exercise (the recording is signed), then presses Ctrl+Q to close the window.
# Used by tests/gui.rs (in a temporary directory); needs xdotool. It writes only
# RECORDING and STDERR-FILE.
# usage: live_session.sh DRILLSIM ROUND TEAM KEYFILE RECORDING STDERR-FILE
set -u
bin=$1 round=$2 team=$3 key=$4 rec=$5 err=$6
"$bin" compete "$round" --live "$team" --key "$key" -o "$rec" 2>"$err" &
pid=$!
win=$(timeout 120 xdotool search --sync --name drillsim | head -n 1)
if [ -z "$win" ]; then echo "no window appeared" >&2; kill $pid; exit 3; fi
sleep 2 # the first frames
timeout 20 xdotool windowfocus --sync "$win" || xdotool windowfocus "$win"
xdotool mousemove --window "$win" 640 400
sleep 0.5
xdotool key space
i=0
until grep -q "reached its end" "$err"; do
    i=$((i + 1))
    if [ $i -gt 600 ]; then echo "the exercise did not reach its end in 5 min" >&2; kill $pid; exit 4; fi
    if ! kill -0 $pid 2>/dev/null; then echo "drillsim exited before the end" >&2; exit 5; fi
    sleep 0.5
done
sleep 1
# hold Ctrl across several frames: a key pressed and released within one frame
# would reach the interface without its modifier
xdotool keydown ctrl
sleep 0.3
xdotool key q
sleep 0.3
xdotool keyup ctrl
i=0
while kill -0 $pid 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 60 ]; then echo "Ctrl+Q did not close the window" >&2; kill $pid; exit 6; fi
    sleep 0.5
done
wait $pid
