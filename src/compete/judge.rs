//! Judging: every recording is checked — file intact, signed with the round's key,
//! made for this round, team, scenario, seed and weather, played at an allowed pace —
//! then re-simulated from its inputs (every checksum and the end frame must match),
//! scored with [`crate::scoring::score`], weighted and penalised by the round's rules,
//! and ranked. A recording that fails any check is refused with the reason; nothing
//! is scored from a refused recording.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{Mode, Round, Rule, TieBreak, is_authority_violation};
use crate::order::FACILITATOR;
use crate::record::sign::{self, Key};
use crate::record::{self, Recording, SessionMode};
use crate::scoring::{Rating, Scorecard};
use crate::sim::events::{Event, EventKind};
use crate::time::hms;

/// Simulated seconds a live session may run ahead of its fastest allowed pace (a
/// GUI runs ticks in bursts between frames).
pub const PACE_SLACK_S: u64 = 60;

/// One objective of an entry, weighted.
#[derive(Debug, Clone, Serialize)]
pub struct WeightedObjective {
    /// Objective id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Rating.
    pub rating: Rating,
    /// Measured value, in words.
    pub value: String,
    /// Points as scored.
    pub points: f64,
    /// Points possible.
    pub max_points: f64,
    /// The round's weight.
    pub weight: f64,
    /// `points × weight`.
    pub weighted: f64,
}

/// A recording that was accepted and scored.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Place (1 = first; equal entries share a place).
    pub rank: usize,
    /// Team id.
    pub team: String,
    /// Team name.
    pub team_name: String,
    /// The recording.
    pub file: PathBuf,
    /// How it was played.
    pub mode: SessionMode,
    /// Per objective.
    pub objectives: Vec<WeightedObjective>,
    /// Sum of weighted points.
    pub weighted_points: f64,
    /// Weighted points possible.
    pub max_weighted_points: f64,
    /// Orders refused for want of authority: "HH:MM:SS seat: reason".
    pub authority_violations: Vec<String>,
    /// Orders timed after the time limit: "HH:MM:SS seat".
    pub late_orders: Vec<String>,
    /// Points taken off.
    pub penalty: f64,
    /// Final score: weighted points − penalty, to 0.01.
    pub total: f64,
    /// Casualties (final outcome).
    pub casualties: u32,
    /// People exposed (final outcome).
    pub people_exposed: u32,
    /// When the last warning was acknowledged, s (none: never).
    pub last_warning_ack_s: Option<u64>,
    /// Objectives rated P.
    pub objectives_met: usize,
    /// When the session finished, ms since the Unix epoch.
    pub submitted_unix_ms: u64,
    /// The tie-break that put this entry below the one above it, if the totals were
    /// equal.
    pub behind_on: Option<String>,
    /// Time spent judging it, ms.
    pub judge_ms: u64,
    /// The scorecard as `drillsim score` gives it (unweighted).
    #[serde(skip)]
    pub card: Scorecard,
}

/// A recording that was refused.
#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    /// The recording.
    pub file: PathBuf,
    /// Team, when the header could be read.
    pub team: Option<String>,
    /// Why.
    pub reason: String,
}

/// The outcome of judging a round.
#[derive(Debug, Clone, Serialize)]
pub struct Judgement {
    /// Round id.
    pub round: String,
    /// Round title.
    pub round_name: String,
    /// Round file hash.
    pub round_hash: String,
    /// Scenario name.
    pub scenario: String,
    /// Seed.
    pub seed: u64,
    /// Weather variant.
    pub weather: Option<String>,
    /// Tie-breaks in order, by name.
    pub tie_breaks: Vec<String>,
    /// Accepted entries, ranked.
    pub entries: Vec<Entry>,
    /// Refused recordings.
    pub rejected: Vec<Rejection>,
    /// Wall-clock time for the whole judgement, s.
    pub judge_s: f64,
}

/// Judge recordings: check, re-simulate and score each (in parallel), rank the
/// accepted ones. With two recordings for one team the one submitted first counts.
pub fn judge(round: &Round, key: &Key, files: &[PathBuf]) -> Judgement {
    let t0 = std::time::Instant::now();
    let results: Vec<Result<Entry, Rejection>> =
        files.par_iter().map(|f| judge_one(round, key, f)).collect();
    let mut entries = Vec::new();
    let mut rejected = Vec::new();
    for r in results {
        match r {
            Ok(e) => entries.push(e),
            Err(r) => rejected.push(r),
        }
    }
    entries.sort_by_key(|e| e.submitted_unix_ms);
    let mut seen: Vec<(String, PathBuf)> = Vec::new();
    entries.retain(|e| {
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == e.team) {
            rejected.push(Rejection {
                file: e.file.clone(),
                team: Some(e.team.clone()),
                reason: format!(
                    "a second recording for team `{}`: the one finished first ({}) counts",
                    e.team,
                    first.display()
                ),
            });
            false
        } else {
            seen.push((e.team.clone(), e.file.clone()));
            true
        }
    });
    rank(&round.tie_breaks, &mut entries);
    Judgement {
        round: round.id.clone(),
        round_name: round.name.clone(),
        round_hash: round.hash.clone(),
        scenario: round.scenario.meta.name.clone(),
        seed: round.seed,
        weather: round.weather_name.clone(),
        tie_breaks: round.tie_breaks.iter().map(tie_break_name).collect(),
        entries,
        rejected,
        judge_s: t0.elapsed().as_secs_f64(),
    }
}

/// Name of a tie-break in words.
pub fn tie_break_name(t: &TieBreak) -> String {
    match t {
        TieBreak::FewerCasualties => "fewer casualties".into(),
        TieBreak::FewerPeopleExposed => "fewer people exposed".into(),
        TieBreak::EarlierLastWarningAcknowledged => "last warning acknowledged earlier".into(),
        TieBreak::FewerAuthorityViolations => "fewer authority violations".into(),
        TieBreak::FewerLateOrders => "fewer late orders".into(),
        TieBreak::MoreObjectivesMet => "more objectives met".into(),
        TieBreak::HigherObjective(o) => format!("more points on {o}"),
        TieBreak::EarlierSubmission => "submitted earlier".into(),
    }
}

fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// How `a` compares with `b` on a tie-break: `Less` when `a` is better.
pub fn compare_on(t: &TieBreak, a: &Entry, b: &Entry) -> Ordering {
    match t {
        TieBreak::FewerCasualties => a.casualties.cmp(&b.casualties),
        TieBreak::FewerPeopleExposed => a.people_exposed.cmp(&b.people_exposed),
        TieBreak::EarlierLastWarningAcknowledged => a
            .last_warning_ack_s
            .unwrap_or(u64::MAX)
            .cmp(&b.last_warning_ack_s.unwrap_or(u64::MAX)),
        TieBreak::FewerAuthorityViolations => a
            .authority_violations
            .len()
            .cmp(&b.authority_violations.len()),
        TieBreak::FewerLateOrders => a.late_orders.len().cmp(&b.late_orders.len()),
        TieBreak::MoreObjectivesMet => b.objectives_met.cmp(&a.objectives_met),
        TieBreak::HigherObjective(id) => {
            let pts = |e: &Entry| {
                e.objectives
                    .iter()
                    .find(|o| &o.id == id)
                    .map(|o| cents(o.weighted))
                    .unwrap_or(0)
            };
            pts(b).cmp(&pts(a))
        }
        TieBreak::EarlierSubmission => a.submitted_unix_ms.cmp(&b.submitted_unix_ms),
    }
}

/// Sort entries best first and give them places: by total (to 0.01), then by the
/// round's tie-breaks in order; entries equal on all of them share a place (and are
/// listed by team id).
pub fn rank(tie_breaks: &[TieBreak], entries: &mut [Entry]) {
    let decide = |a: &Entry, b: &Entry| -> (Ordering, Option<String>) {
        let o = cents(b.total).cmp(&cents(a.total));
        if o != Ordering::Equal {
            return (o, None);
        }
        for t in tie_breaks {
            let o = compare_on(t, a, b);
            if o != Ordering::Equal {
                return (o, Some(tie_break_name(t)));
            }
        }
        (Ordering::Equal, None)
    };
    entries.sort_by(|a, b| decide(a, b).0.then_with(|| a.team.cmp(&b.team)));
    for i in 0..entries.len() {
        if i == 0 {
            entries[0].rank = 1;
            entries[0].behind_on = None;
            continue;
        }
        let (o, why) = decide(&entries[i - 1], &entries[i]);
        if o == Ordering::Equal {
            entries[i].rank = entries[i - 1].rank;
            entries[i].behind_on = None;
        } else {
            entries[i].rank = i + 1;
            entries[i].behind_on = why;
        }
    }
}

fn reject(file: &Path, team: Option<&str>, reason: impl Into<String>) -> Rejection {
    Rejection {
        file: file.to_path_buf(),
        team: team.map(String::from),
        reason: reason.into(),
    }
}

/// Largest signature frame accepted, bytes (a signature is about 150).
pub const MAX_SIGNATURE_FRAME: usize = 4096;

/// The checks made before anything in a file is decoded: its size (at most
/// [`record::MAX_RECORDING_BYTES`], a regular file), its frames intact, and its
/// signature by the round's key over every byte before the signature frame. Only a
/// file that passes is parsed; a hostile file costs one bounded read and one pass of
/// the HMAC. An unsigned file's header and pace frames are read only to say whose
/// session stopped when.
pub fn read_signed(key: &Key, file: &Path) -> Result<Vec<u8>, Rejection> {
    let bytes = crate::source::read_bytes(file, record::MAX_RECORDING_BYTES)
        .map_err(|e| reject(file, None, format!("cannot read: {e}")))?;
    if !bytes.starts_with(record::MAGIC) {
        return Err(reject(
            file,
            None,
            "not a drillsim recording (the file does not start with `DRILLSIM-REC`)",
        ));
    }
    let sc = record::scan(&bytes);
    if let Some(d) = &sc.damage {
        return Err(reject(
            file,
            None,
            format!(
                "damaged at byte {} (frame {}): {} — the file was edited or truncated",
                d.offset, d.frame, d.reason
            ),
        ));
    }
    let Some(at) = sc
        .frames
        .iter()
        .position(|f| f.kind == record::KIND_SIGNATURE)
    else {
        return Err(unsigned(file, &bytes, &sc));
    };
    let f = sc.frames[at];
    if f.len > MAX_SIGNATURE_FRAME {
        return Err(reject(
            file,
            None,
            format!("a signature frame of {} bytes is not a signature", f.len),
        ));
    }
    let sig: sign::Signature = serde_json::from_slice(f.payload(&bytes))
        .map_err(|e| reject(file, None, format!("unreadable signature frame: {e}")))?;
    let after = sc.frames.len() - at - 1;
    sign::check(key, &bytes, Some(&(f.offset as u64, sig)), after)
        .map_err(|e| reject(file, None, e.to_string()))?;
    Ok(bytes)
}

/// The refusal of a file without a signature frame.
fn unsigned(file: &Path, bytes: &[u8], sc: &record::Scan) -> Rejection {
    let header = sc
        .frames
        .first()
        .filter(|f| f.kind == record::KIND_HEADER)
        .and_then(|f| serde_json::from_slice::<record::Header>(f.payload(bytes)).ok());
    let Some(session) = header.as_ref().and_then(|h| h.session.clone()) else {
        return reject(file, None, sign::SignatureError::Unsigned.to_string());
    };
    let has_end = sc.frames.iter().any(|f| f.kind == record::KIND_END);
    if has_end {
        return reject(
            file,
            Some(&session.team),
            sign::SignatureError::Unsigned.to_string(),
        );
    }
    // an official session's file that stopped before the end is never signed
    let pace = sc
        .frames
        .iter()
        .rev()
        .find(|f| f.kind == record::KIND_PACE)
        .and_then(|f| serde_json::from_slice::<record::Pace>(f.payload(bytes)).ok());
    let tick_s = header
        .as_ref()
        .map(record::replay::scenario_tick_s)
        .unwrap_or(1);
    let reached = pace.map(|p| p.tick.saturating_sub(1) * tick_s);
    reject(
        file,
        Some(&session.team),
        format!(
            "unsigned: the {} session of team `{}` stopped {} before the end of the exercise; only a session played to its end is signed",
            session.mode.name(),
            session.team,
            reached.map_or_else(|| "at its start".to_string(), |s| format!("at {}", hms(s)))
        ),
    )
}

/// Check, re-simulate and score one recording: [`read_signed`] first, then the
/// checks of [`check_recording`], then the re-simulation.
pub fn judge_one(round: &Round, key: &Key, file: &Path) -> Result<Entry, Rejection> {
    let t0 = std::time::Instant::now();
    let bytes = read_signed(key, file)?;
    let rec = record::parse(&bytes).map_err(|e| reject(file, None, e))?;
    let team = rec.header.session.as_ref().map(|s| s.team.clone());
    let no = |reason: String| reject(file, team.as_deref(), reason);
    check_recording(round, key, &bytes, &rec).map_err(no)?;
    let session = rec
        .header
        .session
        .as_ref()
        .ok_or_else(|| no("no session".into()))?;
    let t = round.team(&session.team).map_err(no)?;

    // re-simulate from the round's own copy of the scenario (its text and layers were
    // checked equal to the recording's): every checksum and the end frame must match
    let mut engine =
        crate::sim::Engine::new(round.scenario.clone(), rec.header.seed, rec.inputs.clone())
            .map_err(no)?;
    engine.hold_seats(&rec.header.held_seats).map_err(no)?;
    engine
        .set_flood_kernel(rec.header.flood_kernel)
        .map_err(no)?;
    let (v, engine) = record::replay::verify_from(&rec, &round.scenario, engine);
    let tick_s = round.scenario.meta.tick_s;
    if let Some((tick, want, got)) = &v.first_divergence {
        return Err(no(format!(
            "checksum mismatch at tick {tick} ({}): recorded {}, re-simulated {} — the inputs do not produce the recorded run",
            hms(tick.saturating_mul(tick_s)),
            &want[..12.min(want.len())],
            &got[..12.min(got.len())]
        )));
    }
    if let Some((tick, why)) = &v.snapshot_divergence {
        return Err(no(format!(
            "the snapshot at tick {tick} ({}) is not the re-simulated state: {why}",
            hms(tick.saturating_mul(tick_s))
        )));
    }
    if v.end_matched != Some(true) {
        return Err(no(
            "the end frame (event log digest, final checksum) does not match the re-simulation"
                .into(),
        ));
    }
    let s = &round.scenario;
    let events = engine.events();
    let card = crate::scoring::score(s, events);

    // the round's rules
    let mut authority_violations = Vec::new();
    let mut late_orders = Vec::new();
    for i in rec.inputs.iter().filter(|i| i.seat != FACILITATOR) {
        if is_authority_violation(s, i) {
            let why = crate::scenario::authority::check_input(s, i)
                .map(|(m, _)| m)
                .unwrap_or_default();
            authority_violations.push(format!("{} {}: {why}", i.at, i.seat));
        }
        if i.at.0 > round.time_limit_s {
            late_orders.push(format!("{} {}", i.at, i.seat));
        }
    }
    let mut penalty = 0.0;
    for (what, rule, n) in [
        (
            "authority violation",
            round.authority_violation,
            authority_violations.len(),
        ),
        ("late order", round.late_order, late_orders.len()),
    ] {
        match rule {
            Rule::Count => {}
            Rule::Penalty(p) => penalty += p * n as f64,
            Rule::Disqualify if n > 0 => {
                return Err(no(format!(
                    "disqualified by the round's rules: {n} {what}(s)"
                )));
            }
            Rule::Disqualify => {}
        }
    }
    let (objectives, weighted_points, max_weighted_points) = weigh(&round.weights, &card);
    let total = ((weighted_points - penalty) * 100.0).round() / 100.0 + 0.0;
    let (people_exposed, casualties) = outcome(events);
    let last_warning_ack_s = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Acknowledged { item, .. } if item.starts_with("warning") => Some(e.t_s),
            _ => None,
        })
        .max();
    let submitted_unix_ms =
        session.started_unix_ms + rec.pace.last().map(|p| p.wall_ms).unwrap_or(0);
    Ok(Entry {
        rank: 0,
        team: t.id.clone(),
        team_name: t.name.clone(),
        file: file.to_path_buf(),
        mode: session.mode,
        objectives_met: card.objectives.iter().filter(|o| o.met).count(),
        objectives,
        weighted_points,
        max_weighted_points,
        authority_violations,
        late_orders,
        penalty,
        total,
        casualties,
        people_exposed,
        last_warning_ack_s,
        submitted_unix_ms,
        behind_on: None,
        judge_ms: t0.elapsed().as_millis() as u64,
        card,
    })
}

/// Weigh a scorecard with the round's weights: per objective `points × weight` (to
/// 0.01), their sum (to 0.01) and the weighted points possible.
pub fn weigh(
    weights: &BTreeMap<String, f64>,
    card: &Scorecard,
) -> (Vec<WeightedObjective>, f64, f64) {
    let objectives: Vec<WeightedObjective> = card
        .objectives
        .iter()
        .map(|o| {
            let weight = weights.get(&o.id).copied().unwrap_or(1.0);
            WeightedObjective {
                id: o.id.clone(),
                title: o.title.clone(),
                rating: o.rating,
                value: o.value.clone(),
                points: o.points,
                max_points: o.max_points,
                weight,
                weighted: (o.points * weight * 100.0).round() / 100.0,
            }
        })
        .collect();
    // an empty f64 sum is -0.0, which prints as "-0.00": + 0.0 makes it 0.0
    let sum = objectives.iter().map(|o| o.weighted).sum::<f64>() + 0.0;
    let max = objectives
        .iter()
        .map(|o| o.max_points * o.weight)
        .sum::<f64>()
        + 0.0;
    (objectives, (sum * 100.0).round() / 100.0, max)
}

fn outcome(events: &[Event]) -> (u32, u32) {
    events
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            EventKind::Outcome {
                people_exposed,
                casualties,
                ..
            } => Some((*people_exposed, *casualties)),
            _ => None,
        })
        .unwrap_or((0, 0))
}

/// Every check that needs no simulation, in the order a challenge would raise them:
/// intact file, signature, session, round, scenario, seed, seats, weather, pace,
/// completeness.
pub fn check_recording(
    round: &Round,
    key: &Key,
    bytes: &[u8],
    rec: &Recording,
) -> Result<(), String> {
    if let Some(d) = &rec.damage {
        return Err(format!(
            "damaged at byte {} (frame {}): {} — the file was edited or truncated",
            d.offset, d.frame, d.reason
        ));
    }
    if rec.signature.is_none()
        && rec.end.is_none()
        && let Some(session) = &rec.header.session
    {
        // an official session's file that stopped before the end is never signed
        let tick_s = crate::record::replay::tick_s(rec);
        let reached = rec.pace.last().map(|p| p.tick.saturating_sub(1) * tick_s);
        return Err(format!(
            "unsigned: the {} session of team `{}` stopped {} before the end of the exercise; only a session played to its end is signed",
            session.mode.name(),
            session.team,
            reached.map_or_else(|| "at its start".to_string(), |s| format!("at {}", hms(s)))
        ));
    }
    sign::check(
        key,
        bytes,
        rec.signature.as_ref(),
        rec.frames_after_signature,
    )
    .map_err(|e| e.to_string())?;
    let h = &rec.header;
    let Some(session) = &h.session else {
        return Err("not an official session: the header names no round or team".into());
    };
    if session.round != round.id || session.round_hash != round.hash {
        return Err(format!(
            "recorded for round `{}` (round file hash {}), not this round `{}` (hash {})",
            session.round,
            short(&session.round_hash),
            round.id,
            short(&round.hash)
        ));
    }
    let team = round.team(&session.team)?;
    let s = &round.scenario;
    if h.scenario_hash != s.source.hash {
        return Err(format!(
            "another scenario: \"{}\" with hash {}, the round plays \"{}\" with hash {}",
            h.scenario_name,
            short(&h.scenario_hash),
            s.meta.name,
            short(&s.source.hash)
        ));
    }
    if h.layers_hash != record::layers_hash(s) {
        return Err("the scenario's layer files differ from the round's".into());
    }
    if h.seed != round.seed {
        return Err(format!(
            "another seed: recorded with seed {}, the round's seed is {}",
            h.seed, round.seed
        ));
    }
    let mut held = h.held_seats.clone();
    held.sort();
    let mut want = team.seats.clone();
    want.sort();
    if held != want {
        return Err(format!(
            "team `{}` holds {}, the recording held {}",
            team.id,
            want.join(", "),
            if held.is_empty() {
                "none".into()
            } else {
                held.join(", ")
            }
        ));
    }
    let weather: Vec<_> = rec
        .inputs
        .iter()
        .filter(|i| i.seat == FACILITATOR)
        .cloned()
        .collect();
    if weather != round.weather_inputs {
        return Err(format!(
            "the facilitator inputs (weather) differ from the round's weather variant{}",
            round
                .weather_name
                .as_ref()
                .map(|n| format!(" \"{n}\""))
                .unwrap_or_default()
        ));
    }
    if let Some(i) = rec
        .inputs
        .iter()
        .find(|i| i.seat != FACILITATOR && !team.seats.contains(&i.seat))
    {
        return Err(format!(
            "an order at {} from `{}`, a seat team `{}` does not hold",
            i.at, i.seat, team.id
        ));
    }
    let Some(mode) = round.mode(session.mode) else {
        return Err(format!(
            "a {} session, which this round does not allow",
            session.mode.name()
        ));
    };
    check_pace(rec, s.meta.tick_s, mode)?;
    match &rec.end {
        None => return Err("the exercise did not run to its end".into()),
        Some(e) if e.tick < s.meta.ticks() => {
            return Err(format!(
                "the exercise did not run to its end: the recording ends at {}",
                hms(e.tick.saturating_mul(s.meta.tick_s))
            ));
        }
        Some(_) => {}
    }
    Ok(())
}

/// The wall clock may never go backwards; a live session may not run faster than
/// the round's `max_speed` (beyond [`PACE_SLACK_S`]) nor take longer than `max_wall`.
pub fn check_pace(rec: &Recording, tick_s: u64, mode: Mode) -> Result<(), String> {
    if rec.pace.is_empty() {
        return Err("no pace frames: not written by an official session".into());
    }
    for w in rec.pace.windows(2) {
        if w[1].wall_ms < w[0].wall_ms || w[1].tick < w[0].tick {
            return Err(format!(
                "the session's clock goes backwards at tick {} ({} ms after {} ms)",
                w[1].tick, w[1].wall_ms, w[0].wall_ms
            ));
        }
    }
    if let Mode::Live {
        max_speed,
        max_wall_s,
    } = mode
    {
        for p in &rec.pace {
            let sim_s = p.tick.saturating_sub(1) * tick_s;
            let allowed = max_speed * p.wall_ms as f64 / 1000.0 + PACE_SLACK_S as f64;
            if sim_s as f64 > allowed {
                let wall_s = p.wall_ms as f64 / 1000.0;
                return Err(format!(
                    "too fast for a live session: {} simulated in {:.1} s of wall clock ({:.0}× real time; the round allows at most {max_speed}×)",
                    hms(sim_s),
                    wall_s,
                    sim_s as f64 / wall_s.max(1e-3)
                ));
            }
        }
        if let (Some(max), Some(last)) = (max_wall_s, rec.pace.last())
            && last.wall_ms / 1000 > max
        {
            return Err(format!(
                "the live session took {} of wall clock; the round allows {}",
                hms(last.wall_ms / 1000),
                hms(max)
            ));
        }
    }
    Ok(())
}

fn short(h: &str) -> &str {
    &h[..12.min(h.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::ObjectiveScore;

    fn objective(id: &str, points: f64, max_points: f64, rating: Rating) -> ObjectiveScore {
        ObjectiveScore {
            id: id.into(),
            title: id.into(),
            capability: String::new(),
            target: String::new(),
            value: String::new(),
            measured: None,
            met: rating == Rating::P,
            rating,
            points,
            max_points,
            critical_path: Vec::new(),
            undecided_at_s: None,
        }
    }

    fn card(objectives: Vec<ObjectiveScore>) -> Scorecard {
        Scorecard {
            scenario: "t".into(),
            total: objectives.iter().map(|o| o.points).sum(),
            max_total: objectives.iter().map(|o| o.max_points).sum(),
            objectives,
            seats: Vec::new(),
        }
    }

    fn entry(team: &str, total: f64, casualties: u32, submitted: u64) -> Entry {
        Entry {
            rank: 0,
            team: team.into(),
            team_name: team.into(),
            file: PathBuf::from(format!("{team}.rec")),
            mode: SessionMode::OrdersFile,
            objectives: Vec::new(),
            weighted_points: total,
            max_weighted_points: 100.0,
            authority_violations: Vec::new(),
            late_orders: Vec::new(),
            penalty: 0.0,
            total,
            casualties,
            people_exposed: 0,
            last_warning_ack_s: None,
            objectives_met: 0,
            submitted_unix_ms: submitted,
            behind_on: None,
            judge_ms: 0,
            card: card(Vec::new()),
        }
    }

    #[test]
    fn weights_multiply_points_and_default_to_one() {
        let c = card(vec![
            objective("O1", 6.67, 10.0, Rating::S),
            objective("O2", 10.0, 10.0, Rating::P),
            objective("O3", 3.33, 10.0, Rating::M),
        ]);
        let w = BTreeMap::from([("O1".to_string(), 2.0), ("O3".to_string(), 1.5)]);
        let (objs, sum, max) = weigh(&w, &c);
        let weighted: Vec<f64> = objs.iter().map(|o| o.weighted).collect();
        assert_eq!(weighted, vec![13.34, 10.0, 5.0]);
        assert_eq!(sum, 28.34);
        assert_eq!(max, 45.0);
    }

    #[test]
    fn a_scenario_without_objectives_weighs_zero_not_minus_zero() {
        let (objs, sum, max) = weigh(&BTreeMap::new(), &card(Vec::new()));
        assert!(objs.is_empty());
        assert_eq!(format!("{sum:.2} {max:.2}"), "0.00 0.00");
    }

    #[test]
    fn ties_break_in_the_rounds_order_and_equal_entries_share_a_place() {
        let mut es = vec![
            entry("a", 30.0, 5, 300),
            entry("b", 30.0, 2, 400),
            entry("c", 41.5, 9, 500),
            entry("d", 30.0, 2, 100),
            entry("e", 12.0, 0, 50),
        ];
        rank(
            &[TieBreak::FewerCasualties, TieBreak::EarlierSubmission],
            &mut es,
        );
        let order: Vec<(&str, usize)> = es.iter().map(|e| (e.team.as_str(), e.rank)).collect();
        assert_eq!(
            order,
            vec![("c", 1), ("d", 2), ("b", 3), ("a", 4), ("e", 5)]
        );
        assert_eq!(es[2].behind_on.as_deref(), Some("submitted earlier"));
        assert_eq!(es[3].behind_on.as_deref(), Some("fewer casualties"));
        assert_eq!(es[4].behind_on, None);
        // without tie-breaks equal totals share a place, listed by team
        rank(&[], &mut es);
        let order: Vec<(&str, usize)> = es.iter().map(|e| (e.team.as_str(), e.rank)).collect();
        assert_eq!(
            order,
            vec![("c", 1), ("a", 2), ("b", 2), ("d", 2), ("e", 5)]
        );
    }
}
