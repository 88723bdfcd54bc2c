//! The command line as users and scripts see it: exit codes, diagnostics on stderr,
//! JSON lines on stdout.

use std::process::Command;

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

#[test]
fn validate_exit_codes_and_positions() {
    let (code, out, _) = drillsim(&["validate", "tests/fixtures/basic.ron"]);
    assert_eq!(code, 0);
    assert!(out.contains("ok"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        include_str!("fixtures/basic.ron").replace(
            "commander: \"town_s\", home: \"depot_a\", crew: 6",
            "commander: \"town_z\", home: \"depot_a\", crew: 6",
        ),
    )
    .unwrap();
    let (code, _, err) = drillsim(&[
        "validate",
        "tests/fixtures/basic.ron",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.ron:"), "{err}");
    assert!(err.contains("unknown command post `town_z`"), "{err}");
    assert!(err.contains("did you mean `town_n` or `town_s`?"), "{err}");
    let (code, _, err) = drillsim(&["validate", "no/such/file.ron"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read scenario"), "{err}");
}

#[test]
fn run_prints_json_lines_and_a_checksum() {
    let (code, out, err) = drillsim(&[
        "run",
        "tests/fixtures/basic.ron",
        "--orders",
        "tests/fixtures/basic_orders.ron",
        "--until",
        "30m",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines[0]["event"], "exercise_started");
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "unit_dispatched" && l["unit"] == "eng_1")
    );
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["t_s"], 1800);
    assert_eq!(summary["checksum"].as_str().unwrap().len(), 64);
    // same again: same checksum
    let (_, out2, _) = drillsim(&[
        "run",
        "tests/fixtures/basic.ron",
        "--orders",
        "tests/fixtures/basic_orders.ron",
        "--until",
        "30m",
        "--json",
    ]);
    assert_eq!(out, out2);
    // the readable form
    let (code, out, _) = drillsim(&["run", "tests/fixtures/basic.ron", "--until", "00:20:00"]);
    assert_eq!(code, 0);
    assert!(out.contains("00:20:00  inject I02"), "{out}");
}

/// A run or batch stopped with `--until` does not rate what it has not decided: the
/// scorecard says "not decided" (no points), the batch table counts such runs apart
/// from P/S/M/U, and a run to the end decides everything.
#[test]
fn a_run_stopped_early_leaves_objectives_not_decided() {
    let (code, out, err) = drillsim(&["run", "tests/fixtures/report.ron", "--until", "1h"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("not decided: the run stops at 01:00:00"),
        "{out}"
    );
    assert!(out.contains("objectives not decided)"), "{out}");
    let (code, out, err) = drillsim(&[
        "run",
        "tests/fixtures/report.ron",
        "--seeds",
        "1..3",
        "--until",
        "1h",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let objectives = v["objectives"].as_array().unwrap();
    let mut open = 0;
    for o in objectives {
        let rated: u64 = o["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum();
        let nd = o["not_decided"].as_u64().unwrap_or(0);
        assert_eq!(rated + nd, 3, "{o}");
        open += nd;
    }
    assert!(open > 0, "{v}");
    let (code, out, err) = drillsim(&[
        "run",
        "tests/fixtures/report.ron",
        "--seeds",
        "1..3",
        "--until",
        "1h",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("runs stopped before deciding it (not rated)"),
        "{out}"
    );
}

#[test]
fn bad_orders_and_bad_arguments_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let orders = dir.path().join("o.ron");
    std::fs::write(&orders, "[\n  (at: \"00:01:00\", seat: \"district_hq\", order: Dispatch(unit: \"boat_9\", to: \"dongwan\", task: Rescue)),\n]").unwrap();
    let (code, _, err) = drillsim(&[
        "run",
        "tests/fixtures/basic.ron",
        "--orders",
        orders.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("o.ron:2:"), "{err}");
    assert!(err.contains("unknown unit `boat_9`"), "{err}");
    let (code, _, err) = drillsim(&["run", "tests/fixtures/basic.ron", "--until", "soon"]);
    assert_eq!(code, 2);
    assert!(err.contains("soon"), "{err}");
    // a time between two ticks, and no threads (or a thousand), were taken silently
    let (code, _, err) = drillsim(&["run", "tests/fixtures/basic.ron", "--until", "95s"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("00:01:35 is not on a tick: the exercise moves in ticks of 10 s (use 00:01:30 or 00:01:40)"),
        "{err}"
    );
    // a time after the end was run to the end without a word; alone, in a batch and
    // in a shard alike
    for extra in [
        &[][..],
        &["--seeds", "1..2"][..],
        &["--seeds", "1..2", "--shard", "1/2"][..],
    ] {
        let out = dir.path().join("shard.json");
        let mut args = vec!["run", "tests/fixtures/basic.ron", "--until", "99:00:00"];
        args.extend_from_slice(extra);
        if extra.len() > 2 {
            args.extend_from_slice(&["--out", out.to_str().unwrap()]);
        }
        let (code, _, err) = drillsim(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains("--until 99:00:00 is after the end of the exercise"),
            "{args:?}: {err}"
        );
        assert!(!out.exists());
    }
    for n in ["0", "1000", "x"] {
        let (code, _, err) = drillsim(&["run", "tests/fixtures/basic.ron", "--threads", n]);
        assert_eq!(code, 2, "{n}: {err}");
        assert!(err.contains("from 1 to 256"), "{n}: {err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("r.drec");
    let rec = rec.to_str().unwrap();
    let (code, _, err) = drillsim(&[
        "run",
        "tests/fixtures/basic.ron",
        "--until",
        "10m",
        "--record",
        rec,
    ]);
    assert_eq!(code, 0, "{err}");
    // stopped on purpose: the recording ends at 00:10:00 with its end frame, and
    // verifies whole (it used to be called incomplete, as a crashed one is)
    assert!(err.contains("it ends there and verifies to there"), "{err}");
    let (code, out, err) = drillsim(&["replay", rec, "--verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("end of the recording at 00:10:00 (stopped before the end of the exercise, 06:00:00): event log and final state match"),
        "{out}"
    );
    assert!(!out.contains("INCOMPLETE"), "{out}");
    let (code, out, _) = drillsim(&["score", rec]);
    assert_eq!(code, 0);
    assert!(
        !out.contains("not decided") || out.contains("so far"),
        "{out}"
    );
    // a recording given where a scenario or an orders file is read says so
    let (code, _, err) = drillsim(&["validate", rec]);
    assert_eq!(code, 1);
    assert!(
        err.contains("this is a drillsim recording, not a scenario"),
        "{err}"
    );
    let (code, _, err) = drillsim(&["run", "tests/fixtures/basic.ron", "--orders", rec]);
    assert_eq!(code, 1);
    assert!(err.contains("this is a drillsim recording, not a"), "{err}");
    // a served exercise's join-code file is never written over an existing file
    let codes = format!("{rec}2.codes");
    std::fs::write(&codes, "precious notes").unwrap();
    let (code, _, err) = drillsim(&[
        "serve",
        "tests/fixtures/basic.ron",
        "--record",
        &format!("{rec}2"),
    ]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("never written over an existing file"), "{err}");
    assert_eq!(std::fs::read_to_string(&codes).unwrap(), "precious notes");
    for (arg, n) in [("--groups", "100000"), ("--observers", "1000000")] {
        let (code, _, err) = drillsim(&[
            "serve",
            "tests/fixtures/basic.ron",
            "--record",
            &format!("{rec}3"),
            arg,
            n,
        ]);
        assert_eq!(code, 2, "{arg}: {err}");
    }
    let (code, _, err) = drillsim(&["serve", "--resume", rec]);
    assert_ne!(code, 0);
    assert!(err.contains("stopped on purpose"), "{err}");
    let (code, _, err) = drillsim(&["replay", rec, "--at", "00:00:05"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("00:00:05 is not on a tick"), "{err}");
    let (code, _, err) = drillsim(&["replay", rec, "--at", "00:05:00"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn analyze_reports_latency_and_single_points_of_failure() {
    let (code, out, _) = drillsim(&["analyze", "tests/fixtures/basic.ron", "--json"]);
    assert_eq!(code, 0);
    let a: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hedong = a["reach"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "v_hedong")
        .unwrap();
    // via town_s (2 min) and Dongwan's phone (3 min) and radio (2 min): 7 min beats the 12-min messenger
    assert_eq!(hedong["latency_s"], 420);
    assert_eq!(
        hedong["path"],
        serde_json::json!(["district_hq", "town_s", "v_dongwan", "v_hedong"])
    );
    let crit: Vec<&str> = a["critical_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert!(crit.contains(&"town_s"));
    // the doubled phone+radio link to town_s is not a single point of failure; town_n's phone is
    let links = a["critical_links"].to_string();
    assert!(!links.contains("\"town_s\",\"Phone\""), "{links}");
    assert!(links.contains("town_n"), "{links}");
}

#[test]
fn many_seeds_give_distributions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let text = include_str!("fixtures/basic.ron").replacen(
        "    injects: [",
        r#"    objectives: [
        (id: "O1", title: "Acknowledge the red warning quickly", capability: "Operational Communications", target: AcknowledgeWithin(within: "4m", seats: ["district_hq"])),
        (id: "O2", title: "Level III within 15 min", capability: "Operational Coordination", target: ResponseLevelWithin(level: III, within: "15m")),
    ],
    plan: (
        delays: [(seat: "district_hq", min: "1m", mode: "3m", max: "8m")],
        rules: [(id: "R1", seat: "district_hq", when: InjectReceived("I01"), then: [SetLevel(level: III)])],
    ),
    injects: ["#,
        1,
    );
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = drillsim(&["run", path.to_str().unwrap(), "--seeds", "1..40", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["runs"], 40);
    // run to the end: every objective decided (with --until 1h the acknowledgement
    // target would be "not decided" in every run: a later item could still be late)
    assert!(v["objectives"][0].get("not_decided").is_none(), "{v}");
    let o1 = &v["objectives"][0];
    // decision delays are triangular 1–3–8 min: some runs meet 4 min, some do not
    let share = o1["met_share"].as_f64().unwrap();
    assert!(share > 0.2 && share < 0.9, "{o1}");
    assert!(o1["p50"].as_f64().unwrap() <= o1["p90"].as_f64().unwrap());
    assert!(o1["worst"].as_f64().unwrap() <= 480.0);
    assert_eq!(v["objectives"][1]["met_share"], 1.0);
    let (code, _, err) = drillsim(&["run", path.to_str().unwrap(), "--seeds", "9..3"]);
    assert_eq!(code, 2);
    assert!(err.contains("empty"), "{err}");
}

/// `play` without `--seed` takes the scenario's `meta.seed` (it used to run seed 1).
#[test]
fn play_without_seed_runs_the_scenarios_seed() {
    use clap::Parser as _;
    use drillsim::cli::{Cli, Command as Cmd};
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/flood/riverside.ron");
    let cli = Cli::try_parse_from(["drillsim", "play", path.to_str().unwrap()]).unwrap();
    let Cmd::Play {
        scenario,
        seats,
        seed,
        orders,
        record,
        screenshot,
        at,
        lang,
        speed,
        frames,
        show,
        ..
    } = cli.command
    else {
        panic!("not play")
    };
    assert_eq!(seed, None);
    let o = drillsim::gui::PlayOptions {
        scenario,
        seats,
        seed,
        orders,
        record,
        screenshot,
        at,
        lang,
        speed,
        frames,
        show,
    };
    let s = drillsim::scenario::open(&path).unwrap();
    assert_eq!(o.seed_for(&s), 42, "riverside's meta.seed");
}

/// A batch cut into four shards, each run as its own process, merges into the summary
/// one run of all seeds prints, bit for bit (all but the wall time).
#[test]
fn shards_merge_to_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let text = include_str!("fixtures/basic.ron").replacen(
        "    injects: [",
        r#"    objectives: [
        (id: "O1", title: "Acknowledge the red warning quickly", capability: "Operational Communications", target: AcknowledgeWithin(within: "4m", seats: ["district_hq"])),
        (id: "O2", title: "Level III within 15 min", capability: "Operational Coordination", target: ResponseLevelWithin(level: III, within: "15m")),
    ],
    plan: (
        delays: [(seat: "district_hq", min: "1m", mode: "3m", max: "8m")],
        rules: [(id: "R1", seat: "district_hq", when: InjectReceived("I01"), then: [SetLevel(level: III)])],
    ),
    injects: ["#,
        1,
    );
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let (code, single, err) = drillsim(&["run", p, "--seeds", "3..25", "--until", "40m", "--json"]);
    assert_eq!(code, 0, "{err}");
    let children: Vec<_> = (0..4)
        .map(|k| {
            let out = dir.path().join(format!("shard{k}.json"));
            // the four shards run at the same time, each its own process
            let child = Command::new(env!("CARGO_BIN_EXE_drillsim"))
                .args(["run", p, "--seeds", "3..25", "--until", "40m"])
                .args(["--shard", &format!("{k}/4"), "--out", out.to_str().unwrap()])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("shard process");
            (child, out)
        })
        .collect();
    let mut files = Vec::new();
    for (child, out) in children {
        let o = child.wait_with_output().expect("shard process");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        files.push(out.to_str().unwrap().to_string());
    }
    let mut args = vec!["batch", "merge", "--json"];
    args.extend(files.iter().map(|s| s.as_str()));
    let (code, merged, err) = drillsim(&args);
    assert_eq!(code, 0, "{err}");
    let strip = |t: &str| {
        let mut v: serde_json::Value = serde_json::from_str(t.trim()).unwrap();
        v.as_object_mut().unwrap().remove("wall_s");
        v
    };
    assert_eq!(strip(&single), strip(&merged));
    assert_eq!(strip(&merged)["runs"], 23);
    // a missing shard and a shard of another batch are refused
    let (code, _, err) = drillsim(&["batch", "merge", &files[0], &files[1], &files[2]]);
    assert_eq!(code, 1);
    assert!(err.contains("missing"), "{err}");
    let other = dir.path().join("other.json");
    let (code, _, err) = drillsim(&[
        "run",
        p,
        "--seeds",
        "3..26",
        "--until",
        "40m",
        "--shard",
        "3/4",
        "--out",
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = drillsim(&[
        "batch",
        "merge",
        &files[0],
        &files[1],
        &files[2],
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("another batch"), "{err}");
    assert!(
        err.contains("the seeds: 3..26 against 3..25 differs"),
        "{err}"
    );
    // a shard file is checked before anything is sized from it: an edited shard
    // count, index, rating, objective list, total or wall time is refused at the file
    // (a count of 10^12 used to reserve memory for every missing shard)
    let shard3: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[3]).unwrap()).unwrap();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "count",
            Box::new(|v| v["batch"]["shards"] = 1_000_000_000_000u64.into()),
            "shards for the 23 seeds",
        ),
        (
            "zero",
            Box::new(|v| v["batch"]["shards"] = 0.into()),
            "0 shards for the 23 seeds",
        ),
        ("index", Box::new(|v| v["shard"] = 7.into()), "shard 7 of 4"),
        (
            "rating",
            Box::new(|v| v["runs"][0]["objectives"][0][1] = 7.into()),
            "rating 7",
        ),
        (
            "objectives",
            Box::new(|v| {
                v["runs"][1]["objectives"].as_array_mut().unwrap().pop();
            }),
            "objectives, the batch has",
        ),
        (
            "total",
            Box::new(|v| v["runs"][0]["total_bits"] = f64::INFINITY.to_bits().into()),
            "the total is not a number",
        ),
        (
            "seed",
            Box::new(|v| v["runs"][0]["seed"] = 4.into()),
            "has seed 6 there",
        ),
        (
            "wall",
            Box::new(|v| v["wall_s"] = (-5.0).into()),
            "a wall time of -5 s cannot be",
        ),
        (
            "undecided",
            Box::new(|v| {
                v["batch"]["until_tick"] = serde_json::Value::Null;
                v["runs"][0]["objectives"][0][1] = 4.into();
            }),
            "not decided, in a batch run to the end",
        ),
        (
            "twice",
            Box::new(|v| {
                let id = v["objectives"][0]["id"].clone();
                v["objectives"][1]["id"] = id;
            }),
            "is listed twice",
        ),
    ];
    for (name, edit, want) in cases {
        let mut v = shard3.clone();
        edit(&mut v);
        let bad = dir.path().join(format!("bad_{name}.json"));
        std::fs::write(&bad, v.to_string()).unwrap();
        let (code, _, err) = drillsim(&[
            "batch",
            "merge",
            &files[0],
            &files[1],
            &files[2],
            bad.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains("bad_") && err.contains(want), "{name}: {err}");
    }
    // the same scenario saved with Windows line ends is the same batch
    let crlf_dir = dir.path().join("crlf");
    std::fs::create_dir(&crlf_dir).unwrap();
    let crlf = crlf_dir.join("plan.ron");
    let text = std::fs::read_to_string(p).unwrap();
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    let crlf_out = dir.path().join("crlf3.json");
    let (code, _, err) = drillsim(&[
        "run",
        crlf.to_str().unwrap(),
        "--seeds",
        "3..25",
        "--until",
        "40m",
        "--shard",
        "3/4",
        "--out",
        crlf_out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, again, err) = drillsim(&[
        "batch",
        "merge",
        "--json",
        &files[0],
        &files[1],
        &files[2],
        crlf_out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(strip(&again), strip(&merged));
    // a byte-order mark is skipped; a FIFO is refused by name, not waited on
    let bom = dir.path().join("bom.json");
    std::fs::write(&bom, format!("\u{feff}{shard3}")).unwrap();
    let (code, _, err) = drillsim(&[
        "batch",
        "merge",
        &files[0],
        &files[1],
        &files[2],
        bom.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.json");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let (code, _, err) = drillsim(&["batch", "merge", fifo.to_str().unwrap()]);
        assert_eq!(code, 1);
        assert!(err.contains("FIFO"), "{err}");
    }
    // more shards than seeds, a shard without seeds, and an existing --out (run has
    // no --force) are refused before any run
    let out = dir.path().join("many.json");
    let (code, _, err) = drillsim(&[
        "run",
        p,
        "--seeds",
        "3..5",
        "--shard",
        "0/4",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("4 shards for the 3 seeds 3..5; give at most 3"),
        "{err}"
    );
    let (code, _, err) = drillsim(&["run", p, "--shard", "0/4", "--out", out.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("--seeds"), "{err}");
    let (code, _, err) = drillsim(&[
        "run", p, "--seeds", "3..25", "--until", "40m", "--shard", "0/4", "--out", &files[0],
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("never written over an existing file"), "{err}");
    assert!(!err.contains("--force"), "{err}");
}
