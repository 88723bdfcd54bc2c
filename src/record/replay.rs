//! Re-running a recording: rebuild the scenario from the embedded text and files,
//! feed the recorded inputs with the recorded seed, and compare every checksum and
//! every snapshot with the re-simulated state; or stop at a time and describe the
//! state there.
//!
//! Nothing a recording says about the state is shown without being re-simulated:
//! [`seek`] steps a fresh engine from the start (or from a state this process
//! re-simulated before, kept in [`Recording::seen`]) and never restores a snapshot
//! read from the file; [`verify`] compares each recorded snapshot with the state it
//! should be. No path written in a recording is opened, except the scenario path of
//! a format-1 recording under the conditions of [`rebuild`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::{Recording, SnapshotFrame, embed};
use crate::scenario::{self, LayerFiles, MemberKind, Scenario};
use crate::sim::command::CommandState;
use crate::sim::comms::Comms;
use crate::sim::hazards::HazardState;
use crate::sim::units::{Unit, UnitState};
use crate::sim::{Engine, Roads, Snapshot};

/// File extensions a format-1 recording's layer files may have: what scenarios
/// name (ESRI ASCII grids, GeoJSON road networks).
pub const V1_LAYER_EXTENSIONS: &[&str] = &["asc", "geojson", "json"];

/// Where the files of a recording's scenario come from.
///
/// - Format 2 on: the files embedded in the recording, and nothing else; the disk is
///   never read.
/// - Format 1 (no embedded files): the folder of the scenario path in the header,
///   but only when that path names a regular `.ron` file whose text has the
///   header's scenario hash — the very scenario the exercise ran — and then only
///   `.asc`, `.geojson` and `.json` files inside that folder (links followed, never
///   outside it). Otherwise no file is read and validation says why.
pub fn layer_files(rec: &Recording) -> LayerFiles {
    let h = &rec.header;
    if h.format_version >= 2 {
        return LayerFiles::given(
            &rec.files,
            "the recording does not hold it (its file frame is missing or damaged)",
        );
    }
    match v1_folder(h) {
        Ok(dir) => LayerFiles::Folder {
            dir,
            extensions: Some(V1_LAYER_EXTENSIONS),
        },
        Err(why) => LayerFiles::Given {
            files: BTreeMap::new(),
            missing: format!(
                "this recording is of format 1, which does not embed the files its scenario read, and {why}"
            ),
        },
    }
}

/// The scenario folder of a format-1 recording, if its recorded scenario path still
/// holds the scenario the exercise ran (see [`layer_files`]).
fn v1_folder(h: &super::Header) -> Result<PathBuf, String> {
    let p = &h.scenario_path;
    let shown = p.display();
    if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")) {
        return Err(format!(
            "its recorded scenario path {shown} does not name a .ron scenario file"
        ));
    }
    let real = std::fs::canonicalize(p)
        .map_err(|_| format!("its scenario {shown} is not found beside it"))?;
    if !real
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return Err(format!(
            "its scenario path {shown} links to a file that is not a .ron scenario"
        ));
    }
    let bytes = crate::source::read_bytes(&real, super::MAX_FRAME as u64)
        .map_err(|e| format!("its scenario {shown} cannot be read: {e}"))?;
    let text = crate::source::text_from_bytes(bytes)
        .map_err(|e| format!("its scenario {shown} cannot be read: {e}"))?;
    use sha2::Digest;
    let same = [
        text.as_str(),
        crate::source::normalized_newlines(&text).as_ref(),
    ]
    .iter()
    .any(|t| scenario::hex(&sha2::Sha256::digest(t.as_bytes())) == h.scenario_hash);
    if !same {
        return Err(format!(
            "{shown} now holds another scenario (its hash differs), so its folder is not the one the exercise used"
        ));
    }
    real.parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("{shown} has no folder"))
}

/// The scenario of a recording: its embedded text validated with its files (see
/// [`layer_files`]), checked against the header's scenario and layers hashes.
pub fn scenario_of(rec: &Recording) -> Result<Arc<Scenario>, String> {
    let h = &rec.header;
    let s = scenario::from_parts(
        Path::new(&h.scenario_path),
        &h.scenario_text,
        layer_files(rec),
    )
    .map_err(|d| {
        // a damaged file frame is the likely cause: say where the damage is first
        let damage = rec.damage.as_ref().map_or(String::new(), |dm| {
            format!(
                "the recording is damaged at byte {} (frame {}): {}; ",
                dm.offset, dm.frame, dm.reason
            )
        });
        format!(
            "{damage}the embedded scenario does not validate:\n{}",
            crate::scenario::diag::render_diags(&d)
        )
    })?;
    if !s.source.matches_hash(&h.scenario_hash) {
        return Err(format!(
            "the embedded scenario's hash {} does not match the header's {}: the recording was edited",
            s.source.hash, h.scenario_hash
        ));
    }
    let lh = super::layers_hash(&s);
    if lh != h.layers_hash {
        return Err(if h.format_version >= 2 {
            format!(
                "the embedded files do not give the layers the header describes (layers hash {} ≠ {}): the recording was edited",
                &lh[..12],
                &h.layers_hash[..12.min(h.layers_hash.len())]
            )
        } else {
            format!(
                "the layer files beside {} have changed since the exercise was recorded (layers hash {} ≠ {})",
                h.scenario_path.display(),
                &lh[..12],
                &h.layers_hash[..12.min(h.layers_hash.len())]
            )
        });
    }
    Ok(Arc::new(s))
}

/// Rebuild the scenario and a fresh engine for a recording (the scenario as
/// [`scenario_of`] gives it; the recorded seed, inputs and held seats).
pub fn rebuild(rec: &Recording) -> Result<(Arc<Scenario>, Engine), String> {
    let s = scenario_of(rec)?;
    let e = engine_for(rec, &s)?;
    Ok((s, e))
}

fn engine_for(rec: &Recording, s: &Arc<Scenario>) -> Result<Engine, String> {
    let h = &rec.header;
    let mut e = Engine::new(s.clone(), h.seed, rec.inputs.clone())?;
    if !h.held_seats.is_empty() {
        e.hold_seats(&h.held_seats)?;
    }
    // the recording's own version (refused, with the versions there are, when this
    // build has no such version)
    e.set_flood_kernel(h.flood_kernel)?;
    Ok(e)
}

/// States of a recording's run that this process re-simulated, by the tick after
/// which each was taken (deflated postcard). Shared between clones of a
/// [`Recording`]; filled by [`seek`], never from the file.
#[derive(Clone, Default)]
pub struct SeenStates(Arc<Mutex<BTreeMap<u64, Arc<Vec<u8>>>>>);

impl std::fmt::Debug for SeenStates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "SeenStates({n} states)")
    }
}

impl SeenStates {
    fn latest_at_or_before(&self, tick: u64) -> Option<(u64, Arc<Vec<u8>>)> {
        let m = self.0.lock().ok()?;
        m.range(..=tick).next_back().map(|(t, b)| (*t, b.clone()))
    }

    fn keep(&self, tick: u64, e: &mut Engine) {
        if let Ok(bytes) = e.snapshot().to_bytes()
            && let Ok(mut m) = self.0.lock()
        {
            m.insert(tick, Arc::new(bytes));
        }
    }
}

/// An engine at tick `tick` of a recording (the state after that tick ran, or the
/// end of the exercise if it ends before): re-simulated from the start, or from the
/// latest state at or before `tick` that an earlier call re-simulated. On the way a
/// state is kept every `snapshot_every` ticks (120 if the recording has none), so
/// that seeking again is quick. Snapshots read from the file are never restored:
/// what is shown is what the recorded inputs produce.
pub fn seek(rec: &Recording, tick: u64) -> Result<(Arc<Scenario>, Engine), String> {
    let (s, mut e) = rebuild(rec)?;
    if let Some((_, bytes)) = rec.seen.latest_at_or_before(tick) {
        let max = (bytes.len() as u64 + 16).saturating_mul(embed::DEFLATE_MAX_RATIO);
        e.restore(Snapshot::from_bytes(&bytes, max)?)?;
    }
    let every = match rec.header.snapshot_every {
        0 => super::DEFAULT_SNAPSHOT_EVERY,
        n => n,
    };
    loop {
        let next = e.clock().tick;
        if e.finished() || next > tick {
            break;
        }
        let keep_at = next.div_ceil(every).max(1).saturating_mul(every);
        if keep_at > tick {
            e.run_through(tick);
            break;
        }
        e.run_through(keep_at);
        if Some(e.clock().tick) != keep_at.checked_add(1) {
            break;
        }
        rec.seen.keep(keep_at, &mut e);
    }
    Ok((s, e))
}

/// Result of verifying a recording.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Checksums compared and equal.
    pub matched: usize,
    /// Checksums in the recording.
    pub recorded: usize,
    /// First tick whose checksum differs: (tick, recorded, re-simulated).
    pub first_divergence: Option<(u64, String, String)>,
    /// Snapshots compared and equal to the re-simulated state.
    pub snapshots_matched: usize,
    /// Snapshots in the recording.
    pub snapshots_recorded: usize,
    /// First snapshot that is not the re-simulated state: (tick, why).
    pub snapshot_divergence: Option<(u64, String)>,
    /// Whether the end frame (event count and digest, final checksum) matched; `None`
    /// when the recording has no end frame.
    pub end_matched: Option<bool>,
    /// Damage in the file, if any.
    pub damage: Option<super::Damage>,
    /// The last tick up to which everything recorded was re-simulated and matched
    /// (what of the exercise can be recovered from the file).
    pub verified_through_tick: u64,
    /// The same as a time into the exercise, s.
    pub verified_through_s: u64,
    /// Re-simulation speed, as a multiple of real time.
    pub speed_x_real_time: f64,
}

impl Verification {
    /// Whether the recording is intact, complete (it has its end frame) and
    /// reproduces exactly, every checksum and snapshot.
    pub fn ok(&self) -> bool {
        self.first_divergence.is_none()
            && self.snapshot_divergence.is_none()
            && self.damage.is_none()
            && self.end_matched == Some(true)
    }
}

/// Re-simulate and compare every checksum and snapshot.
pub fn verify(rec: &Recording) -> Result<Verification, String> {
    verify_engine(rec).map(|(v, _)| v)
}

/// Re-simulate and compare every checksum and snapshot; also hand back the engine
/// where the comparison stopped (at the end of the exercise when everything
/// matched), so a caller can score the run without simulating it twice.
pub fn verify_engine(rec: &Recording) -> Result<(Verification, Engine), String> {
    let (s, e) = rebuild(rec)?;
    Ok(verify_from(rec, &s, e))
}

/// Whether a recorded snapshot is the engine's state now. The recorded state may
/// inflate to at most the length of the engine's own state.
///
/// The inputs still to come are not compared in full: a live session's snapshot holds
/// those given so far, while a re-simulation has queued every recorded input from the
/// start (they are in the recording's input frames either way). So the recorded
/// pending inputs must be some of the re-simulation's, in the same order, and
/// everything else must be equal byte for byte.
pub fn same_state(e: &mut Engine, frame: &SnapshotFrame) -> Result<(), String> {
    let mut snap = e.snapshot();
    let own = snap.to_postcard()?;
    let n = own.len() as u64;
    if let Some(stated) = frame.state_bytes
        && stated > n
    {
        return Err(format!(
            "it holds a state of {stated} bytes, the re-simulated state has {n}"
        ));
    }
    let raw = embed::inflate_at_most(&frame.deflated, n)
        .map_err(|e| format!("it is not the re-simulated state: {e}"))?;
    if frame
        .state_bytes
        .is_some_and(|stated| stated != raw.len() as u64)
    {
        return Err("it does not hold the length it states".into());
    }
    if raw == own {
        return Ok(());
    }
    let recorded = match Snapshot::from_postcard(&raw) {
        Ok(r) => r,
        Err(e) => return Err(format!("it cannot be read: {e}")),
    };
    // the pending inputs recorded: a subsequence of the re-simulation's
    let bytes = |i: &crate::order::Input| postcard::to_allocvec(i).unwrap_or_default();
    let mut mine = snap.queue.pending.iter().map(bytes);
    let given = recorded.queue.pending.iter().map(bytes);
    let mut subsequence = true;
    for g in given {
        if !mine.any(|m| m == g) {
            subsequence = false;
            break;
        }
    }
    if !subsequence {
        return Err("it holds inputs still to come that the recording does not".into());
    }
    snap.queue.pending = recorded.queue.pending.clone();
    let own = snap.to_postcard()?;
    // format-1 recordings may list a map in another order: compare the state read
    // back and written again
    if raw == own || recorded.to_postcard().is_ok_and(|again| again == own) {
        Ok(())
    } else {
        Err("it holds another state than the re-simulation".into())
    }
}

/// What is compared at one tick.
#[derive(Default)]
struct Due<'a> {
    checksums: Vec<&'a super::Checksum>,
    snapshots: Vec<&'a SnapshotFrame>,
}

/// Compare every checksum and snapshot of `rec` while stepping `e`, a fresh engine
/// for the recording's scenario `s`, seed, inputs and held seats (as [`rebuild`]
/// makes it, or as a judge makes it from the round's own copy of the scenario).
pub fn verify_from(rec: &Recording, s: &Scenario, mut e: Engine) -> (Verification, Engine) {
    let t0 = std::time::Instant::now();
    let mut due: BTreeMap<u64, Due<'_>> = BTreeMap::new();
    for c in &rec.checksums {
        due.entry(c.tick).or_default().checksums.push(c);
    }
    for f in &rec.snapshots {
        due.entry(f.tick).or_default().snapshots.push(f);
    }
    let mut matched = 0;
    let mut snapshots_matched = 0;
    let mut first_divergence = None;
    let mut snapshot_divergence = None;
    let mut verified = 0;
    for (&tick, d) in &due {
        e.run_through(tick);
        if Some(e.clock().tick) != tick.checked_add(1) {
            match d.checksums.first() {
                Some(c) => {
                    first_divergence = Some((
                        tick,
                        c.checksum.clone(),
                        "(the exercise had already ended)".into(),
                    ))
                }
                None => {
                    snapshot_divergence = Some((tick, "it is after the end of the exercise".into()))
                }
            }
            break;
        }
        if !d.checksums.is_empty() {
            let got = e.checksum();
            if let Some(c) = d.checksums.iter().find(|c| c.checksum != got) {
                first_divergence = Some((tick, c.checksum.clone(), got));
                break;
            }
            matched += d.checksums.len();
        }
        if let Some(why) = d.snapshots.iter().find_map(|f| same_state(&mut e, f).err()) {
            snapshot_divergence = Some((tick, why));
            break;
        }
        snapshots_matched += d.snapshots.len();
        verified = tick;
    }
    let mut end_matched = None;
    if first_divergence.is_none()
        && snapshot_divergence.is_none()
        && let Some(end) = &rec.end
    {
        e.run_through(end.tick);
        let ok = super::live::end_frame(&mut e) == *end;
        end_matched = Some(ok);
        if ok {
            verified = verified.max(end.tick);
        }
    }
    let simulated = e.clock().tick.saturating_sub(1) * s.meta.tick_s;
    let wall = t0.elapsed().as_secs_f64().max(1e-9);
    let v = Verification {
        matched,
        recorded: rec.checksums.len(),
        first_divergence,
        snapshots_matched,
        snapshots_recorded: rec.snapshots.len(),
        snapshot_divergence,
        end_matched,
        damage: rec.damage.clone(),
        verified_through_tick: verified,
        verified_through_s: verified.saturating_mul(s.meta.tick_s),
        speed_x_real_time: simulated as f64 / wall,
    };
    (v, e)
}

/// Tick length of a recording's scenario, s (from the embedded text's `meta.tick`,
/// read without validating and without reading any file; 1 if unreadable).
pub fn tick_s(rec: &Recording) -> u64 {
    scenario_tick_s(&rec.header)
}

/// Tick length of the scenario a header embeds, s (its `meta.tick`, parsed as the
/// scenario language parses it, without validating and without reading any file; 1
/// if unreadable).
pub fn scenario_tick_s(h: &super::Header) -> u64 {
    raw_scenario(h).map_or(1, |r| r.meta.tick.0.max(1))
}

/// The scenario a header embeds as written, parsed as the scenario language parses it,
/// without validating and without reading any file; `None` if unreadable.
fn raw_scenario(h: &super::Header) -> Option<crate::scenario::raw::RawScenario> {
    let text = Arc::new(h.scenario_text.clone());
    crate::scenario::diag::Diags::new(Path::new(&h.scenario_path), text)
        .parse::<crate::scenario::raw::RawScenario>()
        .ok()
}

/// The exercise's last tick as the scenario a recording embeds gives it (`meta.duration`
/// over `meta.tick`, parsed without validating or reading any file); `None` if
/// unreadable.
pub fn scenario_ticks(rec: &Recording) -> Option<u64> {
    raw_scenario(&rec.header).map(|r| r.meta.duration.0 / r.meta.tick.0.max(1))
}

/// The last tick a recording covers.
pub fn last_tick(rec: &Recording, s: &Scenario) -> u64 {
    let last = match (&rec.end, &rec.damage) {
        (Some(e), _) => e.tick,
        (None, Some(_)) => rec.checksums.last().map(|c| c.tick).unwrap_or(0),
        (None, None) => rec
            .checksums
            .last()
            .map(|c| c.tick)
            .unwrap_or(s.meta.ticks()),
    };
    // a tick written in the file is no more than the scenario has
    last.min(s.meta.ticks())
}

/// A unit at a moment.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    /// Id.
    pub id: String,
    /// Status.
    pub status: crate::sim::units::UnitStatus,
    /// Task, if any.
    pub task: Option<String>,
    /// Destination place.
    pub destination: Option<String>,
    /// Position, m east and south of the north-west corner.
    pub x_m: f64,
    /// Position, m south.
    pub y_m: f64,
}

/// A place at a moment.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    /// Id.
    pub id: String,
    /// People there.
    pub people: u32,
    /// Warning level given to its households.
    pub warned: Option<String>,
    /// Evacuation under way or done.
    pub evacuating: bool,
    /// Sheltering in place.
    pub sheltering: bool,
    /// Hazards that have reached it.
    pub reached_by: Vec<String>,
    /// Gas dose its people have breathed, mg·min/m³ (with a leak).
    pub dose_mg_min_m3: Option<f64>,
}

/// The exercise at a moment.
#[derive(Debug, Clone, Serialize)]
pub struct StateView {
    /// Time, s.
    pub t_s: u64,
    /// Tick.
    pub tick: u64,
    /// Response level.
    pub response_level: Option<String>,
    /// Units.
    pub units: Vec<UnitView>,
    /// Places.
    pub places: Vec<PlaceView>,
    /// Messages in transit: (id, from, to, next hop, arrival there s).
    pub messages_in_transit: Vec<(u64, String, String, String, u64)>,
    /// Items waiting for acknowledgement: (seat, count).
    pub awaiting_ack: Vec<(String, usize)>,
    /// Cells burning / burnt, flooded (> 0.15 m), at AEGL-2 or worse.
    pub hazard: HazardView,
    /// Road sections closed.
    pub roads_closed: usize,
    /// State checksum.
    pub checksum: String,
}

/// Hazard extent at a moment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HazardView {
    /// Area burnt so far, ha.
    pub burnt_ha: f64,
    /// Cells burning now.
    pub burning_cells: usize,
    /// Flooded cells (deeper than 0.15 m).
    pub flooded_cells: usize,
    /// Deepest water, m.
    pub max_depth_m: f64,
    /// Cells at AEGL-2 or worse.
    pub toxic_cells: usize,
}

/// Describe the engine's state now.
pub fn state_view(s: &Scenario, e: &mut Engine) -> StateView {
    let clock = e.clock();
    let tick = clock.tick.saturating_sub(1);
    let now = tick * clock.tick_s;
    let checksum = e.checksum();
    let w = e.world_mut();
    let mut units: Vec<(Unit, UnitState)> = w
        .query::<(&Unit, &UnitState)>()
        .iter(w)
        .map(|(u, st)| (*u, st.clone()))
        .collect();
    units.sort_by_key(|(u, _)| *u);
    let units = units
        .into_iter()
        .map(|(u, st)| UnitView {
            id: s.org.member(s.org.units[u.0.0 as usize].member).id.clone(),
            status: st.status,
            task: st.task.map(|t| format!("{t:?}")),
            destination: st.dest.map(|d| s.places[d.0 as usize].id.clone()),
            x_m: (st.pos_m.0 * 10.0).round() / 10.0,
            y_m: (st.pos_m.1 * 10.0).round() / 10.0,
        })
        .collect();
    let cmd = w.resource::<CommandState>();
    let hz = w.resource::<HazardState>();
    let places = s
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| PlaceView {
            id: p.id.clone(),
            people: cmd.people_at(i as u32),
            warned: cmd.warned.get(&(i as u32)).map(|l| format!("{l:?}")),
            evacuating: cmd.evacuations.contains_key(&(i as u32)),
            sheltering: cmd.sheltered.contains(&(i as u32)),
            dose_mg_min_m3: hz
                .leak
                .as_ref()
                .and_then(|l| l.doses.get(i))
                .map(|d| (d.exposure_mg_min_m3 * 10.0).round() / 10.0),
            reached_by: hz
                .reached
                .iter()
                .filter(|(q, _)| *q == i as u32)
                .map(|(_, h)| h.to_string())
                .collect(),
        })
        .collect();
    let comms = w.resource::<Comms>();
    let mid = |m: crate::scenario::MemberId| s.org.member(m).id.clone();
    let messages_in_transit = comms
        .in_flight
        .iter()
        .map(|((t, id), m)| (*id, mid(m.from), mid(m.to), mid(m.hop), *t))
        .collect();
    let awaiting_ack = cmd
        .pending
        .iter()
        .filter(|(m, l)| {
            !l.is_empty() && matches!(s.org.member(**m).kind, MemberKind::Command { .. })
        })
        .map(|(m, l)| (mid(*m), l.len()))
        .collect();
    let mut hazard = HazardView::default();
    if let Some(f) = &hz.fire {
        hazard.burnt_ha = f.burnt_area_m2(now as f64) / 1e4;
        hazard.burning_cells = f.burning_cells(now as f64);
    }
    if let Some(f) = &hz.flood {
        let d = f.depths();
        hazard.flooded_cells = d
            .iter()
            .filter(|&&x| x > crate::sim::effects::PLACE_FLOOD_DEPTH_M)
            .count();
        hazard.max_depth_m = (d.iter().fold(0.0f64, |a, &b| a.max(b)) * 100.0).round() / 100.0;
    }
    if let Some(l) = &hz.leak {
        hazard.toxic_cells = (0..s.grid.len()).filter(|&c| l.threat(c).is_some()).count();
    }
    let roads_closed = w
        .resource::<Roads>()
        .0
        .state
        .iter()
        .filter(|st| st.closed_by_order || st.burning || st.water_depth_m > 0.3)
        .count();
    StateView {
        t_s: now,
        tick,
        response_level: cmd.level.map(|l| format!("{l:?}")),
        units,
        places,
        messages_in_transit,
        awaiting_ack,
        hazard,
        roads_closed,
        checksum,
    }
}

impl StateView {
    /// Readable form.
    pub fn render(&self) -> String {
        let mut o = format!(
            "State at {} (tick {}), response level {}\n",
            crate::time::hms(self.t_s),
            self.tick,
            self.response_level.as_deref().unwrap_or("none")
        );
        let h = &self.hazard;
        o.push_str(&format!(
            "Hazard: {:.1} ha burnt, {} cells burning; {} cells flooded (max {:.2} m); {} cells at AEGL-2+; {} road sections closed\n",
            h.burnt_ha, h.burning_cells, h.flooded_cells, h.max_depth_m, h.toxic_cells, self.roads_closed
        ));
        o.push_str("Units:\n");
        for u in &self.units {
            o.push_str(&format!(
                "  {:<14} {:<10} {:<16} {:<14} ({:.0}, {:.0}) m\n",
                u.id,
                format!("{:?}", u.status),
                u.task.as_deref().unwrap_or("-"),
                u.destination.as_deref().unwrap_or("-"),
                u.x_m,
                u.y_m
            ));
        }
        o.push_str("Places:\n");
        for p in &self.places {
            o.push_str(&format!(
                "  {:<16} {:>6} people  warned {:<7} {}{}{}\n",
                p.id,
                p.people,
                p.warned.as_deref().unwrap_or("-"),
                if p.evacuating { "evacuating " } else { "" },
                if p.sheltering { "sheltering " } else { "" },
                if p.reached_by.is_empty() {
                    String::new()
                } else {
                    format!("REACHED by {}", p.reached_by.join(", "))
                }
            ));
        }
        o.push_str(&format!(
            "Messages in transit: {}\n",
            self.messages_in_transit.len()
        ));
        for (id, from, to, hop, t) in &self.messages_in_transit {
            o.push_str(&format!(
                "  #{id} {from} → {to}, next at {hop} at {}\n",
                crate::time::hms(*t)
            ));
        }
        for (seat, n) in &self.awaiting_ack {
            o.push_str(&format!("Awaiting acknowledgement at {seat}: {n}\n"));
        }
        o
    }
}
