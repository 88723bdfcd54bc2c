//! The `map.grid` section: a non-empty grid of at most [`MAX_CELLS`] cells whose side
//! lies in [`CELL_M_RANGE`], with an origin within [`MAX_ORIGIN_M`].

use super::{CELL_M_RANGE, MAX_CELLS, MAX_ORIGIN_M, Validator};
use crate::map::GridSpec;
use crate::scenario::raw::RawGrid;

impl Validator {
    pub(super) fn grid(&mut self, g: &RawGrid) -> Option<GridSpec> {
        let cells = g.width as u64 * g.height as u64;
        if g.width == 0 || g.height == 0 {
            self.d.err(
                "map.grid",
                "the grid has no cells",
                Some("width and height must be at least 1".into()),
            );
            return None;
        }
        if cells > MAX_CELLS {
            self.d.err(
                "map.grid",
                format!(
                    "grid of {} × {} = {cells} cells is larger than the limit of {MAX_CELLS}",
                    g.width, g.height
                ),
                Some("use larger cells (cell_m) or a smaller area".into()),
            );
            return None;
        }
        if !(g.cell_m >= CELL_M_RANGE.0 && g.cell_m <= CELL_M_RANGE.1) {
            self.d.err(
                "map.grid.cell_m",
                format!(
                    "cell size {} m is outside {}–{} m",
                    g.cell_m, CELL_M_RANGE.0, CELL_M_RANGE.1
                ),
                Some("exercises use cells of 5–50 m".into()),
            );
            return None;
        }
        if !(g.origin.0.abs() <= MAX_ORIGIN_M && g.origin.1.abs() <= MAX_ORIGIN_M) {
            self.d.err(
                "map.grid.origin",
                format!(
                    "origin ({}, {}) is not a projected coordinate (each must be within ±{MAX_ORIGIN_M} m)",
                    g.origin.0, g.origin.1
                ),
                Some("the easting and northing of the grid's south-west corner, in metres".into()),
            );
            return None;
        }
        Some(GridSpec {
            width: g.width,
            height: g.height,
            cell_m: g.cell_m,
            origin: g.origin,
        })
    }
}
