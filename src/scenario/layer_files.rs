//! Where a scenario's other files come from (ESRI ASCII layers, GeoJSON road
//! networks, any file the scenario names), and the record of what was read.
//!
//! Validation reads every such file through [`LayerFiles`]: from the scenario's
//! folder on disk (a scenario being loaded), or only from a given set of files (a
//! recording, which embeds every file its scenario read, so that it can be reported,
//! scored and replayed anywhere without touching the disk). Whatever was read is
//! kept in [`super::ScenarioSource::files`] as [`SourceFile`]s, byte for byte, so a
//! recording can embed exactly what the run used.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};

/// One file a scenario read besides its own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name as the scenario writes it (e.g. `dem.asc`, `layers/roads.geojson`):
    /// the key under which a recording embeds it.
    pub name: String,
    /// The bytes as read (a byte-order mark, if any, included).
    pub bytes: Arc<Vec<u8>>,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

impl SourceFile {
    /// A file and its digest.
    pub fn new(name: impl Into<String>, bytes: Arc<Vec<u8>>) -> SourceFile {
        let sha256 = super::hex(&Sha256::digest(bytes.as_slice()));
        SourceFile {
            name: name.into(),
            bytes,
            sha256,
        }
    }
}

/// Where validation may read the files a scenario names.
#[derive(Debug, Clone)]
pub enum LayerFiles {
    /// The scenario's folder on disk: a name resolves inside it and never outside.
    Folder {
        /// The folder.
        dir: PathBuf,
        /// When set, only names ending with one of these extensions (lower case,
        /// without the dot) are read; others are refused. Used for old recordings
        /// whose files are looked up on disk (see `docs/recording.md`).
        extensions: Option<&'static [&'static str]>,
    },
    /// Only these files, by name; nothing is read from disk. A name that is not
    /// there gets `missing` as its explanation.
    Given {
        /// Files by name.
        files: BTreeMap<String, Arc<Vec<u8>>>,
        /// Why a file may be missing, for the diagnostic (e.g. "the recording does
        /// not hold it").
        missing: String,
    },
}

impl LayerFiles {
    /// The scenario's folder, any file name.
    pub fn folder(dir: impl Into<PathBuf>) -> LayerFiles {
        LayerFiles::Folder {
            dir: dir.into(),
            extensions: None,
        }
    }

    /// Exactly these files.
    pub fn given(files: &[SourceFile], missing: impl Into<String>) -> LayerFiles {
        LayerFiles::Given {
            files: files
                .iter()
                .map(|f| (f.name.clone(), f.bytes.clone()))
                .collect(),
            missing: missing.into(),
        }
    }
}
