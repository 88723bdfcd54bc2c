//! The session: everything one window shows and edits — the engine it runs or the
//! recording it replays ([`Mode`]), the seat whose view is shown, the seats people hold,
//! the panels' forms and tabs, and an official competition session's limits
//! ([`Official`]). The interface only reads the engine and sends inputs through
//! [`Session::send`], which refuses what the seat may not order; a replay never sends.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::clock::Pace;
use super::i18n::{Lang, tr as t};
use super::map::{MapView, Pick, UnitMark};
use super::panels::{FacForm, LeftTab, LogFilter, OrderForm, RightTab};
use super::screenshot::{Layout, Shot};
use crate::order::{FACILITATOR, Input, Order};
use crate::record::{Recording, replay};
use crate::scenario::authority::refusal;
use crate::scenario::{MemberKind, Scenario};
use crate::sim::Engine;
use crate::sim::events::Event;
use crate::time::{Dur, hms};

/// Live exercise or replay.
pub(super) enum Mode {
    /// A live exercise, recorded to `record`.
    Play {
        /// Where the recording goes.
        record: PathBuf,
    },
    /// A replay of the recording at `path`.
    View {
        /// The recording, read whole.
        rec: Box<Recording>,
        /// The last tick it holds.
        last_tick: u64,
        /// Where it was read from.
        path: PathBuf,
        /// Every event of the whole recording (re-simulated once on opening).
        all: Arc<Vec<Event>>,
    },
}

/// Everything the window shows and edits.
pub(super) struct Session {
    /// The scenario.
    pub(super) s: Arc<Scenario>,
    /// The engine: run live, or rebuilt at the replay's moment.
    pub(super) engine: Engine,
    /// Live exercise or replay.
    pub(super) mode: Mode,
    /// The clock: running or paused, speed, ticks owed.
    pub(super) pace: Pace,
    /// Interface language.
    pub(super) lang: Lang,
    /// Seats people hold.
    pub(super) seats: BTreeSet<String>,
    /// The seat whose view is shown and who gives orders.
    pub(super) seat: String,
    /// The map's pan and zoom.
    pub(super) map: MapView,
    /// What was clicked on the map.
    pub(super) pick: Option<Pick>,
    /// Where the units are, as of `units_tick`.
    pub(super) units: Vec<UnitMark>,
    /// The tick `units` was read at.
    pub(super) units_tick: Option<u64>,
    /// The left panel's tab.
    pub(super) left: LeftTab,
    /// The right panel's tab.
    pub(super) right: RightTab,
    /// The orders panel's fields.
    pub(super) form: OrderForm,
    /// The facilitator panel's fields.
    pub(super) fac: FacForm,
    /// The event log's filter.
    pub(super) filter: LogFilter,
    /// The last notice in the top bar, and whether it is good news.
    pub(super) notice: Option<(String, bool)>,
    /// A tick the replay is to move to next frame.
    pub(super) seek_to: Option<u64>,
    /// Where things were drawn in the last frame.
    pub(super) layout: Layout,
    /// Frames drawn.
    pub(super) frames: u64,
    /// Their total time, s.
    pub(super) frame_s_total: f64,
    /// Screenshot mode.
    pub(super) shot: Option<Shot>,
    /// The fonts are installed.
    pub(super) cjk: bool,
    /// Frame-time measurement: frames still to run, and the times so far (s).
    pub(super) bench: Option<(u32, Vec<f64>)>,
    /// An official competition session (`compete --live`).
    pub(super) official: Option<Official>,
    /// Words drawn this frame in the organisation chart and the replay timeline
    /// ([`Layout::drawn`](super::screenshot::Layout)).
    pub(super) drawn: Vec<(String, String, [f32; 4])>,
}

/// What an official live session keeps to.
pub(super) struct Official {
    /// The round's id.
    pub(super) round: String,
    /// The team's id.
    pub(super) team: String,
    /// The round's fastest pace, simulated seconds per wall-clock second.
    pub(super) max_speed: f64,
    /// Started just after the recording's clock, so the pace judged is never faster.
    pub(super) started: std::time::Instant,
    /// The end was reached (the recording is signed); read after the window closes.
    pub(super) ended: Arc<std::sync::atomic::AtomicBool>,
}

impl Session {
    /// A session showing the first seat people hold (or the facilitator's), with the
    /// objectives open.
    pub(super) fn new(
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
        Session {
            form: OrderForm::new(&s),
            fac: FacForm::new(&s, seat.clone()),
            filter: LogFilter::new(),
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
            drawn: Vec::new(),
            official: None,
        }
    }

    /// A live exercise (not a replay).
    pub(super) fn live(&self) -> bool {
        matches!(self.mode, Mode::Play { .. })
    }

    /// Last tick run and its second.
    pub(super) fn now(&self) -> (u64, u64) {
        let c = self.engine.clock();
        let tick = c.tick.saturating_sub(1);
        (tick, tick * c.tick_s)
    }

    /// Second the next tick stands for: when an input given now applies.
    pub(super) fn next_s(&self) -> u64 {
        let c = self.engine.clock();
        c.tick * c.tick_s
    }

    /// The last tick: the exercise's end, or the last the recording holds.
    pub(super) fn last_tick(&self) -> u64 {
        match &self.mode {
            Mode::View { last_tick, .. } => *last_tick,
            Mode::Play { .. } => self.engine.clock().last_tick,
        }
    }

    /// Send an input now, or say why not.
    pub(super) fn send(&mut self, seat: &str, order: Order) {
        if !self.live() {
            return;
        }
        let input = Input {
            at: Dur(self.next_s()),
            seat: seat.to_string(),
            order,
        };
        if let Some((why, _)) = refusal(&self.s, &input) {
            // the refusal in the interface's language
            let why = match self.lang {
                Lang::Zh => why.zh,
                Lang::En => why.en,
            };
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

    /// Move a replay to `tick`, re-simulated from the start or from the nearest state
    /// already re-simulated ([`replay::seek`]; recorded snapshots are never restored).
    pub(super) fn seek(&mut self, tick: u64) {
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

    /// Read the units' positions again when the tick has moved.
    pub(super) fn refresh_units(&mut self) {
        let (tick, _) = self.now();
        if self.units_tick != Some(tick) {
            self.units = super::map::unit_marks(&self.s, &mut self.engine);
            self.units_tick = Some(tick);
        }
    }

    /// Ids of the members of kind `f`, in the organisation's order.
    pub(super) fn member_ids(&self, f: impl Fn(&MemberKind) -> bool) -> Vec<String> {
        self.s
            .org
            .members
            .iter()
            .filter(|m| f(&m.kind))
            .map(|m| m.id.clone())
            .collect()
    }
}
