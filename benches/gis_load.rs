//! Loading GIS inputs at full size: a 4096 × 4096 GeoTIFF DEM (Float32, Deflate, UTM
//! 50N) read alone and as a scenario's elevation on a 4096 × 4096 grid of 10 m
//! (resampled identity), and an OpenStreetMap extract of 100,000 highway ways read
//! alone and as a scenario's road network. Each measurement runs in a fresh child
//! process so its peak memory (VmHWM) is its own. The files are generated first with
//! the project's own writers. Run with `cargo bench --bench gis_load` (release build).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use drillsim::map::crs::{Crs, Transform};
use drillsim::map::raster::GeoRaster;
use drillsim::map::{GridSpec, geotiff, osm};

const N: u32 = 4096;
const CELL: f64 = 10.0;
const X0: f64 = 480_000.0;
const Y0: f64 = 3_280_000.0;
const WAYS: i64 = 100_000;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn make_files(dir: &Path) {
    let g = GridSpec {
        width: N,
        height: N,
        cell_m: CELL,
        origin: (X0, Y0),
    };
    let dem = dir.join("dem.tif");
    if !dem.exists() {
        let v: Vec<f32> = (0..N)
            .flat_map(|r| {
                (0..N).map(move |c| 100.0 + ((c as f32) * 0.013).sin() * 20.0 + r as f32 * 0.01)
            })
            .collect();
        let r = GeoRaster::from_grid(&g, Some(Crs::parse("EPSG:32650").unwrap()), v);
        std::fs::write(&dem, geotiff::write(&r, -9999.0).unwrap()).unwrap();
    }
    let pbf = dir.join("roads.osm.pbf");
    if !pbf.exists() {
        // a lattice of short ways (5 nodes each) over the grid and 2 km around it
        let to_ll = Transform::new(&Crs::parse("EPSG:32650").unwrap(), &Crs::wgs84());
        let side = (WAYS as f64).sqrt().ceil() as i64; // ways per row
        let span = N as f64 * CELL + 4000.0;
        let step = span / side as f64;
        let mut nodes = Vec::new();
        let mut ways = Vec::new();
        let mut id = 1i64;
        let classes = [
            "primary",
            "secondary",
            "tertiary",
            "residential",
            "track",
            "path",
        ];
        for w in 0..WAYS {
            let (i, j) = (w % side, w / side);
            let x = X0 - 2000.0 + i as f64 * step;
            let y = Y0 - 2000.0 + j as f64 * step;
            let mut refs = Vec::new();
            for k in 0..5 {
                let (lon, lat) = to_ll
                    .apply(x + k as f64 * step / 4.0, y + (k % 2) as f64 * 7.0)
                    .unwrap();
                nodes.push((id, lon, lat));
                refs.push(id);
                id += 1;
            }
            ways.push((
                w + 1,
                vec![("highway".to_string(), classes[(w % 6) as usize].to_string())],
                refs,
            ));
        }
        std::fs::write(&pbf, osm::write_pbf(&nodes, &ways).unwrap()).unwrap();
    }
    let sc = |name: &str, layers: &str, roads: &str| {
        let text = format!(
            r#"Scenario(
    meta: (name: "{name}", hazard_kinds: [Flood], start: "2026-07-21T14:00", duration: "1h", tick: "10s"),
    map: (crs: "EPSG:32650", grid: (width: {N}, height: {N}, cell_m: {CELL}, origin: ({X0}, {Y0})),
        layers: (elevation: {layers}), roads: {roads}),
    organisation: (nodes: [(id: "hq", name: "HQ", level: District)], units: [], links: []),
)"#
        );
        std::fs::write(dir.join(format!("{name}.ron")), text).unwrap();
    };
    sc(
        "dem",
        "GeoTiff(\"dem.tif\")",
        "Inline((nodes: [(id: \"a\", cell: (1, 1))], edges: []))",
    );
    sc("osm", "Constant(50.0)", "Osm(\"roads.osm.pbf\")");
}

fn child(what: &str, dir: &Path) {
    let t0 = Instant::now();
    let detail = match what {
        "tiff" => {
            let b = std::fs::read(dir.join("dem.tif")).unwrap();
            let r = geotiff::read(&b, 1).unwrap();
            format!("{} × {} {}", r.width, r.height, r.pixel_type)
        }
        "dem-scenario" => {
            let s = drillsim::scenario::load(&dir.join("dem.ron")).unwrap();
            format!("{} cells", s.elevation.len())
        }
        "osm" => {
            let b = std::fs::read(dir.join("roads.osm.pbf")).unwrap();
            let w = osm::read_highways(&b).unwrap();
            format!("{} ways", w.len())
        }
        "osm-scenario" => {
            let s = drillsim::scenario::load(&dir.join("osm.ron")).unwrap();
            format!(
                "{} road nodes, {} sections",
                s.roads.node_count(),
                s.roads.graph.edge_count()
            )
        }
        _ => unreachable!(),
    };
    println!(
        "{:.2} {} {}",
        t0.elapsed().as_secs_f64(),
        peak_kib(),
        detail
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    let dir: PathBuf = std::env::temp_dir().join("drillsim-gis-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let t0 = Instant::now();
    make_files(&dir);
    println!(
        "inputs in {} (made in {:.1} s):",
        dir.display(),
        t0.elapsed().as_secs_f64()
    );
    for f in ["dem.tif", "roads.osm.pbf"] {
        let len = std::fs::metadata(dir.join(f)).map(|m| m.len()).unwrap_or(0);
        println!("  {f}: {:.1} MiB", len as f64 / 1048576.0);
    }
    let exe = std::env::current_exe().unwrap();
    for (what, label) in [
        ("tiff", "read the 4096 × 4096 GeoTIFF"),
        (
            "dem-scenario",
            "validate a 4096 × 4096 scenario with it as elevation",
        ),
        ("osm", "read the 100,000-way OSM extract"),
        ("osm-scenario", "validate a scenario with it as roads"),
    ] {
        let out = Command::new(&exe)
            .args(["--child", what, dir.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let mut it = text.split_whitespace();
        let secs: f64 = it.next().and_then(|x| x.parse().ok()).unwrap_or(f64::NAN);
        let kib: f64 = it.next().and_then(|x| x.parse().ok()).unwrap_or(f64::NAN);
        let rest: Vec<&str> = it.collect();
        println!(
            "{label}: {secs:.2} s, peak {:.0} MiB ({})",
            kib / 1024.0,
            rest.join(" ")
        );
        if !out.status.success() {
            println!("  failed: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}
