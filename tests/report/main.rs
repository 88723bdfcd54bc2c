//! After-action reports: the HTML carries the scorecard, SVG charts and PNG maps; two
//! recordings give a comparison with the plan baseline; recordings of different
//! scenarios are refused; CSV and CAP files parse back with every required element.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use drillsim::scenario;
use drillsim::scenario::orders_file;
use drillsim::sim::Engine;

mod cap;
mod print;

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

/// Record the report fixture (flood, objectives, a plan that warns) for 3 h with
/// the given orders (none: the plan plays every seat).
fn record(dir: &Path, name: &str, orders: Option<&str>, text: &str) -> PathBuf {
    let sc_path = dir.join(format!("{name}.ron"));
    std::fs::write(&sc_path, text).unwrap();
    let s = Arc::new(scenario::load(&sc_path).unwrap());
    let inputs = match orders {
        Some(o) => orders_file::orders_from_text(Path::new("o.ron"), o, &s).unwrap(),
        None => Vec::new(),
    };
    let mut e = Engine::new(s.clone(), 11, inputs).unwrap();
    let rec = dir.join(format!("{name}.drec"));
    e.record_to(&rec, 30, 120).unwrap();
    // three hours are enough for warnings, acknowledgements and the water to spread
    e.run_through(3 * 3600 / s.meta.tick_s);
    assert!(e.record_error().is_none());
    rec
}

/// The report fixture, cut to the three hours [`record`] runs: a recording of the
/// whole exercise, so that every objective is rated (a recording that stops early
/// leaves some not decided: `a_recording_that_stops_early_leaves_objectives_not_decided`).
fn fixture() -> String {
    let text = include_str!("../fixtures/report.ron");
    assert!(text.contains("duration: \"6h\""));
    text.replace("duration: \"6h\"", "duration: \"3h\"")
}

/// Well-formedness of the parts of HTML we write: every non-void element closed in order.
fn check_balanced(html: &str) {
    const VOID: [&str; 7] = ["meta", "img", "br", "hr", "link", "input", "col"];
    let mut stack: Vec<String> = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let end = start + html[start..].find('>').expect("tag closes");
        let tag = &html[start + 1..end];
        i = end + 1;
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let self_closing = tag.ends_with('/');
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().unwrap_or_default();
            assert_eq!(top, name.trim(), "mismatched </{name}> at byte {start}");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if self_closing || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            let close = html[i..].find("</style>").unwrap();
            i += close + "</style>".len();
            continue;
        }
        stack.push(name);
        let _ = b;
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn single_report_has_scorecard_charts_and_maps() {
    let dir = tempfile::tempdir().unwrap();
    let rec = record(
        dir.path(),
        "team",
        Some(include_str!("../fixtures/report_orders.ron")),
        &fixture(),
    );
    let out = dir.path().join("aar.html");
    let csv_dir = dir.path().join("csv");
    let cap_dir = dir.path().join("cap");
    let (code, stdout, err) = drillsim(&[
        "report",
        rec.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--csv",
        csv_dir.to_str().unwrap(),
        "--cap",
        cap_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    check_balanced(&html);
    // self-contained: nothing fetched
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(
        html.matches("<svg").count() >= 4,
        "timeline and three charts"
    );
    assert!(html.matches("data:image/png;base64,").count() >= 3);
    for id in ["O1", "O2", "O3", "O4", "O5"] {
        assert!(html.contains(&format!("<b>{id}</b>")), "{id}");
    }
    assert!(html.contains("class=\"r rP\"") || html.contains("class=\"r rS\""));
    assert!(html.contains("class=\"r rU\"") || html.contains("class=\"r rM\""));
    assert!(html.contains("Riverside flood"));
    assert!(html.contains("Improvement plan"));
    assert!(html.contains("contenteditable"));
    // HSEEP's improvement plan matrix: the core capability first, the capability
    // element (planning, organisation, equipment, training, exercise) a blank for the
    // hot wash — until 2026-12-01 the core capability stood in that column
    assert!(html.contains(
        "<th>#</th><th>Core capability</th><th>Issue / area for improvement</th><th>Corrective action</th><th>Capability element</th>"
    ));
    let ip = &html[html.find("<table class=\"ip\">").expect("improvement plan")..];
    let row = &ip[ip.find("<tr><td>1</td>").expect("a first row")..];
    let cells: Vec<&str> = row[..row.find("</tr>").unwrap()]
        .split("<td")
        .skip(1)
        .collect();
    assert_eq!(cells.len(), 9, "{cells:?}");
    assert!(
        !cells[1].ends_with("></td>"),
        "core capability given: {}",
        cells[1]
    );
    assert_eq!(
        cells[4], " contenteditable=\"true\"></td>",
        "capability element blank"
    );
    // district_hq gave inputs: player; the village posts did not: plan
    assert!(html.contains("<td class=\"player\">player</td>"));
    assert!(html.contains("<td class=\"plan\">plan</td>"));
    // the PNG decodes
    let b64 = html.split("data:image/png;base64,").nth(1).unwrap();
    let b64 = &b64[..b64.find('"').unwrap()];
    use base64::Engine as _;
    let png_bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let reader = dec.read_info().unwrap();
    assert!(reader.info().width >= 200);

    // CSV parses back
    let mut m = csv::Reader::from_path(csv_dir.join("metrics.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = m.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[0][1], "O1");
    assert!(["P", "S", "M", "U"].contains(&&rows[0][4]));
    let mut ev = csv::Reader::from_path(csv_dir.join("events.csv")).unwrap();
    let hdr = ev.headers().unwrap().clone();
    assert_eq!(
        hdr.iter().collect::<Vec<_>>(),
        ["recording", "tick", "t_s", "time", "event", "json"]
    );
    let evs: Vec<csv::StringRecord> = ev.records().map(|r| r.unwrap()).collect();
    assert!(evs.len() > 10);
    for r in &evs {
        let j: serde_json::Value = serde_json::from_str(&r[5]).unwrap();
        assert_eq!(j["event"], r[4].to_string());
        assert_eq!(j["t_s"].as_u64().unwrap().to_string(), r[2].to_string());
    }
    assert!(evs.iter().any(|r| &r[4] == "warning_issued"));

    // CAP files
    let files: Vec<PathBuf> = std::fs::read_dir(&cap_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let alerts = files
        .iter()
        .filter(|p| p.to_string_lossy().contains("-alert-"))
        .count();
    let acks = files
        .iter()
        .filter(|p| p.to_string_lossy().contains("-ack-"))
        .count();
    assert!(alerts >= 3, "{files:?}");
    assert!(acks >= 1, "{files:?}");
    let mut identifiers = std::collections::BTreeMap::new();
    let mut refs = Vec::new();
    for f in &files {
        let cap = cap::parse_cap(&std::fs::read_to_string(f).unwrap());
        cap::check_cap(&cap, f);
        let one = |k: &str| cap.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        let key = format!(
            "{},{},{}",
            one("alert/sender").unwrap(),
            one("alert/identifier").unwrap(),
            one("alert/sent").unwrap()
        );
        identifiers.insert(key, one("alert/msgType").unwrap());
        if let Some(r) = one("alert/references") {
            refs.push(r);
        }
    }
    // every Ack names an Alert that was written
    assert_eq!(refs.len(), acks);
    for r in refs {
        assert_eq!(
            identifiers.get(&r).map(String::as_str),
            Some("Alert"),
            "{r}"
        );
    }
}

#[test]
fn two_recordings_compare_with_the_plan_baseline_and_other_scenarios_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture();
    let a = record(
        dir.path(),
        "team_a",
        Some(include_str!("../fixtures/report_orders.ron")),
        &text,
    );
    let b = record(
        dir.path(),
        "team_b",
        Some(include_str!("../fixtures/basic_orders.ron")),
        &text,
    );
    let out = dir.path().join("cmp.html");
    let (code, stdout, err) = drillsim(&[
        "report",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    check_balanced(&html);
    assert!(html.contains("Comparison after-action report"));
    // each run's charts are captioned with its name
    let charts = &html[html.find("id=\"charts\"").unwrap()..html.find("id=\"maps\"").unwrap()];
    for label in ["team_a.drec", "team_b.drec", "Plan baseline"] {
        assert_eq!(
            charts.matches(&format!(">\n{label}\n</text>")).count(),
            3,
            "{label}"
        );
    }
    charts_print_legibly(&html);
    timelines_print_legibly(&html);
    // one table compares objectives and each place's steps with the plan baseline
    assert!(html.contains("<h3>Side by side</h3>"));
    let side = &html[html
        .find("<table class=\"side\">")
        .expect("side-by-side table")..];
    let side = &side[..side.find("</table>").unwrap()];
    assert!(
        side.contains("Steps per place"),
        "no steps in the comparison"
    );
    // only the places the flood reached (in three hours, Xiwan): a place it never
    // reached lost nothing by a late step
    assert!(
        side.contains("Xiwan village</b> — Warning issued"),
        "{side}"
    );
    assert!(!side.contains("Dongwan village</b> —"), "{side}");
    // a difference from the plan: later in red, earlier in green, a step only the
    // plan took in red (the teams never warned Xiwan)
    assert!(
        side.contains("<span class=\"warn\">+")
            || side.contains("<span class=\"good\">−")
            || side.contains("<span class=\"warn\">plan only")
    );
    // the plan baseline is in the comparisons, not in detail tables of its own
    assert!(!html.contains("<h3>Scorecard — Plan baseline</h3>"));
    assert!(html.contains("<h3>Time each seat added</h3>"));
    // its two heading rows both in the head (the second row was left in the body, its
    // headings shifted a column left under the first)
    let seats = &html[html.find("<h3>Time each seat added</h3>").unwrap()..];
    let head = &seats[..seats.find("</thead>").expect("a head")];
    assert!(
        head.contains("rowspan=\"2\"") && head.contains("Deciding"),
        "{head}"
    );
    assert!(!seats[..seats.find("</table>").unwrap()].contains("</thead><tbody><tr><th>"));
    // one inject table, a column per team
    for label in ["team_a.drec", "team_b.drec"] {
        assert!(
            html.contains(&format!("What the post did — {label}")),
            "{label}"
        );
    }
    assert_eq!(html.matches("<table class=\"inj\">").count(), 1);
    // names, not ids, in the scoring's words
    for id in [
        " at district_hq",
        "warning:dongwan",
        "v_dongwan",
        "for dongwan",
        "eng_1 to",
    ] {
        assert!(!html.contains(id), "an id on the page: {id}");
    }
    // maps: the end and the first place reached, per run, with unit tracks
    assert!(html.matches("data:image/png;base64,").count() >= 6);
    assert!(html.contains("<polyline class=\"track\""), "no unit track");

    // a different scenario: refused with a clear message, exit 1
    let other = record(
        dir.path(),
        "other",
        None,
        &text.replace("name: \"Riverside flood\"", "name: \"Other flood\""),
    );
    let (code, _, err) = drillsim(&[
        "report",
        a.to_str().unwrap(),
        other.to_str().unwrap(),
        "-o",
        dir.path().join("x.html").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("different scenario"), "{err}");
    assert!(!dir.path().join("x.html").exists());
}

/// A recording that stops before the end of its exercise (`run --until`, a session not
/// played out) rates what it decided and leaves the rest "not decided": not U, not in
/// "fell short", not an area for improvement. What it did decide is rated as the whole
/// run rates it.
#[test]
fn a_recording_that_stops_early_leaves_objectives_not_decided() {
    use drillsim::report::findings::findings;
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("../fixtures/report.ron");
    let sc_path = dir.path().join("early.ron");
    std::fs::write(&sc_path, text).unwrap();
    let s = Arc::new(scenario::load(&sc_path).unwrap());
    let rec = dir.path().join("early.drec");
    let mut e = Engine::new(s.clone(), 11, Vec::new()).unwrap();
    e.record_to(&rec, 30, 120).unwrap();
    e.run_through(3600 / s.meta.tick_s);
    assert!(e.record_error().is_none());
    drop(e);
    let mut whole = Engine::new(s.clone(), 11, Vec::new()).unwrap();
    whole.run_to_end();
    let full = drillsim::scoring::score(&s, whole.events());

    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let run = &report.runs[0];
    let open: Vec<&str> = run
        .card
        .objectives
        .iter()
        .filter(|o| o.undecided_at_s.is_some())
        .map(|o| o.id.as_str())
        .collect();
    assert!(!open.is_empty(), "{:?}", run.card.objectives);
    assert!(open.len() < run.card.objectives.len());
    for (o, f) in run.card.objectives.iter().zip(&full.objectives) {
        match o.undecided_at_s {
            Some(t) => assert_eq!(t, 3600, "{}", o.id),
            None => assert_eq!(o.rating, f.rating, "{} decided by 01:00:00", o.id),
        }
    }
    let f = findings(&report.scenario, run, drillsim::report::i18n::Lang::En);
    for id in &open {
        assert!(
            !f.areas
                .iter()
                .any(|a| a.issue.starts_with(&format!("{id} "))),
            "{id} undecided but an area for improvement"
        );
        assert!(
            f.observations
                .iter()
                .any(|o| o.starts_with(&format!("{id} ")) && o.contains("was not decided")),
            "{id}: {:?}",
            f.observations
        );
    }
    assert!(f.observations[0].contains("The recording stops at 01:00:00"));

    let html_path = dir.path().join("early.html");
    let csv_dir = dir.path().join("csv");
    let (code, _, err) = drillsim(&[
        "report",
        rec.to_str().unwrap(),
        "-o",
        html_path.to_str().unwrap(),
        "--csv",
        csv_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    check_balanced(&html);
    assert!(html.contains("(not decided: the recording stops at 01:00:00)"));
    assert!(html.contains(&format!(
        "{} objectives were not decided: the recording stops at 01:00:00, before the end of the exercise (06:00:00).",
        open.len()
    )));
    let mut m = csv::Reader::from_path(csv_dir.join("metrics.csv")).unwrap();
    for r in m.records().map(|r| r.unwrap()) {
        let undecided = open.contains(&&r[1]);
        assert_eq!(&r[4] == "not decided", undecided, "{r:?}");
    }
    // in Chinese too
    let (code, _, err) = drillsim(&[
        "report",
        rec.to_str().unwrap(),
        "-o",
        dir.path().join("early_zh.html").to_str().unwrap(),
        "--lang",
        "zh",
    ]);
    assert_eq!(code, 0, "{err}");
    let zh = std::fs::read_to_string(dir.path().join("early_zh.html")).unwrap();
    assert!(
        zh.contains("未判定:记录止于 01:00:00"),
        "no Chinese for not decided"
    );
    // beside a longer recording, the reader is told the shorter one stops first
    let longer = dir.path().join("longer.drec");
    let mut e = Engine::new(s.clone(), 11, Vec::new()).unwrap();
    e.record_to(&longer, 30, 120).unwrap();
    e.run_through(5400 / s.meta.tick_s);
    e.stop_early();
    drop(e);
    let both = drillsim::report::build(&[rec.clone(), longer]).unwrap();
    assert!(
        both.warnings
            .iter()
            .any(|w| w.contains("stops at 01:00:00, before the other recordings (up to 01:30:00)")),
        "{:?}",
        both.warnings
    );
}

#[test]
fn cap_timestamps_cross_midnight() {
    use drillsim::report::cap::timestamp;
    assert_eq!(
        timestamp("2026-07-21T14:00", 0),
        "2026-07-21T14:00:00+08:00"
    );
    assert_eq!(
        timestamp("2026-07-21T14:00", 3725),
        "2026-07-21T15:02:05+08:00"
    );
    assert_eq!(
        timestamp("2026-12-31T23:30:10", 1800),
        "2027-01-01T00:00:10+08:00"
    );
    assert_eq!(
        timestamp("2028-02-28T12:00", 86_400),
        "2028-02-29T12:00:00+08:00"
    );
}

/// A chlorine leak upwind of a housing estate, its plant at the source.
const LEAK: &str = r#"Scenario(
    meta: (name: "Leak", hazard_kinds: [ChemicalLeak], start: "2026-06-01T10:00", duration: "1h", tick: "10s", seed: 1),
    map: (
        grid: (width: 100, height: 100, cell_m: 20.0),
        layers: (elevation: Constant(20.0), land_cover: Constant(91.0)),
        roads: Inline((
            nodes: [(id: "p", cell: (50, 50)), (id: "e", cell: (80, 50)), (id: "d", cell: (45, 45))],
            edges: [(from: "p", to: "e"), (from: "p", to: "d")],
        )),
        places: [
            (id: "plant", name: "Chlor-alkali plant", kind: Plant, cell: (50, 50), population: 50, road_node: "p"),
            (id: "village", name: "East housing", kind: Village, cell: (80, 50), population: 900),
            (id: "station", name: "Hazmat station", kind: FireStation, cell: (45, 45), road_node: "d"),
        ],
    ),
    organisation: (
        nodes: [(id: "hq", name: "HQ", level: District, covers: ["village", "plant"])],
        units: [(id: "crew1", name: "Hazmat team", kind: HazmatTeam, commander: "hq", home: "station", crew: 6)],
    ),
    weather: (wind_m_s: 3.0, wind_from_deg: 270.0, cloud_octas: 8),
    hazards: [ChemicalLeak((source: "plant", substance: "chlorine", release_kg_s: [("0s", 2.0), ("2h", 2.0)], terrain: Urban, containment_setup: "15m"))],
)"#;

/// A grass fire and a chlorine leak: the maps, the hazard series and the CAP
/// categories follow the hazard.
#[test]
fn fire_and_leak_reports() {
    let fire = r#"Scenario(
    meta: (name: "Grass fire", hazard_kinds: [ForestFire], start: "2026-04-01T13:00", duration: "2h", tick: "30s", seed: 1),
    map: (
        grid: (width: 100, height: 100, cell_m: 20.0),
        layers: (elevation: Noise((seed: 3, base: 100.0, amplitude: 20.0, scale_cells: 40.0, octaves: 3)), land_cover: Constant(1.0)),
        roads: Inline((
            nodes: [(id: "a", cell: (10, 10)), (id: "b", cell: (50, 10)), (id: "c", cell: (90, 10))],
            edges: [(from: "a", to: "b"), (from: "b", to: "c")],
        )),
        places: [
            (id: "station", name: "Fire station", kind: FireStation, cell: (10, 10)),
            (id: "village", name: "North village", kind: Village, cell: (50, 20), population: 200, road_node: "b"),
        ],
    ),
    organisation: (
        nodes: [(id: "hq", name: "HQ", level: District, covers: ["village"])],
        units: [(id: "crew1", name: "Crew 1", kind: ForestFireCrew, commander: "hq", home: "station", crew: 20)],
    ),
    weather: (wind_m_s: 3.0, wind_from_deg: 180.0, cloud_octas: 0),
    hazards: [ForestFire((ignitions: [(cell: (50, 85), at: "0s")], wind_adjustment: 0.4))],
)"#;
    let leak = LEAK;
    let orders = r#"[
        (at: "00:02:00", seat: "hq", order: Warn(places: ["village"], level: Red, channel: Phone)),
        (at: "00:03:00", seat: "hq", order: Dispatch(unit: "crew1", to: "village", task: Standby)),
    ]"#;
    for (name, text, category) in [("fire", fire, "Fire"), ("leak", leak, "CBRNE")] {
        let dir = tempfile::tempdir().unwrap();
        let sc_path = dir.path().join(format!("{name}.ron"));
        std::fs::write(&sc_path, text).unwrap();
        let s = Arc::new(scenario::load(&sc_path).unwrap());
        let inputs = orders_file::orders_from_text(Path::new("o.ron"), orders, &s).unwrap();
        let mut e = Engine::new(s.clone(), 1, inputs).unwrap();
        let rec = dir.path().join(format!("{name}.drec"));
        e.record_to(&rec, 30, 120).unwrap();
        e.run_to_end();
        let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
        let run = &report.runs[0];
        let last = run.samples.last().unwrap();
        if name == "fire" {
            assert!(last.burnt_ha > 0.0, "{last:?}");
        } else {
            assert!(run.samples.iter().any(|s| s.toxic_cells > 0));
        }
        assert!(run.maps.len() >= 3);
        let html = drillsim::report::html::render(&report);
        check_balanced(&html);
        let msgs = drillsim::report::cap::messages(&report.scenario, run, "t").unwrap();
        assert!(!msgs.is_empty(), "{name}: a warning was issued");
        let alert = cap::parse_cap(&msgs[0].xml);
        assert!(
            alert
                .iter()
                .any(|(k, v)| k == "alert/info/category" && v == category),
            "{alert:?}"
        );
    }
}

/// The charts of a comparison print three to an A4 row, each about 61 mm wide
/// ((188 mm of text width less two 6-px gaps) / 3): every text in them must then print
/// at 6 pt (2.1 mm) or more. Until 2026-12-01 they were drawn 560 px wide with 9.7-px
/// labels, which printed at 2.9 pt. Each chart's legend is the page's, in its text size.
fn charts_print_legibly(html: &str) {
    let start = html.find("id=\"charts\"").expect("charts section");
    let end = html[start..].find("id=\"maps\"").expect("maps section") + start;
    let section = &html[start..end];
    let mut n = 0;
    for svg in section.split("<svg width=\"").skip(1) {
        let width: f64 = svg[..svg.find('"').unwrap()].parse().unwrap();
        if width < 100.0 {
            continue; // a legend's swatch
        }
        let svg = &svg[..svg.find("</svg>").unwrap()];
        for part in svg.split("font-size=\"").skip(1) {
            let size: f64 = part[..part.find('"').unwrap()].parse().unwrap();
            let mm = size / width * 61.0;
            assert!(
                mm >= 6.0 * 0.3528,
                "text of {size} px in a chart {width} px wide prints at {:.1} pt",
                mm / 0.3528
            );
            n += 1;
        }
    }
    assert!(n > 50, "only {n} texts in the charts");
    // the legends are on the page, once per chart row
    for words in [
        "never acknowledged (their number beside the cross)",
        "warning issued",
    ] {
        assert!(section.contains(words), "{words}");
    }
}

/// The timelines print across A4's text width (190 mm between margins of 10 mm):
/// every text in them — lane names, the time axis, the markers' labels — must print
/// at 6 pt or more. Until 2026-12-01 they were 1,180 px wide with 9-px labels, which
/// printed at 4 pt. And a lane's line for an acknowledgement that never came runs
/// below its markers, not through the response levels' squares.
fn timelines_print_legibly(html: &str) {
    let start = html.find("id=\"timeline\"").expect("timeline section");
    let end = html[start..]
        .find("<h2")
        .map_or(html.len(), |k| k + start + 3);
    let section = &html[start..end];
    let page_mm = 190.0;
    let mut n = 0;
    let mut timelines = 0;
    for svg in section.split("class=\"timeline\" width=\"").skip(1) {
        timelines += 1;
        let width: f64 = svg[..svg.find('"').unwrap()].parse().unwrap();
        let svg = &svg[..svg.find("</svg>").unwrap()];
        for part in svg.split("font-size=\"").skip(1) {
            let size: f64 = part[..part.find('"').unwrap()].parse().unwrap();
            let mm = size / width * page_mm;
            assert!(
                mm >= 6.0 * 0.3528,
                "text of {size} px in a timeline {width} px wide prints at {:.1} pt",
                mm / 0.3528
            );
            n += 1;
        }
        // the waiting lines' horizontal runs, below every square of their lane
        for path in svg.split("<path d=\"M").skip(1) {
            let d = &path[..path.find('"').unwrap()];
            let y: f64 = d
                .split(" H")
                .next()
                .and_then(|v| v.rsplit('V').next())
                .unwrap()
                .parse()
                .unwrap();
            for rect in svg.split("<rect x=\"").skip(1) {
                let attr = |name: &str| -> f64 {
                    let k = rect.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    rect[k..k + rect[k..].find('"').unwrap()].parse().unwrap()
                };
                if attr("width") != 7.0 {
                    continue; // not a response level's square
                }
                let (top, h) = (attr("y"), 7.0);
                assert!(
                    y < top || y > top + h,
                    "a waiting line at y {y} crosses a square at {top}"
                );
            }
        }
    }
    assert!(timelines >= 2, "the teams' timelines");
    // each timeline's own size (names, axis) and its labels' sizes
    assert!(n > timelines, "no labels in the timelines: {n} sizes");
    assert!(
        section.contains("never acknowledged: the lane waits to the end of the run"),
        "the waiting line is in the legend"
    );
}

/// The report fixture with its one acknowledgement objective (every seat, 5 min)
/// replaced by two that count different seats against different targets.
fn fixture_two_ack_targets() -> String {
    let text = fixture();
    let old = r#"(id: "O1", title: "Acknowledge warnings and injects within 5 minutes", capability: "Operational Communications", target: AcknowledgeWithin(within: "5m")),"#;
    assert!(text.contains(old), "the fixture's O1 changed");
    text.replace(
        old,
        r#"(id: "O1", title: "Village posts acknowledge within 10 minutes", capability: "Operational Communications", target: AcknowledgeWithin(within: "10m", seats: ["v_dongwan", "v_hedong", "v_xiwan"])),
        (id: "O6", title: "The HQ acknowledges within 3 minutes", capability: "Operational Communications", target: AcknowledgeWithin(within: "3m", seats: ["district_hq"])),"#,
    )
}

/// An item never acknowledged by a post no objective asks to acknowledge (here Nanzhuang
/// township, played by people who never acknowledge) is shown, but not as a failure:
/// a grey ring without the lane's red waiting line on the timeline, a grey cross in
/// the time-to-acknowledge chart, and the legends say so. Until 2026-12-02 a full
/// score's district HQ lane was red from end to end for injects it acted on.
#[test]
fn items_no_objective_asks_to_acknowledge_are_not_shown_as_failures() {
    let dir = tempfile::tempdir().unwrap();
    let orders = r#"[
        (at: "00:00:00", seat: "facilitator", order: SetSeatMode(seat: "town_s", human: true)),
        (at: "00:00:00", seat: "facilitator", order: SetSeatMode(seat: "v_dongwan", human: true)),
    ]"#;
    let rec = record(
        dir.path(),
        "uncounted",
        Some(orders),
        &fixture_two_ack_targets(),
    );
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let s = &report.scenario;
    let run = &report.runs[0];
    let bars = drillsim::report::acks::bars(s, run);
    let never = |seat: &str| {
        bars.iter()
            .filter(|b| b.seat == seat && !b.acknowledged)
            .count()
    };
    assert!(
        never("town_s") > 0,
        "the township never acknowledged: {bars:?}"
    );
    assert!(
        never("v_dongwan") > 0,
        "Dongwan never acknowledged: {bars:?}"
    );
    let en = drillsim::report::i18n::Lang::En;
    let t_end = (run.last_tick * s.meta.tick_s) as f64;
    let svg = drillsim::report::timeline::svg(s, run, t_end, en);
    // Dongwan's red ring and waiting line; the township's rings grey, without one
    assert!(
        svg.contains("stroke=\"#c62828\" stroke-width=\"2.5\""),
        "a red ring"
    );
    assert!(
        svg.contains("stroke=\"#9e9e9e\" stroke-width=\"2.5\""),
        "a grey ring"
    );
    assert_eq!(
        svg.matches("stroke-dasharray=\"4,3\"").count(),
        1,
        "one waiting line, Dongwan's"
    );
    assert!(svg.contains("not acknowledged (no target for this post)"));
    let legend = drillsim::report::timeline::legend_html(s, en);
    assert!(legend.contains("not acknowledged (no target for this post)"));
    let chart = drillsim::report::charts::ack_times(&run.label, &bars, 30.0, en);
    let lower = chart.to_lowercase();
    assert!(lower.contains("stroke=\"#c81e1e\""), "Dongwan's red cross");
    assert!(
        lower.contains("stroke=\"#828282\""),
        "the township's grey cross"
    );
    // the inject table says it plainly for the township's I02, in red for Dongwan's I03
    let html = drillsim::report::html::render(&report);
    let injects = &html[html.find("<table class=\"inj\">").expect("inject table")..];
    let row = |id: &str| {
        let r = &injects[injects.find(&format!("<b>{id}</b>")).unwrap()..];
        r[..r.find("</tr>").unwrap()].to_string()
    };
    assert!(
        row("I02").contains("not acknowledged (no target for this post)")
            && !row("I02").contains("warn"),
        "{}",
        row("I02")
    );
    assert!(row("I03").contains("<span class=\"warn\">never acknowledged"));
}

/// The time-to-acknowledge chart measures each seat against its own target (10 min
/// for the village posts, 3 min for the HQ, none for the township), shows the items
/// never acknowledged (Dongwan's post is played by people who never acknowledge the
/// levee seepage inject I03) and puts
/// every bar and target on an axis that holds them.
#[test]
fn ack_chart_uses_each_seats_own_target_and_shows_what_was_never_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let orders = r#"[
        (at: "00:00:00", seat: "facilitator", order: SetSeatMode(seat: "v_dongwan", human: true)),
        (at: "00:12:00", seat: "district_hq", order: Acknowledge(item: "I01")),
    ]"#;
    let rec = record(dir.path(), "acks", Some(orders), &fixture_two_ack_targets());
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let s = &report.scenario;
    let run = &report.runs[0];
    let bars = drillsim::report::acks::bars(s, run);
    assert!(!bars.is_empty());
    for b in &bars {
        let want = match b.seat.as_str() {
            "v_dongwan" | "v_hedong" | "v_xiwan" => Some(600),
            "district_hq" => Some(180),
            _ => None,
        };
        assert_eq!(b.target_s, want, "{b:?}");
    }
    // every item that waited gives a bar
    let waited = run
        .events
        .iter()
        .filter(|e| matches!(e.kind, drillsim::sim::events::EventKind::AwaitingAck { .. }))
        .count();
    assert_eq!(bars.len(), waited);
    let never: Vec<_> = bars.iter().filter(|b| !b.acknowledged).collect();
    assert!(
        never
            .iter()
            .any(|b| b.seat == "v_dongwan" && b.item == "I03"),
        "Dongwan's unanswered I03 is missing: {bars:?}"
    );
    // I01 waited 12 minutes at the HQ: late against the HQ's 3 minutes
    let i01 = bars.iter().find(|b| b.item == "I01").unwrap();
    assert_eq!(i01.waited_s, 720);
    assert!(i01.late());
    let svg = drillsim::report::charts::ack_times(
        &run.label,
        &drillsim::report::acks::bars(s, run),
        20.0,
        drillsim::report::i18n::Lang::En,
    );
    // the seat's name whole, and the count of items never acknowledged in red beside
    // the row's cross (in the name it cut long names short)
    let lines: Vec<&str> = svg.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.trim().starts_with("Dongwan village") && !l.contains("never")),
        "the seat's name alone: {svg}"
    );
    // the charts' red, RGB (200, 30, 30)
    let red = drillsim::report::palette::hex([200, 30, 30]);
    assert!(
        lines.windows(2).any(|w| w[0].starts_with("<text")
            && w[0].to_lowercase().contains(&red)
            && w[1].trim() == "1"),
        "the unanswered item is not counted beside its cross: {svg}"
    );
    assert!(svg.contains("Dongwan village"), "seats named: {svg}");
    // the axis holds every acknowledged wait and every target, with room to spare
    let ax = drillsim::report::acks::axis_max_min(
        bars.iter()
            .flat_map(|b| [b.acknowledged.then_some(b.waited_s), b.target_s])
            .flatten()
            .map(|x| x as f64 / 60.0),
    );
    assert!(ax >= 12.0 * 1.15, "axis to {ax} min");
    // one-minute acknowledgements never fill the axis
    assert!(drillsim::report::acks::axis_max_min([1.0, 1.0]) >= 2.0);
    // the ticks of a short axis are told apart (the leak report read "0 0 1 2 2")
    let ticks: Vec<String> = [0.0, 0.5, 1.0, 1.5, 2.0]
        .into_iter()
        .map(drillsim::report::acks::minutes_tick)
        .collect();
    assert_eq!(ticks, ["0", "0.5", "1", "1.5", "2"]);
}

/// The people chart agrees with the scorecard: the people exposed at the end are the
/// scorecard's, and people not yet evacuated are counted only at places the hazard
/// reaches in the run (Beiqiao, on the north bank, is never reached).
#[test]
fn people_at_risk_agree_with_the_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    let rec = record(dir.path(), "plan", None, &fixture());
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let s = &report.scenario;
    let run = &report.runs[0];
    // the scorecard's count: the run's outcome, or the exposures summed (as `score` does)
    let exposed = run
        .events
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            drillsim::sim::events::EventKind::Outcome { people_exposed, .. } => {
                Some(*people_exposed)
            }
            _ => None,
        })
        .unwrap_or_else(|| {
            drillsim::sim::events::sum_counts(&run.events, |k| match k {
                drillsim::sim::events::EventKind::PeopleExposed { people, .. } => Some(*people),
                _ => None,
            })
        });
    assert_eq!(run.samples.last().unwrap().people_exposed, exposed);
    let reached: std::collections::BTreeSet<&str> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            drillsim::sim::events::EventKind::PlaceReached { place, .. } => Some(place.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        !reached.contains("beiqiao"),
        "the fixture changed: {reached:?}"
    );
    let at_risk: u32 = s
        .places
        .iter()
        .filter(|p| reached.contains(p.id.as_str()))
        .map(|p| p.population)
        .sum();
    let peak = run
        .samples
        .iter()
        .map(|x| x.people_not_evacuated)
        .max()
        .unwrap();
    assert!(
        peak <= at_risk,
        "{peak} not evacuated counted against {at_risk} living where the water goes"
    );
    assert!(peak > 0);
    // the chart draws the people exposed in ink, not in the warnings' red (#C81E1E):
    // the two could not be told apart
    let chart = drillsim::report::charts::people_at_risk(
        &drillsim::report::charts::Measures::of(s, run, report.lang),
        3.0 * 3600.0,
        1000.0,
        report.lang,
    );
    let exposed_line = chart
        .split("<polyline")
        .skip(1)
        .filter(|p| p.contains("stroke=\"#1E1E1E\""))
        .count();
    assert!(exposed_line > 0, "the exposed series in ink");
}

/// Findings name the right party: nobody the plan played, not the plant at a leak's
/// source for "never warned", and no improvement row for a team that met every
/// objective.
#[test]
fn findings_blame_only_the_team_and_only_when_something_was_missed() {
    use drillsim::report::findings::findings;
    let dir = tempfile::tempdir().unwrap();
    // the slow team holds the district HQ; every other seat is the plan's
    let rec = record(
        dir.path(),
        "slow",
        Some(include_str!("../fixtures/report_orders.ron")),
        &fixture(),
    );
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let s = &report.scenario;
    let run = &report.runs[0];
    let f = findings(s, run, drillsim::report::i18n::Lang::En);
    assert!(!f.areas.is_empty());
    let team: Vec<String> = run
        .player_seats
        .iter()
        .map(|id| drillsim::report::acks::seat_name(s, id))
        .collect();
    for a in &f.areas {
        assert!(
            a.responsible.is_empty() || team.contains(&a.responsible),
            "a corrective action asked of {} (played by the plan): {}",
            a.responsible,
            a.issue
        );
    }
    // a team that meets every objective: no area for improvement, no plan row
    let easy = fixture().replace(
        r#"objectives: ["#,
        r#"objectives: [
        (id: "E1", title: "Acknowledge within six hours", capability: "Operational Communications", target: AcknowledgeWithin(within: "6h")),
    ],
    old_objectives: ["#,
    );
    let easy = strip_old_objectives(&easy);
    let rec = record(dir.path(), "easy", None, &easy);
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let run = &report.runs[0];
    assert!(run.card.total >= run.card.max_total, "{:?}", run.card.total);
    let f = findings(&report.scenario, run, drillsim::report::i18n::Lang::En);
    assert!(f.areas.is_empty(), "{:?}", f.areas);
    let html = drillsim::report::html::render(&report);
    assert!(html.contains("No corrective action is called for"));
}

/// The objectives list after `old_objectives: [` removed (its brackets balanced).
fn strip_old_objectives(text: &str) -> String {
    let start = text.find("    old_objectives: [").expect("marker");
    let mut depth = 0;
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => {
                depth -= 1;
                if depth == 0 {
                    end = start + i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    let rest = text[end..].trim_start_matches(',');
    format!("{}{}", &text[..start], rest)
}

/// A chlorine leak at a plant with people: the plant is where the gas starts, so no
/// finding says it "was never warned".
#[test]
fn the_plant_at_the_leak_source_is_not_blamed_for_missing_its_warning() {
    // the shared leak, 40 minutes long
    let leak = LEAK.replace("duration: \"1h\"", "duration: \"40m\"");
    let orders = r#"[(at: "00:20:00", seat: "hq", order: Warn(places: ["village"], level: Red, channel: Phone))]"#;
    let dir = tempfile::tempdir().unwrap();
    let sc_path = dir.path().join("leak.ron");
    std::fs::write(&sc_path, leak).unwrap();
    let s = Arc::new(scenario::load(&sc_path).unwrap());
    let inputs = orders_file::orders_from_text(Path::new("o.ron"), orders, &s).unwrap();
    let mut e = Engine::new(s.clone(), 1, inputs).unwrap();
    let rec = dir.path().join("leak.drec");
    e.record_to(&rec, 30, 120).unwrap();
    e.run_to_end();
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let run = &report.runs[0];
    assert!(
        run.events.iter().any(|e| matches!(&e.kind, drillsim::sim::events::EventKind::PlaceReached { place, .. } if place == "plant")),
        "the gas reaches the plant"
    );
    let f = drillsim::report::findings::findings(
        &report.scenario,
        run,
        drillsim::report::i18n::Lang::En,
    );
    for text in f
        .areas
        .iter()
        .map(|a| a.issue.clone())
        .chain(f.observations.clone())
    {
        assert!(!text.contains("Chlor-alkali plant"), "{text}");
        // no objective sets an acknowledgement target here: nothing is "late" against one
        assert!(!text.contains("acknowledgement target ("), "{text}");
        assert!(!text.contains("late against"), "{text}");
    }
    // nor does the executive summary or the place table call the plant unwarned
    let html = drillsim::report::html::render(&report);
    let summary = &html[..html.find("<h2").map_or(html.len(), |i| {
        html[i + 3..].find("<h2").map_or(html.len(), |j| i + 3 + j)
    })];
    if let Some(at) = summary.find("Reached without any warning") {
        let sentence = &summary[at..at + summary[at..].find('.').unwrap_or(0)];
        assert!(!sentence.contains("Chlor-alkali plant"), "{sentence}");
    }
    let row = html
        .split("<tr>")
        .map(|r| r.split("</tr>").next().unwrap_or(""))
        .find(|r| r.contains("Chlor-alkali plant") && r.contains("never warned"));
    assert!(row.is_none(), "{row:?}");
    assert!(
        html.contains("hazard source"),
        "the plant's lead time names the source"
    );
}

/// Items a seat never acknowledged, when no objective gives that seat an
/// acknowledgement target: the finding says they were never acknowledged, not that
/// they were late against a target (in Chinese the target used to print as a blank).
#[test]
fn never_acknowledged_without_a_target_is_not_called_late() {
    use drillsim::report::findings::findings;
    let dir = tempfile::tempdir().unwrap();
    // the fixture without its acknowledgement objective; the slow team holds the HQ
    let text = fixture();
    let start = text
        .find("target: AcknowledgeWithin")
        .expect("an ack objective");
    let line_start = text[..start].rfind("\n").unwrap();
    let line_end = start + text[start..].find("\n").unwrap();
    let no_ack = format!("{}{}", &text[..line_start], &text[line_end..]);
    assert!(!no_ack.contains("AcknowledgeWithin"));
    // the slow team, without its one acknowledgement: I01 waits at the HQ to the end
    let orders = include_str!("../fixtures/report_orders.ron")
        .lines()
        .filter(|l| !l.contains("Acknowledge("))
        .collect::<Vec<_>>()
        .join("\n");
    let rec = record(dir.path(), "slow", Some(&orders), &no_ack);
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let run = &report.runs[0];
    let bars = drillsim::report::acks::bars(&report.scenario, run);
    assert!(
        bars.iter()
            .any(|b| !b.acknowledged && run.player_seats.contains(&b.seat)),
        "the team leaves something unacknowledged"
    );
    for lang in [
        drillsim::report::i18n::Lang::En,
        drillsim::report::i18n::Lang::Zh,
    ] {
        let f = findings(&report.scenario, run, lang);
        let texts: Vec<String> = f
            .areas
            .iter()
            .flat_map(|a| [a.issue.clone(), a.short.clone().unwrap_or_default()])
            .chain(f.observations.clone())
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.contains("never acknowledged") || t.contains("始终未确认")),
            "{texts:?}"
        );
        for t in &texts {
            assert!(!t.contains("acknowledgement target ("), "{t}");
            assert!(!t.contains("late against"), "{t}");
            assert!(
                !t.contains("超出其 的确认时限") && !t.contains("超出  的"),
                "{t}"
            );
            // a post that decided and relayed nothing is not credited with 0 s of each
            assert!(
                !t.contains("added 00:00:00 deciding and 00:00:00 relaying")
                    && !t.contains("决策耗时 00:00:00,转达耗时 00:00:00"),
                "{t}"
            );
        }
    }
}

/// Where the time went: one line per place the flood touched, with names, the
/// chain of times and the lead time; one line per inject with what the post did.
#[test]
fn where_the_time_went_per_place_and_per_inject() {
    let dir = tempfile::tempdir().unwrap();
    let rec = record(
        dir.path(),
        "slow",
        Some(include_str!("../fixtures/report_orders.ron")),
        &fixture(),
    );
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let s = &report.scenario;
    let run = &report.runs[0];
    let lines = drillsim::report::where_time_went::places(s, run);
    let dong = lines
        .iter()
        .find(|l| l.place == "dongwan")
        .expect("Dongwan is listed");
    assert_eq!(dong.name, "Dongwan village");
    // the slow team warned Dongwan at 00:25:00: issued then, households later
    assert_eq!(dong.warning_issued_s, Some(25 * 60));
    assert!(dong.households_warned_s.unwrap() >= dong.warning_issued_s.unwrap());
    if let (Some(a), Some(w)) = (dong.arrival_s, dong.households_warned_s) {
        assert_eq!(dong.lead_s(), Some(a as i64 - w as i64));
    }
    assert!(dong.longest_step().is_some());
    assert!(
        lines
            .iter()
            .all(|l| l.place != "beiqiao" || l.arrival_s.is_none())
    );
    let inj = drillsim::report::where_time_went::injects(s, run, drillsim::report::i18n::Lang::En);
    let i01 = inj.iter().find(|l| l.id == "I01").unwrap();
    assert_eq!(i01.delivered_s, Some(0));
    assert_eq!(i01.acknowledged_after_s, Some(720));
    assert_eq!(i01.to, "District flood-control HQ");
    assert!(
        i01.actions
            .iter()
            .any(|(t, a)| *t == 14 * 60 && a.contains("III")),
        "{:?}",
        i01.actions
    );
    assert!(
        i01.delay_s.is_some_and(|d| d <= 14 * 60),
        "{:?}",
        i01.delay_s
    );
    let html = drillsim::report::html::render(&report);
    assert!(html.contains("Where the time went"));
    assert!(html.contains("<td>Dongwan village</td>"));
    assert!(html.contains("Raise response to level III; warn townships."));
}

/// `--name` names every recording or none: a list of another length is refused before
/// anything is read, with the counts.
#[test]
fn a_name_list_of_the_wrong_length_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aar.html");
    for names in [&["Alpha"][..], &["Alpha", "Bravo", "Charlie"][..]] {
        let mut args = vec!["report", "a.drec", "b.drec", "-o", out.to_str().unwrap()];
        for n in names {
            args.extend(["--name", n]);
        }
        let (code, _, err) = drillsim(&args);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!("{} --name given for 2 recordings", names.len())),
            "{err}"
        );
        assert!(!out.exists());
    }
}

/// A place told to shelter in place is shown so: in the place table ("shelter in
/// place" and the time, not a blank evacuation column), in the comparison's steps, and
/// on the maps (its own colour, in the legend), in English and Chinese. Until
/// 2026-12-01 a sheltering place read as one nobody protected.
#[test]
fn shelter_in_place_shows_in_the_place_table_and_on_the_maps() {
    let dir = tempfile::tempdir().unwrap();
    let sc_path = dir.path().join("leak.ron");
    std::fs::write(&sc_path, LEAK).unwrap();
    let s = Arc::new(scenario::load(&sc_path).unwrap());
    let orders = r#"[
        (at: "00:02:00", seat: "hq", order: Warn(places: ["village"], level: Red, channel: Phone)),
        (at: "00:04:00", seat: "hq", order: ShelterInPlace(place: "village")),
    ]"#;
    let inputs = orders_file::orders_from_text(Path::new("o.ron"), orders, &s).unwrap();
    let mut e = Engine::new(s.clone(), 1, inputs).unwrap();
    let rec = dir.path().join("leak.drec");
    e.record_to(&rec, 30, 120).unwrap();
    e.run_to_end();
    let mut report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let html = drillsim::report::html::render(&report);
    check_balanced(&html);
    let row = html
        .split("<tr>")
        .find(|r| r.starts_with("<td>East housing</td>"))
        .expect("East housing has a row in the place table");
    assert!(row.contains("shelter in place 00:04:00"), "{row}");
    // the maps after 00:04 colour the estate as sheltering, and the legend says so
    assert!(
        html.contains("fill=\"#f082be\""),
        "a sheltering dot on a map"
    );
    assert!(html.contains("sheltering in place"), "the legend names it");
    // the status colours are the GUI's: warned purple, not the yellow of AEGL-1
    let warned = drillsim::report::palette::hex(drillsim::report::palette::WARNED);
    assert_eq!(warned, "#825adc");
    assert!(html.contains(&format!("fill=\"{warned}\"")));
    assert!(!html.contains("#ffd600"));
    report.set_lang(drillsim::report::i18n::Lang::Zh);
    let zh = drillsim::report::html::render(&report);
    assert!(zh.contains("就地避险 00:04:00"));
    // a run where nobody sheltered has no such legend entry
    let rec2 = dir.path().join("warn-only.drec");
    let inputs = orders_file::orders_from_text(
        Path::new("o.ron"),
        &orders.replace("ShelterInPlace(place: \"village\")", "SetLevel(level: IV)"),
        &s,
    )
    .unwrap();
    let mut e = Engine::new(s.clone(), 1, inputs).unwrap();
    e.record_to(&rec2, 30, 120).unwrap();
    e.run_to_end();
    let report = drillsim::report::build(std::slice::from_ref(&rec2)).unwrap();
    let html = drillsim::report::html::render(&report);
    assert!(!html.contains("sheltering in place"));
    assert!(!html.contains("#f082be"));
}

/// The cascade's plant is where the chlorine starts, but the flood reaches it first:
/// against the flood it could have been warned, so it is not excused as the hazard's
/// source (the slow team's report read "hazard source" for a plant the flood reached
/// unwarned).
#[test]
fn a_leak_source_reached_first_by_the_flood_is_not_excused() {
    let dir = tempfile::tempdir().unwrap();
    let cascade = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cascade");
    let s = scenario::open(&cascade.join("cascade.ron")).unwrap();
    let inputs = orders_file::load_orders(&cascade.join("orders_slow.ron"), &s).unwrap();
    let mut e = Engine::new(s.clone(), s.meta.seed, inputs).unwrap();
    let rec = dir.path().join("slow.drec");
    e.record_to(&rec, 30, 120).unwrap();
    e.run_through(3 * 3600 / s.meta.tick_s);
    assert!(e.record_error().is_none());
    let report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let lines = drillsim::report::where_time_went::places(&report.scenario, &report.runs[0]);
    let plant = lines
        .iter()
        .find(|l| l.place == "plant")
        .expect("the flood reached the plant");
    assert!(plant.arrival_s.is_some());
    assert!(!plant.hazard_source, "{plant:?}");
    if plant.households_warned_s.is_none() {
        assert!(plant.reached_unwarned());
    }
}

/// A unit the team ordered out that found no usable road is not "never dispatched":
/// the findings say it was cut off, and no longer claim every unit was put to work.
#[test]
fn a_unit_cut_off_on_its_way_is_not_called_idle() {
    use drillsim::report::findings::findings;
    use drillsim::report::i18n::Lang;
    use drillsim::sim::events::{Event, EventKind};
    let dir = tempfile::tempdir().unwrap();
    let rec = record(
        dir.path(),
        "cut",
        Some(include_str!("../fixtures/report_orders.ron")),
        &fixture(),
    );
    let mut report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    let s = report.scenario.clone();
    let run = &mut report.runs[0];
    let before = findings(&s, run, Lang::En);
    let idle_before = before
        .observations
        .iter()
        .chain(before.areas.iter().map(|a| &a.issue))
        .find(|t| t.starts_with("Idle resources"))
        .cloned();
    // a unit that was never dispatched, now ordered out and cut off
    let dispatched: Vec<String> = run
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::UnitDispatched { unit, .. } => Some(unit.clone()),
            _ => None,
        })
        .collect();
    let unit = s
        .org
        .units
        .iter()
        .map(|u| s.org.member(u.member).id.clone())
        .find(|id| !dispatched.contains(id))
        .expect("the fixture leaves a unit idle");
    let name = s.org.member(s.org.find(&unit).unwrap()).name.clone();
    assert!(idle_before.as_deref().is_some_and(|t| t.contains(&name)));
    run.events.push(Event {
        tick: 1,
        t_s: 10,
        kind: EventKind::UnitCutOff {
            unit: unit.clone(),
            to: "dongwan".into(),
        },
    });
    let after = findings(&s, run, Lang::En);
    let all: Vec<&String> = after
        .observations
        .iter()
        .chain(after.areas.iter().map(|a| &a.issue))
        .chain(after.strengths.iter())
        .collect();
    assert!(
        all.iter()
            .any(|t| t.starts_with("Ordered out but cut off") && t.contains(&name)),
        "{all:?}"
    );
    assert!(
        !all.iter()
            .any(|t| t.starts_with("Idle resources") && t.contains(&name)),
        "{all:?}"
    );
    assert!(
        !all.iter().any(|t| t.starts_with("Every one of the")),
        "{all:?}"
    );
}

/// The timeline draws a road's reopening as well as its closure: on the bundled hills
/// exercise the fire closes the ridge road and it is passable again at 00:33:50, which
/// read as the same road closed again and again.
#[test]
fn the_timeline_shows_a_road_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let hills = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/forest_fire");
    let rec = dir.path().join("slow.drec");
    let (code, out, err) = drillsim(&[
        "run",
        hills.join("hills.ron").to_str().unwrap(),
        "--orders",
        hills.join("orders_slow.ron").to_str().unwrap(),
        "--until",
        "01:00:00",
        "--record",
        rec.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let mut report = drillsim::report::build(std::slice::from_ref(&rec)).unwrap();
    assert!(
        report.runs[0].events.iter().any(|e| matches!(
            e.kind,
            drillsim::sim::events::EventKind::RoadReopened { .. }
        )),
        "the scenario changed: no road reopens by 01:00"
    );
    let html = drillsim::report::html::render(&report);
    assert!(
        html.contains(" road reopened "),
        "a reopening marker with its title"
    );
    report.set_lang(drillsim::report::i18n::Lang::Zh);
    let zh = drillsim::report::html::render(&report);
    assert!(zh.contains("道路恢复通行"));
}

/// `bytes` of a recording with its header (the first frame) given `"flood_kernel": k`.
fn with_flood_kernel(bytes: &[u8], k: u32) -> Vec<u8> {
    let magic = b"DRILLSIM-REC\n".len();
    let len = u32::from_le_bytes(bytes[magic..magic + 4].try_into().unwrap()) as usize;
    let kind = bytes[magic + 4];
    let payload = &bytes[magic + 5..magic + 5 + len];
    let mut header: serde_json::Value = serde_json::from_slice(payload).unwrap();
    header["flood_kernel"] = k.into();
    let payload = serde_json::to_vec(&header).unwrap();
    let mut crc = crc32fast::Hasher::new();
    crc.update(&[kind]);
    crc.update(&payload);
    let mut out = bytes[..magic].to_vec();
    out.extend((payload.len() as u32).to_le_bytes());
    out.push(kind);
    out.extend(&payload);
    out.extend(crc.finalize().to_le_bytes());
    out.extend(&bytes[magic + 5 + len + 4..]);
    out
}

/// Recordings of a flood made with different flood kernel versions compare: the plan
/// baseline runs the newest of their versions whatever the order of the files, and the
/// report warns; recordings of one version give no warning. A version this build lacks
/// is refused naming the file, before anything is re-simulated.
#[test]
fn recordings_of_different_flood_kernels_compare_with_a_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // riverside, seed 1, to 00:10, written by the build before kernel versions (1)
    let old = root.join("tests/fixtures/riverside_kernel1.drec");
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.drec");
    let s = Arc::new(scenario::load(&root.join("scenarios/flood/riverside.ron")).unwrap());
    let mut e = Engine::new(s.clone(), 1, Vec::new()).unwrap();
    e.record_to(&new, 20, 0).unwrap();
    e.run_through(600 / s.meta.tick_s);
    assert!(e.record_error().is_none());
    drop(e);

    let a = drillsim::report::build(&[old.clone(), new.clone()]).unwrap();
    let b = drillsim::report::build(&[new.clone(), old.clone()]).unwrap();
    let baseline = |r: &drillsim::report::Report| {
        let run = r.runs.last().unwrap();
        assert!(run.is_baseline());
        serde_json::to_string(&run.events).unwrap()
    };
    assert_eq!(baseline(&a), baseline(&b));
    for r in [&a, &b] {
        let kernels: Vec<u32> = r.runs.iter().map(|run| run.flood_kernel).collect();
        let want = if r.runs[0].path.as_deref() == Some(old.as_path()) {
            [1, 2, 2]
        } else {
            [2, 1, 2]
        };
        assert_eq!(
            kernels, want,
            "each recording its own version, the baseline the newest"
        );
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].contains("different flood kernel versions"));
        assert!(r.warnings[0].contains("version 1") && r.warnings[0].contains("version 2"));
    }
    let again = dir.path().join("again.drec");
    std::fs::copy(&new, &again).unwrap();
    let same = drillsim::report::build(&[new.clone(), again.clone()]).unwrap();
    assert!(
        same.warnings.iter().all(|w| !w.contains("kernel")),
        "{:?}",
        same.warnings
    );

    let bad = dir.path().join("bad.drec");
    std::fs::write(&bad, with_flood_kernel(&std::fs::read(&new).unwrap(), 3)).unwrap();
    assert_eq!(
        drillsim::record::read(&bad).unwrap().header.flood_kernel,
        3,
        "the forged header reads"
    );
    let err = drillsim::report::build(&[new.clone(), bad.clone()]).unwrap_err();
    assert!(err.starts_with(&bad.display().to_string()), "{err}");
    assert!(err.contains("unknown flood kernel version 3"), "{err}");
}

#[test]
fn a_recording_given_twice_is_refused_and_different_seeds_are_told() {
    // the same file twice made two teams of one name; seeds 1 and 2 were compared
    // without a word, against a baseline on seed 1
    let dir = tempfile::tempdir().unwrap();
    let p = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
    for (seed, f) in [("1", "s1.drec"), ("2", "s2.drec")] {
        let (code, _, err) = drillsim(&[
            "run",
            "tests/fixtures/basic.ron",
            "--seed",
            seed,
            "--until",
            "10m",
            "--record",
            &p(f),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    std::fs::copy(p("s1.drec"), p("copy.drec")).unwrap();
    let (code, _, err) = drillsim(&["report", &p("s1.drec"), &p("s1.drec"), "-o", &p("a.html")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is given twice"), "{err}");
    let (code, _, err) = drillsim(&["report", &p("s1.drec"), &p("s2.drec"), "-o", &p("b.html")]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("different seeds") && err.contains("seed 2"),
        "{err}"
    );
    let (code, _, err) = drillsim(&["report", &p("s1.drec"), &p("copy.drec"), "-o", &p("c.html")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("hold the same exercise"), "{err}");
    assert!(!err.contains("different seeds"), "{err}");
}
