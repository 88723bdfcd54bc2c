//! Tests after the UK Environment Agency 2D benchmark (Néelz & Pender 2013,
//! "Benchmarking the latest generation of 2D hydraulic modelling packages", report
//! SC120002): Test 4 (flood propagation over an extended floodplain) against the
//! figures of LISFLOOD-FP 8.1 (ACC solver, single precision) at one hour.

use super::Forcing;
use super::test_support::flat;

/// Test 4 plain: 200 × 400 cells of 5 m, flat, n = 0.05, 20 m³/s through a 20 m line
/// (four cells) at the middle of the west edge, closed elsewhere; one hour.
#[test]
fn ea_test4_one_hour_matches_lisflood_fp() {
    let (w, h) = (200usize, 400usize);
    let mut g = flat(w, h, 5.0, 0.05);
    let inflows: Vec<(usize, f64)> = (198..202).map(|r| (r * w, 5.0)).collect();
    let f = Forcing {
        inflows: &inflows,
        ..Forcing::default()
    };
    for _ in 0..360 {
        g.advance(10.0, &f).expect("advance");
    }
    let area = |thr: f64| g.depths().iter().filter(|&&d| d > thr).count() as f64 * 25.0;
    let inlet = g.depth(200 * w).expect("cell");
    let mb = g.mass_balance();
    // LISFLOOD-FP 8.1 at 1 h: wet 536,550 m², deeper than 10 cm 363,550 m², 0.539 m at
    // the inlet, 72,000 m³ stored. Its wet threshold is not stated; we check both 1 mm
    // (the flow threshold) and 1 cm.
    let within = |got: f64, want: f64| (got - want).abs() <= 0.05 * want;
    assert!(
        within(area(1e-3), 536_550.0),
        "wet area (1 mm) {}",
        area(1e-3)
    );
    assert!(
        within(area(1e-2), 536_550.0),
        "wet area (1 cm) {}",
        area(1e-2)
    );
    assert!(within(area(0.1), 363_550.0), "area > 10 cm {}", area(0.1));
    assert!(within(inlet, 0.539), "inlet depth {inlet}");
    assert!((mb.stored_m3 - 72_000.0).abs() < 1e-6 * 72_000.0, "{mb:?}");
    assert!(mb.max_rel_error < 1e-6, "{mb:?}");
}
