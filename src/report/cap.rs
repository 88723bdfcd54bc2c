//! Warnings as OASIS CAP 1.2 messages: one `Alert` per warning issued and one `Ack`
//! per acknowledgement of a warning, `references` naming the alert.
//!
//! All messages carry `status` `Exercise`. `scope` is `Restricted` with a
//! `restriction` (the exercise participants). `sent` is the scenario start plus the
//! event's second in the scenario's `time_zone` (default +08:00), with that zone's
//! offset at the moment ([`crate::time::zone`]). An area has its `areaDesc` (the
//! place name) and a `geocode` with the projected coordinates of the place; when the
//! scenario declares its CRS, also a `circle` of [`PLACE_RADIUS_KM`] around the place
//! in WGS 84 (`lat,lon radius`, as CAP 1.2 § 3.3.2 requires).

use std::io::Cursor;
use std::path::Path;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event as XmlEvent};

use super::{Report, Run};
use crate::scenario::{HazardKind, Scenario};
use crate::sim::events::EventKind;

/// The CAP 1.2 namespace.
pub const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";
/// Time-zone offset written in `sent` when the scenario names no zone.
pub const OFFSET: &str = crate::time::zone::DEFAULT_OFFSET;
/// Radius of the circle around a warned place, km: a village with its fields, or a
/// school with its catchment lanes (the area people must leave or shelter in).
pub const PLACE_RADIUS_KM: f64 = 1.0;

/// `sent` of a moment `t_s` into the scenario, in its time zone.
pub fn sent(s: &Scenario, t_s: u64) -> String {
    crate::time::zone::moment(&s.meta.start, s.meta.time_zone.as_deref(), t_s)
        .map(|z| crate::time::zone::rfc3339(&z))
        .unwrap_or_else(|_| timestamp(&s.meta.start, t_s))
}

/// The CAP `circle` (`lat,lon radius_km`, WGS 84) around a place's cell, when the
/// scenario has a CRS.
pub fn place_circle(s: &Scenario, cell: (u32, u32)) -> Option<String> {
    use crate::map::crs::{Crs, Transform};
    let crs = s.crs.as_ref()?;
    let (x, y) = s.grid.centre_m(cell.0, cell.1);
    let e = s.grid.origin.0 + x;
    let n = s.grid.origin.1 + s.grid.height as f64 * s.grid.cell_m - y;
    let (lon, lat) = Transform::new(crs, &Crs::wgs84()).apply(e, n).ok()?;
    Some(format!("{lat:.6},{lon:.6} {PLACE_RADIUS_KM}"))
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// ISO 8601 with offset of the scenario start (`YYYY-MM-DDTHH:MM[:SS]`) plus `t_s`.
pub fn timestamp(start: &str, t_s: u64) -> String {
    let num =
        |a: usize, b: usize| -> i64 { start.get(a..b).and_then(|x| x.parse().ok()).unwrap_or(0) };
    let (y, mo, d) = (num(0, 4), num(5, 7).max(1), num(8, 10).max(1));
    let secs = num(11, 13) * 3600 + num(14, 16) * 60 + num(17, 19);
    let total = days_from_civil(y, mo, d) * 86_400 + secs + t_s as i64;
    let (y, mo, d) = civil_from_days(total.div_euclid(86_400));
    let s = total.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}{OFFSET}",
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

/// CAP urgency, severity and certainty of a warning level.
pub fn level_terms(level: &str) -> (&'static str, &'static str, &'static str) {
    match level {
        "Red" => ("Immediate", "Extreme", "Likely"),
        "Orange" => ("Expected", "Severe", "Likely"),
        "Yellow" => ("Expected", "Moderate", "Possible"),
        "Blue" => ("Future", "Minor", "Possible"),
        _ => ("Unknown", "Unknown", "Unknown"),
    }
}

/// CAP categories and event name of the scenario's hazards.
pub fn categories(s: &Scenario) -> (Vec<&'static str>, String) {
    let mut cats = Vec::new();
    let mut names = Vec::new();
    for h in &s.meta.hazard_kinds {
        let (c, n) = match h {
            HazardKind::Flood => ("Met", "Flood"),
            HazardKind::ForestFire => ("Fire", "Forest fire"),
            HazardKind::ChemicalLeak => ("CBRNE", "Chemical release"),
        };
        if !cats.contains(&c) {
            cats.push(c);
        }
        names.push(n);
    }
    if cats.is_empty() {
        cats.push("Env");
        names.push("Hazard");
    }
    (cats, names.join(" and "))
}

type W = Writer<Cursor<Vec<u8>>>;

fn io(e: impl std::fmt::Display) -> String {
    format!("cannot write CAP: {e}")
}

fn leaf(w: &mut W, name: &str, text: &str) -> Result<(), String> {
    w.write_event(XmlEvent::Start(BytesStart::new(name)))
        .map_err(io)?;
    w.write_event(XmlEvent::Text(BytesText::new(text)))
        .map_err(io)?;
    w.write_event(XmlEvent::End(BytesEnd::new(name)))
        .map_err(io)
}

fn open(w: &mut W, name: &str) -> Result<(), String> {
    w.write_event(XmlEvent::Start(BytesStart::new(name)))
        .map_err(io)
}

fn close(w: &mut W, name: &str) -> Result<(), String> {
    w.write_event(XmlEvent::End(BytesEnd::new(name)))
        .map_err(io)
}

/// The header elements every message carries.
struct Head<'a> {
    identifier: String,
    sender: String,
    sent: String,
    msg_type: &'a str,
    references: Option<String>,
    note: String,
}

fn start_alert(w: &mut W, h: &Head<'_>) -> Result<(), String> {
    w.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io)?;
    let mut a = BytesStart::new("alert");
    a.push_attribute(("xmlns", CAP_NS));
    w.write_event(XmlEvent::Start(a)).map_err(io)?;
    leaf(w, "identifier", &h.identifier)?;
    leaf(w, "sender", &h.sender)?;
    leaf(w, "sent", &h.sent)?;
    leaf(w, "status", "Exercise")?;
    leaf(w, "msgType", h.msg_type)?;
    leaf(w, "source", "drillsim exercise simulator")?;
    leaf(w, "scope", "Restricted")?;
    leaf(
        w,
        "restriction",
        "Exercise participants only — not a real warning",
    )?;
    leaf(w, "note", &h.note)?;
    if let Some(r) = &h.references {
        leaf(w, "references", r)?;
    }
    Ok(())
}

/// Characters CAP forbids in identifiers (space, comma, `<`, `&`).
fn ident(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.@:".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// One written CAP message.
#[derive(Debug, Clone)]
pub struct CapFile {
    /// File name.
    pub name: String,
    /// XML text.
    pub xml: String,
}

/// CAP messages of a run.
pub fn messages(s: &Scenario, run: &Run, tag: &str) -> Result<Vec<CapFile>, String> {
    let (cats, event_name) = categories(s);
    let mut out = Vec::new();
    // (place, post) → (sender, identifier, sent) of the latest alert
    let mut alerts: std::collections::BTreeMap<(String, String), String> = Default::default();
    let mut n = 0usize;
    let origin = s.grid.origin;
    for e in &run.events {
        match &e.kind {
            EventKind::WarningIssued {
                seat,
                place,
                level,
                post,
            } => {
                n += 1;
                let identifier = ident(&format!("drillsim-{tag}-W{n:03}-{place}"));
                let sender = ident(&format!("{seat}@drillsim.exercise"));
                let sent = sent(s, e.t_s);
                let pid = s.place(place);
                let pname = pid
                    .map(|p| s.places[p.0 as usize].name.clone())
                    .unwrap_or_else(|| place.clone());
                let (urgency, severity, certainty) = level_terms(level);
                let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
                start_alert(
                    &mut w,
                    &Head {
                        identifier: identifier.clone(),
                        sender: sender.clone(),
                        sent: sent.clone(),
                        msg_type: "Alert",
                        references: None,
                        note: format!(
                            "EXERCISE — {}: {level} warning issued by {seat} at {} into the exercise; {post} must acknowledge it.",
                            s.meta.name,
                            crate::time::hms(e.t_s)
                        ),
                    },
                )?;
                open(&mut w, "info")?;
                leaf(&mut w, "language", "en")?;
                for c in &cats {
                    leaf(&mut w, "category", c)?;
                }
                leaf(&mut w, "event", &format!("{event_name} warning"))?;
                leaf(
                    &mut w,
                    "responseType",
                    if level == "Red" {
                        "Evacuate"
                    } else {
                        "Prepare"
                    },
                )?;
                leaf(&mut w, "urgency", urgency)?;
                leaf(&mut w, "severity", severity)?;
                leaf(&mut w, "certainty", certainty)?;
                leaf(
                    &mut w,
                    "senderName",
                    &s.org
                        .find(seat)
                        .map(|m| s.org.member(m).name.clone())
                        .unwrap_or_else(|| seat.clone()),
                )?;
                leaf(
                    &mut w,
                    "headline",
                    &format!(
                        "EXERCISE {level} {} warning for {pname}",
                        event_name.to_lowercase()
                    ),
                )?;
                leaf(
                    &mut w,
                    "description",
                    &format!(
                        "{level} warning for {pname} in the exercise \"{}\".",
                        s.meta.name
                    ),
                )?;
                open(&mut w, "parameter")?;
                leaf(&mut w, "valueName", "warningLevel")?;
                leaf(&mut w, "value", level)?;
                close(&mut w, "parameter")?;
                open(&mut w, "area")?;
                leaf(&mut w, "areaDesc", &pname)?;
                if let Some(circle) = pid.and_then(|p| place_circle(s, s.places[p.0 as usize].cell))
                {
                    leaf(&mut w, "circle", &circle)?;
                }
                if let Some(p) = pid {
                    let (c, r) = s.places[p.0 as usize].cell;
                    let (x, y) = s.grid.centre_m(c, r);
                    let easting = origin.0 + x;
                    let northing = origin.1 + s.grid.height as f64 * s.grid.cell_m - y;
                    open(&mut w, "geocode")?;
                    leaf(&mut w, "valueName", "projectedEastingNorthingM")?;
                    leaf(&mut w, "value", &format!("{easting:.0} {northing:.0}"))?;
                    close(&mut w, "geocode")?;
                }
                close(&mut w, "area")?;
                close(&mut w, "info")?;
                close(&mut w, "alert")?;
                alerts.insert(
                    (place.clone(), post.clone()),
                    format!("{sender},{identifier},{sent}"),
                );
                out.push(CapFile {
                    name: format!("{tag}-{n:03}-alert-{}.xml", ident(place)),
                    xml: String::from_utf8(w.into_inner().into_inner()).map_err(io)?,
                });
            }
            EventKind::Acknowledged {
                seat,
                item,
                by,
                after_s,
                ..
            } => {
                let Some(place) = item.strip_prefix("warning:") else {
                    continue;
                };
                let Some(refs) = alerts.get(&(place.to_string(), seat.clone())) else {
                    continue;
                };
                n += 1;
                let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
                start_alert(
                    &mut w,
                    &Head {
                        identifier: ident(&format!("drillsim-{tag}-A{n:03}-{place}")),
                        sender: ident(&format!("{seat}@drillsim.exercise")),
                        sent: sent(s, e.t_s),
                        msg_type: "Ack",
                        references: Some(refs.clone()),
                        note: format!(
                            "EXERCISE — warning for {place} acknowledged at {seat}{} after {}.",
                            by.as_ref().map(|b| format!(" by {b}")).unwrap_or_default(),
                            crate::time::hms(*after_s)
                        ),
                    },
                )?;
                close(&mut w, "alert")?;
                out.push(CapFile {
                    name: format!("{tag}-{n:03}-ack-{}.xml", ident(place)),
                    xml: String::from_utf8(w.into_inner().into_inner()).map_err(io)?,
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Write every recording's CAP messages into `dir` (created if missing).
pub fn write(report: &Report, dir: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut count = 0;
    for (i, r) in report
        .runs
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_baseline())
    {
        let stem = r
            .path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| r.label.clone());
        let tag = ident(&format!(
            "{}{}",
            i + 1,
            if stem.is_empty() {
                String::new()
            } else {
                format!("-{stem}")
            }
        ));
        for f in messages(&report.scenario, r, &tag)? {
            std::fs::write(dir.join(&f.name), f.xml)
                .map_err(|e| format!("cannot write {}: {e}", dir.join(&f.name).display()))?;
            count += 1;
        }
    }
    Ok(count)
}
