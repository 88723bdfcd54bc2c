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

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;

use crate::order::{FACILITATOR, Input, Order};
use crate::scenario::{MemberKind, Scenario};
use crate::sim::Engine;
use crate::time::Dur;

pub mod assets;
pub mod codes;
pub mod exercise;
pub mod protocol;
pub mod render;
pub mod web;

use codes::{Code, CodeBook, Role};
use exercise::{Exercise, Handle, OfficialInfo, Pace};

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
}

/// How an exercise starts.
enum Start {
    New {
        scenario: Arc<Scenario>,
        seed: u64,
        human: Vec<String>,
        record: PathBuf,
        speed: f64,
    },
    Resume {
        record: PathBuf,
    },
    Official {
        round: Box<crate::compete::Round>,
        team: String,
        key: crate::record::sign::Key,
        output: PathBuf,
    },
}

/// The recording's sidecar holding its join codes (`FILE.codes`).
pub fn codes_path(record: &Path) -> PathBuf {
    let mut p = record.as_os_str().to_owned();
    p.push(".codes");
    PathBuf::from(p)
}

/// Command posts of a scenario, in order.
fn command_posts(s: &Scenario) -> Vec<String> {
    s.org
        .members
        .iter()
        .filter(|m| matches!(m.kind, MemberKind::Command { .. }))
        .map(|m| m.id.clone())
        .collect()
}

#[derive(Serialize)]
struct StaticMap {
    w: u32,
    h: u32,
    cell_m: f64,
    terrain: String,
    roads: Vec<[f64; 4]>,
}

#[derive(Serialize)]
struct Hello<'a> {
    name: &'a str,
    description: &'a str,
    start: &'a str,
    tick_s: u64,
    seat_name: Option<String>,
    map: &'a StaticMap,
    choices: Option<crate::seat::OrderChoices>,
    seats: Vec<(String, String)>,
    official: Option<&'a OfficialInfo>,
}

/// The static part of each audience's `hello`.
fn hellos(
    s: &Scenario,
    seats: &[String],
    official: Option<&OfficialInfo>,
) -> BTreeMap<String, exercise::Frame> {
    let g = &s.roads.graph;
    let map = StaticMap {
        w: s.grid.width,
        h: s.grid.height,
        cell_m: s.grid.cell_m,
        terrain: crate::report::map::data_uri(&render::terrain_png(s)),
        roads: g
            .edge_indices()
            .filter_map(|e| g.edge_endpoints(e))
            .map(|(a, b)| {
                let (ca, cb) = (g[a].cell, g[b].cell);
                [
                    ca.0 as f64 + 0.5,
                    ca.1 as f64 + 0.5,
                    cb.0 as f64 + 0.5,
                    cb.1 as f64 + 0.5,
                ]
            })
            .collect(),
    };
    let all: Vec<(String, String)> = command_posts(s)
        .into_iter()
        .filter_map(|id| {
            let m = s.org.find(&id)?;
            Some((id, s.org.member(m).name.clone()))
        })
        .collect();
    let make = |seat: Option<&str>| {
        let h = Hello {
            name: &s.meta.name,
            description: &s.meta.description,
            start: &s.meta.start,
            tick_s: s.meta.tick_s,
            seat_name: seat.and_then(|x| s.org.find(x)).map(|m| s.org.member(m).name.clone()),
            map: &map,
            choices: seat.map(|x| crate::seat::order_choices(s, x)),
            seats: all.clone(),
            official,
        };
        exercise::Frame::from(serde_json::to_string(&h).unwrap_or_else(|_| "null".into()))
    };
    let mut out = BTreeMap::new();
    out.insert(String::new(), make(None));
    for seat in seats {
        out.insert(seat.clone(), make(Some(seat)));
    }
    out
}

/// What an exercise thread reports once it is ready.
struct Ready {
    handle: Arc<Handle>,
    record: PathBuf,
    seats: Vec<String>,
    note: String,
}

/// Start an exercise on its own thread; returns when it is ready (or failed).
fn spawn(
    index: usize,
    id: String,
    start: Start,
    codes: Arc<Mutex<CodeBook>>,
) -> Result<(Ready, std::thread::JoinHandle<()>), String> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<Ready, String>>();
    let thread = std::thread::Builder::new()
        .name(format!("exercise-{id}"))
        .spawn(move || {
            let built = build(index, id, start, codes);
            match built {
                Ok((ex, rx, ready)) => {
                    if ready_tx.send(Ok(ready)).is_ok() {
                        ex.run(rx);
                    }
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                }
            }
        })
        .map_err(|e| format!("cannot start an exercise thread: {e}"))?;
    let ready = ready_rx
        .recv()
        .map_err(|_| "an exercise thread stopped while starting".to_string())??;
    Ok((ready, thread))
}

type Built = (Exercise, std::sync::mpsc::Receiver<exercise::Cmd>, Ready);

fn build(index: usize, id: String, start: Start, codes: Arc<Mutex<CodeBook>>) -> Result<Built, String> {
    let (s, engine, record, seats, official, pace, note) = match start {
        Start::New {
            scenario,
            seed,
            human,
            record,
            speed,
        } => {
            let inputs: Vec<Input> = human
                .iter()
                .map(|seat| Input {
                    at: Dur(0),
                    seat: FACILITATOR.into(),
                    order: Order::SetSeatMode {
                        seat: seat.clone(),
                        human: true,
                    },
                })
                .collect();
            let mut e = Engine::new(scenario.clone(), seed, inputs)?;
            e.record_to(
                &record,
                crate::record::DEFAULT_CHECKSUM_EVERY,
                crate::record::DEFAULT_SNAPSHOT_EVERY,
            )?;
            // tick 0: what is due at the start (as the GUI)
            e.step();
            let seats = command_posts(&scenario);
            let note = format!("recording to {}", record.display());
            (
                scenario,
                e,
                record,
                seats,
                None,
                Pace {
                    running: false,
                    speed,
                },
                note,
            )
        }
        Start::Resume { record } => {
            let (s, e, r) = crate::record::live::resume(&record)?;
            let seats = command_posts(&s);
            let note = format!(
                "resumed {} at {} (tick {}; {} inputs kept{}); recording on to the same file",
                record.display(),
                crate::time::hms(r.next_tick.saturating_sub(1) * s.meta.tick_s),
                r.next_tick,
                r.inputs,
                if r.dropped_bytes > 0 {
                    format!(", {} bytes of a frame cut short dropped", r.dropped_bytes)
                } else {
                    String::new()
                }
            );
            (
                s,
                e,
                record,
                seats,
                None,
                Pace {
                    running: false,
                    speed: 1.0,
                },
                note,
            )
        }
        Start::Official {
            round,
            team,
            key,
            output,
        } => {
            let Some(crate::compete::Mode::Live { max_speed, .. }) =
                round.mode(crate::record::SessionMode::Live)
            else {
                return Err(format!(
                    "round `{}` does not allow live sessions; add Live(max_speed: …) to its modes",
                    round.id
                ));
            };
            let t = round.team(&team)?.clone();
            let mut e = round.start_session(
                &team,
                crate::record::SessionMode::Live,
                Vec::new(),
                &output,
                &key,
            )?;
            e.step();
            let official = OfficialInfo {
                round: round.id.clone(),
                team: t.id.clone(),
                max_speed,
            };
            let note = format!(
                "official live session of round `{}` for team `{}`: recording to {}; the clock runs at most ×{max_speed}; the file is signed when the exercise reaches its end",
                round.id,
                t.id,
                output.display()
            );
            (
                round.scenario.clone(),
                e,
                output,
                t.seats.clone(),
                Some(official),
                Pace {
                    running: false,
                    speed: max_speed.min(exercise::MAX_SPEED),
                },
                note,
            )
        }
    };
    let hello = hellos(&s, &seats, official.as_ref());
    let official_started = official.as_ref().map(|_| std::time::Instant::now());
    let (handle, rx) = exercise::handle(index, id, &s, &seats, official, record.clone(), hello);
    let ex = Exercise {
        s,
        engine,
        handle: handle.clone(),
        codes,
        pace,
        official_started,
    };
    Ok((
        ex,
        rx,
        Ready {
            handle,
            record,
            seats,
            note,
        },
    ))
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
    run_server(starts, o.listen, o.url, o.lang, o.observers, o.links, o.code_grace)
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
        eprintln!("exercise {}: {}", ready.handle.id, ready.note);
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
        });
        let text = links_text(&shared, &readies)?;
        let links_file = links
            .clone()
            .unwrap_or_else(|| links_beside(&readies[0].record));
        write_private(&links_file, &text)?;
        println!("{text}");
        println!(
            "join links written to {} (print them as slips; each link is a secret)",
            links_file.display()
        );
        if local.ip().is_loopback() {
            println!(
                "only this computer can join: to let players on the room's network in, serve with --listen 0.0.0.0:{} --url http://<this computer's address>:{}",
                local.port(),
                local.port()
            );
        }
        println!("listening on http://{local}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, web::router(shared))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    });
    stop_all(&handles, threads);
    rt.shutdown_timeout(Duration::from_secs(2));
    eprintln!("server stopped; an unfinished exercise continues with `drillsim serve --resume FILE`");
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
    let book = sh.codes.lock().map_err(|_| "code book poisoned".to_string())?;
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
pub fn reissue(sh: &Shared, h: &Handle, seat: &str) -> Result<String, String> {
    if !h.seats.contains_key(seat) {
        return Err(format!("`{seat}` is not a seat of this exercise"));
    }
    let mut book = sh
        .codes
        .lock()
        .map_err(|_| "code book poisoned".to_string())?;
    let code = book.reissue(h.index, &Role::Seat(seat.to_string()))?;
    if let Some(p) = sh.code_files.get(h.index) {
        codes::save(p, &book.live_codes(h.index))?;
    }
    Ok(link(sh, code))
}
