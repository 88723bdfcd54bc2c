//! The working arrays of a sub-step ([`Scratch`]): the fluxes before the update and the
//! single-precision bed and water surface the face updates read. They are not part of
//! a flood's state — every value a sub-step reads from them it has written earlier in
//! the same sub-step — so they are kept per thread, not per grid: a copy of a grid (a
//! batch's shared step, a snapshot) does not copy them, and a thread stepping many
//! grids reuses one set.
//!
//! Invariant (tested in `step.rs`, `scratch_contents_never_reach_the_result`): a
//! sub-step writes every element of these arrays that it reads before reading it, so
//! their contents on entry cannot change a result.

use std::cell::RefCell;

/// The working arrays of one sub-step; sizes are those of the grid being stepped.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// The x fluxes before the current sub-step's update (the y faces' friction takes
    /// them), layout of `FloodGrid::qx`: `(width + 1) · height`.
    pub qx_old: Vec<f32>,
    /// The y fluxes before the current sub-step's update (the q-centred update of a y
    /// face takes its old neighbours north and south), layout of `FloodGrid::qy`:
    /// `width · (height + 1)`.
    pub qy_old: Vec<f32>,
    /// Bed − datum per cell in single precision, m (`width · height`).
    pub z32: Vec<f32>,
    /// Water surface − datum per cell in single precision, m (`width · height`).
    pub eta32: Vec<f32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// The calling thread's arrays, sized for a grid of `width × height` cells (their
    /// contents are whatever the thread's last sub-step left; see the invariant).
    /// Give them back with [`Scratch::give_back`].
    pub fn take(width: usize, height: usize) -> Scratch {
        let mut s = SCRATCH.with(|c| std::mem::take(&mut *c.borrow_mut()));
        s.qx_old.resize((width + 1) * height, 0.0);
        s.qy_old.resize(width * (height + 1), 0.0);
        s.z32.resize(width * height, 0.0);
        s.eta32.resize(width * height, 0.0);
        s
    }

    /// Returns the arrays to the calling thread for its next sub-steps.
    pub fn give_back(self) {
        SCRATCH.with(|c| *c.borrow_mut() = self);
    }

    /// Sizes the calling thread's arrays for `width × height` and fills every one
    /// with `v` (tests: contents that must not reach a result).
    #[cfg(test)]
    pub fn poison(width: usize, height: usize, v: f32) {
        let mut s = Scratch::take(width, height);
        for a in [&mut s.qx_old, &mut s.qy_old, &mut s.z32, &mut s.eta32] {
            a.iter_mut().for_each(|x| *x = v);
        }
        s.give_back();
    }
}
