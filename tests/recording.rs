//! Recordings: record → verify → score equal to the live score; an edited input fails
//! verification at the tick it takes effect; a truncated file replays its prefix; a
//! flipped byte is detected, never a panic; `--at` equals the live state.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use drillsim::record::{self, replay};
use drillsim::scenario;
use drillsim::scenario::orders_file;
use drillsim::scoring::score;
use drillsim::sim::Engine;

fn drillsim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The fixture with a flood added, recorded with the prompt orders.
fn recorded(dir: &Path) -> (PathBuf, Engine) {
    let text = include_str!("fixtures/basic.ron").replacen(
        "    injects: [",
        r#"    hazards: [Flood((
        inflows: [(name: "Qinghe", cells: [(0, 74), (0, 75), (0, 76)], hydrograph: [("0s", 30.0), ("6h", 30.0)])],
        rain_mm_h: [("0s", 20.0), ("2h", 20.0), ("3h", 0.0)],
    ))],
    injects: ["#,
        1,
    );
    let sc_path = dir.join("flood.ron");
    std::fs::write(&sc_path, &text).unwrap();
    let s = Arc::new(scenario::load(&sc_path).unwrap());
    let orders = orders_file::orders_from_text(
        Path::new("o.ron"),
        include_str!("fixtures/basic_orders.ron"),
        &s,
    )
    .unwrap();
    let mut e = Engine::new(s, 11, orders).unwrap();
    let rec = dir.join("run.drec");
    e.record_to(&rec, 20, 120).unwrap();
    e.run_to_end();
    assert!(e.record_error().is_none(), "{:?}", e.record_error());
    (rec, e)
}

#[test]
fn record_verify_and_score_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (path, live) = recorded(dir.path());
    let rec = record::read(&path).unwrap();
    assert!(rec.damage.is_none());
    assert_eq!(rec.checksums.len(), 2160 / 20 + 1);
    assert!(rec.end.is_some());
    let v = replay::verify(&rec).unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.matched, v.recorded);
    // the score from the recording equals the live score
    let (s, mut e) = replay::rebuild(&rec).unwrap();
    e.run_through(replay::last_tick(&rec, &s));
    assert_eq!(
        serde_json::to_string(&score(&s, e.events())).unwrap(),
        serde_json::to_string(&score(&s, live.events())).unwrap()
    );
    let (code, out, _) = drillsim(&["replay", path.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("event log and final state match"));
}

#[test]
fn an_edited_input_fails_at_its_tick() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = recorded(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    // rewrite the input at 00:06:00 to 00:16:00, with a correct frame CRC
    let mut out = record::MAGIC.to_vec();
    for (kind, payload) in record::split_frames(&bytes) {
        let payload = if kind == 2 {
            String::from_utf8(payload)
                .unwrap()
                .replace("\"00:06:00\"", "\"00:16:00\"")
                .into_bytes()
        } else {
            payload
        };
        out.extend(record::frame(kind, &payload));
    }
    let edited = dir.path().join("edited.drec");
    std::fs::write(&edited, &out).unwrap();
    let v = replay::verify(&record::read(&edited).unwrap()).unwrap();
    let (tick, _, _) = v.first_divergence.expect("diverges");
    // the original order was applied at 00:06:00 = tick 36; checksums every 20 ticks
    assert_eq!(tick, 40);
    let (code, out, _) = drillsim(&["replay", edited.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 1);
    assert!(out.contains("DIVERGED at tick 40"), "{out}");
}

#[test]
fn a_truncated_recording_replays_its_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut live) = recorded(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let cut = dir.path().join("cut.drec");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let rec = record::read(&cut).unwrap();
    let d = rec.damage.clone().expect("damage found");
    assert!(d.reason.contains("truncated"));
    let v = replay::verify(&rec).unwrap();
    assert!(v.first_divergence.is_none() && v.matched > 0 && !v.ok());
    let (code, out, _) = drillsim(&["replay", cut.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("DAMAGED at byte {}", d.offset)),
        "{out}"
    );
    // the prefix still replays, with a warning
    let (code, out, err) = drillsim(&[
        "replay",
        cut.to_str().unwrap(),
        "--at",
        "01:00:00",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("damaged at byte"));
    let at: serde_json::Value = serde_json::from_str(&out).unwrap();
    // equal to the live state at that tick (same checksum)
    let (s, mut e) = replay::rebuild(&record::read(&path).unwrap()).unwrap();
    e.run_through(360);
    let view = replay::state_view(&s, &mut e);
    assert_eq!(at["checksum"], view.checksum);
    assert_eq!(serde_json::to_value(&view).unwrap(), at);
    let _ = &mut live;
}

#[test]
fn flipped_bytes_are_detected_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = recorded(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let mut detected = 0;
    for i in (0..bytes.len()).step_by(bytes.len() / 97 + 1) {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        match record::parse(&b) {
            Err(_) => detected += 1,
            Ok(r) if r.damage.is_some() => detected += 1,
            Ok(_) => {}
        }
    }
    assert_eq!(
        detected,
        (0..bytes.len()).step_by(bytes.len() / 97 + 1).count()
    );
    let (code, _, err) = drillsim(&["replay", "/nonexistent.drec", "--verify"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read recording"));
}

#[test]
fn another_format_version_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = recorded(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let mut out = record::MAGIC.to_vec();
    for (i, (kind, payload)) in record::split_frames(&bytes).into_iter().enumerate() {
        let payload = if i == 0 {
            String::from_utf8(payload)
                .unwrap()
                .replace("\"format_version\":2", "\"format_version\":7")
                .into_bytes()
        } else {
            payload
        };
        out.extend(record::frame(kind, &payload));
    }
    let e = record::parse(&out).unwrap_err();
    assert!(
        e.contains("format version 7") && e.contains("reads versions 1 to 2"),
        "{e}"
    );
}

#[test]
fn seeking_through_snapshots_equals_the_live_run() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = recorded(dir.path());
    let rec = record::read(&path).unwrap();
    assert_eq!(rec.snapshots.len(), 2160 / 120);
    let (s, mut live) = replay::rebuild(&rec).unwrap();
    for t in [0u64, 119, 120, 250, 1000, 2159] {
        live.run_through(t);
        let (_, mut sought) = replay::seek(&rec, t).unwrap();
        assert_eq!(sought.clock(), live.clock(), "tick {t}");
        assert_eq!(sought.checksum(), live.checksum(), "tick {t}");
        assert_eq!(
            serde_json::to_value(replay::state_view(&s, &mut sought)).unwrap(),
            serde_json::to_value(replay::state_view(&s, &mut live)).unwrap()
        );
    }
    // a restored engine runs on exactly like the original
    let (_, mut a) = replay::seek(&rec, 600).unwrap();
    a.run_to_end();
    live.run_to_end();
    assert_eq!(a.checksum(), live.checksum());
    assert_eq!(a.events(), live.events());
}

/// A recording written before the flood model's face update had versions (drillsim of
/// 2026-12-01: riverside, seed 1, to 00:10:00, so it has no end frame) replays with the
/// kernel it was made with: every checksum and snapshot matches. Replayed with today's
/// kernel instead, the same inputs give another flood, so the version is what makes it
/// match.
#[test]
fn a_recording_from_before_kernel_versions_replays_with_its_own_kernel() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/riverside_kernel1.drec");
    let rec = record::read(&path).unwrap();
    assert!(rec.damage.is_none());
    assert_eq!(rec.header.flood_kernel, 1);
    let v = replay::verify(&rec).unwrap();
    assert!(v.first_divergence.is_none(), "{v:?}");
    assert!(v.snapshot_divergence.is_none(), "{v:?}");
    assert!(v.recorded > 1 && v.matched == v.recorded, "{v:?}");

    let mut today = rec.clone();
    today.header.flood_kernel = drillsim::hazard::flood::CURRENT_KERNEL;
    assert_ne!(today.header.flood_kernel, 1);
    let v = replay::verify(&today).unwrap();
    assert!(v.first_divergence.is_some(), "{v:?}");
}

/// The flood kernel is chosen before the first step, among the versions this build has;
/// a new recording names the version it ran.
#[test]
fn the_flood_kernel_is_set_before_the_first_step_and_recorded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Arc::new(scenario::load(&root.join("scenarios/flood/riverside.ron")).unwrap());
    let mut e = Engine::new(s.clone(), 1, Vec::new()).unwrap();
    assert_eq!(e.flood_kernel(), drillsim::hazard::flood::CURRENT_KERNEL);
    let err = e.set_flood_kernel(99).unwrap_err();
    assert!(err.contains("kernel"), "{err}");
    e.set_flood_kernel(1).unwrap();
    e.step();
    assert!(e.set_flood_kernel(2).is_err());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.drec");
    let mut e = Engine::new(s, 1, Vec::new()).unwrap();
    e.record_to(&path, 10, 0).unwrap();
    e.run_through(12);
    drop(e);
    let rec = record::read(&path).unwrap();
    assert_eq!(
        rec.header.flood_kernel,
        drillsim::hazard::flood::CURRENT_KERNEL
    );
}
