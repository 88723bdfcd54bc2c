//! Scenario mistakes: each kind is reported with its message at the right
//! file:line:col, all at once, and no mutated input makes validation panic.

use std::path::Path;

use drillsim::scenario::{self, Diagnostic};
use drillsim::source::line_col;
use proptest::prelude::*;

const BASE: &str = include_str!("fixtures/basic.ron");

/// Replace the first `find` (after `after`, if given) by `with`; validate; return the
/// diagnostics and the (line, col) where the replacement starts.
fn mutate(after: &str, find: &str, with: &str) -> (Vec<Diagnostic>, (usize, usize)) {
    let start = BASE
        .find(after)
        .unwrap_or_else(|| panic!("fixture lacks `{after}`"));
    let at = start
        + BASE[start..]
            .find(find)
            .unwrap_or_else(|| panic!("fixture lacks `{find}` after `{after}`"));
    let text = format!("{}{}{}", &BASE[..at], with, &BASE[at + find.len()..]);
    let pos = line_col(&text, at);
    let diags = scenario::from_text(Path::new("tests/fixtures/basic.ron"), &text)
        .expect_err("mutated scenario must not validate");
    (diags, pos)
}

/// Assert one diagnostic contains `msg` and starts on `pos` (line, and column if
/// `exact`), and that its headline names the file.
fn expect(diags: &[Diagnostic], msg: &str, pos: (usize, usize), exact: bool) {
    let hit = diags
        .iter()
        .find(|d| d.message.contains(msg))
        .unwrap_or_else(|| {
            panic!(
                "no diagnostic containing `{msg}`; got:\n{}",
                diags
                    .iter()
                    .map(|d| d.headline())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
    assert_eq!(hit.line, pos.0, "line of `{}`", hit.headline());
    if exact {
        assert_eq!(hit.col, pos.1, "column of `{}`", hit.headline());
    }
    assert!(
        hit.headline()
            .starts_with(&format!("tests/fixtures/basic.ron:{}:", hit.line))
    );
    assert!(!hit.render().is_empty());
}

#[test]
fn the_fixture_is_valid() {
    scenario::from_text(Path::new("tests/fixtures/basic.ron"), BASE).expect("fixture validates");
}

#[test]
fn syntax_error_points_at_the_token() {
    let (d, pos) = mutate("land_cover:", "Constant(93.0),", "Constant(93.0) oops,");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, pos.0);
}

#[test]
fn unknown_field_is_named_with_known_fields() {
    let (d, pos) = mutate("id: \"boat_1\"", "crew: 6", "crews: 6");
    expect(&d, "crews", pos, false);
    assert!(d[0].hint.as_deref().unwrap_or("").contains("crew"));
}

#[test]
fn missing_field_is_reported() {
    let (d, pos) = mutate("id: \"boat_1\"", ", crew: 6", "");
    expect(&d, "crew", (pos.0, 0), false);
}

#[test]
fn unknown_enum_variant_lists_the_choices() {
    let (d, pos) = mutate("id: \"xiwan\"", "kind: Village", "kind: Villag");
    expect(&d, "Villag", pos, false);
    assert!(d[0].hint.as_deref().unwrap_or("").contains("Village"));
}

#[test]
fn duration_without_unit() {
    let (d, pos) = mutate("meta:", "tick: \"10s\"", "tick: \"10\"");
    expect(&d, "no unit", pos, false);
}

#[test]
fn duration_not_whole_ticks() {
    let (d, pos) = mutate("meta:", "tick: \"10s\"", "tick: \"7s\"");
    let dur = BASE.find("duration: \"6h\"").unwrap() + "duration: ".len();
    let _ = pos;
    expect(
        &d,
        "not a whole number of 7-s ticks",
        line_col(BASE, dur),
        true,
    );
}

#[test]
fn bad_start_date() {
    let (d, pos) = mutate("meta:", "\"2026-07-21T14:00\"", "\"2026-13-21T14:00\"");
    expect(&d, "is not a date-time", pos, true);
}

#[test]
fn grid_too_large() {
    let (d, pos) = mutate("grid:", "width: 200", "width: 200000");
    expect(&d, "larger than the limit", (pos.0, 0), false);
}

#[test]
fn inline_layer_of_wrong_length() {
    let (d, pos) = mutate("land_cover:", "Constant(93.0)", "Inline([1.0, 2.0])");
    expect(&d, "inline layer has 2 values", pos, true);
}

#[test]
fn unknown_land_cover_code() {
    let (d, pos) = mutate("land_cover:", "Constant(93.0)", "Constant(55.0)");
    expect(&d, "not a fuel model code", pos, true);
}

#[test]
fn unknown_road_node_suggests_the_closest() {
    let (d, pos) = mutate("edges:", "to: \"depot\"", "to: \"depott\"");
    let pos = (pos.0, pos.1 + "to: ".len());
    expect(&d, "unknown road node `depott`", pos, true);
    assert!(d[0].hint.as_deref().unwrap_or("").contains("`depot`"));
}

#[test]
fn place_off_the_grid() {
    let (d, pos) = mutate("id: \"dongwan\"", "cell: (150, 95)", "cell: (250, 95)");
    let pos = (pos.0, pos.1 + "cell: ".len());
    expect(&d, "off the 200 × 150 grid", pos, true);
}

#[test]
fn duplicate_place_id() {
    let (d, pos) = mutate("places:", "id: \"depot_a\"", "id: \"hq_building\"");
    let pos = (pos.0, pos.1 + "id: ".len());
    expect(&d, "used twice", pos, true);
}

#[test]
fn unknown_commander() {
    let (d, pos) = mutate(
        "id: \"boat_1\"",
        "commander: \"district_hq\"",
        "commander: \"district_hqq\"",
    );
    let pos = (pos.0, pos.1 + "commander: ".len());
    expect(&d, "unknown command post `district_hqq`", pos, true);
}

#[test]
fn unit_commanded_by_a_unit() {
    let (d, pos) = mutate(
        "id: \"boat_2\"",
        "commander: \"town_s\"",
        "commander: \"boat_1\"",
    );
    let pos = (pos.0, pos.1 + "commander: ".len());
    expect(&d, "is a field unit, not a command post", pos, true);
}

#[test]
fn two_top_command_posts() {
    let (d, pos) = mutate("id: \"town_n\"", ", parent: Some(\"district_hq\")", "");
    let _ = pos;
    let at = BASE.find("\"town_n\", name").unwrap();
    expect(&d, "already the top command post", line_col(BASE, at), true);
}

#[test]
fn member_cut_off_from_the_top() {
    let (d, pos) = mutate(
        "nodes: [",
        "(id: \"town_n\"",
        "(id: \"v_lost\", name: \"Lost village\", level: Village, parent: Some(\"town_n\")),\n            (id: \"town_n\"",
    );
    let pos = (pos.0, pos.1 + "(id: ".len());
    expect(
        &d,
        "`v_lost` cannot be reached from the top command post",
        pos,
        true,
    );
}

#[test]
fn inject_to_unknown_recipient() {
    let (d, pos) = mutate("id: \"I02\"", "to: \"town_s\"", "to: \"town_x\"");
    let pos = (pos.0, pos.1 + "to: ".len());
    expect(&d, "unknown recipient `town_x`", pos, true);
}

#[test]
fn inject_after_the_end() {
    let (d, pos) = mutate("id: \"I03\"", "time: \"01:00:00\"", "time: \"07:00:00\"");
    let pos = (pos.0, pos.1 + "time: ".len());
    expect(&d, "after the end of the exercise", pos, true);
}

#[test]
fn gauge_danger_below_warning() {
    let (d, pos) = mutate(
        "id: \"gauge_qh\"",
        "gauge: (warning_m: 13.5, danger_m: 14.5)",
        "gauge: (warning_m: 13.5, danger_m: 12.5)",
    );
    let pos = (pos.0, pos.1 + "gauge: ".len());
    expect(&d, "below the warning level", pos, true);
}

#[test]
fn wind_out_of_range() {
    let (d, pos) = mutate("weather:", "wind_from_deg: 135.0", "wind_from_deg: 400.0");
    let pos = (pos.0, pos.1 + "wind_from_deg: ".len());
    expect(&d, "outside 0–360", pos, true);
}

#[test]
fn unit_without_crew() {
    let (d, pos) = mutate("id: \"amb_1\"", "crew: 3", "crew: 0");
    let pos = (pos.0, pos.1 + "crew: ".len());
    expect(&d, "has no crew", pos, true);
}

#[test]
fn layer_file_outside_the_folder() {
    let (d, pos) = mutate(
        "elevation:",
        "Noise((seed: 7, base: 12.0, amplitude: 3.0, scale_cells: 60.0, octaves: 4))",
        "Asc(\"../../etc/dem.asc\")",
    );
    let pos = (pos.0, pos.1 + "Asc(".len());
    expect(&d, "outside the scenario's folder", pos, true);
}

#[test]
fn many_errors_are_reported_at_once() {
    let text = BASE
        .replace("crew: 3", "crew: 0")
        .replace("wind_from_deg: 135.0", "wind_from_deg: 400.0")
        .replace(
            "to: \"town_s\", channel: Phone,\n         text: \"Qinghe",
            "to: \"town_x\", channel: Phone,\n         text: \"Qinghe",
        );
    let d = scenario::from_text(Path::new("x.ron"), &text).unwrap_err();
    assert!(d.len() >= 3, "{d:?}");
}

#[test]
fn errors_in_layer_files_name_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let asc = "ncols 200\nnrows 150\nxllcorner 0\nyllcorner 0\ncellsize 20\n".to_string()
        + &"1 ".repeat(200 * 150 - 1)
        + "x\n";
    std::fs::write(dir.path().join("dem.asc"), &asc).unwrap();
    let text = BASE.replace(
        "Noise((seed: 7, base: 12.0, amplitude: 3.0, scale_cells: 60.0, octaves: 4))",
        "Asc(\"dem.asc\")",
    );
    let path = dir.path().join("s.ron");
    std::fs::write(&path, &text).unwrap();
    let d = scenario::load(&path).unwrap_err();
    assert_eq!(d.len(), 1);
    assert!(d[0].file.ends_with("dem.asc"), "{}", d[0].headline());
    assert_eq!((d[0].line, d[0].col), (6, 2 * (200 * 150 - 1) + 1));
    assert!(d[0].message.contains("`x` is not a number"));
    // wrong size
    let small = "ncols 10\nnrows 10\ncellsize 20\n".to_string() + &"1 ".repeat(100);
    std::fs::write(dir.path().join("dem.asc"), small).unwrap();
    let d = scenario::load(&path).unwrap_err();
    assert!(d[0].message.contains("10 × 10"), "{}", d[0].headline());
    // a valid file loads
    let good = "ncols 200\nnrows 150\nxllcorner 0\nyllcorner 0\ncellsize 20\n".to_string()
        + &"5 ".repeat(200 * 150);
    std::fs::write(dir.path().join("dem.asc"), good).unwrap();
    let s = scenario::load(&path).unwrap();
    assert!(s.elevation.iter().all(|&e| e == 5.0));
    // missing file
    std::fs::remove_file(dir.path().join("dem.asc")).unwrap();
    let d = scenario::load(&path).unwrap_err();
    assert!(d[0].message.contains("cannot read"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Deleting, duplicating or replacing any span of the text never panics.
    #[test]
    fn mutated_scenarios_never_panic(start in 0usize..BASE.len(), len in 0usize..40, kind in 0u8..4, byte in any::<u8>()) {
        let mut bytes = BASE.as_bytes().to_vec();
        let end = (start + len).min(bytes.len());
        match kind {
            0 => { bytes.drain(start..end); }
            1 => { let chunk = bytes[start..end].to_vec(); bytes.splice(start..start, chunk); }
            2 => { for b in &mut bytes[start..end] { *b = byte; } }
            _ => { bytes.insert(start, byte); }
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = scenario::from_text(Path::new("fuzz.ron"), &text);
    }

    /// Numbers anywhere replaced by extreme values never panic.
    #[test]
    fn extreme_numbers_never_panic(which in 0usize..400, value in prop::sample::select(vec!["0", "-1", "1e308", "-1e308", "NaN", "inf", "4294967296", "0.0", "18446744073709551616"])) {
        let mut count = 0;
        let mut out = String::new();
        let mut chars = BASE.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c.is_ascii_digit() {
                let mut num = c.to_string();
                while let Some((_, d)) = chars.peek() { if d.is_ascii_digit() || *d == '.' { num.push(*d); chars.next(); } else { break; } }
                if count == which { out.push_str(value); } else { out.push_str(&num); }
                count += 1;
            } else { out.push(c); }
        }
        let _ = scenario::from_text(Path::new("fuzz.ron"), &out);
    }
}
