//! Which field to export and when, and gathering it from a re-simulated recording.

use std::sync::Arc;

use crate::catalog::substances::ThreatLevel;
use crate::record::{Recording, replay};
use crate::scenario::Scenario;
use crate::sim::hazards::HazardState;

/// Water depth from which a cell counts as reached by the flood, m (the report's
/// "flooded" threshold: ankle-deep water that stops cars and walkers, after the
/// ≈0.15 m of the UK EA/DEFRA FD2320 hazard rating's lowest band).
pub const FLOOD_ARRIVAL_DEPTH_M: f64 = 0.15;

/// A field (or a vector layer) of a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Water depth, m.
    Depth,
    /// When water first stood `FLOOD_ARRIVAL_DEPTH_M` (0.15 m) deep, s from the start.
    FloodArrival,
    /// When the fire reached a cell, s from the start.
    FireArrival,
    /// Burnt or burning (1) or not (0).
    Burnt,
    /// Gas concentration, ppm.
    Concentration,
    /// AEGL (60-min) tier reached: 0 clear, 1, 2, 3.
    ThreatZone,
    /// Units' tracks (lines).
    Tracks,
    /// Places with their status (points).
    Places,
}

impl Field {
    /// All fields, with their command-line names.
    pub const ALL: [(Field, &'static str); 8] = [
        (Field::Depth, "depth"),
        (Field::FloodArrival, "flood-arrival"),
        (Field::FireArrival, "fire-arrival"),
        (Field::Burnt, "burnt"),
        (Field::Concentration, "concentration"),
        (Field::ThreatZone, "threat-zone"),
        (Field::Tracks, "tracks"),
        (Field::Places, "places"),
    ];

    /// Its command-line name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map(|(_, n)| *n)
            .unwrap_or("field")
    }

    /// Unit of the values.
    pub fn unit(self) -> &'static str {
        match self {
            Field::Depth => "m",
            Field::FloodArrival | Field::FireArrival => "s from the start",
            Field::Burnt => "1 burnt or burning, 0 not",
            Field::Concentration => "ppm",
            Field::ThreatZone => "AEGL-60 min tier 0–3",
            Field::Tracks => "unit positions",
            Field::Places => "place status",
        }
    }
}

impl std::str::FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Field::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(f, _)| *f)
            .ok_or_else(|| {
                format!(
                    "`{s}` is not a field; one of: {}",
                    Field::ALL.map(|(_, n)| n).join(", ")
                )
            })
    }
}

/// The moment exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At this second from the start.
    At(u64),
    /// The worst over the run (deepest water, highest concentration and tier; the
    /// arrival fields and burnt are the same as at the end).
    Max,
    /// At the end of the recording.
    End,
}

/// One unit's track: its id and positions (t s, x m, y m local).
pub type Track = (String, Vec<(u64, f64, f64)>);

/// A field gathered from a recording.
pub struct Gathered {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// The field.
    pub field: Field,
    /// One value per cell (NaN: none — not reached, no hazard of that kind).
    pub values: Vec<f64>,
    /// "at 01:30:00", "maximum over 00:00:00–06:00:00".
    pub when_text: String,
    /// Second of the moment (the end for [`When::Max`]).
    pub t_s: u64,
    /// For tracks: per unit, (id, positions (t s, x m, y m local)).
    pub tracks: Vec<Track>,
    /// For places: the state view at the moment.
    pub view: Option<replay::StateView>,
    /// Thresholds for polygons of this field (ascending), with labels.
    pub bands: Vec<(f64, String)>,
}

fn field_now(s: &Scenario, hz: &HazardState, field: Field, t: u64) -> Vec<f64> {
    let n = s.grid.len();
    match field {
        Field::Depth => match &hz.flood {
            Some(f) => (0..n).map(|c| f.depth(c).unwrap_or(f64::NAN)).collect(),
            None => vec![f64::NAN; n],
        },
        Field::FireArrival => match &hz.fire {
            Some(f) => (0..n)
                .map(|c| {
                    f.arrival_s(c)
                        .filter(|a| *a <= t as f64)
                        .unwrap_or(f64::NAN)
                })
                .collect(),
            None => vec![f64::NAN; n],
        },
        Field::Burnt => match &hz.fire {
            Some(f) => (0..n)
                .map(|c| {
                    let reached = f.arrival_s(c).is_some_and(|a| a <= t as f64);
                    if reached { 1.0 } else { 0.0 }
                })
                .collect(),
            None => vec![f64::NAN; n],
        },
        Field::Concentration => match &hz.leak {
            Some(l) => (0..n).map(|c| l.ppm(c)).collect(),
            None => vec![f64::NAN; n],
        },
        Field::ThreatZone => match &hz.leak {
            Some(l) => (0..n)
                .map(|c| match l.substance().threat_level(l.ppm(c)) {
                    ThreatLevel::Clear => 0.0,
                    ThreatLevel::Level1 => 1.0,
                    ThreatLevel::Level2 => 2.0,
                    ThreatLevel::Level3 => 3.0,
                })
                .collect(),
            None => vec![f64::NAN; n],
        },
        Field::FloodArrival | Field::Tracks | Field::Places => vec![f64::NAN; n],
    }
}

fn hms(t: u64) -> String {
    crate::time::hms(t)
}

/// Re-simulate the recording and gather `field` at `when`.
pub fn gather(rec: &Recording, field: Field, when: When) -> Result<Gathered, String> {
    let (s, _) = replay::rebuild(rec)?;
    let last = replay::last_tick(rec, &s);
    let tick_s = s.meta.tick_s;
    let target = match when {
        When::At(t) => {
            let tick = crate::time::tick_of(t, tick_s)?;
            if tick > last {
                return Err(format!(
                    "{} is after the end of the recording ({})",
                    hms(t),
                    hms(last * tick_s)
                ));
            }
            tick
        }
        When::Max | When::End => last,
    };
    let t_s = target * tick_s;
    let kinds = &s.meta.hazard_kinds;
    use crate::scenario::HazardKind as K;
    let needs = match field {
        Field::Depth | Field::FloodArrival => Some(K::Flood),
        Field::FireArrival | Field::Burnt => Some(K::ForestFire),
        Field::Concentration | Field::ThreatZone => Some(K::ChemicalLeak),
        _ => None,
    };
    if let Some(k) = needs
        && !kinds.contains(&k)
    {
        return Err(format!(
            "the scenario \"{}\" has no {k:?} hazard: there is no {} to export",
            s.meta.name,
            field.name()
        ));
    }
    let stepwise = when == When::Max || matches!(field, Field::FloodArrival | Field::Tracks);
    let n = s.grid.len();
    let mut values = vec![f64::NAN; n];
    let mut tracks: Vec<Track> = Vec::new();
    let (s, mut e) = if stepwise {
        let (s, mut e) = replay::rebuild(rec)?;
        let every = (60 / tick_s).max(1); // tracks: one point a minute
        for tick in 0..=target {
            e.run_through(tick);
            let now = tick * tick_s;
            if field == Field::Tracks {
                if tick % every == 0 || tick == target {
                    let v = replay::state_view(&s, &mut e);
                    for u in v.units {
                        match tracks.iter_mut().find(|(id, _)| *id == u.id) {
                            Some((_, pts)) => {
                                if pts.last().map(|p| (p.1, p.2)) != Some((u.x_m, u.y_m)) {
                                    pts.push((now, u.x_m, u.y_m));
                                }
                            }
                            None => tracks.push((u.id.clone(), vec![(now, u.x_m, u.y_m)])),
                        }
                    }
                }
                continue;
            }
            let w = e.world_mut();
            let hz = w.resource::<HazardState>();
            if field == Field::FloodArrival {
                if let Some(f) = &hz.flood {
                    for (c, v) in values.iter_mut().enumerate() {
                        if v.is_nan() && f.depth(c).is_some_and(|d| d >= FLOOD_ARRIVAL_DEPTH_M) {
                            *v = now as f64;
                        }
                    }
                }
                continue;
            }
            if tick == target
                || matches!(
                    field,
                    Field::Depth | Field::Concentration | Field::ThreatZone
                )
            {
                let now_v = field_now(&s, hz, field, now);
                for (a, b) in values.iter_mut().zip(now_v) {
                    if a.is_nan() || b > *a {
                        *a = b;
                    }
                }
            }
        }
        (s, e)
    } else {
        let (s, mut e) = replay::seek(rec, target)?;
        let w = e.world_mut();
        values = field_now(&s, w.resource::<HazardState>(), field, t_s);
        (s, e)
    };
    let view = (field == Field::Places).then(|| replay::state_view(&s, &mut e));
    let when_text = match when {
        When::Max => format!("maximum over 00:00:00–{}", hms(t_s)),
        _ => format!("at {}", hms(t_s)),
    };
    let bands = bands(&s, field, t_s);
    Ok(Gathered {
        scenario: s,
        field,
        values,
        when_text,
        t_s,
        tracks,
        view,
        bands,
    })
}

/// Thresholds of the polygons drawn for a field.
fn bands(s: &Scenario, field: Field, t_s: u64) -> Vec<(f64, String)> {
    match field {
        Field::Depth => [0.15, 0.5, 1.0, 2.0]
            .iter()
            .map(|d| (*d, format!("water ≥ {d} m")))
            .collect(),
        Field::FloodArrival | Field::FireArrival => {
            // isochrones every 30 minutes (every 10 in short runs)
            let step = if t_s <= 3 * 3600 { 600 } else { 1800 };
            (1..=t_s.div_ceil(step))
                .map(|k| ((k * step) as f64, format!("reached by {}", hms(k * step))))
                .collect()
        }
        Field::Burnt => vec![(0.5, "burnt or burning".into())],
        Field::ThreatZone => vec![
            (0.5, "AEGL-1 (60 min) or worse".into()),
            (1.5, "AEGL-2 (60 min) or worse".into()),
            (2.5, "AEGL-3 (60 min)".into()),
        ],
        Field::Concentration => {
            let sub = s
                .hazards
                .leak
                .as_ref()
                .and_then(|l| crate::catalog::substances::lookup(&l.substance));
            match sub {
                Some(sub) => ThreatLevel::ZONES
                    .iter()
                    .filter_map(|z| {
                        sub.aegl_60min
                            .threshold_ppm(*z)
                            .map(|p| (p, format!("{} ≥ {p} ppm ({z:?})", sub.name)))
                    })
                    .collect(),
                None => vec![(1.0, "≥ 1 ppm".into())],
            }
        }
        Field::Tracks | Field::Places => Vec::new(),
    }
}
