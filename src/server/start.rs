//! Starting one exercise on its own thread: a new exercise (the seats people play
//! handed to them at second 0 with `SetSeatMode`, as the GUI's `play --seat` does),
//! a recording resumed after a crash, or an official competition session; the
//! static part of each client's `hello` (the map, the order pickers).
//!
//! The engine is built on the exercise's thread and never leaves it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::codes::CodeBook;
use super::exercise::{self, Exercise, Handle, OfficialInfo, Pace};
use super::render;
use crate::order::{FACILITATOR, Input, Order};
use crate::scenario::{MemberKind, Scenario};
use crate::sim::Engine;
use crate::time::Dur;

/// How an exercise starts.
pub enum Start {
    /// A new exercise.
    New {
        /// Scenario.
        scenario: Arc<Scenario>,
        /// Seed.
        seed: u64,
        /// Seats people play from the start.
        human: Vec<String>,
        /// Recording.
        record: PathBuf,
        /// Starting speed.
        speed: f64,
    },
    /// Continue a recording.
    Resume {
        /// The recording.
        record: PathBuf,
    },
    /// An official competition session.
    Official {
        /// The round.
        round: Box<crate::compete::Round>,
        /// Team id.
        team: String,
        /// The round's key.
        key: crate::record::sign::Key,
        /// The signed recording.
        output: PathBuf,
    },
}

/// Command posts of a scenario, in order.
pub fn command_posts(s: &Scenario) -> Vec<String> {
    s.org
        .members
        .iter()
        .filter(|m| matches!(m.kind, MemberKind::Command { .. }))
        .map(|m| m.id.clone())
        .collect()
}

#[derive(Serialize)]
struct StaticMap {
    w: u32,
    h: u32,
    cell_m: f64,
    terrain: String,
    roads: Vec<[f64; 4]>,
}

#[derive(Serialize)]
struct Hello<'a> {
    name: &'a str,
    description: &'a str,
    start: &'a str,
    tick_s: u64,
    seat_name: Option<String>,
    map: &'a StaticMap,
    choices: Option<crate::seat::OrderChoices>,
    seats: Vec<(String, String)>,
    official: Option<&'a OfficialInfo>,
}

/// The static part of each audience's `hello`.
fn hellos(
    s: &Scenario,
    seats: &[String],
    official: Option<&OfficialInfo>,
) -> BTreeMap<String, exercise::Frame> {
    let g = &s.roads.graph;
    let map = StaticMap {
        w: s.grid.width,
        h: s.grid.height,
        cell_m: s.grid.cell_m,
        terrain: crate::report::map::data_uri(&render::terrain_png(s)),
        roads: g
            .edge_indices()
            .filter_map(|e| g.edge_endpoints(e))
            .map(|(a, b)| {
                let (ca, cb) = (g[a].cell, g[b].cell);
                [
                    ca.0 as f64 + 0.5,
                    ca.1 as f64 + 0.5,
                    cb.0 as f64 + 0.5,
                    cb.1 as f64 + 0.5,
                ]
            })
            .collect(),
    };
    let all: Vec<(String, String)> = command_posts(s)
        .into_iter()
        .filter_map(|id| {
            let m = s.org.find(&id)?;
            Some((id, s.org.member(m).name.clone()))
        })
        .collect();
    let make = |seat: Option<&str>| {
        let h = Hello {
            name: &s.meta.name,
            description: &s.meta.description,
            start: &s.meta.start,
            tick_s: s.meta.tick_s,
            seat_name: seat
                .and_then(|x| s.org.find(x))
                .map(|m| s.org.member(m).name.clone()),
            map: &map,
            choices: seat.map(|x| crate::seat::order_choices(s, x)),
            seats: all.clone(),
            official,
        };
        exercise::Frame::from(serde_json::to_string(&h).unwrap_or_else(|_| "null".into()))
    };
    let mut out = BTreeMap::new();
    out.insert(String::new(), make(None));
    for seat in seats {
        out.insert(seat.clone(), make(Some(seat)));
    }
    out
}

/// What an exercise thread reports once it is ready.
pub struct Ready {
    /// Shared with the connections.
    pub handle: Arc<Handle>,
    /// Recording path.
    pub record: PathBuf,
    /// Seats with codes.
    pub seats: Vec<String>,
    /// What to tell the operator.
    pub note: String,
}

/// Start an exercise on its own thread; returns when it is ready (or failed).
pub fn spawn(
    index: usize,
    id: String,
    start: Start,
    codes: Arc<Mutex<CodeBook>>,
) -> Result<(Ready, std::thread::JoinHandle<()>), String> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<Ready, String>>();
    let thread = std::thread::Builder::new()
        .name(format!("exercise-{id}"))
        .spawn(move || {
            let built = build(index, id, start, codes);
            match built {
                Ok((ex, rx, ready)) => {
                    if ready_tx.send(Ok(ready)).is_ok() {
                        ex.run(rx);
                    }
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                }
            }
        })
        .map_err(|e| format!("cannot start an exercise thread: {e}"))?;
    let ready = ready_rx
        .recv()
        .map_err(|_| "an exercise thread stopped while starting".to_string())??;
    Ok((ready, thread))
}

type Built = (Exercise, std::sync::mpsc::Receiver<exercise::Cmd>, Ready);

fn build(
    index: usize,
    id: String,
    start: Start,
    codes: Arc<Mutex<CodeBook>>,
) -> Result<Built, String> {
    let (s, engine, record, seats, official, pace, note) = match start {
        Start::New {
            scenario,
            seed,
            human,
            record,
            speed,
        } => {
            let inputs: Vec<Input> = human
                .iter()
                .map(|seat| Input {
                    at: Dur(0),
                    seat: FACILITATOR.into(),
                    order: Order::SetSeatMode {
                        seat: seat.clone(),
                        human: true,
                    },
                })
                .collect();
            let mut e = Engine::new(scenario.clone(), seed, inputs)?;
            e.record_to(
                &record,
                crate::record::DEFAULT_CHECKSUM_EVERY,
                crate::record::DEFAULT_SNAPSHOT_EVERY,
            )?;
            // tick 0: what is due at the start (as the GUI)
            e.step();
            let seats = command_posts(&scenario);
            let note = format!("recording to {}", record.display());
            (
                scenario,
                e,
                record,
                seats,
                None,
                Pace {
                    running: false,
                    speed,
                },
                note,
            )
        }
        Start::Resume { record } => {
            let (s, e, r) = crate::record::live::resume(&record)?;
            let seats = command_posts(&s);
            let note = format!(
                "resumed {} at {} (tick {}; {} inputs kept{}); recording on to the same file",
                record.display(),
                crate::time::hms(r.next_tick.saturating_sub(1) * s.meta.tick_s),
                r.next_tick,
                r.inputs,
                if r.dropped_bytes > 0 {
                    format!(", {} bytes of a frame cut short dropped", r.dropped_bytes)
                } else {
                    String::new()
                }
            );
            (
                s,
                e,
                record,
                seats,
                None,
                Pace {
                    running: false,
                    speed: 1.0,
                },
                note,
            )
        }
        Start::Official {
            round,
            team,
            key,
            output,
        } => {
            let Some(crate::compete::Mode::Live { max_speed, .. }) =
                round.mode(crate::record::SessionMode::Live)
            else {
                return Err(format!(
                    "round `{}` does not allow live sessions; add Live(max_speed: …) to its modes",
                    round.id
                ));
            };
            let t = round.team(&team)?.clone();
            let mut e = round.start_session(
                &team,
                crate::record::SessionMode::Live,
                Vec::new(),
                &output,
                &key,
            )?;
            e.step();
            let official = OfficialInfo {
                round: round.id.clone(),
                team: t.id.clone(),
                max_speed,
            };
            let note = format!(
                "official live session of round `{}` for team `{}`: recording to {}; the clock runs at most ×{max_speed}; the file is signed when the exercise reaches its end",
                round.id,
                t.id,
                output.display()
            );
            (
                round.scenario.clone(),
                e,
                output,
                t.seats.clone(),
                Some(official),
                Pace {
                    running: false,
                    speed: max_speed.min(exercise::MAX_SPEED),
                },
                note,
            )
        }
    };
    let hello = hellos(&s, &seats, official.as_ref());
    let official_started = official.as_ref().map(|_| std::time::Instant::now());
    let (handle, rx) = exercise::handle(index, id, &s, &seats, official, record.clone(), hello);
    let ex = Exercise {
        s,
        engine,
        handle: handle.clone(),
        codes,
        pace,
        official_started,
    };
    Ok((
        ex,
        rx,
        Ready {
            handle,
            record,
            seats,
            note,
        },
    ))
}
