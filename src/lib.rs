//! drillsim — an emergency drill and tabletop exercise simulator.
//!
//! Terms used throughout:
//! - **scenario**: the RON file describing map, hazards, organisation, injects,
//!   objectives and plan ([`scenario`]).
//! - **tick**: one step of simulation time ([`sim::SimClock`]).
//! - **inject**: a scripted message delivered to players at a set time (MSEL row).
//! - **seat**: a command post played by a person, an orders file or the plan.
//! - **input**: anything from outside the simulation, with its time ([`order::Input`]).
//! - **event log**: everything that happened, in order ([`sim::events`]).
//!
//! # Modules, lowest layer first
//! Each module may use only modules above it in this list (a test,
//! `tests/layering.rs`, holds the crate to it; `docs/architecture.md` draws it).
//!
//! | layer | module | its one job |
//! |---|---|---|
//! | foundations | [`time`] | durations as written (`"90s"`, `"02:30:00"`) and `HH:MM:SS`; dates and time zones |
//! | | [`source`] | positions in the text people give (`line:col` ↔ byte offset) |
//! | | [`output`] | files drillsim writes: never over an input, a recording or a key; whole or not at all; text safe for XML and CSV |
//! | | [`catalog`] | reference tables: standard fuel models, toxic substances and their thresholds |
//! | | [`order`] | the order vocabulary: orders, tasks, levels, channels, capabilities, one timed input |
//! | | [`map`] | the grid and its raster layers; CRSs and projections; `.asc`, GeoTIFF, GeoJSON, OpenStreetMap and table readers; the road network and routing |
//! | language | [`scenario`] | the RON scenario, its validation with `file:line:col` diagnostics, authority, orders files |
//! | models | [`hazard`] | the fire, flood and leak models: fields on the grid and what they reach |
//! | engine | [`sim`] | the exercise: a deterministic bevy schedule of units, messages, command posts and hazards' effects |
//! | results | [`scoring`] | the scorecard: a pure function of the event log and the objectives |
//! | | [`record`] | recordings written as a run goes, verified and sought by re-simulation |
//! | | [`org`] | analysis of the command graph (latencies, single points of failure) |
//! | products | [`report`] | the after-action report (HTML, charts, maps, CSV, CAP) |
//! | | [`compete`] | competition rounds, official sessions, judging and the leaderboard |
//! | | [`batch`] | many seeds at once and their distribution |
//! | | [`probe`] | the hazard models as calculators |
//! | | [`author`] | new exercises from GIS files, the MSEL as a spreadsheet |
//! | | [`export`] | results for GIS: rasters, polygons, tracks and places |
//! | | [`seat`] | what one seat may know and do, and the facilitator's console, as plain data |
//! | front ends | [`cli`] | the `drillsim` command line |
//! | | [`gui`] | the live exercise and the replay viewer (feature `gui`) |
//! | | [`server`] | `drillsim serve`: networked exercises, browser seats and the facilitator console |
//!
//! A first program: `examples/headless_run.rs` loads a scenario, runs it with an
//! orders file and prints the scorecard.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod author;
pub mod batch;
pub mod catalog;
pub mod cli;
pub mod compete;
pub mod export;
pub mod gui;
pub mod hazard;
pub mod map;
pub mod order;
pub mod org;
pub mod output;
pub mod probe;
pub mod record;
pub mod report;
pub mod scenario;
pub mod scoring;
pub mod seat;
pub mod server;
pub mod sim;
pub mod source;
pub mod time;
