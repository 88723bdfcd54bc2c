//! Numerical parameters of the flood solver ([`FloodParams`]) and their defaults:
//! gravity, the CFL coefficient α, the face flow depth threshold and the largest
//! sub-step.
//!
//! Invariant (checked by [`FloodGrid::with_params`](super::FloodGrid::with_params)):
//! gravity > 0, 0 < α ≤ 1, threshold ≥ 0, largest sub-step > 0, all finite.

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
}

impl Default for FloodParams {
    fn default() -> Self {
        Self {
            gravity_m_s2: GRAVITY_M_S2,
            alpha: DEFAULT_ALPHA,
            flow_depth_min_m: DEFAULT_FLOW_DEPTH_MIN_M,
            max_dt_s: DEFAULT_MAX_DT_S,
        }
    }
}
