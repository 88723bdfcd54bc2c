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
    ]);
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
}
