//! The organisation chart: members in layers by depth under the top, links (failed
//! ones dashed red), messages in flight on their current hop, and seats held by people
//! in blue.

use bevy_egui::egui::{self, Color32, Ui};

use crate::gui::i18n::tr as t;
use crate::gui::session::Session;
use crate::scenario::MemberKind;
use crate::sim::comms::Comms;

/// The organisation chart with its links and messages in flight.
pub(super) fn organisation(ui: &mut Ui, sess: &mut Session) {
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
    let h = (layers as f32 * 78.0).max(200.0);
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
    let font = egui::FontId::proportional(10.0);
    let bg = ui.visuals().panel_fill;
    let zh = lang == crate::gui::i18n::Lang::Zh;
    let mut drawn: Vec<(String, String, [f32; 4])> = Vec::new();
    for (i, m) in s.org.members.iter().enumerate() {
        let p = pos(i);
        let human = sess.seats.contains(&m.id);
        let col = match m.kind {
            MemberKind::Command { .. } if human => Color32::from_rgb(60, 140, 255),
            MemberKind::Command { .. } => Color32::from_rgb(150, 150, 170),
            _ => Color32::from_rgb(90, 170, 110),
        };
        painter.circle_filled(p, 6.0, col);
    }
    // labels: the name in the interface language, no wider than two slots of its
    // layer, neighbours in a crowded layer on alternate lines so that none overlaps
    // (the fire scenario's village posts ran into each other)
    for (d, &in_layer) in count.iter().enumerate() {
        let members: Vec<usize> = (0..n)
            .filter(|&i| depth[i] == d)
            .filter(|&i| {
                matches!(s.org.members[i].kind, MemberKind::Command { .. }) || in_layer < 8
            })
            .collect();
        let slot_w = r.width() / in_layer.max(1) as f32;
        let galley = |text: String, max_w: f32| {
            let g = painter.layout_no_wrap(text.clone(), font.clone(), Color32::WHITE);
            if g.size().x <= max_w {
                return g;
            }
            // cut to fit, with an ellipsis
            let chars: Vec<char> = text.chars().collect();
            let mut keep = chars.len();
            loop {
                keep = keep.saturating_sub(1);
                let t: String = chars[..keep].iter().collect::<String>() + "…";
                let g = painter.layout_no_wrap(t, font.clone(), Color32::WHITE);
                if g.size().x <= max_w || keep == 0 {
                    return g;
                }
            }
        };
        let names: Vec<String> = members
            .iter()
            .map(|&i| {
                let m = &s.org.members[i];
                if m.name.is_empty() {
                    m.id.clone()
                } else {
                    crate::scenario::names::name_in(&m.name, zh)
                }
            })
            .collect();
        // one line if every name fits its own slot, else alternate lines with twice
        // the room
        let fits = names.iter().all(|t| {
            painter
                .layout_no_wrap(t.clone(), font.clone(), Color32::WHITE)
                .size()
                .x
                <= slot_w - 4.0
        });
        for (k, (&i, name)) in members.iter().zip(names).enumerate() {
            let (max_w, dy) = if fits {
                (slot_w - 4.0, 8.0)
            } else {
                (2.0 * slot_w - 6.0, if k % 2 == 0 { 8.0 } else { 20.0 })
            };
            let g = galley(name, max_w.max(20.0));
            // centred under the node, kept inside the panel
            let x = (pos(i).x - g.size().x / 2.0)
                .min(resp.rect.right() - 2.0 - g.size().x)
                .max(resp.rect.left() + 2.0);
            let p = egui::pos2(x, pos(i).y + dy);
            let rect = egui::Rect::from_min_size(p, g.size());
            drawn.push((
                "organisation".to_string(),
                g.text().to_string(),
                [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
            ));
            // on the panel's own colour, so the links drawn under it do not run
            // through the words
            painter.rect_filled(rect.expand(1.5), 2.0, bg);
            painter.galley(p, g, Color32::WHITE);
        }
    }
    sess.drawn.extend(drawn);
    ui.label(format!(
        "{}: {}   {}: {}",
        t(lang, "in_transit"),
        comms.in_flight.len(),
        t(lang, "failed_links"),
        comms.failed.len()
    ));
}
