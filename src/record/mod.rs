//! Recordings: everything needed to re-run an exercise exactly — the scenario text
//! and every file it read (embedded, hashed, compressed), the seed, every input with
//! its time, and state checksums every N ticks — written as the exercise goes. A
//! recording is self-contained: it is reported, scored and replayed anywhere from
//! its own bytes, and no path written inside it is ever opened.
//!
//! File layout (format 2, `docs/recording.md`): the magic line `DRILLSIM-REC\n`, then
//! frames. A frame is `u32 length (LE) · u8 kind · payload · u32 CRC-32 of kind and
//! payload (LE)`; payloads are JSON except snapshots and files. Kinds: 1 header, 8
//! file (one per file the scenario read, right after the header, see [`embed`]), 2
//! input, 3 checksum, 4 snapshot (u64 tick LE, u64 state length LE, then the deflated
//! postcard state), 5 end, 6 pace (wall-clock time of an official session), 7
//! signature (HMAC over every byte before it, see [`sign`]). Kinds 6 and 7 appear
//! only in official competition sessions. Each frame is flushed to the OS as soon as
//! it is written, so a crash loses at most the frame being written. A reader checks
//! every frame's CRC and every length against the file and the caps below; at the
//! first damaged or truncated frame it stops, keeps the valid prefix and says at
//! which byte the damage begins.
//!
//! Format 1 (no file frames; snapshots without their length) is still read; its
//! layer files are looked up on disk only under the conditions of
//! [`replay::rebuild`].

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::order::Input;
use crate::scenario::SourceFile;

pub mod embed;
pub mod live;
mod reader;
pub mod replay;
pub mod sign;

pub use reader::{FrameSpan, Scan, parse, partial_note, partial_warning, read, scan, split_frames};

/// First bytes of every recording ([`crate::output::RECORDING_MAGIC`], where outputs
/// and readers of other files recognise a recording).
pub const MAGIC: &[u8] = crate::output::RECORDING_MAGIC;
/// The recording format this build writes (it reads this one and every one from
/// [`OLDEST_FORMAT_VERSION`] on).
pub const FORMAT_VERSION: u32 = 2;
/// The oldest recording format this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// Largest recording file read, bytes (checked on the open file before anything is
/// read; a six-hour exercise with snapshots every 20 minutes takes a few MB).
pub const MAX_RECORDING_BYTES: u64 = 1 << 30;
/// Default interval between state checksums, ticks.
pub const DEFAULT_CHECKSUM_EVERY: u64 = 30;
/// Largest frame accepted, bytes (the header embeds the scenario text).
pub const MAX_FRAME: u32 = 64 << 20;

/// Default interval between snapshots, ticks.
pub const DEFAULT_SNAPSHOT_EVERY: u64 = 120;

/// Frame kind: the header (JSON [`Header`]), always frame 0.
pub const KIND_HEADER: u8 = 1;
/// Frame kind: an input (JSON [`Input`]).
pub const KIND_INPUT: u8 = 2;
/// Frame kind: a state checksum (JSON [`Checksum`]).
pub const KIND_CHECKSUM: u8 = 3;
/// Frame kind: a state snapshot (binary, see the module header).
pub const KIND_SNAPSHOT: u8 = 4;
/// Frame kind: the end of the exercise (JSON [`End`]).
pub const KIND_END: u8 = 5;
/// Frame kind: wall-clock pace of an official session (JSON [`Pace`]).
pub const KIND_PACE: u8 = 6;
/// Frame kind: the signature of an official session (JSON [`sign::Signature`]).
pub const KIND_SIGNATURE: u8 = 7;
/// Frame kind: a file the scenario read (binary, see [`embed`]); format 2 on.
pub const KIND_FILE: u8 = 8;

/// The header frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Recording format version.
    pub format_version: u32,
    /// drillsim version that wrote it.
    pub engine_version: String,
    /// Scenario name.
    pub scenario_name: String,
    /// Where the scenario was read from, for people to read. Never opened: the
    /// files the scenario read are embedded (format 2); for format 1 see
    /// [`replay::rebuild`].
    pub scenario_path: PathBuf,
    /// SHA-256 of the scenario text.
    pub scenario_hash: String,
    /// SHA-256 of the layers as loaded (catches changed `.asc` files).
    pub layers_hash: String,
    /// The scenario text.
    pub scenario_text: String,
    /// Seed.
    pub seed: u64,
    /// Ticks between checksums.
    pub checksum_every: u64,
    /// Ticks between state snapshots (0: none).
    #[serde(default)]
    pub snapshot_every: u64,
    /// Seats held by players from the start, whether or not they gave an order (the
    /// plan plays every other seat). Empty: the seats that gave inputs, as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held_seats: Vec<String>,
    /// The official competition session that wrote the recording, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The files the scenario read, embedded in file frames right after the header
    /// (format 2 on; empty in format 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileEntry>,
    /// Version of the flood model's face update the run used
    /// ([`crate::hazard::flood::KERNELS`]); 1 in recordings written before versions
    /// existed. A replay runs this version, so it gives the recorded bits.
    #[serde(default = "crate::hazard::flood::unversioned_kernel")]
    pub flood_kernel: u32,
}

/// A file embedded in a recording, as the header lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The name as the scenario writes it (`dem.asc`).
    pub name: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Length, bytes.
    pub bytes: u64,
}

impl FileEntry {
    /// The entry of a file read by the scenario.
    pub fn of(f: &SourceFile) -> FileEntry {
        FileEntry {
            name: f.name.clone(),
            sha256: f.sha256.clone(),
            bytes: f.bytes.len() as u64,
        }
    }
}

/// A snapshot frame as read: the state stays compressed until it is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotFrame {
    /// The tick after which the state was taken.
    pub tick: u64,
    /// Length of the inflated state, bytes (format 2 on).
    pub state_bytes: Option<u64>,
    /// The deflated postcard state.
    pub deflated: Vec<u8>,
}

/// How a team plays in a competition session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionMode {
    /// Orders submitted as a file and run headless.
    OrdersFile,
    /// Played live (GUI), at a paced speed.
    Live,
}

impl SessionMode {
    /// Name in messages.
    pub fn name(self) -> &'static str {
        match self {
            SessionMode::OrdersFile => "orders-file",
            SessionMode::Live => "live",
        }
    }
}

/// Who and what an official competition session is for (in the header, so the
/// signature covers it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Round id.
    pub round: String,
    /// SHA-256 of the round file's text.
    pub round_hash: String,
    /// Team id.
    pub team: String,
    /// The team's name as the round gives it (empty in recordings made before
    /// 2026-12-01, which carry the id alone): what the report calls the team.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub team_name: String,
    /// Orders file or live.
    pub mode: SessionMode,
    /// Wall-clock start, milliseconds since the Unix epoch (as the session's machine
    /// saw it; the base of the submission time).
    pub started_unix_ms: u64,
    /// Id of the key the session signs with.
    pub key_id: String,
}

/// Wall-clock pace of an official session: monotonic milliseconds since the session
/// started, written after each checksum and each input given during the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pace {
    /// Next tick to run when the frame was written (the clock's tick).
    pub tick: u64,
    /// Milliseconds since the session started (monotonic clock).
    pub wall_ms: u64,
}

/// A state checksum at a tick (taken after the tick ran).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checksum {
    /// Tick.
    pub tick: u64,
    /// SHA-256 of the state.
    pub checksum: String,
}

/// The end frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct End {
    /// Last tick run.
    pub tick: u64,
    /// Events in the log.
    pub events: u64,
    /// Digest of the event log.
    pub event_digest: String,
    /// Final state checksum.
    pub checksum: String,
}

/// Where a recording is damaged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Damage {
    /// Byte offset where the damaged frame begins.
    pub offset: u64,
    /// Index of the damaged frame.
    pub frame: usize,
    /// What is wrong.
    pub reason: String,
}

/// A recording read back.
#[derive(Debug, Clone)]
pub struct Recording {
    /// Header.
    pub header: Header,
    /// Inputs in the order written.
    pub inputs: Vec<Input>,
    /// Checksums in tick order.
    pub checksums: Vec<Checksum>,
    /// The files the scenario read, inflated and checked against their SHA-256
    /// (format 2 on).
    pub files: Vec<SourceFile>,
    /// Snapshots, in the order written.
    pub snapshots: Vec<SnapshotFrame>,
    /// End frame, when the exercise finished cleanly.
    pub end: Option<End>,
    /// First damage found, if any (everything before it was read).
    pub damage: Option<Damage>,
    /// Wall-clock pace frames (official sessions).
    pub pace: Vec<Pace>,
    /// The signature frame: its byte offset and payload (official sessions).
    pub signature: Option<(u64, sign::Signature)>,
    /// Intact frames read after the signature frame (none in an untouched file).
    pub frames_after_signature: usize,
    /// States re-simulated by [`replay::seek`] so far (shared by clones), so that
    /// seeking again does not start from the beginning. Never filled from the file.
    pub seen: replay::SeenStates,
}

/// Writes a recording frame by frame.
pub struct Writer {
    out: BufWriter<File>,
    signer: Option<sign::Signer>,
    pace_from: Option<std::time::Instant>,
    /// Ticks between checksums.
    pub checksum_every: u64,
    /// Ticks between snapshots (0: none).
    pub snapshot_every: u64,
}

/// Encode one frame (length, kind, payload, CRC-32).
pub fn frame(kind: u8, payload: &[u8]) -> Vec<u8> {
    let mut crc = crc32fast::Hasher::new();
    crc.update(&[kind]);
    crc.update(payload);
    let mut v = Vec::with_capacity(payload.len() + 9);
    v.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    v.push(kind);
    v.extend_from_slice(payload);
    v.extend_from_slice(&crc.finalize().to_le_bytes());
    v
}

/// Hold an exclusive advisory lock on a recording for as long as it is written
/// (released when the file is closed, also by a crash): a second process that would
/// continue it (`serve --resume` while the first server still runs) is refused instead
/// of both writing frames into one file.
///
/// Errors: another process holds the lock. Where the file system has no locks the
/// recording is written without one.
fn lock_while_writing(f: &std::fs::File, path: &Path) -> Result<(), String> {
    match f.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "{} is being written by another drillsim (a server still running?): stop it first, or continue a copy",
            path.display()
        )),
        Err(std::fs::TryLockError::Error(_)) => Ok(()),
    }
}

impl Writer {
    /// Create the file and write the header, then a file frame for each of `files`
    /// (the files the scenario read; the header should list them). The file must not
    /// exist: a recording is never written over anything
    /// ([`crate::output::create_new`]).
    pub fn create(path: &Path, header: &Header, files: &[SourceFile]) -> Result<Writer, String> {
        Self::create_with(path, header, files, None)
    }

    /// Create the file for an official session: every byte written is fed to an
    /// HMAC with `key`, pace frames can be written, and [`Writer::sign`] closes it.
    pub fn create_signed(
        path: &Path,
        header: &Header,
        files: &[SourceFile],
        key: &sign::Key,
    ) -> Result<Writer, String> {
        Self::create_with(path, header, files, Some(key.signer()))
    }

    fn create_with(
        path: &Path,
        header: &Header,
        files: &[SourceFile],
        signer: Option<sign::Signer>,
    ) -> Result<Writer, String> {
        let f = crate::output::create_new(path, crate::output::Kind::Recording, None)?;
        lock_while_writing(&f, path)?;
        let pace_from = signer.is_some().then(std::time::Instant::now);
        let mut w = Writer {
            out: BufWriter::new(f),
            signer,
            pace_from,
            checksum_every: header.checksum_every.max(1),
            snapshot_every: header.snapshot_every,
        };
        w.raw(MAGIC)?;
        w.put(KIND_HEADER, header)?;
        for file in files {
            // compressed once, written without a framed copy
            let payload = embed::encode_file(file)?;
            if payload.len() as u64 > embed::MAX_FILE_FRAME {
                return Err(format!(
                    "{} compresses to {} bytes, more than a recording's file frame may hold ({})",
                    file.name,
                    payload.len(),
                    embed::MAX_FILE_FRAME
                ));
            }
            w.frame_parts(KIND_FILE, &payload)?;
        }
        Ok(w)
    }

    /// Open a recording cut short (a crash, `kill -9`) to write on after its intact
    /// frames: the file is truncated to its first `valid_len` bytes (where the damage
    /// of a frame cut in the middle begins) and frames follow from there. The header
    /// gives the checksum and snapshot intervals. Official (signed) recordings cannot
    /// be continued: the signature covers one unbroken session.
    pub fn append(path: &Path, header: &Header, valid_len: u64) -> Result<Writer, String> {
        use std::io::{Seek, SeekFrom};
        if header.session.is_some() {
            return Err(format!(
                "{} is an official session's recording: it cannot be continued (the signature covers one unbroken session)",
                path.display()
            ));
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| format!("cannot open recording {}: {e}", path.display()))?;
        lock_while_writing(&f, path)?;
        f.set_len(valid_len)
            .and_then(|_| f.seek(SeekFrom::End(0)).map(|_| ()))
            .and_then(|_| f.sync_all())
            .map_err(|e| format!("cannot truncate recording {}: {e}", path.display()))?;
        Ok(Writer {
            out: BufWriter::new(f),
            signer: None,
            pace_from: None,
            checksum_every: header.checksum_every.max(1),
            snapshot_every: header.snapshot_every,
        })
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<(), String> {
        if let Some(s) = self.signer.as_mut() {
            s.update(bytes);
        }
        self.out
            .write_all(bytes)
            .and_then(|_| self.out.flush())
            .map_err(|e| format!("cannot write recording: {e}"))
    }

    /// Write one frame from its kind and payload without copying the payload.
    fn frame_parts(&mut self, kind: u8, payload: &[u8]) -> Result<(), String> {
        let mut crc = crc32fast::Hasher::new();
        crc.update(&[kind]);
        crc.update(payload);
        let len = u32::try_from(payload.len())
            .map_err(|_| format!("a frame of {} bytes", payload.len()))?;
        let mut head = len.to_le_bytes().to_vec();
        head.push(kind);
        self.raw(&head)?;
        self.raw(payload)?;
        self.raw(&crc.finalize().to_le_bytes())
    }

    fn put<T: Serialize>(&mut self, kind: u8, v: &T) -> Result<(), String> {
        let payload = serde_json::to_vec(v).map_err(|e| e.to_string())?;
        self.raw(&frame(kind, &payload))
    }

    /// Record an input (flushed at once).
    pub fn input(&mut self, input: &Input) -> Result<(), String> {
        self.put(KIND_INPUT, input)
    }

    /// Record a checksum.
    pub fn checksum(&mut self, c: &Checksum) -> Result<(), String> {
        self.put(KIND_CHECKSUM, c)
    }

    /// Record a snapshot of the state after `tick`: `state` is the postcard state
    /// ([`crate::sim::Snapshot::to_postcard`]), written with its length and deflated.
    pub fn snapshot(&mut self, tick: u64, state: &[u8]) -> Result<(), String> {
        let mut payload = tick.to_le_bytes().to_vec();
        payload.extend_from_slice(&(state.len() as u64).to_le_bytes());
        let mut z = flate2::write::DeflateEncoder::new(payload, flate2::Compression::fast());
        let payload = z
            .write_all(state)
            .and_then(|_| z.finish())
            .map_err(|e| format!("cannot write recording: {e}"))?;
        self.raw(&frame(KIND_SNAPSHOT, &payload))
    }

    /// Record the end.
    pub fn end(&mut self, e: &End) -> Result<(), String> {
        self.put(KIND_END, e)?;
        self.out
            .get_ref()
            .sync_all()
            .map_err(|e| format!("cannot write recording: {e}"))
    }

    /// Whether this writer signs (an official session).
    pub fn is_signed(&self) -> bool {
        self.signer.is_some()
    }

    /// Record the wall-clock pace at clock tick `tick` (official sessions only; a no-op
    /// otherwise).
    pub fn pace(&mut self, tick: u64) -> Result<(), String> {
        let Some(t0) = self.pace_from else {
            return Ok(());
        };
        let wall_ms = t0.elapsed().as_millis() as u64;
        self.put(KIND_PACE, &Pace { tick, wall_ms })
    }

    /// Close an official session: write the signature frame over every byte so far.
    /// Nothing may be written after it.
    pub fn sign(&mut self) -> Result<(), String> {
        let Some(signer) = self.signer.take() else {
            return Ok(());
        };
        self.pace_from = None;
        self.put(KIND_SIGNATURE, &signer.finish())?;
        self.out
            .get_ref()
            .sync_all()
            .map_err(|e| format!("cannot write recording: {e}"))
    }
}

/// SHA-256 over the validated layers (elevation, land cover, roughness, population).
pub fn layers_hash(s: &crate::scenario::Scenario) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for v in &s.elevation {
        h.update(v.to_bits().to_le_bytes());
    }
    for v in &s.land_cover {
        h.update(v.to_le_bytes());
    }
    for v in s.roughness.iter().chain(&s.population) {
        h.update(v.to_bits().to_le_bytes());
    }
    crate::scenario::hex(&h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small header (seed 3, a checksum every 10 ticks) naming `files`.
    fn test_header(files: Vec<FileEntry>) -> Header {
        Header {
            format_version: FORMAT_VERSION,
            engine_version: "t".into(),
            scenario_name: "x".into(),
            scenario_path: "x.ron".into(),
            scenario_hash: "00".into(),
            layers_hash: "00".into(),
            scenario_text: "()".into(),
            seed: 3,
            checksum_every: 10,
            snapshot_every: 0,
            held_seats: Vec::new(),
            session: None,
            files,
            flood_kernel: crate::hazard::flood::CURRENT_KERNEL,
        }
    }

    #[test]
    fn frames_round_trip_and_damage_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.drec");
        let h = test_header(Vec::new());
        let mut w = Writer::create(&p, &h, &[]).unwrap();
        for t in 0..5 {
            w.checksum(&Checksum {
                tick: t * 10,
                checksum: format!("c{t}"),
            })
            .unwrap();
        }
        drop(w);
        let bytes = std::fs::read(&p).unwrap();
        let r = parse(&bytes).unwrap();
        assert_eq!(r.header, h);
        assert_eq!(r.checksums.len(), 5);
        assert!(r.damage.is_none());
        // flip one byte in the third checksum frame
        let mut bad = bytes.clone();
        let n = bad.len();
        bad[n - 30] ^= 0x40;
        let r = parse(&bad).unwrap();
        assert_eq!(r.checksums.len(), 4);
        assert!(r.damage.unwrap().reason.contains("checksum mismatch"));
        // cut it short
        let r = parse(&bytes[..bytes.len() - 5]).unwrap();
        assert_eq!(r.checksums.len(), 4);
        assert!(r.damage.unwrap().reason.contains("truncated"));
        assert!(parse(b"hello").is_err());
    }

    #[test]
    fn a_layer_that_does_not_compress_is_embedded_whole() {
        // 80 MiB of xorshift noise: deflate cannot shrink it, so its frame is larger
        // than the 64 MiB of every other frame (as a GeoTIFF of noisy f32 would be)
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let noise: Vec<u8> = (0..(80usize << 20) / 8)
            .flat_map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x.to_le_bytes()
            })
            .collect();
        let file = SourceFile::new("dem.tif", std::sync::Arc::new(noise));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.drec");
        let h = test_header(vec![FileEntry::of(&file)]);
        drop(Writer::create(&p, &h, std::slice::from_ref(&file)).unwrap());
        let len = std::fs::metadata(&p).unwrap().len();
        assert!(len > MAX_FRAME as u64, "{len}");
        let r = read(&p).unwrap();
        assert!(r.damage.is_none(), "{:?}", r.damage);
        assert_eq!(r.files, vec![file]);
        // a file over the cap is refused when the recording is written, not later
        let big = SourceFile::new(
            "big.tif",
            std::sync::Arc::new(vec![0; embed::MAX_EMBEDDED_FILE_BYTES as usize + 1]),
        );
        let e = embed::encode_file(&big).unwrap_err();
        assert!(
            e.contains("more than the 268435456 a recording embeds"),
            "{e}"
        );
    }
}
