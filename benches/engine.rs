//! Engine speed on a synthetic 512 × 512 scenario with 200 units and a 5,000-node
//! road network: ticks per second (no hazards, every unit driving) and the time of
//! one route query. Run with `cargo bench --bench engine`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use drillsim::map::Traveller;
use drillsim::scenario::{self, synth};
use drillsim::sim::Engine;

fn spec() -> synth::SynthSpec {
    synth::SynthSpec {
        width: 512,
        height: 512,
        cell_m: 20.0,
        road_nodes: 5000,
        units: 200,
        duration_s: 24 * 3600,
    }
}

fn bench(c: &mut Criterion) {
    let spec = spec();
    let s = Arc::new(
        scenario::from_text(Path::new("synthetic.ron"), &synth::synth_text(&spec))
            .expect("synthetic scenario validates"),
    );
    let busy = synth::synth_orders(&spec, 1800);
    let once: Vec<_> = busy.iter().filter(|i| i.at.0 == 0).cloned().collect();
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    // all 200 units driving: 30 ticks (5 min) right after their orders arrive
    const DRIVING: u64 = 30;
    g.throughput(Throughput::Elements(DRIVING));
    g.bench_function("ticks with 200 units driving, 512x512", |b| {
        b.iter_batched(
            || {
                let mut e = Engine::new(s.clone(), 1, once.clone()).unwrap();
                e.run_through(10); // orders delivered and routed, everyone on the road
                e
            },
            |mut e| {
                for _ in 0..DRIVING {
                    e.step();
                }
                black_box(e.clock().tick)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    // every road closed under 200 driving units: all of them cut off, retrying their
    // route every tick (the retry is skipped while the usable roads stay the same)
    g.bench_function("ticks with 200 units cut off, 512x512", |b| {
        b.iter_batched(
            || {
                let mut e = Engine::new(s.clone(), 1, once.clone()).unwrap();
                e.run_through(10);
                let mut roads = e.world_mut().resource_mut::<drillsim::sim::Roads>();
                for st in &mut roads.0.state {
                    st.closed_by_order = true;
                }
                e.step(); // they find the road closed and cannot re-plan
                e
            },
            |mut e| {
                for _ in 0..DRIVING {
                    e.step();
                }
                black_box(e.clock().tick)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    // a busy exercise: every unit re-dispatched every 30 minutes (200 route queries
    // every 180 ticks) over 1000 ticks
    const TICKS: u64 = 1000;
    g.throughput(Throughput::Elements(TICKS));
    g.bench_function("1000 ticks, 200 units re-dispatched every 30 min", |b| {
        b.iter_batched(
            || {
                let mut e = Engine::new(s.clone(), 1, busy.clone()).unwrap();
                e.run_through(10);
                e
            },
            |mut e| {
                for _ in 0..TICKS {
                    e.step();
                }
                black_box(e.clock().tick)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
    // how many units are really moving in the first window
    let mut e = Engine::new(s.clone(), 1, once.clone()).unwrap();
    e.run_through(10);
    let w = e.world_mut();
    let moving = w
        .query::<&drillsim::sim::units::UnitState>()
        .iter(w)
        .filter(|u| u.status == drillsim::sim::units::UnitStatus::EnRoute)
        .count();
    println!("units en route at the start of the driving window: {moving} of 200");
    let mut e = Engine::new(s.clone(), 1, once.clone()).unwrap();
    e.run_through(10);
    for st in &mut e.world_mut().resource_mut::<drillsim::sim::Roads>().0.state {
        st.closed_by_order = true;
    }
    e.run_through(12);
    let w = e.world_mut();
    let cut = w
        .query::<&drillsim::sim::units::UnitState>()
        .iter(w)
        .filter(|u| u.status == drillsim::sim::units::UnitStatus::CutOff)
        .count();
    println!("units cut off in the closed-roads window: {cut} of 200");
    let t = Traveller {
        speed_km_h: 60.0,
        fording_depth_m: 0.3,
        gas_protected: false,
    };
    let n = s.roads.node_count() as u32;
    let mut k = 0u32;
    c.bench_function(
        "route query, 5000-node network, corner to corner and random",
        |b| {
            b.iter(|| {
                k = k.wrapping_add(7919);
                let from = k % n;
                let to = (k.wrapping_mul(31)) % n;
                black_box(s.roads.route(from, to, &t))
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
