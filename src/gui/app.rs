//! The bevy app: window, egui, the session (engine + what the room sees), the clock,
//! and the one-shot screenshot mode.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_egui::egui::{self, Color32, RichText, Ui, UiBuilder};
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass};

use super::clock::{Pace, SPEEDS};
use super::i18n::{Lang, tr};
use super::map::{MapView, Pick, UnitMark};
use super::{OfficialOptions, PlayOptions, ViewOptions};
use crate::order::Channel;
use crate::order::{FACILITATOR, Input, Order, ResponseLevel, Task, WarningLevel};
use crate::record::{self, Recording, replay};
use crate::scenario::authority::check_input;
use crate::scenario::{MemberKind, Scenario};
use crate::scoring::Rating;
use crate::sim::command::{CommandState, PendingKind};
use crate::sim::comms::Comms;
use crate::sim::events::{Event, EventKind};
use crate::sim::{Engine, Script};
use crate::time::{Dur, hms};

/// Ticks a frame may run at most (×600 with 1-s ticks at 30 frames/s needs 20).
const MAX_TICKS_PER_FRAME: u64 = 120;

/// Frames to draw before a screenshot is taken (fonts and layout settle).
const SHOT_AFTER_FRAMES: u32 = 8;

/// Live exercise or replay.
enum Mode {
    Play {
        record: PathBuf,
    },
    View {
        rec: Box<Recording>,
        last_tick: u64,
        path: PathBuf,
        /// Every event of the whole recording (re-simulated once on opening).
        all: Arc<Vec<Event>>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeftTab {
    Inbox,
    Orders,
    Facilitator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RightTab {
    Details,
    Objectives,
    Organisation,
    Events,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrderKind {
    Dispatch,
    Recall,
    Acknowledge,
    Warn,
    SetLevel,
    Evacuate,
    Shelter,
    CloseRoad,
    MutualAid,
    Message,
}

const ORDER_KINDS: [OrderKind; 10] = [
    OrderKind::Dispatch,
    OrderKind::Recall,
    OrderKind::Acknowledge,
    OrderKind::Warn,
    OrderKind::SetLevel,
    OrderKind::Evacuate,
    OrderKind::Shelter,
    OrderKind::CloseRoad,
    OrderKind::MutualAid,
    OrderKind::Message,
];

impl OrderKind {
    fn key(self) -> &'static str {
        match self {
            OrderKind::Dispatch => "dispatch",
            OrderKind::Recall => "recall",
            OrderKind::Acknowledge => "acknowledge",
            OrderKind::Warn => "warn",
            OrderKind::SetLevel => "set_level",
            OrderKind::Evacuate => "evacuate",
            OrderKind::Shelter => "shelter",
            OrderKind::CloseRoad => "close_road",
            OrderKind::MutualAid => "mutual_aid",
            OrderKind::Message => "message",
        }
    }
}

const TASKS: [Task; 13] = [
    Task::Suppress,
    Task::FireLine,
    Task::WaterDrop,
    Task::Rescue,
    Task::Sandbag,
    Task::Pump,
    Task::ContainLeak,
    Task::Decontaminate,
    Task::Reconnoitre,
    Task::TreatCasualties,
    Task::Cordon,
    Task::Transport,
    Task::Standby,
];
const WARNINGS: [WarningLevel; 4] = [
    WarningLevel::Blue,
    WarningLevel::Yellow,
    WarningLevel::Orange,
    WarningLevel::Red,
];
const LEVELS: [ResponseLevel; 4] = [
    ResponseLevel::IV,
    ResponseLevel::III,
    ResponseLevel::II,
    ResponseLevel::I,
];
const CHANNELS: [Channel; 5] = [
    Channel::Radio,
    Channel::Phone,
    Channel::Broadcast,
    Channel::Sms,
    Channel::Messenger,
];

/// The orders panel's fields.
struct OrderForm {
    kind: OrderKind,
    unit: String,
    place: String,
    to: String,
    task: Task,
    warning: WarningLevel,
    places: BTreeSet<String>,
    channel: Channel,
    level: ResponseLevel,
    road: usize,
    text: String,
    item: String,
    aid: BTreeSet<String>,
}

/// The facilitator panel's fields.
struct FacForm {
    inject_to: String,
    inject_text: String,
    link: usize,
    wind_m_s: f64,
    wind_from_deg: f64,
    add_unit: String,
}

/// Which event groups the log shows.
struct LogFilter {
    groups: [bool; 4],
    text: String,
    seat_only: bool,
}

/// Where things were drawn in the last frame (for the screenshot's sidecar file).
#[derive(Default, Clone, serde::Serialize)]
pub struct Layout {
    /// Window size, points.
    pub window: [f32; 2],
    /// Pixels per point.
    pub pixels_per_point: f32,
    /// Map rectangle [x0, y0, x1, y1], points.
    pub map: [f32; 4],
    /// Left and right panel rectangles.
    pub panels: Vec<(String, [f32; 4])>,
    /// Screen points of hazard cells with their drawn colour (sampled).
    pub hazard_points: Vec<([f32; 2], [u8; 4])>,
    /// A heading in the interface language and its rectangle.
    pub heading: (String, [f32; 4]),
    /// Whether the loaded fonts cover every Chinese string shown.
    pub cjk_glyphs: bool,
    /// Simulated time shown.
    pub t_s: u64,
    /// Mean frame time over the run, ms.
    pub frame_ms: f64,
    /// An official session: "round · team" (empty otherwise).
    pub official: String,
    /// The seats the seat picker offers.
    pub seat_choices: Vec<String>,
}

/// Screenshot mode.
struct Shot {
    path: PathBuf,
    frames: u32,
    requested: bool,
    waited: u32,
}

impl Shot {
    fn new(path: PathBuf) -> Shot {
        Shot {
            path,
            frames: 0,
            requested: false,
            waited: 0,
        }
    }
}

/// Everything the window shows and edits.
pub(crate) struct Session {
    s: Arc<Scenario>,
    engine: Engine,
    mode: Mode,
    pace: Pace,
    lang: Lang,
    /// Seats people hold.
    seats: BTreeSet<String>,
    /// The seat whose view is shown and who gives orders.
    seat: String,
    map: MapView,
    pick: Option<Pick>,
    units: Vec<UnitMark>,
    units_tick: Option<u64>,
    left: LeftTab,
    right: RightTab,
    form: OrderForm,
    fac: FacForm,
    filter: LogFilter,
    notice: Option<(String, bool)>,
    seek_to: Option<u64>,
    layout: Layout,
    frames: u64,
    frame_s_total: f64,
    shot: Option<Shot>,
    cjk: bool,
    /// Frame-time measurement: frames still to run, and the times so far (s).
    bench: Option<(u32, Vec<f64>)>,
    /// An official competition session (`compete --live`).
    official: Option<Official>,
}

/// What an official live session keeps to.
struct Official {
    round: String,
    team: String,
    /// The round's fastest pace, simulated seconds per wall-clock second.
    max_speed: f64,
    /// Started just after the recording's clock, so the pace judged is never faster.
    started: std::time::Instant,
    /// The end was reached (the recording is signed); read after the window closes.
    ended: Arc<std::sync::atomic::AtomicBool>,
}

/// Simulated seconds an official session stays inside the judge's slack.
const OFFICIAL_SLACK_S: f64 = crate::compete::judge::PACE_SLACK_S as f64 / 2.0;

fn t(lang: Lang, key: &'static str) -> &'static str {
    tr(lang, key)
}

impl Session {
    fn new(
        s: Arc<Scenario>,
        engine: Engine,
        mode: Mode,
        lang: Lang,
        seats: BTreeSet<String>,
    ) -> Self {
        let seat = seats
            .iter()
            .next()
            .cloned()
            .unwrap_or_else(|| FACILITATOR.to_string());
        let first_place = s.places.first().map(|p| p.id.clone()).unwrap_or_default();
        let first_unit = s
            .org
            .units
            .first()
            .map(|u| s.org.member(u.member).id.clone())
            .unwrap_or_default();
        let wind = s.weather.initial;
        Session {
            form: OrderForm {
                kind: OrderKind::Dispatch,
                unit: first_unit,
                place: first_place.clone(),
                to: first_place,
                task: Task::Reconnoitre,
                warning: WarningLevel::Orange,
                places: BTreeSet::new(),
                channel: Channel::Phone,
                level: ResponseLevel::III,
                road: 0,
                text: String::new(),
                item: "all".into(),
                aid: BTreeSet::new(),
            },
            fac: FacForm {
                inject_to: seat.clone(),
                inject_text: String::new(),
                link: 0,
                wind_m_s: wind.wind_m_s,
                wind_from_deg: wind.wind_from_deg,
                add_unit: String::new(),
            },
            filter: LogFilter {
                groups: [true; 4],
                text: String::new(),
                seat_only: false,
            },
            s,
            engine,
            mode,
            pace: Pace::default(),
            lang,
            seats,
            seat,
            map: MapView::default(),
            pick: None,
            units: Vec::new(),
            units_tick: None,
            left: LeftTab::Inbox,
            right: RightTab::Objectives,
            notice: None,
            seek_to: None,
            layout: Layout::default(),
            frames: 0,
            frame_s_total: 0.0,
            shot: None,
            cjk: false,
            bench: None,
            official: None,
        }
    }

    fn live(&self) -> bool {
        matches!(self.mode, Mode::Play { .. })
    }

    /// Last tick run and its second.
    fn now(&self) -> (u64, u64) {
        let c = self.engine.clock();
        let tick = c.tick.saturating_sub(1);
        (tick, tick * c.tick_s)
    }

    /// Second the next tick stands for: when an input given now applies.
    fn next_s(&self) -> u64 {
        let c = self.engine.clock();
        c.tick * c.tick_s
    }

    fn last_tick(&self) -> u64 {
        match &self.mode {
            Mode::View { last_tick, .. } => *last_tick,
            Mode::Play { .. } => self.engine.clock().last_tick,
        }
    }

    /// Send an input now, or say why not.
    fn send(&mut self, seat: &str, order: Order) {
        if !self.live() {
            return;
        }
        let input = Input {
            at: Dur(self.next_s()),
            seat: seat.to_string(),
            order,
        };
        if let Some((why, _)) = check_input(&self.s, &input) {
            self.notice = Some((why, false));
            return;
        }
        if seat == FACILITATOR && self.official.is_some() {
            self.notice = Some((t(self.lang, "official_no_facilitator").to_string(), false));
            return;
        }
        if seat != FACILITATOR && !self.seats.contains(seat) {
            self.notice = Some((
                format!(
                    "{} `{seat}` {}",
                    t(self.lang, "seat"),
                    t(self.lang, "seat_is_plan")
                ),
                false,
            ));
            return;
        }
        if let Order::SetSeatMode { seat, human } = &input.order {
            if *human {
                self.seats.insert(seat.clone());
            } else {
                self.seats.remove(seat);
            }
        }
        self.notice = Some((
            format!("{} {}", t(self.lang, "sent_for"), hms(input.at.0)),
            true,
        ));
        self.engine.push_input(input);
    }

    /// Move a replay to `tick` through the recording's snapshots.
    fn seek(&mut self, tick: u64) {
        let Mode::View { rec, last_tick, .. } = &self.mode else {
            return;
        };
        let tick = tick.min(*last_tick);
        match replay::seek(rec, tick) {
            Ok((_, e)) => {
                self.engine = e;
                self.units_tick = None;
            }
            Err(e) => self.notice = Some((e, false)),
        }
    }

    fn refresh_units(&mut self) {
        let (tick, _) = self.now();
        if self.units_tick != Some(tick) {
            self.units = super::map::unit_marks(&self.s, &mut self.engine);
            self.units_tick = Some(tick);
        }
    }

    fn member_ids(&self, f: impl Fn(&MemberKind) -> bool) -> Vec<String> {
        self.s
            .org
            .members
            .iter()
            .filter(|m| f(&m.kind))
            .map(|m| m.id.clone())
            .collect()
    }
}

/// The window and its plugins.
fn build_app(session: Session, title: String) -> App {
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title,
            resolution: (1280u32, 720u32).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(ClearColor(Color::srgb(0.15, 0.15, 0.15)))
    .insert_non_send(session)
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn(Camera2d);
    })
    .add_systems(Update, (advance, screenshot))
    .add_systems(EguiPrimaryContextPass, ui);
    app
}

/// `drillsim play`.
pub fn play(o: PlayOptions) -> Result<(), String> {
    let s = crate::scenario::open(&o.scenario)?;
    let mut inputs: Vec<Input> = o
        .seats
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
    for i in &inputs {
        if let Some((why, _)) = check_input(&s, i) {
            return Err(format!("--seat: {why}"));
        }
    }
    if let Some(p) = &o.orders {
        let more = crate::scenario::orders_file::load_orders(p, &s)
            .map_err(|d| crate::scenario::diag::render_diags(&d))?;
        inputs.extend(more);
    }
    let mut engine = Engine::new(s.clone(), o.seed, inputs)?;
    let record = o
        .record
        .clone()
        .unwrap_or_else(|| default_recording(&s.source.path));
    engine.record_to(
        &record,
        record::DEFAULT_CHECKSUM_EVERY,
        record::DEFAULT_SNAPSHOT_EVERY,
    )?;
    eprintln!("recording this exercise to {}", record.display());
    if let Some(at) = o.at {
        engine.run_through(at.0 / engine.clock().tick_s.max(1));
    } else {
        // tick 0: what is due at the start
        engine.step();
    }
    let title = format!("drillsim — {}", s.meta.name);
    let mut sess = Session::new(
        s,
        engine,
        Mode::Play {
            record: record.clone(),
        },
        o.lang,
        o.seats.iter().cloned().collect(),
    );
    sess.pace.set_speed(o.speed);
    sess.bench = o.frames.map(|n| (n.max(11), Vec::new()));
    sess.shot = o.screenshot.map(Shot::new);
    let mut app = build_app(sess, title);
    finish(app.run())
}

/// `drillsim compete ROUND --live TEAM`.
pub fn play_official(o: OfficialOptions) -> Result<(), String> {
    let round = &o.round;
    let Some(crate::compete::Mode::Live { max_speed, .. }) = round.mode(record::SessionMode::Live)
    else {
        return Err(format!(
            "round `{}` does not allow live sessions (its modes: orders files only)",
            round.id
        ));
    };
    let team = round.team(&o.team)?.clone();
    let mut engine = round.start_session(
        &o.team,
        record::SessionMode::Live,
        Vec::new(),
        &o.output,
        &o.key,
    )?;
    let started = std::time::Instant::now();
    eprintln!(
        "official live session of round `{}` for team `{}`: recording to {}; the clock runs at most ×{max_speed}; the file is signed when the exercise reaches its end",
        round.id,
        team.id,
        o.output.display()
    );
    // tick 0: what is due at the start
    engine.step();
    let s = round.scenario.clone();
    let title = format!("drillsim — {} — {}", round.name, team.name);
    let mut sess = Session::new(
        s,
        engine,
        Mode::Play {
            record: o.output.clone(),
        },
        o.lang,
        team.seats.iter().cloned().collect(),
    );
    sess.pace.set_speed(max_speed.min(SPEEDS[SPEEDS.len() - 1]));
    let ended = Arc::new(std::sync::atomic::AtomicBool::new(false));
    sess.official = Some(Official {
        round: round.id.clone(),
        team: team.id.clone(),
        max_speed,
        started,
        ended: ended.clone(),
    });
    sess.shot = o.screenshot.map(Shot::new);
    let mut app = build_app(sess, title);
    let exit = app.run();
    if !ended.load(Ordering::Relaxed) {
        eprintln!(
            "the session stopped before the end of the exercise: {} is not signed and a judge will refuse it",
            o.output.display()
        );
    }
    finish(exit)
}

/// `drillsim view`.
pub fn view(o: ViewOptions) -> Result<(), String> {
    let rec = record::read(&o.recording)?;
    if let Some(d) = &rec.damage {
        eprintln!(
            "warning: the recording is damaged at byte {} (frame {}): {}; showing what precedes it",
            d.offset, d.frame, d.reason
        );
    }
    let (s, mut whole) = replay::rebuild(&rec)?;
    let last_tick = replay::last_tick(&rec, &s);
    whole.run_through(last_tick);
    let all = Arc::new(whole.events().to_vec());
    drop(whole);
    let tick_s = replay::tick_s(&rec);
    let at =
        o.at.map(|d| d.0 / tick_s.max(1))
            .unwrap_or(0)
            .min(last_tick);
    let (_, engine) = replay::seek(&rec, at)?;
    let title = format!("drillsim replay — {}", s.meta.name);
    let mut sess = Session::new(
        s,
        engine,
        Mode::View {
            rec: Box::new(rec),
            last_tick,
            path: o.recording.clone(),
            all,
        },
        o.lang,
        BTreeSet::new(),
    );
    sess.right = RightTab::Events;
    sess.shot = o.screenshot.map(Shot::new);
    let mut app = build_app(sess, title);
    finish(app.run())
}

fn finish(exit: AppExit) -> Result<(), String> {
    match exit {
        AppExit::Success => Ok(()),
        AppExit::Error(code) => Err(format!("the window closed with error {code}")),
    }
}

/// `./<scenario stem>-<unix seconds>.drec` in the working directory.
fn default_recording(scenario: &Path) -> PathBuf {
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

/// Each frame: run the whole ticks the clock owes.
fn advance(mut sess: NonSendMut<Session>, time: Res<Time>) {
    let sess = &mut *sess;
    let dt = time.delta_secs_f64();
    sess.frames += 1;
    sess.frame_s_total += dt;
    if let Some((_, times)) = sess.bench.as_mut() {
        times.push(dt);
        sess.pace.running = true;
    }
    if sess.shot.is_some() {
        return;
    }
    if let Some(tick) = sess.seek_to.take() {
        sess.seek(tick);
    }
    let tick_s = sess.engine.clock().tick_s;
    let mut n = sess.pace.ticks_for_frame(dt, tick_s, MAX_TICKS_PER_FRAME);
    if let Some(o) = &sess.official {
        let allowed = super::clock::ticks_allowed(
            sess.engine.clock().tick,
            tick_s,
            o.max_speed,
            o.started.elapsed().as_secs_f64(),
            OFFICIAL_SLACK_S,
        );
        n = n.min(allowed);
    }
    let last = sess.last_tick();
    for _ in 0..n {
        if sess.engine.finished() || sess.engine.clock().tick > last {
            sess.pace.running = false;
            break;
        }
        sess.engine.step();
    }
    if let Some(o) = sess.official.as_mut()
        && !o.ended.load(Ordering::Relaxed)
        && sess.engine.finished()
    {
        o.ended.store(true, Ordering::Relaxed);
        sess.pace.running = false;
        // told in the window and, for the official at the terminal, on standard error
        sess.notice = Some(match sess.engine.record_error() {
            Some(e) => {
                eprintln!("the exercise reached its end but the recording failed: {e}");
                (format!("{}: {e}", t(sess.lang, "official_failed")), false)
            }
            None => {
                eprintln!("the exercise reached its end: the recording is signed");
                (t(sess.lang, "official_signed").to_string(), true)
            }
        });
    }
    if let Some(e) = sess.engine.record_error() {
        let msg = format!("recording stopped: {e}");
        if sess.notice.as_ref().is_none_or(|(m, _)| *m != msg) {
            sess.notice = Some((msg, false));
        }
    }
}

/// In screenshot mode: wait for the layout to settle, capture, write the sidecar, exit.
fn screenshot(
    mut commands: Commands,
    mut sess: NonSendMut<Session>,
    mut exit: MessageWriter<AppExit>,
) {
    let sess = &mut *sess;
    if let Some((left, times)) = sess.bench.as_mut() {
        *left = left.saturating_sub(1);
        if *left == 0 {
            // the first frames build pipelines and upload textures: leave out the first 10
            let mut v: Vec<f64> = times.iter().skip(10).map(|t| t * 1000.0).collect();
            v.sort_by(f64::total_cmp);
            let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
            let p95 = v.get(v.len() * 95 / 100).copied().unwrap_or(0.0);
            let (tick, t_s) = sess.now();
            eprintln!(
                "frames: {}  mean frame {mean:.1} ms ({:.1} fps)  p95 {p95:.1} ms  simulated to {} (tick {tick}) at ×{}",
                v.len(),
                1000.0 / mean.max(1e-9),
                hms(t_s),
                sess.pace.speed
            );
            exit.write(AppExit::Success);
        }
        return;
    }
    let Some(shot) = sess.shot.as_mut() else {
        return;
    };
    shot.frames += 1;
    if !shot.requested && shot.frames >= SHOT_AFTER_FRAMES {
        let _ = std::fs::remove_file(&shot.path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(shot.path.clone()));
        shot.requested = true;
        let mut layout = sess.layout.clone();
        layout.frame_ms = if sess.frames > 0 {
            sess.frame_s_total / sess.frames as f64 * 1000.0
        } else {
            0.0
        };
        let side = shot.path.with_extension("json");
        if let Ok(json) = serde_json::to_string_pretty(&layout) {
            let _ = std::fs::write(side, json);
        }
        return;
    }
    if shot.requested {
        shot.waited += 1;
        let done = std::fs::metadata(&shot.path).is_ok_and(|m| m.len() > 0);
        if done && shot.waited > 2 {
            exit.write(AppExit::Success);
        } else if shot.waited > 600 {
            eprintln!("the screenshot was not written");
            exit.write(AppExit::error());
        }
    }
}

/// The whole interface, once per frame.
fn ui(
    mut contexts: EguiContexts,
    mut sess: NonSendMut<Session>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let sess = &mut *sess;
    if !sess.cjk {
        super::fonts::install(&ctx);
        sess.cjk = true;
    }
    // keyboard: Space runs or pauses, `.` steps one tick, Ctrl+Q closes the window
    // (unless a text field has the keyboard)
    if !ctx.egui_wants_keyboard_input() {
        let (toggle, step, quit) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::Space),
                i.key_pressed(egui::Key::Period),
                i.modifiers.command && i.key_pressed(egui::Key::Q),
            )
        });
        if toggle {
            sess.pace.running = !sess.pace.running;
        }
        if step {
            sess.pace.step();
        }
        if quit {
            exit.write(AppExit::Success);
        }
    }
    sess.refresh_units();
    let mut root = Ui::new(
        ctx.clone(),
        "root".into(),
        UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let mut layout = Layout {
        window: [ctx.viewport_rect().width(), ctx.viewport_rect().height()],
        pixels_per_point: ctx.pixels_per_point(),
        t_s: sess.now().1,
        ..Layout::default()
    };
    egui::Panel::top("top").show(&mut root, |ui| top_bar(ui, sess, &mut layout));
    if !sess.live() {
        egui::Panel::bottom("timeline")
            .exact_size(54.0)
            .show(&mut root, |ui| timeline(ui, sess));
    }
    let l = egui::Panel::left("left")
        .default_size(330.0)
        .resizable(true)
        .show(&mut root, |ui| left_panel(ui, sess));
    layout.panels.push(("left".into(), rect4(l.response.rect)));
    let r = egui::Panel::right("right")
        .default_size(360.0)
        .resizable(true)
        .show(&mut root, |ui| right_panel(ui, sess));
    layout.panels.push(("right".into(), rect4(r.response.rect)));
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(&mut root, |ui| {
            let (tick, t_s) = sess.now();
            let units = std::mem::take(&mut sess.units);
            let pick = sess.map.show(
                ui,
                &sess.s,
                &mut sess.engine,
                &units,
                sess.pick.as_ref(),
                t_s,
                tick,
            );
            sess.units = units;
            if let Some(p) = pick {
                sess.pick = Some(p);
                sess.right = RightTab::Details;
            }
        });
    if let Some((rect, _, _)) = sess.map.last {
        layout.map = rect4(rect);
        layout.hazard_points = hazard_samples(sess, rect);
    }
    layout.cjk_glyphs = ctx.fonts_mut(|f| {
        let font = egui::FontId::proportional(14.0);
        f.has_glyphs(&font, "应急演练暂停运行") && f.has_glyphs(&font, &sess.s.meta.name)
    });
    sess.layout = layout;
    Ok(())
}

fn rect4(r: egui::Rect) -> [f32; 4] {
    [r.min.x, r.min.y, r.max.x, r.max.y]
}

/// Up to 200 hazard cells inside the map rectangle, as screen points with the colour
/// drawn there.
fn hazard_samples(sess: &Session, rect: egui::Rect) -> Vec<([f32; 2], [u8; 4])> {
    let s = &sess.s;
    let (_, t_s) = sess.now();
    let hz = sess
        .engine
        .world()
        .resource::<crate::sim::hazards::HazardState>();
    let cells: Vec<usize> = (0..s.grid.len())
        .filter(|&c| super::map::hazard_rgba(hz, c, t_s as f64).is_some())
        .collect();
    let step = (cells.len() / 200).max(1);
    cells
        .iter()
        .step_by(step)
        .filter_map(|&c| {
            let (x, y) = (
                (c % s.grid.width as usize) as f32,
                (c / s.grid.width as usize) as f32,
            );
            let p = sess.map.to_screen((x + 0.5, y + 0.5))?;
            let col = super::map::hazard_rgba(hz, c, t_s as f64)?;
            rect.contains(p).then_some(([p.x, p.y], col))
        })
        .collect()
}

fn top_bar(ui: &mut Ui, sess: &mut Session, layout: &mut Layout) {
    let lang = sess.lang;
    // wraps onto a second row on a narrow window (long Chinese seat names at 1280 px
    // used to push the recording indicator off the screen)
    ui.horizontal_wrapped(|ui| {
        let heading = if sess.live() {
            t(lang, "live_exercise")
        } else {
            t(lang, "replay")
        };
        let h = ui.label(RichText::new(heading).strong().size(16.0));
        layout.heading = (heading.to_string(), rect4(h.rect));
        ui.label(RichText::new(&sess.s.meta.name).strong());
        if let Some(o) = &sess.official {
            layout.official = format!("{} · {}", o.round, o.team);
            ui.label(
                RichText::new(format!("{} {} · {}", t(lang, "official"), o.round, o.team))
                    .strong()
                    .color(Color32::from_rgb(240, 200, 60)),
            );
        }
        ui.separator();
        let (_, t_s) = sess.now();
        ui.label(RichText::new(hms(t_s)).monospace().size(18.0));
        let level = sess
            .engine
            .world()
            .resource::<CommandState>()
            .level
            .map(|l| format!("{l:?}"))
            .unwrap_or_else(|| "—".into());
        ui.label(format!("{} {level}", t(lang, "response_level")));
        ui.separator();
        let run_label = if sess.pace.running {
            t(lang, "pause")
        } else {
            t(lang, "run")
        };
        if ui.button(run_label).clicked() {
            sess.pace.running = !sess.pace.running;
        }
        if ui.button(t(lang, "step")).clicked() {
            sess.pace.step();
        }
        egui::ComboBox::from_id_salt("speed")
            .selected_text(format!("×{}", sess.pace.speed))
            .width(64.0)
            .show_ui(ui, |ui| {
                let max = sess.official.as_ref().map(|o| o.max_speed);
                for v in SPEEDS.into_iter().filter(|v| max.is_none_or(|m| *v <= m)) {
                    if ui
                        .selectable_label(sess.pace.speed == v, format!("×{v}"))
                        .clicked()
                    {
                        sess.pace.set_speed(v);
                    }
                }
                if let Some(m) = max
                    && !SPEEDS.contains(&m)
                    && ui
                        .selectable_label(sess.pace.speed == m, format!("×{m}"))
                        .clicked()
                {
                    sess.pace.set_speed(m);
                }
            });
        ui.separator();
        ui.label(t(lang, "seat"));
        let seats: Vec<String> = if sess.official.is_some() {
            // an official team sees and plays its own seats only
            sess.seats.iter().cloned().collect()
        } else {
            let mut v = vec![FACILITATOR.to_string()];
            v.extend(sess.member_ids(|k| matches!(k, MemberKind::Command { .. })));
            v
        };
        layout.seat_choices = seats.clone();
        egui::ComboBox::from_id_salt("seat")
            .selected_text(seat_label(sess, &sess.seat))
            .show_ui(ui, |ui| {
                for s in &seats {
                    let label = seat_label(sess, s);
                    if ui.selectable_label(sess.seat == *s, label).clicked() {
                        sess.seat = s.clone();
                    }
                }
            });
        ui.separator();
        if ui
            .button(match lang {
                Lang::En => "中文",
                Lang::Zh => "English",
            })
            .clicked()
        {
            sess.lang = match lang {
                Lang::En => Lang::Zh,
                Lang::Zh => Lang::En,
            };
        }
        match &sess.mode {
            Mode::Play { record } => {
                ui.label(
                    RichText::new(format!("● {}", t(lang, "recording")))
                        .color(Color32::from_rgb(220, 40, 40)),
                )
                .on_hover_text(record.display().to_string());
            }
            Mode::View { path, .. } => {
                ui.label(path.display().to_string());
            }
        }
    });
    if let Some((msg, ok)) = &sess.notice {
        let col = if *ok {
            Color32::from_rgb(80, 200, 120)
        } else {
            Color32::from_rgb(255, 110, 90)
        };
        ui.colored_label(col, msg);
    }
}

fn seat_label(sess: &Session, id: &str) -> String {
    if id == FACILITATOR {
        return t(sess.lang, "facilitator").to_string();
    }
    let human = sess.seats.contains(id);
    let name = sess
        .s
        .org
        .find(id)
        .map(|m| sess.s.org.member(m).name.clone())
        .unwrap_or_default();
    format!(
        "{id} {name} ({})",
        if human {
            t(sess.lang, "people")
        } else {
            t(sess.lang, "plan")
        }
    )
}

/// The replay timeline: events as ticks, drag or click to seek.
fn timeline(ui: &mut Ui, sess: &mut Session) {
    let last = sess.last_tick().max(1);
    let tick_s = sess.engine.clock().tick_s.max(1);
    let (tick, _) = sess.now();
    let (resp, painter) = ui.allocate_painter(
        egui::Vec2::new(ui.available_width(), 40.0),
        egui::Sense::click_and_drag(),
    );
    let r = resp.rect.shrink2(egui::Vec2::new(8.0, 6.0));
    painter.rect_filled(r, 3.0, Color32::from_gray(55));
    let x_of = |tk: u64| r.left() + r.width() * (tk as f32 / last as f32);
    let all = match &sess.mode {
        Mode::View { all, .. } => all.clone(),
        Mode::Play { .. } => Arc::new(sess.engine.events().to_vec()),
    };
    for e in all.iter() {
        let col = match group(&e.kind) {
            0 => Color32::from_rgb(120, 170, 255),
            1 => Color32::from_rgb(140, 220, 140),
            2 => Color32::from_rgb(255, 140, 60),
            _ => Color32::from_rgb(230, 230, 230),
        };
        let x = x_of(e.tick);
        let y0 = r.top() + 3.0 + 8.0 * group(&e.kind) as f32;
        painter.line_segment(
            [egui::pos2(x, y0), egui::pos2(x, y0 + 7.0)],
            egui::Stroke::new(1.0, col),
        );
    }
    let x = x_of(tick);
    painter.line_segment(
        [egui::pos2(x, r.top()), egui::pos2(x, r.bottom())],
        egui::Stroke::new(2.5, Color32::YELLOW),
    );
    painter.text(
        egui::pos2(r.right(), r.bottom()),
        egui::Align2::RIGHT_BOTTOM,
        hms(last * tick_s),
        egui::FontId::proportional(11.0),
        Color32::WHITE,
    );
    if (resp.drag_stopped() || resp.clicked())
        && let Some(p) = resp.interact_pointer_pos()
    {
        let f = ((p.x - r.left()) / r.width()).clamp(0.0, 1.0);
        sess.seek_to = Some((f * last as f32).round() as u64);
    }
    if resp.dragged()
        && let Some(p) = resp.interact_pointer_pos()
    {
        let f = ((p.x - r.left()) / r.width()).clamp(0.0, 1.0);
        painter.text(
            egui::pos2(p.x, r.top()),
            egui::Align2::CENTER_BOTTOM,
            hms((f * last as f32) as u64 * tick_s),
            egui::FontId::proportional(11.0),
            Color32::WHITE,
        );
    }
}

fn left_panel(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut sess.left, LeftTab::Inbox, t(lang, "inbox"));
        ui.selectable_value(&mut sess.left, LeftTab::Orders, t(lang, "orders"));
        if sess.official.is_none() {
            ui.selectable_value(&mut sess.left, LeftTab::Facilitator, t(lang, "facilitator"));
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("left_scroll")
        .show(ui, |ui| match sess.left {
            LeftTab::Inbox => inbox(ui, sess),
            LeftTab::Orders => orders(ui, sess),
            LeftTab::Facilitator => facilitator(ui, sess),
        });
}

fn inbox(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let seat = sess.seat.clone();
    ui.heading(format!(
        "{} — {}",
        t(lang, "awaiting_ack"),
        seat_label(sess, &seat)
    ));
    let pending: Vec<(String, String)> = sess
        .s
        .org
        .find(&seat)
        .and_then(|m| {
            sess.engine
                .world()
                .resource::<CommandState>()
                .pending
                .get(&m)
                .cloned()
        })
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let item = match &p.kind {
                PendingKind::Inject(i) => i.clone(),
                PendingKind::Warning { .. } => "warning".into(),
                PendingKind::Evacuate { .. } => "evacuate".into(),
            };
            (
                format!(
                    "{}  {}",
                    hms(p.received_s),
                    crate::sim::command::label(&sess.s, &p.kind)
                ),
                item,
            )
        })
        .collect();
    if pending.is_empty() {
        ui.label(t(lang, "nothing_waiting"));
    }
    for (label, item) in &pending {
        ui.horizontal(|ui| {
            ui.label(label);
            if sess.live() && ui.button(t(lang, "acknowledge")).clicked() {
                let seat = seat.clone();
                sess.send(&seat, Order::Acknowledge { item: item.clone() });
            }
        });
    }
    ui.separator();
    ui.heading(t(lang, "inbox"));
    let mine = |e: &Event| match &e.kind {
        EventKind::InjectDelivered { to, .. } => *to == seat,
        EventKind::MessageReceived { to, .. } => *to == seat,
        EventKind::MessageUndeliverable { to, .. } => *to == seat,
        _ => false,
    };
    for e in sess
        .engine
        .events()
        .iter()
        .rev()
        .filter(|e| mine(e))
        .take(60)
    {
        ui.label(crate::sim::describe::describe(e));
    }
    ui.separator();
    ui.heading(t(lang, "outbox"));
    let sent = |e: &Event| match &e.kind {
        EventKind::MessageSent { from, .. } => *from == seat,
        EventKind::OrderRefused { seat: s, .. } => *s == seat,
        EventKind::WarningIssued { seat: s, .. } => *s == seat,
        EventKind::ResponseLevelChanged { seat: s, .. } => *s == seat,
        _ => false,
    };
    for e in sess
        .engine
        .events()
        .iter()
        .rev()
        .filter(|e| sent(e))
        .take(60)
    {
        let text = crate::sim::describe::describe(e);
        if matches!(e.kind, EventKind::OrderRefused { .. }) {
            ui.colored_label(Color32::from_rgb(255, 110, 90), text);
        } else {
            ui.label(text);
        }
    }
    let queued: Vec<String> = {
        let q = sess.engine.world().resource::<crate::sim::InputQueue>();
        q.pending
            .iter()
            .filter(|i| i.seat == seat)
            .map(|i| format!("{}  {:?}", hms(i.at.0), i.order))
            .collect()
    };
    for q in queued {
        ui.label(RichText::new(q).italics());
    }
}

fn combo(ui: &mut Ui, id: &str, value: &mut String, options: &[(String, String)]) {
    let shown = options
        .iter()
        .find(|(v, _)| v == value)
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| value.clone());
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(220.0)
        .show_ui(ui, |ui| {
            for (v, l) in options {
                ui.selectable_value(value, v.clone(), l);
            }
        });
}

fn orders(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    if !sess.live() {
        ui.label(t(lang, "read_only"));
        return;
    }
    let seat = sess.seat.clone();
    if seat == FACILITATOR || !sess.seats.contains(&seat) {
        ui.label(t(lang, "pick_human_seat"));
        return;
    }
    let s = sess.s.clone();
    let places: Vec<(String, String)> = s
        .places
        .iter()
        .map(|p| (p.id.clone(), format!("{} {}", p.id, p.name)))
        .collect();
    let seat_m = s.org.find(&seat);
    let units: Vec<(String, String)> = s
        .org
        .units
        .iter()
        .map(|u| s.org.member(u.member))
        .filter(|m| seat_m.is_some_and(|sm| s.org.is_under(s.org.find(&m.id).unwrap_or(sm), sm)))
        .map(|m| (m.id.clone(), format!("{} {}", m.id, m.name)))
        .collect();
    let f = &mut sess.form;
    egui::ComboBox::from_id_salt("order_kind")
        .selected_text(t(lang, f.kind.key()))
        .show_ui(ui, |ui| {
            for k in ORDER_KINDS {
                ui.selectable_value(&mut f.kind, k, t(lang, k.key()));
            }
        });
    egui::Grid::new("order_form")
        .num_columns(2)
        .show(ui, |ui| match f.kind {
            OrderKind::Dispatch | OrderKind::Recall => {
                ui.label(t(lang, "unit"));
                combo(ui, "o_unit", &mut f.unit, &units);
                ui.end_row();
                if f.kind == OrderKind::Dispatch {
                    ui.label(t(lang, "place"));
                    combo(ui, "o_place", &mut f.place, &places);
                    ui.end_row();
                    ui.label(t(lang, "task"));
                    egui::ComboBox::from_id_salt("o_task")
                        .selected_text(format!("{:?}", f.task))
                        .show_ui(ui, |ui| {
                            for tk in TASKS {
                                ui.selectable_value(&mut f.task, tk, format!("{tk:?}"));
                            }
                        });
                    ui.end_row();
                }
            }
            OrderKind::Acknowledge => {
                ui.label(t(lang, "item"));
                ui.text_edit_singleline(&mut f.item);
                ui.end_row();
            }
            OrderKind::Warn => {
                ui.label(t(lang, "level"));
                egui::ComboBox::from_id_salt("o_warn")
                    .selected_text(format!("{:?}", f.warning))
                    .show_ui(ui, |ui| {
                        for w in WARNINGS {
                            ui.selectable_value(&mut f.warning, w, format!("{w:?}"));
                        }
                    });
                ui.end_row();
                ui.label(t(lang, "channel"));
                egui::ComboBox::from_id_salt("o_channel")
                    .selected_text(format!("{:?}", f.channel))
                    .show_ui(ui, |ui| {
                        for c in CHANNELS {
                            ui.selectable_value(&mut f.channel, c, format!("{c:?}"));
                        }
                    });
                ui.end_row();
                ui.label(t(lang, "places"));
                ui.vertical(|ui| {
                    for (id, label) in &places {
                        let mut on = f.places.contains(id);
                        if ui.checkbox(&mut on, label).changed() {
                            if on {
                                f.places.insert(id.clone());
                            } else {
                                f.places.remove(id);
                            }
                        }
                    }
                });
                ui.end_row();
            }
            OrderKind::SetLevel => {
                ui.label(t(lang, "response_level"));
                egui::ComboBox::from_id_salt("o_level")
                    .selected_text(format!("{:?}", f.level))
                    .show_ui(ui, |ui| {
                        for l in LEVELS {
                            ui.selectable_value(&mut f.level, l, format!("{l:?}"));
                        }
                    });
                ui.end_row();
            }
            OrderKind::Evacuate | OrderKind::Shelter => {
                ui.label(t(lang, "place"));
                combo(ui, "o_place", &mut f.place, &places);
                ui.end_row();
                if f.kind == OrderKind::Evacuate {
                    ui.label(t(lang, "to"));
                    combo(ui, "o_to", &mut f.to, &places);
                    ui.end_row();
                }
            }
            OrderKind::CloseRoad => {
                ui.label(t(lang, "road"));
                let g = &s.roads.graph;
                let edges: Vec<String> = g
                    .edge_indices()
                    .filter_map(|e| g.edge_endpoints(e))
                    .map(|(a, b)| format!("{} – {}", g[a].id, g[b].id))
                    .collect();
                egui::ComboBox::from_id_salt("o_road")
                    .selected_text(edges.get(f.road).cloned().unwrap_or_default())
                    .show_ui(ui, |ui| {
                        for (i, e) in edges.iter().enumerate() {
                            ui.selectable_value(&mut f.road, i, e);
                        }
                    });
                ui.end_row();
            }
            OrderKind::MutualAid => {
                ui.label(t(lang, "units"));
                ui.vertical(|ui| {
                    for u in &s.org.units {
                        if u.mutual_aid_s.is_none() {
                            continue;
                        }
                        let id = s.org.member(u.member).id.clone();
                        let mut on = f.aid.contains(&id);
                        if ui.checkbox(&mut on, &id).changed() {
                            if on {
                                f.aid.insert(id);
                            } else {
                                f.aid.remove(&id);
                            }
                        }
                    }
                });
                ui.end_row();
            }
            OrderKind::Message => {
                ui.label(t(lang, "to"));
                let members: Vec<(String, String)> = s
                    .org
                    .members
                    .iter()
                    .map(|m| (m.id.clone(), format!("{} {}", m.id, m.name)))
                    .collect();
                combo(ui, "o_msg_to", &mut f.to, &members);
                ui.end_row();
                ui.label(t(lang, "text"));
                ui.text_edit_multiline(&mut f.text);
                ui.end_row();
            }
        });
    if ui
        .button(RichText::new(t(lang, "give_order")).strong())
        .clicked()
    {
        let order = match f.kind {
            OrderKind::Dispatch => Order::Dispatch {
                unit: f.unit.clone(),
                to: f.place.clone(),
                task: f.task,
            },
            OrderKind::Recall => Order::Recall {
                unit: f.unit.clone(),
            },
            OrderKind::Acknowledge => Order::Acknowledge {
                item: f.item.clone(),
            },
            OrderKind::Warn => Order::Warn {
                places: f.places.iter().cloned().collect(),
                level: f.warning,
                channel: f.channel,
            },
            OrderKind::SetLevel => Order::SetLevel { level: f.level },
            OrderKind::Evacuate => Order::Evacuate {
                place: f.place.clone(),
                to: f.to.clone(),
            },
            OrderKind::Shelter => Order::ShelterInPlace {
                place: f.place.clone(),
            },
            OrderKind::CloseRoad => {
                let g = &s.roads.graph;
                let (a, b) = g
                    .edge_indices()
                    .nth(f.road)
                    .and_then(|e| g.edge_endpoints(e))
                    .map(|(a, b)| (g[a].id.clone(), g[b].id.clone()))
                    .unwrap_or_default();
                Order::CloseRoad { a, b }
            }
            OrderKind::MutualAid => Order::RequestMutualAid {
                units: f.aid.iter().cloned().collect(),
            },
            OrderKind::Message => Order::Message {
                to: f.to.clone(),
                text: f.text.clone(),
            },
        };
        sess.send(&seat, order);
    }
}

fn facilitator(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    if !sess.live() {
        ui.label(t(lang, "read_only"));
        return;
    }
    let s = sess.s.clone();
    let commands = sess.member_ids(|k| matches!(k, MemberKind::Command { .. }));
    let cmd_opts: Vec<(String, String)> = commands
        .iter()
        .map(|c| (c.clone(), seat_label(sess, c)))
        .collect();
    ui.heading(t(lang, "inject_now"));
    combo(ui, "f_to", &mut sess.fac.inject_to, &cmd_opts);
    egui::ComboBox::from_id_salt("f_msel")
        .selected_text(t(lang, "from_msel"))
        .show_ui(ui, |ui| {
            for inj in &s.injects {
                let label = format!("{} {} {}", hms(inj.time_s), inj.id, inj.text);
                if ui.selectable_label(false, label).clicked() {
                    sess.fac.inject_text = inj.text.clone();
                    sess.fac.inject_to = s.org.member(inj.to).id.clone();
                }
            }
        });
    ui.text_edit_multiline(&mut sess.fac.inject_text);
    if ui.button(t(lang, "deliver")).clicked() {
        let (to, text) = (sess.fac.inject_to.clone(), sess.fac.inject_text.clone());
        sess.send(FACILITATOR, Order::Message { to, text });
    }
    ui.separator();
    ui.heading(t(lang, "links"));
    let failed = sess.engine.world().resource::<Comms>().failed.clone();
    let links: Vec<String> = s
        .org
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "{} – {} ({:?}, {} s){}",
                s.org.member(l.a).id,
                s.org.member(l.b).id,
                l.channel,
                l.latency_s,
                if failed.contains(&i) { " ✖" } else { "" }
            )
        })
        .collect();
    egui::ComboBox::from_id_salt("f_link")
        .selected_text(links.get(sess.fac.link).cloned().unwrap_or_default())
        .show_ui(ui, |ui| {
            for (i, l) in links.iter().enumerate() {
                ui.selectable_value(&mut sess.fac.link, i, l);
            }
        });
    ui.horizontal(|ui| {
        if let Some(l) = s.org.links.get(sess.fac.link) {
            let (a, b) = (s.org.member(l.a).id.clone(), s.org.member(l.b).id.clone());
            if ui.button(t(lang, "fail_link")).clicked() {
                sess.send(
                    FACILITATOR,
                    Order::FailLink {
                        a: a.clone(),
                        b: b.clone(),
                    },
                );
            }
            if ui.button(t(lang, "restore_link")).clicked() {
                sess.send(FACILITATOR, Order::RestoreLink { a, b });
            }
        }
    });
    ui.separator();
    ui.heading(t(lang, "wind"));
    let now_wind = {
        let sc = sess.engine.world().resource::<Script>();
        (sc.wind_m_s, sc.wind_from_deg)
    };
    ui.label(format!(
        "{}: {:.1} m/s, {:.0}°",
        t(lang, "now"),
        now_wind.0,
        now_wind.1
    ));
    ui.add(egui::Slider::new(&mut sess.fac.wind_m_s, 0.0..=30.0).text("m/s"));
    ui.add(egui::Slider::new(&mut sess.fac.wind_from_deg, 0.0..=360.0).text(t(lang, "from_deg")));
    if ui.button(t(lang, "set_wind")).clicked() {
        let (wind_m_s, wind_from_deg) = (sess.fac.wind_m_s, sess.fac.wind_from_deg);
        sess.send(
            FACILITATOR,
            Order::SetWind {
                wind_m_s,
                wind_from_deg,
            },
        );
    }
    ui.separator();
    ui.heading(t(lang, "add_unit"));
    let reserve: Vec<(String, String)> = s
        .org
        .units
        .iter()
        .filter(|u| u.mutual_aid_s.is_some())
        .map(|u| {
            let m = s.org.member(u.member);
            (m.id.clone(), format!("{} {}", m.id, m.name))
        })
        .collect();
    if reserve.is_empty() {
        ui.label(t(lang, "no_reserve"));
    } else {
        combo(ui, "f_unit", &mut sess.fac.add_unit, &reserve);
        if ui.button(t(lang, "add_unit")).clicked() {
            let unit = sess.fac.add_unit.clone();
            sess.send(FACILITATOR, Order::AddUnit { unit });
        }
    }
    ui.separator();
    ui.heading(t(lang, "seats"));
    for c in commands {
        let human = sess.seats.contains(&c);
        ui.horizontal(|ui| {
            ui.label(seat_label(sess, &c));
            let label = if human {
                t(lang, "give_to_plan")
            } else {
                t(lang, "give_to_people")
            };
            if ui.small_button(label).clicked() {
                sess.send(
                    FACILITATOR,
                    Order::SetSeatMode {
                        seat: c.clone(),
                        human: !human,
                    },
                );
            }
        });
    }
}

fn right_panel(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut sess.right, RightTab::Details, t(lang, "details"));
        ui.selectable_value(&mut sess.right, RightTab::Objectives, t(lang, "objectives"));
        ui.selectable_value(
            &mut sess.right,
            RightTab::Organisation,
            t(lang, "organisation"),
        );
        ui.selectable_value(&mut sess.right, RightTab::Events, t(lang, "events"));
    });
    ui.separator();
    match sess.right {
        RightTab::Details => details(ui, sess),
        RightTab::Objectives => objectives(ui, sess),
        RightTab::Organisation => organisation(ui, sess),
        RightTab::Events => events(ui, sess),
    }
}

fn details(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let s = sess.s.clone();
    match sess.pick.clone() {
        None => {
            ui.label(t(lang, "click_map"));
            legend(ui, lang);
        }
        Some(Pick::Place(i)) => {
            let p = &s.places[i];
            let w = sess.engine.world();
            let cmd = w.resource::<CommandState>();
            let hz = w.resource::<crate::sim::hazards::HazardState>();
            ui.heading(format!("{} {}", p.id, p.name));
            egui::Grid::new("place").num_columns(2).show(ui, |ui| {
                ui.label(t(lang, "kind"));
                ui.label(format!("{:?}", p.kind));
                ui.end_row();
                ui.label(t(lang, "population"));
                ui.label(p.population.to_string());
                ui.end_row();
                ui.label(t(lang, "people_present"));
                ui.label(cmd.people_at(i as u32).to_string());
                ui.end_row();
                ui.label(t(lang, "warned"));
                ui.label(
                    cmd.warned
                        .get(&(i as u32))
                        .map(|l| format!("{l:?}"))
                        .unwrap_or_else(|| "—".into()),
                );
                ui.end_row();
                ui.label(t(lang, "evacuating"));
                ui.label(if cmd.evacuations.contains_key(&(i as u32)) {
                    "✔"
                } else {
                    "—"
                });
                ui.end_row();
                ui.label(t(lang, "sheltering"));
                ui.label(if cmd.sheltered.contains(&(i as u32)) {
                    "✔"
                } else {
                    "—"
                });
                ui.end_row();
                let reached: Vec<String> = hz
                    .reached
                    .iter()
                    .filter(|(q, _)| *q == i as u32)
                    .map(|(_, h)| h.to_string())
                    .collect();
                ui.label(t(lang, "reached_by"));
                ui.label(if reached.is_empty() {
                    "—".into()
                } else {
                    reached.join(", ")
                });
                ui.end_row();
                if let Some(d) = hz.leak.as_ref().and_then(|l| l.doses.get(i)) {
                    ui.label(t(lang, "dose"));
                    ui.label(format!("{:.1} mg·min/m³", d.exposure_mg_min_m3));
                    ui.end_row();
                }
            });
        }
        Some(Pick::Unit(u)) => {
            let spec = &s.org.units[u];
            let m = s.org.member(spec.member);
            ui.heading(format!("{} {}", m.id, m.name));
            let mark = sess.units.iter().find(|x| x.index == u).cloned();
            egui::Grid::new("unit").num_columns(2).show(ui, |ui| {
                ui.label(t(lang, "kind"));
                ui.label(format!("{:?}", spec.kind));
                ui.end_row();
                ui.label(t(lang, "crew"));
                ui.label(spec.crew.to_string());
                ui.end_row();
                if let Some(mk) = &mark {
                    ui.label(t(lang, "status"));
                    ui.label(format!("{:?}", mk.status));
                    ui.end_row();
                    ui.label(t(lang, "task"));
                    ui.label(mk.task.clone().unwrap_or_else(|| "—".into()));
                    ui.end_row();
                }
                ui.label(t(lang, "capabilities"));
                ui.label(
                    spec.capabilities
                        .iter()
                        .map(|c| format!("{c:?}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                ui.end_row();
                ui.label(t(lang, "under"));
                ui.label(
                    m.parent
                        .map(|p| s.org.member(p).id.clone())
                        .unwrap_or_default(),
                );
                ui.end_row();
            });
            if sess.live()
                && sess.seats.contains(&sess.seat)
                && ui.button(t(lang, "dispatch")).clicked()
            {
                sess.form.kind = OrderKind::Dispatch;
                sess.form.unit = m.id.clone();
                sess.left = LeftTab::Orders;
            }
        }
    }
}

fn legend(ui: &mut Ui, lang: Lang) {
    ui.separator();
    ui.label(RichText::new(t(lang, "legend")).strong());
    let rows: [(Color32, &str); 9] = [
        (Color32::from_rgb(255, 120, 0), "fire_burning"),
        (Color32::from_rgb(90, 10, 10), "fire_burnt"),
        (Color32::from_rgb(60, 110, 220), "flood_depth"),
        (Color32::from_rgb(245, 215, 0), "leak_l1"),
        (Color32::from_rgb(255, 140, 0), "leak_l2"),
        (Color32::from_rgb(220, 20, 20), "leak_l3"),
        (Color32::from_rgb(40, 110, 230), "place_warned"),
        (Color32::from_rgb(250, 200, 0), "place_evacuating"),
        (Color32::from_rgb(40, 170, 60), "place_evacuated"),
    ];
    for (c, k) in rows {
        ui.horizontal(|ui| {
            let (r, p) = ui.allocate_painter(egui::Vec2::splat(12.0), egui::Sense::hover());
            p.rect_filled(r.rect, 2.0, c);
            ui.label(t(lang, k));
        });
    }
}

fn objectives(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let (_, now) = sess.now();
    let finished = sess.engine.finished();
    let card = crate::scoring::score(&sess.s, sess.engine.events());
    ui.label(format!(
        "{}: {:.1} / {:.1}",
        t(lang, "points"),
        card.total,
        card.max_total
    ));
    egui::ScrollArea::vertical().id_salt("obj").show(ui, |ui| {
        for (o, raw) in card.objectives.iter().zip(&sess.s.objectives) {
            let deadline = deadline_s(&raw.target);
            let (status, col) = if o.met {
                (t(lang, "met").to_string(), Color32::from_rgb(80, 200, 120))
            } else if finished || deadline.is_some_and(|d| now > d) {
                (
                    t(lang, "failed").to_string(),
                    Color32::from_rgb(255, 110, 90),
                )
            } else if let Some(d) = deadline {
                (
                    format!(
                        "{} ({} {})",
                        t(lang, "pending"),
                        hms(d - now),
                        t(lang, "left")
                    ),
                    Color32::from_rgb(250, 200, 0),
                )
            } else {
                (
                    t(lang, "pending").to_string(),
                    Color32::from_rgb(250, 200, 0),
                )
            };
            ui.horizontal(|ui| {
                ui.colored_label(col, RichText::new(status).strong());
                ui.label(RichText::new(&o.title).strong());
            });
            ui.label(format!("{}: {}", t(lang, "target"), o.target));
            ui.label(format!(
                "{}: {}  [{}]",
                t(lang, "measured"),
                o.value,
                match o.rating {
                    Rating::P => "P",
                    Rating::S => "S",
                    Rating::M => "M",
                    Rating::U => "U",
                }
            ));
            ui.separator();
        }
    });
}

/// Seconds from the start by which an objective must be met, when it has a fixed one.
fn deadline_s(t: &crate::scenario::raw::RawTarget) -> Option<u64> {
    use crate::scenario::raw::RawTarget as T;
    match t {
        T::FirstOnScene {
            within,
            after: None,
            ..
        }
        | T::ResponseLevelWithin {
            within,
            after: None,
            ..
        }
        | T::LeakContainedWithin { within } => Some(within.0),
        _ => None,
    }
}

fn organisation(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    let s = sess.s.clone();
    let (_, now) = sess.now();
    let comms = sess.engine.world().resource::<Comms>().clone();
    // layered layout: depth from the top, order within a layer by member order
    let n = s.org.members.len();
    let mut depth = vec![0usize; n];
    for (i, m) in s.org.members.iter().enumerate() {
        let mut d = 0;
        let mut p = m.parent;
        while let Some(q) = p {
            d += 1;
            p = s.org.member(q).parent;
            if d > n {
                break;
            }
        }
        depth[i] = d;
    }
    let layers = depth.iter().max().copied().unwrap_or(0) + 1;
    let mut slot = vec![0usize; n];
    let mut count = vec![0usize; layers];
    for i in 0..n {
        slot[i] = count[depth[i]];
        count[depth[i]] += 1;
    }
    let h = (layers as f32 * 70.0).max(200.0);
    let (resp, painter) = ui.allocate_painter(
        egui::Vec2::new(ui.available_width(), h),
        egui::Sense::hover(),
    );
    let r = resp.rect.shrink(14.0);
    let pos = |i: usize| {
        let d = depth[i];
        let x = r.left() + r.width() * (slot[i] as f32 + 0.5) / count[d].max(1) as f32;
        let y = r.top() + r.height() * (d as f32 + 0.5) / layers as f32;
        egui::pos2(x, y)
    };
    for (li, l) in s.org.links.iter().enumerate() {
        let (a, b) = (pos(l.a.0 as usize), pos(l.b.0 as usize));
        if comms.failed.contains(&li) {
            painter.add(egui::Shape::dashed_line(
                &[a, b],
                egui::Stroke::new(2.0, Color32::from_rgb(230, 40, 40)),
                5.0,
                4.0,
            ));
            painter.text(
                a + (b - a) * 0.5,
                egui::Align2::CENTER_CENTER,
                "✖",
                egui::FontId::proportional(14.0),
                Color32::from_rgb(230, 40, 40),
            );
        } else {
            painter.line_segment([a, b], egui::Stroke::new(1.0, Color32::from_gray(150)));
        }
    }
    // messages on their current hop, placed by the share of the hop elapsed
    for ((arrive, _), m) in &comms.in_flight {
        let Some(&(last, since)) = m.hops.last() else {
            continue;
        };
        let (a, b) = (pos(last.0 as usize), pos(m.hop.0 as usize));
        let span = arrive.saturating_sub(since).max(1) as f32;
        let f = (now.saturating_sub(since) as f32 / span).clamp(0.0, 1.0);
        painter.circle_filled(a + (b - a) * f, 4.0, Color32::from_rgb(255, 220, 60));
    }
    for (i, m) in s.org.members.iter().enumerate() {
        let p = pos(i);
        let human = sess.seats.contains(&m.id);
        let col = match m.kind {
            MemberKind::Command { .. } if human => Color32::from_rgb(60, 140, 255),
            MemberKind::Command { .. } => Color32::from_rgb(150, 150, 170),
            _ => Color32::from_rgb(90, 170, 110),
        };
        painter.circle_filled(p, 6.0, col);
        if matches!(m.kind, MemberKind::Command { .. }) || count[depth[i]] < 8 {
            painter.text(
                p + egui::Vec2::new(0.0, 8.0),
                egui::Align2::CENTER_TOP,
                &m.id,
                egui::FontId::proportional(10.0),
                Color32::WHITE,
            );
        }
    }
    ui.label(format!(
        "{}: {}   {}: {}",
        t(lang, "in_transit"),
        comms.in_flight.len(),
        t(lang, "failed_links"),
        comms.failed.len()
    ));
}

/// Event groups for filters and the timeline: messages, units, hazard, command.
fn group(k: &EventKind) -> usize {
    use EventKind as E;
    match k {
        E::InjectDelivered { .. }
        | E::MessageSent { .. }
        | E::MessageReceived { .. }
        | E::MessageUndeliverable { .. }
        | E::AwaitingAck { .. }
        | E::Acknowledged { .. }
        | E::OrderRefused { .. } => 0,
        E::UnitDispatched { .. }
        | E::UnitArrived { .. }
        | E::UnitCutOff { .. }
        | E::UnitRerouted { .. }
        | E::TaskStarted { .. }
        | E::TaskDone { .. }
        | E::MutualAidRequested { .. }
        | E::MutualAidArrived { .. }
        | E::LeakContained { .. } => 1,
        E::HazardStarted { .. }
        | E::SpotFire { .. }
        | E::CrownFire { .. }
        | E::BreachOpened { .. }
        | E::GaugeThreshold { .. }
        | E::PlaceReached { .. }
        | E::PeopleExposed { .. }
        | E::RoadClosed { .. }
        | E::RoadReopened { .. }
        | E::WeatherChanged { .. } => 2,
        _ => 3,
    }
}

const GROUP_KEYS: [&str; 4] = ["g_messages", "g_units", "g_hazard", "g_command"];

fn events(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    ui.horizontal_wrapped(|ui| {
        for (g, key) in GROUP_KEYS.iter().enumerate() {
            ui.checkbox(&mut sess.filter.groups[g], t(lang, key));
        }
        ui.checkbox(&mut sess.filter.seat_only, t(lang, "this_seat"));
    });
    ui.horizontal(|ui| {
        ui.label(t(lang, "filter"));
        ui.text_edit_singleline(&mut sess.filter.text);
    });
    let needle = sess.filter.text.to_lowercase();
    let seat = sess.seat.clone();
    let (now_tick, _) = sess.now();
    let all = match &sess.mode {
        Mode::View { all, .. } => all.clone(),
        Mode::Play { .. } => Arc::new(sess.engine.events().to_vec()),
    };
    let rows: Vec<(u64, String, usize)> = all
        .iter()
        .filter(|e| sess.filter.groups[group(&e.kind)])
        .map(|e| (e.tick, crate::sim::describe::describe(e), group(&e.kind)))
        .filter(|(_, d, _)| needle.is_empty() || d.to_lowercase().contains(&needle))
        .filter(|(_, d, _)| !sess.filter.seat_only || d.contains(&seat))
        .collect();
    let live = sess.live();
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("events")
        .stick_to_bottom(live)
        .show_rows(ui, 18.0, rows.len(), |ui, range| {
            for (tick, text, g) in &rows[range] {
                let col = if *tick > now_tick {
                    // later in the recording: not happened yet at this moment
                    Color32::from_gray(110)
                } else {
                    [
                        Color32::from_rgb(150, 190, 255),
                        Color32::from_rgb(160, 230, 160),
                        Color32::from_rgb(255, 170, 100),
                        Color32::from_gray(225),
                    ][*g]
                };
                let r = ui.add(
                    egui::Label::new(RichText::new(text).color(col).size(12.0))
                        .sense(egui::Sense::click()),
                );
                if !live && r.clicked() {
                    jump = Some(*tick);
                }
            }
        });
    if let Some(tk) = jump {
        sess.seek_to = Some(tk);
    }
}
