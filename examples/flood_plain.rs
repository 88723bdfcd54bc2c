//! The flood kernel's speed benchmark of issue 17 (`docs/performance.md`): the EA 2D
//! benchmark Test 4 plain (Néelz & Pender 2013) — 200 × 400 cells of 5 m, flat,
//! Manning's n = 0.05, 20 m³/s through a 20 m line (four cells) at the middle of the
//! west edge, closed elsewhere — run for HOURS (default 5) in 10-s ticks on THREADS
//! (default 1) threads.
//!
//! ```sh
//! cargo run --release --example flood_plain -- [HOURS] [THREADS]
//! /usr/bin/time -f "%U s CPU, %M kB peak" target/release/examples/flood_plain 5
//! ```
//!
//! Prints, after the first hour, the figures LISFLOOD-FP 8.1 (ACC, single precision)
//! gives at 1 h (wet area 536,550 m², 363,550 m² deeper than 10 cm, 0.539 m at the
//! inlet, 72,000 m³ stored), and at the end the time spent in `FloodGrid::advance`,
//! the sub-steps, the wet-cell updates per second and the mass error.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use drillsim::hazard::flood::{FloodGrid, Forcing};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let hours: f64 = match args.next().map(|a| a.parse()) {
        None => 5.0,
        Some(Ok(h)) if h > 0.0 && h <= 48.0 => h,
        Some(_) => {
            eprintln!("usage: flood_plain [HOURS (0–48)] [THREADS (1–64)]");
            return ExitCode::from(2);
        }
    };
    let threads: usize = match args.next().map(|a| a.parse()) {
        None => 1,
        Some(Ok(t)) if (1..=64).contains(&t) => t,
        Some(_) => {
            eprintln!("usage: flood_plain [HOURS (0–48)] [THREADS (1–64)]");
            return ExitCode::from(2);
        }
    };
    let (w, h, dx) = (200usize, 400usize, 5.0);
    let mut g = match FloodGrid::new(w, h, dx, vec![0.0; w * h], vec![0.05; w * h]) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("flood_plain: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = g.set_threads(threads) {
        eprintln!("flood_plain: {e}");
        return ExitCode::FAILURE;
    }
    // 20 m³/s shared by the four cells of the west edge's middle (rows 198–201)
    let inflows: Vec<(usize, f64)> = (198..202).map(|r| (r * w, 5.0)).collect();
    let forcing = Forcing {
        inflows: &inflows,
        ..Forcing::default()
    };
    let ticks = (hours * 360.0).round() as u64;
    let (mut busy, mut substeps, mut wet_updates) = (Duration::ZERO, 0u64, 0u64);
    for tick in 1..=ticks {
        let t0 = Instant::now();
        match g.advance(10.0, &forcing) {
            Ok(s) => {
                substeps += u64::from(s.substeps);
                wet_updates += s.wet_cell_updates;
            }
            Err(e) => {
                eprintln!("flood_plain: {e}");
                return ExitCode::FAILURE;
            }
        }
        busy += t0.elapsed();
        if tick == 360 {
            let area = |thr: f64| g.depths().iter().filter(|&&d| d > thr).count() as f64 * 25.0;
            println!(
                "1 h: wet (> 1 cm) {:.0} m² (LISFLOOD-FP 536,550), > 10 cm {:.0} m² (363,550), \
                 inlet {:.3} m (0.539), stored {:.1} m³ (72,000)",
                area(0.01),
                area(0.1),
                g.depth(200 * w).unwrap_or(f64::NAN),
                g.mass_balance().stored_m3
            );
        }
    }
    let secs = busy.as_secs_f64();
    let mb = g.mass_balance();
    println!(
        "{hours} h on {threads} thread(s): {secs:.2} s in advance, {substeps} sub-steps, \
         {:.1} M wet-cell updates/s, stored {:.1} m³, mass error {:.1e}",
        wet_updates as f64 / secs / 1e6,
        mb.stored_m3,
        mb.max_rel_error
    );
    ExitCode::SUCCESS
}
