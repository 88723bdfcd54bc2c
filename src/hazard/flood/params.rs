//! Numerical parameters of the flood solver ([`FloodParams`]) and their defaults:
//! gravity, the CFL coefficient α, the face flow depth threshold, the largest
//! sub-step and the weight θ of the q-centred flux.
//!
//! Invariant (checked by [`FloodGrid::with_params`](super::FloodGrid::with_params)):
//! gravity > 0, 0 < α ≤ 1, threshold ≥ 0, largest sub-step > 0, 0.5 ≤ θ ≤ 1, all
//! finite; the kernel version in [`KERNELS`].

/// Gravitational acceleration, m/s² (the customary 2D flood-model value; standard
/// gravity is 9.806 65).
pub const GRAVITY_M_S2: f64 = 9.81;
/// CFL coefficient α of the adaptive time step (dimensionless). Bates et al. (2010)
/// found the scheme stable for α in 0.2–0.7; we use the top of that range.
pub const DEFAULT_ALPHA: f64 = 0.7;
/// Face flow depth below which a face carries no flow, m. Same value as LISFLOOD-FP's
/// `DepthThresh` default (1e-3 m).
pub const DEFAULT_FLOW_DEPTH_MIN_M: f64 = 1e-3;
/// Upper bound on one sub-step, s. Applies when the domain is dry or very shallow
/// (the CFL step tends to infinity as depth → 0). Our choice (10 s): sources are still
/// CFL-checked through the depth they add, so this only bounds dry/still periods.
pub const DEFAULT_MAX_DT_S: f64 = 10.0;

/// Weight θ of a face's own old flux in the q-centred scheme of de Almeida, Bates,
/// Freer & Souvignet (2012, "Improving the stability of a simple formulation of the
/// shallow water equations for 2-D flood modeling", Water Resour. Res. 48, W05528):
/// the old flux in the momentum update is `θ·q + (1−θ)/2·(q_prev + q_next)` over the
/// faces before and after it in the same direction. θ = 1 is the scheme of Bates et
/// al. (2010), which keeps oscillating in deep, slow water with little friction (the
/// filled depressions of the EA Test 2 plain still moved at 1 m/s after 48 h); de
/// Almeida et al. found θ = 0.7 to damp those oscillations while keeping the wave
/// fronts (their tests covered 0.5–1). The default stays 1, LISFLOOD-FP's default: the
/// bundled exercises were validated with it, and on the Test 2 plain θ = 0.7 settles
/// only with a CFL coefficient α ≤ 0.65 (see `ea_benchmark.rs`).
pub const DEFAULT_THETA: f64 = 1.0;

/// Version of the face-update arithmetic that new runs use ([`FloodParams::kernel`]).
/// 1: h^(7/3) from three Newton steps (every run before 2026-12-02); 2: from two tuned
/// steps (`flux::pow_7_3`). Each version gives its own bits, so a recording keeps the
/// version it was made with and its replay runs that one.
pub const CURRENT_KERNEL: u32 = 2;
/// The kernel versions this build can run.
pub const KERNELS: std::ops::RangeInclusive<u32> = 1..=CURRENT_KERNEL;

/// The kernel version of files written before versions existed (recordings, shard
/// files): 1. A serde default for their version field.
pub fn unversioned_kernel() -> u32 {
    1
}

/// `Ok` when this build runs kernel version `kernel`.
///
/// # Errors
/// "unknown flood kernel version N (this build runs versions 1–2)" otherwise.
pub fn check_kernel(kernel: u32) -> Result<(), String> {
    if KERNELS.contains(&kernel) {
        Ok(())
    } else {
        Err(format!(
            "unknown flood kernel version {kernel} (this build runs versions {}–{})",
            KERNELS.start(),
            KERNELS.end()
        ))
    }
}

/// Numerical parameters. [`Default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FloodParams {
    /// Gravitational acceleration, m/s².
    pub gravity_m_s2: f64,
    /// CFL coefficient α (0 < α ≤ 1).
    pub alpha: f64,
    /// Minimum face flow depth for flow, m.
    pub flow_depth_min_m: f64,
    /// Maximum sub-step, s.
    pub max_dt_s: f64,
    /// Weight θ of the q-centred flux (0.5 ≤ θ ≤ 1; 1: no averaging).
    #[serde(default = "default_theta")]
    pub theta: f64,
    /// Version of the face-update arithmetic ([`CURRENT_KERNEL`] unless set). Not part
    /// of a snapshot (whose layout predates it): the engine sets it again after
    /// restoring one, from the recording's header.
    #[serde(skip, default = "current_kernel")]
    pub kernel: u32,
}

fn default_theta() -> f64 {
    DEFAULT_THETA
}

fn current_kernel() -> u32 {
    CURRENT_KERNEL
}

impl Default for FloodParams {
    fn default() -> Self {
        Self {
            gravity_m_s2: GRAVITY_M_S2,
            alpha: DEFAULT_ALPHA,
            flow_depth_min_m: DEFAULT_FLOW_DEPTH_MIN_M,
            max_dt_s: DEFAULT_MAX_DT_S,
            theta: DEFAULT_THETA,
            kernel: CURRENT_KERNEL,
        }
    }
}
