//! Join codes: one secret per facilitator, seat and observer of every exercise.
//!
//! A code is 128 bits from the operating system's random source (`getrandom`),
//! written as 32 lowercase hex digits. Looking a code up compares it with every code
//! the server knows in constant time (`subtle`), so the time taken tells nothing of
//! how close a guess came. A code can be revoked (the facilitator issues a seat a new
//! one when a slip is lost) and expires [`CodeBook::grace`] after its exercise ends.
//! Codes are kept beside the recording (`FILE.codes`, readable by the owner only) so
//! that a server restarted with `--resume` accepts the same links.

use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// Who a code lets in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The facilitator (in an official session: the referee, who runs the clock only).
    Facilitator,
    /// A seat (command post id).
    Seat(String),
    /// An observer or evaluator: sees the console, changes nothing.
    Observer(u32),
}

impl Role {
    /// A short name for slips and logs ("facilitator", "seat V1", "observer 2").
    pub fn label(&self) -> String {
        match self {
            Role::Facilitator => "facilitator".into(),
            Role::Seat(s) => format!("seat {s}"),
            Role::Observer(n) => format!("observer {n}"),
        }
    }
}

/// A join code: 16 random bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Code(pub [u8; 16]);

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never print a secret by accident
        write!(f, "Code(…)")
    }
}

impl Code {
    /// A fresh code from the OS random source.
    ///
    /// Errors: the OS has no random source to give.
    pub fn random() -> Result<Code, String> {
        let mut b = [0u8; 16];
        getrandom::fill(&mut b).map_err(|e| format!("no random source for join codes: {e}"))?;
        Ok(Code(b))
    }

    /// 32 lowercase hex digits.
    pub fn to_hex(self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Read 32 hex digits (either case); `None` for anything else.
    pub fn parse(text: &str) -> Option<Code> {
        let t = text.as_bytes();
        if t.len() != 32 {
            return None;
        }
        let mut b = [0u8; 16];
        for (i, pair) in t.chunks(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            b[i] = (hi * 16 + lo) as u8;
        }
        Some(Code(b))
    }
}

/// One code and what it opens.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The secret.
    pub code: Code,
    /// Exercise index in the server.
    pub exercise: usize,
    /// Who it lets in.
    pub role: Role,
    /// Revoked by the facilitator.
    pub revoked: bool,
}

/// Every code of a server.
#[derive(Debug, Default)]
pub struct CodeBook {
    entries: Vec<Entry>,
    /// When each exercise ended (codes expire `grace` later).
    ended: Vec<Option<Instant>>,
    /// How long codes stay valid after their exercise ends.
    pub grace: std::time::Duration,
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a code of this server (wrong or guessed), or badly written.
    Unknown,
    /// Revoked: the facilitator issued a new one.
    Revoked,
    /// Its exercise ended more than the grace period ago.
    Expired,
}

impl Refusal {
    /// What the client is told, in English and Chinese.
    pub fn message(self) -> crate::scenario::refusal::Refusal {
        let (en, zh) = match self {
            Refusal::Unknown => ("this join code is not valid", "此加入码无效"),
            Refusal::Revoked => (
                "this join code was replaced by a new one: ask the facilitator",
                "此加入码已被新码替换：请联系导调人员",
            ),
            Refusal::Expired => (
                "this exercise is over and its join codes have expired",
                "本次演练已结束，加入码已过期",
            ),
        };
        crate::scenario::refusal::Refusal::new(en, zh)
    }
}

impl CodeBook {
    /// An empty book for `exercises` exercises whose codes stay valid `grace` after
    /// they end.
    pub fn new(exercises: usize, grace: std::time::Duration) -> CodeBook {
        CodeBook {
            entries: Vec::new(),
            ended: vec![None; exercises],
            grace,
        }
    }

    /// Add a code (a fresh one unless `code` is given), returning it.
    pub fn add(&mut self, exercise: usize, role: Role, code: Option<Code>) -> Result<Code, String> {
        let code = match code {
            Some(c) => c,
            None => Code::random()?,
        };
        if self.ended.len() <= exercise {
            self.ended.resize(exercise + 1, None);
        }
        self.entries.push(Entry {
            code,
            exercise,
            role,
            revoked: false,
        });
        Ok(code)
    }

    /// Revoke the live code(s) of `role` in `exercise` and issue a new one.
    pub fn reissue(&mut self, exercise: usize, role: &Role) -> Result<Code, String> {
        for e in &mut self.entries {
            if e.exercise == exercise && &e.role == role {
                e.revoked = true;
            }
        }
        self.add(exercise, role.clone(), None)
    }

    /// Note that `exercise` ended now (its codes expire after the grace period).
    pub fn exercise_ended(&mut self, exercise: usize) {
        if let Some(slot) = self.ended.get_mut(exercise)
            && slot.is_none()
        {
            *slot = Some(Instant::now());
        }
    }

    /// The exercise and role a presented code opens, compared in constant time with
    /// every code known.
    pub fn check(&self, presented: &str) -> Result<(usize, Role), Refusal> {
        // a badly written code is compared too (as zeros), so its refusal takes as long
        let (parsed, well_formed) = match Code::parse(presented.trim()) {
            Some(c) => (c, true),
            None => (Code([0; 16]), false),
        };
        let mut found: Option<&Entry> = None;
        for e in &self.entries {
            let eq: bool = e.code.0.ct_eq(&parsed.0).into();
            if eq && well_formed {
                found = Some(e);
            }
        }
        let e = found.ok_or(Refusal::Unknown)?;
        if e.revoked {
            return Err(Refusal::Revoked);
        }
        if let Some(Some(t)) = self.ended.get(e.exercise)
            && t.elapsed() > self.grace
        {
            return Err(Refusal::Expired);
        }
        Ok((e.exercise, e.role.clone()))
    }

    /// The live (not revoked) codes of an exercise, by role.
    pub fn live_codes(&self, exercise: usize) -> Vec<(Role, Code)> {
        self.entries
            .iter()
            .filter(|e| e.exercise == exercise && !e.revoked)
            .map(|e| (e.role.clone(), e.code))
            .collect()
    }
}

/// The codes of one exercise as kept beside its recording.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CodeFile {
    /// (role, 32 hex digits), live codes only.
    pub codes: Vec<(Role, String)>,
}

/// Largest join-code file read back (`serve --resume`), bytes (1 MiB: an exercise's
/// codes, one line of about 60 bytes per seat and observer, are a few KiB).
pub const MAX_CODE_FILE_BYTES: u64 = 1 << 20;

/// Write `codes` to `path`, readable and writable by the owner only.
pub fn save(path: &Path, codes: &[(Role, Code)]) -> Result<(), String> {
    use std::io::Write;
    let file = CodeFile {
        codes: codes.iter().map(|(r, c)| (r.clone(), c.to_hex())).collect(),
    };
    let json = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
    let tmp = path.with_extension("codes.tmp");
    // a file left there (a crash) or a link planted there is removed, never written
    // through: the new file is created, not opened
    if std::fs::symlink_metadata(&tmp).is_ok() {
        std::fs::remove_file(&tmp).map_err(|e| format!("cannot replace {}: {e}", tmp.display()))?;
    }
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let mut f = open
        .open(&tmp)
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    f.write_all(&json)
        .and_then(|_| f.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Read the codes kept at `path`.
///
/// Errors: unreadable file, not JSON of [`CodeFile`], or a code not of 32 hex digits.
pub fn load(path: &Path) -> Result<Vec<(Role, Code)>, String> {
    let text = crate::source::read_bytes(path, MAX_CODE_FILE_BYTES)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let f: CodeFile = serde_json::from_slice(&text)
        .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
    f.codes
        .into_iter()
        .map(|(r, c)| {
            Code::parse(&c)
                .map(|code| (r, code))
                .ok_or_else(|| format!("{}: a code is not 32 hex digits", path.display()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_refused_when_wrong_revoked_or_expired() {
        let mut b = CodeBook::new(2, std::time::Duration::from_millis(0));
        let f = b.add(0, Role::Facilitator, None).unwrap();
        let v = b.add(1, Role::Seat("V1".into()), None).unwrap();
        assert_ne!(f, v);
        assert_eq!(b.check(&f.to_hex()), Ok((0, Role::Facilitator)));
        assert_eq!(
            b.check(&v.to_hex().to_uppercase()),
            Ok((1, Role::Seat("V1".into())))
        );
        // one bit off, too short, not hex
        let mut g = v;
        g.0[15] ^= 1;
        assert_eq!(b.check(&g.to_hex()), Err(Refusal::Unknown));
        assert_eq!(b.check(&v.to_hex()[..31]), Err(Refusal::Unknown));
        assert_eq!(b.check(&"zz".repeat(16)), Err(Refusal::Unknown));
        assert_eq!(b.check(""), Err(Refusal::Unknown));
        let v2 = b.reissue(1, &Role::Seat("V1".into())).unwrap();
        assert_eq!(b.check(&v.to_hex()), Err(Refusal::Revoked));
        assert_eq!(b.check(&v2.to_hex()), Ok((1, Role::Seat("V1".into()))));
        b.exercise_ended(1);
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert_eq!(b.check(&v2.to_hex()), Err(Refusal::Expired));
        assert_eq!(b.check(&f.to_hex()), Ok((0, Role::Facilitator)));
    }

    #[test]
    fn code_files_keep_the_codes() {
        let dir = std::env::temp_dir().join(format!("drillsim-codes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("x.codes");
        let codes = vec![
            (Role::Facilitator, Code::random().unwrap()),
            (Role::Seat("T1".into()), Code::random().unwrap()),
        ];
        save(&p, &codes).unwrap();
        assert_eq!(load(&p).unwrap(), codes);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "a code file is for its owner only");
            // a link planted where the temporary file goes is replaced, not written
            // through (it wrote the codes into another file, world-readable)
            let victim = dir.join("victim.txt");
            std::fs::write(&victim, "someone else's file").unwrap();
            let _ = std::fs::remove_file(p.with_extension("codes.tmp"));
            std::os::unix::fs::symlink(&victim, p.with_extension("codes.tmp")).unwrap();
            save(&p, &codes).unwrap();
            assert_eq!(
                std::fs::read_to_string(&victim).unwrap(),
                "someone else's file"
            );
            assert_eq!(load(&p).unwrap(), codes);
            // a FIFO or an oversized file is refused, not waited on or read whole
            let fifo = dir.join("f.codes");
            assert!(
                std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap()
                    .success()
            );
            assert!(load(&fifo).unwrap_err().contains("FIFO"));
            let big = dir.join("big.codes");
            let f = std::fs::File::create(&big).unwrap();
            f.set_len(MAX_CODE_FILE_BYTES + 1).unwrap();
            assert!(load(&big).unwrap_err().contains("more than"));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
