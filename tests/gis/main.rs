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

mod inputs;
mod outputs;

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

/// `drillsim new EX --dem … --roads … --places … [--msel …]`, starting 2026-07-21 14:00
/// for 2 hours.
fn new_exercise(
    ex: &Path,
    dem: &Path,
    roads: &Path,
    places: &Path,
    msel: Option<&Path>,
) -> (i32, String, String) {
    let mut args = vec![
        "new",
        s(ex),
        "--dem",
        s(dem),
        "--roads",
        s(roads),
        "--places",
        s(places),
        "--start",
        "2026-07-21T14:00",
        "--duration",
        "2h",
    ];
    if let Some(m) = msel {
        args.extend(["--msel", s(m)]);
    }
    drillsim(&args)
}

#[test]
fn new_validate_run_export_and_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let [dem, roads, places, msel] = fixture(tmp.path());
    let ex = tmp.path().join("hekou");
    let (code, out, err) = new_exercise(&ex, &dem, &roads, &places, Some(&msel));
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
