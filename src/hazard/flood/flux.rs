//! The inertial face flux of Bates, Horritt & Fewtrell (2010), semi-implicit in
//! friction, with the two-dimensional friction of LISFLOOD-FP 8 (the magnitude of the
//! discharge vector at the face), as a loop over a run of faces that the compiler
//! vectorises, and the fast power h^(7/3) it needs.
//!
//! Precision: the face update runs wholly in single precision, as LISFLOOD-FP's
//! default build does: it reads single-precision copies of the bed and the water
//! surface, both taken relative to the grid's datum (its lowest bed at construction)
//! so that the 24-bit mantissa spans the relief rather than the height above sea level
//! (see `sweep::x_faces`). Continuity and the mass ledger stay in double (see
//! `step.rs`), so single-precision fluxes move no water out of the ledger.
//!
//! Invariant: a face whose flow depth is at most the threshold carries no flow.

/// Constants of one sub-step for the face update.
#[derive(Debug, Clone, Copy)]
pub(super) struct FaceConsts {
    /// g·Δt/Δx, s⁻¹·m/s … (1/s · m/s² · s / m · s = dimensionless per m of slope).
    pub gdt_dx: f32,
    /// Δt, s.
    pub dt: f32,
    /// Flow depth threshold, m.
    pub hmin: f32,
    /// Weight θ of the face's own old flux (q-centred scheme; 1: Bates et al. 2010).
    pub theta: f32,
    /// Version of the face update (`FloodParams::kernel`).
    pub kernel: u32,
}

/// x^(7/3) for x > 0 in single precision without a library call: the inverse cube
/// root r = x^(−1/3) from a bit-level first guess and two Newton steps with tuned
/// coefficients, then x^(7/3) = x³·r². Relative error below 2e-6 for x in 1e-4–1e4 m
/// (test `pow_7_3_is_accurate`; f32 itself resolves 6e-8). Pure arithmetic on the
/// lanes, so the face loop vectorises and the result is the same on every machine. For
/// x ≤ 0 the value is meaningless (the caller masks such faces).
///
/// The first guess is the classic one for the inverse cube root, bits(r) ≈ M − bits(x)/3
/// (the bits of a float are nearly a scaled, shifted log₂), with bits(x)/3 taken as
/// (bits(x) >> 16)·0x5556: one shift and one 32-bit product instead of an exact
/// division, off by ±0.13 % in r. Each step r ← r·(a − b·x·r³) is Newton's for
/// x·r³ = 1 when a = 4/3, b = 1/3; the first step's (a, b) and M are instead chosen to
/// minimise the largest relative error over the guess's range, −12.5 … −7.2 %, the
/// second's over the first's (±8.5e-4): the idea of Walczyk, Moroz & Cieśliński (2021,
/// "Improving the accuracy of the fast inverse square root by modifying Newton–Raphson
/// corrections", Entropy 23, 86), here fitted by us for the inverse cube root (equal
/// error at both ends of the range and at the step's maximum). Two such steps give
/// 1.8e-6 in x^(7/3), where two plain Newton steps from the classic guess gave 4e-5
/// and three 5e-7; that is 5 vector operations fewer per face than three plain steps
/// (docs/performance.md, issue 17's seventh step). Kernel version 2.
#[inline(always)]
pub(super) fn pow_7_3(x: f32) -> f32 {
    let third = (x.to_bits() >> 16).wrapping_mul(0x5556);
    let r = f32::from_bits(0x548E_AC00u32.wrapping_sub(third));
    let r = r * (1.479_746_6 - (x * 0.504_384_8) * (r * r * r));
    let r = r * (1.333_334 - (x * 0.333_333_25) * (r * r * r));
    x * x * x * (r * r)
}

/// Kernel version 1's [`pow_7_3`], kept so that runs recorded before version 2 replay
/// bit for bit: x^(7/3) for x > 0 in single precision without a library call: the inverse cube
/// root r = x^(−1/3) from a bit-level first guess (error < 4 %) and three Newton steps
/// r ← r·(4/3 − (x/3)·r³) (multiplications only, relative error ≈ 1e-7), then
/// x^(7/3) = x³·r². Pure arithmetic on the lanes, so the face loop vectorises and the
/// result is the same on every machine. For x ≤ 0 the value is meaningless (the
/// caller masks such faces).
#[inline(always)]
pub(super) fn pow_7_3_v1(x: f32) -> f32 {
    // bits(x^(−1/3)) ≈ 4/3 · (127 << 23) − bits(x)/3, tuned.
    let r = f32::from_bits(0x54A2_FA8Cu32.wrapping_sub(x.to_bits() / 3));
    let x3 = x * (1.0 / 3.0);
    let r = r * (4.0 / 3.0 - x3 * (r * r * r));
    let r = r * (4.0 / 3.0 - x3 * (r * r * r));
    let r = r * (4.0 / 3.0 - x3 * (r * r * r));
    x * x * x * (r * r)
}

/// Updates a run of `q.len()` faces. Face k lies between cells with bed and water
/// surface `(z0[k], e0[k])` (west or north) and `(z1[k], e1[k])` (east or south), both
/// in m above the grid's datum; `gn2[k]` = g·n² of the face, and
/// `qa`, `qb`, `qc`, `qd` hold, at index k and k+1, the four old fluxes of the other
/// direction around the face, whose mean is the cross component of the discharge
/// vector used in the friction term (LISFLOOD-FP 8's 2D friction). For x faces
/// (`X = true`) `qa` holds the north and `qb` the south faces of cells k, k+1; for y
/// faces `qa` holds the west and east faces of the north cell and `qb` those of the
/// south cell. The four are summed per cell either way, so the result is exactly
/// symmetric under mirroring and transposing the grid. `prev` and `next` hold, at
/// index k, the old fluxes of the faces before and after face k in its own direction
/// (west and east for x faces, north and south for y faces). Returns nothing; `q` is
/// overwritten with the q-centred update of de Almeida et al. (2012)
/// `q ← (θ·q + (1−θ)/2·(q_prev + q_next) − g·h_f·Δt·Δη/Δx) / (1 + g·Δt·n²·|q⃗| / h_f^(7/3))`,
/// h_f = max η − max z, and 0 where h_f ≤ threshold. `CENTRED = false` computes the
/// scheme of Bates et al. (2010) (θ = 1) without touching `prev` and `next`, so runs
/// with θ = 1 pay nothing for the option and keep their bits.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) fn update_faces<const X: bool, const CENTRED: bool, const K: u32>(
    q: &mut [f32],
    gn2: &[f32],
    (z0, e0): (&[f32], &[f32]),
    (z1, e1): (&[f32], &[f32]),
    (qa, qb): (&[f32], &[f32]),
    (prev, next): (&[f32], &[f32]),
    (edge_prev, edge_next): (bool, bool),
    c: FaceConsts,
) {
    let n = q.len();
    if n == 0 {
        return;
    }
    let (gn2, z0, e0, z1, e1) = (&gn2[..n], &z0[..n], &e0[..n], &z1[..n], &e1[..n]);
    let (qa, qb) = (&qa[..n + 1], &qb[..n + 1]);
    let (prev, next) = (&prev[..n], &next[..n]);
    let (first_old, last_old) = (q[0], q[n - 1]);
    for k in 0..n {
        q[k] = face::<X, CENTRED, K>(
            k,
            q[k],
            prev[k],
            next[k],
            gn2,
            (z0, e0),
            (z1, e1),
            (qa, qb),
            c,
        );
    }
    // A closed domain edge has no flux to average with: the face next to it takes its
    // own old flux in its place (as LISFLOOD-FP does at the edges).
    if edge_prev && prev[0] == 0.0 {
        q[0] = face::<X, CENTRED, K>(
            0,
            first_old,
            first_old,
            next[0],
            gn2,
            (z0, e0),
            (z1, e1),
            (qa, qb),
            c,
        );
    }
    if edge_next && next[n - 1] == 0.0 {
        let k = n - 1;
        let p = if k == 0 && edge_prev && prev[0] == 0.0 {
            last_old
        } else {
            prev[k]
        };
        q[k] = face::<X, CENTRED, K>(
            k,
            last_old,
            p,
            last_old,
            gn2,
            (z0, e0),
            (z1, e1),
            (qa, qb),
            c,
        );
    }
}

/// [`update_faces`] with the update chosen by `c.theta`: the q-centred one for θ < 1,
/// the scheme of Bates et al. (2010) for θ = 1 (which then reads neither `prev` nor
/// `next`); and h^(7/3) by `c.kernel` (1: [`pow_7_3_v1`], otherwise [`pow_7_3`]).
/// Inlined, so that the loop is compiled for the instruction set of the sweep
/// that calls it (see `sweep::simd`); a call through a function pointer would not be.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) fn update_faces_for<const X: bool>(
    q: &mut [f32],
    gn2: &[f32],
    cells0: (&[f32], &[f32]),
    cells1: (&[f32], &[f32]),
    cross: (&[f32], &[f32]),
    along: (&[f32], &[f32]),
    edges: (bool, bool),
    c: FaceConsts,
) {
    match (c.theta == 1.0, c.kernel) {
        (true, 1) => update_faces::<X, false, 1>(q, gn2, cells0, cells1, cross, along, edges, c),
        (false, 1) => update_faces::<X, true, 1>(q, gn2, cells0, cells1, cross, along, edges, c),
        (true, _) => update_faces::<X, false, 2>(q, gn2, cells0, cells1, cross, along, edges, c),
        (false, _) => update_faces::<X, true, 2>(q, gn2, cells0, cells1, cross, along, edges, c),
    }
}

/// The new flux of face `k` of [`update_faces`] from its old flux `qo` and the old
/// fluxes `qp`, `qn` before and after it. Where the q-centred value would flow against
/// the water surface slope, the face takes the value of Bates et al. (2010) instead (the
/// q-centred average can carry momentum out of a cell the slope drives water into; de
/// Almeida et al. 2012 and LISFLOOD-FP's ACC solver make the same correction).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn face<const X: bool, const CENTRED: bool, const K: u32>(
    k: usize,
    qo: f32,
    qp: f32,
    qn: f32,
    gn2: &[f32],
    (z0, e0): (&[f32], &[f32]),
    (z1, e1): (&[f32], &[f32]),
    (qa, qb): (&[f32], &[f32]),
    c: FaceConsts,
) -> f32 {
    let (za, zb) = (z0[k], z1[k]);
    let (ea, eb) = (e0[k], e1[k]);
    let emax = if ea > eb { ea } else { eb };
    let zmax = if za > zb { za } else { zb };
    let hf = emax - zmax;
    let de = eb - ea;
    let cross = if X {
        0.25 * ((qa[k] + qb[k]) + (qa[k + 1] + qb[k + 1]))
    } else {
        0.25 * ((qa[k] + qa[k + 1]) + (qb[k] + qb[k + 1]))
    };
    let qm = (qo * qo + cross * cross).sqrt();
    let slope = c.gdt_dx * hf * de;
    let h73 = if K == 1 { pow_7_3_v1(hf) } else { pow_7_3(hf) };
    let den = h73 + gn2[k] * c.dt * qm;
    // (q − slope)·h73 / den in this order: the bits of every run with θ = 1 are those
    // of the kernel before the q-centred option (bundled checksums unchanged)
    let bates = (qo - slope) * h73 / den;
    let qnew = if CENTRED {
        let centred = ((c.theta * qo + 0.5 * (1.0 - c.theta) * (qp + qn)) - slope) * h73 / den;
        if centred * de > 0.0 { bates } else { centred }
    } else {
        bates
    };
    if hf > c.hmin { qnew } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow_7_3_is_accurate() {
        // every 97th float from 1e-4 to 1e4 m (0.1 mm, below the flow threshold, to
        // ten times the deepest bundled water), so every fine structure of the first
        // guess is sampled
        let (lo, hi) = (1e-4_f32.to_bits(), 1e4_f32.to_bits());
        let mut worst = (0.0_f64, 0.0_f32);
        for b in (lo..hi).step_by(97) {
            let x = f32::from_bits(b);
            let want = f64::from(x).powf(7.0 / 3.0);
            let e = (f64::from(pow_7_3(x)) - want).abs() / want;
            if e > worst.0 {
                worst = (e, x);
            }
        }
        assert!(
            worst.0 < 2e-6,
            "worst relative error {:e} at {}",
            worst.0,
            worst.1
        );
    }

    #[test]
    fn pow_7_3_v1_is_accurate() {
        let mut x = 1e-6_f32;
        let mut worst = 0.0_f64;
        while x < 1e4 {
            let want = (x as f64).powf(7.0 / 3.0);
            worst = worst.max((pow_7_3_v1(x) as f64 - want).abs() / want);
            x *= 1.0137;
        }
        assert!(worst < 1e-6, "worst relative error {worst:e}");
    }

    #[test]
    fn lake_at_rest_face_carries_nothing() {
        let mut q = [0.0_f32; 3];
        let zero = [0.0_f32; 4];
        update_faces::<true, true, 2>(
            &mut q,
            &[0.01; 3],
            (&[1.0, 2.0, 0.5], &[2.0, 2.0, 2.0]),
            (&[1.5, 1.0, 1.0], &[2.0, 2.0, 2.0]),
            (&zero, &zero),
            (&zero, &zero),
            (true, true),
            FaceConsts {
                gdt_dx: 1.0,
                dt: 1.0,
                hmin: 1e-3,
                theta: 0.7,
                kernel: 2,
            },
        );
        assert_eq!(q, [0.0; 3]);
    }
}
