//! The organisation as a graph: analysis of the command and communication structure.
//! (The organisation's data lives in [`crate::scenario::Organisation`]; messages
//! moving over it in [`crate::sim::comms`].)

pub mod analysis;
