//! Files drillsim writes, and what it refuses to write over: one guard for every
//! command that makes a file (recordings, reports, CSV and CAP exports, leaderboards,
//! keys, synthetic scenarios, screenshots).
//!
//! The rules (see `docs/outputs.md`):
//! - an output never replaces an **input** of the same command (the scenario, an orders
//!   file, a recording being reported or judged, a round file, a key), not even with
//!   `--force`; files are compared by identity (device and inode on Unix, the
//!   canonical path elsewhere), so a second name for the same file is caught too;
//! - an existing **recording** or **key** is never replaced, whatever the command and
//!   whatever the flags (a recording is recognised by its first bytes, a key file by
//!   being a short file of hex digits);
//! - an existing **ordinary output** (a report, a CSV, a leaderboard, a PNG) is
//!   replaced only with `--force`;
//! - two outputs of one command never name the same file;
//! - something other than a regular file (a directory, a FIFO, a device) is never
//!   written to;
//! - a finished output is written whole to a temporary file in the same directory and
//!   then moved into place, so a reader never sees half a file and a crash leaves the
//!   old file as it was. Without `--force` the move cannot replace a file that
//!   appeared meanwhile (it is a hard link, which fails when the name is taken).
//!   Recordings are written as the exercise goes (so that a crash keeps everything up
//!   to the last frame): they are created with "create new" ([`create_new`]), which
//!   fails when the name is taken.
//!
//! [`text`] holds what makes text safe for the formats drillsim writes (XML 1.0
//! characters, the UTF-8 byte-order mark of CSV files); [`terminal`] what makes it
//! safe for the terminal (no control characters on standard output).

pub mod terminal;
pub mod text;

use std::io::Write;
use std::path::{Path, PathBuf};

/// First bytes of a drillsim recording (`record::MAGIC` is this constant): outputs
/// never write over such a file, and readers of other files say when given one.
pub const RECORDING_MAGIC: &[u8] = b"DRILLSIM-REC\n";

/// Shortest run of hex digits taken for a key file: 32 digits, the 16 bytes of the
/// shortest key accepted (`record::sign::MIN_KEY_BYTES`).
pub const KEY_MIN_HEX_DIGITS: usize = 32;

/// Longest file still sniffed as a key file, bytes (a key written by drillsim is 65).
pub const KEY_MAX_FILE_BYTES: u64 = 4096;

/// What an output is, for the rules above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A recording: never replaces an existing file.
    Recording,
    /// A key file: never replaces an existing file.
    Key,
    /// Anything else (report, CSV, CAP, leaderboard, PNG, scenario made by `synth`):
    /// replaces an existing file only with `--force`. The text names it in messages.
    Ordinary(&'static str),
    /// An output of a command that has no `--force` (a shard file): never replaces an
    /// existing file. The text names it in messages.
    Kept(&'static str),
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Recording => "recording",
            Kind::Key => "key file",
            Kind::Ordinary(what) | Kind::Kept(what) => what,
        }
    }
}

/// Who a file is: device and inode on Unix, else its canonical path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)] // the only variant off Unix
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = &meta;
        Some(Identity::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        std::fs::canonicalize(path).ok().map(Identity::Path)
    }
}

/// Where a path that may not exist yet would be: its folder made canonical, then the
/// file name (so `./a.html` and `a.html` are the same output).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match (std::fs::canonicalize(&parent), path.file_name()) {
        (Ok(d), Some(f)) => d.join(f),
        _ => path.to_path_buf(),
    }
}

/// What an existing file holds, as far as the rules care.
fn sniff(path: &Path) -> Option<Kind> {
    use std::io::Read;
    let f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let mut head = Vec::with_capacity(KEY_MAX_FILE_BYTES as usize);
    f.take(KEY_MAX_FILE_BYTES).read_to_end(&mut head).ok()?;
    if head.starts_with(RECORDING_MAGIC) {
        return Some(Kind::Recording);
    }
    if len <= KEY_MAX_FILE_BYTES {
        let digits = head.iter().filter(|b| b.is_ascii_hexdigit()).count();
        if digits >= KEY_MIN_HEX_DIGITS
            && head
                .iter()
                .all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace())
        {
            return Some(Kind::Key);
        }
    }
    None
}

/// The files one command reads and writes, checked before any work is done.
#[derive(Debug, Default)]
pub struct Plan {
    force: bool,
    inputs: Vec<(PathBuf, Identity, &'static str)>,
    outputs: Vec<PathBuf>,
    /// Output directories (made when missing), resolved.
    dirs: Vec<PathBuf>,
}

impl Plan {
    /// A plan; `force` is the command's `--force` (replace ordinary outputs).
    pub fn new(force: bool) -> Plan {
        Plan {
            force,
            ..Plan::default()
        }
    }

    /// Whether `--force` was given.
    pub fn force(&self) -> bool {
        self.force
    }

    /// Name an input of the command (`what`: "scenario", "orders file", …). A path that
    /// does not exist is ignored here (reading it will say so).
    pub fn input(&mut self, path: &Path, what: &'static str) -> &mut Plan {
        if let Some(id) = identity(path) {
            self.inputs.push((path.to_path_buf(), id, what));
        }
        self
    }

    /// Check an output file against the rules; on success it is added to the plan.
    ///
    /// Errors (a sentence naming the file): it is an input of this command; another
    /// output of this command; not a regular file; an existing recording or key; an
    /// existing file without `--force` (or any existing file for a recording or key
    /// output); its folder does not exist (unless it is an output directory of this
    /// command, made when missing) or is not a folder.
    pub fn output(&mut self, path: &Path, kind: Kind) -> Result<(), String> {
        let shown = path.display();
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() && !self.dirs.contains(&resolved(&parent)) {
            return Err(format!(
                "cannot write {shown}: {} {}",
                parent.display(),
                if parent.exists() {
                    "is not a folder"
                } else {
                    "does not exist (make the folder first)"
                }
            ));
        }
        if let Some(id) = identity(path)
            && let Some((p, _, what)) = self.inputs.iter().find(|(_, i, _)| *i == id)
        {
            return Err(format!(
                "{shown} is the {what} this command reads{}: an output never replaces an input (choose another file for the {})",
                if p.as_path() != path {
                    format!(" (as {})", p.display())
                } else {
                    String::new()
                },
                kind.name()
            ));
        }
        let here = resolved(path);
        if self.outputs.contains(&here) || self.dirs.contains(&here) {
            return Err(format!(
                "{shown} is named for two outputs of this command: give each its own file"
            ));
        }
        check_existing(path, kind, self.force)?;
        self.outputs.push(here);
        Ok(())
    }

    /// Check an output directory and the files the command will write in it
    /// (`names`): the directory may exist (it must then be a directory) or not.
    pub fn output_dir(&mut self, dir: &Path, names: &[&str], kind: Kind) -> Result<(), String> {
        if let Ok(m) = std::fs::metadata(dir)
            && !m.is_dir()
        {
            return Err(format!(
                "{} exists and is not a directory: give a directory for the {}",
                dir.display(),
                kind.name()
            ));
        }
        let here = resolved(dir);
        if self.outputs.contains(&here) {
            return Err(format!(
                "{} is named for two outputs of this command (a file and a folder): give each its own name",
                dir.display()
            ));
        }
        self.dirs.push(here);
        for n in names {
            self.output(&dir.join(n), kind)?;
        }
        Ok(())
    }
}

/// The rules for one path that may exist: see [`Plan::output`].
pub fn check_existing(path: &Path, kind: Kind, force: bool) -> Result<(), String> {
    let shown = path.display();
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(_) => return Ok(()), // nothing there
    };
    let meta = if meta.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) => {
                return Err(format!(
                    "{shown} is a link to nothing: remove it or choose another file for the {}",
                    kind.name()
                ));
            }
        }
    } else {
        meta
    };
    if !meta.is_file() {
        return Err(format!(
            "{shown} exists and is not a regular file (a directory, a FIFO or a device): choose a file for the {}",
            kind.name()
        ));
    }
    match sniff(path) {
        Some(Kind::Recording) => {
            return Err(format!(
                "{shown} exists and is a drillsim recording: a recording is never overwritten (choose another file for the {})",
                kind.name()
            ));
        }
        Some(Kind::Key) => {
            return Err(format!(
                "{shown} exists and looks like a key file: a key is never overwritten (choose another file for the {})",
                kind.name()
            ));
        }
        _ => {}
    }
    match kind {
        Kind::Recording | Kind::Key | Kind::Kept(_) => Err(format!(
            "{shown} exists: a {} is never written over an existing file (choose a new name)",
            kind.name()
        )),
        Kind::Ordinary(what) if !force => Err(format!(
            "{shown} exists: give --force to replace the {what}, or choose another file"
        )),
        Kind::Ordinary(_) => Ok(()),
    }
}

/// Create a new file for writing as a run goes (recordings) or once (keys); fails
/// when the name is taken, so nothing existing is ever replaced. `mode` is the Unix
/// permission bits (e.g. `0o600` for a key), ignored elsewhere.
pub fn create_new(path: &Path, kind: Kind, mode: Option<u32>) -> Result<std::fs::File, String> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    if let Some(m) = mode {
        std::os::unix::fs::OpenOptionsExt::mode(&mut open, m);
    }
    #[cfg(not(unix))]
    let _ = mode;
    open.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            match check_existing(path, kind, false) {
                Err(why) => why,
                Ok(()) => format!(
                    "{} exists: a {} is never written over an existing file",
                    path.display(),
                    kind.name()
                ),
            }
        } else {
            format!("cannot create {} {}: {e}", kind.name(), path.display())
        }
    })
}

/// Write a whole output: the rules of [`check_existing`], then the bytes to a
/// temporary file beside `path`, synced, then moved into place (see the module
/// header). `force` replaces an existing ordinary output.
pub fn write(path: &Path, bytes: &[u8], kind: Kind, force: bool) -> Result<(), String> {
    check_existing(path, kind, force)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("{} names no file", path.display()))?;
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let (tmp, mut f) = temp_beside(&dir, name).map_err(cannot)?;
    let done = f
        .write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(cannot);
    drop(f);
    let done = done.and_then(|_| place(&tmp, path, kind, force));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}

/// A fresh temporary file in `dir`, named after the output (`.NAME.PID-N.tmp`).
fn temp_beside(dir: &Path, name: &std::ffi::OsStr) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(
            ".{}.{}-{n}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Move the finished temporary file into place.
fn place(tmp: &Path, path: &Path, kind: Kind, force: bool) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    if force && matches!(kind, Kind::Ordinary(_)) {
        return std::fs::rename(tmp, path).map_err(cannot);
    }
    // no replacing: a hard link fails when the name is taken
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(check_existing(path, kind, false).err().unwrap_or_else(|| {
                format!("{} appeared while it was being written", path.display())
            }))
        }
        Err(_) => {
            // a file system without hard links: check once more, then rename
            check_existing(path, kind, false)?;
            std::fs::rename(tmp, path).map_err(cannot)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_never_outputs_even_by_another_name() {
        let d = tempfile::tempdir().unwrap();
        let scen = d.path().join("s.ron");
        std::fs::write(&scen, "()").unwrap();
        let mut p = Plan::new(true);
        p.input(&scen, "scenario");
        let other_name = d.path().join(".").join("s.ron");
        let e = p.output(&other_name, Kind::Ordinary("report")).unwrap_err();
        assert!(e.contains("is the scenario this command reads"), "{e}");
        #[cfg(unix)]
        {
            let link = d.path().join("hard.ron");
            std::fs::hard_link(&scen, &link).unwrap();
            let e = p.output(&link, Kind::Ordinary("report")).unwrap_err();
            assert!(e.contains("(as "), "{e}");
        }
    }

    #[test]
    fn recordings_and_keys_are_never_replaced_ordinary_files_only_with_force() {
        let d = tempfile::tempdir().unwrap();
        let rec = d.path().join("r.drec");
        std::fs::write(&rec, b"DRILLSIM-REC\n....").unwrap();
        let key = d.path().join("round.key");
        std::fs::write(&key, format!("{}\n", "ab".repeat(32))).unwrap();
        let page = d.path().join("aar.html");
        std::fs::write(&page, "<html>").unwrap();
        for force in [false, true] {
            let e = check_existing(&rec, Kind::Ordinary("report"), force).unwrap_err();
            assert!(e.contains("never overwritten"), "{e}");
            let e = check_existing(&key, Kind::Ordinary("leaderboard"), force).unwrap_err();
            assert!(e.contains("key"), "{e}");
            let e = check_existing(&page, Kind::Recording, force).unwrap_err();
            assert!(e.contains("never written over"), "{e}");
        }
        let e = check_existing(&page, Kind::Ordinary("report"), false).unwrap_err();
        assert!(e.contains("--force"), "{e}");
        check_existing(&page, Kind::Ordinary("report"), true).unwrap();
        // written whole, then moved into place; no temporary file is left behind
        write(&page, b"new", Kind::Ordinary("report"), true).unwrap();
        assert_eq!(std::fs::read(&page).unwrap(), b"new");
        assert!(write(&page, b"newer", Kind::Ordinary("report"), false).is_err());
        assert_eq!(std::fs::read(&page).unwrap(), b"new");
        write(
            &d.path().join("fresh.csv"),
            b"x",
            Kind::Ordinary("CSV"),
            false,
        )
        .unwrap();
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty());
        assert!(create_new(&rec, Kind::Recording, None).is_err());
        assert!(create_new(&d.path().join("new.drec"), Kind::Recording, None).is_ok());
    }

    #[test]
    fn two_outputs_of_one_command_are_refused_and_devices_are_not_files() {
        let d = tempfile::tempdir().unwrap();
        let mut p = Plan::new(true);
        p.output(&d.path().join("board.json"), Kind::Ordinary("JSON"))
            .unwrap();
        let e = p
            .output(&d.path().join("./board.json"), Kind::Ordinary("CSV"))
            .unwrap_err();
        assert!(e.contains("two outputs"), "{e}");
        #[cfg(unix)]
        {
            let e =
                check_existing(Path::new("/dev/null"), Kind::Ordinary("report"), true).unwrap_err();
            assert!(e.contains("not a regular file"), "{e}");
        }
        let file = d.path().join("plain.txt");
        std::fs::write(&file, "x").unwrap();
        let e = p
            .output_dir(&file, &["a.csv"], Kind::Ordinary("CSV"))
            .unwrap_err();
        assert!(e.contains("not a directory"), "{e}");
    }
}
