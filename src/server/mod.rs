//! `drillsim serve`: networked exercises. One authoritative server process hosts one
//! or more exercises; every seat plays in its own browser, the facilitator runs the
//! clock and delivers injects from a console, observers watch. See `docs/serve.md`.
//!
//! Layout: [`codes`] (join codes), [`protocol`] (the JSON messages), [`exercise`]
//! (one thread per exercise, owning its engine), [`web`] (axum: the embedded client
//! and the WebSockets), [`render`] (terrain and hazard images), [`assets`] (the
//! embedded web client). What a seat sees and may do is computed by
//! [`crate::seat`]; this module only carries it.
//!
//! Invariants: each engine is touched by its own thread only; every input is stamped
//! with the next tick's second and queued with `Engine::push_input`, as the GUI does,
//! so recordings verify bit-exact and a killed server continues from its recording
//! (`--resume`); join codes are checked for every connection, and every message is
//! acted on as the seat its code belongs to.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub mod assets;
pub mod codes;
pub mod exercise;
pub mod listen;
pub mod protocol;
pub mod render;
pub mod start;
pub mod web;

use codes::{Code, CodeBook, Role};
use exercise::Handle;
use start::{Ready, Start, command_posts, spawn};

/// How long join codes stay valid after their exercise ends, by default (for the
/// debrief).
pub const CODE_GRACE: Duration = Duration::from_secs(2 * 3600);

/// Interface language the links open in (each client can switch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WebLang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl std::str::FromStr for WebLang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(WebLang::En),
            "zh" | "zh-cn" | "cn" | "chinese" => Ok(WebLang::Zh),
            _ => Err(format!("unknown language `{s}` (use en or zh)")),
        }
    }
}

impl WebLang {
    fn code(self) -> &'static str {
        match self {
            WebLang::En => "en",
            WebLang::Zh => "zh",
        }
    }
}

/// Options of `drillsim serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Scenarios (each gives `groups` exercises); empty with `resume`.
    pub scenarios: Vec<PathBuf>,
    /// Recordings to continue instead.
    pub resume: Vec<PathBuf>,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Recording file (with several exercises: the stem of each one's file).
    pub record: Option<PathBuf>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Language of the links.
    pub lang: WebLang,
    /// Seats played by people from the start (default: every command post).
    pub seats: Vec<String>,
    /// Observer codes per exercise.
    pub observers: u32,
    /// Exercises per scenario (groups training in parallel).
    pub groups: u32,
    /// Address players use to reach the server (default: from `listen`).
    pub url: Option<String>,
    /// Where the join links are written (default: beside the first recording).
    pub links: Option<PathBuf>,
    /// Starting speed.
    pub speed: f64,
    /// How long codes stay valid after their exercise ends.
    pub code_grace: Duration,
}

/// Options of `drillsim compete ROUND --serve TEAM`.
#[derive(Debug, Clone)]
pub struct OfficialOptions {
    /// The round.
    pub round: crate::compete::Round,
    /// Team id.
    pub team: String,
    /// The round's key.
    pub key: crate::record::sign::Key,
    /// Signed recording.
    pub output: PathBuf,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Address players use (default: from `listen`).
    pub url: Option<String>,
    /// Language of the links.
    pub lang: WebLang,
    /// Observer codes.
    pub observers: u32,
    /// Where the join links are written.
    pub links: Option<PathBuf>,
}

/// What the connections share.
pub struct Shared {
    /// Every code.
    pub codes: Arc<Mutex<CodeBook>>,
    /// Exercises, by index.
    pub exercises: Vec<Arc<Handle>>,
    /// Base URL of the links.
    pub base_url: String,
    /// Language of the links.
    pub lang: WebLang,
    /// Where each exercise's codes are kept.
    pub code_files: Vec<PathBuf>,
    /// The printed join links (`--links`), rewritten when a code is reissued.
    pub links_file: Option<PathBuf>,
}

/// The recording's sidecar holding its join codes (`FILE.codes`).
pub fn codes_path(record: &Path) -> PathBuf {
    let mut p = record.as_os_str().to_owned();
    p.push(".codes");
    PathBuf::from(p)
}

/// `A`, `B`, … `Z`, `AA`, …
fn exercise_id(i: usize) -> String {
    let mut n = i;
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

fn default_record(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "exercise".into());
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    PathBuf::from(format!("{stem}-{secs}.drec"))
}

/// The recording of exercise `id` when `n` exercises share the base name `base`.
fn record_for(base: &Path, id: &str, n: usize) -> PathBuf {
    if n == 1 {
        return base.to_path_buf();
    }
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "exercise".into());
    base.with_file_name(format!("{stem}-{id}.drec"))
}

/// `drillsim serve`.
pub fn serve(o: ServeOptions) -> Result<(), String> {
    let mut starts: Vec<(String, Start)> = Vec::new();
    if !o.resume.is_empty() {
        for (i, r) in o.resume.iter().enumerate() {
            starts.push((exercise_id(i), Start::Resume { record: r.clone() }));
        }
    } else {
        if o.scenarios.is_empty() {
            return Err("give a scenario to serve (or --resume RECORDING)".into());
        }
        let groups = o.groups.clamp(1, 26 * 27) as usize;
        let n = o.scenarios.len() * groups;
        let mut i = 0;
        for path in &o.scenarios {
            let s = crate::scenario::open(path)?;
            let posts = command_posts(&s);
            for seat in &o.seats {
                crate::seat::command_post(&s, seat).map_err(|e| format!("--seat: {e}"))?;
            }
            let human = if o.seats.is_empty() {
                posts.clone()
            } else {
                o.seats.clone()
            };
            let base = o.record.clone().unwrap_or_else(|| default_record(path));
            for _ in 0..groups {
                let id = exercise_id(i);
                let record = record_for(&base, &id, n);
                starts.push((
                    id,
                    Start::New {
                        scenario: s.clone(),
                        seed: o.seed.unwrap_or(s.meta.seed),
                        human: human.clone(),
                        record,
                        speed: o.speed.clamp(1.0, exercise::MAX_SPEED),
                    },
                ));
                i += 1;
            }
        }
    }
    run_server(
        starts,
        o.listen,
        o.url,
        o.lang,
        o.observers,
        o.links,
        o.code_grace,
    )
}

/// `drillsim compete ROUND --serve TEAM`: an official live session over the network.
pub fn serve_official(o: OfficialOptions) -> Result<(), String> {
    o.round.team(&o.team)?;
    let start = Start::Official {
        round: Box::new(o.round),
        team: o.team,
        key: o.key,
        output: o.output,
    };
    run_server(
        vec![(exercise_id(0), start)],
        o.listen,
        o.url,
        o.lang,
        o.observers,
        o.links,
        CODE_GRACE,
    )
}

fn run_server(
    starts: Vec<(String, Start)>,
    listen: SocketAddr,
    url: Option<String>,
    lang: WebLang,
    observers: u32,
    links: Option<PathBuf>,
    grace: Duration,
) -> Result<(), String> {
    let n = starts.len();
    let links_file = match (&links, starts.first()) {
        (Some(l), _) => l.clone(),
        (None, Some((_, first))) => links_beside(record_of(first)),
        (None, None) => return Err("no exercise to serve".into()),
    };
    check_links_file(&starts, &links_file)?;
    let codes = Arc::new(Mutex::new(CodeBook::new(n, grace)));
    let mut handles = Vec::new();
    let mut threads = Vec::new();
    let mut readies = Vec::new();
    let mut code_files = Vec::new();
    for (i, (id, start)) in starts.into_iter().enumerate() {
        let resumed = matches!(start, Start::Resume { .. });
        let (ready, thread) = match spawn(i, id, start, codes.clone()) {
            Ok(x) => x,
            Err(e) => {
                stop_all(&handles, threads);
                return Err(e);
            }
        };
        let cpath = codes_path(&ready.record);
        let kept = if resumed && cpath.exists() {
            codes::load(&cpath)?
        } else {
            Vec::new()
        };
        {
            let mut book = codes.lock().map_err(|_| "code book poisoned".to_string())?;
            let mut roles: Vec<Role> = vec![Role::Facilitator];
            roles.extend(ready.seats.iter().map(|s| Role::Seat(s.clone())));
            roles.extend((1..=observers).map(Role::Observer));
            for r in &roles {
                let old = kept.iter().find(|(k, _)| k == r).map(|(_, c)| *c);
                book.add(i, r.clone(), old)?;
            }
            codes::save(&cpath, &book.live_codes(i))?;
        }
        code_files.push(cpath);
        crate::errln!("exercise {}: {}", ready.handle.id, ready.note);
        handles.push(ready.handle.clone());
        readies.push(ready);
        threads.push(thread);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .thread_name("serve")
        .build()
        .map_err(|e| format!("cannot start the network runtime: {e}"))?;
    let result = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let base_url = url
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("http://{local}"));
        let shared = Arc::new(Shared {
            codes: codes.clone(),
            exercises: handles.clone(),
            base_url,
            lang,
            code_files,
            links_file: Some(links_file.clone()),
        });
        let text = links_text(&shared, &readies)?;
        write_private(&links_file, &text)?;
        crate::outln!("{text}");
        crate::outln!(
            "join links written to {} (print them as slips; each link is a secret)",
            links_file.display()
        );
        if local.ip().is_loopback() {
            crate::outln!(
                "only this computer can join: to let players on the room's network in, serve with --listen 0.0.0.0:{} --url http://<this computer's address>:{}",
                local.port(),
                local.port()
            );
        }
        crate::outln!("listening on http://{local}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        listen::serve(listener, web::router(shared), shutdown()).await;
        Ok::<(), String>(())
    });
    stop_all(&handles, threads);
    rt.shutdown_timeout(Duration::from_secs(2));
    crate::errln!(
        "server stopped; an unfinished exercise continues with `drillsim serve --resume FILE`"
    );
    result
}

async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = async {
            match signal(SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn stop_all(handles: &[Arc<Handle>], threads: Vec<std::thread::JoinHandle<()>>) {
    for h in handles {
        let _ = h.tx.send(exercise::Cmd::Stop);
    }
    for t in threads {
        let _ = t.join();
    }
}

/// The recording a start writes (or, resumed, continues).
fn record_of(start: &Start) -> &Path {
    match start {
        Start::New { record, .. } | Start::Resume { record } => record,
        Start::Official { output, .. } => output,
    }
}

/// The join-links file follows the output rules of [`crate::output`]: it never
/// replaces a scenario served or any file it reads (layers, road networks), a
/// recording (the ones resumed, the ones about to be written, or any other), a
/// join-code file or a key file, nor anything but a regular file, and its folder must
/// exist. An existing file is replaced only when it is a links file of an earlier run
/// (the same name on `--resume`: it holds the same links).
fn check_links_file(starts: &[(String, Start)], links_file: &Path) -> Result<(), String> {
    let earlier_links = std::fs::symlink_metadata(links_file)
        .is_ok_and(|m| m.is_file() && m.len() < 1 << 20)
        && std::fs::read_to_string(links_file).is_ok_and(|t| {
            t.lines()
                .next()
                .is_some_and(|l| l.starts_with("exercise ") && l.contains(" — "))
        });
    // (an existing file is judged below: replaced only when it is earlier links)
    let mut plan = crate::output::Plan::new(true);
    let mut writes = Vec::new();
    for (_, start) in starts {
        let files = match start {
            Start::New { scenario, .. } => scenario.source.paths(),
            Start::Official { round, .. } => round.scenario.source.paths(),
            Start::Resume { .. } => Vec::new(),
        };
        for f in &files {
            plan.input(f, "scenario file");
        }
        let rec = record_of(start);
        plan.input(rec, "recording");
        if matches!(start, Start::Resume { .. }) {
            plan.input(&codes_path(rec), "join-code file");
        } else {
            writes.push(rec.to_path_buf());
        }
    }
    // the recordings this server is about to write are outputs too, and so are their
    // join-code files: never over an existing file or a file a scenario reads
    for rec in &writes {
        if !rec.exists() {
            plan.output(rec, crate::output::Kind::Recording)
                .map_err(|e| format!("--record: {e}"))?;
            plan.output(
                &codes_path(rec),
                crate::output::Kind::Kept("join-code file"),
            )
            .map_err(|e| format!("--record: {e}"))?;
        }
    }
    plan.output(links_file, crate::output::Kind::Ordinary("join links"))
        .map_err(|e| format!("--links: {e}"))?;
    if links_file.exists() && !earlier_links {
        return Err(format!(
            "--links: {} exists and is not a join-links file of an earlier run: choose another file",
            links_file.display()
        ));
    }
    Ok(())
}

fn links_beside(record: &Path) -> PathBuf {
    let stem = record
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "exercise".into());
    record.with_file_name(format!("{stem}-links.txt"))
}

/// A join link.
pub fn link(sh: &Shared, code: Code) -> String {
    format!("{}/?lang={}#{}", sh.base_url, sh.lang.code(), code.to_hex())
}

fn links_text(sh: &Shared, readies: &[Ready]) -> Result<String, String> {
    let book = sh
        .codes
        .lock()
        .map_err(|_| "code book poisoned".to_string())?;
    let mut out = String::new();
    for (i, r) in readies.iter().enumerate() {
        let h = &r.handle;
        out.push_str(&format!(
            "exercise {} — {} — {}\n",
            h.id,
            h.name,
            r.record.display()
        ));
        for (role, code) in book.live_codes(i) {
            out.push_str(&format!("  {:<28} {}\n", role.label(), link(sh, code)));
        }
    }
    Ok(out)
}

fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    open.open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Revoke `seat`'s code in `h`'s exercise and issue a new one; the new link.
///
/// Errors (in English and Chinese): not a seat of the exercise, or the code book
/// could not be changed or saved.
pub fn reissue(
    sh: &Shared,
    h: &Handle,
    seat: &str,
) -> Result<String, crate::scenario::refusal::Refusal> {
    use crate::scenario::refusal::Refusal;
    if !h.seats.contains_key(seat) {
        return Err(Refusal::new(
            format!("`{seat}` is not a seat of this exercise"),
            format!("`{seat}` 不是本次演练的席位"),
        ));
    }
    let failed = |e: String| Refusal::new(e.clone(), format!("无法发放新加入码：{e}"));
    let mut book = sh
        .codes
        .lock()
        .map_err(|_| failed("code book poisoned".to_string()))?;
    let role = Role::Seat(seat.to_string());
    let old = book
        .live_codes(h.index)
        .into_iter()
        .find(|(r, _)| *r == role)
        .map(|(_, c)| c);
    let code = book.reissue(h.index, &role).map_err(failed)?;
    if let Some(p) = sh.code_files.get(h.index) {
        codes::save(p, &book.live_codes(h.index)).map_err(failed)?;
    }
    // the links file follows: the revoked link is replaced by the new one, so slips
    // printed from it again are good
    if let (Some(old), Some(path)) = (old, &sh.links_file)
        && let Ok(text) = crate::source::read_text(path, crate::source::MAX_TABLE_BYTES)
    {
        write_private(path, &text.replace(&old.to_hex(), &code.to_hex())).map_err(failed)?;
    }
    Ok(link(sh, code))
}
