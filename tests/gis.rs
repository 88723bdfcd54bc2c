//! GIS in and out as a district office would use it: a small real-shaped fixture made
//! with the project's own writers — a GeoTIFF DEM in UTM 50N, roads in longitude and
//! latitude, a places CSV with Chinese headers and an MSEL workbook — goes through
//! `new`, `validate`, `run`, `export`; the exported GeoTIFF is read back. Then the
//! MSEL round trip, CAP with coordinates, and every kind of bad input with its
//! position.

use std::path::{Path, PathBuf};
use std::process::Command;

use drillsim::map::crs::{Crs, Transform};
use drillsim::map::raster::GeoRaster;
use drillsim::map::{GridSpec, geotiff};

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

/// The fixture's DEM grid: 100 × 80 pixels of 30 m in UTM 50N.
const W: u32 = 100;
const H: u32 = 80;
const CELL: f64 = 30.0;
const X0: f64 = 500_000.0;
const Y0: f64 = 3_300_000.0;

/// A valley running west to east along row 40, falling eastwards.
fn elevation(col: u32, row: u32) -> f32 {
    (20.0 + (row as f64 - 40.0).abs() * 0.5 + (99.0 - col as f64) * 0.05) as f32
}

/// Longitude/latitude of the centre of DEM pixel (col, row).
fn lonlat(col: f64, row: f64) -> (f64, f64) {
    let t = Transform::new(&Crs::parse("EPSG:32650").unwrap(), &Crs::wgs84());
    t.apply(X0 + (col + 0.5) * CELL, Y0 + (H as f64 - row - 0.5) * CELL)
        .unwrap()
}

fn dem_bytes(hole: Option<(u32, u32)>) -> Vec<u8> {
    let g = GridSpec {
        width: W,
        height: H,
        cell_m: CELL,
        origin: (X0, Y0),
    };
    let mut v: Vec<f32> = (0..H)
        .flat_map(|r| (0..W).map(move |c| elevation(c, r)))
        .collect();
    if let Some((c, r)) = hole {
        v[(r * W + c) as usize] = f32::NAN;
    }
    let r = GeoRaster::from_grid(&g, Some(Crs::parse("EPSG:32650").unwrap()), v);
    geotiff::write(&r, -9999.0).unwrap()
}

fn roads_geojson(extra: &str) -> String {
    let line = |pts: &[(f64, f64)], props: &str| {
        let coords: Vec<String> = pts
            .iter()
            .map(|&(c, r)| {
                let (lon, lat) = lonlat(c, r);
                format!("[{lon:.7},{lat:.7}]")
            })
            .collect();
        format!(
            r#"{{"type":"Feature","properties":{{{props}}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"#,
            coords.join(",")
        )
    };
    let mut f = vec![
        line(
            &[(2.0, 20.0), (50.0, 20.0), (97.0, 20.0)],
            r#""class":"Primary""#,
        ),
        line(&[(50.0, 20.0), (50.0, 38.0)], r#""class":"Secondary""#),
        line(
            &[(50.0, 38.0), (50.0, 42.0)],
            r#""class":"Secondary","bridge":true"#,
        ),
        line(&[(50.0, 42.0), (50.0, 60.0)], r#""class":"Secondary""#),
        line(
            &[(10.0, 60.0), (50.0, 60.0), (90.0, 60.0)],
            r#""class":"Track""#,
        ),
    ];
    if !extra.is_empty() {
        f.push(extra.to_string());
    }
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        f.join(",\n")
    )
}

fn places_csv(extra: &str) -> String {
    let row = |name: &str, kind: &str, pop: u32, cap: &str, c: f64, r: f64| {
        let (lon, lat) = lonlat(c, r);
        format!("{name},{kind},{pop},{cap},{lon:.7},{lat:.7}\n")
    };
    let mut s = String::from("\u{feff}名称,类型,人口（人）,容量,经度,纬度\n");
    s += &row("上村", "村", 420, "", 30.0, 19.0);
    s += &row("下村", "村庄", 380, "", 60.0, 61.0);
    s += &row("河口小学", "学校", 200, "", 52.0, 59.0);
    s += &row("北岭安置点", "安置点", 0, "800", 80.0, 19.0);
    s += &row("防汛仓库", "仓库", 0, "", 10.0, 21.0);
    s += extra;
    s
}

fn msel_xlsx(rows: &[[&str; 7]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("MSEL").unwrap();
    for (c, h) in [
        "ID",
        "Time",
        "From",
        "To",
        "Method",
        "Message",
        "Expected action",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The trainer's files in `dir`.
fn fixture(dir: &Path) -> [PathBuf; 4] {
    let p = |n: &str| dir.join(n);
    std::fs::write(p("dem.tif"), dem_bytes(None)).unwrap();
    std::fs::write(p("roads.geojson"), roads_geojson("")).unwrap();
    std::fs::write(p("places.csv"), places_csv("")).unwrap();
    std::fs::write(
        p("msel.xlsx"),
        msel_xlsx(&[
            [
                "I01",
                "00:00:00",
                "气象局 Met bureau",
                "hq",
                "Phone",
                "Heavy rain warning: 80 mm in 3 h",
                "Raise readiness",
            ],
            [
                "I02",
                "00:30:00",
                "村民 Villager",
                "town_a",
                "无线电",
                "Water is rising at 下村",
                "Warn 下村",
            ],
        ]),
    )
    .unwrap();
    [
        p("dem.tif"),
        p("roads.geojson"),
        p("places.csv"),
        p("msel.xlsx"),
    ]
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn new_validate_run_export_and_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let [dem, roads, places, msel] = fixture(tmp.path());
    let ex = tmp.path().join("hekou");
    let (code, out, err) = drillsim(&[
        "new",
        s(&ex),
        "--dem",
        s(&dem),
        "--roads",
        s(&roads),
        "--places",
        s(&places),
        "--msel",
        s(&msel),
        "--start",
        "2026-07-21T14:00",
        "--duration",
        "2h",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("100 × 80 cells of 30 m"), "{out}");
    assert!(out.contains("EPSG:32650"), "{out}");
    let ron = ex.join("hekou.ron");
    let text = std::fs::read_to_string(&ron).unwrap();
    assert!(
        text.contains("TEMPLATE"),
        "the organisation is a template to fill in"
    );
    assert!(
        text.contains("(id: \"town_a\""),
        "MSEL posts become posts:\n{text}"
    );
    for f in ["dem.tif", "roads.geojson", "places.csv"] {
        assert!(ex.join(f).exists(), "{f} copied beside the scenario");
    }
    // an existing folder is never overwritten
    let (code, _, err) = drillsim(&[
        "new",
        s(&ex),
        "--dem",
        s(&dem),
        "--roads",
        s(&roads),
        "--places",
        s(&places),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");

    let (code, out, err) = drillsim(&["validate", s(&ron)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("5 places") && out.contains("2 injects"),
        "{out}"
    );

    // the team warns the lower village ten minutes in
    let orders = tmp.path().join("orders.ron");
    std::fs::write(
        &orders,
        r#"[(at: "00:10:00", seat: "hq", order: Warn(places: ["下村"], level: Orange, channel: Phone))]"#,
    )
    .unwrap();
    let rec = tmp.path().join("hekou.drec");
    let (code, out, err) = drillsim(&["run", s(&ron), "--orders", s(&orders), "--record", s(&rec)]);
    assert_eq!(code, 0, "{out}{err}");

    // CAP with coordinates: a circle around the village, sent in the scenario's zone
    let cap = tmp.path().join("cap");
    let (code, out, err) = drillsim(&[
        "report",
        s(&rec),
        "-o",
        s(&tmp.path().join("aar.html")),
        "--cap",
        s(&cap),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let alert = std::fs::read_dir(&cap)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("alert"))
        .expect("an alert");
    let xml = std::fs::read_to_string(&alert).unwrap();
    assert!(
        xml.contains("<sent>2026-07-21T14:10:00+08:00</sent>"),
        "{xml}"
    );
    let circle = xml
        .split("<circle>")
        .nth(1)
        .and_then(|c| c.split("</circle>").next())
        .expect("a circle");
    let (ll, radius) = circle.split_once(' ').unwrap();
    let (lat, lon) = ll.split_once(',').unwrap();
    let (want_lon, want_lat) = lonlat(60.0, 61.0);
    assert!(
        (lat.parse::<f64>().unwrap() - want_lat).abs() < 1e-5,
        "{circle}"
    );
    assert!(
        (lon.parse::<f64>().unwrap() - want_lon).abs() < 1e-5,
        "{circle}"
    );
    assert_eq!(radius, "1");
    cap_schema_check(&alert);

    // the recording holds every file the scenario read (the GeoTIFF, the GeoJSON roads,
    // the places table): with the exercise's folder gone, exports still work
    std::fs::rename(&ex, tmp.path().join("moved-away")).unwrap();

    // the deepest water over the run, as a GeoTIFF in the scenario's CRS
    let tif = tmp.path().join("depth.tif");
    let (code, out, err) = drillsim(&[
        "export",
        s(&rec),
        "--field",
        "depth",
        "--max",
        "-o",
        s(&tif),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let back = geotiff::read(&std::fs::read(&tif).unwrap(), 1).unwrap();
    assert_eq!((back.width, back.height), (W, H));
    assert_eq!(back.crs.as_ref().and_then(|c| c.epsg), Some(32650));
    assert_eq!(
        back.transform,
        [X0, CELL, 0.0, Y0 + H as f64 * CELL, 0.0, -CELL]
    );
    let wet = back.values.iter().filter(|v| **v > 0.15).count();
    assert!(wet > 20, "the river floods some cells ({wet})");
    // the river runs along row 40: the deepest water is in the valley
    let deepest = back
        .values
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i as u32 / W)
        .unwrap();
    assert!((30..=50).contains(&deepest), "deepest row {deepest}");
    // the same as .asc with a .prj, and flood arrival polygons in lon/lat
    let asc = tmp.path().join("depth.asc");
    assert_eq!(
        drillsim(&[
            "export",
            s(&rec),
            "--field",
            "depth",
            "--at",
            "01:00:00",
            "-o",
            s(&asc)
        ])
        .0,
        0
    );
    let prj = std::fs::read_to_string(tmp.path().join("depth.prj")).unwrap();
    assert!(prj.contains("UTM zone 50N"), "{prj}");
    let gj = tmp.path().join("arrival.geojson");
    let (code, out, err) = drillsim(&["export", s(&rec), "--field", "flood-arrival", "-o", s(&gj)]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gj).unwrap()).unwrap();
    let feats = v["features"].as_array().unwrap();
    assert!(!feats.is_empty());
    let ring = &feats[0]["geometry"]["coordinates"][0][0];
    let (lon, lat) = (ring[0][0].as_f64().unwrap(), ring[0][1].as_f64().unwrap());
    assert!(
        (116.9..117.1).contains(&lon) && (29.7..29.9).contains(&lat),
        "{lon} {lat}"
    );
    assert_eq!(
        ring[0],
        ring[ring.as_array().unwrap().len() - 1],
        "rings are closed"
    );
    // places with their status, and tracks
    let pl = tmp.path().join("places.geojson");
    assert_eq!(
        drillsim(&["export", s(&rec), "--field", "places", "-o", s(&pl)]).0,
        0
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&pl).unwrap()).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), 5);
    let (lon, lat) = lonlat(30.0, 19.0);
    let first = &v["features"][0];
    assert_eq!(first["properties"]["name"], "上村");
    let c = &first["geometry"]["coordinates"];
    assert!(
        (c[0].as_f64().unwrap() - lon).abs() < 0.0005
            && (c[1].as_f64().unwrap() - lat).abs() < 0.0005
    );
    // outputs never replace a file
    let (code, _, err) = drillsim(&["export", s(&rec), "--field", "depth", "-o", s(&tif)]);
    assert_eq!(code, 1);
    assert!(err.contains("exists"), "{err}");
}

/// Validate a CAP file against the OASIS CAP 1.2 schema with xmllint, when the
/// schema (tests/fixtures/cap/CAP-v1.2.xsd, added with xmllint by tools/setup.sh) is
/// there.
fn cap_schema_check(file: &Path) {
    let xsd = Path::new("tests/fixtures/cap/CAP-v1.2.xsd");
    if !xsd.exists() {
        eprintln!(
            "note: {} absent: CAP schema check left to tests/report.rs",
            xsd.display()
        );
        return;
    }
    let out = Command::new("xmllint")
        .args(["--noout", "--schema", s(xsd), s(file)])
        .output()
        .expect("xmllint is installed by tools/setup.sh with the schema");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn msel_export_then_import_gives_the_same_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    for f in [
        "riverside.ron",
        "riverside_dem.asc",
        "riverside_landcover.asc",
    ] {
        std::fs::copy(Path::new("scenarios/flood").join(f), tmp.path().join(f)).unwrap();
    }
    let sc = tmp.path().join("riverside.ron");
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
    for f in [
        "riverside.ron",
        "riverside_dem.asc",
        "riverside_landcover.asc",
    ] {
        std::fs::copy(Path::new("scenarios/flood").join(f), tmp.path().join(f)).unwrap();
    }
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
    let (code, _, err) = drillsim(&[
        "msel",
        "import",
        s(&m),
        "--scenario",
        s(&tmp.path().join("riverside.ron")),
        "-o",
        s(&out),
    ]);
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

#[test]
fn osm_extract_roads_are_cut_at_the_grid() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("dem.tif"), dem_bytes(None)).unwrap();
    // a primary road from 1 km west of the grid to its middle, a track inside
    let pts = [(-30.0, 20.0), (50.0, 20.0), (50.0, 60.0), (90.0, 60.0)];
    let nodes: Vec<(i64, f64, f64)> = pts
        .iter()
        .enumerate()
        .map(|(i, &(c, r))| {
            let (lon, lat) = lonlat(c, r);
            (i as i64 + 1, lon, lat)
        })
        .collect();
    let t = |k: &str, v: &str| (k.to_string(), v.to_string());
    let ways = vec![
        (100, vec![t("highway", "primary")], vec![1, 2]),
        (
            101,
            vec![t("highway", "track"), t("maxspeed", "15")],
            vec![2, 3, 4],
        ),
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

#[test]
fn new_msel_and_export_write_through_the_output_guard() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let [dem, roads, places, _] = fixture(d);
    let ex = d.join("ex");
    let new = |dir: &Path, dem: &Path, force: bool| {
        let mut a = vec![
            "new",
            s(dir),
            "--dem",
            s(dem),
            "--roads",
            s(&roads),
            "--places",
            s(&places),
        ];
        if force {
            a.push("--force");
        }
        drillsim(&a)
    };
    let refused = |r: (i32, String, String), words: &str| {
        assert_eq!(r.0, 1, "{}{}", r.1, r.2);
        assert!(r.2.contains(words), "wanted `{words}`: {}", r.2);
    };
    // new: a folder with files only with --force, never over an input or a recording
    assert_eq!(new(&ex, &dem, false).0, 0);
    let ron = ex.join("ex.ron");
    std::fs::write(ex.join("notes.txt"), "mine").unwrap();
    refused(
        new(&ex, &dem, false),
        &format!(
            "{} exists and is not empty: give --force to write into it",
            ex.display()
        ),
    );
    std::fs::write(&ron, "edited").unwrap();
    let (code, out, err) = new(&ex, &dem, true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(std::fs::read_to_string(&ron).unwrap().contains("TEMPLATE"));
    assert_eq!(
        std::fs::read_to_string(ex.join("notes.txt")).unwrap(),
        "mine"
    );
    refused(
        new(&ex, &ex.join("dem.tif"), true),
        &format!(
            "{} is the DEM this command reads: an output never replaces an input",
            ex.join("dem.tif").display()
        ),
    );
    let ex2 = d.join("ex2");
    std::fs::create_dir(&ex2).unwrap();
    std::fs::write(ex2.join("ex2.ron"), b"DRILLSIM-REC\nrest").unwrap();
    refused(
        new(&ex2, &dem, true),
        "exists and is a drillsim recording: a recording is never overwritten",
    );

    // msel export: --force replaces an MSEL, never the scenario
    let m = d.join("out.xlsx");
    let export = |o: &Path, force: bool| {
        let mut a = vec!["msel", "export", s(&ron), "-o", s(o)];
        if force {
            a.push("--force");
        }
        drillsim(&a)
    };
    assert_eq!(export(&m, false).0, 0);
    refused(
        export(&m, false),
        &format!(
            "{} exists: give --force to replace the MSEL, or choose another file",
            m.display()
        ),
    );
    assert_eq!(export(&m, true).0, 0);
    let csv_named_like_ron = ex.join("ex.ron");
    refused(
        export(&csv_named_like_ron, true),
        "is the scenario this command reads",
    );

    // msel import (of the MSEL just exported): beside the scenario, never over the
    // scenario or the MSEL
    let import = |o: &Path, force: bool| {
        let mut a = vec!["msel", "import", s(&m), "--scenario", s(&ron), "-o", s(o)];
        if force {
            a.push("--force");
        }
        drillsim(&a)
    };
    let out2 = ex.join("ex2.ron");
    let r = import(&out2, false);
    assert_eq!(r.0, 0, "{}{}", r.1, r.2);
    refused(
        import(&out2, false),
        &format!(
            "{} exists: give --force to replace the scenario, or choose another file",
            out2.display()
        ),
    );
    assert_eq!(import(&out2, true).0, 0);
    refused(import(&ron, true), "is the scenario this command reads");
    refused(import(&m, true), "is the MSEL this command reads");
    refused(
        import(&d.join("x.ron"), true),
        "write the new scenario beside",
    );

    // export: --force replaces an export, never a recording
    let rec = d.join("ex.drec");
    let (code, out, err) = drillsim(&["run", s(&ron), "--record", s(&rec)]);
    assert_eq!(code, 0, "{out}{err}");
    let field = |o: &Path, force: bool| {
        let mut a = vec!["export", s(&rec), "--field", "depth", "-o", s(o)];
        if force {
            a.push("--force");
        }
        drillsim(&a)
    };
    let asc = d.join("depth.asc");
    assert_eq!(field(&asc, false).0, 0);
    refused(
        field(&asc, false),
        &format!(
            "{} exists: give --force to replace the export, or choose another file",
            asc.display()
        ),
    );
    // the .prj beside it is checked before any work too
    std::fs::remove_file(&asc).unwrap();
    refused(field(&asc, false), "depth.prj exists: give --force");
    assert_eq!(field(&asc, true).0, 0);
    let other = d.join("other.tif");
    std::fs::copy(&rec, &other).unwrap();
    refused(
        field(&other, true),
        "exists and is a drillsim recording: a recording is never overwritten",
    );
    // a recording named like a GeoTIFF is still the input
    refused(
        drillsim(&[
            "export",
            s(&other),
            "--field",
            "depth",
            "-o",
            s(&other),
            "--force",
        ]),
        "is the recording this command reads: an output never replaces an input",
    );
}

/// The `(lat, lon)` pairs of a CAP polygon.
fn cap_points(poly: &str) -> Vec<(f64, f64)> {
    poly.split(' ')
        .map(|p| {
            let (a, b) = p.split_once(',').unwrap();
            (a.parse().unwrap(), b.parse().unwrap())
        })
        .collect()
}

#[test]
fn cap_alerts_carry_the_threatened_area_as_a_polygon() {
    let tmp = tempfile::tempdir().unwrap();
    let [dem, roads, places, _] = fixture(tmp.path());
    let ex = tmp.path().join("poly");
    let (code, out, err) = drillsim(&[
        "new",
        s(&ex),
        "--dem",
        s(&dem),
        "--roads",
        s(&roads),
        "--places",
        s(&places),
        "--start",
        "2026-07-21T14:00",
        "--duration",
        "2h",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // a warning before the water rises, and one when the valley is flooded
    let orders = tmp.path().join("orders.ron");
    std::fs::write(
        &orders,
        r#"[(at: "00:00:10", seat: "hq", order: Warn(places: ["上村"], level: Blue, channel: Phone)),
            (at: "01:30:00", seat: "hq", order: Warn(places: ["下村"], level: Orange, channel: Phone))]"#,
    )
    .unwrap();
    let rec = tmp.path().join("poly.drec");
    let ron = ex.join("poly.ron");
    let (code, out, err) = drillsim(&["run", s(&ron), "--orders", s(&orders), "--record", s(&rec)]);
    assert_eq!(code, 0, "{out}{err}");
    let cap = tmp.path().join("cap");
    let (code, out, err) = drillsim(&[
        "report",
        s(&rec),
        "-o",
        s(&tmp.path().join("aar.html")),
        "--cap",
        s(&cap),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let mut alerts: Vec<PathBuf> = std::fs::read_dir(&cap)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("alert"))
        .collect();
    alerts.sort();
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    let inner = |xml: &str, tag: &str| {
        xml.split(&format!("<{tag}>"))
            .nth(1)
            .and_then(|c| c.split(&format!("</{tag}>")).next())
            .map(str::to_string)
    };
    // nothing flooded yet: only the circle
    let early = std::fs::read_to_string(&alerts[0]).unwrap();
    assert!(early.contains("上村"), "{early}");
    assert!(inner(&early, "polygon").is_none(), "{early}");
    assert!(inner(&early, "circle").is_some(), "{early}");
    cap_schema_check(&alerts[0]);
    // the flooded valley: a closed ring in WGS 84 on the grid, near the village
    let late = std::fs::read_to_string(&alerts[1]).unwrap();
    let poly = inner(&late, "polygon").unwrap_or_else(|| panic!("a polygon: {late}"));
    let circle = inner(&late, "circle").expect("the circle stays");
    assert!(
        late.find("<polygon>").unwrap() < late.find("<circle>").unwrap(),
        "CAP orders polygon before circle"
    );
    let pts = cap_points(&poly);
    assert!(pts.len() >= 4, "{poly}");
    assert_eq!(pts[0], pts[pts.len() - 1], "closed: {poly}");
    let (lon0, lat0) = lonlat(-1.0, 81.0);
    let (lon1, lat1) = lonlat(101.0, -1.0);
    for &(lat, lon) in &pts {
        assert!(
            (lat0..lat1).contains(&lat) && (lon0..lon1).contains(&lon),
            "({lat}, {lon}) is on the grid: {poly}"
        );
    }
    // the ring holds the village's circle centre, or passes within 1.5 km of it
    let (c, _) = circle.split_once(' ').unwrap();
    let (clat, clon) = cap_points(c)[0];
    let mut inside = false;
    for k in 1..pts.len() {
        let (a, b) = (pts[k - 1], pts[k]);
        if (a.1 > clon) != (b.1 > clon) && clat < a.0 + (clon - a.1) * (b.0 - a.0) / (b.1 - a.1) {
            inside = !inside;
        }
    }
    let nearest_m = pts
        .iter()
        .map(|&(lat, lon)| {
            let dy = (lat - clat) * 111_320.0;
            let dx = (lon - clon) * 111_320.0 * clat.to_radians().cos();
            dx.hypot(dy)
        })
        .fold(f64::INFINITY, f64::min);
    assert!(
        inside || nearest_m < 1500.0,
        "{inside} {nearest_m} m: {poly}"
    );
    cap_schema_check(&alerts[1]);
}

#[test]
fn files_that_together_exceed_what_a_recording_embeds_are_refused() {
    // three layers of 200 MiB (one buffer under three names): the third takes the
    // scenario's files past the 512 MiB a recording embeds in all
    let big = std::sync::Arc::new(vec![0u8; 200 << 20]);
    let mut files = std::collections::BTreeMap::new();
    for n in ["a.tif", "b.tif", "c.tif"] {
        files.insert(n.to_string(), big.clone());
    }
    files.insert(
        "roads.geojson".to_string(),
        std::sync::Arc::new(roads_geojson("").into_bytes()),
    );
    let text = r#"Scenario(
    meta: (name: "big", hazard_kinds: [Flood], start: "2026-07-21T14:00", duration: "1h", tick: "10s"),
    map: (
        crs: "EPSG:32650",
        grid: (width: 100, height: 80, cell_m: 30.0, origin: (500000.0, 3300000.0)),
        layers: (elevation: GeoTiff("a.tif"), roughness: GeoTiff("b.tif"), population: GeoTiff("c.tif")),
        roads: GeoJson("roads.geojson"),
    ),
    organisation: (nodes: [(id: "hq", name: "HQ", level: District)], units: [], links: []),
)"#;
    let ds = drillsim::scenario::from_parts(
        Path::new("big.ron"),
        text,
        drillsim::scenario::LayerFiles::Given {
            files,
            missing: "not given".into(),
        },
    )
    .unwrap_err();
    let all: Vec<String> = ds.iter().map(|d| d.message.clone()).collect();
    assert!(
        all.iter().any(|m| m.contains(
            "(200.0 MiB) brings the files this scenario names to 600.0 MiB, more than the 512.0 MiB a recording embeds in all"
        )),
        "{all:#?}"
    );
}
