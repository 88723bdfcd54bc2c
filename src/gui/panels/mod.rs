//! The interface, drawn once per frame by [`ui`]: the top bar, the replay timeline, a
//! left panel (inbox, orders, facilitator), a right panel (details, objectives,
//! organisation, event log) and the map in the middle; keyboard shortcuts; and the
//! widgets the panels share. One file per panel. Panels read the session and send
//! inputs through [`Session::send`]; they never change the engine.

mod details;
mod events;
mod facilitator;
mod inbox;
mod legend;
mod objectives;
mod orders;
mod organisation;
mod timeline;
mod top_bar;

use bevy::prelude::*;
use bevy_egui::EguiContexts;
use bevy_egui::egui::{self, Ui, UiBuilder};

use crate::gui::i18n::tr as t;
use crate::gui::screenshot::{Layout, LegendRow, ObjectiveShot, hazard_samples, rect4};
use crate::gui::session::Session;
use crate::order::FACILITATOR;
use details::details;
use events::events;
use facilitator::facilitator;
use inbox::inbox;
use legend::legend;
use objectives::objectives;
use orders::orders;
use organisation::organisation;
use timeline::timeline;
use top_bar::top_bar;

pub(super) use events::LogFilter;
pub(super) use facilitator::FacForm;
pub(super) use orders::OrderForm;

/// The left panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LeftTab {
    Inbox,
    Orders,
    Facilitator,
}

/// The right panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RightTab {
    Details,
    Objectives,
    Organisation,
    Events,
    Legend,
}

/// The tab names `--show` accepts, as the command line spells them.
pub(super) const TAB_NAMES: [&str; 8] = [
    "inbox",
    "orders",
    "facilitator",
    "details",
    "objectives",
    "organisation",
    "events",
    "legend",
];

/// Open the tab called `name` (one of [`TAB_NAMES`]) in its panel.
///
/// # Errors
/// An unknown name, or a live-only tab (orders, facilitator) in the replay viewer.
pub(super) fn open_tab(sess: &mut Session, name: &str) -> Result<(), String> {
    let live_only = |sess: &Session| {
        if sess.live() {
            Ok(())
        } else {
            Err(format!(
                "--show {name}: the replay viewer has no {name} tab"
            ))
        }
    };
    match name {
        "inbox" => sess.left = LeftTab::Inbox,
        "orders" => {
            live_only(sess)?;
            sess.left = LeftTab::Orders;
        }
        "facilitator" => {
            live_only(sess)?;
            if sess.official.is_some() {
                return Err("--show facilitator: an official session has no facilitator".into());
            }
            sess.left = LeftTab::Facilitator;
        }
        "details" => sess.right = RightTab::Details,
        "objectives" => sess.right = RightTab::Objectives,
        "organisation" => sess.right = RightTab::Organisation,
        "events" => sess.right = RightTab::Events,
        "legend" => sess.right = RightTab::Legend,
        other => {
            return Err(format!(
                "--show {other}: no such tab (one of {})",
                TAB_NAMES.join(", ")
            ));
        }
    }
    Ok(())
}

/// Width of each side panel for a window `w` points wide: a quarter of the window
/// between 220 and 360 points, so the map always gets at least half of a window
/// 880 points or wider, and its width (hence its scale) does not change with the
/// tab shown.
fn side_width(w: f32) -> f32 {
    (w * 0.24).clamp(220.0, 360.0)
}

/// The whole interface, once per frame.
pub(super) fn ui(
    mut contexts: EguiContexts,
    mut sess: NonSendMut<Session>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let sess = &mut *sess;
    if !sess.cjk {
        crate::gui::fonts::install(&ctx);
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
    sess.drawn.clear();
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
            .exact_size(timeline::PANEL_H)
            .show(&mut root, |ui| timeline(ui, sess));
    }
    // fixed widths: a tab's content never widens its panel and shrinks the map
    let side = side_width(layout.window[0]);
    let l = egui::Panel::left("left")
        .exact_size(side)
        .resizable(false)
        .show(&mut root, |ui| left_panel(ui, sess));
    layout.panels.push(("left".into(), rect4(l.response.rect)));
    let r = egui::Panel::right("right")
        .exact_size(side)
        .resizable(false)
        .show(&mut root, |ui| right_panel(ui, sess));
    (layout.objectives, layout.legend) = r.inner;
    layout.tabs = ["inbox", "orders", "facilitator"]
        .into_iter()
        .filter(|k| match *k {
            "orders" => sess.live(),
            "facilitator" => sess.live() && sess.official.is_none(),
            _ => true,
        })
        .chain(["details", "objectives", "organisation", "events", "legend"])
        .map(String::from)
        .collect();
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
                (t_s, tick),
                sess.lang,
            );
            sess.units = units;
            if let Some(p) = pick {
                sess.pick = Some(p);
                sess.right = RightTab::Details;
            }
        });
    layout.labels = sess.map.labels.clone();
    layout.drawn = sess.drawn.clone();
    layout.wind = sess.map.wind.clone();
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

/// The left panel: its tabs (orders and facilitator only in a live exercise, no
/// facilitator in an official session) and the one shown.
fn left_panel(ui: &mut Ui, sess: &mut Session) {
    let lang = sess.lang;
    // every label wraps at the panel's edge (the panel's width is fixed)
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    let live = sess.live();
    if !live {
        sess.left = LeftTab::Inbox;
    }
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut sess.left, LeftTab::Inbox, t(lang, "inbox"));
        if live {
            ui.selectable_value(&mut sess.left, LeftTab::Orders, t(lang, "orders"));
            if sess.official.is_none() {
                ui.selectable_value(&mut sess.left, LeftTab::Facilitator, t(lang, "facilitator"));
            }
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

/// The right panel: its tabs and the one shown; where the objectives' statuses or the
/// legend's rows were drawn when that tab shows.
fn right_panel(ui: &mut Ui, sess: &mut Session) -> (Vec<ObjectiveShot>, Vec<LegendRow>) {
    let lang = sess.lang;
    // every label wraps at the panel's edge (the panel's width is fixed)
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut sess.right, RightTab::Details, t(lang, "details"));
        ui.selectable_value(&mut sess.right, RightTab::Objectives, t(lang, "objectives"));
        ui.selectable_value(
            &mut sess.right,
            RightTab::Organisation,
            t(lang, "organisation"),
        );
        ui.selectable_value(&mut sess.right, RightTab::Events, t(lang, "events"));
        ui.selectable_value(&mut sess.right, RightTab::Legend, t(lang, "legend"));
    });
    ui.separator();
    match sess.right {
        RightTab::Details => details(ui, sess),
        RightTab::Objectives => return (objectives(ui, sess), Vec::new()),
        RightTab::Organisation => organisation(ui, sess),
        RightTab::Events => events(ui, sess),
        RightTab::Legend => {
            let rows = egui::ScrollArea::vertical()
                .id_salt("scroll_legend")
                .show(ui, |ui| legend(ui, sess))
                .inner;
            return (Vec::new(), rows);
        }
    }
    (Vec::new(), Vec::new())
}

/// A combo box choosing `value` among `options` (value, label), showing the label.
fn combo(ui: &mut Ui, id: &str, value: &mut String, options: &[(String, String)]) {
    let shown = options
        .iter()
        .find(|(v, _)| v == value)
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| value.clone());
    // one line, cut with an ellipsis: a long name wrapped over two lines ran into the
    // next row of the order form
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(220.0)
        .truncate()
        .show_ui(ui, |ui| {
            for (v, l) in options {
                ui.selectable_value(value, v.clone(), l);
            }
        });
}

/// A seat as "name (people|plan)" (its id when the scenario gives no name), or the
/// facilitator's name.
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
    // a bilingual name in the interface language only
    let name = if name.is_empty() {
        id.to_string()
    } else {
        crate::scenario::names::name_in(&name, sess.lang == crate::gui::i18n::Lang::Zh)
    };
    // held but not by the people at this window: an orders file plays it
    let held = sess
        .s
        .org
        .find(id)
        .is_some_and(|m| crate::seat::is_human(&sess.engine, m));
    format!(
        "{name} ({})",
        if human {
            t(sess.lang, "people")
        } else if held {
            t(sess.lang, "orders_file")
        } else {
            t(sess.lang, "plan")
        }
    )
}
