//! Results out for GIS tools: a recording's hazard fields at a moment (or their worst
//! over the run) as rasters (GeoTIFF with the scenario's CRS, or ESRI ASCII with a
//! `.prj`) or as GeoJSON polygons, and the units' tracks and the places' status as
//! GeoJSON.
//!
//! The recording is re-simulated ([`crate::record::replay`]); a moment is read from
//! the nearest snapshot and stepped to, a field over the whole run is gathered tick by
//! tick. GeoJSON is written in WGS 84 longitude/latitude (RFC 7946) when the scenario
//! declares a CRS, else in the grid's projected frame (no CRS can be named then).
//! Polygons come from the `contour` crate (marching squares on the cell values, cell
//! centres as the sample points).

mod fields;
mod vectors;

use std::path::Path;

pub use fields::{Field, When, gather};

/// What an export wrote, for the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// Files written (the `.prj` beside an `.asc` too).
    pub files: Vec<std::path::PathBuf>,
    /// One line for people: what, when, how many features or cells.
    pub summary: String,
    /// What the reader should know first: the recording was damaged or has no end
    /// frame, so only part of it was used ([`crate::record::partial_warning`]).
    pub warning: Option<String>,
}

/// The output kind of a path, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GeoTIFF (`.tif`, `.tiff`).
    GeoTiff,
    /// ESRI ASCII grid (`.asc`).
    Asc,
    /// GeoJSON (`.geojson`, `.json`).
    GeoJson,
}

impl Format {
    /// By the output file's extension.
    pub fn of(path: &Path) -> Result<Format, String> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "tif" | "tiff" => Ok(Format::GeoTiff),
            "asc" => Ok(Format::Asc),
            "geojson" | "json" => Ok(Format::GeoJson),
            _ => Err(format!(
                "{}: the output must end in .tif, .asc or .geojson",
                path.display()
            )),
        }
    }
}

/// What every exported file is, for the output guard.
const KIND: crate::output::Kind = crate::output::Kind::Ordinary("export");

/// Export `field` of the recording at `rec_path` at `when` into `out` (and, for
/// `.asc`, its `.prj` beside it). Every file written goes through the output guard
/// ([`crate::output::Plan`], checked before the recording is read): never the
/// recording, another recording or a key; an existing file only with `force`.
pub fn export(
    rec_path: &Path,
    field: Field,
    when: When,
    out: &Path,
    force: bool,
) -> Result<Written, String> {
    let format = Format::of(out)?;
    if matches!(field, Field::Tracks | Field::Places) && format != Format::GeoJson {
        return Err(format!(
            "{} are points and lines: write them as .geojson",
            field.name()
        ));
    }
    let mut plan = crate::output::Plan::new(force);
    plan.input(rec_path, "recording");
    plan.output(out, KIND)?;
    if format == Format::Asc {
        plan.output(&out.with_extension("prj"), KIND)?;
    }
    let rec = crate::record::read(rec_path)?;
    let warning = crate::record::partial_warning(&rec, rec_path, "exported from");
    let g = gather(&rec, field, when)?;
    let mut w = match (field, format) {
        (Field::Tracks | Field::Places, _) => {
            let v = vectors::features(&g)?;
            finish(out, v.0.into_bytes(), Vec::new(), &g, &v.1, force)
        }
        (_, Format::GeoJson) => {
            let v = vectors::polygons(&g)?;
            finish(out, v.0.into_bytes(), Vec::new(), &g, &v.1, force)
        }
        (_, Format::GeoTiff) => {
            let r = crate::map::raster::GeoRaster::from_grid(
                &g.scenario.grid,
                g.scenario.crs.clone(),
                g.values.iter().map(|&v| v as f32).collect(),
            );
            let bytes = crate::map::geotiff::write(&r, NODATA as f32)?;
            finish(out, bytes, Vec::new(), &g, "GeoTIFF", force)
        }
        (_, Format::Asc) => {
            let s = &g.scenario;
            let a = crate::map::asc::AscGrid {
                ncols: s.grid.width as usize,
                nrows: s.grid.height as usize,
                xll: s.grid.origin.0,
                yll: s.grid.origin.1,
                cellsize: s.grid.cell_m,
                nodata: Some(NODATA),
                values: g
                    .values
                    .iter()
                    .map(|v| if v.is_nan() { NODATA } else { *v })
                    .collect(),
            };
            let prj = s
                .crs
                .as_ref()
                .and_then(|c| c.wkt())
                .map(|w| (out.with_extension("prj"), w.as_bytes().to_vec()));
            finish(
                out,
                crate::map::asc::write(&a).into_bytes(),
                prj.into_iter().collect(),
                &g,
                "ESRI ASCII grid",
                force,
            )
        }
    }?;
    w.warning = warning;
    Ok(w)
}

/// Value written where a field has none (`-9999`, the ESRI and GDAL habit).
pub const NODATA: f64 = -9999.0;

fn finish(
    out: &Path,
    bytes: Vec<u8>,
    extra: Vec<(std::path::PathBuf, Vec<u8>)>,
    g: &fields::Gathered,
    what: &str,
    force: bool,
) -> Result<Written, String> {
    let mut files = Vec::new();
    for (p, b) in std::iter::once((out.to_path_buf(), bytes)).chain(extra) {
        crate::output::write(&p, &b, KIND, force)?;
        files.push(p);
    }
    Ok(Written {
        files,
        summary: format!(
            "{} {} of \"{}\" ({}) as {what}{}",
            g.field.name(),
            g.when_text,
            g.scenario.meta.name,
            g.field.unit(),
            match &g.scenario.crs {
                Some(c) => format!(", {}", c.describe()),
                None => ", no CRS declared (grid frame)".into(),
            }
        ),
        warning: None,
    })
}
