//! The propagation stencil of the raster spread: 16 moves from a cell (4 orthogonal,
//! 4 diagonal, 8 knight moves), each with its unit vector (east, north), half its length
//! in cell sides and the cells it squeezes past.
//!
//! Invariant: the first 8 moves are the neighbour moves (orthogonal, then diagonal);
//! breaching uses only those.

/// Number of stencil directions.
pub(super) const N_DIRS: usize = 16;
/// Breaching uses the first 8 stencil directions (orthogonal and diagonal).
pub(super) const N_BREACH_DIRS: usize = 8;

/// One stencil move.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub(super) struct Dir {
    pub(super) dc: i32,
    pub(super) dr: i32,
    /// Unit vector, east component.
    pub(super) ux: f64,
    /// Unit vector, north component.
    pub(super) uy: f64,
    /// Half the step length in cell sides.
    pub(super) half_len: f64,
    /// 0 orthogonal, 1 diagonal (blocked if both side cells block),
    /// 2 knight (blocked if either crossed cell blocks).
    pub(super) kind: u8,
    /// Cells crossed (diagonal: the two side cells), relative (dc, dr).
    pub(super) mids: [(i32, i32); 2],
}

/// The 16-direction stencil: 4 orthogonal, 4 diagonal, 8 knight moves.
pub(super) fn stencil() -> [Dir; N_DIRS] {
    let mut out = [Dir {
        dc: 0,
        dr: 0,
        ux: 0.0,
        uy: 0.0,
        half_len: 0.0,
        kind: 0,
        mids: [(0, 0); 2],
    }; N_DIRS];
    let moves: [(i32, i32); N_DIRS] = [
        (1, 0),
        (0, 1),
        (-1, 0),
        (0, -1),
        (1, 1),
        (1, -1),
        (-1, 1),
        (-1, -1),
        (2, 1),
        (2, -1),
        (-2, 1),
        (-2, -1),
        (1, 2),
        (1, -2),
        (-1, 2),
        (-1, -2),
    ];
    for (slot, &(dc, dr)) in out.iter_mut().zip(moves.iter()) {
        let len = f64::from(dc * dc + dr * dr).sqrt();
        let (kind, mids) = if dc == 0 || dr == 0 {
            (0, [(0, 0); 2])
        } else if dc.abs() == dr.abs() {
            (1, [(dc, 0), (0, dr)])
        } else if dc.abs() == 2 {
            (2, [(dc.signum(), 0), (dc.signum(), dr)])
        } else {
            (2, [(0, dr.signum()), (dc, dr.signum())])
        };
        *slot = Dir {
            dc,
            dr,
            ux: f64::from(dc) / len,
            uy: -f64::from(dr) / len,
            half_len: 0.5 * len,
            kind,
            mids,
        };
    }
    out
}
