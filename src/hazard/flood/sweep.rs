//! The row sweeps of a sub-step (x faces, y faces, outflow-limiter detection,
//! continuity) over bands of rows, run on the calling thread or on a thread pool.
//!
//! Invariants: every sweep writes only the rows of its own band (split off as disjoint
//! slices) and reads values no other band writes in the same sweep; each cell's and
//! face's new value is a function of the old state alone, and the only reductions are
//! a maximum (exact) and integer counts. So the result is bit-identical whatever the
//! bands and whatever the number of threads.

use std::ops::Range;

use rayon::prelude::*;

use super::flux::{FaceConsts, update_faces};
use super::grid::EMPTY;

/// Row bounds `[0 = b₀ < b₁ < … < b_k = height]` cutting the rows into at most `parts`
/// bands with about equal numbers of active cells.
pub(super) fn bands(active: &[(usize, usize)], parts: usize) -> Vec<usize> {
    let h = active.len();
    let work: Vec<usize> = active
        .iter()
        .map(|&(a, b)| b.saturating_sub(a) + 1)
        .collect();
    let total: usize = work.iter().sum();
    let parts = parts.clamp(1, h.max(1));
    let mut bounds = vec![0];
    let mut acc = 0;
    for (r, wk) in work.iter().enumerate() {
        acc += wk;
        let k = bounds.len();
        if k < parts && acc * parts >= total * k && r + 1 < h {
            bounds.push(r + 1);
        }
    }
    bounds.push(h);
    bounds.dedup();
    bounds
}

/// Splits `v` into the bands' slices, `stride` elements per row.
pub(super) fn split_rows<'a, T>(
    mut v: &'a mut [T],
    bounds: &[usize],
    stride: usize,
) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(bounds.len());
    for w in bounds.windows(2) {
        let (head, tail) = v.split_at_mut((w[1] - w[0]) * stride);
        out.push(head);
        v = tail;
    }
    out
}

/// Runs `f` over the bands, on `pool` when given (in parallel) or in turn; results in
/// band order.
pub(super) fn run<T: Send, R: Send>(
    pool: Option<&rayon::ThreadPool>,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    match pool {
        Some(p) if items.len() > 1 => p.install(|| items.into_par_iter().map(f).collect()),
        _ => items.into_iter().map(f).collect(),
    }
}

/// What every sweep reads of the grid.
#[derive(Clone, Copy)]
pub(super) struct Shared<'a> {
    pub w: usize,
    pub h: usize,
    pub active: &'a [(usize, usize)],
    pub bed: &'a [f64],
    pub depth: &'a [f64],
}

fn union(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    (a.0.min(b.0), a.1.max(b.1))
}

/// x faces of the rows `rows` (their friction takes the old y fluxes `qy`): `qx` and
/// `qx_old` are the band's rows of the x-face arrays; `qx_old` receives the fluxes
/// before the update of every row a y face next to an active row will read.
pub(super) fn x_faces(
    s: Shared<'_>,
    rows: Range<usize>,
    qx: &mut [f32],
    qx_old: &mut [f32],
    qy: &[f32],
    gn2x: &[f32],
    c: FaceConsts,
) {
    let w = s.w;
    let r0 = rows.start;
    for r in rows {
        let (a, b) = s.active[r];
        let fs = r * (w + 1);
        let ls = (r - r0) * (w + 1);
        let near = (r.saturating_sub(1)..(r + 2).min(s.h)).any(|k| s.active[k].0 < s.active[k].1);
        if near {
            qx_old[ls..ls + w + 1].copy_from_slice(&qx[ls..ls + w + 1]);
        }
        if a < b && w > 1 {
            // x faces f in [max(a,1), min(b, w-1)], between cells f-1 and f.
            let f0 = a.max(1);
            let f1 = b.min(w - 1);
            if f0 <= f1 {
                let rs = r * w;
                let faces = if c.theta == 1.0 {
                    update_faces::<true, false>
                } else {
                    update_faces::<true, true>
                };
                faces(
                    &mut qx[ls + f0..=ls + f1],
                    &gn2x[fs + f0..=fs + f1],
                    (&s.bed[rs + f0 - 1..rs + f1], &s.depth[rs + f0 - 1..rs + f1]),
                    (&s.bed[rs + f0..=rs + f1], &s.depth[rs + f0..=rs + f1]),
                    (
                        &qy[rs + f0 - 1..=rs + f1],
                        &qy[rs + w + f0 - 1..=rs + w + f1],
                    ),
                    (
                        &qx_old[ls + f0 - 1..ls + f1],
                        &qx_old[ls + f0 + 1..=ls + f1 + 1],
                    ),
                    (f0 == 1, f1 + 1 == w),
                    c,
                );
            }
        }
    }
}

/// y faces north of the rows `rows` (their friction takes the old x fluxes `qx_old`,
/// their q-centred update the old y fluxes `qy_old` north and south of them); `qy` is
/// the band's rows of the y-face array (north faces of those rows).
#[allow(clippy::too_many_arguments)]
pub(super) fn y_faces(
    s: Shared<'_>,
    rows: Range<usize>,
    qy: &mut [f32],
    qx_old: &[f32],
    qy_old: &[f32],
    gn2y: &[f32],
    c: FaceConsts,
) {
    let w = s.w;
    let r0 = rows.start;
    for r in rows.start.max(1)..rows.end {
        let (lo, hi) = union(s.active[r - 1], s.active[r]);
        if lo < hi {
            let up = (r - 1) * w;
            let dn = r * w;
            let ls = (r - r0) * w;
            let (fu, fd) = ((r - 1) * (w + 1), r * (w + 1));
            // next to a closed north or south edge a face averages with its own old
            // flux instead (see `update_faces`)
            let own = &qy_old[dn + lo..dn + hi];
            let at_edge = |side: &[f32]| -> Vec<f32> {
                side.iter()
                    .zip(own)
                    .map(|(&e, &o)| if e == 0.0 { o } else { e })
                    .collect()
            };
            let (north, south) = (&qy_old[up + lo..up + hi], &qy_old[dn + w + lo..dn + w + hi]);
            // (θ = 1 reads neither, so the default pays for no copy)
            let centred = c.theta != 1.0;
            let north_edge = (centred && r == 1).then(|| at_edge(north));
            let south_edge = (centred && r + 1 == s.h).then(|| at_edge(south));
            let faces = if c.theta == 1.0 {
                update_faces::<false, false>
            } else {
                update_faces::<false, true>
            };
            faces(
                &mut qy[ls + lo..ls + hi],
                &gn2y[dn + lo..dn + hi],
                (&s.bed[up + lo..up + hi], &s.depth[up + lo..up + hi]),
                (&s.bed[dn + lo..dn + hi], &s.depth[dn + lo..dn + hi]),
                (&qx_old[fu + lo..=fu + hi], &qx_old[fd + lo..=fd + hi]),
                (
                    north_edge.as_deref().unwrap_or(north),
                    south_edge.as_deref().unwrap_or(south),
                ),
                (false, false),
                c,
            );
        }
    }
}

/// Cells of the rows `rows` whose outgoing face fluxes over `kk` = Δt/Δx exceed their
/// depth, with the factor `depth / demand` their outgoing fluxes must be scaled by:
/// `(row, col, factor)`.
pub(super) fn over_drawn(
    s: Shared<'_>,
    rows: Range<usize>,
    qx: &[f32],
    qy: &[f32],
    kk: f64,
) -> Vec<(usize, usize, f64)> {
    let w = s.w;
    let mut out = Vec::new();
    for r in rows {
        let (a, b) = s.active[r];
        if a >= b {
            continue;
        }
        let rs = r * w;
        let fs = r * (w + 1);
        let n = b - a;
        let qxs = &qx[fs + a..=fs + b];
        let qn = &qy[rs + a..rs + b];
        let qsouth = &qy[rs + w + a..rs + w + b];
        let hs = &s.depth[rs + a..rs + b];
        for k in 0..n {
            // summed in double: a single-precision sum could fall short of what
            // continuity (double) takes out, and the clamp would then create water
            let out_q = f64::from((-qxs[k]).max(0.0))
                + f64::from(qxs[k + 1].max(0.0))
                + f64::from((-qn[k]).max(0.0))
                + f64::from(qsouth[k].max(0.0));
            let demand = out_q * kk;
            if demand > hs[k] {
                out.push((r, a + k, hs[k] / demand));
            }
        }
    }
    out
}

/// Row results of continuity: largest depth, cells updated, cells deeper than the
/// threshold, whether a NaN appeared.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RowStats {
    pub h_max: f64,
    pub cells: u64,
    pub wet: u64,
    pub bad: bool,
}

/// Continuity over the rows `rows`: `depth`, `max_depth` and `wet` are the band's rows.
#[allow(clippy::too_many_arguments)]
pub(super) fn continuity(
    w: usize,
    active: &[(usize, usize)],
    rows: Range<usize>,
    depth: &mut [f64],
    max_depth: &mut [f64],
    wet: &mut [(usize, usize)],
    (qx, qy): (&[f32], &[f32]),
    kk: f64,
    hmin: f64,
) -> RowStats {
    let mut st = RowStats::default();
    let r0 = rows.start;
    for r in rows {
        let (a, b) = active[r];
        if a >= b {
            continue;
        }
        let rs = r * w;
        let ls = (r - r0) * w;
        let fs = r * (w + 1);
        let qxs = &qx[fs + a..=fs + b];
        let qn = &qy[rs + a..rs + b];
        let qsouth = &qy[rs + w + a..rs + w + b];
        let hs = &mut depth[ls + a..ls + b];
        let ms = &mut max_depth[ls + a..ls + b];
        let (row_max, n_wet, row_bad) = continuity_row(hs, ms, qxs, qn, qsouth, kk, hmin);
        st.h_max = st.h_max.max(row_max);
        st.bad |= row_bad;
        wet[r - r0] = match hs.iter().position(|&v| v > 0.0) {
            Some(lo) => {
                let hi = hs.iter().rposition(|&v| v > 0.0).unwrap_or(lo);
                (a + lo, a + hi + 1)
            }
            None => EMPTY,
        };
        st.cells += (b - a) as u64;
        st.wet += n_wet;
    }
    st
}

/// Continuity over one row's active cells in double precision:
/// `h ← max(h + Δt/Δx·((q_w − q_e) + (q_n − q_s)), 0)`, the running maximum depth, and
/// the row's largest depth, count of cells deeper than `hmin` and whether a value is
/// NaN. `qx` holds the n + 1 x faces, `qn`/`qs` the north/south faces of the n cells.
#[inline(never)]
fn continuity_row(
    h: &mut [f64],
    m: &mut [f64],
    qx: &[f32],
    qn: &[f32],
    qs: &[f32],
    kk: f64,
    hmin: f64,
) -> (f64, u64, bool) {
    let n = h.len();
    let (m, qx, qn, qs) = (&mut m[..n], &qx[..n + 1], &qn[..n], &qs[..n]);
    // four lanes for the maximum, so the loop vectorises (max is exact, so the lane
    // split changes nothing)
    let mut lanes = [0.0_f64; 4];
    let mut n_wet = 0u64;
    let mut bad = false;
    for k in 0..n {
        let flux =
            (f64::from(qx[k]) - f64::from(qx[k + 1])) + (f64::from(qn[k]) - f64::from(qs[k]));
        let v0 = h[k] + kk * flux;
        let v = if v0 < 0.0 { 0.0 } else { v0 };
        h[k] = v;
        m[k] = if v > m[k] { v } else { m[k] };
        let l = &mut lanes[k & 3];
        *l = if v > *l { v } else { *l };
        n_wet += u64::from(v > hmin);
        bad |= v.is_nan();
    }
    let hm = lanes
        .iter()
        .fold(0.0_f64, |a, &b| if b > a { b } else { a });
    (hm, n_wet, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_all_rows_in_order() {
        let active = vec![(0, 10), EMPTY, (2, 4), (0, 50), (0, 50), EMPTY, (1, 2)];
        for parts in 1..10 {
            let b = bands(&active, parts);
            assert_eq!(b[0], 0);
            assert_eq!(*b.last().unwrap(), active.len());
            assert!(b.windows(2).all(|w| w[0] < w[1]), "{b:?}");
            assert!(b.len() - 1 <= parts.max(1), "{b:?}");
        }
        let mut v: Vec<u32> = (0..14).collect();
        let parts = split_rows(&mut v, &[0, 3, 7], 2);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], &[0, 1, 2, 3, 4, 5]);
        assert_eq!(parts[1].len(), 8);
    }
}
