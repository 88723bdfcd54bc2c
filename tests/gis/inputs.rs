//! Field files in: the MSEL round trip, bad inputs named where they are, OSM extracts, layers a recording cannot embed, a place outside the grid.

use super::*;

#[test]
fn msel_export_then_import_gives_the_same_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = riverside_in(tmp.path());
    let before = drillsim::scenario::load(&sc).unwrap();
    for (ext, lang) in [("xlsx", "en"), ("csv", "zh")] {
        let m = tmp.path().join(format!("msel.{ext}"));
        let (code, out, err) = drillsim(&["msel", "export", s(&sc), "-o", s(&m), "--lang", lang]);
        assert_eq!(code, 0, "{out}{err}");
        if ext == "csv" {
            let b = std::fs::read(&m).unwrap();
            assert!(
                b.starts_with(b"\xEF\xBB\xBF"),
                "a BOM for Excel on Chinese Windows"
            );
            assert!(String::from_utf8_lossy(&b).contains("接收方"));
        }
        let new = tmp.path().join(format!("again_{ext}.ron"));
        let (code, out, err) =
            drillsim(&["msel", "import", s(&m), "--scenario", s(&sc), "-o", s(&new)]);
        assert_eq!(code, 0, "{out}{err}");
        let after = drillsim::scenario::load(&new).unwrap();
        assert_eq!(
            format!("{:?}", before.injects),
            format!("{:?}", after.injects)
        );
        // the rest of the file, comments included, as written
        let t = std::fs::read_to_string(&new).unwrap();
        assert!(t.starts_with("// Riverside: a summer rainstorm"));
        // same scenario, same run
        let run = |p: &Path| drillsim(&["run", s(p), "--until", "30m"]).1;
        let (a, b) = (run(&sc), run(&new));
        assert_eq!(a.lines().last(), b.lines().last(), "same checksum");
    }
}

/// A scenario of the fixture with bad inputs: every problem reported at once, each at
/// its place.
#[test]
fn bad_inputs_are_named_where_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("dem.tif"), dem_bytes(Some((12, 7)))).unwrap();
    let (flon, flat) = (118.5, 31.0); // ~150 km away
    let far = format!(
        r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"LineString","coordinates":[[{flon},{flat}],[{},{flat}]]}}}}"#,
        flon + 0.01
    );
    std::fs::write(d.join("roads.geojson"), roads_geojson(&far)).unwrap();
    let (lon, lat) = lonlat(150.0, 10.0); // 1.5 km east of the grid
    std::fs::write(
        d.join("places.csv"),
        places_csv(&format!("东村,村,10,,{lon:.7},{lat:.7}\n")),
    )
    .unwrap();
    let scenario = |crs: &str, width: u32| {
        format!(
            r#"Scenario(
    meta: (name: "bad", hazard_kinds: [Flood], start: "2026-07-21T14:00", time_zone: "Asia/Shanghai", duration: "1h", tick: "10s"),
    map: (
        crs: "{crs}",
        grid: (width: {width}, height: 80, cell_m: 30.0, origin: (500000.0, 3300000.0)),
        layers: (elevation: GeoTiff("dem.tif")),
        roads: GeoJson("roads.geojson"),
        place_files: ["places.csv"],
    ),
    organisation: (nodes: [(id: "hq", name: "HQ", level: District)], units: [], links: []),
)"#
        )
    };
    let sc = d.join("bad.ron");
    std::fs::write(&sc, scenario("EPSG:32650", 110)).unwrap();
    let (code, _, err) = drillsim(&["validate", s(&sc)]);
    assert_eq!(code, 1);
    // the raster does not cover the grid: how much and where
    assert!(
        err.contains(
            "dem.tif:band 1: the raster does not cover the grid: 800 of 8800 cells (9.1 %)"
        ),
        "{err}"
    );
    assert!(err.contains("columns 100–109"), "{err}");
    // the nodata hole, at its pixel
    assert!(
        err.contains("dem.tif:band 1, pixel (12, 7): nodata (-9999) under 1 grid cell"),
        "{err}"
    );
    // the road outside the grid, at its feature in the GeoJSON
    let gj = std::fs::read_to_string(d.join("roads.geojson")).unwrap();
    let line = gj.lines().position(|l| l.contains("118.5")).unwrap() + 1;
    assert!(err.contains(&format!("roads.geojson:{line}:")), "{err}");
    assert!(
        err.contains("feature 5: vertex 0 (118.5, 31) lies outside the grid"),
        "{err}"
    );
    // the place outside the grid, at its longitude cell
    assert!(err.contains("places.csv:7:"), "{err}");
    assert!(
        err.contains("place `东村` lies outside the grid, 1"),
        "{err}"
    );
    assert!(err.contains("m east of it"), "{err}");

    // an unknown CRS, at the scenario's line and column
    std::fs::write(&sc, scenario("EPSG:99999", 100)).unwrap();
    let (code, _, err) = drillsim(&["validate", s(&sc)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.ron:4:14: EPSG code 99999 is not in the EPSG table"),
        "{err}"
    );
}

#[test]
fn msel_rows_are_checked_at_their_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = riverside_in(tmp.path());
    let m = tmp.path().join("msel.xlsx");
    std::fs::write(
        &m,
        msel_xlsx(&[
            ["I01", "00:10:00", "Met", "district_hq", "Phone", "Rain", ""],
            ["I02", "07:00:00", "Met", "town_s", "Phone", "Late", ""],
            ["I03", "00:20:00", "Met", "twn_s", "Radio", "Who?", ""],
            ["I04", "00:30:00", "Met", "town_n", "Pigeon", "", ""],
        ]),
    )
    .unwrap();
    let out = tmp.path().join("new.ron");
    let (code, _, err) = drillsim(&["msel", "import", s(&m), "--scenario", s(&sc), "-o", s(&out)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("msel.xlsx:MSEL!B3: 07:00:00 is after the end of the exercise (06:00:00)"),
        "{err}"
    );
    assert!(
        err.contains("msel.xlsx:MSEL!D4: unknown post `twn_s` — did you mean `town_s`?"),
        "{err}"
    );
    assert!(
        err.contains("msel.xlsx:MSEL!E5: `Pigeon` is not a method"),
        "{err}"
    );
    assert!(
        err.contains("msel.xlsx:MSEL!F5: the inject has no message"),
        "{err}"
    );
    assert!(err.contains("4 errors"), "{err}");
    assert!(!out.exists(), "nothing written");
}

/// `msel import` and `msel export` never write over a file the scenario reads (its
/// elevation and land-cover layers here), even with `--force`, and an imported
/// scenario is written as `.ron`; nor does a leaderboard of `compete`.
#[test]
fn msel_and_leaderboard_outputs_never_replace_a_file_the_scenario_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = riverside_in(tmp.path());
    std::fs::copy("scenarios/flood/round.ron", tmp.path().join("round.ron")).unwrap();
    let dem = tmp.path().join("riverside_dem.asc");
    let before = std::fs::read(&dem).unwrap();
    let m = tmp.path().join("msel.xlsx");
    std::fs::write(
        &m,
        msel_xlsx(&[["I01", "00:10:00", "Met", "district_hq", "Phone", "Rain", ""]]),
    )
    .unwrap();
    let (code, _, err) = drillsim(&[
        "msel",
        "import",
        s(&m),
        "--scenario",
        s(&sc),
        "-o",
        s(&dem),
        "--force",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("is the scenario's layer, road or place file this command reads"),
        "{err}"
    );
    let txt = tmp.path().join("new.txt");
    let (code, _, err) = drillsim(&["msel", "import", s(&m), "--scenario", s(&sc), "-o", s(&txt)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("write the new scenario as a .ron file"),
        "{err}"
    );
    let lc = tmp.path().join("riverside_landcover.csv");
    std::fs::write(&lc, "x").unwrap();
    let (code, _, err) = drillsim(&["msel", "export", s(&sc), "-o", s(&lc), "--force"]);
    assert_eq!(code, 0, "an unrelated csv is replaced with --force: {err}");
    let (code, _, err) = drillsim(&[
        "compete",
        s(&tmp.path().join("round.ron")),
        "--judge",
        s(&m),
        "--key",
        s(&tmp.path().join("round.key")),
        "--html",
        s(&dem),
        "--force",
    ]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("this command reads"), "{err}");
    assert_eq!(
        std::fs::read(&dem).unwrap(),
        before,
        "the layer was replaced"
    );
}

#[test]
fn osm_extract_roads_are_cut_at_the_grid() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("dem.tif"), dem_bytes(None)).unwrap();
    // a primary road from 1 km west of the grid to its middle, a track inside
    let pts = [
        (-30.0, 20.0),
        (50.0, 20.0),
        (50.0, 60.0),
        (90.0, 60.0),
        (20.0, 40.0),
        (30.0, 40.0),
        (40.0, 40.0),
    ];
    let mut nodes: Vec<(i64, f64, f64)> = pts
        .iter()
        .enumerate()
        .map(|(i, &(c, r))| {
            let (lon, lat) = lonlat(c, r);
            (i as i64 + 1, lon, lat)
        })
        .collect();
    // node 6 of a damaged extract: latitude 95°
    nodes[5].2 = 95.0;
    let t = |k: &str, v: &str| (k.to_string(), v.to_string());
    let ways = vec![
        (100, vec![t("highway", "primary")], vec![1, 2]),
        (
            101,
            vec![t("highway", "track"), t("maxspeed", "15")],
            vec![2, 3, 4],
        ),
        // third-party tags not read keep the class speed (residential: 20 km/h)
        (
            102,
            vec![t("highway", "residential"), t("maxspeed", "fast")],
            vec![2, 3],
        ),
        // split at the node with no position, so 5 and 7 are not joined
        (103, vec![t("highway", "path")], vec![5, 6, 7]),
    ];
    std::fs::write(
        d.join("roads.osm.pbf"),
        drillsim::map::osm::write_pbf(&nodes, &ways).unwrap(),
    )
    .unwrap();
    let text = r#"Scenario(
    meta: (name: "osm", hazard_kinds: [Flood], start: "2026-07-21T14:00", duration: "1h", tick: "10s"),
    map: (
        crs: "EPSG:32650",
        grid: (width: 100, height: 80, cell_m: 30.0, origin: (500000.0, 3300000.0)),
        layers: (elevation: GeoTiff("dem.tif")),
        roads: Osm("roads.osm.pbf"),
    ),
    organisation: (nodes: [(id: "hq", name: "HQ", level: District)], units: [], links: []),
)"#;
    let sc = d.join("osm.ron");
    std::fs::write(&sc, text).unwrap();
    let s = drillsim::scenario::load(&sc).unwrap();
    // the primary road starts at the west edge, not 1 km outside it
    let g = &s.roads.graph;
    let west = g.node_weights().map(|n| n.cell.0).min().unwrap();
    assert_eq!(west, 0);
    let track_speeds: Vec<f64> = g
        .edge_weights()
        .filter(|e| e.class == drillsim::map::RoadClass::Track)
        .map(|e| e.speed_km_h)
        .collect();
    assert!(!track_speeds.is_empty() && track_speeds.iter().all(|v| *v == 15.0));
    let class_speeds: Vec<f64> = g
        .edge_weights()
        .filter(|e| e.class == drillsim::map::RoadClass::Secondary)
        .map(|e| e.speed_km_h)
        .collect();
    assert!(!class_speeds.is_empty() && class_speeds.iter().all(|v| *v == 20.0));
    assert!(
        g.edge_weights()
            .all(|e| e.class != drillsim::map::RoadClass::Path),
        "a way is not joined across a node with no position"
    );
}

/// A sparse file of `len` bytes (nothing is written to disk but its length).
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

#[test]
fn layers_a_recording_cannot_embed_are_refused_up_front() {
    let cap = drillsim::source::MAX_SCENARIO_FILE_BYTES;
    // every cap of a file a scenario names is at most what a recording embeds
    assert_eq!(geotiff::MAX_FILE_BYTES, cap);
    assert_eq!(drillsim::map::osm::MAX_FILE_BYTES, cap);
    assert_eq!(drillsim::record::embed::MAX_EMBEDDED_FILE_BYTES, cap);
    assert_eq!(
        drillsim::record::embed::MAX_EMBEDDED_TOTAL_BYTES,
        drillsim::source::MAX_SCENARIO_FILES_TOTAL_BYTES
    );
    // and docs/input-limits.md lists every cap of the table by its constant
    let doc = std::fs::read_to_string("docs/input-limits.md").unwrap();
    for c in drillsim::source::INPUT_CAPS {
        assert!(doc.contains(c.constant), "{} is not in the doc", c.constant);
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // one byte over the cap: refused by validation (before `run` records anything)
    sparse(&d.join("dem.tif"), cap + 1);
    let sc = d.join("big.ron");
    std::fs::write(
        &sc,
        r#"Scenario(
    meta: (name: "big", hazard_kinds: [Flood], start: "2026-07-21T14:00", duration: "1h", tick: "10s"),
    map: (
        crs: "EPSG:32650",
        grid: (width: 100, height: 80, cell_m: 30.0, origin: (500000.0, 3300000.0)),
        layers: (elevation: GeoTiff("dem.tif")),
        roads: GeoJson("roads.geojson"),
    ),
    organisation: (nodes: [(id: "hq", name: "HQ", level: District)], units: [], links: []),
)"#,
    )
    .unwrap();
    std::fs::write(d.join("roads.geojson"), roads_geojson("")).unwrap();
    for cmd in ["validate", "run"] {
        let (code, _, err) = drillsim(&[cmd, s(&sc)]);
        assert_eq!(code, 1, "{cmd}");
        assert!(
            err.contains("big.ron:6:")
                && err.contains(
                    "the file is 268435457 bytes long, more than the 268435456 (256.0 MiB) allowed"
                ),
            "{cmd}: {err}"
        );
        assert!(
            err.contains(
                "a recording embeds every file its scenario read, each of at most 256.0 MiB"
            ),
            "{cmd}: {err}"
        );
    }
    // `new` copies its inputs beside the scenario: the same cap, before a byte is read
    let (code, _, err) = drillsim(&[
        "new",
        s(&d.join("ex")),
        "--dem",
        s(&d.join("dem.tif")),
        "--roads",
        s(&d.join("none.geojson")),
        "--places",
        s(&d.join("none.csv")),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("more than the 268435456 (256.0 MiB) allowed"),
        "{err}"
    );
}

#[test]
fn a_place_outside_the_grid_is_one_error_and_no_cascade() {
    let tmp = tempfile::tempdir().unwrap();
    let [dem, roads, _, _] = fixture(tmp.path());
    // 下村 moved 1.5 km east of the DEM, 西村 added 1.2 km west of it
    let outside = places_csv("")
        .lines()
        .map(|l| {
            if l.starts_with("下村") {
                let (lon, lat) = lonlat(150.0, 10.0);
                format!("下村,村庄,380,,{lon:.7},{lat:.7}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + &{
            let (lon, lat) = lonlat(-40.0, 50.0);
            format!("\n西村,村,90,,{lon:.7},{lat:.7}\n")
        };
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, &outside).unwrap();
    let check = |err: &str| {
        // one headline per place, and nothing else
        let heads: Vec<&str> = err
            .lines()
            .filter(|l| l.starts_with("error:"))
            .map(|l| l.split_once(": place").map_or(l, |x| &l[x.0.len() + 2..]))
            .collect();
        assert_eq!(
            heads,
            [
                "place `下村` lies outside the grid, 1515 m east of it: at (504515, 3302085) in EPSG:32650, \
                 the grid covers x 500000–503000, y 3300000–3302400; in longitude/latitude (117.04674, 29.84928), \
                 the grid covers longitude 117.00000–117.03106, latitude 29.83046–29.85213",
                "place `西村` lies outside the grid, 1185 m west of it: at (498815, 3300885) in EPSG:32650, \
                 the grid covers x 500000–503000, y 3300000–3302400; in longitude/latitude (116.98773, 29.83845), \
                 the grid covers longitude 117.00000–117.03106, latitude 29.83046–29.85213",
            ],
            "{err}"
        );
        assert!(
            err.contains("bad.csv:3:12:") || err.contains("places.csv:3:12:"),
            "{err}"
        );
        assert!(err.contains("2 errors found"), "{err}");
    };
    // `drillsim new`: the generated organisation covers every village
    let ex = tmp.path().join("ex");
    let (code, _, err) = drillsim(&[
        "new",
        s(&ex),
        "--dem",
        s(&dem),
        "--roads",
        s(&roads),
        "--places",
        s(&bad),
    ]);
    assert_eq!(code, 1);
    check(&err);
    // `validate` of a scenario whose places come from the table
    let (code, out, err) = drillsim(&[
        "new",
        s(&ex),
        "--dem",
        s(&dem),
        "--roads",
        s(&roads),
        "--places",
        s(&tmp.path().join("places.csv")),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    std::fs::write(ex.join("places.csv"), &outside).unwrap();
    let (code, _, err) = drillsim(&["validate", s(&ex.join("ex.ron"))]);
    assert_eq!(code, 1);
    check(&err);
    // a place file that cannot be read at all: its error, and no "unknown place"
    std::fs::remove_file(ex.join("places.csv")).unwrap();
    let (code, _, err) = drillsim(&["validate", s(&ex.join("ex.ron"))]);
    assert_eq!(code, 1);
    assert!(err.contains("no such file"), "{err}");
    assert!(!err.contains("unknown place"), "{err}");
}

/// The bundled riverside scenario and its layers copied into `dir`; the scenario's path.
fn riverside_in(dir: &Path) -> PathBuf {
    for f in [
        "riverside.ron",
        "riverside_dem.asc",
        "riverside_landcover.asc",
    ] {
        std::fs::copy(Path::new("scenarios/flood").join(f), dir.join(f)).unwrap();
    }
    dir.join("riverside.ron")
}

/// The riverside scenario in a fresh folder, and its MSEL exported as CSV (English).
fn riverside_with_msel_csv(dir: &Path) -> (PathBuf, PathBuf, String) {
    let sc = riverside_in(dir);
    let m = dir.join("msel.csv");
    let (code, out, err) = drillsim(&["msel", "export", s(&sc), "-o", s(&m)]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&m).unwrap();
    (sc, m, text)
}

/// An MSEL without a row the scenario's objectives and plan still name: the errors
/// are at those places in the scenario, never in the output (which is not written).
#[test]
fn msel_import_tells_a_dropped_inject_where_the_scenario_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (sc, m, text) = riverside_with_msel_csv(tmp.path());
    // I03 is the `after` of objective FirstOnScene (riverside.ron line 577)
    let dropped: String = text
        .lines()
        .filter(|l| !l.contains(",I03,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&m, dropped).unwrap();
    let out = tmp.path().join("new.ron");
    let (code, _, err) = drillsim(&["msel", "import", s(&m), "--scenario", s(&sc), "-o", s(&out)]);
    assert_eq!(code, 1);
    assert!(err.contains("riverside.ron:577:"), "{err}");
    assert!(
        err.contains("unknown inject `I03`: ") && err.contains("msel.csv has no row with this ID"),
        "{err}"
    );
    assert!(
        !err.contains("new.ron"),
        "the unwritten output is never named: {err}"
    );
    assert!(!out.exists());
}

/// A Clock time that does not read, or that contradicts Time; a row with more cells
/// than the header (a `;` in a `;`-separated file); a file that is not UTF-8: each at
/// its `file:line:col`.
#[test]
fn msel_clock_times_extra_cells_and_encoding_are_refused_at_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let (sc, m, text) = riverside_with_msel_csv(tmp.path());
    let mut extra_col = 0;
    let changed: String = text
        .lines()
        .map(|l| {
            if l.contains(",I01,") {
                l.replace("2026-07-21 14:00:00", "2026-07-21 99:99:99")
            } else if l.contains(",I02,") {
                l.replace("2026-07-21 14:20:00", "2026-07-21 14:25:00")
            } else if l.contains(",I03,") {
                extra_col = l.chars().count() + 2;
                format!("{l},spill")
            } else {
                l.to_string()
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&m, changed).unwrap();
    let out = tmp.path().join("new.ron");
    let (code, _, err) = drillsim(&["msel", "import", s(&m), "--scenario", s(&sc), "-o", s(&out)]);
    assert_eq!(code, 1);
    // the Clock time column starts after `1,I01,00:00:00,`
    assert!(
        err.contains("msel.csv:2:16: `2026-07-21 99:99:99`"),
        "{err}"
    );
    assert!(
        err.contains("msel.csv:3:16: Clock time `2026-07-21 14:25:00` is 00:25:00 from the start, but Time says 00:20:00"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "msel.csv:4:{extra_col}: `spill` is after the last column"
        )),
        "{err}"
    );
    assert!(err.contains("3 errors found"), "{err}");
    assert!(!out.exists());

    // GBK text: at the first bad byte, as file:line:col
    let gbk = tmp.path().join("gbk.csv");
    std::fs::write(
        &gbk,
        b"ID,Time,To,Message\nI01,00:10:00,district_hq,\xB4\xF3\xD3\xEA\n",
    )
    .unwrap();
    let (code, _, err) = drillsim(&[
        "msel",
        "import",
        s(&gbk),
        "--scenario",
        s(&sc),
        "-o",
        s(&out),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("gbk.csv:2:26: not UTF-8 text"), "{err}");
    assert!(err.contains("GBK"), "{err}");
}

/// A place name holding a control character — a TAB, Word's manual line break
/// (U+000B), ESC or NUL — is the name with one space there, in the table, in the
/// `covers` that `new` writes and in an MSEL's To column: `new` once wrote a `covers`
/// without the character and failed on its own template ("unknown place `Low
/// villageEast hamlet`", at a file it never wrote).
#[test]
fn control_characters_in_names_are_one_space_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let [dem, roads, _, _] = fixture(tmp.path());
    let row = |name: &str, c: f64, r: f64| {
        let (lon, lat) = lonlat(c, r);
        format!("{name},村,50,,{lon:.7},{lat:.7}\n")
    };
    let extra = row("Low village\u{b}East hamlet", 30.0, 21.0)
        + &row("Tab\tvillage", 40.0, 19.0)
        + &row("Esc\u{1b}village", 60.0, 58.0)
        + &row("Nul\u{0}village \u{0}", 70.0, 62.0);
    let places = tmp.path().join("places_cc.csv");
    std::fs::write(&places, places_csv(&extra)).unwrap();
    let msel = tmp.path().join("msel_cc.csv");
    std::fs::write(
        &msel,
        "ID,Time,From,To,Method,Message\n\
         I\u{b}01,00:10:00,Met,town\ta,Phone,Rain\n\
         I02,00:20:00,Met,town\u{b}a,Phone,More rain\n",
    )
    .unwrap();
    let ex = tmp.path().join("cc");
    let (code, out, err) = new_exercise(&ex, &dem, &roads, &places, Some(&msel));
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(ex.join("cc.ron")).unwrap();
    for id in [
        "\"Low village East hamlet\"",
        "\"Tab village\"",
        "\"Esc village\"",
        "\"Nul village\"",
    ] {
        assert!(text.contains(id), "{id} in covers:\n{text}");
    }
    assert!(
        text.contains("(id: \"town a\""),
        "one post `town a`:\n{text}"
    );
    assert_eq!(text.matches("(id: \"town a\"").count(), 1, "{text}");
    assert!(text.contains("\"I 01\""), "{text}");
    let (code, out, err) = drillsim(&["validate", s(&ex.join("cc.ron"))]);
    assert_eq!(code, 0, "{out}{err}");
}

/// A places table with a column named twice is refused at the second header cell.
#[test]
fn a_places_column_named_twice_is_refused_at_the_second() {
    let tmp = tempfile::tempdir().unwrap();
    let [dem, roads, _, _] = fixture(tmp.path());
    let twice = places_csv("").replacen("容量", "population", 1);
    let places = tmp.path().join("twice.csv");
    std::fs::write(&places, twice).unwrap();
    let (code, _, err) = drillsim(&[
        "new",
        s(&tmp.path().join("tw")),
        "--dem",
        s(&dem),
        "--roads",
        s(&roads),
        "--places",
        s(&places),
    ]);
    assert_eq!(code, 1, "{err}");
    // 名称,类型,人口（人）,population: the fourth header starts at column 13
    assert!(err.contains("twice.csv:1:13:"), "{err}");
    assert!(
        err.contains("column `population` is a second `population` column (the first, `人口（人）`, is at 1:7)"),
        "{err}"
    );
}

/// An empty `.osm.pbf` is called empty, not "0 highways" with an extent of
/// 180…−180 (the extent of nothing).
#[test]
fn an_empty_osm_extract_is_called_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let [dem, _, places, _] = fixture(tmp.path());
    let pbf = tmp.path().join("empty.osm.pbf");
    std::fs::write(&pbf, b"").unwrap();
    let (code, out, err) = new_exercise(&tmp.path().join("ex"), &dem, &pbf, &places, None);
    assert_ne!(code, 0, "{out}");
    assert!(err.contains("holds no highway"), "{err}");
    assert!(!err.contains("180.0000"), "{err}");
}

/// A DEM with no value under the grid is named by `new`, with the count of cells
/// (it used to say "no elevation on the edges" and name no file).
#[test]
fn a_dem_without_values_is_named_by_new() {
    let tmp = tempfile::tempdir().unwrap();
    let [_, roads, places, _] = fixture(tmp.path());
    let r = drillsim::map::raster::GeoRaster::from_grid(
        &drillsim::map::GridSpec {
            width: 100,
            height: 80,
            cell_m: 30.0,
            origin: (500_000.0, 3_300_000.0),
        },
        Some(drillsim::map::crs::Crs::from_epsg(32650).unwrap()),
        vec![f32::NAN; 8000],
    );
    let dem = tmp.path().join("nan.tif");
    std::fs::write(&dem, drillsim::map::geotiff::write(&r, -9999.0).unwrap()).unwrap();
    let (code, out, err) = new_exercise(&tmp.path().join("ex"), &dem, &roads, &places, None);
    assert_ne!(code, 0, "{out}");
    assert!(
        err.contains("nan.tif: no elevation (nodata or NaN) under"),
        "{err}"
    );
}

/// A Time cell holding a plain number (an Excel time typed in General format) or a
/// negative time is refused with what to write, not humantime's "time unit needed,
/// for example 0sec" or "is a date".
#[test]
fn an_msel_time_that_is_a_plain_number_says_what_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = riverside_in(tmp.path());
    let m = tmp.path().join("msel.csv");
    std::fs::write(
        &m,
        "ID,Time,From,To,Method,Message,Expected action\nI01,0.0041666,Met,district_hq,Phone,Rain,\nI02,10,Met,district_hq,Phone,More rain,\n",
    )
    .unwrap();
    let out = tmp.path().join("new.ron");
    let (code, _, err) = drillsim(&["msel", "import", s(&m), "--scenario", s(&sc), "-o", s(&out)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("msel.csv:2:5: `0.0041666` is a plain number: format the Time cell as a time"),
        "{err}"
    );
    assert!(
        err.contains("msel.csv:3:5: `10` is a plain number"),
        "{err}"
    );
    assert!(!err.contains("0sec"), "{err}");
}
