//! One exercise on its own thread: the thread owns the [`Engine`] (deterministic and
//! single-threaded), runs the clock at the facilitator's pace, applies what clients
//! send exactly as the GUI does, and publishes each client's view.
//!
//! Inputs are stamped with the second of the next tick to run (`clock.tick ×
//! tick_s`), checked ([`crate::seat::refuse`]) and queued with
//! [`Engine::push_input`], so the recording holds them as the GUI's are held and a
//! replay applies them at the same tick. Views go out through `tokio::sync::watch`
//! channels, which keep only the latest value: a client that reads slowly (or not at
//! all) misses intermediate views and never holds up the thread or the other
//! clients. Answers go through each connection's bounded queue with `try_send` for
//! the same reason. Views are computed only for seats someone is watching, at most
//! every [`PUBLISH_MS`] ms, and hazard images at most every [`HAZARD_MS`] ms.
//! Commands waiting are served between ticks and between the views of a pass, so
//! an order never waits for a whole pass (up to `MAX_TICKS_PER_PASS` ticks and
//! every watched seat's view) to be answered.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::{mpsc, watch};

use super::codes::{CodeBook, Role};
use super::protocol::Answer;
use crate::order::{FACILITATOR, Input, Order};
use crate::scenario::Scenario;
use crate::sim::Engine;
use crate::time::Dur;

/// Views are published at most this often, ms.
pub const PUBLISH_MS: u64 = 250;
/// Hazard images are published at most this often, ms.
pub const HAZARD_MS: u64 = 1000;
/// Ticks run at most per pass of the loop (so commands are served between them).
const MAX_TICKS_PER_PASS: u64 = 20;
/// Commands handled at most per pass of the loop (so the clock keeps running).
const MAX_CMDS_PER_PASS: usize = 256;
/// The fastest pace the facilitator may set, simulated seconds per second.
pub const MAX_SPEED: f64 = 60.0;

/// A pace limit for an official session.
#[derive(Debug, Clone, Serialize)]
pub struct OfficialInfo {
    /// Round id.
    pub round: String,
    /// Team id.
    pub team: String,
    /// The round's fastest pace, simulated seconds per wall-clock second.
    pub max_speed: f64,
}

/// What a connection asks of the exercise thread.
pub enum Cmd {
    /// An input from a seat (`seat`) or the facilitator.
    Input {
        /// Who gives it.
        seat: String,
        /// What.
        order: Order,
        /// Request number.
        id: u64,
        /// Where the answer goes.
        reply: mpsc::Sender<Arc<str>>,
    },
    /// Deliver an MSEL row now.
    Msel {
        /// Inject id.
        inject: String,
        /// Request number.
        id: u64,
        /// Where the answer goes.
        reply: mpsc::Sender<Arc<str>>,
    },
    /// Run, pause, change speed or step.
    Control {
        /// Run or pause.
        run: Option<bool>,
        /// New speed.
        speed: Option<f64>,
        /// One tick now.
        step: bool,
        /// Request number.
        id: u64,
        /// Where the answer goes.
        reply: mpsc::Sender<Arc<str>>,
    },
    /// Someone new watches: publish views now, even with the clock paused.
    Refresh,
    /// Stop the thread (the server is closing).
    Stop,
}

/// A published value: a JSON text frame.
pub type Frame = Arc<str>;

/// The channels of one audience (a seat, or the console).
pub struct Channels {
    /// The view.
    pub view: watch::Sender<Frame>,
    /// The hazard image.
    pub hazard: watch::Sender<Frame>,
}

impl Channels {
    fn new() -> Channels {
        Channels {
            view: watch::channel(Frame::from("")).0,
            hazard: watch::channel(Frame::from("")).0,
        }
    }

    fn watched(&self) -> bool {
        self.view.receiver_count() > 0
    }
}

/// What the connections share of an exercise.
pub struct Handle {
    /// Index in the server.
    pub index: usize,
    /// Short id ("A", "B", …).
    pub id: String,
    /// Scenario name.
    pub name: String,
    /// Commands to the thread (bounded: a full queue answers "busy").
    pub tx: std::sync::mpsc::SyncSender<Cmd>,
    /// Per seat.
    pub seats: BTreeMap<String, Channels>,
    /// The console (facilitator and observers).
    pub console: Channels,
    /// The static part of `hello` for each seat, and for the console (key "").
    pub hello: BTreeMap<String, Frame>,
    /// Connections now.
    pub connections: AtomicUsize,
    /// Connections now per role (facilitator, each seat, each observer).
    pub by_role: std::sync::Mutex<BTreeMap<Role, usize>>,
    /// An official session.
    pub official: Option<OfficialInfo>,
    /// Recording path.
    pub record: std::path::PathBuf,
}

/// The clock's pace.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Pace {
    /// Running.
    pub running: bool,
    /// Simulated seconds per wall-clock second.
    pub speed: f64,
}

/// The state the thread owns.
pub struct Exercise {
    /// Scenario.
    pub s: Arc<Scenario>,
    /// Engine (recording).
    pub engine: Engine,
    /// Shared with connections.
    pub handle: Arc<Handle>,
    /// The server's codes (to note the end).
    pub codes: Arc<Mutex<CodeBook>>,
    /// Pace.
    pub pace: Pace,
    /// Wall-clock start of an official session (pace limit).
    pub official_started: Option<Instant>,
}

fn send(reply: &mpsc::Sender<Arc<str>>, a: Answer) {
    // a client that does not read its answers loses them; the thread never waits
    let _ = reply.try_send(Arc::from(a.to_json()));
}

#[derive(Serialize)]
struct ViewFrame<'a, T: Serialize> {
    t: &'static str,
    pace: Pace,
    official: Option<&'a OfficialInfo>,
    recording_error: Option<&'a str>,
    view: T,
}

impl Exercise {
    fn next_s(&self) -> u64 {
        let c = self.engine.clock();
        c.tick * c.tick_s
    }

    fn input(&mut self, seat: String, order: Order, id: u64, reply: &mpsc::Sender<Arc<str>>) {
        let input = Input {
            at: Dur(self.next_s()),
            seat,
            order,
        };
        let official = self.handle.official.is_some();
        if let Some(why) = crate::seat::refuse(&self.s, &self.engine, &input, official) {
            send(reply, Answer::refused(id, why));
            return;
        }
        let done = super::protocol::both(
            crate::seat::describe_order(&input.order),
            crate::seat::describe_order_zh(&input.order),
        );
        let at = input.at.0;
        self.engine.push_input(input);
        send(reply, Answer::ok(id, Some(at), done));
    }

    fn handle(&mut self, cmd: Cmd) -> bool {
        match cmd {
            Cmd::Input {
                seat,
                order,
                id,
                reply,
            } => self.input(seat, order, id, &reply),
            Cmd::Msel { inject, id, reply } => {
                // the scheduled row itself, delivered now: the engine then skips it
                // at its time (a recorded input, so a replay agrees)
                let order = Order::DeliverInject { inject };
                self.input(FACILITATOR.into(), order, id, &reply);
            }
            Cmd::Control {
                run,
                speed,
                step,
                id,
                reply,
            } => {
                if let Some(x) = speed {
                    let max = self
                        .handle
                        .official
                        .as_ref()
                        .map(|o| o.max_speed.min(MAX_SPEED))
                        .unwrap_or(MAX_SPEED);
                    if !(x.is_finite() && (1.0..=max).contains(&x)) {
                        send(
                            &reply,
                            Answer::refused(
                                id,
                                super::protocol::both(
                                    format!("the speed must be ×1 to ×{max}"),
                                    format!("速度须为 ×1 至 ×{max}"),
                                ),
                            ),
                        );
                        return true;
                    }
                    self.pace.speed = x;
                }
                if step && self.handle.official.is_some() {
                    send(
                        &reply,
                        Answer::refused(
                            id,
                            super::protocol::both(
                                "an official session runs at the round's pace only",
                                "正式比赛只能按本轮规定的速度运行",
                            ),
                        ),
                    );
                    return true;
                }
                if let Some(r) = run {
                    self.pace.running = r && !self.engine.finished();
                    if self.pace.running && self.official_started.is_none() {
                        self.official_started =
                            self.handle.official.as_ref().map(|_| Instant::now());
                    }
                }
                if step && !self.engine.finished() {
                    self.pace.running = false;
                    self.engine.step();
                }
                send(
                    &reply,
                    Answer::ok(
                        id,
                        None,
                        super::protocol::both(
                            format!(
                                "{} ×{}",
                                if self.pace.running {
                                    "running"
                                } else {
                                    "paused"
                                },
                                self.pace.speed
                            ),
                            format!(
                                "{} ×{}",
                                if self.pace.running {
                                    "运行中"
                                } else {
                                    "已暂停"
                                },
                                self.pace.speed
                            ),
                        ),
                    ),
                );
            }
            Cmd::Refresh => {}
            Cmd::Stop => return false,
        }
        true
    }

    /// Serve the commands waiting now (at most [`MAX_CMDS_PER_PASS`]). `None` when
    /// told to stop, else whether any command came.
    fn serve_waiting(&mut self, rx: &Receiver<Cmd>) -> Option<bool> {
        let mut any = false;
        for _ in 0..MAX_CMDS_PER_PASS {
            match rx.try_recv() {
                Ok(c) => {
                    any = true;
                    if !self.handle(c) {
                        return None;
                    }
                }
                // a disconnected queue is seen by the loop's next wait
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        Some(any)
    }

    /// Publish the views of every watched seat and the console (and the hazard
    /// images when `hazard`), serving waiting commands between them. `None` when told
    /// to stop, else whether any command came meanwhile.
    fn publish(&mut self, hazard: bool, rx: &Receiver<Cmd>) -> Option<bool> {
        let mut any = false;
        let pace = self.pace;
        let official = self.handle.official.clone();
        let rec_err = self.engine.record_error().map(str::to_string);
        let handle = self.handle.clone();
        let s = self.s.clone();
        for (seat, ch) in &handle.seats {
            if !ch.watched() {
                continue;
            }
            any |= self.serve_waiting(rx)?;
            if let Ok(v) = crate::seat::seat_view(&s, &mut self.engine, seat) {
                let f = ViewFrame {
                    t: "view",
                    pace,
                    official: official.as_ref(),
                    recording_error: rec_err.as_deref(),
                    view: v,
                };
                put(&ch.view, serde_json::to_string(&f).unwrap_or_default());
            }
            if hazard {
                let m = s.org.find(seat);
                let mask = crate::seat::visible_cells(&s, &mut self.engine, m);
                let png = super::render::hazard_png(&s, &self.engine, mask.as_deref());
                put(&ch.hazard, hazard_frame(&png));
            }
        }
        if handle.console.watched() {
            any |= self.serve_waiting(rx)?;
            let c = crate::seat::console(&s, &mut self.engine);
            let f = ViewFrame {
                t: "view",
                pace,
                official: official.as_ref(),
                recording_error: rec_err.as_deref(),
                view: c,
            };
            put(
                &handle.console.view,
                serde_json::to_string(&f).unwrap_or_default(),
            );
            if hazard {
                let png = super::render::hazard_png(&s, &self.engine, None);
                put(&handle.console.hazard, hazard_frame(&png));
            }
        }
        Some(any)
    }

    /// Run the exercise until told to stop (or every sender is gone).
    pub fn run(mut self, rx: Receiver<Cmd>) {
        let tick_s = self.engine.clock().tick_s.max(1) as f64;
        let mut owed = 0.0f64;
        let mut last = Instant::now();
        let mut last_publish = Instant::now() - Duration::from_secs(10);
        let mut last_hazard = last_publish;
        let mut published_tick = None;
        let mut dirty = true;
        let mut ended_noted = false;
        loop {
            // sleep until the next tick is due, a command comes, or a view is due
            let wait_ms = if self.pace.running {
                let left = (1.0 - owed.fract()) * tick_s / self.pace.speed.max(1e-9);
                (left * 1000.0).clamp(1.0, PUBLISH_MS as f64) as u64
            } else {
                PUBLISH_MS
            };
            match rx.recv_timeout(Duration::from_millis(wait_ms)) {
                Ok(c) => {
                    dirty = true;
                    if !self.handle(c) || self.serve_waiting(&rx).is_none() {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let now = Instant::now();
            let dt = now.duration_since(last).as_secs_f64();
            last = now;
            if self.pace.running {
                owed += dt * self.pace.speed / tick_s;
                let mut n = (owed.floor() as u64).min(MAX_TICKS_PER_PASS);
                if let (Some(o), Some(t0)) = (&self.handle.official, self.official_started) {
                    let c = self.engine.clock();
                    n = n.min(crate::compete::pace::ticks_allowed(
                        c.tick,
                        c.tick_s,
                        o.max_speed,
                        t0.elapsed().as_secs_f64(),
                        crate::compete::pace::OFFICIAL_SLACK_S,
                    ));
                }
                for i in 0..n {
                    if self.engine.finished() || !self.pace.running {
                        break;
                    }
                    if i > 0 {
                        match self.serve_waiting(&rx) {
                            None => return,
                            Some(any) => dirty |= any,
                        }
                    }
                    self.engine.step();
                }
                // a backlog longer than one pass is dropped: the clock never races
                owed = (owed - n as f64).min(MAX_TICKS_PER_PASS as f64);
                if n > 0 {
                    dirty = true;
                }
            } else {
                owed = 0.0;
            }
            if self.engine.finished() && !ended_noted {
                ended_noted = true;
                self.pace.running = false;
                dirty = true;
                if let Ok(mut c) = self.codes.lock() {
                    c.exercise_ended(self.handle.index);
                }
                match self.engine.record_error() {
                    Some(e) => crate::errln!(
                        "exercise {}: the end was reached but the recording failed: {e}",
                        self.handle.id
                    ),
                    None if self.handle.official.is_some() => crate::errln!(
                        "exercise {}: the end was reached; the official recording {} is signed",
                        self.handle.id,
                        self.handle.record.display()
                    ),
                    None => crate::errln!(
                        "exercise {}: the end was reached; the recording {} is complete",
                        self.handle.id,
                        self.handle.record.display()
                    ),
                }
            }
            let since = last_publish.elapsed();
            if dirty && since >= Duration::from_millis(PUBLISH_MS) {
                let tick = self.engine.clock().tick;
                let hazard = published_tick != Some(tick)
                    && last_hazard.elapsed() >= Duration::from_millis(HAZARD_MS);
                let Some(any) = self.publish(hazard, &rx) else {
                    return;
                };
                if hazard {
                    last_hazard = Instant::now();
                    published_tick = Some(tick);
                }
                last_publish = Instant::now();
                dirty = any || published_tick != Some(tick);
            }
        }
    }
}

/// Replace a channel's value when it differs (receivers wake only on a change).
fn put(ch: &watch::Sender<Frame>, json: String) {
    ch.send_if_modified(|cur| {
        if **cur == *json {
            false
        } else {
            *cur = Frame::from(json);
            true
        }
    });
}

fn hazard_frame(png: &[u8]) -> String {
    serde_json::json!({"t": "hazard", "png": crate::report::map::data_uri(png)}).to_string()
}

/// A new handle and the receiving end of its command queue.
pub fn handle(
    index: usize,
    id: String,
    s: &Scenario,
    seats: &[String],
    official: Option<OfficialInfo>,
    record: std::path::PathBuf,
    hello: BTreeMap<String, Frame>,
) -> (Arc<Handle>, Receiver<Cmd>) {
    let (tx, rx) = std::sync::mpsc::sync_channel(1024);
    let h = Handle {
        index,
        id,
        name: s.meta.name.clone(),
        tx,
        seats: seats
            .iter()
            .map(|seat| (seat.clone(), Channels::new()))
            .collect(),
        console: Channels::new(),
        hello,
        connections: AtomicUsize::new(0),
        by_role: std::sync::Mutex::new(BTreeMap::new()),
        official,
        record,
    };
    (Arc::new(h), rx)
}

impl Handle {
    /// Take a connection slot for `role`: refused when `role` has `per_role` open, or
    /// when `max` are open in all — except for the facilitator, who may always join
    /// (up to `per_role`), so that one leaked code cannot lock out the person who runs
    /// the exercise.
    pub fn enter(&self, role: &Role, max: usize, per_role: usize) -> bool {
        let mut by_role = self.by_role.lock().unwrap_or_else(|e| e.into_inner());
        let mine = by_role.get(role).copied().unwrap_or(0);
        if mine >= per_role {
            return false;
        }
        let all = self.connections.load(Ordering::SeqCst);
        if all >= max && *role != Role::Facilitator {
            return false;
        }
        self.connections.fetch_add(1, Ordering::SeqCst);
        *by_role.entry(role.clone()).or_default() += 1;
        true
    }

    /// Give `role`'s connection slot back.
    pub fn leave(&self, role: &Role) {
        let mut by_role = self.by_role.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = by_role.get_mut(role) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by_role.remove(role);
            }
        }
        self.connections.fetch_sub(1, Ordering::SeqCst);
    }

    /// Whether `role` may watch this exercise (a seat must be one of its seats).
    pub fn admits(&self, role: &Role) -> bool {
        match role {
            Role::Seat(s) => self.seats.contains_key(s),
            _ => true,
        }
    }
}
