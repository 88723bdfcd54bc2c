//! The `objectives` section: what the exercise is scored on, HSEEP objectives with one
//! measurable target each.

use serde::{Deserialize, Serialize};

use crate::order::ResponseLevel;
use crate::time::Dur;

/// An exercise objective (HSEEP: objective → core capability → target → critical tasks).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    /// Id, e.g. `"O1"`.
    pub id: String,
    /// What the objective is.
    pub title: String,
    /// Core capability (FEMA list), e.g. "Public Information and Warning".
    pub capability: String,
    /// Critical tasks, as text.
    #[serde(default)]
    pub critical_tasks: Vec<String>,
    /// The critical tasks in Chinese, one for each of `critical_tasks` in the same order
    /// (`report --lang zh`, the GUI in Chinese); empty: the reports say them as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub critical_tasks_zh: Vec<String>,
    /// Points for full performance; default 10.
    #[serde(default = "default_points")]
    pub points: f64,
    /// The measurable capability target.
    pub target: RawTarget,
}

impl RawObjective {
    /// The critical tasks in Chinese when `chinese` and the scenario gives them
    /// (`critical_tasks_zh`, validated to match one for one), otherwise as written.
    pub fn critical_tasks_in(&self, chinese: bool) -> &[String] {
        if chinese && self.critical_tasks_zh.len() == self.critical_tasks.len() {
            &self.critical_tasks_zh
        } else {
            &self.critical_tasks
        }
    }
}

fn default_points() -> f64 {
    10.0
}

/// Measurable targets.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum RawTarget {
    /// Every warning and inject at these seats (all posts if empty) acknowledged within T.
    AcknowledgeWithin {
        /// Time allowed after receipt.
        within: Dur,
        /// Seats measured (command post ids); empty: all.
        #[serde(default)]
        seats: Vec<String>,
    },
    /// Households at each place warned at least `lead` before the hazard reaches it.
    WarningLead {
        /// Places.
        places: Vec<String>,
        /// Lead time required.
        lead: Dur,
    },
    /// Each place fully evacuated before the hazard arrives.
    EvacuatedBeforeArrival {
        /// Places.
        places: Vec<String>,
    },
    /// Each place protected before each hazard arrives: fully evacuated, or — against
    /// toxic gas, the one hazard the model lets a building keep out — told to shelter
    /// in place (US EPA/FEMA protective-action guidance: evacuate or shelter in place;
    /// a shelter order does not keep out water or fire).
    ProtectedBeforeArrival {
        /// Places.
        places: Vec<String>,
    },
    /// A unit on scene at a place within T (of the start, or of an inject).
    FirstOnScene {
        /// Place.
        place: String,
        /// Time allowed.
        within: Dur,
        /// Inject the clock starts at; default the start.
        #[serde(default)]
        after: Option<String>,
    },
    /// Response level at least `level` within T (of the start, or of an inject).
    ResponseLevelWithin {
        /// Level required.
        level: ResponseLevel,
        /// Time allowed.
        within: Dur,
        /// Inject the clock starts at; default the start.
        #[serde(default)]
        after: Option<String>,
    },
    /// The leak contained within T of the start.
    LeakContainedWithin {
        /// Time allowed.
        within: Dur,
    },
    /// The fire never reaches these places.
    FireKeptFrom {
        /// Places.
        places: Vec<String>,
    },
    /// People exposed to any hazard, at most.
    PeopleExposedAtMost {
        /// Limit.
        max: u32,
    },
    /// Casualties left untreated (people whose gas dose reached AEGL-3), at most.
    CasualtiesAtMost {
        /// Limit.
        max: u32,
    },
    /// Buildings flooded, at most.
    BuildingsFloodedAtMost {
        /// Limit.
        max: u32,
    },
    /// Area burnt, hectares, at most.
    AreaBurntAtMostHa {
        /// Limit.
        max: f64,
    },
}
