//! No input panics: property tests over the bytes of every text input drillsim
//! reads — scenarios, orders files, `.asc` layers, GeoJSON roads, shard files — and over the
//! locator and the renderer every diagnostic goes through. Inputs are mutations
//! of valid files (bytes deleted, repeated, overwritten, inserted; numbers made
//! extreme), random bytes, deep nesting and long lines. Every diagnostic is
//! rendered, since the renderer is where a position past column 65 535 panicked.
//!
//! CI runs a bounded number of cases (about 40 s in all on 2 cores in a debug
//! build). A longer campaign runs the same properties with more cases:
//!
//! ```sh
//! FUZZ_CASES=100000 cargo test --release --test fuzz_inputs
//! ```

use std::path::Path;
use std::sync::{Arc, OnceLock};

use drillsim::map::GridSpec;
use drillsim::scenario::{self, Diagnostic, Scenario};
use proptest::prelude::*;

const SCENARIO: &str = include_str!("fixtures/basic.ron");
const ORDERS: &str = include_str!("fixtures/basic_orders.ron");
const ASC: &str = "ncols 5\nnrows 4\nxllcorner 500000\nyllcorner 3500000\ncellsize 20\nNODATA_value -9999\n10 10 10 10 10\n10 11 12 11 10\n10 10 10 10 10\n9 9 9 9 9\n";
const GEOJSON: &str = include_str!("fixtures/field/gj-edge-vertex/roads.geojson");

/// A valid shard file: the only shard of seeds 1..3 with two objectives.
fn shard_text() -> String {
    let run = |seed: u64, r: u8| {
        serde_json::json!({"seed": seed, "total_bits": 10.0f64.to_bits(),
            "objectives": [[600.0f64.to_bits(), r], [null, 4]]})
    };
    serde_json::json!({
        "format": drillsim::batch::shard::SHARD_FORMAT,
        "batch": {"scenario": "x", "fingerprint": "00", "seeds": [1, 3], "shards": 1,
                  "until_tick": 360, "flood_kernel": 2},
        "shard": 0,
        "objectives": [{"id": "O1", "title": "t", "smaller_is_worse": false},
                       {"id": "O2", "title": "u", "smaller_is_worse": true}],
        "runs": [run(1, 0), run(2, 1), run(3, 3)],
        "wall_s": 1.5
    })
    .to_string()
}

/// Merges `text` as the one shard of its batch: never a panic; a summary that is
/// given counts every run once per objective.
fn shard_check(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.json");
    std::fs::write(&f, text).unwrap();
    if let Ok((_, sum)) = drillsim::batch::shard::merge(&[f]) {
        for o in &sum.objectives {
            assert_eq!(o.ratings.iter().sum::<usize>() + o.not_decided, sum.runs);
        }
        assert!(sum.mean_total.is_finite());
    }
}

/// Cases per property: `FUZZ_CASES` or the CI default.
fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn basic() -> &'static Scenario {
    static S: OnceLock<Scenario> = OnceLock::new();
    S.get_or_init(|| {
        scenario::from_text(Path::new("tests/fixtures/basic.ron"), SCENARIO).expect("fixture")
    })
}

/// Render every diagnostic (the part that once panicked) and check each names a
/// position inside its text.
fn render_all(d: &[Diagnostic]) {
    for x in d {
        let r = x.render();
        assert!(r.starts_with("error: "), "{r}");
        assert!(x.line >= 1 && x.col >= 1);
        assert!(x.span.0 <= x.span.1 && x.span.1 <= x.text.len());
    }
}

/// One edit of `base`: delete, repeat, overwrite or insert a run of bytes.
fn mutate(base: &str, start: usize, len: usize, kind: u8, byte: u8) -> String {
    let mut b = base.as_bytes().to_vec();
    let start = start % (b.len() + 1);
    let end = (start + len).min(b.len());
    match kind % 5 {
        0 => {
            b.drain(start..end);
        }
        1 => {
            let chunk = b[start..end].to_vec();
            b.splice(start..start, chunk);
        }
        2 => b[start..end].iter_mut().for_each(|x| *x = byte),
        3 => b.insert(start, byte),
        _ => {
            // a long run of one byte: long lines, deep nesting
            let run = vec![byte; 70_000 + len];
            b.splice(start..start, run);
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// `base` with its `which`-th number replaced by `value`.
fn extreme(base: &str, which: usize, value: &str) -> String {
    let mut count = 0;
    let mut out = String::new();
    let mut chars = base.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut num = c.to_string();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit() || **d == '.') {
                num.push(d);
                chars.next();
            }
            out.push_str(if count == which { value } else { &num });
            count += 1;
        } else {
            out.push(c);
        }
    }
    out
}

const EXTREMES: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "-1e308",
    "1e-320",
    "NaN",
    "inf",
    "-inf",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999",
    "0.0",
    "-0.0",
    "1e12",
    "65536",
];

fn scenario_check(text: &str) {
    match scenario::from_text(Path::new("tests/fixtures/fuzz.ron"), text) {
        Ok(_) => {}
        Err(d) => {
            assert!(!d.is_empty());
            render_all(&d);
        }
    }
}

fn grid() -> GridSpec {
    GridSpec {
        width: 50,
        height: 40,
        cell_m: 20.0,
        origin: (500000.0, 3500000.0),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(150), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn scenarios_never_panic(start in any::<usize>(), len in 0usize..64, kind in any::<u8>(), byte in any::<u8>()) {
        scenario_check(&mutate(SCENARIO, start, len, kind, byte));
    }

    #[test]
    fn scenario_numbers_never_panic(which in 0usize..500, value in prop::sample::select(EXTREMES)) {
        scenario_check(&extreme(SCENARIO, which, value));
    }

    #[test]
    fn orders_never_panic(start in any::<usize>(), len in 0usize..64, kind in any::<u8>(), byte in any::<u8>(), which in 0usize..200, value in prop::sample::select(EXTREMES)) {
        let s = basic();
        for text in [mutate(ORDERS, start, len, kind, byte), extreme(ORDERS, which, value)] {
            if let Err(d) = scenario::orders_file::orders_from_text(Path::new("o.ron"), &text, s) {
                render_all(&d);
            }
        }
    }

    #[test]
    fn asc_never_panics(start in any::<usize>(), len in 0usize..64, kind in any::<u8>(), byte in any::<u8>(), which in 0usize..30, value in prop::sample::select(EXTREMES)) {
        for text in [mutate(ASC, start, len, kind, byte), extreme(ASC, which, value)] {
            let text = Arc::new(text);
            for expect in [None, Some((5, 4))] {
                if let Err(e) = drillsim::map::asc::parse_expecting(&text, expect) {
                    prop_assert!(e.offset <= text.len());
                    let (line, col) = drillsim::source::line_col(&text, e.offset);
                    prop_assert_eq!((line, col), (e.line, e.col));
                    render_all(&[Diagnostic::at(Path::new("dem.asc"), &text, (e.offset, e.offset + 1), e.message, e.hint)]);
                }
            }
        }
    }

    #[test]
    fn geojson_never_panics(start in any::<usize>(), len in 0usize..64, kind in any::<u8>(), byte in any::<u8>(), which in 0usize..40, value in prop::sample::select(EXTREMES)) {
        for text in [mutate(GEOJSON, start, len, kind, byte), extreme(GEOJSON, which, value)] {
            if let Err(errors) = drillsim::map::geo::roads_from_geojson(&grid(), None, &text) {
                let text = Arc::new(text);
                for e in errors {
                    let span = match e.at {
                        drillsim::map::geo::GeoAt::Span(s) => s,
                        drillsim::map::geo::GeoAt::Value(p) => scenario::ron_index::span(&text, &p).unwrap_or((0, 0)),
                    };
                    render_all(&[Diagnostic::at(Path::new("roads.geojson"), &text, span, e.message, None)]);
                }
            }
        }
    }

    /// Shard files (`batch merge`), mutated and with extreme numbers.
    #[test]
    fn shard_files_never_panic(start in any::<usize>(), len in 0usize..64, kind in any::<u8>(), byte in any::<u8>(), which in 0usize..60, value in prop::sample::select(EXTREMES)) {
        let base = shard_text();
        shard_check(&mutate(&base, start, len, kind, byte));
        shard_check(&extreme(&base, which, value));
    }

    /// Random bytes, read as every kind of text input.
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        match drillsim::source::text_from_bytes(bytes.clone()) {
            Ok(text) => {
                scenario_check(&text);
                let _ = scenario::orders_file::orders_from_text(Path::new("o.ron"), &text, basic()).map_err(|d| render_all(&d));
                let _ = drillsim::map::asc::parse(&text);
                let _ = drillsim::map::geo::roads_from_geojson(&grid(), None, &text);
            }
            Err(e) => { let _ = e.to_string(); }
        }
    }

    /// Spans of any path in any text lie inside the text, at character boundaries.
    #[test]
    fn the_locator_answers_inside_the_text(text in "[\\[\\](){}:,\"'a-z0-9 r#/*\\\\\n.é-]{0,300}", path in "[a-z.\\[\\]0-9\"]{0,30}") {
        for s in scenario::ron_index::locate(&text, &[path.as_str(), "", "a[0].b"]).into_iter().flatten() {
            prop_assert!(s.0 <= s.1 && s.1 <= text.len());
            prop_assert!(text.is_char_boundary(s.0) && text.is_char_boundary(s.1));
        }
    }

    /// A diagnostic anywhere in any text renders, with its line and column.
    #[test]
    fn any_span_renders(text in "(\\PC|\n|\r|\t|\u{1b}){0,400}", a in any::<usize>(), b in any::<usize>()) {
        let text = Arc::new(text);
        let (s, e) = (a % (text.len() + 1), b % (text.len() + 1));
        let d = Diagnostic::at(Path::new("x.ron"), &text, (s.min(e), s.max(e)), "m", Some("h".into()));
        let r = d.render();
        let at = format!("x.ron:{}:{}", d.line, d.col);
        prop_assert!(r.contains(&at), "{} not in {}", at, r);
        prop_assert!(!r.contains('\x1b'), "escape in {:?}", r);
    }
}

/// The base of `shard_files_never_panic` is a shard file `batch merge` takes, so the
/// mutations start from a valid file.
#[test]
fn the_shard_base_merges() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.json");
    std::fs::write(&f, shard_text()).unwrap();
    let (_, sum) = drillsim::batch::shard::merge(&[f]).expect("the base shard merges");
    assert_eq!(sum.runs, 3);
    assert_eq!(sum.objectives[1].not_decided, 3);
}
