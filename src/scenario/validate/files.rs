//! Files a scenario refers to (ESRI ASCII layers, GeoJSON roads): resolved beside the
//! scenario and never outside its folder, or taken from a recording's embedded files
//! (see [`crate::scenario::LayerFiles`]); every file read is kept for
//! [`crate::scenario::ScenarioSource::files`].

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::Validator;
use crate::scenario::{LayerFiles, SourceFile};

/// Largest file a scenario may name, bytes (a 4096 × 4096 ESRI ASCII grid written
/// with up to 14 characters a value fits).
pub const MAX_LAYER_FILE_BYTES: u64 = 256 << 20;

impl Validator {
    /// Resolve a file reference that must stay inside the scenario's folder.
    pub(super) fn file_ref(&mut self, path: &str, rel: &str) -> Option<PathBuf> {
        let p = Path::new(rel);
        if p.is_absolute()
            || p.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::Prefix(_) | Component::RootDir
                )
            })
        {
            self.d.err(
                path,
                format!("file `{rel}` is outside the scenario's folder"),
                Some("layer and road files must sit in the scenario's folder or below it".into()),
            );
            return None;
        }
        Some(self.dir.join(p))
    }

    /// The text of a file the scenario names at `path` (`rel` as written), from the
    /// folder or the given files; `None` after a diagnostic.
    pub(super) fn read_file(&mut self, path: &str, rel: &str) -> Option<(PathBuf, Arc<String>)> {
        let (full, bytes) = self.read_raw(path, rel, MAX_LAYER_FILE_BYTES)?;
        match crate::source::text_from_bytes(bytes.to_vec()) {
            Ok(t) => Some((full, Arc::new(t))),
            Err(e) => {
                self.d
                    .err(path, format!("cannot read `{}`: {e}", full.display()), None);
                None
            }
        }
    }

    /// The bytes of a file the scenario names at `path` (`rel` as written), at most
    /// `max` bytes, from the folder or the given files, kept for
    /// [`crate::scenario::ScenarioSource::files`] (what a recording embeds); `None`
    /// after a diagnostic. Every file a scenario names is read through here: ESRI
    /// ASCII and GeoTIFF layers, GeoJSON roads, OpenStreetMap extracts, place tables.
    pub(super) fn read_raw(
        &mut self,
        path: &str,
        rel: &str,
        max: u64,
    ) -> Option<(PathBuf, Arc<Vec<u8>>)> {
        let (full, bytes) = match &self.files {
            LayerFiles::Given { files, missing } => {
                let full = self.dir.join(rel);
                match files.get(rel) {
                    Some(b) => (full, b.clone()),
                    None => {
                        let missing = missing.clone();
                        self.d.err(
                            path,
                            format!("file `{rel}` is not available: {missing}"),
                            None,
                        );
                        return None;
                    }
                }
            }
            LayerFiles::Folder { extensions, .. } => {
                let extensions = *extensions;
                let full = self.file_ref(path, rel)?;
                if let Some(exts) = extensions {
                    let ext = full
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
                match crate::source::read_bytes(&full, max) {
                    Ok(b) => (full, Arc::new(b)),
                    Err(e) => {
                        self.d.err(
                            path,
                            format!("cannot read `{}`: {e}", full.display()),
                            Some("the path is relative to the scenario file".into()),
                        );
                        return None;
                    }
                }
            }
        };
        if bytes.len() as u64 > max {
            self.d.err(
                path,
                format!("`{rel}` is {} bytes, more than the {max} read", bytes.len()),
                None,
            );
            return None;
        }
        if !self.read.iter().any(|f| f.name == rel) {
            self.read.push(SourceFile::new(rel, bytes.clone()));
        }
        Some((full, bytes))
    }
}
