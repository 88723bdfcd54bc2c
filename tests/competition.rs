//! Competition rounds: the same scenario, seed and wind for every team, official
//! sessions that sign their recordings, and a judge that re-simulates, refuses what
//! does not hold up, and ranks the rest by the round's weights and tie-breaks.
//!
//! Expected scores are derived from independent runs of the same scenario, seed,
//! weather and orders (scored with `scoring::score`), never hard-coded: the hazard
//! and engine tuning may change without breaking these tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use drillsim::compete::judge::{self, Judgement};
use drillsim::compete::{Mode, Round};
use drillsim::order::Input;
use drillsim::record::sign::{self, Key};
use drillsim::record::{self, SessionMode};
use drillsim::scoring;
use drillsim::sim::Engine;

const ROUND: &str = "scenarios/flood/round.ron";
const PROMPT: &str = "scenarios/flood/orders_prompt.ron";
const SLOW: &str = "scenarios/flood/orders_slow.ron";
/// A quick round (no hazards) for the refusals.
const QUICK: &str = "tests/fixtures/round_basic.ron";
const QUICK_ORDERS: &str = "tests/fixtures/basic_orders.ron";

struct Fixture {
    dir: PathBuf,
    round: Round,
    key: Key,
    /// nanzhuang with the prompt orders
    prompt: PathBuf,
    /// beiqiao with the slow orders
    slow: PathBuf,
}

fn load(path: &str) -> Round {
    Round::load(Path::new(path)).unwrap_or_else(|d| panic!("{d:?}"))
}

/// The quick round, its key, a directory, and red's official session of the basic
/// orders.
fn quick() -> (Round, Key, tempfile::TempDir, PathBuf) {
    let round = load(QUICK);
    let key = Key::generate();
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("red.rec");
    play(&round, &key, "red", QUICK_ORDERS, &rec);
    (round, key, dir, rec)
}

fn orders(round: &Round, team: &str, path: &str) -> Vec<Input> {
    let (inputs, warnings) = round
        .load_team_orders(team, Path::new(path))
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    inputs
}

fn play(round: &Round, key: &Key, team: &str, path: &str, out: &Path) {
    let inputs = orders(round, team, path);
    let mut e = round
        .start_session(team, SessionMode::OrdersFile, inputs, out, key)
        .unwrap();
    e.run_to_end();
    assert!(e.record_error().is_none(), "{:?}", e.record_error());
}

/// Two official sessions shared by the tests (each is a full six-hour run).
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let round = load(ROUND);
        let key = Key::generate();
        let prompt = dir.join("nanzhuang.rec");
        let slow = dir.join("beiqiao.rec");
        play(&round, &key, "nanzhuang", PROMPT, &prompt);
        play(&round, &key, "beiqiao", SLOW, &slow);
        Fixture {
            dir,
            round,
            key,
            prompt,
            slow,
        }
    })
}

/// The round's total for a run made without any competition machinery: the same
/// scenario, seed, wind inputs, held seats and orders, scored by `scoring::score`,
/// weighted by hand.
fn independent_total(round: &Round, team: &str, orders_file: &str) -> (f64, scoring::Scorecard) {
    let mut inputs = round.weather_inputs.clone();
    inputs.extend(orders(round, team, orders_file));
    let mut e = Engine::new(round.scenario.clone(), round.seed, inputs).unwrap();
    e.hold_seats(&round.team(team).unwrap().seats).unwrap();
    e.run_to_end();
    let card = scoring::score(&round.scenario, e.events());
    let weight = |id: &str| match id {
        "O1" => 2.0,
        "O3" => 1.5,
        _ => 1.0,
    };
    let total: f64 = card
        .objectives
        .iter()
        .map(|o| (o.points * weight(&o.id) * 100.0).round() / 100.0)
        .sum();
    ((total * 100.0).round() / 100.0, card)
}

fn judge(round: &Round, key: &Key, files: &[&Path]) -> Judgement {
    let files: Vec<PathBuf> = files.iter().map(|p| p.to_path_buf()).collect();
    judge::judge(round, key, &files)
}

fn refusal(j: &Judgement) -> String {
    assert!(j.entries.is_empty(), "accepted: {:?}", j.entries);
    assert_eq!(j.rejected.len(), 1);
    j.rejected[0].reason.clone()
}

/// The frames of a recording: (start offset, kind, payload).
fn frames(bytes: &[u8]) -> Vec<(usize, u8, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pos = record::MAGIC.len();
    while pos + 9 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        out.push((pos, bytes[pos + 4], bytes[pos + 5..pos + 5 + len].to_vec()));
        pos += 9 + len;
    }
    out
}

fn assemble(frames: &[(usize, u8, Vec<u8>)]) -> Vec<u8> {
    let mut v = record::MAGIC.to_vec();
    for (_, kind, payload) in frames {
        v.extend_from_slice(&record::frame(*kind, payload));
    }
    v
}

/// Replace the signature frame by one made with `key` over everything before it.
fn resign(bytes: &[u8], key: &Key) -> Vec<u8> {
    let mut fs = frames(bytes);
    assert_eq!(fs.last().unwrap().1, 7, "the last frame is the signature");
    fs.pop();
    let mut body = assemble(&fs);
    let sig = sign::Signature {
        algorithm: sign::ALGORITHM.into(),
        key_id: key.id(),
        mac: key.mac_hex(&body),
    };
    body.extend_from_slice(&record::frame(7, &serde_json::to_vec(&sig).unwrap()));
    body
}

#[test]
fn the_prompt_team_ranks_above_the_slow_team_with_the_scores_of_independent_runs() {
    let f = fixture();
    let j = judge(&f.round, &f.key, &[&f.slow, &f.prompt]);
    assert!(j.rejected.is_empty(), "{:?}", j.rejected);
    let teams: Vec<&str> = j.entries.iter().map(|e| e.team.as_str()).collect();
    assert_eq!(teams, vec!["nanzhuang", "beiqiao"]);
    assert_eq!(j.entries[0].rank, 1);
    assert_eq!(j.entries[1].rank, 2);
    for (entry, file) in [(&j.entries[0], PROMPT), (&j.entries[1], SLOW)] {
        let (total, card) = independent_total(&f.round, &entry.team, file);
        // neither orders file breaks a rule of the round
        assert!(entry.authority_violations.is_empty() && entry.late_orders.is_empty());
        assert_eq!(entry.total, total, "{}", entry.team);
        let points: Vec<f64> = entry.objectives.iter().map(|o| o.points).collect();
        let want: Vec<f64> = card.objectives.iter().map(|o| o.points).collect();
        assert_eq!(points, want, "{}", entry.team);
        assert_eq!(entry.mode, SessionMode::OrdersFile);
    }
    assert!(j.entries[0].total > j.entries[1].total);
}

#[test]
fn an_official_recording_replays_like_any_other() {
    let f = fixture();
    let rec = record::read(&f.prompt).unwrap();
    let v = record::replay::verify(&rec).unwrap();
    assert!(v.ok(), "{v:?}");
    let s = rec.header.session.as_ref().unwrap();
    assert_eq!(
        (s.round.as_str(), s.team.as_str()),
        ("riverside-cup-1", "nanzhuang")
    );
    assert_eq!(s.round_hash, f.round.hash);
    assert!(!rec.pace.is_empty());
    assert!(rec.signature.is_some());
}

#[test]
fn a_recording_of_another_seed_is_refused() {
    let (round, key, dir, _) = quick();
    let mut other = round.clone();
    other.seed = round.seed + 1;
    let out = dir.path().join("other_seed.rec");
    play(&other, &key, "red", QUICK_ORDERS, &out);
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.contains("another seed"), "{reason}");
    assert!(
        reason.contains(&format!("seed {}", round.seed + 1)),
        "{reason}"
    );
}

#[test]
fn an_edited_input_is_refused_and_the_reason_says_why() {
    let (round, key, dir, rec) = quick();
    let bytes = std::fs::read(&rec).unwrap();
    let mut fs = frames(&bytes);
    let i = fs
        .iter()
        .position(|(_, k, p)| *k == 2 && String::from_utf8_lossy(p).contains("\"00:05:00\""))
        .expect("the first order of the basic orders");
    let edited = String::from_utf8(fs[i].2.clone())
        .unwrap()
        .replace("\"00:05:00\"", "\"00:01:00\"");
    fs[i].2 = edited.into_bytes();

    // the edit alone breaks the frame's CRC
    let mut raw = bytes.clone();
    let start = fs[i].0 + 5;
    raw[start..start + fs[i].2.len()].copy_from_slice(&fs[i].2);
    let out = dir.path().join("edited_crc.rec");
    std::fs::write(&out, &raw).unwrap();
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(
        reason.contains("damaged at byte") && reason.contains("checksum mismatch"),
        "{reason}"
    );

    // with the CRC mended the signature no longer matches
    let mended = assemble(&fs);
    let out = dir.path().join("edited_signature.rec");
    std::fs::write(&out, &mended).unwrap();
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(
        reason.contains("wrong signature") && reason.contains("edited"),
        "{reason}"
    );

    // even someone holding the key cannot re-sign it: the re-simulation differs
    let out = dir.path().join("edited_resigned.rec");
    std::fs::write(&out, resign(&mended, &key)).unwrap();
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.contains("checksum mismatch at tick"), "{reason}");
}

#[test]
fn unsigned_and_truncated_recordings_are_refused() {
    let (round, key, dir, rec) = quick();
    // an ordinary `run --record` recording of the same scenario, seed and orders
    let mut inputs = round.weather_inputs.clone();
    inputs.extend(orders(&round, "red", QUICK_ORDERS));
    let mut e = Engine::new(round.scenario.clone(), round.seed, inputs).unwrap();
    let out = dir.path().join("unsigned.rec");
    e.record_to(&out, record::DEFAULT_CHECKSUM_EVERY, 0)
        .unwrap();
    e.run_to_end();
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.starts_with("unsigned"), "{reason}");

    // an official session that stopped halfway (the window was closed): never signed
    let out = dir.path().join("stopped.rec");
    let inputs = orders(&round, "red", QUICK_ORDERS);
    let mut e = round
        .start_session("red", SessionMode::OrdersFile, inputs, &out, &key)
        .unwrap();
    let half = e.clock().last_tick / 2;
    e.run_through(half);
    drop(e);
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.starts_with("unsigned"), "{reason}");
    assert!(
        reason.contains("team `red` stopped at") && reason.contains("before the end"),
        "{reason}"
    );

    // an official recording with its signature frame cut off
    let bytes = std::fs::read(&rec).unwrap();
    let fs = frames(&bytes);
    let out = dir.path().join("truncated.rec");
    std::fs::write(&out, &bytes[..fs.last().unwrap().0]).unwrap();
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.starts_with("unsigned"), "{reason}");

    // something appended after the signature
    let mut appended = bytes.clone();
    appended.extend_from_slice(&record::frame(2, &fs[1].2));
    let out = dir.path().join("appended.rec");
    std::fs::write(&out, &appended).unwrap();
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.contains("follow the signature"), "{reason}");
}

#[test]
fn a_wrongly_signed_recording_is_refused() {
    let (round, key, dir, rec) = quick();
    let other = Key::generate();
    let reason = refusal(&judge(&round, &other, &[&rec]));
    assert!(reason.contains("signed with another key"), "{reason}");
    assert!(reason.contains(&other.id()), "{reason}");
    // signed with another key by someone who rewrote the key id to match
    let bytes = resign(&std::fs::read(&rec).unwrap(), &other);
    let mut fs = frames(&bytes);
    let sig = fs.pop().unwrap();
    let forged = String::from_utf8(sig.2)
        .unwrap()
        .replace(&other.id(), &key.id());
    fs.push((0, 7, forged.into_bytes()));
    let out = dir.path().join("forged.rec");
    std::fs::write(&out, assemble(&fs)).unwrap();
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.contains("wrong signature"), "{reason}");
    // and a recording for another round is refused even with the right key
    let mut renamed = round.clone();
    renamed.id = "another-round".into();
    let j = judge(&renamed, &key, &[&rec]);
    assert!(refusal(&j).contains("recorded for round `basic-test`"));
}

#[test]
fn equal_scores_are_separated_by_the_rounds_tie_breaks() {
    let f = fixture();
    // the Xiwan volunteers play exactly the prompt orders, after Nanzhuang did
    let out = f.dir.join("xiwan.rec");
    play(&f.round, &f.key, "xiwan", PROMPT, &out);
    let j = judge(&f.round, &f.key, &[&out, &f.prompt]);
    assert!(j.rejected.is_empty(), "{:?}", j.rejected);
    let order: Vec<(&str, usize)> = j
        .entries
        .iter()
        .map(|e| (e.team.as_str(), e.rank))
        .collect();
    assert_eq!(order, vec![("nanzhuang", 1), ("xiwan", 2)]);
    assert_eq!(j.entries[0].total, j.entries[1].total);
    // same casualties, same last acknowledgement, no violations: submission decides
    assert_eq!(j.entries[1].behind_on.as_deref(), Some("submitted earlier"));
}

#[test]
fn authority_violations_and_late_orders_cost_what_the_round_says() {
    let (round, key, dir, _) = quick();
    let mut inputs = orders(&round, "blue", QUICK_ORDERS);
    let bad: Vec<Input> = ron::from_str(
        r#"[
            (at: "00:30:00", seat: "v_hedong", order: Dispatch(unit: "boat_1", to: "hedong", task: Rescue)),
            (at: "04:10:00", seat: "district_hq", order: Message(to: "town_s", text: "late")),
        ]"#,
    )
    .unwrap();
    inputs.extend(bad);
    inputs.sort_by_key(|i| i.at);
    let out = dir.path().join("rules.rec");
    let mut e = round
        .start_session("blue", SessionMode::OrdersFile, inputs, &out, &key)
        .unwrap();
    e.run_to_end();
    let red = dir.path().join("red.rec");
    let j = judge(&round, &key, &[&out, &red]);
    assert!(j.rejected.is_empty(), "{:?}", j.rejected);
    let blue = &j.entries[1];
    assert_eq!(blue.team, "blue");
    assert_eq!(
        blue.authority_violations.len(),
        1,
        "{:?}",
        blue.authority_violations
    );
    assert!(blue.authority_violations[0].contains("no authority over `boat_1`"));
    assert_eq!(blue.late_orders.len(), 1);
    // Penalty(2.0) per violation, Penalty(1.0) per late order
    assert_eq!(blue.penalty, 3.0);
    assert_eq!(
        blue.total,
        ((blue.weighted_points - 3.0) * 100.0).round() / 100.0
    );
    assert!(j.entries[0].total > blue.total);

    // under `Disqualify` the same recording is refused
    let mut strict = round.clone();
    strict.authority_violation = drillsim::compete::Rule::Disqualify;
    let reason = refusal(&judge(&strict, &key, &[&out]));
    assert!(
        reason.contains("disqualified") && reason.contains("1 authority violation"),
        "{reason}"
    );
}

#[test]
fn a_live_session_faster_than_the_round_allows_is_refused() {
    let (round, key, dir, _) = quick();
    let out = dir.path().join("live_fast.rec");
    let mut e = round
        .start_session("red", SessionMode::Live, Vec::new(), &out, &key)
        .unwrap();
    e.run_to_end(); // as fast as the machine goes
    let reason = refusal(&judge(&round, &key, &[&out]));
    assert!(reason.contains("too fast for a live session"), "{reason}");
    assert!(reason.contains("at most 4×"), "{reason}");

    // a round that allows any pace takes the same kind of session, orders pushed live
    let mut relaxed = round.clone();
    relaxed.modes = vec![Mode::Live {
        max_speed: 1e9,
        max_wall_s: None,
    }];
    let out = dir.path().join("live_ok.rec");
    let mut e = relaxed
        .start_session("red", SessionMode::Live, Vec::new(), &out, &key)
        .unwrap();
    // (the pace is timed in whole milliseconds: let the clock move once)
    std::thread::sleep(std::time::Duration::from_millis(5));
    for input in orders(&round, "red", QUICK_ORDERS) {
        e.run_through((input.at.0 / round.scenario.meta.tick_s).saturating_sub(1));
        e.push_input(input);
    }
    e.run_to_end();
    let j = judge(&relaxed, &key, &[&out]);
    assert!(j.rejected.is_empty(), "{:?}", j.rejected);
    assert_eq!(j.entries[0].mode, SessionMode::Live);
    // the orders-file mode is not allowed in that round
    let reason = refusal(&judge(&relaxed, &key, &[&dir.path().join("red.rec")]));
    assert!(reason.contains("does not allow"), "{reason}");
}

#[test]
fn round_file_mistakes_point_at_line_and_column() {
    let text = std::fs::read_to_string(ROUND).unwrap();
    let bad = text
        .replace("{\"O1\": 2.0", "{\"O9\": 2.0")
        .replace("seats: [\"district_hq\", \"town_s\", \"v_dongwan\", \"v_hedong\"]),\n        (id: \"beiqiao\"", "seats: [\"district_hq\", \"town_q\"]),\n        (id: \"beiqiao\"")
        .replace("time_limit: \"04:00:00\"", "time_limit: \"09:00:00\"");
    let path = Path::new("scenarios/flood/bad_round.ron");
    let d = Round::from_text(path, &bad).unwrap_err();
    let lines: Vec<String> = d.iter().map(|x| x.headline()).collect();
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let find = |msg: &str| {
        lines
            .iter()
            .find(|l| l.contains(msg))
            .unwrap_or_else(|| panic!("no `{msg}` in {lines:?}"))
            .clone()
    };
    let w = find("no objective `O9`");
    assert!(
        w.starts_with(&format!(
            "scenarios/flood/bad_round.ron:{}:",
            line_of("\"O9\"")
        )),
        "{w}"
    );
    let s = find("unknown seat `town_q`");
    assert!(
        s.starts_with(&format!(
            "scenarios/flood/bad_round.ron:{}:",
            line_of("town_q")
        )),
        "{s}"
    );
    let col = bad
        .lines()
        .nth(line_of("town_q") - 1)
        .unwrap()
        .find("\"town_q\"")
        .unwrap()
        + 1;
    assert!(s.contains(&format!(":{col}: ")), "{s}");
    find("after the end of the exercise");
    // a syntax error
    let d = Round::from_text(path, &text.replace("seed: 7,", "seed: 7,,")).unwrap_err();
    assert!(
        d[0].headline().starts_with(&format!(
            "scenarios/flood/bad_round.ron:{}:",
            line_of("seed: 7")
        )),
        "{:?}",
        d[0]
    );
    // an unknown field names the known ones
    let d = Round::from_text(path, &text.replace("seed: 7,", "sed: 7,")).unwrap_err();
    assert!(d[0].render().contains("known fields"), "{}", d[0].render());
}

/// A round names its scenario in its own folder or below it: `..`, an absolute path and
/// a symbolic link leading out are refused at the `scenario` field, before anything
/// is read there.
#[test]
fn a_round_cannot_name_a_scenario_outside_its_folder() {
    let text = std::fs::read_to_string(ROUND).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("round");
    std::fs::create_dir(&inner).unwrap();
    let real = std::fs::canonicalize("scenarios/flood").unwrap();
    let abs = real.join("riverside.ron");
    let round_path = inner.join("round.ron");
    let line = text
        .lines()
        .position(|l| l.contains("scenario: \"riverside.ron\""))
        .unwrap()
        + 1;
    for (named, why) in [
        ("../../riverside.ron".to_string(), "goes up with `..`"),
        ("..\\riverside.ron".to_string(), "goes up with `..`"),
        (abs.display().to_string(), "absolute path"),
        (
            "linked/riverside.ron".to_string(),
            "through a symbolic link",
        ),
    ] {
        if named.starts_with("linked") && !inner.join("linked").exists() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(&real, inner.join("linked")).unwrap();
            #[cfg(not(unix))]
            continue;
        }
        let bad = text.replace(
            "scenario: \"riverside.ron\"",
            &format!("scenario: {named:?}"),
        );
        let d = Round::from_text(&round_path, &bad).unwrap_err();
        let h = d[0].headline();
        assert!(
            h.starts_with(&format!("{}:{line}:", round_path.display()))
                && h.contains("outside the round file's folder")
                && h.contains(why),
            "{named}: {h}"
        );
    }
    // the bundled round, whose scenario sits beside it, still loads
    Round::load(Path::new(ROUND)).unwrap();
}

#[test]
fn the_command_line_plays_judges_and_writes_the_leaderboard() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_drillsim"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // the bundled round checks out
    let (code, out, err) = run(&["compete", ROUND]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("team nanzhuang") && out.contains("objective O1 weight 2"),
        "{out}"
    );
    let (code, _, err) = run(&["compete", QUICK, "--new-key", &p("round.key")]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["compete", QUICK, "--new-key", &p("round.key")]);
    assert_eq!(code, 1, "a key file is never overwritten");
    assert!(err.contains("exists"), "{err}");
    let key = p("round.key");
    for (team, rec) in [("red", "red.rec"), ("blue", "blue.rec")] {
        let (code, out, err) = run(&[
            "compete",
            QUICK,
            "--play",
            team,
            "--orders",
            QUICK_ORDERS,
            "--key",
            &key,
            "-o",
            &p(rec),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("signed recording"), "{out}");
    }
    // an order from a seat the team does not hold: file:line:col, exit 1
    std::fs::write(
        p("bad_orders.ron"),
        "[\n  (at: \"00:05:00\", seat: \"town_n\", order: Message(to: \"district_hq\", text: \"hi\")),\n]\n",
    )
    .unwrap();
    let (code, _, err) = run(&[
        "compete",
        QUICK,
        "--play",
        "red",
        "--orders",
        &p("bad_orders.ron"),
        "--key",
        &key,
        "-o",
        &p("x.rec"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad_orders.ron:2:26") && err.contains("does not hold seat `town_n`"),
        "{err}"
    );
    // a team the round lacks: said of the argument, not at the orders file's 1:1
    let (code, _, err) = run(&[
        "compete",
        QUICK,
        "--play",
        "zz",
        "--orders",
        QUICK_ORDERS,
        "--key",
        &key,
        "-o",
        &p("zz.rec"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("has no team `zz`") && !err.contains(":1:1"),
        "{err}"
    );

    std::fs::write(p("junk.rec"), b"not a recording").unwrap();
    let (code, out, err) = run(&[
        "compete",
        QUICK,
        "--judge",
        &p("blue.rec"),
        &p("red.rec"),
        &p("junk.rec"),
        "--key",
        &key,
        "--html",
        &p("board.html"),
        "--csv",
        &p("board.csv"),
        "--json",
        &p("board.json"),
        "--report",
        &p("compare.html"),
    ]);
    assert_eq!(code, 2, "one recording refused: {out}{err}");
    // equal totals: red finished first
    let first = out
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap();
    assert!(first.contains("red"), "{out}");
    assert!(out.contains("behind on submitted earlier"), "{out}");
    assert!(
        out.contains("junk.rec") && out.contains("not a drillsim recording"),
        "{out}"
    );
    let html = std::fs::read_to_string(p("board.html")).unwrap();
    assert!(html.contains("Comparison by objective") && html.contains("Refused recordings"));
    let csv = std::fs::read_to_string(p("board.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with(",,") && l.contains("refused")),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("board.json")).unwrap()).unwrap();
    assert_eq!(json["entries"][0]["team"], "red");
    assert_eq!(json["entries"][1]["rank"], 2);
    assert_eq!(json["rejected"].as_array().unwrap().len(), 1);
    let compare = std::fs::read_to_string(p("compare.html")).unwrap();
    assert!(
        compare.contains("Plan baseline"),
        "the comparison report has the baseline"
    );
    // every recording accepted: exit 0
    let (code, _, err) = run(&["compete", QUICK, "--judge", &p("red.rec"), "--key", &key]);
    assert_eq!(code, 0, "{err}");

    // a broken round file: file:line:col and exit 1
    std::fs::write(
        p("bad.ron"),
        std::fs::read_to_string(ROUND)
            .unwrap()
            .replace("seed: 7,", "seed: -7,"),
    )
    .unwrap();
    let (code, _, err) = run(&["compete", &p("bad.ron")]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.ron:"), "{err}");
    // a key too short
    std::fs::write(p("short.key"), "abcd").unwrap();
    let (code, _, err) = run(&[
        "compete",
        QUICK,
        "--judge",
        &p("red.rec"),
        "--key",
        &p("short.key"),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("at least 16"), "{err}");
}

#[test]
fn one_hostile_file_does_not_stop_the_judge() {
    let (round, key, dir, rec) = quick();
    // an unsigned file built to exhaust memory: red's header, then a snapshot claiming
    // 6 GiB from a deflate bomb, then a million tiny frames
    let bytes = std::fs::read(&rec).unwrap();
    let fs = frames(&bytes);
    let bomb = {
        use std::io::Write;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![0u8; 64 << 20]).unwrap();
        z.finish().unwrap()
    };
    let mut hostile = record::MAGIC.to_vec();
    hostile.extend_from_slice(&record::frame(1, &fs[0].2));
    let mut snap = 60u64.to_le_bytes().to_vec();
    snap.extend_from_slice(&(6u64 << 30).to_le_bytes());
    snap.extend_from_slice(&bomb);
    hostile.extend_from_slice(&record::frame(4, &snap));
    let tiny = record::frame(3, b"{}");
    for _ in 0..1_000_000 {
        hostile.extend_from_slice(&tiny);
    }
    let unsigned = dir.path().join("hostile.rec");
    std::fs::write(&unsigned, &hostile).unwrap();
    // an oversized file: 2 GiB, sparse
    let big = dir.path().join("big.rec");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    // a signed recording with a forged snapshot length appended after the signature
    let mut appended = bytes.clone();
    appended.extend_from_slice(&record::frame(4, &snap));
    let tail = dir.path().join("tail.rec");
    std::fs::write(&tail, &appended).unwrap();

    let t0 = std::time::Instant::now();
    for (f, why) in [
        (&unsigned, "unsigned"),
        (&big, "more than the 1.0 GiB allowed"),
        (&tail, "follow the signature"),
    ] {
        let e = judge::read_signed(&key, f).unwrap_err();
        assert!(e.reason.contains(why), "{}: {}", f.display(), e.reason);
    }
    assert!(t0.elapsed() < std::time::Duration::from_secs(20));
    // beside a valid recording: it is ranked, the three are refused with their reasons
    let j = judge(&round, &key, &[&unsigned, &rec, &big, &tail]);
    assert_eq!(j.entries.len(), 1, "{:?}", j.rejected);
    assert_eq!(j.entries[0].team, "red");
    assert_eq!(j.rejected.len(), 3);
}

/// An official recording carries the team's name as the round gives it, and the
/// report calls the team by it (it used the team's id: "red").
#[test]
fn the_report_names_a_competition_team_as_the_round_does() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("basic.ron"), dir.path().join("basic.ron")).unwrap();
    let text = std::fs::read_to_string(fixtures.join("round_basic.ron"))
        .unwrap()
        .replace(
            "(id: \"red\",",
            "(id: \"red\", name: \"Red Cross volunteers\",",
        );
    let round_path = dir.path().join("round.ron");
    std::fs::write(&round_path, text).unwrap();
    let round = load(round_path.to_str().unwrap());
    let key = Key::generate();
    let rec = dir.path().join("red.rec");
    play(&round, &key, "red", QUICK_ORDERS, &rec);
    let header = record::read(&rec).unwrap().header;
    let s = header.session.as_ref().unwrap();
    assert_eq!(
        (s.team.as_str(), s.team_name.as_str()),
        ("red", "Red Cross volunteers")
    );
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    assert_eq!(report.runs[0].label, "Red Cross volunteers");
}
