//! The `organisation` section: command posts, field units (with the defaults of each
//! kind) and the communication links between them.

use serde::{Deserialize, Serialize};

use crate::order::{Capability, Channel};
use crate::time::Dur;

/// The organisation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrg {
    /// Command posts.
    pub nodes: Vec<RawNode>,
    /// Field units.
    #[serde(default)]
    pub units: Vec<RawUnit>,
    /// Communication links between command posts (and units, where not implicit).
    #[serde(default)]
    pub links: Vec<RawLink>,
}

/// A command post.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// Unique id (shared namespace with units).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Level in the command structure.
    pub level: CommandLevel,
    /// Superior command post; exactly one node has none (the top).
    #[serde(default)]
    pub parent: Option<String>,
    /// Place where the post sits.
    #[serde(default)]
    pub place: Option<String>,
    /// The person responsible who must acknowledge warnings (call-and-respond).
    #[serde(default)]
    pub responsible: Option<String>,
    /// Places this post is responsible for warning and evacuating.
    #[serde(default)]
    pub covers: Vec<String>,
}

/// Levels of the command structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum CommandLevel {
    /// District (county) headquarters.
    District,
    /// Township or sub-district.
    Township,
    /// Village or community.
    Village,
    /// On-scene / forward command post.
    Field,
    /// A facility's own emergency organisation (a plant, a school).
    Facility,
}

/// A field unit.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    /// Unique id (shared namespace with command posts).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit type; gives default capabilities and speed.
    pub kind: UnitKind,
    /// Command post the unit reports to.
    pub commander: String,
    /// Place the unit starts at (a depot, station, shelter…).
    pub home: String,
    /// People in the crew.
    pub crew: u32,
    /// Capabilities; default by kind.
    #[serde(default)]
    pub capabilities: Option<Vec<Capability>>,
    /// Top speed on roads, km/h; default by kind.
    #[serde(default)]
    pub speed_km_h: Option<f64>,
    /// Deepest water it can drive through, m; default by kind.
    #[serde(default)]
    pub fording_depth_m: Option<f64>,
    /// Link to its commander; default radio with 30 s latency.
    #[serde(default)]
    pub link: Option<RawUnitLink>,
    /// A mutual-aid unit from outside the district: not available until requested
    /// (`RequestMutualAid`), then arrives at its home this long after the request.
    #[serde(default)]
    pub mutual_aid: Option<Dur>,
}

/// The link between a unit and its commander.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnitLink {
    /// Channel.
    pub channel: Channel,
    /// One-way latency.
    pub latency: Dur,
}

/// Kinds of field unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum UnitKind {
    /// Structural fire engine.
    FireEngine,
    /// Forest firefighting hand crew.
    ForestFireCrew,
    /// Water tanker.
    WaterTanker,
    /// Helicopter or plane for water drops.
    AerialDrop,
    /// Rescue boat team.
    RescueBoatTeam,
    /// Hazardous materials team.
    HazmatTeam,
    /// Ambulance.
    Ambulance,
    /// Police patrol.
    Police,
    /// Engineering team (sandbags, pumps, heavy plant).
    EngineeringTeam,
    /// Reconnaissance drone team.
    Drone,
    /// Bus or truck for evacuation.
    Transport,
}

impl UnitKind {
    /// Default capabilities of this kind of unit.
    pub fn default_capabilities(self) -> Vec<Capability> {
        use Capability::*;
        match self {
            UnitKind::FireEngine => vec![Suppress, Rescue, Decontaminate],
            UnitKind::ForestFireCrew => vec![Suppress, FireLine],
            UnitKind::WaterTanker => vec![Suppress],
            UnitKind::AerialDrop => vec![WaterDrop, Reconnoitre],
            UnitKind::RescueBoatTeam => vec![Rescue, Transport],
            UnitKind::HazmatTeam => vec![ContainLeak, Decontaminate, Reconnoitre],
            UnitKind::Ambulance => vec![TreatCasualties, Transport],
            UnitKind::Police => vec![Cordon, Reconnoitre],
            UnitKind::EngineeringTeam => vec![Sandbag, Pump],
            UnitKind::Drone => vec![Reconnoitre],
            UnitKind::Transport => vec![Transport],
        }
    }
    /// Default top speed on roads, km/h (aerial units fly straight at this speed).
    pub fn default_speed_km_h(self) -> f64 {
        match self {
            UnitKind::FireEngine | UnitKind::WaterTanker => 60.0,
            UnitKind::ForestFireCrew => 50.0,
            UnitKind::AerialDrop => 180.0,
            UnitKind::RescueBoatTeam => 50.0,
            UnitKind::HazmatTeam => 60.0,
            UnitKind::Ambulance => 70.0,
            UnitKind::Police => 80.0,
            UnitKind::EngineeringTeam => 40.0,
            UnitKind::Drone => 60.0,
            UnitKind::Transport => 50.0,
        }
    }
    /// Default fording depth, m (how deep a flooded road it can still use).
    pub fn default_fording_depth_m(self) -> f64 {
        match self {
            UnitKind::RescueBoatTeam => 3.0,
            UnitKind::EngineeringTeam => 0.6,
            UnitKind::FireEngine | UnitKind::WaterTanker => 0.5,
            UnitKind::AerialDrop | UnitKind::Drone => f64::INFINITY,
            _ => 0.3,
        }
    }
    /// Whether the unit flies (ignores roads).
    pub fn is_aerial(self) -> bool {
        matches!(self, UnitKind::AerialDrop | UnitKind::Drone)
    }
}

/// A communication link between two organisation members.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    /// One end.
    pub from: String,
    /// Other end.
    pub to: String,
    /// Channel.
    pub channel: Channel,
    /// One-way latency.
    pub latency: Dur,
    /// Whether messages may only go `from` → `to`.
    #[serde(default)]
    pub one_way: bool,
}
