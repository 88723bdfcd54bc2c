//! Files a scenario refers to (ESRI ASCII layers, GeoJSON roads): resolved beside the
//! scenario and never outside its folder.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::Validator;

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

    pub(super) fn read_file(&mut self, path: &str, rel: &str) -> Option<(PathBuf, Arc<String>)> {
        let full = self.file_ref(path, rel)?;
        match std::fs::read_to_string(&full) {
            Ok(t) => Some((full, Arc::new(t))),
            Err(e) => {
                self.d.err(
                    path,
                    format!("cannot read `{}`: {e}", full.display()),
                    Some("the path is relative to the scenario file".into()),
                );
                None
            }
        }
    }
}
