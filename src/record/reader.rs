//! Reading a recording back: [`read`] (one bounded read of the file), [`scan`] (the
//! frames' places, every length and CRC checked, nothing decoded: what a judge does
//! before it trusts a byte) and [`parse`] (every frame decoded, files inflated within
//! their bounds).
//!
//! Every length in the file is checked before memory is reserved for it: the file
//! against [`MAX_RECORDING_BYTES`], a frame against what is left of the file and
//! [`MAX_FRAME`], an embedded file against the bounds of [`super::embed`], a
//! snapshot's stated state length against what deflate can give. Nothing here panics
//! on any bytes (a property test in `tests/recording_bytes.rs` holds it to that).

use std::path::Path;

use super::embed;
use super::*;

/// Where one intact frame lies in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameSpan {
    /// Byte offset of the frame (its length field).
    pub offset: usize,
    /// Kind byte.
    pub kind: u8,
    /// Payload length, bytes (the payload starts at `offset + 5`).
    pub len: usize,
}

impl FrameSpan {
    /// The frame's payload in `bytes` (the bytes it was scanned from).
    pub fn payload<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        &bytes[self.offset + 5..self.offset + 5 + self.len]
    }
}

/// The intact frames of a file and where the damage begins, if anywhere.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Intact frames, in file order.
    pub frames: Vec<FrameSpan>,
    /// The first damage (a bad length, a truncated frame, a CRC mismatch).
    pub damage: Option<Damage>,
}

/// The warning a reader of `rec` (read from `path`) gives before using only part of
/// it: "warning: {path}: " and [`partial_note`]; `None` for a whole recording.
pub fn partial_warning(rec: &Recording, path: &Path, doing: &str) -> Option<String> {
    partial_note(rec, doing).map(|n| format!("warning: {}: {n}", path.display()))
}

/// What part of `rec` a reader uses, when not all of it — damaged: "damaged at byte N
/// (why); {doing} the valid prefix"; without its end frame (a crash, a file cut at a
/// frame boundary): "the recording has no end frame …; {doing} up to HH:MM:SS, its
/// last checksum" — or `None` for a whole recording. `doing`: "scored", "replaying",
/// "exported from", "used".
pub fn partial_note(rec: &Recording, doing: &str) -> Option<String> {
    if let Some(d) = &rec.damage {
        return Some(format!(
            "damaged at byte {} ({}); {doing} the valid prefix",
            d.offset, d.reason
        ));
    }
    if rec.end.is_none() {
        let tick_s = super::replay::tick_s(rec);
        let t = rec.checksums.last().map_or(0, |c| c.tick);
        return Some(format!(
            "the recording has no end frame (the exercise did not finish, or the file was cut); {doing} up to {}, its last checksum",
            crate::time::hms(t.saturating_mul(tick_s))
        ));
    }
    None
}

/// Read a recording file: at most [`MAX_RECORDING_BYTES`], a regular file only (a
/// FIFO, a device such as `/dev/zero` or a directory is refused before anything is
/// read), then [`parse`].
pub fn read(path: &Path) -> Result<Recording, String> {
    let bytes = crate::source::read_bytes(path, MAX_RECORDING_BYTES)
        .map_err(|e| format!("cannot read recording {}: {e}", path.display()))?;
    parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Find the intact frames after the magic line, checking every length and CRC and
/// decoding nothing; stops at the first damage. Linear in the file's length.
pub fn scan(bytes: &[u8]) -> Scan {
    let mut out = Scan::default();
    let mut pos = MAGIC.len().min(bytes.len());
    while pos < bytes.len() {
        let fail = |reason: String| Damage {
            offset: pos as u64,
            frame: out.frames.len(),
            reason,
        };
        let left = bytes.len() - pos;
        if left < 9 {
            out.damage = Some(fail(format!("truncated frame: {left} bytes left")));
            break;
        }
        let len = u32::from_le_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]]);
        // a file frame holds a whole layer (see `embed::MAX_FILE_FRAME`)
        let max = if bytes[pos + 4] == KIND_FILE {
            embed::MAX_FILE_FRAME
        } else {
            MAX_FRAME as u64
        };
        if len as u64 > max {
            out.damage = Some(fail(format!("frame length {len} is implausible")));
            break;
        }
        let len = len as usize;
        if left - 9 < len {
            out.damage = Some(fail(format!(
                "truncated frame: {len} bytes announced, {} present",
                left - 9
            )));
            break;
        }
        let kind = bytes[pos + 4];
        let payload = &bytes[pos + 5..pos + 5 + len];
        let stored = u32::from_le_bytes([
            bytes[pos + 5 + len],
            bytes[pos + 6 + len],
            bytes[pos + 7 + len],
            bytes[pos + 8 + len],
        ]);
        let mut crc = crc32fast::Hasher::new();
        crc.update(&[kind]);
        crc.update(payload);
        if crc.finalize() != stored {
            out.damage = Some(fail(
                "checksum mismatch: the frame was altered or corrupted".into(),
            ));
            break;
        }
        out.frames.push(FrameSpan {
            offset: pos,
            kind,
            len,
        });
        pos += 9 + len;
    }
    out
}

/// Split intact frames after the magic line: (kind, payload) pairs; stops at damage.
pub fn split_frames(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    scan(bytes)
        .frames
        .iter()
        .map(|f| (f.kind, f.payload(bytes).to_vec()))
        .collect()
}

/// Parse recording bytes.
///
/// Errors: not a recording (no magic line); no readable header; a format version
/// this build does not read. Damage after the header is not an error: the valid
/// prefix is returned with [`Recording::damage`] set.
pub fn parse(bytes: &[u8]) -> Result<Recording, String> {
    if !bytes.starts_with(MAGIC) {
        return Err(
            "not a drillsim recording (the file does not start with `DRILLSIM-REC`)".into(),
        );
    }
    let sc = scan(bytes);
    let mut header: Option<Header> = None;
    let mut inputs = Vec::new();
    let mut checksums = Vec::new();
    let mut snapshots: Vec<SnapshotFrame> = Vec::new();
    let mut files: Vec<SourceFile> = Vec::new();
    let mut file_budget = embed::MAX_EMBEDDED_TOTAL_BYTES;
    let mut end = None;
    let mut damage = None;
    let mut pace = Vec::new();
    let mut signature = None;
    let mut frames_after_signature = 0;
    for (n, f) in sc.frames.iter().enumerate() {
        let fail = |reason: String| Damage {
            offset: f.offset as u64,
            frame: n,
            reason,
        };
        let payload = f.payload(bytes);
        let bad = |e: serde_json::Error| fail(format!("unreadable frame: {e}"));
        if signature.is_some() {
            frames_after_signature += 1;
        }
        let version = header.as_ref().map(|h| h.format_version);
        if end.is_some() && !matches!(f.kind, KIND_SIGNATURE | KIND_PACE) {
            // the end frame closes the exercise: only the wall-clock mark and the
            // signature of an official session may follow it
            damage = Some(fail(format!(
                "a frame (kind {}) after the end of the exercise",
                f.kind
            )));
            break;
        }
        match f.kind {
            KIND_HEADER if n == 0 => {
                let h: Header = match serde_json::from_slice(payload) {
                    Ok(h) => h,
                    Err(e) => return Err(format!("unreadable header: {e}")),
                };
                if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&h.format_version) {
                    return Err(format!(
                        "recording format version {} (written by drillsim {}); this build reads versions {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}",
                        h.format_version, h.engine_version
                    ));
                }
                if h.format_version < 2 && !h.files.is_empty() {
                    return Err("a format-1 header that lists embedded files".into());
                }
                header = Some(h);
            }
            KIND_FILE if version >= Some(2) => {
                let listed = header.as_ref().map(|h| h.files.as_slice()).unwrap_or(&[]);
                match embed::decode_file(payload, &mut file_budget) {
                    Ok(file) => {
                        let entry = FileEntry::of(&file);
                        if !listed.contains(&entry) {
                            damage = Some(fail(format!(
                                "embedded file `{}` is not the one the header lists",
                                file.name
                            )));
                            break;
                        }
                        if files.iter().any(|g| g.name == file.name) {
                            damage =
                                Some(fail(format!("embedded file `{}` appears twice", file.name)));
                            break;
                        }
                        files.push(file);
                    }
                    Err(e) => {
                        damage = Some(fail(e));
                        break;
                    }
                }
            }
            KIND_INPUT if header.is_some() => match serde_json::from_slice(payload) {
                Ok(i) => inputs.push(i),
                Err(e) => {
                    damage = Some(bad(e));
                    break;
                }
            },
            KIND_CHECKSUM if header.is_some() => {
                match serde_json::from_slice::<Checksum>(payload) {
                    // a writer's checksums follow its ticks: a repeated or earlier tick
                    // was put there by hand
                    Ok(c)
                        if checksums
                            .last()
                            .is_some_and(|p: &Checksum| p.tick >= c.tick) =>
                    {
                        damage = Some(fail(format!(
                            "a checksum of tick {} after one of tick {}: checksums follow the ticks",
                            c.tick,
                            checksums.last().map_or(0, |p: &Checksum| p.tick)
                        )));
                        break;
                    }
                    Ok(c) => checksums.push(c),
                    Err(e) => {
                        damage = Some(bad(e));
                        break;
                    }
                }
            }
            KIND_SNAPSHOT if version >= Some(2) => {
                if payload.len() < 16 {
                    damage = Some(fail(
                        "a snapshot frame too short for its tick and length".into(),
                    ));
                    break;
                }
                let tick = u64::from_le_bytes(payload[..8].try_into().unwrap_or_default());
                if let Some(p) = snapshots.last().filter(|p| p.tick >= tick) {
                    damage = Some(fail(format!(
                        "a snapshot of tick {tick} after one of tick {}: snapshots follow the ticks",
                        p.tick
                    )));
                    break;
                }
                let state = u64::from_le_bytes(payload[8..16].try_into().unwrap_or_default());
                if !embed::plausible(state, payload.len() - 16) {
                    damage = Some(fail(format!(
                        "a snapshot claims {state} bytes of state from {} compressed bytes, more than deflate can give",
                        payload.len() - 16
                    )));
                    break;
                }
                snapshots.push(SnapshotFrame {
                    tick,
                    state_bytes: Some(state),
                    deflated: payload[16..].to_vec(),
                });
            }
            KIND_SNAPSHOT if header.is_some() && payload.len() >= 8 => {
                let tick = u64::from_le_bytes(payload[..8].try_into().unwrap_or_default());
                snapshots.push(SnapshotFrame {
                    tick,
                    state_bytes: None,
                    deflated: payload[8..].to_vec(),
                });
            }
            KIND_END if header.is_some() => match serde_json::from_slice(payload) {
                Ok(e) => end = Some(e),
                Err(e) => {
                    damage = Some(bad(e));
                    break;
                }
            },
            KIND_PACE if header.is_some() => match serde_json::from_slice(payload) {
                Ok(p) => pace.push(p),
                Err(e) => {
                    damage = Some(bad(e));
                    break;
                }
            },
            KIND_SIGNATURE if header.is_some() => match serde_json::from_slice(payload) {
                Ok(s) if signature.is_none() => signature = Some((f.offset as u64, s)),
                Ok(_) => {
                    damage = Some(fail("a second signature frame".into()));
                    break;
                }
                Err(e) => {
                    damage = Some(bad(e));
                    break;
                }
            },
            k => {
                damage = Some(fail(format!("unexpected frame kind {k} here")));
                break;
            }
        }
    }
    let damage = damage.or(sc.damage);
    let header = header.ok_or_else(|| match &damage {
        Some(d) => format!("the header is damaged at byte {}: {}", d.offset, d.reason),
        None => "the recording has no header".to_string(),
    })?;
    Ok(Recording {
        header,
        inputs,
        checksums,
        files,
        snapshots,
        end,
        damage,
        pace,
        signature,
        frames_after_signature,
        seen: Default::default(),
    })
}
