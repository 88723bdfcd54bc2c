//! Tests after the UK Environment Agency 2D benchmark (Néelz & Pender 2013,
//! "Benchmarking the latest generation of 2D hydraulic modelling packages", report
//! SC120002): Test 4 (flood propagation over an extended floodplain) against the
//! figures of LISFLOOD-FP 8.1 (ACC solver, single precision) at one hour; Test 1
//! (flooding a disconnected water body) and Test 2 (filling floodplain depressions),
//! whose final states are judged by volume alone: water at rest, every pool level, at
//! the level its volume gives on the terrain ([`pour`] computes that state with no
//! hydraulics at all).
//!
//! The terrains of Tests 1 and 2 are rebuilt from the report's descriptions (a 700 m
//! strip with a ridge and a closed depression behind it; a 2 km square plain with a
//! 4 × 4 array of 0.5 m-deep depressions on a gentle slope, an inflow at one corner),
//! not from its data files, so the figures are ours, not the report's.

use super::test_support::flat;
use super::{FloodGrid, FloodParams, Forcing, hydrograph};

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
    let outer = g.depth(198 * w).expect("cell");
    // LISFLOOD-FP 8.1 at 1 h, as published (ORACLES.md, within 5 %): wet 536,550 m²,
    // deeper than 10 cm 363,550 m², 0.539 m at the inlet, 72,000 m³ stored.
    let within = |got: f64, want: f64, rel: f64| (got - want).abs() <= rel * want;
    assert!(
        within(area(1e-2), 536_550.0, 0.05),
        "wet area {}",
        area(1e-2)
    );
    assert!(
        within(area(0.1), 363_550.0, 0.05),
        "area > 10 cm {}",
        area(0.1)
    );
    assert!(within(inlet, 0.539, 0.05), "inlet depth {inlet}");
    // The same engine (LISFLOOD-FP 8.1.0, ACC solver, its default single-precision
    // build, steps of at most 1 s) run on this project's machine on 2026-12-02, counted
    // on its full-precision depths: 544,650 m² deeper than 1 mm; 536,500 m² deeper than
    // 1 cm (its own "flooded area", `H > 0.01`, the published 536,550); 365,800 m²
    // deeper than 10 cm (the published 363,550 was counted on its 3-decimal output);
    // 0.5386 m in the two middle inlet cells and 0.5158 m in the two outer ones
    // (docs/hazards.md). Ours agree to the cell; 0.5 % leaves room for a kernel
    // version's last bits, not for a change of hydraulics.
    for (thr, want) in [(1e-3, 544_650.0), (1e-2, 536_500.0), (0.1, 365_800.0)] {
        assert!(
            within(area(thr), want, 0.005),
            "area deeper than {thr} m: {} against {want}",
            area(thr)
        );
    }
    assert!((inlet - 0.5386).abs() < 0.002, "middle inlet cell {inlet}");
    assert!((outer - 0.5158).abs() < 0.002, "outer inlet cell {outer}");
    assert!((mb.stored_m3 - 72_000.0).abs() < 1e-6 * 72_000.0, "{mb:?}");
    assert!(mb.max_rel_error < 1e-6, "{mb:?}");
}

/// The water surface at rest after `volume` m³ has been poured at `source` on a closed
/// grid of `w` columns (4-neighbour connectivity, cells of `area` m²): fill and spill
/// by volume alone. Water runs down the water surface to a pool, raises the pool to
/// its lowest outlet, spills over it and runs on, until the volume is spent. This is
/// the state the EA benchmark's Tests 1 and 2 judge ("final levels determined by
/// volume alone"), computed without any hydraulics. Returns the surface elevation of
/// every cell (the bed where dry).
fn pour(bed: &[f64], w: usize, area: f64, source: usize, volume: f64) -> Vec<f64> {
    let n = bed.len();
    let h = n / w;
    let neighbours = |c: usize| {
        let (r, k) = (c / w, c % w);
        [
            (k > 0).then(|| c - 1),
            (k + 1 < w).then(|| c + 1),
            (r > 0).then(|| c - w),
            (r + 1 < h).then(|| c + w),
        ]
        .into_iter()
        .flatten()
    };
    let mut s = bed.to_vec();
    let mut left = volume;
    let mut at = source;
    let mut in_pool = vec![false; n];
    'pour: while left > 1e-12 * volume {
        // run down the surface (steepest descent, lowest index on ties)
        loop {
            let low = neighbours(at).min_by(|&a, &b| s[a].total_cmp(&s[b]).then(a.cmp(&b)));
            match low {
                Some(m) if s[m] < s[at] => at = m,
                _ => break,
            }
        }
        // the pool: cells joined to `at` at the same surface
        let level = s[at];
        let mut pool = vec![at];
        in_pool[at] = true;
        let mut i = 0;
        let mut outlet = f64::INFINITY;
        let mut lower = None;
        while i < pool.len() {
            let c = pool[i];
            i += 1;
            for m in neighbours(c) {
                if in_pool[m] {
                    continue;
                }
                if s[m] == level {
                    in_pool[m] = true;
                    pool.push(m);
                } else if s[m] < level {
                    lower.get_or_insert(m);
                } else {
                    outlet = outlet.min(s[m]);
                }
            }
        }
        for &c in &pool {
            in_pool[c] = false;
        }
        if let Some(m) = lower {
            // the pool overflows into a lower neighbour: the water runs on from there
            at = m;
            continue 'pour;
        }
        let room = (outlet - level) * pool.len() as f64 * area;
        if left < room || !outlet.is_finite() {
            let rise = left / (pool.len() as f64 * area);
            for &c in &pool {
                s[c] = level + rise;
            }
            break;
        }
        for &c in &pool {
            s[c] = outlet;
        }
        left -= room;
    }
    s
}

/// Surface elevation of every cell of `g` (bed + depth), m.
fn surface(g: &FloodGrid, bed: &[f64]) -> Vec<f64> {
    g.depths().iter().zip(bed).map(|(h, z)| h + z).collect()
}

/// Largest speed over cells deeper than 5 cm, m/s.
fn max_speed(g: &FloodGrid) -> f64 {
    (0..g.depths().len())
        .filter(|&i| g.depth(i).unwrap_or(0.0) > 0.05)
        .filter_map(|i| g.velocity(i))
        .map(|(u, v)| u.hypot(v))
        .fold(0.0, f64::max)
}

#[test]
fn pour_fills_the_lowest_pool_first_then_spills() {
    // 1-D: two pits (beds 0 and 1) behind a sill at 2, poured at the far left
    //   cols: 0   1   2   3   4
    //   bed:  3   1   2   0   3
    let bed = [3.0, 1.0, 2.0, 0.0, 3.0];
    // 1 m³ in cells of 1 m²: the left pit rises from 1 to 2
    assert_eq!(pour(&bed, 5, 1.0, 0, 1.0), vec![3.0, 2.0, 2.0, 0.0, 3.0]);
    // 3 m³: 1 m³ fills the left pit to the sill, 2 m³ run over into the right pit
    assert_eq!(pour(&bed, 5, 1.0, 0, 3.0), vec![3.0, 2.0, 2.0, 2.0, 3.0]);
    // 6 m³: both pits and the sill rise together to 3 (1 + 2 + 3 m³)
    let s = pour(&bed, 5, 1.0, 0, 6.0);
    assert!(s[1..4].iter().all(|&v| (v - 3.0).abs() < 1e-12), "{s:?}");
}

/// EA Test 1 after Néelz & Pender (2013): a 700 × 100 m strip of 10 m cells, n = 0.03.
/// The west edge is held at a water level that rises from 9.7 m to 10.35 m in the
/// first hour, stays for an hour and falls back to 9.7 m at three hours; the water
/// overtops a ridge (crest 10.25 m, 300 m from the edge) into a closed depression
/// (bed 9.0 m) and is cut off when the level falls. After 20 hours the depression
/// holds a still pond whose level is the one its volume gives.
#[test]
fn ea_test1_disconnected_water_body_comes_to_rest_at_its_volume_level() {
    let (w, h, dx) = (70usize, 10usize, 10.0);
    let profile = |x: f64| -> f64 {
        let lerp = |x0: f64, z0: f64, x1: f64, z1: f64| z0 + (z1 - z0) * (x - x0) / (x1 - x0);
        match x {
            x if x < 200.0 => 9.6,
            x if x < 300.0 => lerp(200.0, 9.6, 300.0, 10.25),
            x if x < 400.0 => lerp(300.0, 10.25, 400.0, 9.0),
            x if x < 550.0 => 9.0,
            _ => lerp(550.0, 9.0, 700.0, 10.6),
        }
    };
    // the crest (10.25 m) is the bed of column 30, whose centre is at 305 m: put it
    // exactly there so the ridge is as high as described
    let zcol: Vec<f64> = (0..w)
        .map(|c| {
            if c == 30 {
                10.25
            } else {
                profile((c as f64 + 0.5) * dx)
            }
        })
        .collect();
    let bed: Vec<f64> = (0..w * h).map(|i| zcol[i % w]).collect();
    let mut g = FloodGrid::new(w, h, dx, bed.clone(), vec![0.03; w * h]).expect("grid");
    let level = [
        (0.0, 9.7),
        (3600.0, 10.35),
        (7200.0, 10.35),
        (10_800.0, 9.7),
    ];
    let mut t = 0.0;
    while t < 20.0 * 3600.0 {
        let eta = hydrograph(&level, t);
        let fixed: Vec<(usize, f64)> = (0..h).map(|r| (r * w, (eta - zcol[0]).max(0.0))).collect();
        let f = Forcing {
            fixed_depths: &fixed,
            ..Forcing::default()
        };
        g.advance(60.0, &f).expect("advance");
        t += 60.0;
    }
    let s = surface(&g, &bed);
    let pond: Vec<usize> = (0..w * h).filter(|&i| i % w > 30).collect();
    let volume: f64 = pond.iter().map(|&i| g.depths()[i]).sum::<f64>() * dx * dx;
    assert!(volume > 1_000.0, "the depression took only {volume:.0} m³");
    // the level that volume gives on the depression's terrain, by bisection
    let held = |l: f64| pond.iter().map(|&i| (l - bed[i]).max(0.0)).sum::<f64>() * dx * dx;
    let (mut lo, mut hi) = (9.0, 10.25);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if held(mid) < volume {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let want = 0.5 * (lo + hi);
    assert!(
        want < 10.25,
        "the pond ({want:.3} m) must lie below the crest"
    );
    let wet: Vec<f64> = pond
        .iter()
        .filter(|&&i| g.depths()[i] > 0.01)
        .map(|&i| s[i])
        .collect();
    let (min, max) = wet
        .iter()
        .fold((f64::MAX, f64::MIN), |a, &v| (a.0.min(v), a.1.max(v)));
    assert!(
        max - want < 0.005 && want - min < 0.005,
        "pond surface {min:.4}–{max:.4} m, its volume ({volume:.0} m³) gives {want:.4} m"
    );
    // west of the ridge the water is back at the boundary's 9.7 m, and all is still
    for i in (0..w * h).filter(|&i| i % w < 20) {
        assert!((s[i] - 9.7).abs() < 0.005, "cell {i}: {:.4} m", s[i]);
    }
    assert!(
        max_speed(&g) < 0.01,
        "still moving at {:.3} m/s",
        max_speed(&g)
    );
    assert!(
        g.mass_balance().max_rel_error < 1e-6,
        "{:?}",
        g.mass_balance()
    );
}

/// Terrain of the Test 2 plain: 2 km square, 20 m cells, a 4 × 4 array of 500 m
/// depressions 0.5 m deep (a sin² × sin² bowl), whose rims step down by 0.1 m from one
/// depression to the next along a serpentine (west to east on the first row, east to
/// west on the second, …). Rims between depressions that do not follow each other on
/// the serpentine carry a wall (bed 11 m, 40 m wide), so each depression overflows into
/// exactly one other and the volume-alone state is unique.
fn test2_bed(n: usize, dx: f64) -> Vec<f64> {
    let pi = std::f64::consts::PI;
    let order = |bi: i64, bj: i64| {
        if bj % 2 == 0 {
            bj * 4 + bi
        } else {
            bj * 4 + 3 - bi
        }
    };
    (0..n * n)
        .map(|i| {
            let (x, y) = (((i % n) as f64 + 0.5) * dx, ((i / n) as f64 + 0.5) * dx);
            let (bi, bj) = ((x / 500.0) as i64, (y / 500.0) as i64);
            let (u, v) = (x - 500.0 * bi as f64, y - 500.0 * bj as f64);
            let k = order(bi, bj);
            let walled = |near: bool, di: i64, dj: i64| {
                let (ni, nj) = (bi + di, bj + dj);
                near && (0..4).contains(&ni)
                    && (0..4).contains(&nj)
                    && (order(ni, nj) - k).abs() != 1
            };
            if walled(u < dx, -1, 0)
                || walled(u > 500.0 - dx, 1, 0)
                || walled(v < dx, 0, -1)
                || walled(v > 500.0 - dx, 0, 1)
            {
                return 11.0;
            }
            let bowl = (pi * u / 500.0).sin().powi(2) * (pi * v / 500.0).sin().powi(2);
            10.0 - 0.1 * k as f64 - 0.5 * bowl
        })
        .collect()
}

/// EA Test 2 (filling floodplain depressions) after Néelz & Pender (2013), on the
/// [`test2_bed`] plain, n = 0.03, closed. 100,000 m³ enter through the north edge of
/// the first depression (20 m³/s for 78 minutes, ramped over 10 minutes each way) —
/// three depressions' worth and a fifth of the fourth. After 48 hours the water is
/// still and every pool stands where fill and spill by volume alone puts it.
///
/// Run with the q-centred scheme (θ = 0.7, de Almeida et al. 2012) and α = 0.65: with
/// θ = 1 (Bates et al. 2010, the default) the filled depressions never come to rest
/// (0.3–0.9 m/s after 48 h, levels 0.3–0.5 m off at any α tried), and with θ = 0.7 at
/// α = 0.7 the first, deepest one keeps a 0.6 m/s oscillation — which
/// [`test2_with_bates_2010_never_settles`] pins, so that a change of default is a
/// decision and not an accident.
#[test]
fn ea_test2_depressions_fill_to_the_levels_their_volume_gives() {
    let (n, dx) = (100usize, 20.0);
    let params = FloodParams {
        theta: 0.7,
        alpha: 0.65,
        ..FloodParams::default()
    };
    let (g, bed) = run_test2(n, dx, params);
    let mb = g.mass_balance();
    assert!((mb.stored_m3 - 100_000.0).abs() < 1.0, "{mb:?}");
    assert!(mb.max_rel_error < 1e-6, "{mb:?}");
    assert!(
        max_speed(&g) < 0.01,
        "still moving at {:.3} m/s",
        max_speed(&g)
    );
    // water poured at the inlet by volume alone
    let want = pour(&bed, n, dx * dx, 12, 100_000.0);
    let s = surface(&g, &bed);
    // Pools that volume alone fills to their sill stand there within 1 cm. The pool
    // left partly filled is lower by up to 5 cm: the flow threshold (1 mm) leaves a
    // film on every slope the water crossed and a few millimetres over every sill, water
    // volume alone puts into the last pool (about 4,000 m³ over its ~0.1 km²).
    let (mut full, mut partial) = (0.0_f64, 0.0_f64);
    let mut pool_cells = 0;
    let mut stray = 0.0;
    for i in 0..n * n {
        let deep = want[i] - bed[i];
        if deep > 0.05 {
            pool_cells += 1;
            let diff = (s[i] - want[i]).abs();
            // the rims step down 0.1 m from 10.0 m: a full pool stands within 3 mm of
            // its rim height (its sill is a rim cell a little inside the bowl's curve)
            let rim = (want[i] * 10.0).round() / 10.0;
            if (want[i] - rim).abs() < 0.003 {
                full = full.max(diff);
            } else {
                partial = partial.max(diff);
            }
        } else if deep == 0.0 {
            stray += g.depths()[i] * dx * dx;
        }
    }
    assert!(pool_cells > 1_000, "only {pool_cells} pool cells");
    assert!(
        full > 0.0 && partial > 0.0,
        "both kinds of pool are checked"
    );
    assert!(full < 0.01, "full pools off by {full:.4} m");
    assert!(partial < 0.05, "the partial pool is off by {partial:.4} m");
    // where volume alone leaves the ground dry, at most 2 % of the water (films, and
    // what the surge at the peak threw over a sill)
    assert!(
        stray < 2_000.0,
        "{stray:.0} m³ where volume alone puts none"
    );
}

/// The Test 2 plain under `params`: the grid after 48 hours, and its bed.
fn run_test2(n: usize, dx: f64, params: FloodParams) -> (FloodGrid, Vec<f64>) {
    let bed = test2_bed(n, dx);
    let mut g =
        FloodGrid::with_params(n, n, dx, bed.clone(), vec![0.03; n * n], params).expect("grid");
    let hydro = [(0.0, 0.0), (600.0, 20.0), (5000.0, 20.0), (5600.0, 0.0)];
    let inlet: Vec<usize> = (10..15).collect();
    let mut t = 0.0;
    while t < 48.0 * 3600.0 {
        let q = hydrograph(&hydro, t);
        let inflows: Vec<(usize, f64)> = inlet.iter().map(|&c| (c, q / 5.0)).collect();
        let f = Forcing {
            inflows: &inflows,
            ..Forcing::default()
        };
        g.advance(60.0, &f).expect("advance");
        t += 60.0;
    }
    (g, bed)
}

/// The default scheme (θ = 1, Bates et al. 2010) on the Test 2 plain: still moving
/// after 48 hours. If this starts failing, the default scheme has changed: revisit
/// the default θ and α and the bundled exercises' expected scores.
#[test]
fn test2_with_bates_2010_never_settles() {
    let (g, _) = run_test2(100, 20.0, FloodParams::default());
    assert!(max_speed(&g) > 0.1, "{:.3} m/s", max_speed(&g));
    assert!(g.mass_balance().max_rel_error < 1e-6);
}
