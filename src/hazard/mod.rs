//! Hazard models: forest fire ([`fire`], Rothermel surface fire spread over the
//! grid), flood ([`flood`], local inertial shallow water) and chemical leak
//! ([`plume`], Gaussian puffs with Briggs dispersion; [`leak`] adapts it to a
//! scenario's release), with substance thresholds from [`crate::catalog::substances`].
//!
//! Each model computes fields on the grid and answers what they reach (arrival time,
//! depth, concentration, threat level). It has no bevy dependency and knows nothing
//! of units, roads or people: the exercise advances the models in its tick and
//! applies their effects ([`crate::sim::hazards`], [`crate::sim::effects`]).

pub mod fire;
pub mod flood;
pub mod leak;
pub mod plume;
