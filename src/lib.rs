//! drillsim — an emergency drill and tabletop exercise simulator.
//!
//! Terms used throughout:
//! - **scenario**: the RON file describing map, hazards, organisation, injects,
//!   objectives and plan ([`scenario`]).
//! - **tick**: one step of simulation time ([`sim::SimClock`]).
//! - **inject**: a scripted message delivered to players at a set time (MSEL row).
//! - **seat**: a command post played by a person, an orders file or the plan.
//! - **input**: anything from outside the simulation, with its time ([`sim::inputs`]).
//! - **event log**: everything that happened, in order ([`sim::events`]).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod batch;
pub mod catalog;
pub mod cli;
pub mod compete;
pub mod gui;
pub mod hazard;
pub mod map;
pub mod order;
pub mod org;
pub mod probe;
pub mod record;
pub mod report;
pub mod scenario;
pub mod scoring;
pub mod sim;
pub mod source;
pub mod time;
