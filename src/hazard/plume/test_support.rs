//! Helpers shared by the plume model's unit tests: relative difference, the class-D
//! ground-level plume, the test domain and a steady puff release.

use super::StabilityClass::D;
use super::{PuffModel, PuffParams, Terrain, plume_concentration};

pub(super) fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

pub(super) fn ground(x: f64) -> f64 {
    plume_concentration(1.0, 5.0, D, Terrain::Open, x, 0.0, 0.0, 0.0).concentration_kg_m3
}

pub(super) const DOMAIN: (usize, usize, f64) = (512, 512, 10.0);

pub(super) fn steady(dt: f64, steps: usize) -> PuffModel {
    let mut m = PuffModel::new(PuffParams::new(D, Terrain::Open, 100.0, 2560.0, 0.0));
    for _ in 0..steps {
        m.step(dt, 1.0, 5.0, 270.0);
    }
    m
}
