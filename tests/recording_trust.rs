//! What a recording says is trusted only as far as it re-simulates (issue 13, kinds
//! 1 and 6): recordings are self-contained (a recording moved to another machine
//! reports, scores and replays); snapshots from another run fail verification and are
//! never shown; a file cut at a frame boundary is incomplete (exit 1) and says up to
//! when it verifies; no path written in a recording is opened (format 2), and a
//! format-1 recording reads its layers only from the folder of a scenario that still
//! has the recorded hash; every length inside a recording is bounded before memory is
//! reserved; devices, FIFOs and oversized files are refused at once.
//!
//! The scenario is the `cap-unpadded-start` field case (5 × 4 cells, an `.asc`
//! elevation layer, two hours of 10-s ticks): quick to re-simulate.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use drillsim::record::{self, replay};
use drillsim::scenario;
use drillsim::sim::Engine;

const CASE: &str = "tests/fixtures/cases/cap-unpadded-start";

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

/// A copy of the case's scenario folder in `dir` (scenario.ron and dem.asc).
fn scenario_folder(dir: &Path) -> PathBuf {
    let sc = dir.join("scenario");
    std::fs::create_dir_all(&sc).unwrap();
    for f in ["scenario.ron", "dem.asc"] {
        std::fs::copy(Path::new(CASE).join(f), sc.join(f)).unwrap();
    }
    sc.join("scenario.ron")
}

/// An engine of `scenario` with `seed` recording to `out`: checksums every 20 ticks,
/// snapshots every 60.
fn start_recording(scenario: &Path, seed: u64, out: &Path) -> Engine {
    let s = Arc::new(scenario::load(scenario).unwrap_or_else(|d| panic!("{d:?}")));
    let mut e = Engine::new(s, seed, Vec::new()).unwrap();
    e.record_to(out, 20, 60).unwrap();
    e
}

/// Record the whole exercise with `seed`: checksums every 20 ticks, snapshots every
/// 60.
fn record_run(scenario: &Path, seed: u64, out: &Path) -> Engine {
    let mut e = start_recording(scenario, seed, out);
    e.run_to_end();
    assert!(e.record_error().is_none(), "{:?}", e.record_error());
    e
}

fn rewrite(bytes: &[u8], f: impl Fn(u8, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut out = record::MAGIC.to_vec();
    for (kind, payload) in record::split_frames(bytes) {
        if let Some(p) = f(kind, payload) {
            out.extend(record::frame(kind, &p));
        }
    }
    out
}

#[test]
fn a_recording_sent_by_mail_reports_scores_and_replays_anywhere() {
    let made = tempfile::tempdir().unwrap();
    let scen = scenario_folder(made.path());
    let rec = made.path().join("team.drec");
    let live = record_run(&scen, 1, &rec);
    let r = record::read(&rec).unwrap();
    assert_eq!(r.header.format_version, 2);
    assert_eq!(r.header.files.len(), 1);
    assert_eq!(r.files[0].name, "dem.asc");
    assert_eq!(
        r.files[0].bytes.as_slice(),
        std::fs::read(Path::new(CASE).join("dem.asc")).unwrap()
    );
    // the reviewer's machine: only the recording, the scenario folder gone
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("from-mail.drec");
    std::fs::copy(&rec, &moved).unwrap();
    drop(made);
    let m = moved.to_str().unwrap();
    let (code, out, err) = drillsim(&["replay", m, "--verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("12 of 12 snapshots"), "{out}");
    let (code, out, err) = drillsim(&["score", m, "--json"]);
    assert_eq!(code, 0, "{err}");
    let card: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = live
        .world()
        .resource::<drillsim::sim::ScenarioRes>()
        .0
        .clone();
    assert_eq!(
        card,
        serde_json::to_value(drillsim::scoring::score(&s, live.events())).unwrap()
    );
    let page = elsewhere.path().join("aar.html");
    let (code, out, err) = drillsim(&["report", m, "-o", page.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = drillsim(&["replay", m, "--at", "01:00:00"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn snapshots_from_another_run_fail_verification_and_are_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let a = dir.path().join("a.drec");
    let b = dir.path().join("b.drec");
    record_run(&scen, 1, &a);
    record_run(&scen, 2, &b);
    let a_bytes = std::fs::read(&a).unwrap();
    let b_bytes = std::fs::read(&b).unwrap();
    let b_snaps: Vec<Vec<u8>> = record::split_frames(&b_bytes)
        .into_iter()
        .filter(|(k, _)| *k == record::KIND_SNAPSHOT)
        .map(|(_, p)| p)
        .collect();
    assert_ne!(
        b_snaps,
        record::split_frames(&a_bytes)
            .into_iter()
            .filter(|(k, _)| *k == record::KIND_SNAPSHOT)
            .map(|(_, p)| p)
            .collect::<Vec<_>>(),
        "the two seeds give different states"
    );
    // a's inputs and checksums with b's snapshots, every CRC right
    let n = std::sync::atomic::AtomicUsize::new(0);
    let forged = rewrite(&a_bytes, |k, p| {
        if k == record::KIND_SNAPSHOT {
            let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Some(b_snaps[i].clone())
        } else {
            Some(p)
        }
    });
    let f = dir.path().join("forged.drec");
    std::fs::write(&f, &forged).unwrap();
    let v = replay::verify(&record::read(&f).unwrap()).unwrap();
    assert!(!v.ok());
    // the first snapshot is after tick 60; checksums up to it matched
    assert_eq!(
        v.snapshot_divergence.as_ref().map(|d| d.0),
        Some(60),
        "{v:?}"
    );
    assert_eq!(v.verified_through_tick, 40);
    let (code, out, _) = drillsim(&["replay", f.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("SNAPSHOT at tick 60 (00:10:00)"), "{out}");
    assert!(out.contains("verifies up to 00:06:40 (tick 40)"), "{out}");
    // --at shows what a's inputs give, never b's state
    let (code, forged_at, err) =
        drillsim(&["replay", f.to_str().unwrap(), "--at", "01:30:00", "--json"]);
    assert_eq!(code, 0, "{err}");
    let (_, true_at, _) = drillsim(&["replay", a.to_str().unwrap(), "--at", "01:30:00", "--json"]);
    let (_, b_at, _) = drillsim(&["replay", b.to_str().unwrap(), "--at", "01:30:00", "--json"]);
    assert_eq!(forged_at, true_at);
    assert_ne!(forged_at, b_at);
}

#[test]
fn a_live_input_given_after_a_snapshot_verifies() {
    // a live session's snapshot holds the inputs given so far; the replay queues all
    // of them from the start, so every snapshot after a late order "diverged" and the
    // judge refused the official session
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let rec = dir.path().join("live.drec");
    let mut e = start_recording(&scen, 1, &rec);
    e.run_through(70); // past the first snapshot (tick 60)
    e.push_input(drillsim::order::Input {
        at: drillsim::time::Dur(72 * 10),
        seat: "facilitator".into(),
        order: drillsim::order::Order::SetWind {
            wind_m_s: 7.0,
            wind_from_deg: 200.0,
        },
    });
    e.run_to_end();
    assert!(e.record_error().is_none(), "{:?}", e.record_error());
    let r = record::read(&rec).unwrap();
    assert_eq!(r.inputs.len(), 1);
    assert!(r.snapshots.len() >= 2);
    let v = replay::verify(&r).unwrap();
    assert!(
        v.ok(),
        "{:?} {:?}",
        v.first_divergence,
        v.snapshot_divergence
    );
    // a snapshot that claims an input the recording never gave still fails
    let forged = rewrite(&std::fs::read(&rec).unwrap(), |k, p| {
        (k != record::KIND_INPUT).then_some(p)
    });
    let bad = dir.path().join("forged.drec");
    std::fs::write(&bad, forged).unwrap();
    let v = replay::verify(&record::read(&bad).unwrap()).unwrap();
    assert!(!v.ok());
}

#[test]
fn a_recording_still_being_written_is_not_continued() {
    // `serve --resume` on a recording another server was still writing: both wrote
    // frames into one file, and it verified only up to the resume point
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let rec = dir.path().join("live.drec");
    let mut e = start_recording(&scen, 1, &rec);
    e.run_through(70);
    let err = record::live::resume(&rec)
        .err()
        .expect("refused while written");
    assert!(err.contains("being written by another drillsim"), "{err}");
    drop(e); // the first writer stops (as a crash would)
    let (_, mut e, _) = record::live::resume(&rec).unwrap();
    e.run_to_end();
    drop(e);
    let v = replay::verify(&record::read(&rec).unwrap()).unwrap();
    assert!(v.ok(), "{:?}", v.first_divergence);
}

#[test]
fn frames_after_the_end_frame_fail_verification() {
    // a second end frame, or a checksum frame appended after the end, verified
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let rec = dir.path().join("run.drec");
    record_run(&scen, 1, &rec);
    let bytes = std::fs::read(&rec).unwrap();
    let frames = record::split_frames(&bytes);
    let (ek, ep) = frames.last().unwrap().clone();
    assert_eq!(ek, record::KIND_END);
    let (ck, cp) = frames
        .iter()
        .rev()
        .find(|(k, _)| *k == record::KIND_CHECKSUM)
        .unwrap()
        .clone();
    let (code, text, err) = drillsim(&["replay", rec.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 0, "{text}{err}");
    for (k, p) in [(ek, ep), (ck, cp)] {
        let mut out = bytes.clone();
        out.extend(record::frame(k, &p));
        let bad = dir.path().join(format!("after_{k}.drec"));
        std::fs::write(&bad, &out).unwrap();
        let r = record::read(&bad).unwrap();
        let d = r.damage.as_ref().expect("damage");
        assert!(
            d.reason.contains("after the end of the exercise"),
            "{}",
            d.reason
        );
        let (code, text, err) = drillsim(&["replay", bad.to_str().unwrap(), "--verify"]);
        assert_eq!(code, 1, "kind {k}: {text}{err}");
    }
}

#[test]
fn a_recording_cut_at_a_frame_boundary_is_incomplete_and_says_what_is_recoverable() {
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let rec = dir.path().join("run.drec");
    record_run(&scen, 1, &rec);
    let bytes = std::fs::read(&rec).unwrap();
    // keep every frame up to the checksum of tick 200 (a crash between two frames)
    let mut out = record::MAGIC.to_vec();
    for (k, p) in record::split_frames(&bytes) {
        out.extend(record::frame(k, &p));
        if k == record::KIND_CHECKSUM && String::from_utf8_lossy(&p).contains("\"tick\":200,") {
            break;
        }
    }
    let cut = dir.path().join("cut.drec");
    std::fs::write(&cut, &out).unwrap();
    let r = record::read(&cut).unwrap();
    assert!(r.damage.is_none() && r.end.is_none());
    let v = replay::verify(&r).unwrap();
    assert!(!v.ok());
    assert_eq!((v.verified_through_tick, v.verified_through_s), (200, 2000));
    let (code, text, _) = drillsim(&["replay", cut.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("INCOMPLETE: the recording has no end frame"),
        "{text}"
    );
    assert!(
        text.contains("verifies up to 00:33:20 (tick 200)"),
        "{text}"
    );
    // every other reader says it used only part of it, and where it stops
    let want = "has no end frame (the exercise did not finish, or the file was cut)";
    let (code, text, err) = drillsim(&["score", cut.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(want) && err.contains("scored up to 00:33:20"),
        "{err}"
    );
    assert!(text.contains("Scorecard"), "{text}");
    let (code, _, err) = drillsim(&["replay", cut.to_str().unwrap(), "--at", "00:10:00"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(want), "{err}");
    let asc = dir.path().join("depth.asc");
    let (code, _, err) = drillsim(&[
        "export",
        cut.to_str().unwrap(),
        "--field",
        "depth",
        "-o",
        asc.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(want) && err.contains("exported from up to"),
        "{err}"
    );
    // cut inside a frame: damaged, the same words about what is recoverable
    let torn = dir.path().join("torn.drec");
    std::fs::write(&torn, out_plus_half_frame(&bytes, out.len())).unwrap();
    let (code, text, _) = drillsim(&["replay", torn.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 1);
    assert!(
        text.contains("DAMAGED at byte") && text.contains("verifies up to 00:33:20"),
        "{text}"
    );
}

fn out_plus_half_frame(bytes: &[u8], at: usize) -> Vec<u8> {
    let next_len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    bytes[..at + 5 + next_len / 2].to_vec()
}

/// The header of `bytes` rewritten by `f` (JSON), every other frame kept.
fn with_header(bytes: &[u8], f: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    rewrite(bytes, |k, p| {
        if k == record::KIND_HEADER {
            let mut h: serde_json::Value = serde_json::from_slice(&p).unwrap();
            f(&mut h);
            Some(serde_json::to_vec(&h).unwrap())
        } else {
            Some(p)
        }
    })
}

/// A format-1 recording of the same run: no file frames, no `files` in the header,
/// snapshots without their state length.
fn as_format_1(bytes: &[u8]) -> Vec<u8> {
    let v2 = with_header(bytes, |h| {
        h["format_version"] = 1.into();
        h.as_object_mut().unwrap().remove("files");
    });
    rewrite(&v2, |k, p| match k {
        record::KIND_FILE => None,
        record::KIND_SNAPSHOT => {
            let mut q = p[..8].to_vec();
            q.extend_from_slice(&p[16..]);
            Some(q)
        }
        _ => Some(p),
    })
}

#[test]
fn no_path_written_in_a_recording_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let rec = dir.path().join("run.drec");
    record_run(&scen, 1, &rec);
    let bytes = std::fs::read(&rec).unwrap();
    // a header that names a system folder and a scenario reading `passwd` from it
    let hostile = |h: &mut serde_json::Value| {
        h["scenario_path"] = "/etc/drill.ron".into();
        let text = h["scenario_text"]
            .as_str()
            .unwrap()
            .replace("Asc(\"dem.asc\")", "Asc(\"passwd\")");
        h["scenario_text"] = text.into();
    };
    for (name, forged) in [
        ("v2.drec", with_header(&bytes, hostile)),
        ("v1.drec", with_header(&as_format_1(&bytes), hostile)),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, &forged).unwrap();
        for args in [
            vec!["replay", p.to_str().unwrap(), "--at", "00:10:00"],
            vec!["replay", p.to_str().unwrap(), "--verify"],
            vec!["score", p.to_str().unwrap()],
        ] {
            let (code, out, err) = drillsim(&args);
            assert_eq!(code, 1, "{name} {args:?}: {out}{err}");
            assert!(
                !(out.clone() + &err).contains("root:"),
                "{name}: {out}{err}"
            );
            assert!(err.contains("`passwd` is not available"), "{name}: {err}");
        }
    }
    // format 1 where its scenario still is: the layers are read from that folder
    let v1 = dir.path().join("old.drec");
    std::fs::write(&v1, as_format_1(&bytes)).unwrap();
    let (code, out, err) = drillsim(&["replay", v1.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 0, "{out}{err}");
    // … and not once the scenario there has changed (its hash differs)
    let text = std::fs::read_to_string(&scen).unwrap();
    std::fs::write(&scen, text.replace("Mini flood", "Another flood")).unwrap();
    let (code, _, err) = drillsim(&["replay", v1.to_str().unwrap(), "--verify"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("format 1") && err.contains("now holds another scenario"),
        "{err}"
    );
}

#[test]
fn lengths_inside_a_recording_are_bounded_before_memory_is_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let rec = dir.path().join("run.drec");
    record_run(&scen, 1, &rec);
    let bytes = std::fs::read(&rec).unwrap();
    let zeros = {
        use std::io::Write;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![0u8; 64 << 20]).unwrap();
        z.finish().unwrap()
    };
    // a snapshot whose state claims 6 GiB from 64 kB: refused as it is read
    let claim = |state: u64| {
        rewrite(&bytes, |k, p| {
            if k == record::KIND_SNAPSHOT {
                let mut q = p[..8].to_vec();
                q.extend_from_slice(&state.to_le_bytes());
                q.extend_from_slice(&zeros);
                Some(q)
            } else {
                Some(p)
            }
        })
    };
    let r = record::parse(&claim(6 << 30)).unwrap();
    let d = r.damage.expect("refused");
    assert!(
        d.reason.contains("more than deflate can give"),
        "{}",
        d.reason
    );
    assert!(r.snapshots.is_empty());
    // a plausible claim (64 MiB) inflates no further than the real state's length
    let r = record::parse(&claim(64 << 20)).unwrap();
    assert!(r.damage.is_none());
    let t0 = Instant::now();
    let v = replay::verify(&r).unwrap();
    let (tick, why) = v.snapshot_divergence.expect("refused");
    assert_eq!(tick, 60);
    assert!(why.contains("re-simulated state has"), "{why}");
    assert!(t0.elapsed() < Duration::from_secs(30));
    // an embedded file claiming more than a layer may be, or more than its bytes give
    let f = rewrite(&bytes, |k, p| {
        if k == record::KIND_FILE {
            let n = u16::from_le_bytes([p[0], p[1]]) as usize;
            let mut q = p[..2 + n].to_vec();
            q.extend_from_slice(&(64u64 << 20).to_le_bytes());
            q.extend_from_slice(&[0u8; 32]);
            q.extend_from_slice(&zeros);
            Some(q)
        } else {
            Some(p)
        }
    });
    let r = record::parse(&f).unwrap();
    let d = r.damage.clone().expect("refused");
    assert!(
        d.reason.contains("SHA-256") || d.reason.contains("header lists"),
        "{}",
        d.reason
    );
    assert!(r.files.is_empty() && r.inputs.is_empty());
    // without its file the scenario does not validate, and says why
    let e = replay::scenario_of(&r).unwrap_err();
    assert!(e.contains("`dem.asc` is not available"), "{e}");
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_oversized_files_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.drec");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let sparse = dir.path().join("sparse.drec");
    let f = std::fs::File::create(&sparse).unwrap();
    f.set_len(2 << 30).unwrap(); // 2 GiB, no blocks
    drop(f);
    for (path, why) in [
        ("/dev/zero", "a device"),
        (fifo.to_str().unwrap(), "a FIFO"),
        (sparse.to_str().unwrap(), "more than the 1.0 GiB allowed"),
    ] {
        let t0 = Instant::now();
        for cmd in [["replay", path, "--verify"], ["score", path, "--json"]] {
            let (code, _, err) = drillsim(&cmd);
            assert_eq!(code, 1, "{cmd:?}");
            assert!(err.contains(why), "{cmd:?}: {err}");
        }
        assert!(t0.elapsed() < Duration::from_secs(10), "{path}");
    }
}

/// A checksum or snapshot frame repeated, or one of an earlier tick put later, is
/// damage at its byte (a file padded with copies of one good checksum frame used to
/// verify as intact).
#[test]
fn checksums_and_snapshots_out_of_tick_order_are_damage() {
    let dir = tempfile::tempdir().unwrap();
    let scen = scenario_folder(dir.path());
    let rec = dir.path().join("run.drec");
    record_run(&scen, 1, &rec);
    let bytes = std::fs::read(&rec).unwrap();
    for kind in [record::KIND_CHECKSUM, record::KIND_SNAPSHOT] {
        let mut out = record::MAGIC.to_vec();
        let mut first: Option<Vec<u8>> = None;
        let mut copied = false;
        for (k, p) in record::split_frames(&bytes) {
            out.extend(record::frame(k, &p));
            if k == kind {
                match &first {
                    None => first = Some(p.clone()),
                    Some(f) if !copied => {
                        // the first frame of this kind again, after the second
                        out.extend(record::frame(k, f));
                        copied = true;
                    }
                    Some(_) => {}
                }
            }
        }
        assert!(copied, "kind {kind}");
        let bad = dir.path().join(format!("dup{kind}.drec"));
        std::fs::write(&bad, &out).unwrap();
        let (code, text, err) = drillsim(&["replay", bad.to_str().unwrap(), "--verify"]);
        assert_eq!(code, 1, "kind {kind}: {text}{err}");
        assert!(
            text.contains("DAMAGED at byte") && text.contains("follow the ticks"),
            "kind {kind}: {text}"
        );
    }
}
