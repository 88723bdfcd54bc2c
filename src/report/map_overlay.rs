//! A map that stands alone: the PNG map of [`super::map`] inside an inline SVG that
//! draws, in vector so it prints sharp and speaks the report's language, the place
//! names with their status at that moment (warned, evacuating, evacuated; a red ring
//! when the hazard has reached it), the hazard's origin (breach, ignition, leak
//! source), each unit's track up to that moment, a scale bar in metres, a north arrow
//! (row 0 of the grid is north) and the wind arrow (where the wind blows to, with its
//! speed) as it was at that moment.

use std::fmt::Write as _;

use super::html::esc;
use super::i18n::{Lang, l};
use super::{MapImage, Run, map};
use crate::scenario::{PlaceKind, Scenario};
use crate::sim::events::EventKind;

/// A place's status at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceStatus {
    /// Nothing yet.
    Quiet,
    /// Its households were warned.
    Warned,
    /// People are leaving.
    Evacuating,
    /// Everyone has left.
    Evacuated,
    /// Told to shelter in place (indoors, windows shut) and not leaving.
    Sheltering,
}

/// Status of place `id` at second `t_s` from the run's events, and whether the
/// hazard had reached it.
pub fn status_at(run: &Run, id: &str, t_s: u64) -> (PlaceStatus, bool) {
    let mut st = PlaceStatus::Quiet;
    let mut reached = false;
    for e in run.events.iter().take_while(|e| e.t_s <= t_s) {
        match &e.kind {
            EventKind::PlaceWarned { place, .. } if place == id && st == PlaceStatus::Quiet => {
                st = PlaceStatus::Warned
            }
            EventKind::EvacuationStarted { place, .. } if place == id => {
                st = PlaceStatus::Evacuating
            }
            EventKind::EvacuationDone { place, .. } if place == id => st = PlaceStatus::Evacuated,
            EventKind::ShelterInPlace { place, .. }
                if place == id && matches!(st, PlaceStatus::Quiet | PlaceStatus::Warned) =>
            {
                st = PlaceStatus::Sheltering
            }
            EventKind::PlaceReached { place, .. } if place == id => reached = true,
            _ => {}
        }
    }
    (st, reached)
}

/// A wind speed as people read it: whole metres per second when it is one ("6"),
/// else to a tenth ("3.5": it read "4").
fn speed_words(m_s: f64) -> String {
    if (m_s - m_s.round()).abs() < 0.05 {
        format!("{:.0}", m_s)
    } else {
        format!("{m_s:.1}")
    }
}

/// Colour of a unit's track: the colour of the unit squares of [`map::render`].
const TRACK: &str = "#e600c8";

/// Fill colour of a status: the GUI's ([`super::palette`]).
fn status_fill(st: PlaceStatus) -> String {
    use super::palette as p;
    p::hex(match st {
        PlaceStatus::Quiet => p::NOT_WARNED,
        PlaceStatus::Warned => p::WARNED,
        PlaceStatus::Evacuating => p::EVACUATING,
        PlaceStatus::Evacuated => p::EVACUATED,
        PlaceStatus::Sheltering => p::SHELTERING,
    })
}

/// The ring of a place the hazard reached (the palette's black, as the GUI's reached
/// places), and of any other place (thin grey).
fn reached_ring() -> String {
    super::palette::hex(super::palette::REACHED)
}
const PLAIN_RING: &str = "#666666";

/// The legend of the overlay's symbols, as HTML; "sheltering in place" only when
/// `sheltering` (some run told a place to shelter). Printed under the maps and kept with
/// their last row (`p.key`).
pub fn legend_html(lang: Lang, sheltering: bool) -> String {
    let dot = |fill: &str, stroke: &str, text: &str, width: f64| {
        format!(
            "<span><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\"><circle cx=\"7\" cy=\"7\" r=\"5\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/></svg> {}</span>",
            esc(text)
        )
    };
    let mut o = String::from("<p class=\"legend key\">");
    let fill = |st| status_fill(st);
    o.push_str(&dot(
        &fill(PlaceStatus::Quiet),
        PLAIN_RING,
        l(lang, "place: no warning yet"),
        1.5,
    ));
    o.push_str(&dot(
        &fill(PlaceStatus::Warned),
        PLAIN_RING,
        l(lang, "warned"),
        1.5,
    ));
    o.push_str(&dot(
        &fill(PlaceStatus::Evacuating),
        PLAIN_RING,
        l(lang, "evacuating"),
        1.5,
    ));
    o.push_str(&dot(
        &fill(PlaceStatus::Evacuated),
        PLAIN_RING,
        l(lang, "evacuated"),
        1.5,
    ));
    if sheltering {
        o.push_str(&dot(
            &fill(PlaceStatus::Sheltering),
            PLAIN_RING,
            l(lang, "sheltering in place"),
            1.5,
        ));
    }
    o.push_str(&dot(
        &fill(PlaceStatus::Quiet),
        &reached_ring(),
        l(lang, "reached by the hazard"),
        3.0,
    ));
    let _ = write!(
        o,
        "<span><svg width=\"22\" height=\"14\" viewBox=\"0 0 22 14\"><polyline points=\"1,12 8,4 14,9 21,2\" fill=\"none\" stroke=\"{TRACK}\" stroke-width=\"2.5\"/></svg> {}</span>",
        esc(l(lang, "unit track up to that moment"))
    );
    let _ = write!(
        o,
        "<span><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\"><path d=\"M7 1 L13 13 L1 13 Z\" fill=\"#111\"/></svg> {}</span>",
        esc(l(lang, "hazard origin (breach, ignition, leak source)"))
    );
    let _ = write!(
        o,
        "<span>{}</span>",
        esc(l(
            lang,
            "N: north arrow; blue arrow: wind, pointing where it blows; bar: scale"
        ))
    );
    o.push_str("</p>");
    o
}

/// Cells where the hazard starts: breaches, ignitions, the leak's source.
fn origins(s: &Scenario, t_s: u64) -> Vec<(u32, u32)> {
    let w = s.grid.width.max(1) as usize;
    let mut out = Vec::new();
    if let Some(f) = &s.hazards.flood {
        for b in f.breaches.iter().filter(|b| b.at_s <= t_s) {
            if let Some(&c) = b.cells.get(b.cells.len() / 2) {
                out.push(((c % w) as u32, (c / w) as u32));
            }
        }
    }
    if let Some(f) = &s.hazards.fire {
        for (c, at) in &f.ignitions {
            if *at <= t_s {
                out.push(((c % w) as u32, (c / w) as u32));
            }
        }
    }
    if let Some(lk) = &s.hazards.leak {
        out.push(s.places[lk.source.0 as usize].cell);
    }
    out
}

/// A "nice" scale bar length, m, about a fifth of `width_m`.
fn bar_m(width_m: f64) -> f64 {
    let target = width_m / 5.0;
    let mag = 10f64.powf(target.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|k| k * mag)
        .rfind(|x| *x <= target)
        .unwrap_or(mag)
}

/// The width of `text` at font size `fs`, estimated: Chinese characters a full
/// square, other characters a little over half of one (sans-serif).
fn text_width(text: &str, fs: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2e80 { fs } else { fs * 0.6 })
        .sum()
}

/// The map at its moment as an inline SVG `shown_w` px wide.
pub fn figure_svg(s: &Scenario, run: &Run, m: &MapImage, shown_w: u32, lang: Lang) -> String {
    let k = map::scale(s);
    let (w, h) = (s.grid.width * k, s.grid.height * k);
    let px_per_cell = k as f64;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" width=\"{shown_w}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\"><image href=\"{}\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"/>",
        map::data_uri(&m.png)
    );
    // text size: 8 px at the shown width, so that a comparison's maps, printed three
    // to an A4 row (about 62 mm for 226 px), give their place names 6.2 pt (at 7.5 px
    // they printed at 5.8 pt)
    let fs = (8.0 * w as f64 / shown_w.max(1) as f64).max(8.0);
    let c = |cell: (u32, u32)| {
        (
            cell.0 as f64 * px_per_cell + px_per_cell / 2.0,
            cell.1 as f64 * px_per_cell + px_per_cell / 2.0,
        )
    };
    // unit tracks up to this moment, under the places; the PNG marks where each unit
    // is now
    let m_per_px = s.grid.cell_m / px_per_cell;
    for tr in &run.tracks {
        let pts = tr.up_to(m.t_s);
        if pts.len() < 2 {
            continue;
        }
        let path: String = pts
            .iter()
            .map(|p| format!("{:.1},{:.1}", p.1 / m_per_px, p.2 / m_per_px))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = write!(
            o,
            "<polyline class=\"track\" points=\"{path}\" fill=\"none\" stroke=\"{TRACK}\" stroke-opacity=\"0.75\" stroke-width=\"{:.1}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
            fs * 0.16
        );
    }
    let mut labels: Vec<(f64, f64, f64, String, u32)> = Vec::new();
    for p in &s.places {
        let (x, y) = c(p.cell);
        if matches!(p.kind, PlaceKind::Shelter | PlaceKind::CommandPost) || p.population == 0 {
            continue;
        }
        let (st, reached) = status_at(run, &p.id, m.t_s);
        let r = fs * 0.55;
        let _ = write!(
            o,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{:.1}\"/>",
            status_fill(st),
            if reached {
                reached_ring()
            } else {
                PLAIN_RING.to_string()
            },
            if reached { fs * 0.35 } else { fs * 0.12 }
        );
        // the name in the report's language (an English report named its places in
        // Chinese until 2026-12-01)
        let name = crate::scenario::names::name_in(&p.name, lang == Lang::Zh);
        labels.push((x, y, r, name, p.population));
    }
    // labels placed greedily, most people first, at the nearest spot (right, left,
    // above, below, the diagonals, then the same further out with a leader line)
    // where they stay on the map and clear of the labels placed before, of every
    // place's dot and of the furniture; one that fits nowhere goes where it overlaps
    // least
    let dots: Vec<[f64; 4]> = labels
        .iter()
        .map(|(x, y, r, _, _)| [x - r, y - r, x + r, y + r])
        .collect();
    // the map's furniture, drawn below: scale bar (bottom left), north arrow and wind
    // (top right) with its words
    let (wf, hf) = (w as f64, h as f64);
    let bar_px = bar_m(s.grid.width as f64 * s.grid.cell_m) / s.grid.cell_m * px_per_cell;
    let mut placed: Vec<[f64; 4]> = vec![
        [fs * 0.6, hf - fs * 2.6, fs * 1.4 + bar_px, hf],
        [wf - fs * 2.9, 0.0, wf, fs * 3.4],
        [wf - fs * 6.5, fs * 4.1, wf, fs * 9.2],
    ];
    // the most people first: they get the nearest free spot
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(labels[i].4));
    for i in order {
        let (x, y, r, name, _) = &labels[i];
        let (x, y) = (*x, *y);
        let tw = text_width(name, fs);
        let th = fs * 1.15;
        // candidate spots: beside, left, above, below, then the diagonals, on rings
        // further out (joined to the dot by a leader line)
        let mut candidates: Vec<[f64; 4]> = Vec::new();
        for ring in 0..4 {
            let gap = r + fs * (0.25 + 1.2 * ring as f64);
            let (cx, cy) = (tw / 2.0 + gap, th / 2.0 + gap);
            for (dx, dy) in [
                (1.0, 0.0),
                (-1.0, 0.0),
                (0.0, -1.0),
                (0.0, 1.0),
                (1.0, -1.0),
                (-1.0, -1.0),
                (1.0, 1.0),
                (-1.0, 1.0),
            ] {
                let (mx, my) = (x + dx * cx, y + dy * cy);
                candidates.push([mx - tw / 2.0, my - th / 2.0, mx + tw / 2.0, my + th / 2.0]);
            }
        }
        let overlap = |a: &[f64; 4], b: &[f64; 4]| {
            let dx = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
            let dy = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
            dx * dy
        };
        let cost = |rect: &[f64; 4]| {
            let outside = (-rect[0]).max(0.0)
                + (rect[2] - w as f64).max(0.0)
                + (-rect[1]).max(0.0)
                + (rect[3] - h as f64).max(0.0);
            outside * fs * 10.0
                + placed.iter().map(|p| overlap(rect, p)).sum::<f64>()
                + dots.iter().map(|d| overlap(rect, d)).sum::<f64>()
        };
        let best = candidates
            .iter()
            .find(|c| cost(c) == 0.0)
            .or_else(|| candidates.iter().min_by(|a, b| cost(a).total_cmp(&cost(b))))
            .copied()
            .unwrap_or([x, y, x + tw, y + th]);
        placed.push(best);
        let (mx, my) = ((best[0] + best[2]) / 2.0, (best[1] + best[3]) / 2.0);
        // a label away from its dot is joined to it
        if best[0] > x + r + fs * 1.0
            || best[2] < x - r - fs * 1.0
            || best[1] > y + r + fs * 1.0
            || best[3] < y - r - fs * 1.0
        {
            let ex = mx.clamp(best[0], best[2]);
            let ey = if my > y { best[1] } else { best[3] };
            let _ = write!(
                o,
                "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{ex:.1}\" y2=\"{ey:.1}\" stroke=\"#111\" stroke-width=\"{:.1}\"/>",
                fs * 0.12
            );
        }
        let _ = write!(
            o,
            "<text x=\"{mx:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" text-anchor=\"middle\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"{:.1}\" paint-order=\"stroke\">{}</text>",
            my + fs * 0.36,
            fs * 0.25,
            esc(name)
        );
    }
    for cell in origins(s, m.t_s) {
        let (x, y) = c(cell);
        let a = fs * 0.8;
        let _ = write!(
            o,
            "<path d=\"M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"{:.1}\"/>",
            y - a,
            x + a,
            y + a * 0.7,
            x - a,
            y + a * 0.7,
            fs * 0.12
        );
    }
    // scale bar, bottom left
    let width_m = s.grid.width as f64 * s.grid.cell_m;
    let bm = bar_m(width_m);
    let bpx = bm / s.grid.cell_m * px_per_cell;
    let (bx, by) = (fs, h as f64 - fs);
    let label = if bm >= 1000.0 {
        format!("{} km", bm / 1000.0)
    } else {
        format!("{bm} m")
    };
    let _ = write!(
        o,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#fff\" fill-opacity=\"0.8\"/><rect x=\"{bx:.1}\" y=\"{:.1}\" width=\"{bpx:.1}\" height=\"{:.1}\" fill=\"#111\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" text-anchor=\"middle\">{label}</text>",
        bx - fs * 0.4,
        by - fs * 1.6,
        bpx + fs * 0.8,
        fs * 2.1,
        by - fs * 0.35,
        fs * 0.35,
        bx + bpx / 2.0,
        by - fs * 0.55
    );
    // north arrow, top right
    let (nx, ny) = (w as f64 - fs * 1.6, fs * 1.2);
    let _ = write!(
        o,
        "<circle cx=\"{nx:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"#fff\" fill-opacity=\"0.8\"/><path d=\"M{nx:.1} {ny:.1} L{:.1} {:.1} L{nx:.1} {:.1} L{:.1} {:.1} Z\" fill=\"#111\"/><text x=\"{nx:.1}\" y=\"{:.1}\" font-size=\"{fs:.1}\" text-anchor=\"middle\" font-weight=\"bold\">N</text>",
        ny + fs * 0.9,
        fs * 1.25,
        nx + fs * 0.5,
        ny + fs * 1.6,
        ny + fs * 1.2,
        nx - fs * 0.5,
        ny + fs * 1.6,
        ny + fs * 2.6
    );
    // wind, below the north arrow: blows towards from + 180°
    let wind = run
        .events
        .iter()
        .take_while(|e| e.t_s <= m.t_s)
        .filter_map(|e| match &e.kind {
            EventKind::WeatherChanged {
                wind_m_s,
                wind_from_deg,
            } => Some((*wind_m_s, *wind_from_deg)),
            _ => None,
        })
        .last()
        .unwrap_or_else(|| {
            let ws = s.weather_at(m.t_s);
            (ws.wind_m_s, ws.wind_from_deg)
        });
    // the disc holds the whole arrow (shaft and head reach 1.8 text sizes from its
    // centre) and stays inside the map: it was cut at the map's edge
    let (wx, wy) = (w as f64 - fs * 2.05, fs * 6.2);
    let to = (wind.1 + 180.0).to_radians();
    let len = fs * 1.3;
    let (dx, dy) = (to.sin() * len, -to.cos() * len);
    // the arrowhead: unit vector along the wind and across it
    let (ux, uy) = (to.sin(), -to.cos());
    let tip = (wx + dx + ux * fs * 0.5, wy + dy + uy * fs * 0.5);
    let left = (wx + dx - uy * fs * 0.45, wy + dy + ux * fs * 0.45);
    let right = (wx + dx + uy * fs * 0.45, wy + dy - ux * fs * 0.45);
    let _ = write!(
        o,
        "<circle cx=\"{wx:.1}\" cy=\"{wy:.1}\" r=\"{:.1}\" fill=\"#fff\" fill-opacity=\"0.8\"/><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1565c0\" stroke-width=\"{:.1}\"/><path d=\"M{:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z\" fill=\"#1565c0\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{:.1}\" text-anchor=\"end\" fill=\"#0d47a1\" stroke=\"#fff\" stroke-width=\"{:.1}\" paint-order=\"stroke\">{} {} m/s</text>",
        fs * 1.95,
        wx - dx,
        wy - dy,
        wx + dx,
        wy + dy,
        fs * 0.25,
        tip.0,
        tip.1,
        left.0,
        left.1,
        right.0,
        right.1,
        w as f64 - fs * 0.3,
        wy + fs * 2.7,
        // as large as the place names (at 0.9 of them it printed at 5.5 pt)
        fs,
        fs * 0.2,
        esc(l(lang, "wind")),
        speed_words(wind.0)
    );
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wind of 3.5 m/s reads 3.5, not 4; a whole one reads whole.
    #[test]
    fn wind_speed_keeps_its_tenths() {
        assert_eq!(speed_words(3.5), "3.5");
        assert_eq!(speed_words(6.0), "6");
        assert_eq!(speed_words(0.5), "0.5");
        assert_eq!(speed_words(12.04), "12");
    }
}
