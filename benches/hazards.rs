//! Hazard model speed on the reference cases of `docs/performance.md`:
//! - fire arrival times over 1000 × 1000 cells of FM1 (aim: under 2 s);
//! - flood on the EA Test 4 plain, 1000 × 2000 m at 5 m cells, 1 h (aim: ≥ 50 M
//!   wet-cell updates/s; the figure is printed after the run);
//! - plume field of 512 × 512 cells with 720 puffs (aim: under 5 ms per tick).
//!
//! Run with `cargo bench --bench hazards`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drillsim::hazard::fire::{FireGrid, Moisture, Weather};
use drillsim::hazard::flood::{FloodGrid, Forcing, hydrograph};
use drillsim::hazard::plume::{PuffModel, PuffParams, StabilityClass, Terrain};

fn fire(c: &mut Criterion) {
    let n = 1000usize;
    let mut g = c.benchmark_group("fire");
    g.sample_size(10);
    g.bench_function("arrival times 1000x1000 FM1, 3 m/s", |b| {
        b.iter_batched(
            || {
                let mut f =
                    FireGrid::new(n, n, 30.0, vec![1; n * n], vec![0.0; n * n]).expect("grid");
                f.set_weather(Weather {
                    midflame_wind_m_s: 3.0,
                    wind_from_deg: 225.0,
                    moisture: Moisture::from_percent(6.0, 7.0, 8.0, 60.0, 90.0),
                    wind_20ft_m_s: 7.5,
                })
                .expect("weather");
                f.ignite(500 * n + 500, 0.0).expect("ignite");
                f
            },
            |mut f| {
                f.advance_to(f64::INFINITY).expect("advance");
                black_box(f.burnt_area_m2(f64::INFINITY))
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn flood(c: &mut Criterion) {
    let (w, h, dx) = (200usize, 400usize, 5.0);
    let mut g = c.benchmark_group("flood");
    g.sample_size(10);
    let mut wet_updates = 0u64;
    let mut secs = 0.0;
    g.bench_function("EA test 4 plain, 200x400 cells of 5 m, first hour", |b| {
        b.iter_batched(
            || FloodGrid::new(w, h, dx, vec![0.0; w * h], vec![0.05; w * h]).expect("grid"),
            |mut f| {
                let inlet: Vec<usize> = (98..102).collect();
                let hydro = [(0.0, 0.0), (3600.0, 20.0), (7200.0, 0.0)];
                let t0 = std::time::Instant::now();
                let mut inflows = Vec::new();
                while f.time_s() < 3600.0 - 1e-9 {
                    let q = hydrograph(&hydro, f.time_s() + 5.0) / inlet.len() as f64;
                    inflows.clear();
                    inflows.extend(inlet.iter().map(|&c| (c, q)));
                    let s = f
                        .advance(
                            10.0,
                            &Forcing {
                                inflows: &inflows,
                                ..Forcing::default()
                            },
                        )
                        .expect("advance");
                    wet_updates += s.wet_cell_updates;
                }
                secs += t0.elapsed().as_secs_f64();
                black_box(f.stored_volume_m3())
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
    if secs > 0.0 {
        println!(
            "flood: {:.1} million wet-cell updates per second",
            wet_updates as f64 / secs / 1e6
        );
    }
}

fn plume(c: &mut Criterion) {
    let mut m = PuffModel::new(PuffParams::new(
        StabilityClass::D,
        Terrain::Open,
        1000.0,
        2560.0,
        2.0,
    ));
    for _ in 0..720 {
        m.step(10.0, 1.0, 0.5, 270.0);
    }
    let mut field = vec![0f32; 512 * 512];
    c.bench_function("plume field 512x512, 720 puffs", |b| {
        b.iter(|| {
            m.fill_grid(512, 512, 10.0, 1.5, &mut field).expect("field");
            black_box(field[1000])
        })
    });
}

criterion_group!(benches, fire, flood, plume);
criterion_main!(benches);
