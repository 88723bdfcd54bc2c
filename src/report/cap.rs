//! Warnings as OASIS CAP 1.2 messages: one `Alert` per warning issued and one `Ack`
//! per acknowledgement of a warning, `references` naming the alert.
//!
//! All messages carry `status` `Exercise`. `scope` is `Restricted` with a
//! `restriction` (the exercise participants). `sent` is the scenario start plus the
//! event's second in the scenario's `time_zone` (default +08:00), with that zone's
//! offset at the moment ([`crate::time::zone`]). An area has its `areaDesc` (the
//! place name) and a `geocode` with the projected coordinates of the place; when the
//! scenario declares its CRS, also a `circle` of [`PLACE_RADIUS_KM`] around the place
//! in WGS 84 (`lat,lon radius`, as CAP 1.2 § 3.3.2 requires), and before it a
//! `polygon` of the threatened area when the hazard held one as the warning was
//! issued ([`super::cap_area`]).

use std::io::Cursor;
use std::path::Path;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event as XmlEvent};

use super::{Report, Run};
use crate::output::text::xml_text;
use crate::scenario::{HazardKind, Scenario};
use crate::sim::events::EventKind;

/// The CAP 1.2 namespace.
pub const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";
/// Time-zone offset written in `sent` when the scenario names no zone.
pub const OFFSET: &str = crate::time::zone::DEFAULT_OFFSET;
/// Radius of the circle around a warned place, km: a village with its fields, or a
/// school with its catchment lanes (the area people must leave or shelter in).
pub const PLACE_RADIUS_KM: f64 = 1.0;

/// `sent` of a moment `t_s` into the scenario: the start plus `t_s` in the scenario's
/// time zone with that zone's offset at the moment ([`OFFSET`] without one). Errors
/// when the start is not a date-time.
pub fn sent(s: &Scenario, t_s: u64) -> Result<String, String> {
    crate::time::zone::moment(&s.meta.start, s.meta.time_zone.as_deref(), t_s)
        .map(|z| crate::time::zone::rfc3339(&z))
        .map_err(|e| format!("cannot write CAP: the start `{}`: {e}", s.meta.start))
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

/// A start (a validated `meta.start`) plus `t_s`, `YYYY-MM-DDTHH:MM:SS` with the
/// fixed [`OFFSET`] (a scenario without `time_zone`). Errors when `start` is not a
/// start date-time.
pub fn sent_fixed(start: &str, t_s: u64) -> Result<String, String> {
    let at = crate::time::parse_start(start)
        .and_then(|s| s.plus(t_s))
        .map_err(|e| format!("cannot write CAP: the start `{start}`: {e}"))?;
    Ok(format!("{at}{OFFSET}"))
}

/// ISO 8601 with offset of the scenario start (`YYYY-MM-DDTHH:MM[:SS]`, zero padding
/// optional) plus `t_s` ([`sent`]); a start that is not a date-time gives the error
/// text instead.
pub fn timestamp(start: &str, t_s: u64) -> String {
    sent_fixed(start, t_s).unwrap_or_else(|e| e)
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

/// An element holding text: the text escaped, and the characters XML 1.0 forbids
/// (control characters from scenario names) replaced ([`xml_text`]).
fn leaf(w: &mut W, name: &str, text: &str) -> Result<(), String> {
    w.write_event(XmlEvent::Start(BytesStart::new(name)))
        .map_err(io)?;
    w.write_event(XmlEvent::Text(BytesText::new(&xml_text(text))))
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
    for (i, e) in run.events.iter().enumerate() {
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
                let sent = sent(s, e.t_s)?;
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
                // CAP 1.2 orders an area's parts: areaDesc, polygon, circle, geocode
                if let Some(poly) = run.alert_polygons.get(&i) {
                    leaf(&mut w, "polygon", poly)?;
                }
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
                        sent: sent(s, e.t_s)?,
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

/// Write every recording's CAP messages into `dir` (created if missing); `force`
/// replaces existing files. Every file is checked ([`check`]) before the first is
/// written.
pub fn write(report: &Report, dir: &Path, force: bool) -> Result<usize, String> {
    let all = check(report, dir, force)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let kind = crate::output::Kind::Ordinary("CAP message");
    let mut count = 0;
    for f in &all {
        crate::output::write(&dir.join(&f.name), f.xml.as_bytes(), kind, force)?;
        count += 1;
    }
    Ok(count)
}

/// The CAP messages of every recording, each checked against what is already in
/// `dir` ([`crate::output::check_existing`]): refused if one would replace a file
/// without `force`, or a recording or key with it.
pub fn check(report: &Report, dir: &Path, force: bool) -> Result<Vec<CapFile>, String> {
    let mut all = Vec::new();
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
        all.extend(messages(&report.scenario, r, &tag)?);
    }
    let kind = crate::output::Kind::Ordinary("CAP message");
    for f in &all {
        crate::output::check_existing(&dir.join(&f.name), kind, force)?;
    }
    Ok(all)
}
