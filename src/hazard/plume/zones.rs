//! Threat zones of a concentration field: conversion of a mg/m³ field to ppm, the threat
//! level of every cell ([`classify_cells`]) and the nested zones with their area and
//! reach from the source ([`threat_zones`]), against a substance's levels of concern
//! from [`crate::catalog::substances`].
//!
//! Invariant: zones are nested (a cell counts for every level at or below its own), as
//! ALOHA draws them.

use super::{FieldError, check_grid, sanitize};
use crate::catalog::substances::{LevelsOfConcern, ThreatLevel, mg_m3_to_ppm};

/// Converts a field in mg/m³ to ppm in place (25 °C, 1 atm).
pub fn field_mg_m3_to_ppm(field: &mut [f32], molar_mass_g_mol: f64) {
    let k = mg_m3_to_ppm(1.0, molar_mass_g_mol) as f32;
    for v in field {
        *v *= k;
    }
}

/// Per-level statistics of a threat zone. Zones are nested: a cell counts
/// for every level at or below its own (as ALOHA draws them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZoneStats {
    /// The level.
    pub level: ThreatLevel,
    /// Its threshold, ppm (`None`: the guideline has no value; zone empty).
    pub threshold_ppm: Option<f64>,
    /// Cells at or above the threshold.
    pub cell_count: usize,
    /// `cell_count · cell²`, m².
    pub area_m2: f64,
    /// Largest distance from the source to such a cell centre, m.
    pub max_distance_m: f64,
    /// Largest distance along the current downwind direction (projection
    /// of source→cell on the wind-to vector, ≥ 0), m.
    pub max_downwind_m: f64,
}

/// Threat zones of a ppm field: one [`ZoneStats`] per level in
/// [`ThreatLevel::ZONES`] order (Level1, Level2, Level3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThreatZones {
    /// Level1, Level2, Level3.
    pub zones: [ZoneStats; 3],
}

impl ThreatZones {
    /// The statistics of one level (`None` for `Clear`).
    pub fn get(&self, level: ThreatLevel) -> Option<&ZoneStats> {
        level.zone_index().and_then(|i| self.zones.get(i))
    }
}

/// The threat level of every cell of a ppm field, written into `out`.
pub fn classify_cells(
    field_ppm: &[f32],
    levels: &LevelsOfConcern,
    out: &mut [ThreatLevel],
) -> Result<(), FieldError> {
    if field_ppm.len() != out.len() {
        return Err(FieldError::SizeMismatch {
            expected: field_ppm.len(),
            got: out.len(),
        });
    }
    for (o, v) in out.iter_mut().zip(field_ppm) {
        *o = levels.threat_level(f64::from(*v));
    }
    Ok(())
}

/// Computes nested threat zones of a ppm field (grid convention of this
/// module) for a source at `(source_x_m, source_y_m)` and the current wind
/// direction (from, degrees).
#[allow(clippy::too_many_arguments)]
pub fn threat_zones(
    field_ppm: &[f32],
    width: usize,
    height: usize,
    cell_m: f64,
    source_x_m: f64,
    source_y_m: f64,
    wind_from_deg: f64,
    levels: &LevelsOfConcern,
) -> Result<ThreatZones, FieldError> {
    check_grid(width, height, cell_m, field_ppm.len())?;
    let mut zones = ThreatLevel::ZONES.map(|level| ZoneStats {
        level,
        threshold_ppm: levels.threshold_ppm(level),
        cell_count: 0,
        area_m2: 0.0,
        max_distance_m: 0.0,
        max_downwind_m: 0.0,
    });
    let dir = sanitize(wind_from_deg, 0.0).to_radians();
    let (wx, wy) = (-dir.sin(), dir.cos());
    let sx = sanitize(source_x_m, 0.0);
    let sy = sanitize(source_y_m, 0.0);
    if width > 0 {
        for (row, line) in field_ppm.chunks_exact(width).enumerate() {
            let dy = (row as f64 + 0.5) * cell_m - sy;
            for (col, v) in line.iter().enumerate() {
                let Some(idx) = levels.threat_level(f64::from(*v)).zone_index() else {
                    continue;
                };
                let dx = (col as f64 + 0.5) * cell_m - sx;
                let dist = dx.hypot(dy);
                let down = (dx * wx + dy * wy).max(0.0);
                for z in zones.iter_mut().take(idx + 1) {
                    z.cell_count += 1;
                    z.max_distance_m = z.max_distance_m.max(dist);
                    z.max_downwind_m = z.max_downwind_m.max(down);
                }
            }
        }
    }
    for z in &mut zones {
        z.area_m2 = z.cell_count as f64 * cell_m * cell_m;
    }
    Ok(ThreatZones { zones })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::substances::CHLORINE;
    use crate::hazard::plume::test_support::{DOMAIN, ground, steady};

    #[test]
    fn zones_and_distances() {
        let (w, h, cell) = DOMAIN;
        let m = steady(10.0, 300);
        let mut f = vec![0.0f32; w * h];
        m.fill_grid(w, h, cell, 1.5, &mut f).expect("grid");
        field_mg_m3_to_ppm(&mut f, CHLORINE.molar_mass_g_mol);
        let z = threat_zones(&f, w, h, cell, 100.0, 2560.0, 270.0, &CHLORINE.aegl_60min)
            .expect("zones");
        let [l1, l2, l3] = z.zones;
        assert!(l1.cell_count >= l2.cell_count && l2.cell_count >= l3.cell_count);
        assert!(l3.cell_count > 0);
        assert!(l1.max_downwind_m > l2.max_downwind_m && l2.max_downwind_m > l3.max_downwind_m);
        assert!(l1.max_distance_m >= l1.max_downwind_m);
        // 1 kg/s chlorine, D, 5 m/s: 2 ppm (5.8 mg/m3) reached ~1.9 km on the axis.
        let x2 = (1..=5000)
            .map(|i| i as f64)
            .take_while(|x| CHLORINE.ppm(ground(*x) * 1e6) >= 2.0)
            .last()
            .unwrap_or(0.0);
        assert!(
            (l2.max_downwind_m - x2).abs() < 60.0,
            "{} vs {x2}",
            l2.max_downwind_m
        );
        assert_eq!(z.get(ThreatLevel::Level2), Some(&l2));
        let mut cls = vec![ThreatLevel::Clear; w * h];
        classify_cells(&f, &CHLORINE.aegl_60min, &mut cls).expect("classify");
        let n3 = cls.iter().filter(|c| **c == ThreatLevel::Level3).count();
        assert_eq!(n3, l3.cell_count);
        assert!(threat_zones(&f, w, h + 1, cell, 0.0, 0.0, 0.0, &CHLORINE.erpg).is_err());
    }
}
