//! The whole simulation state at the end of a tick ([`Snapshot`]), for seeking and
//! recordings: postcard, deflated.

use super::command::CommandState;
use super::comms::Comms;
use super::events;
use super::hazards::HazardState;
use super::units::UnitState;
use super::{InputQueue, Script, SimClock, SimRng};

/// The whole simulation state at the end of a tick, for seeking and recordings.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// Clock.
    pub clock: SimClock,
    /// Random streams.
    pub rng: SimRng,
    /// Inputs pending and applied.
    pub queue: InputQueue,
    /// Road section states.
    pub roads: Vec<crate::map::roads::EdgeState>,
    /// Messages and links.
    pub comms: Comms,
    /// Script position and weather.
    pub script: Script,
    /// Hazard models.
    pub hazards: HazardState,
    /// Command structure.
    pub command: CommandState,
    /// The event log (each event as its JSON line: the log's own form).
    #[serde(with = "events_as_json")]
    pub events: Vec<events::Event>,
    /// Units by index.
    pub units: Vec<(u32, UnitState)>,
}

/// Events use a flattened, tagged JSON form that binary formats cannot carry; in a
/// snapshot each is stored as its JSON line.
mod events_as_json {
    use super::events::Event;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(events: &[Event], s: S) -> Result<S::Ok, S::Error> {
        let lines: Result<Vec<String>, _> = events.iter().map(serde_json::to_string).collect();
        lines.map_err(serde::ser::Error::custom)?.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Event>, D::Error> {
        let lines = Vec::<String>::deserialize(d)?;
        lines
            .iter()
            .map(|l| serde_json::from_str(l).map_err(serde::de::Error::custom))
            .collect()
    }
}

impl Snapshot {
    /// The state as postcard bytes, not compressed. Equal states give equal bytes
    /// (every collection in the state is a sequence or an ordered map), which is how
    /// `replay --verify` compares a recorded snapshot with the re-simulated state.
    pub fn to_postcard(&self) -> Result<Vec<u8>, String> {
        postcard::to_stdvec(self).map_err(|e| format!("snapshot: {e}"))
    }

    /// Read postcard bytes back ([`Snapshot::to_postcard`]).
    pub fn from_postcard(raw: &[u8]) -> Result<Snapshot, String> {
        postcard::from_bytes(raw).map_err(|e| format!("snapshot: {e}"))
    }

    /// Compact bytes: postcard, deflated.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let raw = self.to_postcard()?;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, &raw).map_err(|e| format!("snapshot: {e}"))?;
        z.finish().map_err(|e| format!("snapshot: {e}"))
    }

    /// Read compact bytes back; the inflated state may be at most `max_raw` bytes (a
    /// few bytes of deflate can ask for gigabytes: the caller says how much the state
    /// it expects can be).
    pub fn from_bytes(bytes: &[u8], max_raw: u64) -> Result<Snapshot, String> {
        let mut raw = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(flate2::read::DeflateDecoder::new(bytes), max_raw + 1),
            &mut raw,
        )
        .map_err(|e| format!("snapshot: {e}"))?;
        if raw.len() as u64 > max_raw {
            return Err(format!(
                "snapshot: inflates to more than {max_raw} bytes, more than the state can be"
            ));
        }
        Self::from_postcard(&raw)
    }
}
