//! Recording a run as it happens: the [`Writer`] follows an [`Engine`] as its
//! [`RunObserver`], writing every input when it is queued, a checksum every
//! `checksum_every` ticks, a snapshot every `snapshot_every` ticks and the end frame
//! (then, in an official session, the pace and the signature) when the exercise
//! ends. The methods below add recording to [`Engine`] from this side, so the engine
//! knows nothing of recordings.

use std::path::Path;
use std::sync::Arc;

use super::{Checksum, End, FORMAT_VERSION, Header, Session, Writer, layers_hash, sign};
use crate::order::Input;
use crate::scenario::Scenario;
use crate::sim::events::EventLog;
use crate::sim::observer::RunObserver;
use crate::sim::{Engine, InputQueue, ScenarioRes, Seed};

impl RunObserver for Writer {
    fn input_queued(&mut self, tick: u64, input: &Input) -> Result<(), String> {
        self.input(input)?;
        self.pace(tick)
    }

    /// An end frame at the last tick run (so `replay --verify` verifies the whole file
    /// and calls it complete to there); an official session's recording gets none: it
    /// is signed only when played to the end of the exercise.
    fn stopped_early(&mut self, engine: &mut Engine) -> Result<(), String> {
        if self.is_signed() || engine.clock().tick == 0 {
            return Ok(());
        }
        self.end(&end_frame(engine))
    }

    fn tick_done(&mut self, engine: &mut Engine, ran: u64) -> Result<(), String> {
        if ran.is_multiple_of(self.checksum_every) {
            let checksum = engine.checksum();
            self.checksum(&Checksum {
                tick: ran,
                checksum,
            })?;
            self.pace(engine.clock().tick)?;
        }
        if self.snapshot_every > 0 && ran > 0 && ran.is_multiple_of(self.snapshot_every) {
            let state = engine.snapshot().to_postcard()?;
            self.snapshot(ran, &state)?;
        }
        if engine.finished() {
            self.end(&end_frame(engine))?;
            if self.is_signed() {
                self.pace(engine.clock().tick)?;
            }
            self.sign()?;
        }
        Ok(())
    }
}

/// The end frame for the engine's state now.
pub fn end_frame(engine: &mut Engine) -> End {
    let checksum = engine.checksum();
    let log = engine.world().resource::<EventLog>();
    End {
        tick: engine.clock().tick.saturating_sub(1),
        events: log.events.len() as u64,
        event_digest: log.digest_hex(),
        checksum,
    }
}

/// The header of a recording of `engine` as it stands.
fn header(
    engine: &Engine,
    checksum_every: u64,
    snapshot_every: u64,
    session: Option<Session>,
) -> Header {
    let world = engine.world();
    let s = &world.resource::<ScenarioRes>().0;
    Header {
        format_version: FORMAT_VERSION,
        engine_version: env!("CARGO_PKG_VERSION").into(),
        scenario_name: s.meta.name.clone(),
        scenario_path: s.source.path.clone(),
        scenario_hash: s.source.hash.clone(),
        layers_hash: layers_hash(s),
        scenario_text: s.source.text.to_string(),
        seed: world.resource::<Seed>().0,
        checksum_every,
        snapshot_every,
        held_seats: engine.held_seats().to_vec(),
        session,
        files: s.source.files.iter().map(super::FileEntry::of).collect(),
        flood_kernel: engine.flood_kernel(),
    }
}

/// The files the engine's scenario read, to embed.
fn files(engine: &Engine) -> Vec<crate::scenario::SourceFile> {
    engine
        .world()
        .resource::<ScenarioRes>()
        .0
        .source
        .files
        .clone()
}

/// Write every input known so far (applied, then pending) and the pace (official
/// sessions only), then let `w` follow the run.
fn start(engine: &mut Engine, mut w: Writer) -> Result<(), String> {
    let q = engine.world().resource::<InputQueue>();
    for i in q.applied.iter().map(|(_, i)| i).chain(&q.pending) {
        w.input(i)?;
    }
    w.pace(engine.clock().tick)?;
    engine.observe(Box::new(w));
    Ok(())
}

impl Engine {
    /// Start recording to `path`: the header and every input known so far are written
    /// at once; later inputs, checksums and the end as they happen.
    pub fn record_to(
        &mut self,
        path: &Path,
        checksum_every: u64,
        snapshot_every: u64,
    ) -> Result<(), String> {
        let header = header(self, checksum_every, snapshot_every, None);
        let w = Writer::create(path, &header, &files(self))?;
        start(self, w)
    }

    /// Start the recording of an official competition session: like
    /// [`Engine::record_to`], with `session` in the header, the wall-clock pace after
    /// every checksum and every input pushed, and, when the exercise ends, a signature
    /// frame (HMAC-SHA256 with `key` over every byte before it). A session that stops
    /// before the end leaves an unsigned file, which a judge refuses.
    pub fn record_official(
        &mut self,
        path: &Path,
        session: Session,
        key: &sign::Key,
    ) -> Result<(), String> {
        if session.key_id != key.id() {
            return Err("the session names another key than the one given".into());
        }
        let header = header(
            self,
            super::DEFAULT_CHECKSUM_EVERY,
            super::DEFAULT_SNAPSHOT_EVERY,
            Some(session),
        );
        let w = Writer::create_signed(path, &header, &files(self), key)?;
        start(self, w)
    }

    /// The first error met while writing the recording, if any (the run goes on; the
    /// recording stops there).
    pub fn record_error(&self) -> Option<&str> {
        self.observer_error()
    }
}

/// Where a continued recording picks up.
#[derive(Debug, Clone, PartialEq)]
pub struct Resumed {
    /// Tick the engine runs next (the tick after the last checksum in the file).
    pub next_tick: u64,
    /// Inputs read from the file (all of them are kept and applied at their times).
    pub inputs: usize,
    /// Bytes of a frame cut short that were dropped from the end of the file.
    pub dropped_bytes: u64,
}

/// Continue a recording cut short (a crash or `kill -9` of the server that wrote
/// it): re-simulate it to its last checksum, comparing every checksum on the way,
/// drop a frame cut in the middle from the end of the file, and let the engine write
/// on to the same file. Every input the file holds is kept — those queued after the
/// last checksum apply at their times as the run goes on — so what is lost is only
/// the simulated time since the last checksum (at most `checksum_every` ticks), which
/// is run again. The continued file verifies like one written in one go.
///
/// Errors: unreadable or not a recording; already complete (it has its end frame);
/// an official session's (signed) recording; a checksum that does not reproduce (the
/// binary or the scenario's layer files changed since).
pub fn resume(path: &Path) -> Result<(Arc<Scenario>, Engine, Resumed), String> {
    let bytes = crate::source::read_bytes(path, super::MAX_RECORDING_BYTES)
        .map_err(|e| format!("cannot read recording {}: {e}", path.display()))?;
    let rec = super::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(end) = &rec.end {
        let tick_s = super::replay::tick_s(&rec);
        return Err(match super::replay::scenario_ticks(&rec) {
            Some(last) if end.tick < last => format!(
                "{} ends at {}, where its run was stopped on purpose (`run --until`): nothing to resume; run the scenario again to go further",
                path.display(),
                crate::time::hms(end.tick.saturating_mul(tick_s))
            ),
            _ => format!(
                "{} is complete (the exercise reached its end): nothing to resume",
                path.display()
            ),
        });
    }
    if rec.header.session.is_some() {
        return Err(format!(
            "{} is an official session's recording: it cannot be resumed (the signature covers one unbroken session)",
            path.display()
        ));
    }
    let (s, e) = super::replay::rebuild(&rec)?;
    let (v, mut e) = super::replay::verify_from(&rec, &s, e);
    if let Some((tick, want, got)) = v.first_divergence {
        return Err(format!(
            "{}: the recording does not reproduce at tick {tick} (recorded {want}, re-simulated {got}); it was made by another build or its layer files changed",
            path.display()
        ));
    }
    let valid = rec
        .damage
        .as_ref()
        .map(|d| d.offset)
        .unwrap_or(bytes.len() as u64);
    let w = Writer::append(path, &rec.header, valid)?;
    e.observe(Box::new(w));
    let next_tick = e.clock().tick;
    Ok((
        s,
        e,
        Resumed {
            next_tick,
            inputs: rec.inputs.len(),
            dropped_bytes: bytes.len() as u64 - valid,
        },
    ))
}
