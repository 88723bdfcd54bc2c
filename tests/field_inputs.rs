//! Files as people and attackers write them (issue 13, the input side). Each case of
//! `tests/fixtures/field/` (copied from the field report) and each kind of problem
//! behind it has its right answer written down: the result a user expects, or a
//! message at `file:line:col` and a non-zero exit. Hostile inputs run the real
//! binary under a 1 GiB address-space limit (`ulimit -v`) and a time limit, so a
//! regression shows as a failed allocation or a timeout, not as a slow machine.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use drillsim::scenario::{self, Diagnostic};

const FIELD: &str = "tests/fixtures/field";

/// Run the binary in `dir` under `ulimit -v` 1 GiB and a 60 s limit: (exit code,
/// stdout, stderr). A kill by the limit shows as a code above 100.
fn drillsim_limited(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg("ulimit -v 1048576; exec timeout 60 \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_drillsim"))
        .args(args)
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn field(case: &str) -> PathBuf {
    Path::new(FIELD).join(case)
}

fn headlines(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| d.headline())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A copy of a field case in a temporary folder (to change a file of it).
fn copy_case(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(field(case)).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn with_bom(path: &Path) {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend(std::fs::read(path).unwrap());
    std::fs::write(path, b).unwrap();
}

// ---- kind 1: sizes trusted before they are checked ----------------------------

#[test]
fn asc_header_larger_than_the_grid_is_refused_before_allocating() {
    // asc-huge-header: 100000 × 100000 declared for a 5 × 4 grid once allocated
    // 80 GB and aborted. Right value: the size mismatch, at the `ncols` value.
    let (code, _, err) = drillsim_limited(&field("asc-huge-header"), &["validate", "mini.ron"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("dem.asc:1:7: grid is 100000 × 100000, the scenario's grid is 5 × 4"),
        "{err}"
    );
    // without a grid to compare with, the header's cell count is checked against
    // the limit, and a header larger than its file reserves nothing
    let e = drillsim::map::asc::parse("ncols 100000\nnrows 100000\ncellsize 1\n1 2\n").unwrap_err();
    assert!(
        e.message.contains("more than the 16777216"),
        "{}",
        e.message
    );
    assert_eq!((e.line, e.col), (1, 7));
    let e = drillsim::map::asc::parse("ncols 4096\nnrows 4096\ncellsize 1\n1 2\n").unwrap_err();
    assert!(e.message.starts_with("found 2 values"), "{}", e.message);
}

#[test]
fn special_and_oversized_files_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // a sparse 2 GiB file as a scenario: refused by its length, at once
    let sparse = d.join("big.ron");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let t0 = Instant::now();
    let (code, _, err) = drillsim_limited(d, &["validate", "big.ron"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("2.0 GiB long, more than the 32.0 MiB"),
        "{err}"
    );
    assert!(t0.elapsed() < Duration::from_secs(20));
    // devices and FIFOs: named, never read (a FIFO would block)
    let (code, _, err) = drillsim_limited(d, &["validate", "/dev/zero"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("this is a device, not a regular file"),
        "{err}"
    );
    assert!(
        Command::new("mkfifo")
            .arg(d.join("pipe"))
            .status()
            .unwrap()
            .success()
    );
    let (code, _, err) = drillsim_limited(d, &["validate", "pipe"]);
    assert_eq!(code, 1);
    assert!(err.contains("a FIFO (named pipe)"), "{err}");
    // a layer that is a FIFO, and an orders file and a key that are devices
    let case = copy_case("ron-bom");
    std::fs::remove_file(case.path().join("dem.asc")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(case.path().join("dem.asc"))
            .status()
            .unwrap()
            .success()
    );
    let (code, _, err) = drillsim_limited(case.path(), &["validate", "mini.ron"]);
    assert_eq!(code, 1);
    assert!(err.contains("a FIFO (named pipe)"), "{err}");
    let s = scenario::load(&field("ron-bom").join("mini.ron")).unwrap();
    let e = scenario::orders_file::load_orders(Path::new("/dev/zero"), &s).unwrap_err();
    assert!(e[0].message.contains("a device"), "{}", headlines(&e));
    let e = drillsim::record::sign::Key::load(Path::new("/dev/zero")).unwrap_err();
    assert!(e.contains("a device"), "{e}");
}

#[test]
fn synth_refuses_sizes_it_cannot_write() {
    // `synth --units 100000000` once tried to write 12 GB of text
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = drillsim_limited(
        dir.path(),
        &["synth", "--units", "100000000", "-o", "s.ron"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("100000000 units: at most 100000"), "{err}");
    assert!(!dir.path().join("s.ron").exists());
    let (code, _, err) = drillsim_limited(dir.path(), &["synth", "--width", "0", "-o", "s.ron"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("width and height must be at least 2"), "{err}");
}

// ---- kind 2: work that grows faster than the input -----------------------------

#[test]
fn deep_nesting_is_a_quick_error() {
    // nested-parens: 50 `(` then 50 `)` (100 bytes) once took 3.7 GB building the
    // error-location index. Right value: an error at 1:1, in well under a second.
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("p50.ron", format!("{}{}", "(".repeat(50), ")".repeat(50))),
        (
            "p100k.ron",
            format!("{}{}", "(".repeat(100_000), ")".repeat(100_000)),
        ),
        ("b100k.ron", "[(".repeat(50_000)),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let t0 = Instant::now();
        let (code, _, err) = drillsim_limited(dir.path(), &["validate", name]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(&format!("{name}:1:")), "{name}: {err}");
        assert!(t0.elapsed() < Duration::from_secs(10), "{name}");
    }
}

#[test]
fn many_problems_are_counted_not_all_shown() {
    // 20 000 injects to an unknown recipient: 100 shown, the rest counted, quickly
    let base = include_str!("fixtures/basic.ron");
    let cut = base.find("injects: [").unwrap() + "injects: [".len();
    let mut text = base[..cut].to_string();
    for i in 0..20_000 {
        text.push_str(&format!(
            "(id: \"X{i}\", time: \"00:10:00\", from: \"x\", to: \"nobody{i}\", channel: Phone, text: \"t\"),\n"
        ));
    }
    text.push_str(&base[cut..]);
    let t0 = Instant::now();
    let d = scenario::from_text(Path::new("tests/fixtures/basic.ron"), &text).unwrap_err();
    let took = t0.elapsed();
    assert_eq!(d.len(), 101, "{}", headlines(&d[..3]));
    assert!(d[0].message.contains("unknown recipient `nobody0`"));
    assert_eq!(d[0].line, base[..cut].lines().count());
    assert!(
        d[100].message.starts_with("19900 more problems not shown"),
        "{}",
        d[100].message
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn physical_values_outside_their_ranges_are_refused() {
    // initial_water at 1e12 m once passed and one tick then took 100 s
    let path = Path::new("scenarios/flood/riverside.ron");
    let text = std::fs::read_to_string(path).unwrap();
    let cases = [
        (
            "level_m: 10.56",
            "level_m: 1e12",
            "water level 1000000000000 m is outside -500…9000 m",
        ),
        ("level_m: 10.56", "level_m: 90.0", "deeper than 50 m"),
        (
            "origin: (500000.0, 3500000.0)",
            "origin: (5e20, 0.0)",
            "is not a projected coordinate",
        ),
        ("crew: 6", "crew: 60000", "crew 60000 is more than 1000"),
        (
            "population: 640",
            "population: 4000000000",
            "population 4000000000 is more than 10000000",
        ),
        (
            "danger_m: 10.8",
            "danger_m: NaN",
            "must be water-surface elevations",
        ),
        (
            "latency: \"1m\"",
            "latency: \"100000h\"",
            "latency 100000:00:00 is longer than 10 days",
        ),
    ];
    for (find, with, msg) in cases {
        assert!(text.contains(find), "riverside lacks `{find}`");
        let bad = text.replacen(find, with, 1);
        let d = scenario::from_text(path, &bad).unwrap_err();
        assert!(
            d.iter().any(|d| d.message.contains(msg)),
            "{with}: wanted `{msg}`, got\n{}",
            headlines(&d)
        );
    }
}

#[test]
fn a_bad_value_in_a_layer_file_is_reported_in_that_file() {
    // NODATA in an .asc was reported at the value, but NaN, inf and out-of-range
    // values at the scenario's `map.layers.elevation`, and 1e308 as 309 digits
    let dir = copy_case("ron-bom");
    let dem = std::fs::read_to_string(dir.path().join("dem.asc")).unwrap();
    assert!(dem.contains("10 11 12 11 10"));
    for (value, msg) in [
        (
            "NaN",
            "dem.asc:8:4: value at cell (1, 1) is not a finite number",
        ),
        (
            "inf",
            "dem.asc:8:4: value at cell (1, 1) is not a finite number",
        ),
        (
            "1e308",
            "dem.asc:8:4: elevation 1e308 m at cell (1, 1) is outside -500…9000 m",
        ),
        (
            "9999",
            "dem.asc:8:4: elevation 9999 m at cell (1, 1) is outside -500…9000 m",
        ),
    ] {
        std::fs::write(
            dir.path().join("dem.asc"),
            dem.replace("10 11 12 11 10", &format!("10 {value} 12 11 10")),
        )
        .unwrap();
        let d = scenario::load(&dir.path().join("mini.ron")).unwrap_err();
        let h = headlines(&d);
        assert!(h.contains(msg), "{value}: wanted `{msg}`, got\n{h}");
    }
    // inline values: at the value in the scenario
    let base = include_str!("fixtures/basic.ron");
    let n = 200 * 150;
    let mut vals = vec!["93.0"; n];
    vals[7] = "55.0";
    let layer = format!("Inline([{}])", vals.join(", "));
    let text = base.replacen(
        "land_cover: Constant(93.0)",
        &format!("land_cover: {layer}"),
        1,
    );
    assert_ne!(text, base, "fixture lacks `land_cover: Constant(93.0)`");
    let d = scenario::from_text(Path::new("tests/fixtures/basic.ron"), &text).unwrap_err();
    let hit = d
        .iter()
        .find(|d| d.message.contains("land cover 55 at cell (7, 0)"))
        .unwrap_or_else(|| panic!("{}", headlines(&d)));
    let at = text.find("55.0").unwrap();
    assert_eq!(
        (hit.line, hit.col),
        drillsim::source::line_col(&text, at),
        "{}",
        hit.headline()
    );
}

#[test]
fn a_file_named_in_another_case_is_hinted_without_a_folder_in_the_path() {
    // `validate mini.ron` from inside the folder lost the "there is `Dem.ASC`" hint
    // that `validate case/mini.ron` gave
    let dir = copy_case("ron-bom");
    std::fs::rename(dir.path().join("dem.asc"), dir.path().join("Dem.ASC")).unwrap();
    for (cwd, arg) in [(dir.path(), "mini.ron"), (dir.path().parent().unwrap(), "")] {
        let arg = if arg.is_empty() {
            dir.path().join("mini.ron").display().to_string()
        } else {
            arg.to_string()
        };
        let (code, _, err) = drillsim_limited(cwd, &["validate", &arg]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("there is `Dem.ASC`: names must match exactly, also in case"),
            "{arg}: {err}"
        );
    }
}

#[test]
fn a_large_inline_layer_and_many_injects_validate_in_linear_time() {
    // 500 × 400 inline values took 5.5 s and 10 000 injects 2.5 s; the benchmark
    // `validate_10mb` has the figure for a 10 MB file
    let base = include_str!("fixtures/basic.ron");
    let layer = format!(
        "Inline([{}])",
        (0..500 * 400)
            .map(|i| format!("{}.5,", 10 + i % 7))
            .collect::<String>()
    );
    let text = base
        .replace("width: 200, height: 150", "width: 500, height: 400")
        .replace(
            "Noise((seed: 7, base: 12.0, amplitude: 3.0, scale_cells: 60.0, octaves: 4))",
            &layer,
        );
    let t0 = Instant::now();
    let s = scenario::from_text(Path::new("tests/fixtures/basic.ron"), &text).unwrap();
    assert_eq!(s.elevation.len(), 200_000);
    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
}

// ---- kind 3: panics in error paths ----------------------------------------------

#[test]
fn a_diagnostic_past_column_65535_renders() {
    // long-line: a diagnostic at column 65 550 once panicked inside the renderer
    let dir = tempfile::tempdir().unwrap();
    let text = format!("Scenario({} x)", " ".repeat(65_539));
    let col = text.find('x').unwrap() + 1;
    std::fs::write(dir.path().join("long.ron"), &text).unwrap();
    let (code, _, err) = drillsim_limited(dir.path(), &["validate", "long.ron"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("long.ron:1:{col}:")), "{err}");
    assert!(err.contains(&format!("[long.ron:1:{col}]")), "{err}");
    assert!(
        err.len() < 2000,
        "the snippet is cut short: {} bytes",
        err.len()
    );
    // the same from an .asc file, an orders file and a GeoJSON file
    let s = scenario::load(&field("ron-bom").join("mini.ron")).unwrap();
    let orders = format!("[{}x]", " ".repeat(70_000));
    let d = scenario::orders_file::orders_from_text(Path::new("o.ron"), &orders, &s).unwrap_err();
    assert_eq!((d[0].line, d[0].col), (1, 70_002));
    assert!(d[0].render().contains("[o.ron:1:70002]"));
    let asc = format!("ncols 5\nnrows 4\ncellsize 20\n{}x", "1 ".repeat(40_000));
    let e = drillsim::map::asc::parse(&asc).unwrap_err();
    let d = Diagnostic::at(
        Path::new("dem.asc"),
        &std::sync::Arc::new(asc.clone()),
        (e.offset, e.offset + 1),
        e.message,
        None,
    );
    assert!(d.render().contains("more values than"));
    let gj = format!(
        "{{\"type\": \"FeatureCollection\",{} \"features\": [1]}}",
        " ".repeat(70_000)
    );
    let case = copy_case("gj-edge-vertex");
    std::fs::write(case.path().join("roads.geojson"), gj).unwrap();
    let d = scenario::load(&case.path().join("gj.ron")).unwrap_err();
    assert_eq!(d.len(), 1, "{}", headlines(&d));
    assert!(d[0].render().contains("roads.geojson:1:"));
}

#[test]
fn control_characters_in_a_file_do_not_reach_the_terminal() {
    let text = "Scenario(\u{1b}[31m\u{7}x)";
    let d = scenario::from_text(Path::new("c.ron"), text).unwrap_err();
    let r = d[0].render();
    assert!(!r.contains('\u{1b}') && !r.contains('\u{7}'), "{r:?}");
}

#[test]
fn control_characters_in_names_and_texts_do_not_reach_the_terminal() {
    // a scenario name with ESC ] 0;TITLE BEL set the terminal's title through the
    // `run` timeline, and an inject text with ESC [ 2J would clear the screen; the
    // diagnostics were filtered, the timeline, the scorecard and `compete` were not
    let dir = copy_case("ron-bom");
    let p = dir.path().join("mini.ron");
    let text = std::fs::read_to_string(&p).unwrap();
    let bad = text.replacen("name: \"", "name: \"\u{1b}]0;TITLE\u{7}\u{9b}2J\u{b}", 1);
    assert_ne!(bad, text, "the case lacks a `name: \"`");
    std::fs::write(&p, bad).unwrap();
    let (code, out, err) = drillsim_limited(dir.path(), &["run", "mini.ron", "--until", "1m"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("]0;TITLE"), "{out}");
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{b}'] {
        assert!(!out.contains(c) && !err.contains(c), "{c:?} in {out:?}");
    }
}

// ---- kind 7: files as people write them -----------------------------------------

#[test]
fn a_byte_order_mark_is_ignored_in_every_input() {
    // ron-bom: Notepad's "UTF-8 with BOM" was refused at 1:1. Right value: valid,
    // with the same hash as without the mark.
    let (code, out, err) = drillsim_limited(&field("ron-bom"), &["validate", "mini.ron"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok"), "{out}");
    let with = scenario::load(&field("ron-bom").join("mini.ron")).unwrap();
    let without = std::fs::read(field("ron-bom").join("mini.ron")).unwrap();
    let without = String::from_utf8(without[3..].to_vec()).unwrap();
    assert_eq!(with.source.hash, scenario::text_hash(&without));
    // .asc, GeoJSON and orders files with a mark
    let case = copy_case("ron-bom");
    with_bom(&case.path().join("dem.asc"));
    scenario::load(&case.path().join("mini.ron")).expect("asc with BOM");
    let case = copy_case("gj-speed-string");
    with_bom(&case.path().join("roads_numeric.geojson"));
    with_bom(&case.path().join("orders.ron"));
    let s = scenario::load(&case.path().join("gj_numeric.ron")).expect("GeoJSON with BOM");
    let o = scenario::orders_file::load_orders(&case.path().join("orders.ron"), &s)
        .expect("orders with BOM");
    assert_eq!(o.len(), 1);
}

#[test]
fn gbk_text_is_named_at_its_first_bad_byte() {
    // ron-gbk: was "stream did not contain valid UTF-8" at 1:1. Right value: line
    // 27, column 36 (after `            (id: "village", name: "`), naming GBK.
    let (code, _, err) = drillsim_limited(&field("ron-gbk"), &["validate", "mini.ron"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("mini.ron:27:36: the scenario is not UTF-8 text"),
        "{err}"
    );
    assert!(err.contains("GBK / GB 18030"), "{err}");
    assert!(err.contains("Save as → Encoding: UTF-8"), "{err}");
    // a GBK layer file is reported in that file
    let case = copy_case("ron-bom");
    std::fs::write(
        case.path().join("dem.asc"),
        b"ncols 5\nnrows 4\n\xB8\xDF\xB3\xCC 1\n",
    )
    .unwrap();
    let d = scenario::load(&case.path().join("mini.ron")).unwrap_err();
    assert!(
        d[0].headline()
            .contains("dem.asc:3:1: the file is not UTF-8"),
        "{}",
        headlines(&d)
    );
}

#[test]
fn crlf_line_ends_do_not_change_the_hash() {
    // report-crlf-hash: the same scenario saved with CRLF was "a different
    // scenario". Right value: one hash, equal to the SHA-256 of the LF file's
    // bytes (so recordings made before the change still verify).
    use sha2::Digest;
    let lf = scenario::load(&field("report-crlf-hash/lf/mini.ron")).unwrap();
    let crlf = scenario::load(&field("report-crlf-hash/crlf/mini.ron")).unwrap();
    assert_eq!(lf.source.hash, crlf.source.hash);
    let bytes = std::fs::read(field("report-crlf-hash/lf/mini.ron")).unwrap();
    assert_eq!(lf.source.hash, scenario::hex(&sha2::Sha256::digest(&bytes)));
    // a recording made with the CRLF file's old hash still matches
    let raw = std::fs::read(field("report-crlf-hash/crlf/mini.ron")).unwrap();
    assert!(
        crlf.source
            .matches_hash(&scenario::hex(&sha2::Sha256::digest(&raw)))
    );
    // end to end: record both, then one comparison report
    let dir = tempfile::tempdir().unwrap();
    let cwd = std::env::current_dir().unwrap();
    for (sub, rec) in [("lf", "a.drec"), ("crlf", "b.drec")] {
        let scen = cwd.join(field(&format!("report-crlf-hash/{sub}/mini.ron")));
        let (code, _, err) = drillsim_limited(
            dir.path(),
            &[
                "run",
                scen.to_str().unwrap(),
                "--until",
                "00:05:00",
                "--record",
                rec,
            ],
        );
        assert_eq!(code, 0, "{err}");
    }
    let (code, _, err) = drillsim_limited(
        dir.path(),
        &["report", "a.drec", "b.drec", "-o", "cmp.html"],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn windows_backslashes_in_file_references_are_folder_separators() {
    // path-backslash: `Asc("layers\\dem.asc")` was "not found". Decision: `\` is
    // read as `/` (docs/input-limits.md). Right value: valid, reading layers/dem.asc.
    let (code, out, err) =
        drillsim_limited(&field("path-backslash"), &["validate", "scenario.ron"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok"));
    // a missing file names a near miss in case, and a drive letter is refused
    let case = copy_case("ron-bom");
    std::fs::rename(case.path().join("dem.asc"), case.path().join("DEM.asc")).unwrap();
    let d = scenario::load(&case.path().join("mini.ron")).unwrap_err();
    assert!(
        d[0].hint
            .as_deref()
            .unwrap_or("")
            .contains("there is `DEM.asc`"),
        "{:?}",
        d[0].hint
    );
    let text = std::fs::read_to_string(field("path-backslash/scenario.ron")).unwrap();
    let d = scenario::from_text(
        &field("path-backslash/scenario.ron"),
        &text.replace("layers\\\\dem.asc", "C:\\\\gis\\\\dem.asc"),
    )
    .unwrap_err();
    assert!(
        d[0].message.contains("starts with a drive letter"),
        "{}",
        headlines(&d)
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_cannot_lead_out_of_the_scenario_folder() {
    let dir = tempfile::tempdir().unwrap();
    let scen = dir.path().join("scen");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&scen).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(field("ron-bom/mini.ron"), scen.join("mini.ron")).unwrap();
    std::fs::copy(field("ron-bom/dem.asc"), outside.join("dem.asc")).unwrap();
    std::os::unix::fs::symlink(outside.join("dem.asc"), scen.join("dem.asc")).unwrap();
    let d = scenario::load(&scen.join("mini.ron")).unwrap_err();
    assert!(
        d[0].message.contains("through a symbolic link"),
        "{}",
        headlines(&d)
    );
    // a link that stays inside is fine
    std::fs::remove_file(scen.join("dem.asc")).unwrap();
    std::fs::create_dir_all(scen.join("gis")).unwrap();
    std::fs::copy(field("ron-bom/dem.asc"), scen.join("gis/dem.asc")).unwrap();
    std::os::unix::fs::symlink(scen.join("gis/dem.asc"), scen.join("dem.asc")).unwrap();
    scenario::load(&scen.join("mini.ron")).expect("link inside the folder");
}

#[test]
fn a_road_vertex_on_the_grid_edge_is_on_the_grid() {
    // gj-edge-vertex: a vertex at the documented south-west origin corner was
    // "outside the grid". Right value: valid; the vertex is the corner cell.
    let s = scenario::load(&field("gj-edge-vertex/gj.ron")).expect("edge vertex accepted");
    let cells: Vec<(u32, u32)> = s.roads.graph.node_weights().map(|n| n.cell).collect();
    assert_eq!(
        cells[0],
        (0, 39),
        "the origin corner is the south-west cell"
    );
    // (501000, 3500190) is on the east edge, 610 m south of the north edge
    assert_eq!(cells[4], (49, 30), "a vertex on the east edge: {cells:?}");
}

#[test]
fn a_speed_written_as_text_counts_like_a_number() {
    // gj-speed-string: `"speed_km_h": "10"` was silently ignored. Decision: numeric
    // text is read as the number, with the same range (docs/input-limits.md).
    // Right value: the same roads as with the number 10.
    let text = scenario::load(&field("gj-speed-string/gj.ron")).unwrap();
    let num = scenario::load(&field("gj-speed-string/gj_numeric.ron")).unwrap();
    let speeds = |s: &scenario::Scenario| -> Vec<f64> {
        s.roads.graph.edge_weights().map(|e| e.speed_km_h).collect()
    };
    assert_eq!(speeds(&text), speeds(&num));
    assert_eq!(speeds(&text)[0], 10.0);
    // "500" is out of range as 500 is; text that is no number is an error at it
    for (value, msg, col) in [
        ("\"500\"", "speed 500 km/h is outside 0–300", 86),
        ("\"fast\"", "speed_km_h \"fast\" is not a number", 86),
    ] {
        let case = copy_case("gj-speed-string");
        let gj = std::fs::read_to_string(case.path().join("roads.geojson")).unwrap();
        std::fs::write(
            case.path().join("roads.geojson"),
            gj.replace("\"10\"", value),
        )
        .unwrap();
        let d = scenario::load(&case.path().join("gj.ron")).unwrap_err();
        assert_eq!(d.len(), 1, "{}", headlines(&d));
        assert!(d[0].message.contains(msg), "{}", headlines(&d));
        assert_eq!((d[0].line, d[0].col), (2, col), "{}", d[0].headline());
    }
}

/// The case's road file with `from` replaced by `to`, validated: the scenario or
/// its diagnostics.
fn speed_case_with(from: &str, to: &str) -> Result<scenario::Scenario, Vec<Diagnostic>> {
    let case = copy_case("gj-speed-string");
    let gj = std::fs::read_to_string(case.path().join("roads.geojson")).unwrap();
    assert!(gj.contains(from), "{from}");
    std::fs::write(case.path().join("roads.geojson"), gj.replace(from, to)).unwrap();
    scenario::load(&case.path().join("gj.ron"))
}

#[test]
fn maxspeed_is_read_as_speed_km_h_is() {
    // D5, the gj-speed-string kind on the sibling property: `"maxspeed": 5` (a
    // number), "fast", "-5", "0", "NaN", true, "99999999" and 1e308 were silently
    // ignored while "5" and "5 mph" applied. Right value: a number or text with a
    // unit applies; OSM's words without a number leave the class speed; anything
    // else is an error at the value.
    let from = "\"speed_km_h\": \"10\"";
    for (value, kmh) in [
        ("5", 5.0),
        ("\"5\"", 5.0),
        ("\"5 mph\"", 5.0 * 1.609_344),
        ("\"none\"", 60.0),
        ("\"CN:urban\"", 60.0),
    ] {
        let s = speed_case_with(from, &format!("\"maxspeed\": {value}"))
            .unwrap_or_else(|d| panic!("{value}: {}", headlines(&d)));
        let first = s.roads.graph.edge_weights().next().unwrap().speed_km_h;
        assert!((first - kmh).abs() < 1e-9, "{value}: {first}");
    }
    for (value, msg) in [
        ("\"fast\"", "maxspeed `fast` is not a speed"),
        ("\"-5\"", "speed -5 km/h is outside 0–300"),
        ("\"0\"", "speed 0 km/h is outside 0–300"),
        ("\"NaN\"", "maxspeed `NaN` is not a speed"),
        ("true", "maxspeed true is not a speed"),
        ("\"99999999\"", "speed 99999999 km/h is outside 0–300"),
        ("1e308", "speed 1e308 km/h is outside 0–300"),
        ("5000", "speed 5000 km/h is outside 0–300"),
    ] {
        let d = speed_case_with(from, &format!("\"maxspeed\": {value}")).unwrap_err();
        assert_eq!(d.len(), 1, "{value}: {}", headlines(&d));
        assert!(d[0].message.contains(msg), "{value}: {}", headlines(&d));
        assert!(d[0].file.ends_with("roads.geojson"), "{}", d[0].headline());
        assert_eq!((d[0].line, d[0].col), (2, 84), "{}", d[0].headline());
    }
}

#[test]
fn road_coordinates_are_numbers_on_earth() {
    // D6: a vertex at [-1e20, y] or [1e308, 1e308] passed validation and cut the
    // road off; D7: ["500110", "3500690"] gave "not valid GeoJSON" at 1:1. Right
    // value: an error at the value, in the road file.
    for (vertex, msg, col) in [
        (
            "[-1e20, 3500690]",
            "vertex 0 (-1e20, 3500690) is not a projected coordinate",
            55,
        ),
        (
            "[1e308, 1e308]",
            "vertex 0 (1e308, 1e308) is not a projected coordinate",
            55,
        ),
        (
            "[\"500110\", 3500690]",
            "coordinate \"500110\" is text: a coordinate must be a number, not text",
            56,
        ),
    ] {
        let d = speed_case_with("[500110, 3500690]", vertex).unwrap_err();
        assert_eq!(d.len(), 1, "{vertex}: {}", headlines(&d));
        assert!(d[0].message.contains(msg), "{vertex}: {}", headlines(&d));
        assert!(d[0].file.ends_with("roads.geojson"), "{}", d[0].headline());
        assert_eq!((d[0].line, d[0].col), (3, col), "{}", d[0].headline());
    }
}

#[test]
fn columns_count_characters_in_the_headline_and_the_snippet() {
    // ron-cjk-column: the headline said 27:53 and the snippet 27:67 (bytes).
    // Right value: 27:53 in both (and 27:68 in both for mini2.ron's cell: the
    // 8 Chinese characters of the name count 8 columns).
    for (file, pos) in [("mini.ron", "27:53"), ("mini2.ron", "27:68")] {
        let (code, _, err) = drillsim_limited(&field("ron-cjk-column"), &["validate", file]);
        assert_eq!(code, 1);
        assert!(err.contains(&format!("{file}:{pos}:")), "{err}");
        assert!(err.contains(&format!("[{file}:{pos}]")), "{err}");
    }
}

#[test]
fn one_broken_road_file_is_one_message() {
    // one GeoJSON error once added "road network has no nodes" for every place
    let case = copy_case("gj-edge-vertex");
    std::fs::write(
        case.path().join("roads.geojson"),
        "{\"type\": \"FeatureCollection\", \"features\": [",
    )
    .unwrap();
    let d = scenario::load(&case.path().join("gj.ron")).unwrap_err();
    assert_eq!(d.len(), 1, "{}", headlines(&d));
    assert!(d[0].file.ends_with("roads.geojson"));
    // an empty inline network is said once, not per place
    let text = include_str!("fixtures/basic.ron");
    let start = text.find("roads: Inline((").unwrap();
    let close = "\n        )),";
    let end = start + text[start..].find(close).unwrap() + close.len();
    let bare = format!(
        "{}roads: Inline((nodes: [], edges: [])),{}",
        &text[..start],
        &text[end..]
    );
    let d = scenario::from_text(Path::new("tests/fixtures/basic.ron"), &bare).unwrap_err();
    let n = d
        .iter()
        .filter(|d| d.message.contains("has no nodes"))
        .count();
    assert_eq!(n, 1, "{}", headlines(&d));
}

#[test]
fn a_plume_wind_below_the_model_limit_is_refused() {
    // the plume used to raise any wind below 0.5 m/s to 0.5 m/s without a word.
    // Decision: a scenario with a chemical leak refuses such a wind at validation,
    // and so do wind orders and round weather (docs/input-limits.md).
    let path = Path::new("scenarios/chemical_leak/park.ron");
    let text = std::fs::read_to_string(path).unwrap();
    let bad = text.replacen("wind_m_s: 3.0", "wind_m_s: 0.2", 1);
    let d = scenario::from_text(path, &bad).unwrap_err();
    assert_eq!(d.len(), 1, "{}", headlines(&d));
    assert!(
        d[0].message
            .contains("wind 0.2 m/s is below 0.5 m/s, the lowest wind the chemical leak's plume model holds for"),
        "{}",
        d[0].message
    );
    let s = scenario::from_text(path, &text).unwrap();
    let orders = "[(at: \"00:10:00\", seat: \"facilitator\", order: SetWind(wind_m_s: 0.1, wind_from_deg: 90.0))]";
    let d = scenario::orders_file::orders_from_text(Path::new("o.ron"), orders, &s).unwrap_err();
    assert!(d[0].message.contains("below 0.5 m/s"), "{}", headlines(&d));
    // the probe refuses it too, and the limit is the plume code's own
    let (code, _, err) = drillsim_limited(
        Path::new("."),
        &[
            "probe",
            "plume",
            "--rate-kg-s",
            "1",
            "--wind-m-s",
            "0.2",
            "--stability",
            "d",
            "--x-m",
            "100",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("at least 0.5 m/s"), "{err}");
    assert_eq!(
        scenario::validate::PLUME_MIN_WIND_M_S,
        drillsim::hazard::plume::MIN_WIND_M_S
    );
    // a flood or fire scenario keeps a calm
    let flood = std::fs::read_to_string("scenarios/flood/riverside.ron").unwrap();
    scenario::from_text(
        Path::new("scenarios/flood/riverside.ron"),
        &flood.replacen("wind_m_s: 6.0", "wind_m_s: 0.0", 1),
    )
    .expect("a calm is fine without a plume");
}
