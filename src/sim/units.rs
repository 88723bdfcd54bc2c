//! Field units as entities: where they are, where they are going, what they do.
//!
//! A unit stands at a road node or moves along a road section. Ground units follow
//! the fastest usable route (re-planned when a section ahead closes); aerial units
//! fly straight. Position is interpolated along the section being driven.

use std::collections::VecDeque;

use bevy::prelude::Component;
use serde::Serialize;

use crate::order::Task;
use crate::scenario::{PlaceId, UnitId};

/// Identity of a unit entity (the stable sort key).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unit(pub UnitId);

/// What a unit is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// At home, available.
    Available,
    /// Driving or flying to a place.
    EnRoute,
    /// At the place, working on its task.
    OnScene,
    /// Going home.
    Returning,
    /// Cannot reach its destination.
    CutOff,
    /// A mutual-aid unit not yet requested, or on its way from outside.
    Reserve,
}

/// Movement and task state.
#[derive(Component, Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct UnitState {
    /// Status.
    pub status: UnitStatus,
    /// Last road node reached (for aerial units: nearest node of the last place).
    pub node: u32,
    /// Section being driven: (edge, node at its far end, metres done, section length).
    pub on_edge: Option<(u32, u32, f64, f64)>,
    /// Sections still to drive: (edge, node at its far end).
    pub route: VecDeque<(u32, u32)>,
    /// Destination place.
    pub dest: Option<PlaceId>,
    /// Task at the destination.
    pub task: Option<Task>,
    /// Position, local metres (x east, y south).
    pub pos_m: (f64, f64),
    /// Second the current task started (on scene).
    pub task_since_s: Option<u64>,
}
