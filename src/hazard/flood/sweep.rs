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

use super::flux::{FaceConsts, update_faces_for};
use super::grid::EMPTY;

/// Runs `f` compiled for the best instruction set the processor has (AVX2 where
/// present, through `pulp`'s runtime detection; the portable build otherwise). Every
/// sweep is plain IEEE arithmetic (additions, multiplications, divisions, square roots,
/// no fused multiply-add: Rust never contracts), so each lane gives the same bits on
/// either path (test `simd_and_portable_agree`).
#[inline(always)]
fn simd<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(test)]
    if PORTABLE_ONLY.with(std::cell::Cell::get) {
        return f();
    }
    pulp::Arch::new().dispatch(f)
}

#[cfg(test)]
thread_local! {
    /// Test switch: run the sweeps of this thread in the portable build only.
    static PORTABLE_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Makes the sweeps of the calling thread use the portable build only (`true`) or the
/// best instruction set (`false`, the default). For tests that compare the two.
#[cfg(test)]
pub(super) fn set_portable_only(on: bool) {
    PORTABLE_ONLY.with(|p| p.set(on));
}

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
    /// Datum of the single-precision bed and water surface, m.
    pub datum_m: f64,
}

fn union(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    (a.0.min(b.0), a.1.max(b.1))
}

/// The single-precision bed and water surface above the datum (`z32`, `eta32`, the
/// band's rows) of the cells of row `r` that a face update reads: those in the active
/// range of the row or of a row next to it, and one more on either side (x faces read
/// their own row, including the cell beyond each end of the active range; y faces the
/// rows above and below them).
#[inline(always)]
fn refresh_row(s: Shared<'_>, r: usize, r0: usize, z32: &mut [f32], eta32: &mut [f32]) {
    let w = s.w;
    let mut u = s.active[r];
    if r > 0 {
        u = union(u, s.active[r - 1]);
    }
    if r + 1 < s.h {
        u = union(u, s.active[r + 1]);
    }
    if u.0 >= u.1 {
        return;
    }
    let (lo, hi) = (u.0.saturating_sub(1), (u.1 + 1).min(w));
    let (rs, ls) = (r * w, (r - r0) * w);
    let (bed, depth) = (&s.bed[rs + lo..rs + hi], &s.depth[rs + lo..rs + hi]);
    let (z32, eta32) = (&mut z32[ls + lo..ls + hi], &mut eta32[ls + lo..ls + hi]);
    for k in 0..bed.len() {
        let z = bed[k] - s.datum_m;
        z32[k] = z as f32;
        eta32[k] = (z + depth[k]) as f32;
    }
}

/// x faces of the rows `rows` (their friction takes the old y fluxes `qy`): `qx` and
/// `qx_old` are the band's rows of the x-face arrays; `qx_old` receives the fluxes
/// before the update of every row a y face next to an active row will read; `z32` and
/// `eta32` (the band's rows) receive the single-precision bed and water surface every
/// face update of this sub-step reads (see [`refresh_row`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn x_faces(
    s: Shared<'_>,
    rows: Range<usize>,
    qx: &mut [f32],
    qx_old: &mut [f32],
    (z32, eta32): (&mut [f32], &mut [f32]),
    qy: &[f32],
    gn2x: &[f32],
    c: FaceConsts,
) {
    simd(
        #[inline(always)]
        || x_faces_body(s, rows, qx, qx_old, (z32, eta32), qy, gn2x, c),
    )
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn x_faces_body(
    s: Shared<'_>,
    rows: Range<usize>,
    qx: &mut [f32],
    qx_old: &mut [f32],
    (z32, eta32): (&mut [f32], &mut [f32]),
    qy: &[f32],
    gn2x: &[f32],
    c: FaceConsts,
) {
    let w = s.w;
    let r0 = rows.start;
    for r in rows {
        refresh_row(s, r, r0, z32, eta32);
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
                let cs = (r - r0) * w;
                let rs = r * w;
                let q = &mut qx[ls + f0..=ls + f1];
                let gn2 = &gn2x[fs + f0..=fs + f1];
                let west = (&z32[cs + f0 - 1..cs + f1], &eta32[cs + f0 - 1..cs + f1]);
                let east = (&z32[cs + f0..=cs + f1], &eta32[cs + f0..=cs + f1]);
                let cross = (
                    &qy[rs + f0 - 1..=rs + f1],
                    &qy[rs + w + f0 - 1..=rs + w + f1],
                );
                let along = (
                    &qx_old[ls + f0 - 1..ls + f1],
                    &qx_old[ls + f0 + 1..=ls + f1 + 1],
                );
                let edges = (f0 == 1, f1 + 1 == w);
                update_faces_for::<true>(q, gn2, west, east, cross, along, edges, c);
            }
        }
    }
}

/// y faces north of the rows `rows` (their friction takes the old x fluxes `qx_old`,
/// their q-centred update the old y fluxes `qy_old` north and south of them); `qy` is
/// the band's rows of the y-face array (north faces of those rows); `z32` and `eta32`
/// the whole grid's single-precision bed and water surface written by [`x_faces`].
///
/// Also the outflow limiter's detection ([`over_drawn`]) for every row of the band but
/// its last, each as soon as the faces south of it are new (while its faces are still
/// in cache; the band's last row needs the next band's faces and is left to
/// [`over_drawn`] after the sweep): `qx` is the whole grid's new x fluxes and `kk` =
/// Δt/Δx. Returns the cells found, `(row, col, factor)` in order.
#[allow(clippy::too_many_arguments)]
pub(super) fn y_faces(
    s: Shared<'_>,
    rows: Range<usize>,
    qy: &mut [f32],
    (z32, eta32): (&[f32], &[f32]),
    (qx, qx_old): (&[f32], &[f32]),
    qy_old: &[f32],
    gn2y: &[f32],
    (c, kk): (FaceConsts, f64),
) -> Vec<(usize, usize, f64)> {
    simd(
        #[inline(always)]
        || {
            y_faces_body(
                s,
                rows,
                qy,
                (z32, eta32),
                (qx, qx_old),
                qy_old,
                gn2y,
                (c, kk),
            )
        },
    )
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn y_faces_body(
    s: Shared<'_>,
    rows: Range<usize>,
    qy: &mut [f32],
    (z32, eta32): (&[f32], &[f32]),
    (qx, qx_old): (&[f32], &[f32]),
    qy_old: &[f32],
    gn2y: &[f32],
    (c, kk): (FaceConsts, f64),
) -> Vec<(usize, usize, f64)> {
    let w = s.w;
    let r0 = rows.start;
    let mut found = Vec::new();
    for r in rows.clone() {
        let (lo, hi) = if r > 0 {
            union(s.active[r - 1], s.active[r])
        } else {
            EMPTY
        };
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
            let q = &mut qy[ls + lo..ls + hi];
            let gn2 = &gn2y[dn + lo..dn + hi];
            let north_cells = (&z32[up + lo..up + hi], &eta32[up + lo..up + hi]);
            let south_cells = (&z32[dn + lo..dn + hi], &eta32[dn + lo..dn + hi]);
            let cross = (&qx_old[fu + lo..=fu + hi], &qx_old[fd + lo..=fd + hi]);
            let along = (
                north_edge.as_deref().unwrap_or(north),
                south_edge.as_deref().unwrap_or(south),
            );
            let edges = (false, false);
            update_faces_for::<false>(q, gn2, north_cells, south_cells, cross, along, edges, c);
        }
        if r > r0 {
            // every face of row r − 1 is new now: those north of it were made in
            // the last turn, those south of it (north of r) in this one
            let band_row = &qy[(r - 1 - r0) * w..];
            over_drawn_in_row(s, r - 1, qx, band_row, kk, &mut found);
        }
    }
    found
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
    simd(
        #[inline(always)]
        || {
            let mut out = Vec::new();
            for r in rows {
                over_drawn_in_row(s, r, qx, &qy[r * s.w..], kk, &mut out);
            }
            out
        },
    )
}

/// [`over_drawn_row`] over the active run of row `r`, pushing `(r, col, factor)` onto
/// `out`: `qx` is the whole grid's x faces, `qy_row` the y faces from the north faces
/// of row `r` on (those south of it follow one row later).
#[inline(always)]
fn over_drawn_in_row(
    s: Shared<'_>,
    r: usize,
    qx: &[f32],
    qy_row: &[f32],
    kk: f64,
    out: &mut Vec<(usize, usize, f64)>,
) {
    let (a, b) = s.active[r];
    if a >= b {
        return;
    }
    let (w, rs, fs) = (s.w, r * s.w, r * (s.w + 1));
    over_drawn_row(
        &s.depth[rs + a..rs + b],
        &qx[fs + a..=fs + b],
        &qy_row[a..b],
        &qy_row[w + a..w + b],
        kk,
        |k, factor| out.push((r, a + k, factor)),
    );
}

/// The cells of one row's active run whose outgoing fluxes over `kk` = Δt/Δx exceed
/// their depth `h`: `hit(k, h / demand)` for each, in order. `qx` holds the n + 1 x
/// faces, `qn`/`qs` the north/south faces of the n cells. Counts, in blocks of 16
/// cells of fixed length (so the test compiles to vector code: no branch, no bounds
/// check, a count instead of a boolean "or"), and looks closer only at a block that
/// holds such a cell, which is rare.
#[inline(always)]
fn over_drawn_row(
    h: &[f64],
    qx: &[f32],
    qn: &[f32],
    qs: &[f32],
    kk: f64,
    mut hit: impl FnMut(usize, f64),
) {
    let n = h.len();
    let (qx, qn, qs) = (&qx[..n + 1], &qn[..n], &qs[..n]);
    // summed in double: a single-precision sum could fall short of what continuity
    // (double) takes out, and the clamp would then create water
    #[inline(always)]
    fn demand(qw: f32, qe: f32, qn: f32, qs: f32, kk: f64) -> f64 {
        (f64::from((-qw).max(0.0))
            + f64::from(qe.max(0.0))
            + f64::from((-qn).max(0.0))
            + f64::from(qs.max(0.0)))
            * kk
    }
    const BLOCK: usize = 16;
    let look_closer = |start: usize, end: usize, hit: &mut dyn FnMut(usize, f64)| {
        for k in start..end {
            let d = demand(qx[k], qx[k + 1], qn[k], qs[k], kk);
            if d > h[k] {
                hit(k, h[k] / d);
            }
        }
    };
    let mut start = 0;
    while start + BLOCK <= n {
        let hb: &[f64; BLOCK] = h[start..start + BLOCK].try_into().expect("block");
        let wb: &[f32; BLOCK] = qx[start..start + BLOCK].try_into().expect("block");
        let eb: &[f32; BLOCK] = qx[start + 1..start + 1 + BLOCK].try_into().expect("block");
        let nb: &[f32; BLOCK] = qn[start..start + BLOCK].try_into().expect("block");
        let sb: &[f32; BLOCK] = qs[start..start + BLOCK].try_into().expect("block");
        let mut count = 0u32;
        for j in 0..BLOCK {
            count += u32::from(demand(wb[j], eb[j], nb[j], sb[j], kk) > hb[j]);
        }
        if count > 0 {
            look_closer(start, start + BLOCK, &mut hit);
        }
        start += BLOCK;
    }
    look_closer(start, n, &mut hit);
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
    simd(
        #[inline(always)]
        || continuity_body(w, active, rows, depth, max_depth, wet, (qx, qy), kk, hmin),
    )
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn continuity_body(
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
/// Two loops, each of which compiles to vector code: the update (element by element),
/// then the row's statistics over blocks of fixed length with one accumulator per lane
/// (the maximum is exact, so splitting it into lanes changes nothing).
#[inline(always)]
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
    let (qw, qe) = (&qx[..n], &qx[1..n + 1]);
    for k in 0..n {
        let flux = (f64::from(qw[k]) - f64::from(qe[k])) + (f64::from(qn[k]) - f64::from(qs[k]));
        let v0 = h[k] + kk * flux;
        let v = if v0 < 0.0 { 0.0 } else { v0 };
        h[k] = v;
        m[k] = if v > m[k] { v } else { m[k] };
    }
    const LANES: usize = 8;
    let mut top = [0.0_f64; LANES];
    let mut wet = [0u64; LANES];
    let mut nan = [0u64; LANES];
    let mut blocks = h.chunks_exact(LANES);
    for b in &mut blocks {
        let b: &[f64; LANES] = b.try_into().expect("block");
        for j in 0..LANES {
            let v = b[j];
            top[j] = if v > top[j] { v } else { top[j] };
            wet[j] += u64::from(v > hmin);
            nan[j] += u64::from(v.is_nan());
        }
    }
    for (j, &v) in blocks.remainder().iter().enumerate() {
        top[j] = if v > top[j] { v } else { top[j] };
        wet[j] += u64::from(v > hmin);
        nan[j] += u64::from(v.is_nan());
    }
    let hm = top.iter().fold(0.0_f64, |a, &b| if b > a { b } else { a });
    (hm, wet.iter().sum(), nan.iter().any(|&c| c > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sweeps give the same bits compiled for AVX2 (where the processor has it) as
    /// in the portable build: a busy flood (rain, inflows, a wet-dry front, the limiter)
    /// run both ways, every depth and flux compared.
    #[test]
    fn simd_and_portable_agree() {
        use crate::hazard::flood::test_support::busy_scenario;
        let bits = |g: &crate::hazard::flood::FloodGrid| {
            let mut v: Vec<u64> = g.depths().iter().map(|d| d.to_bits()).collect();
            v.extend(g.qx.iter().chain(&g.qy).map(|q| u64::from(q.to_bits())));
            v
        };
        let fast = busy_scenario(false);
        set_portable_only(true);
        let portable = busy_scenario(false);
        set_portable_only(false);
        assert!(
            bits(&fast) == bits(&portable),
            "AVX2 and portable sweeps differ"
        );
        assert_eq!(fast.mass_balance(), portable.mass_balance());
    }

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
