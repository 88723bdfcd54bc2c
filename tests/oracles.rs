//! `drillsim probe` against the published values in ORACLES.md, with their tolerances.

use std::process::Command;

fn probe(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["probe"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(&all)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn close(got: f64, want: f64, rel: f64, what: &str) {
    assert!(
        ((got - want) / want).abs() <= rel,
        "{what}: got {got}, want {want} ± {:.3} %",
        rel * 100.0
    );
}

const MOIST: [&str; 10] = [
    "--m1", "6", "--m10", "7", "--m100", "8", "--mherb", "60", "--mwoody", "90",
];

#[test]
fn rothermel_fm1_no_wind_flat() {
    let mut a = vec![
        "fire",
        "--fuel",
        "FM1",
        "--wind-mph",
        "0",
        "--slope-pct",
        "0",
    ];
    a.extend_from_slice(&MOIST);
    let v = probe(&a);
    close(
        v["head_ros_ch_h"].as_f64().unwrap(),
        4.186640,
        0.005,
        "head",
    );
    close(v["length_to_width"].as_f64().unwrap(), 1.0, 0.001, "LWR");
}

#[test]
fn rothermel_fm1_slope_30() {
    let mut a = vec![
        "fire",
        "--fuel",
        "FM1",
        "--wind-mph",
        "0",
        "--slope-pct",
        "30",
    ];
    a.extend_from_slice(&MOIST);
    let v = probe(&a);
    close(
        v["head_ros_ch_h"].as_f64().unwrap(),
        19.690219,
        0.005,
        "head",
    );
    close(
        v["length_to_width"].as_f64().unwrap(),
        1.197205,
        0.001,
        "LWR",
    );
}

#[test]
fn rothermel_fm1_wind_5_mph() {
    let mut a = vec![
        "fire",
        "--fuel",
        "FM1",
        "--wind-mph",
        "5",
        "--slope-pct",
        "0",
    ];
    a.extend_from_slice(&MOIST);
    let v = probe(&a);
    close(
        v["head_ros_ch_h"].as_f64().unwrap(),
        93.891036,
        0.005,
        "head ch/h",
    );
    close(
        v["head_ros_m_min"].as_f64().unwrap(),
        31.4798,
        0.005,
        "head m/min",
    );
    close(
        v["length_to_width"].as_f64().unwrap(),
        1.590064,
        0.001,
        "LWR",
    );
    close(
        v["backing_ros_m_min"].as_f64().unwrap(),
        3.9409,
        0.005,
        "backing",
    );
    close(
        v["flanking_ros_m_min"].as_f64().unwrap(),
        11.1381,
        0.005,
        "flanking",
    );
    assert!(v["fireline_intensity_kw_m"].as_f64().unwrap() > 0.0);
    assert!(v["flame_length_m"].as_f64().unwrap() > 0.0);
    // the same wind in m/s gives the same answer
    let mut b = vec!["fire", "--fuel", "1", "--wind-m-s", "2.2352"];
    b.extend_from_slice(&MOIST);
    close(
        probe(&b)["head_ros_ch_h"].as_f64().unwrap(),
        93.891036,
        0.005,
        "m/s input",
    );
}

#[test]
fn briggs_plume_class_d_open() {
    for (x, want) in [
        ("100", 1.4294e-3),
        ("500", 7.1914e-5),
        ("1000", 2.1994e-5),
        ("2000", 7.2644e-6),
    ] {
        let v = probe(&[
            "plume",
            "--rate-kg-s",
            "1",
            "--wind-m-s",
            "5",
            "--stability",
            "D",
            "--terrain",
            "open",
            "--x-m",
            x,
        ]);
        close(v["concentration_kg_m3"].as_f64().unwrap(), want, 0.001, x);
    }
    let v = probe(&[
        "plume",
        "--rate-kg-s",
        "1",
        "--wind-m-s",
        "5",
        "--stability",
        "D",
        "--x-m",
        "1000",
        "--substance",
        "chlorine",
        "--model",
        "gaussian",
    ]);
    assert_eq!(v["model"], "gaussian");
    close(v["sigma_y_m"].as_f64().unwrap(), 76.277, 0.001, "sigma y");
    close(v["sigma_z_m"].as_f64().unwrap(), 37.947, 0.001, "sigma z");
    // ppm = mg/m³ · 24.45 / 70.906
    close(
        v["ppm"].as_f64().unwrap(),
        21.994 * 24.45 / 70.906,
        0.002,
        "ppm",
    );
}

#[test]
fn moving_wave_reference_depths() {
    for (x, want) in [
        ("0", 0.928),
        ("1000", 0.807),
        ("2000", 0.656),
        ("3000", 0.431),
    ] {
        let v = probe(&["flood", "--x-m", x]);
        close(v["depth_m"].as_f64().unwrap(), want, 0.002, x);
    }
}

#[test]
fn bad_probe_input_is_an_error_not_a_panic() {
    let out = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args(["probe", "fire", "--fuel", "FM99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown fuel model"));
    let out = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args([
            "probe",
            "plume",
            "--rate-kg-s",
            "1",
            "--wind-m-s",
            "0",
            "--stability",
            "d",
            "--x-m",
            "100",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // a receptor beyond 100 km (or at 1e308 m) is refused; one at 10 cm from the
    // source gets the pure gas, not 2 million ppm
    for x in ["1e308", "200000"] {
        let out = Command::new(env!("CARGO_BIN_EXE_drillsim"))
            .args(["probe", "plume", "--rate-kg-s", "1", "--wind-m-s", "5"])
            .args(["--stability", "d", "--x-m", x])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{x}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("at most 100000 m"));
    }
    let v = probe(&[
        "plume",
        "--rate-kg-s",
        "1",
        "--wind-m-s",
        "5",
        "--stability",
        "d",
        "--x-m",
        "0.1",
        "--substance",
        "chlorine",
    ]);
    assert_eq!(v["ppm"], 1e6, "{v}");
    assert_eq!(v["ppm_capped"], true, "{v}");
    assert!(v["model_ppm"].as_f64().unwrap() > 1e6, "{v}");
}

/// Every probe argument for a quantity a scenario holds is refused outside the
/// scenario's range, naming the argument and the range (D11: a wind of 1e308 mi/h
/// printed an infinite rate of spread, a release of 1e308 kg/s 2 million ppm).
#[test]
fn probe_arguments_hold_to_the_scenario_ranges() {
    let refused = |args: &[&str], want: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_drillsim"))
            .arg("probe")
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    };
    let plume = |extra: &[&str], want: &str| {
        let mut a = vec![
            "plume",
            "--rate-kg-s",
            "1",
            "--wind-m-s",
            "5",
            "--stability",
            "D",
            "--x-m",
            "100",
            "--substance",
            "chlorine",
        ];
        // replace an argument's value, or add the argument
        for pair in extra.chunks(2) {
            match a.iter().position(|x| *x == pair[0]) {
                Some(i) => a[i + 1] = pair[1],
                None => a.extend_from_slice(pair),
            }
        }
        refused(&a, want);
    };
    refused(
        &["fire", "--fuel", "FM1", "--wind-mph", "1e308"],
        "--wind-mph 1e308 is outside 0–134.2 mi/h, the range a scenario accepts (0–60 m/s)",
    );
    refused(
        &["fire", "--fuel", "FM1", "--wind-m-s", "61"],
        "--wind-m-s 61 is outside 0–60 m/s",
    );
    refused(
        &["fire", "--fuel", "FM1", "--wind-20ft-m-s=-1"],
        "--wind-20ft-m-s -1 is outside 0–60 m/s",
    );
    refused(
        &[
            "fire",
            "--fuel",
            "FM1",
            "--wind-20ft-mph",
            "5",
            "--waf",
            "2",
        ],
        "--waf 2 is outside 0.05–1",
    );
    refused(
        &["fire", "--fuel", "FM1", "--m1", "70"],
        "--m1 70 is outside 1–60 %",
    );
    refused(
        &["fire", "--fuel", "FM1", "--mwoody", "NaN"],
        "--mwoody NaN is outside 1–300 %",
    );
    plume(
        &["--rate-kg-s", "1e308"],
        "--rate-kg-s 1e308 is outside 0–10000 kg/s",
    );
    plume(
        &["--wind-m-s", "1e308"],
        "--wind-m-s 1e308 is outside 0–60 m/s",
    );
    plume(&["--wind-m-s", "0.2"], "at least 0.5 m/s");
    plume(
        &["--source-height-m", "501"],
        "--source-height-m 501 is outside 0–500 m",
    );
    let crown = [
        "crown",
        "--fuel",
        "FM10",
        "--canopy-cover-pct",
        "50",
        "--canopy-height-ft",
        "60",
        "--canopy-base-height-ft",
        "6",
        "--canopy-bulk-density-kg-m3",
        "0.15",
        "--wind-20ft-mph",
        "10",
    ];
    let with = |k: &str, v: &'static str| {
        let mut a: Vec<&str> = crown.to_vec();
        let i = a.iter().position(|x| *x == k).unwrap();
        a[i + 1] = v;
        a
    };
    refused(
        &with("--wind-20ft-mph", "1e308"),
        "--wind-20ft-mph 1e308 is outside 0–134.2 mi/h",
    );
    refused(
        &with("--canopy-height-ft", "1e6"),
        "--canopy-height-ft 1000000 is outside 0–393.7 ft",
    );
    refused(
        &with("--canopy-bulk-density-kg-m3", "5"),
        "--canopy-bulk-density-kg-m3 5 is outside 0–1 kg/m³",
    );
    let mut c = crown.to_vec();
    c.extend_from_slice(&["--foliar-moisture-pct", "10"]);
    refused(&c, "--foliar-moisture-pct 10 is outside 30–300 %");
    let spot = |extra: &[&str], want: &str| {
        let mut a = vec![
            "spot",
            "--source",
            "torching",
            "--dbh-cm",
            "40",
            "--tree-height-m",
            "20",
            "--wind-20ft-mph",
            "15",
        ];
        for pair in extra.chunks(2) {
            match a.iter().position(|x| *x == pair[0]) {
                Some(i) => a[i + 1] = pair[1],
                None => a.extend_from_slice(pair),
            }
        }
        refused(&a, want);
    };
    spot(&["--dbh-cm", "1000"], "--dbh-cm 1000 is outside 1–300 cm");
    spot(&["--trees", "5000"], "--trees 5000 is outside 1–1000");
    spot(
        &["--air-temp-c", "99"],
        "--air-temp-c 99 is outside -40–60 °C",
    );
    spot(&["--m1", "0"], "--m1 0 is outside 1–60 %");
    spot(
        &["--wind-20ft-mph", "1e308"],
        "--wind-20ft-mph 1e308 is outside 0–134.2 mi/h",
    );
    spot(
        &["--tree-height-m", "1e308"],
        "--tree-height-m 1e308 is outside 0–120 m",
    );
    refused(&["flood", "--x-m", "inf"], "finite");
    // the scenario's own bounds, not copies
    assert_eq!(drillsim::scenario::validate::MAX_WIND_M_S, 60.0);
    assert_eq!(drillsim::scenario::validate::MAX_RELEASE_KG_S, 10_000.0);
}

// --- Wind limit, crown fire and spotting (ORACLES.md, behave engine) -----------------

#[test]
fn no_wind_limit_by_default_and_both_limits_on_request() {
    let mut a = vec!["fire", "--fuel", "FM8", "--wind-mph", "60"];
    a.extend_from_slice(&MOIST);
    let free = probe(&a);
    assert_eq!(free["wind_limit"], "None");
    assert_eq!(free["wind_limit_exceeded"], false);
    let mut b = a.clone();
    b.extend_from_slice(&["--wind-limit", "rothermel1972"]);
    let r72 = probe(&b);
    assert_eq!(r72["wind_limit"], "Rothermel1972");
    assert_eq!(r72["wind_limit_exceeded"], true);
    let mut c = a.clone();
    c.extend_from_slice(&["--wind-limit", "andrews2013"]);
    let a13 = probe(&c);
    assert_eq!(a13["wind_limit"], "Andrews2013");
    let h = |v: &serde_json::Value| v["head_ros_m_min"].as_f64().unwrap();
    assert!(h(&free) > h(&a13) && h(&a13) > h(&r72));
}

fn crown(args: &[&str]) -> serde_json::Value {
    let mut a = vec!["crown"];
    a.extend_from_slice(args);
    a.extend_from_slice(&MOIST);
    a.extend_from_slice(&["--foliar-moisture-pct", "100", "--slope-pct", "0"]);
    probe(&a)
}

#[test]
fn crown_fm10_stays_on_the_surface() {
    let v = crown(&[
        "--fuel",
        "FM10",
        "--canopy-cover-pct",
        "50",
        "--canopy-height-ft",
        "60",
        "--canopy-base-height-ft",
        "6",
        "--canopy-bulk-density-kg-m3",
        "0.15",
        "--wind-20ft-mph",
        "10",
    ]);
    let f = |k: &str| v[k].as_f64().unwrap();
    close(f("waf"), 0.110515, 0.005, "WAF");
    close(f("surface_ros_ch_h"), 1.79882, 0.005, "surface rate");
    close(f("critical_surface_intensity_kw_m"), 416.581, 0.005, "I0");
    close(f("transition_ratio"), 0.354317, 0.005, "transition ratio");
    close(f("crown_ros_ch_h"), 22.8661, 0.005, "crown rate");
    close(f("active_ratio"), 0.383328, 0.005, "active ratio");
    assert_eq!(v["fire_type"], "Surface");
}

#[test]
fn crown_tu5_torches() {
    let v = crown(&[
        "--fuel",
        "165",
        "--canopy-cover-pct",
        "60",
        "--canopy-height-ft",
        "50",
        "--canopy-base-height-ft",
        "3",
        "--canopy-bulk-density-kg-m3",
        "0.2",
        "--wind-20ft-mph",
        "15",
    ]);
    let f = |k: &str| v[k].as_f64().unwrap();
    close(f("transition_ratio"), 3.33780, 0.005, "transition ratio");
    close(f("crown_ros_ch_h"), 38.6230, 0.005, "crown rate");
    close(f("active_ratio"), 0.863300, 0.005, "active ratio");
    assert_eq!(v["fire_type"], "Torching");
    close(f("final_ros_ch_h"), 34.3446, 0.005, "final rate");
    close(f("crown_fraction_burned"), 0.879845, 0.005, "CFB");
}

#[test]
fn spotting_from_a_burning_pile() {
    let v = probe(&[
        "spot",
        "--source",
        "pile",
        "--flame-height-ft",
        "10",
        "--wind-20ft-mph",
        "15",
        "--cover-height-ft",
        "60",
        "--canopy",
        "open",
    ]);
    close(
        v["firebrand_height_ft"].as_f64().unwrap(),
        122.0,
        0.005,
        "firebrand height",
    );
    close(
        v["distance_m"].as_f64().unwrap(),
        168.648,
        0.005,
        "distance",
    );
}

/// The Burro LNG worked example (CCPS 1999, p. 122; Crowl & Louvar 2011): 97.9 kg/s of
/// LNG vapour (1.76 kg/m³ at 111 K) in a 10.9 m/s wind over air at 298 K is about 5 %
/// by volume 367 m downwind (dense-gas correlations of Britter & McQuaid 1988).
#[test]
fn dense_gas_burro_worked_example() {
    let v = probe(&[
        "plume",
        "--rate-kg-s",
        "97.888",
        "--wind-m-s",
        "10.9",
        "--stability",
        "F",
        "--x-m",
        "367",
        "--source-density-kg-m3",
        "1.76",
        "--source-temp-k",
        "111.15",
        "--ambient-temp-k",
        "298",
    ]);
    assert_eq!(v["model"], "britter_mcquaid_continuous");
    close(
        v["concentration_ratio"].as_f64().unwrap(),
        0.05,
        0.05,
        "5 % LFL",
    );
    // a chlorine release in a light wind is dense; a gas lighter than air is not
    let cl = probe(&[
        "plume",
        "--rate-kg-s",
        "5",
        "--wind-m-s",
        "3",
        "--stability",
        "D",
        "--x-m",
        "500",
        "--substance",
        "chlorine",
    ]);
    assert_eq!(cl["model"], "britter_mcquaid_continuous");
    assert!(cl["why"].as_str().unwrap().contains(">= 0.15"));
    let hcn = probe(&[
        "plume",
        "--rate-kg-s",
        "5",
        "--wind-m-s",
        "3",
        "--stability",
        "D",
        "--x-m",
        "500",
        "--substance",
        "hydrogen_cyanide",
    ]);
    assert_eq!(hcn["model"], "gaussian");
}
