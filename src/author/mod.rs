//! Authoring exercises from a trainer's own files: a new scenario from a DEM, roads
//! and a places table ([`new`]), and the MSEL as a spreadsheet out and back in
//! ([`msel`]).
//!
//! Everything written here validates before it is written; files are written
//! through a temporary file and renamed. What may be replaced follows the shared
//! output guard ([`crate::output`]): an existing file only with `--force`, never an
//! input of the command, a recording or a key.

pub mod msel;
pub mod new;

use std::path::Path;

/// Write `bytes` to a new file `path` (through a temporary file in the same folder,
/// then renamed); refuse when `path` exists. Used for the files `new` stages in a
/// fresh folder; outputs a user names go through [`crate::output::write`].
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "{} exists; choose another name (nothing is ever replaced)",
            path.display()
        ));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}
