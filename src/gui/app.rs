//! The bevy app and the three ways into it: `play` (a live exercise, recorded),
//! `play_official` (a team's official live session of a competition round, signed at
//! its end) and `view` (the replay viewer). Each builds a [`Session`] and runs the same
//! window: the frame-advance system, the screenshot and frame-time modes, and the
//! interface.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use bevy::prelude::*;
use bevy_egui::{EguiPlugin, EguiPrimaryContextPass};

use super::advance::advance;
use super::bench::measure;
use super::clock::SPEEDS;
use super::panels::{self, RightTab, ui};
use super::screenshot::{Shot, screenshot};
use super::session::{Mode, Official, Session};
use super::{OfficialOptions, PlayOptions, ViewOptions};
use crate::order::{FACILITATOR, Input, Order};
use crate::record::{self, replay};
use crate::scenario::authority::check_input;
use crate::sim::Engine;
use crate::time::Dur;

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
    .add_systems(Update, (advance, measure, screenshot))
    .add_systems(EguiPrimaryContextPass, ui);
    app
}

/// `drillsim play`.
pub fn play(o: PlayOptions) -> Result<(), String> {
    check_tabs(&o.show)?;
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
    let mut engine = Engine::new(s.clone(), o.seed_for(&s), inputs)?;
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
    for tab in &o.show {
        panels::open_tab(&mut sess, tab)?;
    }
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
    check_tabs(&o.show)?;
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
    for tab in &o.show {
        panels::open_tab(&mut sess, tab)?;
    }
    sess.shot = o.screenshot.map(Shot::new);
    let mut app = build_app(sess, title);
    finish(app.run())
}

/// `--show` names only tabs there are (checked before any work or window).
fn check_tabs(tabs: &[String]) -> Result<(), String> {
    match tabs
        .iter()
        .find(|t| !panels::TAB_NAMES.contains(&t.as_str()))
    {
        Some(t) => Err(format!(
            "--show {t}: no such tab (one of {})",
            panels::TAB_NAMES.join(", ")
        )),
        None => Ok(()),
    }
}

/// The window's exit as the command's result.
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
