//! Hazard models and their place in the tick: forest fire ([`fire`], Rothermel),
//! flood ([`flood`], local inertial shallow water) and chemical leak ([`plume`],
//! Gaussian puffs with Briggs dispersion, [`substance`] thresholds).
//!
//! Each model is plain Rust with no bevy dependency; [`engine`] wires them into the
//! simulation as a resource advanced by one system per tick, and turns their fields
//! into effects on roads, places and people; [`leak`] adapts the puff model to a
//! scenario's release.

pub mod engine;
pub mod fire;
pub mod flood;
pub mod fuel_models;
pub mod leak;
pub mod plume;
pub mod substance;
