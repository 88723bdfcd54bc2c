//! `drillsim new`: an exercise from a trainer's own files — a DEM (GeoTIFF or
//! `.asc`), roads (GeoJSON or an OpenStreetMap extract), a places table (CSV, `.xlsx`
//! or GeoJSON points) and optionally an MSEL spreadsheet.
//!
//! The grid: in the CRS given (`--crs`), else the DEM's own when it is projected in
//! metres, else the WGS 84 / UTM zone of the DEM's centre. Its extent is the largest
//! rectangle of whole cells inside the DEM (so the DEM covers it), its cell the DEM's
//! pixel size (or `--cell-m`), coarsened when it would hold more than
//! [`MAX_CELLS`](crate::scenario::validate::MAX_CELLS) cells. The input files are
//! copied into the new folder (a scenario reads files only from its own folder) and
//! named in the scenario, so the trainer keeps editing them in their own tools.
//!
//! The organisation, objectives and hazard are a commented template: one command
//! post covering every populated place, one post for each recipient the MSEL names,
//! one field unit, an acknowledgement objective, and a starter hazard placed from the
//! terrain (flood: inflow at the lowest cell of the highest edge, outflow at the lowest
//! cell of the lowest edge; fire: ignition at the centre; leak: at the first plant).
//! The scenario is validated before anything is written.

use std::path::{Path, PathBuf};

use crate::map::GridSpec;
use crate::map::crs::{Crs, Transform, utm_epsg};
use crate::map::places_table::TablePlace;
use crate::map::raster::{GeoRaster, Resampling, resample};
use crate::map::{asc, geotiff, places_table, table};
use crate::scenario::HazardKind;
use crate::scenario::diag::{Diagnostic, render_diags};

/// What `drillsim new` is given.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The folder to create (must not exist, or be empty).
    pub dir: PathBuf,
    /// Elevation raster.
    pub dem: PathBuf,
    /// Roads: `.geojson` or `.osm.pbf`.
    pub roads: PathBuf,
    /// Places: `.csv`, `.xlsx` or `.geojson`.
    pub places: PathBuf,
    /// MSEL spreadsheet, if any.
    pub msel: Option<PathBuf>,
    /// The grid's CRS (default: the DEM's, or its UTM zone).
    pub crs: Option<String>,
    /// Cell side, m (default: the DEM's pixel).
    pub cell_m: Option<f64>,
    /// The starter hazard.
    pub hazard: HazardKind,
    /// Exercise name (default: the folder's name).
    pub name: Option<String>,
    /// Start, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// Time zone (default Asia/Shanghai).
    pub time_zone: String,
    /// Length of the exercise.
    pub duration_s: u64,
    /// Write into `dir` even when it is not empty, replacing the files `new` writes
    /// there (`--force`; never an input, a recording or a key: [`crate::output`]).
    pub force: bool,
}

impl NewOptions {
    /// The files given: DEM, roads, places and the MSEL when there is one, in that
    /// order (each is copied into the new folder).
    fn inputs(&self) -> Vec<&PathBuf> {
        [
            Some(&self.dem),
            Some(&self.roads),
            Some(&self.places),
            self.msel.as_ref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// RON string literal.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn file_name(p: &Path) -> Result<String, String> {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{}: not a file name", p.display()))
}

fn read_dem(path: &Path) -> Result<GeoRaster, String> {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    if lower.ends_with(".asc") {
        let text = crate::source::read_text(path, crate::source::MAX_SCENARIO_FILE_BYTES)
            .map_err(|e| e.located(path))?;
        let a = asc::parse(&text)
            .map_err(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.col, e.message))?;
        Ok(GeoRaster::from_asc(&a))
    } else {
        let bytes = crate::source::read_bytes(path, geotiff::MAX_FILE_BYTES)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        geotiff::read(&bytes, 1).map_err(|e| {
            format!(
                "{}{}: {}",
                path.display(),
                e.place.map(|p| format!(":{p}")).unwrap_or_default(),
                e.message
            )
        })
    }
}

/// The grid's CRS and the grid inside the DEM.
pub fn grid_for(
    dem: &GeoRaster,
    crs: Option<&str>,
    cell_m: Option<f64>,
) -> Result<(Crs, GridSpec), String> {
    let grid_crs = match (crs, &dem.crs) {
        (Some(c), _) => Crs::parse(c)?,
        (None, Some(c)) if c.metres() => c.clone(),
        (None, Some(c)) if c.is_geographic() => {
            let [a, _, c2, _] = dem.corners();
            Crs::from_epsg(utm_epsg((a.0 + c2.0) / 2.0, (a.1 + c2.1) / 2.0))?
        }
        (None, Some(c)) => {
            return Err(format!(
                "the DEM is in {}, not in metres: give --crs",
                c.describe()
            ));
        }
        (None, None) => {
            return Err("the DEM declares no CRS (an .asc, or a GeoTIFF without GeoKeys): give --crs EPSG:…".into());
        }
    };
    if grid_crs.is_geographic() || !grid_crs.metres() {
        return Err(format!(
            "{} is not a projected CRS in metres",
            grid_crs.describe()
        ));
    }
    let dem_crs = dem.crs.clone().unwrap_or_else(|| grid_crs.clone());
    let tr = Transform::new(&dem_crs, &grid_crs);
    // the DEM's outline in the grid's CRS, sampled along its edges
    let (w, h) = (dem.width as f64, dem.height as f64);
    let mut west = f64::NEG_INFINITY;
    let mut east = f64::INFINITY;
    let mut south = f64::NEG_INFINITY;
    let mut north = f64::INFINITY;
    for i in 0..=16 {
        let f = i as f64 / 16.0;
        let p = |px: f64, py: f64| {
            let (x, y) = dem.coords_of(px, py);
            tr.apply(x, y)
        };
        // pixel rows grow southwards for a north-up DEM; sort the sides by position
        let (l, r) = (p(0.0, f * h)?, p(w, f * h)?);
        let (t, b) = (p(f * w, 0.0)?, p(f * w, h)?);
        west = west.max(l.0.min(r.0));
        east = east.min(l.0.max(r.0));
        north = north.min(t.1.max(b.1));
        south = south.max(t.1.min(b.1));
    }
    if !(east > west && north > south) {
        return Err("the DEM's outline is empty in the grid's CRS".into());
    }
    let (px, py) = dem.pixel_size();
    let native = if tr.is_identity() {
        px.min(py)
    } else if dem_crs.is_geographic() {
        // a degree of latitude is ≈ 111 km; of longitude, that times cos(latitude)
        let lat = dem.coords_of(w / 2.0, h / 2.0).1.to_radians();
        (px * 111_320.0 * lat.cos()).min(py * 110_574.0)
    } else {
        px.min(py)
    };
    let mut cell = cell_m.unwrap_or(native.max(1.0));
    if cell_m.is_none() && cell > 5.0 {
        cell = cell.round();
    }
    let max = crate::scenario::validate::MAX_CELLS as f64;
    let cells = ((east - west) / cell).floor() * ((north - south) / cell).floor();
    if cells > max {
        cell = (cell * (cells / max).sqrt()).ceil();
    }
    let mut width = ((east - west) / cell).floor() as u32;
    let mut height = ((north - south) / cell).floor() as u32;
    // a reprojected DEM's edge pixels are not whole: keep one cell inside
    let mut origin = (west, south);
    if !tr.is_identity() && width > 2 && height > 2 {
        origin = (west + cell, south + cell);
        width -= 2;
        height -= 2;
    }
    if width == 0 || height == 0 {
        return Err(format!("the DEM is smaller than one {cell} m cell"));
    }
    Ok((
        grid_crs,
        GridSpec {
            width,
            height,
            cell_m: cell,
            origin,
        },
    ))
}

fn read_places(path: &Path) -> Result<Vec<TablePlace>, String> {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let show = |es: Vec<table::TableError>| {
        es.iter()
            .map(|e| match &e.at {
                Some(w) => format!("{}:{w}: {}", path.display(), e.message),
                None => format!("{}: {}", path.display(), e.message),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    if lower.ends_with(".geojson") || lower.ends_with(".json") {
        let text =
            crate::source::read_text(path, table::MAX_FILE_BYTES).map_err(|e| e.located(path))?;
        Ok(places_table::from_geojson(&text).map_err(show)?.0)
    } else {
        let ext = lower.rsplit('.').next().unwrap_or("").to_string();
        let bytes = crate::source::read_bytes(path, table::MAX_FILE_BYTES)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let t = table::read(&ext, bytes, &["places", "地点"]).map_err(|e| show(vec![e]))?;
        places_table::from_table(&t).map_err(show)
    }
}

/// Lowest cell of each edge: (edge name, cell, elevation).
fn edge_lows(g: &GridSpec, elev: &[f64]) -> Vec<(&'static str, (u32, u32), f64)> {
    let (w, h) = (g.width, g.height);
    let edges: [(&str, Vec<(u32, u32)>); 4] = [
        ("west", (0..h).map(|r| (0, r)).collect()),
        ("east", (0..h).map(|r| (w - 1, r)).collect()),
        ("north", (0..w).map(|c| (c, 0)).collect()),
        ("south", (0..w).map(|c| (c, h - 1)).collect()),
    ];
    edges
        .into_iter()
        .filter_map(|(name, cells)| {
            cells
                .into_iter()
                .map(|c| (c, elev[g.index(c.0, c.1)]))
                .filter(|(_, z)| z.is_finite())
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(c, z)| (name, c, z))
        })
        .collect()
}

/// Cells of a short line along an edge around `c` (up to 5).
fn along_edge(g: &GridSpec, c: (u32, u32)) -> Vec<(u32, u32)> {
    let vertical = c.0 == 0 || c.0 == g.width - 1;
    (-2i64..=2)
        .filter_map(|d| {
            let (x, y) = if vertical {
                (c.0 as i64, c.1 as i64 + d)
            } else {
                (c.0 as i64 + d, c.1 as i64)
            };
            (x >= 0 && y >= 0 && x < g.width as i64 && y < g.height as i64)
                .then_some((x as u32, y as u32))
        })
        .collect()
}

fn hazard_text(
    o: &NewOptions,
    g: &GridSpec,
    elev: &[f64],
    places: &[TablePlace],
) -> Result<String, String> {
    Ok(match o.hazard {
        HazardKind::Flood => {
            let lows = edge_lows(g, elev);
            let up = lows
                .iter()
                .max_by(|a, b| a.2.total_cmp(&b.2))
                .ok_or("no elevation on the edges")?;
            let down = lows
                .iter()
                .min_by(|a, b| a.2.total_cmp(&b.2))
                .ok_or("no elevation on the edges")?;
            let cells = |v: Vec<(u32, u32)>| {
                v.iter()
                    .map(|c| format!("({}, {})", c.0, c.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "    // TEMPLATE: a river entering at the lowest point of the {} edge ({:.1} m) and leaving at the\n    \
                 // lowest point of the {} edge ({:.1} m). Move the cells to where your river crosses the map and\n    \
                 // give the hydrograph of your design flood (m³/s).\n    \
                 hazards: [\n        Flood((\n            inflows: [(name: \"River inflow (edit)\", cells: [{}], hydrograph: [(\"0s\", 20.0), (\"2h\", 150.0), (\"6h\", 40.0)])],\n            \
                 outflow_cells: [{}],\n        )),\n    ],\n",
                up.0,
                up.2,
                down.0,
                down.2,
                cells(along_edge(g, up.1)),
                cells(along_edge(g, down.1)),
            )
        }
        HazardKind::ForestFire => format!(
            "    // TEMPLATE: an ignition at the centre of the map ten minutes in; set the fuel moistures of the day.\n    \
             hazards: [ForestFire((ignitions: [(cell: ({}, {}), at: \"10m\")], moisture_pct: (one_h: 6.0, ten_h: 7.0, hundred_h: 9.0, herb: 60.0, woody: 90.0)))],\n",
            g.width / 2,
            g.height / 2
        ),
        HazardKind::ChemicalLeak => {
            let plant = places
                .iter()
                .find(|p| p.kind == "Plant")
                .ok_or("a chemical leak needs a place of kind Plant (工厂) in the places table")?;
            format!(
                "    // TEMPLATE: a chlorine release at {}; set the substance, release rate and containment.\n    \
                 hazards: [ChemicalLeak((source: {}, substance: \"chlorine\", release_kg_s: [(\"0s\", 1.0), (\"1h\", 2.0)], source_height_m: 2.0, terrain: Urban, contained_fraction: 0.05, containment_setup: \"15m\"))],\n",
                plant.name,
                q(&plant.id)
            )
        }
    })
}

/// The scenario's text (without injects).
fn scenario_text(
    o: &NewOptions,
    crs: &Crs,
    g: &GridSpec,
    files: (&str, &str, &str),
    places: &[TablePlace],
    posts: &[String],
    hazard: &str,
) -> String {
    let name = o.name.clone().unwrap_or_else(|| {
        o.dir
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| "New exercise".into())
    });
    let kind = match o.hazard {
        HazardKind::Flood => "Flood",
        HazardKind::ForestFire => "ForestFire",
        HazardKind::ChemicalLeak => "ChemicalLeak",
    };
    let covered: Vec<String> = places
        .iter()
        .filter(|p| p.population > 0 || matches!(p.kind, "Village" | "School" | "Hospital"))
        .map(|p| q(&p.id))
        .collect();
    let home = places
        .iter()
        .find(|p| matches!(p.kind, "Depot" | "FireStation" | "CommandPost"))
        .or(places.first());
    let unit_kind = match o.hazard {
        HazardKind::Flood => "RescueBoatTeam",
        HazardKind::ForestFire => "ForestFireCrew",
        HazardKind::ChemicalLeak => "HazmatTeam",
    };
    let roads = if files.1.to_ascii_lowercase().ends_with(".pbf") {
        format!("Osm({})", q(files.1))
    } else {
        format!("GeoJson({})", q(files.1))
    };
    let mut s = String::new();
    s.push_str(&format!(
        "// {name}: made by `drillsim new` from {} (elevation), {} (roads) and {} (places).\n\
         // The sections marked TEMPLATE are a starting point: replace them with your organisation,\n\
         // your hazard and your objectives (docs/authoring.md walks through it; docs/scenario-format.md\n\
         // lists every field). Check it with `drillsim validate` after each change.\n\
         Scenario(\n    meta: (\n        name: {},\n        description: \"\",\n        hazard_kinds: [{kind}],\n        \
         start: {},\n        time_zone: {},\n        duration: {},\n        tick: \"10s\",\n        seed: 1,\n    ),\n",
        files.0,
        files.1,
        files.2,
        q(&name),
        q(&o.start),
        q(&o.time_zone),
        q(&crate::time::hms(o.duration_s)),
    ));
    s.push_str(&format!(
        "    map: (\n        // {}\n        crs: {},\n        grid: (width: {}, height: {}, cell_m: {}, origin: ({:.3}, {:.3})),\n        \
         layers: (elevation: GeoTiff({})),\n        roads: {roads},\n        places: [],\n        place_files: [{}],\n    ),\n",
        crs.describe(),
        q(&crs.declared),
        g.width,
        g.height,
        g.cell_m,
        g.origin.0,
        g.origin.1,
        q(files.0),
        q(files.2),
    ));
    s.push_str("    // TEMPLATE: your command structure. `covers` lists the places a post warns and evacuates;\n    \
                // posts named in the MSEL's To column are here under the top post.\n    organisation: (\n        nodes: [\n");
    s.push_str(&format!(
        "            (id: \"hq\", name: \"Command post (rename) 指挥部\", level: District, covers: [{}]),\n",
        covered.join(", ")
    ));
    for p in posts {
        s.push_str(&format!(
            "            (id: {}, name: {}, level: Township, parent: \"hq\"),\n",
            q(p),
            q(p)
        ));
    }
    s.push_str("        ],\n        units: [\n");
    if let Some(h) = home {
        s.push_str(&format!(
            "            (id: \"team_1\", name: \"Response team 1 (rename)\", kind: {unit_kind}, commander: \"hq\", home: {}, crew: 6),\n",
            q(&h.id)
        ));
    }
    s.push_str("        ],\n        links: [\n");
    for p in posts {
        s.push_str(&format!(
            "            (from: \"hq\", to: {}, channel: Phone, latency: \"2m\"),\n",
            q(p)
        ));
    }
    s.push_str(
        "        ],\n    ),\n    weather: (wind_m_s: 3.0, wind_from_deg: 180.0, cloud_octas: 4),\n",
    );
    s.push_str(hazard);
    s.push_str("    injects: [],\n");
    s.push_str(
        "    // TEMPLATE: what the exercise is scored on. More targets: WarningLead(places: […], lead: \"30m\"),\n    \
         // EvacuatedBeforeArrival(places: […]), FirstOnScene(place: …, within: \"30m\") — see docs/scoring.md.\n    \
         objectives: [\n        (\n            id: \"O1\",\n            title: \"Posts acknowledge warnings and injects within 10 minutes\",\n            \
         capability: \"Operational Communications\",\n            target: AcknowledgeWithin(within: \"10m\"),\n        ),\n    ],\n)\n",
    );
    s
}

fn copy_into(dir: &Path, src: &Path) -> Result<String, String> {
    let name = file_name(src)?;
    let bytes = crate::source::read_bytes(src, geotiff::MAX_FILE_BYTES)
        .map_err(|e| format!("{}: {e}", src.display()))?;
    super::write_new(&dir.join(&name), &bytes)?;
    Ok(name)
}

/// Make the exercise; `Ok` is a summary, `Err` every problem (rendered).
pub fn new_exercise(o: &NewOptions) -> Result<String, String> {
    let not_empty = o.dir.is_dir()
        && std::fs::read_dir(&o.dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
    if not_empty && !o.force {
        return Err(format!(
            "{} exists and is not empty: give --force to write into it (replacing the files `new` writes), or name a new folder",
            o.dir.display()
        ));
    }
    // every file written, checked by the output guard before any work
    let ron_name = format!(
        "{}.ron",
        o.dir
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| "exercise".into())
    );
    let mut names = vec![ron_name.clone()];
    for p in o.inputs() {
        names.push(file_name(p)?);
    }
    let mut plan = crate::output::Plan::new(o.force);
    plan.input(&o.dem, "DEM")
        .input(&o.roads, "roads file")
        .input(&o.places, "places table");
    if let Some(m) = &o.msel {
        plan.input(m, "MSEL");
    }
    let names_ref: Vec<&str> = names.iter().map(String::as_str).collect();
    plan.output_dir(&o.dir, &names_ref, OUTPUT)?;
    let dem = read_dem(&o.dem)?;
    let (crs, grid) = grid_for(&dem, o.crs.as_deref(), o.cell_m)?;
    let elev = resample(&dem, &grid, Some(&crs), Resampling::Bilinear)?.values;
    // a DEM without a value under some of the grid (nodata, NaN): said here, with the
    // DEM's name, as `validate` would say it of the new scenario
    let missing = elev.iter().filter(|v| !v.is_finite()).count();
    if missing > 0 {
        return Err(format!(
            "{}: no elevation (nodata or NaN) under {missing} of the grid's {} cells; fill the gaps (gdal_fillnodata.py) or cut the DEM to where it has values (gdal_translate -projwin)",
            o.dem.display(),
            elev.len()
        ));
    }
    let places = read_places(&o.places)?;
    let files = (
        file_name(&o.dem)?,
        file_name(&o.roads)?,
        file_name(&o.places)?,
    );
    if files.0 == files.1 || files.0 == files.2 || files.1 == files.2 {
        return Err("the DEM, roads and places files need different names".into());
    }
    // the MSEL's recipients become posts of the template
    let msel = match &o.msel {
        Some(p) => {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let bytes = crate::source::read_bytes(p, table::MAX_FILE_BYTES)
                .map_err(|e| format!("{}: {e}", p.display()))?;
            Some(
                table::read(&ext, bytes, &["msel"])
                    .map_err(|e| render_diags(&[super::msel::diagnostic(p, None, &e)]))?,
            )
        }
        None => None,
    };
    let mut posts: Vec<String> = Vec::new();
    // where each post's name was read (its first To cell)
    let mut post_at: Vec<table::Where> = Vec::new();
    if let Some(t) = &msel
        && let Some(header) = t.rows.first()
    {
        let to = table::find_columns(
            header,
            &[&[
                "to",
                "recipient",
                "player",
                "exerciseplayer",
                "接收方",
                "接收",
                "接收单位",
            ]],
        );
        if let Some(c) = to[0] {
            for row in &t.rows[1..] {
                // the same id `msel import` reads from the cell
                let p = table::name_text(&row[c].text);
                if !p.is_empty() && p != "hq" && !posts.contains(&p) {
                    posts.push(p);
                    post_at.push(row[c].at.clone());
                }
            }
        }
    }
    let hazard = hazard_text(o, &grid, &elev, &places)?;
    let text = scenario_text(
        o,
        &crs,
        &grid,
        (&files.0, &files.1, &files.2),
        &places,
        &posts,
        &hazard,
    );
    // what the generated scenario quotes from the inputs, and where each came from:
    // its problems are told there (the scenario is not written when it has any)
    let mut origins: Vec<Origin> = places
        .iter()
        .map(|p| Origin {
            literal: q(&p.id),
            file: o.places.clone(),
            at: p.at.to_string(),
        })
        .collect();
    if let Some(m) = &o.msel {
        origins.extend(posts.iter().zip(&post_at).map(|(p, w)| Origin {
            literal: q(p),
            file: m.clone(),
            at: w.to_string(),
        }));
    }
    let tell = |ds: Vec<Diagnostic>, stage: &Path| relabel(ds, stage, o, &ron_name, &origins);
    // validate in a staging folder beside the target, then move it into place
    let stage = o.dir.with_file_name(format!(
        ".{}.new-{}",
        o.dir
            .file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| -> Result<String, String> {
        std::fs::create_dir_all(&stage)
            .map_err(|e| format!("cannot create {}: {e}", stage.display()))?;
        copy_into(&stage, &o.dem)?;
        copy_into(&stage, &o.roads)?;
        copy_into(&stage, &o.places)?;
        let target_ron = o.dir.join(&ron_name);
        let path = stage.join(&ron_name);
        let s =
            crate::scenario::from_text(&path, &text).map_err(|d| render_diags(&tell(d, &stage)))?;
        let mut text = text.clone();
        let mut n_injects = 0;
        if let (Some(t), Some(p)) = (&msel, &o.msel) {
            let name = copy_into(&stage, p)?;
            let _ = name;
            let tt = t.text.clone().map(std::sync::Arc::new);
            let injects = super::msel::injects_of(t, &s)
                .map_err(|es| render_diags(&super::msel::diagnostics(p, tt.as_ref(), &es)))?;
            n_injects = injects.len();
            text = super::msel::replace_injects(&text, &injects)?;
            crate::scenario::from_text(&path, &text).map_err(|d| render_diags(&tell(d, &stage)))?;
        }
        super::write_new(&path, text.as_bytes())?;
        // a --cell-m that would pass the grid's cell limit was widened: say so
        let widened = match o.cell_m {
            Some(c) if c != grid.cell_m => format!(
                " (--cell-m {c} would give more than {} cells)",
                crate::scenario::validate::MAX_CELLS
            ),
            _ => String::new(),
        };
        Ok(format!(
            "wrote {}: {} × {} cells of {} m{widened} in {} (origin {:.1}, {:.1}), {} places, {} injects; \
             now edit the TEMPLATE sections and run `drillsim validate {}`",
            target_ron.display(),
            grid.width,
            grid.height,
            grid.cell_m,
            crs.describe(),
            grid.origin.0,
            grid.origin.1,
            s.places.len(),
            n_injects,
            target_ron.display()
        ))
    })();
    match result {
        Ok(summary) if not_empty => {
            // --force into a folder with files: each file moved over its old self
            let moved = move_into(&stage, &o.dir, &names);
            let _ = std::fs::remove_dir_all(&stage);
            moved.map(|_| summary)
        }
        Ok(summary) => {
            if o.dir.exists() {
                let _ = std::fs::remove_dir(&o.dir);
            }
            std::fs::rename(&stage, &o.dir).map_err(|e| {
                let _ = std::fs::remove_dir_all(&stage);
                format!("cannot create {}: {e}", o.dir.display())
            })?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&stage);
            Err(e)
        }
    }
}

/// What the files `new` writes are, for the output guard.
const OUTPUT: crate::output::Kind = crate::output::Kind::Ordinary("exercise file");

/// Move the staged files `names` into `dir` (which has files: `--force`), each
/// checked by the output guard again just before it replaces what is there.
fn move_into(stage: &Path, dir: &Path, names: &[String]) -> Result<(), String> {
    for n in names {
        let from = stage.join(n);
        if !from.exists() {
            continue;
        }
        let to = dir.join(n);
        crate::output::check_existing(&to, OUTPUT, true)?;
        std::fs::rename(&from, &to).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    }
    Ok(())
}

/// A value the generated scenario quotes from an input: the RON literal, the input
/// file and the place in it (`2:1`, `MSEL!D3`).
struct Origin {
    literal: String,
    file: PathBuf,
    at: String,
}

/// Diagnostics of the staged files told in the files the user has. A staged copy
/// of an input is that input (the same bytes: the same line and column). A problem
/// in the generated scenario (never written when it has one) is told at the input
/// row or cell whose value it points at (a place's name in the places table, a
/// post's in the MSEL's To column); any other is told as in the scenario `new`
/// generates, saying that it was not written.
fn relabel(
    ds: Vec<Diagnostic>,
    stage: &Path,
    o: &NewOptions,
    ron_name: &str,
    origins: &[Origin],
) -> Vec<Diagnostic> {
    let inputs = o.inputs();
    ds.into_iter()
        .map(|mut d| {
            let Ok(rest) = d.file.strip_prefix(stage).map(Path::to_path_buf) else {
                return d;
            };
            if rest.as_os_str() != ron_name {
                d.file = inputs
                    .iter()
                    .find(|p| p.file_name() == Some(rest.as_os_str()))
                    .map_or_else(|| o.dir.join(&rest), |p| p.to_path_buf());
                return d;
            }
            let quoted = d.text.get(d.span.0..d.span.1).unwrap_or("").trim();
            if d.location.is_none()
                && let Some(from) = origins.iter().find(|f| f.literal == quoted)
            {
                return Diagnostic::at_label(
                    &from.file,
                    from.at.clone(),
                    quoted,
                    format!(
                        "{} (the scenario `new` generates took this name from here; nothing was written)",
                        d.message
                    ),
                    d.hint,
                );
            }
            d.file = o.dir.join(ron_name);
            d.message = format!(
                "{} (in the scenario `new` generates from the inputs; nothing was written)",
                d.message
            );
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn problems_of_staged_files_are_told_in_the_inputs() {
        let o = NewOptions {
            dir: "ex".into(),
            dem: "in/dem.tif".into(),
            roads: "in/roads.geojson".into(),
            places: "in/places.csv".into(),
            msel: None,
            crs: None,
            cell_m: None,
            hazard: HazardKind::Flood,
            name: None,
            start: "2026-07-21T14:00".into(),
            time_zone: "Asia/Shanghai".into(),
            duration_s: 3600,
            force: false,
        };
        let stage = Path::new(".ex.new-1");
        let text = Arc::new("covers: [\"Low villageEast\", \"hq2\"]".to_string());
        let span = |lit: &str| {
            let at = text.find(lit).unwrap();
            (at, at + lit.len())
        };
        // the place's name holds a control character the generated text leaves out
        let origins = [Origin {
            literal: q("Low village\u{b}East"),
            file: o.places.clone(),
            at: "2:1".into(),
        }];
        let ron = stage.join("ex.ron");
        let ds = vec![
            Diagnostic::at(
                &ron,
                &text,
                span("\"Low villageEast\""),
                "unknown place `Low villageEast`",
                None,
            ),
            Diagnostic::at(&ron, &text, span("\"hq2\""), "unknown place `hq2`", None),
            Diagnostic::at(&stage.join("places.csv"), &text, (0, 1), "bad cell", None),
        ];
        let out = relabel(ds, stage, &o, "ex.ron", &origins);
        assert!(
            out[0]
                .headline()
                .starts_with("in/places.csv:2:1: unknown place `Low villageEast`"),
            "{}",
            out[0].headline()
        );
        assert_eq!(out[1].file, Path::new("ex/ex.ron"));
        assert!(
            out[1].message.contains("nothing was written"),
            "{}",
            out[1].message
        );
        assert_eq!(
            out[2].file,
            Path::new("in/places.csv"),
            "the input, not its copy"
        );
    }
}
