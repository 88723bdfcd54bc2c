//! Helpers shared by the flood model's unit tests: a flat grid, uneven terrain and a
//! busy scenario (wet and dry ground, rain, a river inflow, pumps, open boundaries).

use super::{FloodGrid, Forcing, OutflowKind, hydrograph};

pub(super) fn flat(width: usize, height: usize, cell_m: f64, n: f64) -> FloodGrid {
    let cells = width * height;
    FloodGrid::new(width, height, cell_m, vec![0.0; cells], vec![n; cells])
        .expect("valid flat grid")
}

pub(super) fn bumpy(width: usize, height: usize) -> Vec<f64> {
    (0..width * height)
        .map(|i| {
            let (r, c) = ((i / width) as f64, (i % width) as f64);
            0.6 * (0.7 * c).sin() * (0.5 * r).cos() + 0.3 * (1.3 * r + 0.4 * c).sin() + 0.02 * c
        })
        .collect()
}

/// Uneven terrain, wet and dry, rain on part of it, a river inflow, a pump that runs
/// dry and an open boundary. Returns the final grid.
pub(super) fn busy_scenario(check_every_tick: bool) -> FloodGrid {
    busy_scenario_on(check_every_tick, 1)
}

/// [`busy_scenario`] with the sub-steps on `threads` threads.
pub(super) fn busy_scenario_on(check_every_tick: bool, threads: usize) -> FloodGrid {
    let (w, h) = (30, 20);
    let manning: Vec<f64> = (0..w * h)
        .map(|i| 0.03 + 0.02 * ((i % 7) as f64) / 7.0)
        .collect();
    let mut g = FloodGrid::new(w, h, 10.0, bumpy(w, h), manning).expect("grid");
    g.set_threads(threads).expect("threads");
    for c in 0..8 {
        g.set_water_level(5 * w + c, 0.4).expect("wet");
    }
    g.set_open_boundary(6 * w, OutflowKind::Critical)
        .expect("edge");
    g.set_open_boundary(2, OutflowKind::NormalDepth { slope: 1e-3 })
        .expect("edge");
    let mask: Vec<bool> = (0..w * h).map(|i| (i / w) < 10).collect();
    let hydro = [(0.0, 0.0), (600.0, 3.0), (1800.0, 0.5), (3600.0, 0.0)];
    let mut t = 0.0;
    while t < 5400.0 {
        let q = hydrograph(&hydro, t);
        let rain = if t < 1200.0 { 2e-5 } else { 0.0 };
        let inflows = [(2 * w + 1, q)];
        let pumps = [(15 * w + 15, 0.4), (3 * w + 3, 0.05)];
        let f = Forcing {
            inflows: &inflows,
            rain_m_per_s: rain,
            rain_mask: Some(&mask),
            pumps: &pumps,
            fixed_depths: &[],
        };
        g.advance(30.0, &f).expect("advance");
        t += 30.0;
        if check_every_tick {
            let mb = g.mass_balance();
            assert!(mb.max_rel_error < 1e-6, "t {t}: {mb:?}");
            assert!(g.depths().iter().all(|&d| d >= 0.0 && d.is_finite()));
        }
    }
    g
}
