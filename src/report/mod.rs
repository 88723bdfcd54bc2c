//! After-action reports (HSEEP AAR/IP): one self-contained HTML file from one or more
//! recordings of the same scenario, with the scorecard, a swimlane timeline, SVG
//! charts, PNG maps of the hazard and the units at key moments, strengths, areas for
//! improvement and an improvement plan; optionally CSV metrics and events, and the
//! warnings as OASIS CAP 1.2 messages.
//!
//! Each recording is re-simulated once; while it runs the state is sampled every few
//! ticks (hazard extent, people exposed as the scorecard counts them, people not yet
//! evacuated at the places the hazard reaches in that run), each unit's position is
//! kept after every tick, and maps are drawn at the end of the run and when the
//! hazard first reaches a place (a single-run report also at 25 % and 50 %).

pub mod acks;
pub mod cap;
pub mod cap_area;
pub mod charts;
pub mod csv;
pub mod findings;
pub mod front;
pub mod html;
pub mod i18n;
pub mod map;
pub mod map_overlay;
pub mod palette;
pub mod timeline;
pub mod where_time_went;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::record::{self, Recording, replay};
use crate::scenario::{MemberKind, Scenario};
use crate::scoring::Scorecard;
use crate::sim::Engine;
use crate::sim::events::{Event, EventKind};
use crate::sim::hazards::HazardState;

/// Samples taken over a run (about this many).
pub const SAMPLES: u64 = 144;

/// The state at one sampled moment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sample {
    /// Time, s.
    pub t_s: u64,
    /// Area burnt, ha.
    pub burnt_ha: f64,
    /// Cells flooded deeper than 0.15 m.
    pub flooded_cells: usize,
    /// Cells at AEGL-2 or worse.
    pub toxic_cells: usize,
    /// People exposed so far, counted as the scorecard counts them (the sum of
    /// `PeopleExposed` events up to this moment); at the end of the run it equals the
    /// scorecard's "people exposed".
    pub people_exposed: u32,
    /// People neither evacuating nor sheltering at places the hazard reaches at some
    /// moment of this run (places it never reaches — the other bank, upwind — are not
    /// at risk and are not counted).
    pub people_not_evacuated: u32,
}

/// Why a map was drawn at its moment.
#[derive(Debug, Clone, PartialEq)]
pub enum MapMoment {
    /// A share of the run, per cent (25, 50).
    Share(u8),
    /// The end of the run.
    End,
    /// The hazard first reached a place.
    FirstReached {
        /// `flood`, `forest_fire` or `chemical_leak`.
        hazard: String,
        /// The place's name.
        place: String,
        /// When, s from the start (the map is drawn at the end of the step it
        /// happened in, up to a minute later).
        at_s: u64,
    },
}

/// A map drawn at a moment.
#[derive(Debug, Clone)]
pub struct MapImage {
    /// What moment, in words (English).
    pub caption: String,
    /// Why it was drawn (for the caption in the report's language).
    pub moments: Vec<MapMoment>,
    /// Time, s.
    pub t_s: u64,
    /// PNG bytes.
    pub png: Vec<u8>,
}

/// Where a unit was over a run: its position after every tick, with the points in the
/// middle of a straight stretch dropped (a vertex where it turned, stopped or set off),
/// so a unit that never left its depot has one point.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitTrack {
    /// Unit id.
    pub unit: String,
    /// (time s, x m east, y m south of the grid's north-west corner), in time order.
    pub points: Vec<(u64, f64, f64)>,
}

impl UnitTrack {
    /// The points up to and including second `t_s`.
    pub fn up_to(&self, t_s: u64) -> &[(u64, f64, f64)] {
        let n = self.points.partition_point(|p| p.0 <= t_s);
        &self.points[..n]
    }
}

/// One run (a recording or the plan baseline), re-simulated and measured.
#[derive(Debug, Clone)]
pub struct Run {
    /// Label: the recording's file name or "Plan baseline".
    pub label: String,
    /// The recording file, if any.
    pub path: Option<PathBuf>,
    /// Seed.
    pub seed: u64,
    /// The team's seats: those that gave at least one input, and those people were
    /// seated at (`SetSeatMode { human: true }`); never the facilitator.
    pub player_seats: BTreeSet<String>,
    /// The event log.
    pub events: Vec<Event>,
    /// Scorecard.
    pub card: Scorecard,
    /// Sampled state.
    pub samples: Vec<Sample>,
    /// Maps.
    pub maps: Vec<MapImage>,
    /// Last tick run.
    pub last_tick: u64,
    /// Damage note, if the recording was damaged.
    pub damage: Option<String>,
    /// The CAP `polygon` of each warning whose hazard held an area when it was
    /// issued, keyed by the warning's index in [`Run::events`] (empty without a CRS;
    /// see [`cap_area`]).
    pub alert_polygons: std::collections::BTreeMap<usize, String>,
    /// Each unit's track (see [`UnitTrack`]), in the scenario's order of units.
    pub tracks: Vec<UnitTrack>,
    /// Version of the flood model's face update the run was simulated with.
    pub flood_kernel: u32,
}

impl Run {
    /// Whether this run is the plan baseline (no recording).
    pub fn is_baseline(&self) -> bool {
        self.path.is_none()
    }
}

/// Everything a report is made from.
#[derive(Debug, Clone)]
pub struct Report {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// The runs: each recording in order, then the plan baseline when comparing.
    pub runs: Vec<Run>,
    /// The language the report is written in. Set it with [`Report::set_lang`], which
    /// also says the plan baseline's label in that language.
    pub lang: i18n::Lang,
    /// What the reader of a comparison should know and the report does not show, one
    /// sentence each (the command line prints them as warnings): recordings of a flood
    /// made with different flood kernel versions.
    pub warnings: Vec<String>,
}

impl Report {
    /// Writes the report in `lang`: the plan baseline, still under its own label
    /// ("Plan baseline" in either language, not a name given with `--name`), is
    /// labelled in `lang` too, as every other word the report itself says.
    pub fn set_lang(&mut self, lang: i18n::Lang) {
        let own = |l| i18n::l(l, "Plan baseline");
        let baseline_labels = [own(i18n::Lang::En), own(i18n::Lang::Zh)];
        for r in self.runs.iter_mut().filter(|r| r.is_baseline()) {
            if baseline_labels.contains(&r.label.as_str()) {
                r.label = own(lang).to_string();
            }
        }
        self.lang = lang;
    }

    /// Whether the report compares runs (several recordings and the plan baseline).
    pub fn is_comparison(&self) -> bool {
        self.runs.len() > 1
    }
}

/// The maps a run gets: at 25 % and 50 % of the run as well as at its end and when the
/// hazard first reached a place (a single-run report), or only the latter two (a
/// comparison shows no others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapSet {
    /// Every moment.
    All,
    /// The end and the first place reached.
    Comparison,
}

/// Re-simulate an engine to `last`, sampling and drawing the maps of `map_set` on the
/// way.
#[allow(clippy::too_many_arguments)] // a run's identity, its engine and what to draw
fn measure(
    s: &Scenario,
    mut e: Engine,
    label: String,
    path: Option<PathBuf>,
    seed: u64,
    player_seats: BTreeSet<String>,
    last: u64,
    map_set: MapSet,
) -> Run {
    let every = (last / SAMPLES).max(1);
    let shade = map::hillshade(s);
    let mut samples: Vec<Sample> = Vec::new();
    // people not evacuated per place at each sample, summed over the places at risk
    // once the run shows which places the hazard reaches
    let mut not_evacuated: Vec<Vec<u32>> = Vec::new();
    let mut maps = Vec::new();
    let mut marks: Vec<(u64, &str, MapMoment)> = match map_set {
        MapSet::All => vec![
            (last / 4, "25 % of the run", MapMoment::Share(25)),
            (last / 2, "50 % of the run", MapMoment::Share(50)),
            (last, "end of the run", MapMoment::End),
        ],
        MapSet::Comparison => vec![(last, "end of the run", MapMoment::End)],
    };
    marks.dedup_by_key(|m| m.0);
    let mut reached_drawn = false;
    let mut alert_polygons = std::collections::BTreeMap::new();
    // one track per unit of the scenario, indexed as the engine numbers its units
    let mut tracks: Vec<UnitTrack> = s
        .org
        .units
        .iter()
        .map(|u| UnitTrack {
            unit: s.org.member(u.member).id.clone(),
            points: Vec::new(),
        })
        .collect();
    let mut tick = 0u64;
    loop {
        // step by step (as `run_through` does) to see each warning's hazard as it is
        // issued
        while !e.finished() && e.clock().tick <= tick {
            let from = e.events().len();
            e.step();
            cap_area::capture(s, &e, from, &mut alert_polygons);
            record_positions(&mut e, &mut tracks);
        }
        let v = replay::state_view(s, &mut e);
        let mut smp = Sample {
            t_s: v.t_s,
            burnt_ha: v.hazard.burnt_ha,
            flooded_cells: v.hazard.flooded_cells,
            toxic_cells: v.hazard.toxic_cells,
            ..Sample::default()
        };
        smp.people_exposed = crate::sim::events::sum_counts(e.events(), |k| match k {
            EventKind::PeopleExposed { people, .. } => Some(*people),
            _ => None,
        });
        not_evacuated.push(
            s.places
                .iter()
                .zip(&v.places)
                .map(|(p, pv)| {
                    if p.population > 0 && !pv.evacuating && !pv.sheltering {
                        pv.people
                    } else {
                        0
                    }
                })
                .collect::<Vec<u32>>(),
        );
        samples.push(smp);
        let mut captions: Vec<String> = marks
            .iter()
            .filter(|(t, _, _)| *t == tick)
            .map(|(_, c, _)| c.to_string())
            .collect();
        let mut moments: Vec<MapMoment> = marks
            .iter()
            .filter(|(t, _, _)| *t == tick)
            .map(|(_, _, m)| m.clone())
            .collect();
        if !reached_drawn
            && let Some(ev) = e
                .events()
                .iter()
                // a place where people live (the cascade's first was the levee, a
                // landmark, where its breach opened)
                .find(|ev| match &ev.kind {
                    EventKind::PlaceReached { place, .. } => s
                        .place(place)
                        .is_some_and(|p| s.places[p.0 as usize].population > 0),
                    _ => false,
                })
        {
            reached_drawn = true;
            if let EventKind::PlaceReached { place, hazard, .. } = &ev.kind {
                let name = s
                    .place(place)
                    .map(|p| s.places[p.0 as usize].name.clone())
                    .unwrap_or_else(|| place.clone());
                captions.insert(
                    0,
                    format!(
                        "{} first reached {} ({})",
                        hazard.replace('_', " "),
                        name,
                        crate::time::hms(ev.t_s)
                    ),
                );
                moments.insert(
                    0,
                    MapMoment::FirstReached {
                        hazard: hazard.clone(),
                        place: name,
                        at_s: ev.t_s,
                    },
                );
            }
        }
        if !captions.is_empty() {
            let w = e.world_mut();
            let png = map::render(
                s,
                &shade,
                w.resource::<HazardState>(),
                &w.resource::<crate::sim::Roads>().0,
                &v.units,
                v.t_s,
            );
            maps.push(MapImage {
                caption: captions.join("; "),
                moments,
                t_s: v.t_s,
                png,
            });
        }
        if tick >= last || e.finished() {
            break;
        }
        // next stop: the next sample or map moment
        let mut next = (tick + every).min(last);
        for (t, _, _) in &marks {
            if *t > tick && *t < next {
                next = *t;
            }
        }
        tick = next;
    }
    maps.sort_by_key(|m| m.t_s);
    let events = e.events().to_vec();
    let at_risk: BTreeSet<usize> = events
        .iter()
        .filter_map(|ev| match &ev.kind {
            EventKind::PlaceReached { place, .. } => s.place(place).map(|p| p.0 as usize),
            _ => None,
        })
        .collect();
    for (smp, per_place) in samples.iter_mut().zip(&not_evacuated) {
        smp.people_not_evacuated = at_risk.iter().filter_map(|&p| per_place.get(p)).sum();
    }
    let mut card = crate::scoring::score(s, &events);
    // a recording that stops before the end: what it had not decided is not rated
    crate::scoring::live::mark_undecided(&mut card, s, &e);
    let card = named(s, card);
    let flood_kernel = e.flood_kernel();
    Run {
        label,
        path,
        seed,
        player_seats,
        events,
        card,
        samples,
        maps,
        last_tick: last,
        damage: None,
        alert_polygons,
        tracks,
        flood_kernel,
    }
}

/// The scorecard with the scenario's names in place of ids in its targets, measured
/// values and critical paths ([`crate::scenario::names::names_for_ids`]): a report
/// is read by people.
fn named(s: &Scenario, mut card: Scorecard) -> Scorecard {
    let n = |x: &str| crate::scenario::names::names_for_ids(s, x);
    for o in &mut card.objectives {
        o.target = n(&o.target);
        o.value = n(&o.value);
        for c in &mut o.critical_path {
            *c = n(c);
        }
    }
    card
}

/// Add each unit's position after the tick just run to its track (`tracks` indexed
/// by the unit's number).
fn record_positions(e: &mut Engine, tracks: &mut [UnitTrack]) {
    let clock = e.clock();
    let t_s = clock.tick.saturating_sub(1) * clock.tick_s;
    let w = e.world_mut();
    for (u, st) in w
        .query::<(&crate::sim::units::Unit, &crate::sim::units::UnitState)>()
        .iter(w)
    {
        if let Some(tr) = tracks.get_mut(u.0.0 as usize) {
            extend_track(&mut tr.points, (t_s, st.pos_m.0, st.pos_m.1));
        }
    }
}

/// Append `p` to a track: nothing when the unit has not moved; the last point moved to
/// `p` when the last two points and `p` lie on one line in one direction (within
/// 0.5 m); otherwise a new vertex.
fn extend_track(pts: &mut Vec<(u64, f64, f64)>, p: (u64, f64, f64)) {
    if let Some(b) = pts.last()
        && (b.1 - p.1).abs() < 0.05
        && (b.2 - p.2).abs() < 0.05
    {
        return;
    }
    if pts.len() >= 2 {
        let a = pts[pts.len() - 2];
        let b = pts[pts.len() - 1];
        let (ux, uy) = (b.1 - a.1, b.2 - a.2);
        let (vx, vy) = (p.1 - a.1, p.2 - a.2);
        let len = (ux * ux + uy * uy).sqrt();
        // distance of p from the line a→b, and p beyond b along it
        let off = if len > 0.0 {
            (ux * vy - uy * vx).abs() / len
        } else {
            f64::INFINITY
        };
        let along = ux * vx + uy * vy;
        if off < 0.5 && along >= len * len {
            let n = pts.len();
            pts[n - 1] = p;
            return;
        }
    }
    pts.push(p);
}

/// Re-simulate one recording and measure it, drawing the maps of `map_set`.
pub fn run_recording(
    path: &Path,
    rec: &Recording,
    map_set: MapSet,
) -> Result<(Arc<Scenario>, Run), String> {
    let (s, e) = replay::rebuild(rec)?;
    let last = replay::last_tick(rec, &s);
    // the team's seats: those that gave inputs, and those people were seated at
    let seats = rec
        .inputs
        .iter()
        .map(|i| match &i.order {
            crate::order::Order::SetSeatMode { seat, human: true } => seat.clone(),
            _ => i.seat.clone(),
        })
        .chain(rec.header.held_seats.iter().cloned())
        .filter(|x| x != crate::order::FACILITATOR)
        .collect();
    // the team's name: the competition session's team (its name as the round gives
    // it; older recordings carry the id alone), else the file name (the command
    // line's `--name` overrides either)
    let label = match &rec.header.session {
        Some(sess) if !sess.team_name.is_empty() => sess.team_name.clone(),
        Some(sess) if !sess.team.is_empty() => sess.team.clone(),
        _ => path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
    };
    let mut run = measure(
        &s,
        e,
        label,
        Some(path.to_path_buf()),
        rec.header.seed,
        seats,
        last,
        map_set,
    );
    // damaged, or without its end frame (a crash): a run stopped with --until has
    // its end frame
    run.damage = crate::record::partial_note(rec, "used");
    Ok((s, run))
}

/// The plan alone on a seed, to `last`, with the flood kernel `flood_kernel` (that of
/// the recordings it stands beside; for a comparison: its maps are those of
/// [`MapSet::Comparison`]).
pub fn run_baseline(
    s: &Arc<Scenario>,
    seed: u64,
    flood_kernel: u32,
    last: u64,
) -> Result<Run, String> {
    let mut e = Engine::new(s.clone(), seed, Vec::new())?;
    e.set_flood_kernel(flood_kernel)?;
    Ok(measure(
        s,
        e,
        "Plan baseline".into(),
        None,
        seed,
        BTreeSet::new(),
        last,
        MapSet::Comparison,
    ))
}

/// Read recordings and build the report data: refuses recordings of different
/// scenarios; with more than one recording adds the plan baseline.
pub fn build(paths: &[PathBuf]) -> Result<Report, String> {
    if paths.is_empty() {
        return Err("no recordings given".into());
    }
    // one file named twice would be two teams of the same name
    for (i, p) in paths.iter().enumerate() {
        if let Ok(id) = std::fs::canonicalize(p)
            && let Some(q) = paths[..i]
                .iter()
                .find(|q| std::fs::canonicalize(q).is_ok_and(|c| c == id))
        {
            return Err(format!(
                "{} is given twice (also as {}): each recording is one team of the comparison",
                p.display(),
                q.display()
            ));
        }
    }
    let recs: Vec<Recording> = paths
        .iter()
        .map(|p| record::read(p))
        .collect::<Result<_, _>>()?;
    let first = &recs[0].header;
    // compared by the text's hash with normalised line ends, so that recordings of
    // one scenario saved on Windows and on Linux compare (also ones recorded before
    // the hash was normalised)
    let first_hash = crate::scenario::text_hash(&first.scenario_text);
    for (p, r) in paths.iter().zip(&recs).skip(1) {
        if crate::scenario::text_hash(&r.header.scenario_text) != first_hash {
            return Err(format!(
                "{} is a recording of a different scenario (\"{}\", hash {}) than {} (\"{}\", hash {}); a comparison report needs recordings of the same scenario",
                p.display(),
                r.header.scenario_name,
                &r.header.scenario_hash[..12.min(r.header.scenario_hash.len())],
                paths[0].display(),
                first.scenario_name,
                &first.scenario_hash[..12.min(first.scenario_hash.len())],
            ));
        }
    }
    // every recording's flood kernel must be one this build runs: said before any
    // re-simulation, naming the file
    for (p, r) in paths.iter().zip(&recs) {
        crate::hazard::flood::check_kernel(r.header.flood_kernel)
            .map_err(|e| format!("{}: {e}", p.display()))?;
    }
    // the plan baseline runs the newest version among the recordings, whatever their
    // order; where they differ on a flood, the reader is told
    let baseline_kernel = recs
        .iter()
        .map(|r| r.header.flood_kernel)
        .max()
        .unwrap_or(crate::hazard::flood::CURRENT_KERNEL);
    let map_set = if paths.len() > 1 {
        MapSet::Comparison
    } else {
        MapSet::All
    };
    let mut scenario = None;
    let mut runs = Vec::new();
    for (p, r) in paths.iter().zip(&recs) {
        let (s, run) = run_recording(p, r, map_set)?;
        scenario.get_or_insert(s);
        runs.push(run);
    }
    let scenario = scenario.ok_or("no recordings")?;
    if runs.len() > 1 {
        let last = runs.iter().map(|r| r.last_tick).max().unwrap_or(0);
        runs.push(run_baseline(&scenario, first.seed, baseline_kernel, last)?);
    }
    let mut warnings = Vec::new();
    // runs of different lengths: what one did after another stopped is not a
    // difference between the teams
    let recorded: Vec<&Run> = runs.iter().filter(|r| !r.is_baseline()).collect();
    let longest = recorded.iter().map(|r| r.last_tick).max().unwrap_or(0);
    for r in recorded.iter().filter(|r| r.last_tick < longest) {
        warnings.push(format!(
            "{} stops at {}, before the other recordings (up to {}): what they did after that is not something it failed to do",
            r.label,
            crate::time::hms(r.last_tick * scenario.meta.tick_s),
            crate::time::hms(longest * scenario.meta.tick_s)
        ));
    }
    let mixed = recs
        .iter()
        .any(|r| r.header.flood_kernel != baseline_kernel);
    if mixed && scenario.hazards.flood.is_some() {
        let list = paths
            .iter()
            .zip(&recs)
            .map(|(p, r)| format!("{} version {}", p.display(), r.header.flood_kernel))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(format!(
            "the recordings were made with different flood kernel versions ({list}): their \
             floods differ in the bits, and a flood's timing can move by minutes between \
             versions; the plan baseline runs version {baseline_kernel}"
        ));
    }
    if recs.iter().any(|r| r.header.seed != first.seed) {
        let list = paths
            .iter()
            .zip(&recs)
            .map(|(p, r)| format!("{} seed {}", p.display(), r.header.seed))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(format!(
            "the recordings were made with different seeds ({list}): the differences between them are partly the seed's (the plan's delays, the weather's draws), not the teams'; the plan baseline runs seed {} (the first recording's)",
            first.seed
        ));
    }
    // the same exercise under two names: same seed, inputs and end
    let same = |a: &Recording, b: &Recording| {
        a.header.seed == b.header.seed
            && a.end.as_ref().map(|e| &e.checksum) == b.end.as_ref().map(|e| &e.checksum)
            && a.checksums.last().map(|c| &c.checksum) == b.checksums.last().map(|c| &c.checksum)
            && serde_json::to_string(&a.inputs).ok() == serde_json::to_string(&b.inputs).ok()
    };
    for i in 1..recs.len() {
        if let Some(j) = (0..i).find(|&j| same(&recs[i], &recs[j])) {
            warnings.push(format!(
                "{} and {} hold the same exercise (the same seed, orders and final state): the comparison shows one team twice",
                paths[j].display(),
                paths[i].display()
            ));
        }
    }
    Ok(Report {
        scenario,
        runs,
        lang: i18n::Lang::En,
        warnings,
    })
}

/// Whether two boxes `[x0, y0, x1, y1]` (px, in any number type) overlap; boxes that
/// only touch do not. The timeline's labels and the dot plot's counts are placed with
/// it.
pub(crate) fn boxes_overlap<T: PartialOrd>(a: &[T; 4], b: &[T; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Command posts of the scenario, in scenario order: (id, name).
pub fn command_posts(s: &Scenario) -> Vec<(String, String)> {
    s.org
        .members
        .iter()
        .filter(|m| matches!(m.kind, MemberKind::Command { .. }))
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect()
}

/// The command post a unit answers to.
pub fn unit_commander(s: &Scenario, unit: &str) -> Option<String> {
    let m = s.org.find(unit)?;
    let p = s.org.member(m).parent?;
    Some(s.org.member(p).id.clone())
}

/// The `event` tag of an event (`warning_issued`, …).
pub fn kind_name(e: &Event) -> String {
    serde_json::to_value(&e.kind)
        .ok()
        .and_then(|v| v.get("event").and_then(|x| x.as_str()).map(String::from))
        .unwrap_or_default()
}

/// Write the report and the optional CSV and CAP files, each whole or not at all
/// ([`crate::output::write`]); `force` replaces existing ones (never a recording or
/// a key).
pub fn write_all(
    report: &Report,
    out: &Path,
    csv_dir: Option<&Path>,
    cap_dir: Option<&Path>,
    force: bool,
) -> Result<(), String> {
    if let Some(d) = cap_dir {
        // the CAP files' names depend on the runs: check them before writing anything
        cap::check(report, d, force)?;
    }
    let page = html::render(report);
    // the folders first: a folder that cannot be written (read-only, /sys) fails
    // the command before the report page is left behind as if all went well
    if let Some(d) = csv_dir {
        csv::write(report, d, force)?;
    }
    if let Some(d) = cap_dir {
        cap::write(report, d, force)?;
    }
    crate::output::write(
        out,
        page.as_bytes(),
        crate::output::Kind::Ordinary("report"),
        force,
    )
}
