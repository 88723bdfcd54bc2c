//! Validation speed on a generated 10 MB scenario: 20 000 road nodes, 20 000
//! units, 30 000 injects and a 500 × 400 inline population layer — every list long
//! at once, so a quadratic path in any section shows. Loading must be linear in the
//! file's size (docs/input-limits.md); the target is under 2 s for 10 MB. A second
//! case validates the same file with every inject sent to an unknown seat (the
//! error path: locating and rendering capped diagnostics). Run with
//! `cargo bench --bench validation`.

use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use drillsim::scenario::{self, synth};

/// A valid scenario of about 10 MB, and the same with every inject to `nobody`.
fn ten_mb() -> (String, String) {
    let spec = synth::SynthSpec {
        width: 500,
        height: 400,
        cell_m: 20.0,
        road_nodes: 20_000,
        units: 20_000,
        duration_s: 6 * 3600,
    };
    let base = synth::synth_text(&spec);
    // an inline population layer
    let mut layer = String::from("population: Inline([");
    for i in 0..500 * 400 {
        let _ = write!(layer, "{}.0,", i % 9);
    }
    layer.push_str("])");
    let text = base.replacen(
        "scale_cells: 64.0))",
        &format!("scale_cells: 64.0)), {layer}"),
        1,
    );
    // injects, before the scenario's closing parenthesis; `to` names their seats
    let injects = |to: &str| {
        let mut out = String::from(",\ninjects: [");
        for i in 0..30_000 {
            let _ = writeln!(
                out,
                "(id: \"I{i}\", time: \"{}s\", from: \"Met bureau\", to: \"{to}{}\", channel: Phone, text: \"Rain gauge {i} reports 40 mm in the last hour; the river is rising.\"),",
                (i % 2000) * 10,
                i % 8
            );
        }
        out.push(']');
        out
    };
    let end = text.rfind(')').expect("closing parenthesis");
    let valid = format!("{}{}{}", &text[..end], injects("t"), &text[end..]);
    let invalid = format!("{}{}{}", &text[..end], injects("nobody_t"), &text[end..]);
    (valid, invalid)
}

fn bench(c: &mut Criterion) {
    let (valid, invalid) = ten_mb();
    let path = Path::new("synthetic.ron");
    let s = scenario::from_text(path, &valid).expect("the generated scenario validates");
    assert_eq!(s.injects.len(), 30_000);
    let d = scenario::from_text(path, &invalid).expect_err("every inject is refused");
    assert_eq!(d.len(), 101);
    let mut g = c.benchmark_group("validation");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(valid.len() as u64));
    g.bench_function(format!("valid {:.1} MB", valid.len() as f64 / 1e6), |b| {
        b.iter(|| black_box(scenario::from_text(path, &valid).is_ok()))
    });
    g.bench_function(
        format!(
            "30 000 errors, rendered, {:.1} MB",
            invalid.len() as f64 / 1e6
        ),
        |b| {
            b.iter(|| {
                let d = scenario::from_text(path, &invalid).unwrap_err();
                black_box(scenario::diag::render_diags(&d).len())
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
