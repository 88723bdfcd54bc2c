//! Competition rounds: every team plays the same scenario, seed and weather; official
//! sessions write signed, paced recordings; a judge re-simulates every recording,
//! refuses any that do not hold up, scores the rest with the round's weights and
//! penalties and ranks them.
//!
//! - [`raw`]: the round file as written (RON); [`Round`]: validated, with the scenario
//!   loaded, every mistake reported at `file:line:col`.
//! - [`Round::start_session`]: an official session (headless with an orders file, or
//!   live from the GUI) — an [`Engine`] that records, paces and signs.
//! - [`judge`]: checks and scores recordings, ranks them.
//! - [`board`]: the leaderboard as text, CSV, JSON and HTML.
//! - [`pace`]: how fast an official live session may run (GUI and server).
//!
//! Invariants of a [`Round`]: the scenario validates; every seat of every team is a
//! command post; team ids are unique; weights name objectives of the scenario; the
//! time limit lies within the exercise; the key is never part of the round.

pub mod board;
pub mod judge;
pub mod pace;
pub mod raw;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::order::{FACILITATOR, Input, Order};
use crate::record::sign::Key;
use crate::record::{Session, SessionMode};
use crate::scenario::authority::check_input;
use crate::scenario::diag::{Diagnostic, Diags};
use crate::scenario::orders_file::check_order_time;
use crate::scenario::{MemberKind, Scenario};
use crate::sim::Engine;
use crate::time::Dur;
pub use raw::{RawRound, RawRule as Rule, TieBreak};

/// A way of playing, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// Orders file run headless.
    OrdersFile,
    /// Live, paced.
    Live {
        /// Fastest pace, simulated seconds per wall-clock second.
        max_speed: f64,
        /// Longest session, wall-clock seconds.
        max_wall_s: Option<u64>,
    },
}

/// A team.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Team {
    /// Id.
    pub id: String,
    /// Display name (the id when none is given).
    pub name: String,
    /// Seats held.
    pub seats: Vec<String>,
}

/// A validated round.
#[derive(Debug, Clone)]
pub struct Round {
    /// Where the round file is.
    pub path: PathBuf,
    /// SHA-256 of the round file's text.
    pub hash: String,
    /// Round id.
    pub id: String,
    /// Title.
    pub name: String,
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// Seed.
    pub seed: u64,
    /// Name of the weather variant, if any.
    pub weather_name: Option<String>,
    /// The weather variant as facilitator inputs (every team's run starts with them).
    pub weather_inputs: Vec<Input>,
    /// Orders after this simulated time are late, s.
    pub time_limit_s: u64,
    /// Ways to play.
    pub modes: Vec<Mode>,
    /// Weight per objective id (absent: 1).
    pub weights: BTreeMap<String, f64>,
    /// Authority violations.
    pub authority_violation: Rule,
    /// Late orders.
    pub late_order: Rule,
    /// Tie-breaks in order.
    pub tie_breaks: Vec<TieBreak>,
    /// Teams.
    pub teams: Vec<Team>,
}

impl Round {
    /// Read and validate a round file (the scenario is read relative to it).
    pub fn load(path: &Path) -> Result<Round, Vec<Diagnostic>> {
        match crate::scenario::diag::read_source(
            path,
            crate::source::MAX_ROUND_BYTES,
            "round file",
            Some("a round file is RON, such as scenarios/flood/round.ron".into()),
        ) {
            Ok(text) => Round::from_text(path, &text),
            Err(d) => Err(vec![*d]),
        }
    }

    /// Validate round text; every mistake is reported at once.
    pub fn from_text(path: &Path, text: &str) -> Result<Round, Vec<Diagnostic>> {
        let text = Arc::new(text.to_string());
        let mut d = Diags::new(path, text.clone());
        let raw: RawRound = d.parse()?;
        // line ends normalised, as the scenario's: the round file saved on Windows
        // is the same round
        let hash = crate::scenario::text_hash(&text);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        // the scenario sits in the round file's folder or below it, as a scenario's
        // own files sit in its folder: a round passed around cannot make the judge
        // read a file elsewhere
        let outside = |why: String| {
            (
                format!(
                    "the scenario `{}` is outside the round file's folder: {why}",
                    raw.scenario
                ),
                Some("put the round file in the scenario's folder (or above it) and name the scenario relative to it, as `scenario: \"riverside.ron\"`".to_string()),
            )
        };
        if let Some(why) = crate::scenario::validate::refuse_file_ref(&raw.scenario) {
            let (msg, hint) = outside(why.to_string());
            d.err("scenario", msg, hint);
            return Err(d.take());
        }
        let scenario_path = dir.join(raw.scenario.replace('\\', "/"));
        let base = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir.as_path()
        };
        if let (Ok(real_dir), Ok(real)) = (base.canonicalize(), scenario_path.canonicalize())
            && !real.starts_with(&real_dir)
        {
            let (msg, hint) = outside(format!(
                "it leads to `{}` through a symbolic link",
                real.display()
            ));
            d.err("scenario", msg, hint);
            return Err(d.take());
        }
        let scenario = match crate::scenario::load(&scenario_path) {
            Ok(s) => Arc::new(s),
            Err(diags) => {
                d.err(
                    "scenario",
                    format!(
                        "the scenario {} does not load: {}",
                        scenario_path.display(),
                        diags.first().map(|x| x.headline()).unwrap_or_default()
                    ),
                    Some(format!(
                        "the path is relative to the round file; `drillsim validate {}` lists every problem",
                        scenario_path.display()
                    )),
                );
                return Err(d.take());
            }
        };
        let s = &scenario;
        if raw.id.trim().is_empty() {
            d.err("id", "the round needs an id", None);
        }
        let duration = s.meta.duration_s;
        let time_limit_s = raw.time_limit.map(|t| t.0).unwrap_or(duration);
        if time_limit_s > duration {
            d.err(
                "time_limit",
                format!(
                    "the time limit {} is after the end of the exercise ({})",
                    crate::time::hms(time_limit_s),
                    crate::time::hms(duration)
                ),
                None,
            );
        }
        let mut weather_inputs = Vec::new();
        if let Some(w) = &raw.weather {
            let mut push = |path: String, at: u64, wind_m_s: f64, wind_from_deg: f64| {
                let input = Input {
                    at: Dur(at),
                    seat: FACILITATOR.into(),
                    order: Order::SetWind {
                        wind_m_s,
                        wind_from_deg,
                    },
                };
                if let Some((msg, _)) = check_input(s, &input) {
                    d.err(&path, msg, None);
                } else if at > duration || !at.is_multiple_of(s.meta.tick_s) {
                    d.err(
                        &path,
                        format!(
                            "a wind change at {} must fall on a {}-s tick within the exercise",
                            crate::time::hms(at),
                            s.meta.tick_s
                        ),
                        None,
                    );
                } else {
                    weather_inputs.push(input);
                }
            };
            push("weather".into(), 0, w.wind_m_s, w.wind_from_deg);
            for (i, c) in w.changes.iter().enumerate() {
                push(
                    format!("weather.changes[{i}]"),
                    c.at.0,
                    c.wind_m_s,
                    c.wind_from_deg,
                );
            }
        }
        weather_inputs.sort_by_key(|i| i.at);
        let mut modes = Vec::new();
        for (i, m) in raw.modes.iter().enumerate() {
            match m {
                raw::RawMode::OrdersFile => modes.push(Mode::OrdersFile),
                raw::RawMode::Live {
                    max_speed,
                    max_wall,
                } => {
                    if !(max_speed.is_finite() && *max_speed > 0.0) {
                        d.err(
                            &format!("modes[{i}].max_speed"),
                            "the fastest pace must be a positive multiple of real time",
                            Some("e.g. `Live(max_speed: 4.0)`: at most 4 simulated seconds per second".into()),
                        );
                    }
                    modes.push(Mode::Live {
                        max_speed: *max_speed,
                        max_wall_s: max_wall.map(|w| w.0),
                    });
                }
            }
        }
        if modes.is_empty() {
            modes.push(Mode::OrdersFile);
        }
        let objectives: BTreeSet<&str> = s.objectives.iter().map(|o| o.id.as_str()).collect();
        let known = || objectives.iter().copied().collect::<Vec<_>>().join(", ");
        for (id, w) in &raw.scoring.weights {
            let p = format!("scoring.weights[\"{id}\"]");
            if !objectives.contains(id.as_str()) {
                d.err(
                    &p,
                    format!("the scenario has no objective `{id}`"),
                    Some(format!("objectives: {}", known())),
                );
            } else if !(w.is_finite() && *w >= 0.0) {
                d.err(&p, format!("weight {w} must be zero or more"), None);
            }
        }
        for (name, rule) in [
            ("authority_violation", raw.scoring.authority_violation),
            ("late_order", raw.scoring.late_order),
        ] {
            if let Rule::Penalty(p) = rule
                && !(p.is_finite() && p >= 0.0)
            {
                d.err(
                    &format!("scoring.{name}"),
                    format!("a penalty of {p} points: it must be zero or more"),
                    None,
                );
            }
        }
        for (i, t) in raw.scoring.tie_breaks.iter().enumerate() {
            if let TieBreak::HigherObjective(id) = t
                && !objectives.contains(id.as_str())
            {
                d.err(
                    &format!("scoring.tie_breaks[{i}]"),
                    format!("the scenario has no objective `{id}`"),
                    Some(format!("objectives: {}", known())),
                );
            }
        }
        if raw.teams.is_empty() {
            d.err("teams", "a round needs at least one team", None);
        }
        let mut ids = BTreeSet::new();
        let mut teams = Vec::new();
        for (i, t) in raw.teams.iter().enumerate() {
            if t.id.trim().is_empty() {
                d.err(&format!("teams[{i}].id"), "a team needs an id", None);
            } else if !ids.insert(t.id.clone()) {
                d.err(
                    &format!("teams[{i}].id"),
                    format!("a second team with id `{}`", t.id),
                    None,
                );
            }
            if t.seats.is_empty() {
                d.err(
                    &format!("teams[{i}].seats"),
                    "a team holds at least one seat",
                    None,
                );
            }
            for (j, seat) in t.seats.iter().enumerate() {
                let p = format!("teams[{i}].seats[{j}]");
                match s.org.find(seat) {
                    Some(m) if matches!(s.org.member(m).kind, MemberKind::Command { .. }) => {}
                    Some(_) => d.err(
                        &p,
                        format!("`{seat}` is a field unit; teams hold command posts"),
                        None,
                    ),
                    None => d.err(
                        &p,
                        format!("unknown seat `{seat}`"),
                        Some(format!("command posts: {}", command_posts(s).join(", "))),
                    ),
                }
            }
            teams.push(Team {
                id: t.id.clone(),
                name: if t.name.is_empty() {
                    t.id.clone()
                } else {
                    t.name.clone()
                },
                seats: t.seats.clone(),
            });
        }
        if !d.is_empty() {
            return Err(d.take());
        }
        Ok(Round {
            path: path.to_path_buf(),
            hash,
            id: raw.id,
            name: if raw.name.is_empty() {
                s.meta.name.clone()
            } else {
                raw.name
            },
            seed: raw.seed.unwrap_or(s.meta.seed),
            scenario,
            weather_name: raw.weather.map(|w| w.name),
            weather_inputs,
            time_limit_s,
            modes,
            weights: raw.scoring.weights,
            authority_violation: raw.scoring.authority_violation,
            late_order: raw.scoring.late_order,
            tie_breaks: raw.scoring.tie_breaks,
            teams,
        })
    }

    /// A team by id.
    pub fn team(&self, id: &str) -> Result<&Team, String> {
        self.teams.iter().find(|t| t.id == id).ok_or_else(|| {
            format!(
                "round `{}` has no team `{id}` (teams: {})",
                self.id,
                self.teams
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }

    /// The weight of an objective (1 when the round gives none).
    pub fn weight(&self, objective: &str) -> f64 {
        self.weights.get(objective).copied().unwrap_or(1.0)
    }

    /// Whether the round allows a mode, and its limits.
    pub fn mode(&self, mode: SessionMode) -> Option<Mode> {
        self.modes.iter().copied().find(|m| {
            matches!(
                (m, mode),
                (Mode::OrdersFile, SessionMode::OrdersFile)
                    | (Mode::Live { .. }, SessionMode::Live)
            )
        })
    }

    /// Start an official session for `team`: the round's scenario, seed and weather,
    /// the team's seats held, `orders` queued (empty for live play, where the GUI
    /// pushes orders with [`Engine::push_input`]), and a signed, paced recording
    /// opened at `out`. Step the engine to the end: the last step signs the file.
    ///
    /// This is the one way official recordings are made, headless or from the GUI.
    pub fn start_session(
        &self,
        team: &str,
        mode: SessionMode,
        orders: Vec<Input>,
        out: &Path,
        key: &Key,
    ) -> Result<Engine, String> {
        let t = self.team(team)?;
        if self.mode(mode).is_none() {
            return Err(format!(
                "round `{}` does not allow {} sessions",
                self.id,
                mode.name()
            ));
        }
        for i in &orders {
            if !t.seats.contains(&i.seat) {
                return Err(format!(
                    "an order at {} from `{}`, a seat team `{team}` does not hold (it holds {})",
                    i.at,
                    i.seat,
                    t.seats.join(", ")
                ));
            }
        }
        let mut all = self.weather_inputs.clone();
        all.extend(orders);
        let mut e = Engine::new(self.scenario.clone(), self.seed, all)?;
        e.hold_seats(&t.seats)?;
        let started_unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        let session = Session {
            round: self.id.clone(),
            round_hash: self.hash.clone(),
            team: team.to_string(),
            team_name: t.name.clone(),
            mode,
            started_unix_ms,
            key_id: key.id(),
        };
        e.record_official(out, session, key)?;
        Ok(e)
    }

    /// Read a team's orders file for an official session. Syntax errors, orders off
    /// the tick or after the exercise, and orders from seats the team does not hold
    /// are errors at `file:line:col`; orders the simulation will refuse (no
    /// authority, unknown unit) are warnings — they are played, refused in the run,
    /// and counted as the round's rules say.
    pub fn load_team_orders(
        &self,
        team: &str,
        path: &Path,
    ) -> Result<(Vec<Input>, Vec<Diagnostic>), Vec<Diagnostic>> {
        let s = &self.scenario;
        let text = crate::scenario::diag::read_source(
            path,
            crate::source::MAX_ORDERS_BYTES,
            "orders file",
            None,
        )
        .map_err(|d| vec![*d])?;
        let mut d = Diags::new(path, text.clone());
        let t = match self.team(team) {
            Ok(t) => t,
            Err(e) => {
                d.err("", e, None);
                return Err(d.take());
            }
        };
        let list: Vec<Input> = d.parse()?;
        let mut warnings = Diags::new(path, text.clone());
        for (i, input) in list.iter().enumerate() {
            check_order_time(&mut d, s, i, input);
            if !t.seats.contains(&input.seat) {
                d.err(
                    &format!("[{i}].seat"),
                    format!("team `{team}` does not hold seat `{}`", input.seat),
                    Some(format!("its seats: {}", t.seats.join(", "))),
                );
                continue;
            }
            if let Some((msg, field)) = check_input(s, input) {
                warnings.err(
                    &format!("[{i}].{field}"),
                    format!("will be refused in the run: {msg}"),
                    None,
                );
            }
            if input.at.0 > self.time_limit_s {
                warnings.err(
                    &format!("[{i}].at"),
                    format!(
                        "late: the round's time limit is {}",
                        crate::time::hms(self.time_limit_s)
                    ),
                    None,
                );
            }
        }
        if !d.is_empty() {
            return Err(d.take());
        }
        let mut list = list;
        list.sort_by_key(|i| i.at);
        Ok((list, warnings.take()))
    }
}

fn command_posts(s: &Scenario) -> Vec<String> {
    s.org
        .members
        .iter()
        .filter(|m| matches!(m.kind, MemberKind::Command { .. }))
        .map(|m| m.id.clone())
        .collect()
}

/// Whether a refused input was refused for want of authority: the seat may not give
/// it, but the top command post could.
pub fn is_authority_violation(s: &Scenario, input: &Input) -> bool {
    if input.seat == FACILITATOR || check_input(s, input).is_none() {
        return false;
    }
    let as_top = Input {
        seat: s.org.member(s.org.top).id.clone(),
        ..input.clone()
    };
    check_input(s, &as_top).is_none()
}
