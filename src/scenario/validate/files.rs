//! Files a scenario refers to (ESRI ASCII and GeoTIFF layers, GeoJSON roads,
//! OpenStreetMap extracts, place tables): resolved in the
//! scenario's folder or below it, never outside it — also not through a symbolic
//! link, since the check is made on the path with every link followed — and read
//! through the bounded reader ([`crate::source::read_bytes`]) with the limit of
//! their kind; or taken from a recording's embedded files (see
//! [`crate::scenario::LayerFiles`]), with the same limits. Every file read is kept
//! for [`crate::scenario::ScenarioSource::files`].
//!
//! A reference is written relative to the scenario's folder. Both `/` and `\`
//! separate folders (`layers\dem.asc`, as a Windows user writes it, is
//! `layers/dem.asc`); absolute paths, drive letters (`C:`) and `..` are refused.
//! Names are compared exactly; when a file is missing but one whose name differs
//! only in case exists, the message names it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Validator;
use crate::scenario::{LayerFiles, SourceFile};

/// Largest file a scenario may name, of any kind, bytes
/// ([`crate::source::MAX_SCENARIO_FILE_BYTES`], 256 MiB: the largest file a
/// recording embeds). The caps of each kind are at most this
/// ([`crate::source::INPUT_CAPS`]).
pub const MAX_LAYER_FILE_BYTES: u64 = crate::source::MAX_SCENARIO_FILE_BYTES;
/// Largest sum of the files a scenario names, bytes
/// ([`crate::source::MAX_SCENARIO_FILES_TOTAL_BYTES`], 512 MiB: what one recording
/// embeds in all).
pub const MAX_LAYER_FILES_TOTAL_BYTES: u64 = crate::source::MAX_SCENARIO_FILES_TOTAL_BYTES;

/// The hint for a file over `max` bytes: when `max` is the cap of every file a
/// scenario names, why (a recording embeds it) and what to do.
fn too_large_hint(max: u64) -> Option<String> {
    (max >= MAX_LAYER_FILE_BYTES).then(|| {
        format!(
            "a recording embeds every file its scenario read, each of at most {}, so that it replays anywhere; \
             cut a raster to the exercise's area (`gdal_translate -projwin …`) or compress it (`-co COMPRESS=DEFLATE`); \
             cut an OpenStreetMap extract with `osmium extract -b …`",
            crate::source::human_bytes(MAX_LAYER_FILE_BYTES)
        )
    })
}

/// Why a file reference (relative to the folder of the file that makes it) is refused
/// before the file system is asked, if it is: empty, absolute, with a drive letter,
/// going up with `..`, or holding a NUL. Also used for the scenario a round file
/// names ([`crate::compete::Round::load`]).
pub fn refuse(rel: &str) -> Option<&'static str> {
    let b = rel.as_bytes();
    if rel.trim().is_empty() {
        Some("the file name is empty")
    } else if rel.starts_with('/') || rel.starts_with('\\') {
        Some("it is an absolute path")
    } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        Some("it starts with a drive letter")
    } else if rel.split(['/', '\\']).any(|part| part == "..") {
        Some("it goes up with `..`")
    } else if rel.contains('\0') {
        Some("it holds a NUL character")
    } else {
        None
    }
}

/// A file in `dir` whose name equals `name` but for case, for a hint.
fn same_but_case(dir: &Path, name: &str) -> Option<String> {
    let want = name.to_lowercase();
    std::fs::read_dir(dir)
        .ok()?
        .take(10_000)
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.to_lowercase() == want && n != name)
}

impl Validator {
    /// Resolve a file reference that must stay inside the scenario's folder: the
    /// path with every symbolic link followed, or `None` after a diagnostic at
    /// `path` (the reference's place in the scenario).
    pub(super) fn file_ref(&mut self, path: &str, rel: &str) -> Option<PathBuf> {
        let outside_hint =
            || Some("layer and road files must sit in the scenario's folder or below it".into());
        if let Some(why) = refuse(rel) {
            self.d.err(
                path,
                format!("file `{rel}` is outside the scenario's folder: {why}"),
                outside_hint(),
            );
            return None;
        }
        let norm = rel.replace('\\', "/");
        let joined = self.dir.join(&norm);
        let dir = if self.dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            self.dir.as_path()
        };
        let (Ok(real_dir), Ok(real)) = (dir.canonicalize(), joined.canonicalize()) else {
            // not there: say so, with a near miss when there is one
            // `mini.ron` given without a folder: its parent is "", which read_dir refuses
            let parent = joined
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(dir);
            let name = joined
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let hint = match same_but_case(parent, &name) {
                Some(n) => format!("there is `{n}`: names must match exactly, also in case"),
                None if rel.contains('\\') => format!(
                    "looked for `{norm}` relative to the scenario file (`\\` is read as `/`)"
                ),
                None => "the path is relative to the scenario file".into(),
            };
            self.d.err(
                path,
                format!("cannot read `{}`: no such file", joined.display()),
                Some(hint),
            );
            return None;
        };
        if !real.starts_with(&real_dir) {
            self.d.err(
                path,
                format!(
                    "file `{rel}` is outside the scenario's folder: it leads to `{}` through a symbolic link",
                    real.display()
                ),
                outside_hint(),
            );
            return None;
        }
        Some(real)
    }

    /// Read a text file the scenario refers to, of at most `max` bytes (and at most
    /// [`MAX_LAYER_FILE_BYTES`]), through [`Validator::read_raw`]: its path (as
    /// written, joined to the scenario's folder) and text, or `None` after a
    /// diagnostic (at the first bad byte for text that is not UTF-8).
    pub(super) fn read_file(
        &mut self,
        path: &str,
        rel: &str,
        max: u64,
    ) -> Option<(PathBuf, Arc<String>)> {
        let (shown, bytes) = self.read_raw(path, rel, max.min(MAX_LAYER_FILE_BYTES))?;
        match crate::scenario::diag::text_or_diag(&shown, bytes.to_vec(), "file") {
            Ok(t) => Some((shown, Arc::new(t))),
            Err(d) => {
                self.d.add(*d);
                None
            }
        }
    }

    /// The bytes of a file the scenario names at `path` (`rel` as written), at most
    /// `max` bytes (the size is checked before anything is read or copied), from the
    /// folder or the given files, kept for [`crate::scenario::ScenarioSource::files`]
    /// (what a recording embeds): its path (as written, joined to the scenario's
    /// folder) and bytes, or `None` after a diagnostic. Every file a scenario names
    /// is read through here: ESRI ASCII and GeoTIFF layers, GeoJSON roads,
    /// OpenStreetMap extracts, place tables.
    pub(super) fn read_raw(
        &mut self,
        path: &str,
        rel: &str,
        max: u64,
    ) -> Option<(PathBuf, Arc<Vec<u8>>)> {
        // every file a scenario names is embedded in its recordings
        let max = max.min(MAX_LAYER_FILE_BYTES);
        let shown = self.dir.join(rel.replace('\\', "/"));
        let bytes = match &self.files {
            LayerFiles::Given { files, missing } => match files.get(rel) {
                Some(b) if b.len() as u64 > max => {
                    let e = crate::source::ReadError::TooLarge {
                        len: b.len() as u64,
                        max,
                    };
                    self.d.err(
                        path,
                        format!("cannot read `{}`: {e}", shown.display()),
                        too_large_hint(max),
                    );
                    return None;
                }
                Some(b) => b.clone(),
                None => {
                    let missing = missing.clone();
                    self.d.err(
                        path,
                        format!("file `{rel}` is not available: {missing}"),
                        None,
                    );
                    return None;
                }
            },
            LayerFiles::Folder { extensions, .. } => {
                let extensions = *extensions;
                let real = self.file_ref(path, rel)?;
                if let Some(exts) = extensions {
                    let ext = real
                        .extension()
                        .map(|e| e.to_string_lossy().to_lowercase())
                        .unwrap_or_default();
                    if !exts.contains(&ext.as_str()) {
                        self.d.err(
                            path,
                            format!(
                                "file `{rel}` is not read: only .{} files are looked up for an old recording",
                                exts.join(", .")
                            ),
                            None,
                        );
                        return None;
                    }
                }
                match crate::source::read_bytes(&real, max) {
                    Ok(b) => Arc::new(b),
                    Err(e) => {
                        let hint = match e {
                            crate::source::ReadError::TooLarge { .. } => too_large_hint(max),
                            _ => None,
                        };
                        self.d.err(
                            path,
                            format!("cannot read `{}`: {e}", shown.display()),
                            hint,
                        );
                        return None;
                    }
                }
            }
        };
        if !self.read.iter().any(|f| f.name == rel) {
            let before: u64 = self.read.iter().map(|f| f.bytes.len() as u64).sum();
            let total = before + bytes.len() as u64;
            if total > MAX_LAYER_FILES_TOTAL_BYTES {
                self.d.err(
                    path,
                    format!(
                        "`{rel}` ({}) brings the files this scenario names to {}, more than the {} a recording embeds in all",
                        crate::source::human_bytes(bytes.len() as u64),
                        crate::source::human_bytes(total),
                        crate::source::human_bytes(MAX_LAYER_FILES_TOTAL_BYTES)
                    ),
                    Some(
                        "a recording holds every file its scenario read, so that it replays anywhere; cut the rasters to the exercise's area or share one file between layers".into(),
                    ),
                );
                return None;
            }
            self.read.push(SourceFile::new(rel, bytes.clone()));
        }
        Some((shown, bytes))
    }
}
