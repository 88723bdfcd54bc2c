//! Files out: the output guard, CAP alerts with the threatened area, the size a recording embeds.

use super::*;

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
    let (code, out, err) = new_exercise(&ex, &dem, &roads, &places, None);
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
