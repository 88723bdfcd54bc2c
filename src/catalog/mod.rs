//! Reference data the map's codes and a leak's substance name refer to: the 53
//! standard fire behaviour fuel models ([`fuel_models`]) and the toxic substances
//! with their exposure thresholds ([`substances`]).
//!
//! Plain tables and unit conversions with no dependency on the rest of the crate, so
//! the scenario language can check names against them and the hazard models can
//! compute with them.

pub mod fuel_models;
pub mod substances;
