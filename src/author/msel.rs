//! The master scenario events list (MSEL) as a spreadsheet: out of a scenario
//! ([`export`], `.xlsx` with `rust_xlsxwriter` or `.csv` with a UTF-8 byte-order mark
//! so Excel on Chinese Windows reads it right) and back in ([`import`]: a new
//! scenario file with the rows as its `injects`).
//!
//! Columns, after the HSEEP MSEL (HSEEP 2020, Exercise Control: "MSEL #, Time,
//! From, To, Method, Message, Expected Action, Objective/Capability, Notes"), with a
//! clock-time column for reading and an id column for the round trip:
//!
//! | English | 中文 | |
//! |---|---|---|
//! | No. | 序号 | row number (ignored on import) |
//! | ID | 编号 | inject id; default `I` + the row number |
//! | Time | 时间 | from the start: `00:30:00`, `30m`, or an Excel time |
//! | Clock time | 时刻 | the start plus Time in the scenario's zone; on import the time when Time is empty, else checked against it |
//! | From | 发送方 | free text |
//! | To | 接收方 | a command post or unit id |
//! | Method | 方式 | Radio 无线电, Phone 电话, Broadcast 广播, Sms 短信, Messenger 通信员 |
//! | Message | 消息内容 | the inject |
//! | Expected action | 预期行动 | |
//! | Objective / capability | 目标/能力 | |
//! | Notes | 备注 | |
//!
//! Import checks every row against the scenario (time within the exercise and on a
//! tick, a Clock time that reads and agrees with Time, known recipient, known
//! method, text, no value after the header's last column) and reports every problem
//! at its cell (`msel.xlsx:MSEL!C7`, or `msel.csv:7:12`) before anything is written.
//! The new scenario is validated before it is written; what that finds is reported
//! in the files the user has: an objective or plan rule that names an inject the
//! MSEL no longer has at its place in the scenario (`park.ron:301:72`), never in the
//! unwritten output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::map::table::{self, Cell, TableError, Where};
use crate::order::Channel;
use crate::scenario::diag::Diagnostic;
use crate::scenario::{Scenario, raw::RawInject};
use crate::time::Dur;

/// Header language of an exported MSEL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English headers.
    En,
    /// Chinese headers.
    Zh,
}

/// Columns of an exported MSEL.
const COLUMNS: usize = 13;

const HEADERS_EN: [&str; COLUMNS] = [
    "No.",
    "ID",
    "Time",
    "Clock time",
    "From",
    "To",
    "Method",
    "Message",
    "Expected action",
    "Objective / capability",
    "Notes",
    "Message in Chinese",
    "Expected action in Chinese",
];
const HEADERS_ZH: [&str; COLUMNS] = [
    "序号",
    "编号",
    "时间",
    "时刻",
    "发送方",
    "接收方",
    "方式",
    "消息内容",
    "预期行动",
    "目标/能力",
    "备注",
    "中文消息内容",
    "中文预期行动",
];

/// Accepted headers per column (normalised, see [`table::normalise_header`]).
const FIELDS: &[&[&str]] = &[
    &["no", "msel", "mselno", "number", "序号"],
    &["id", "injectid", "编号"],
    &[
        "time",
        "scenariotime",
        "designatedscenariotime",
        "offset",
        "时间",
        "时间点",
    ],
    &["clocktime", "clock", "datetime", "时刻", "日期时间"],
    &["from", "sender", "source", "发送方", "发送", "来源"],
    &[
        "to",
        "recipient",
        "player",
        "exerciseplayer",
        "接收方",
        "接收",
        "接收单位",
    ],
    &["method", "channel", "mode", "方式", "渠道", "通信方式"],
    &[
        "message",
        "text",
        "inject",
        "eventdescription",
        "消息",
        "消息内容",
        "内容",
        "事件描述",
    ],
    &[
        "expectedaction",
        "expectedplayeraction",
        "预期行动",
        "预期响应",
    ],
    &[
        "objectivecapability",
        "objective",
        "capability",
        "目标能力",
        "目标",
        "能力",
    ],
    &["notes", "note", "remarks", "备注"],
    &[
        "messageinchinese",
        "chinesemessage",
        "中文消息内容",
        "中文消息",
        "消息中文",
    ],
    &[
        "expectedactioninchinese",
        "chineseexpectedaction",
        "中文预期行动",
        "预期行动中文",
    ],
];

/// A channel from its name in either language.
pub fn channel_of(text: &str) -> Option<Channel> {
    Some(match table::normalise_header(text).as_str() {
        "radio" | "无线电" | "对讲机" | "电台" => Channel::Radio,
        "phone" | "telephone" | "电话" => Channel::Phone,
        "broadcast" | "广播" | "喇叭" => Channel::Broadcast,
        "sms" | "text" | "短信" => Channel::Sms,
        "messenger" | "runner" | "通信员" | "传令" => Channel::Messenger,
        _ => return None,
    })
}

fn channel_name(c: Channel, lang: Lang) -> &'static str {
    match (c, lang) {
        (Channel::Radio, Lang::En) => "Radio",
        (Channel::Phone, Lang::En) => "Phone",
        (Channel::Broadcast, Lang::En) => "Broadcast",
        (Channel::Sms, Lang::En) => "Sms",
        (Channel::Messenger, Lang::En) => "Messenger",
        (Channel::Radio, Lang::Zh) => "无线电",
        (Channel::Phone, Lang::Zh) => "电话",
        (Channel::Broadcast, Lang::Zh) => "广播",
        (Channel::Sms, Lang::Zh) => "短信",
        (Channel::Messenger, Lang::Zh) => "通信员",
    }
}

/// The rows of a scenario's MSEL, as text cells in column order.
pub fn rows(s: &Scenario, lang: Lang) -> Vec<[String; COLUMNS]> {
    s.injects
        .iter()
        .enumerate()
        .map(|(i, inj)| {
            let clock =
                crate::time::zone::moment(&s.meta.start, s.meta.time_zone.as_deref(), inj.time_s)
                    .map(|z| z.strftime("%Y-%m-%d %H:%M:%S").to_string())
                    .unwrap_or_default();
            [
                (i + 1).to_string(),
                inj.id.clone(),
                crate::time::hms(inj.time_s),
                clock,
                inj.from.clone(),
                s.org.member(inj.to).id.clone(),
                channel_name(inj.channel, lang).to_string(),
                inj.text.clone(),
                inj.expected_action.clone(),
                inj.objective.clone(),
                inj.notes.clone(),
                inj.text_zh.clone(),
                inj.expected_action_zh.clone(),
            ]
        })
        .collect()
}

/// The MSEL as a workbook: sheet `MSEL` (bold frozen header, wrapped message
/// columns, drop-down lists for To and Method) and sheet `Posts` (the recipients and
/// methods the scenario knows).
pub fn xlsx(s: &Scenario, lang: Lang) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{DataValidation, Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| format!("cannot write the workbook: {e}");
    let headers = if lang == Lang::Zh {
        HEADERS_ZH
    } else {
        HEADERS_EN
    };
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    let wrap = Format::new().set_text_wrap();
    let rows = rows(s, lang);
    {
        let ws = wb.add_worksheet();
        ws.set_name("MSEL").map_err(x)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(x)?;
        }
        let widths = [
            6.0, 8.0, 10.0, 20.0, 18.0, 16.0, 12.0, 50.0, 40.0, 24.0, 24.0, 40.0, 32.0,
        ];
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(x)?;
        }
        ws.set_freeze_panes(1, 0).map_err(x)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_number(r, 0, (r) as f64).map_err(x)?;
            for (c, v) in row.iter().enumerate().skip(1) {
                if c >= 7 {
                    ws.write_string_with_format(r, c as u16, v, &wrap)
                        .map_err(x)?;
                } else {
                    ws.write_string(r, c as u16, v).map_err(x)?;
                }
            }
        }
        let last = (rows.len() as u32).max(1) + 200;
        let posts: Vec<String> = s.org.members.iter().map(|m| m.id.clone()).collect();
        if !posts.is_empty() && posts.iter().map(|p| p.len() + 1).sum::<usize>() < 250 {
            let v = DataValidation::new()
                .allow_list_strings(&posts)
                .map_err(x)?;
            ws.add_data_validation(1, 5, last, 5, &v).map_err(x)?;
        }
        let methods: Vec<&str> = [
            Channel::Radio,
            Channel::Phone,
            Channel::Broadcast,
            Channel::Sms,
            Channel::Messenger,
        ]
        .iter()
        .map(|c| channel_name(*c, lang))
        .collect();
        let v = DataValidation::new()
            .allow_list_strings(&methods)
            .map_err(x)?;
        ws.add_data_validation(1, 6, last, 6, &v).map_err(x)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Posts").map_err(x)?;
        let (h0, h1) = if lang == Lang::Zh {
            ("编号", "名称")
        } else {
            ("ID", "Name")
        };
        ws.write_string_with_format(0, 0, h0, &bold).map_err(x)?;
        ws.write_string_with_format(0, 1, h1, &bold).map_err(x)?;
        ws.set_column_width(0, 18.0).map_err(x)?;
        ws.set_column_width(1, 30.0).map_err(x)?;
        for (i, m) in s.org.members.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, &m.id).map_err(x)?;
            ws.write_string(i as u32 + 1, 1, &m.name).map_err(x)?;
        }
    }
    wb.save_to_buffer().map_err(x)
}

/// The MSEL as CSV text with a UTF-8 byte-order mark.
pub fn csv(s: &Scenario, lang: Lang) -> Result<Vec<u8>, String> {
    let headers = if lang == Lang::Zh {
        HEADERS_ZH
    } else {
        HEADERS_EN
    };
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let e = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(headers).map_err(e)?;
    for row in rows(s, lang) {
        w.write_record(&row).map_err(e)?;
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}

/// Export a scenario's MSEL to `out` (`.xlsx` or `.csv`), through the output guard
/// ([`crate::output::Plan`]: never over the scenario, a recording or a key; over
/// another existing file only with `force`).
pub fn export(scenario: &Path, out: &Path, lang: Lang, force: bool) -> Result<String, String> {
    let kind = crate::output::Kind::Ordinary("MSEL");
    let mut plan = crate::output::Plan::new(force);
    plan.input(scenario, "scenario");
    plan.output(out, kind)?;
    let s = crate::scenario::open(scenario)?;
    // nor over a file the scenario reads (a place table named like the MSEL)
    let mut plan = crate::output::Plan::new(force);
    s.source.protect(&mut plan);
    plan.output(out, kind)?;
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "xlsx" => xlsx(&s, lang)?,
        "csv" => csv(&s, lang)?,
        _ => {
            return Err(format!(
                "{}: write the MSEL as .xlsx or .csv",
                out.display()
            ));
        }
    };
    crate::output::write(out, &bytes, kind, force)?;
    Ok(format!(
        "wrote {} ({} injects of \"{}\")",
        out.display(),
        s.injects.len(),
        s.meta.name
    ))
}

/// Rows of an MSEL table as injects, checked against the scenario; every problem
/// is reported at its cell.
pub fn injects_of(t: &table::Table, s: &Scenario) -> Result<Vec<RawInject>, Vec<TableError>> {
    let Some(header) = t.rows.first() else {
        return Err(vec![TableError::file("the MSEL is empty")]);
    };
    let cols = table::find_columns(header, FIELDS);
    let hat = header.first().map(|c| c.at.clone());
    // a column named twice: which one counts would be a guess
    let mut errs = table::duplicate_columns(header, FIELDS);
    for (i, what) in [(5, "To / 接收方"), (7, "Message / 消息内容")] {
        if cols[i].is_none() {
            errs.push(TableError {
                at: hat.clone(),
                message: format!(
                    "no `{what}` column (headers accepted: {})",
                    FIELDS[i].join(", ")
                ),
            });
        }
    }
    if cols[2].is_none() && cols[3].is_none() {
        errs.push(TableError {
            at: hat.clone(),
            message: "no `Time / 时间` (or `Clock time / 时刻`) column".into(),
        });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    // a value after the header's last column: a text split at an unquoted separator
    errs.extend(table::beyond_header(t));
    let start = crate::time::zone::start_moment(&s.meta.start, s.meta.time_zone.as_deref())
        .map_err(|e| vec![TableError::file(e)])?;
    let duration = s.meta.duration_s;
    let tick = s.meta.tick_s;
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (ri, row) in t.rows.iter().enumerate().skip(1) {
        let get = |i: usize| cols[i].map(|c| &row[c]);
        let text = |i: usize| get(i).map(|c| c.text.clone()).unwrap_or_default();
        let mut bad = false;
        let mut fail = |c: &Cell, m: String, errs: &mut Vec<TableError>| {
            errs.push(TableError::at(&c.at, m));
            bad = true;
        };
        // time: the Time column, else the clock time; a clock time beside a Time
        // must read and agree with it
        let time = match (
            get(2).filter(|c| !c.text.is_empty()),
            get(3).filter(|c| !c.text.is_empty()),
        ) {
            (Some(c), clock) => match time_of_cell(c) {
                Ok(t) => {
                    if let Some(k) = clock {
                        match clock_of_cell(k, &start) {
                            Err(m) => fail(k, m, &mut errs),
                            Ok(kt) if !agree(k, kt, t) => fail(
                                k,
                                format!(
                                    "Clock time `{}` is {} from the start, but Time says {}: correct one of them, or empty the Clock time",
                                    k.text,
                                    crate::time::hms(kt),
                                    crate::time::hms(t)
                                ),
                                &mut errs,
                            ),
                            Ok(_) => {}
                        }
                    }
                    Some((t, c))
                }
                Err(m) => {
                    fail(c, m, &mut errs);
                    None
                }
            },
            (None, Some(c)) => match clock_of_cell(c, &start) {
                Ok(t) => Some((t, c)),
                Err(m) => {
                    fail(c, m, &mut errs);
                    None
                }
            },
            (None, None) => {
                fail(&row[0], "the row has no time".into(), &mut errs);
                None
            }
        };
        if let Some((t, c)) = time {
            if t > duration {
                fail(
                    c,
                    format!(
                        "{} is after the end of the exercise ({})",
                        crate::time::hms(t),
                        crate::time::hms(duration)
                    ),
                    &mut errs,
                );
            } else if t % tick != 0 {
                fail(
                    c,
                    format!("{} is not on a {tick}-s tick", crate::time::hms(t)),
                    &mut errs,
                );
            }
        }
        let to_c = get(5).expect("checked");
        // an id as `drillsim new` makes it from the same cell
        let to = table::name_text(&to_c.text);
        if s.org.find(&to).is_none() {
            let known: Vec<&str> = s.org.members.iter().map(|m| m.id.as_str()).collect();
            let hint = closest(&to, &known);
            fail(to_c, format!("unknown post `{to}`{hint}"), &mut errs);
        }
        let channel = match get(6).filter(|c| !c.text.is_empty()) {
            Some(c) => match channel_of(&c.text) {
                Some(ch) => Some(ch),
                None => {
                    fail(
                        c,
                        format!(
                            "`{}` is not a method: Radio 无线电, Phone 电话, Broadcast 广播, Sms 短信, Messenger 通信员",
                            c.text
                        ),
                        &mut errs,
                    );
                    None
                }
            },
            None => Some(Channel::Phone),
        };
        let msg = get(7).expect("checked");
        if msg.text.trim().is_empty() {
            fail(msg, "the inject has no message".into(), &mut errs);
        }
        let id = get(1)
            .map(|c| table::name_text(&c.text))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("I{ri:02}"));
        if !seen.insert(id.clone()) {
            let c = get(1).unwrap_or(&row[0]);
            fail(c, format!("inject id `{id}` is used twice"), &mut errs);
        }
        if bad {
            continue;
        }
        let (Some((t, _)), Some(channel)) = (time, channel) else {
            continue;
        };
        out.push(RawInject {
            id,
            time: Dur(t),
            from: text(4),
            to,
            channel,
            text: msg.text.clone(),
            expected_action: text(8),
            objective: text(9),
            notes: text(10),
            text_zh: text(11),
            expected_action_zh: text(12),
        });
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

/// " — did you mean `x`?" for the closest of `known` within 2 edits (or a short list).
fn closest(word: &str, known: &[&str]) -> String {
    let dist = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    };
    match known.iter().min_by_key(|k| dist(word, k)) {
        Some(k) if dist(word, k) <= 2 => format!(" — did you mean `{k}`?"),
        _ if known.len() <= 12 => format!(" (known posts: {})", known.join(", ")),
        _ => String::new(),
    }
}

/// Whether a Clock time cell at `clock` seconds from the start agrees with Time `t`:
/// the same second, or for a time of day without a date (`14:30`, taken within a
/// day of the start), the same time of day.
fn agree(c: &Cell, clock: u64, t: u64) -> bool {
    let day_only = match c.excel_days {
        Some((days, _)) => days < 1.0,
        None => !c.text.contains(['-', '/']),
    };
    clock == t || (day_only && clock % 86_400 == t % 86_400)
}

/// Seconds of a Time cell: an Excel time or duration, or text as `00:30:00`/`30m`.
fn time_of_cell(c: &Cell) -> Result<u64, String> {
    if let Some((days, _)) = c.excel_days {
        if (0.0..11.0).contains(&days) {
            return Ok((days * 86_400.0).round() as u64);
        }
        if days < 0.0 {
            return Err(format!(
                "`{}` is before the start of the exercise: a Time is counted from the start",
                c.text
            ));
        }
        return Err(format!(
            "`{}` is a date, not a time from the start (use the Clock time column for dates)",
            c.text
        ));
    }
    if c.number.is_some() && c.text.trim().parse::<f64>().is_ok() {
        // a number in General format: an Excel time typed without its format, or
        // minutes? Neither is guessed
        return Err(format!(
            "`{}` is a plain number: format the Time cell as a time (h:mm:ss), or write the time as 00:06:00 or 6m",
            c.text
        ));
    }
    crate::time::parse_duration(&c.text).map(|d| d.0)
}

/// Seconds of a Clock time cell: an Excel date-time, or text `2026-07-21 14:30`/`14:30`.
fn clock_of_cell(c: &Cell, start: &jiff::ZonedDateTime) -> Result<u64, String> {
    if let Some((days, false)) = c.excel_days {
        // Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included)
        let secs = (days * 86_400.0).round() as i64;
        let base = jiff::civil::date(1899, 12, 30).at(0, 0, 0, 0);
        let dt = base
            .checked_add(jiff::SignedDuration::from_secs(secs))
            .map_err(|e| format!("`{}`: {e}", c.text))?;
        let text = if days < 1.0 {
            dt.time().strftime("%H:%M:%S").to_string()
        } else {
            dt.strftime("%Y-%m-%dT%H:%M:%S").to_string()
        };
        return crate::time::zone::seconds_since_start(start, &text);
    }
    crate::time::zone::seconds_since_start(start, &c.text)
}

/// A diagnostic for a table problem in `file` (at the line and column the cell
/// knows: no pass over the text).
pub fn diagnostic(file: &Path, text: Option<&Arc<String>>, e: &TableError) -> Diagnostic {
    match (&e.at, text) {
        (Some(Where::Text { line, col, offset }), Some(t)) => {
            Diagnostic::at_known(file, t, *offset, (*line, *col), e.message.clone(), None)
        }
        (Some(w), _) => Diagnostic::at_label(file, w.to_string(), "", e.message.clone(), None),
        (None, _) => Diagnostic::at_label(file, "", "", e.message.clone(), None),
    }
}

/// Diagnostics for the table problems `errs` in `file`: the first
/// [`MAX_DIAGNOSTICS`](crate::scenario::diag::MAX_DIAGNOSTICS), then one that says
/// how many more there are (a table with a bad cell in each of 20 000 rows is
/// reported in the time of a hundred).
pub fn diagnostics(
    file: &Path,
    text: Option<&Arc<String>>,
    errs: &[TableError],
) -> Vec<Diagnostic> {
    let max = crate::scenario::diag::MAX_DIAGNOSTICS;
    let mut out: Vec<Diagnostic> = errs
        .iter()
        .take(max)
        .map(|e| diagnostic(file, text, e))
        .collect();
    if errs.len() > max {
        let more = errs.len() - max;
        out.push(Diagnostic::at_label(
            file,
            "",
            "",
            format!(
                "{more} more problem{} not shown (only the first {max} are)",
                if more == 1 { "" } else { "s" }
            ),
            Some("fix these and import again".into()),
        ));
    }
    out
}

/// The scenario text with its `injects` replaced, and where the new list stands.
struct Spliced {
    /// The new text.
    text: String,
    /// Byte offset where the replaced part starts (the same in both texts).
    at: usize,
    /// Length of the replaced part in the scenario's text.
    old_len: usize,
    /// Length of what replaced it.
    new_len: usize,
}

impl Spliced {
    /// The offset in the scenario's text of byte `o` of the new text, when it is
    /// outside the new `injects` list.
    fn original(&self, o: usize) -> Option<usize> {
        if o < self.at {
            Some(o)
        } else if o >= self.at + self.new_len {
            Some(o - self.new_len + self.old_len)
        } else {
            None
        }
    }
}

/// The scenario text with its `injects` replaced (the rest, comments included, as
/// written).
pub fn replace_injects(text: &str, injects: &[RawInject]) -> Result<String, String> {
    splice(text, injects).map(|s| s.text)
}

fn splice(text: &str, injects: &[RawInject]) -> Result<Spliced, String> {
    let cfg = ron::ser::PrettyConfig::new()
        .depth_limit(3)
        .indentor("    ".to_string())
        .struct_names(false);
    let list = ron::ser::to_string_pretty(&injects, cfg).map_err(|e| e.to_string())?;
    // `locate` answers a path it cannot follow with its longest prefix found: the
    // `injects` value is there when its span is not the whole scenario's
    let at = crate::scenario::ron_index::locate(text, &["injects", ""]);
    match (at[0], at[1]) {
        (Some((a, b)), whole) if whole != Some((a, b)) => {
            let list = indent(&list);
            Ok(Spliced {
                text: format!("{}{}{}", &text[..a], list, &text[b..]),
                at: a,
                old_len: b - a,
                new_len: list.len(),
            })
        }
        _ => {
            // no injects section: add one before the scenario's closing parenthesis
            let close = text
                .rfind(')')
                .ok_or("the scenario has no closing parenthesis")?;
            let before = text[..close].trim_end();
            let comma = if before.ends_with(',') || before.ends_with('(') {
                ""
            } else {
                ","
            };
            let added = format!("{comma}\n    injects: {},\n", indent(&list));
            Ok(Spliced {
                text: format!("{before}{added}{}", &text[close..]),
                at: before.len(),
                old_len: close - before.len(),
                new_len: added.len(),
            })
        }
    }
}

fn indent(list: &str) -> String {
    list.replace('\n', "\n    ")
}

/// Import an MSEL into a copy of the scenario: `out` gets the scenario's text with
/// the spreadsheet's rows as `injects`, validated; `out` must be in the scenario's
/// folder (its layer files are named relative to it). `out` is written through
/// [`crate::output::write`] (an existing file is replaced only with `force`, never a
/// recording or a key); the caller checks first that it is neither the scenario nor
/// the MSEL ([`crate::output::Plan`]).
pub fn import(
    msel: &Path,
    scenario: &Path,
    out: &Path,
    force: bool,
) -> Result<String, Vec<Diagnostic>> {
    let one = |m: String| vec![Diagnostic::at_label(msel, "", "", m, None)];
    let kind = crate::output::Kind::Ordinary("scenario");
    let s = crate::scenario::load(scenario)?;
    // never over a file the scenario reads (a layer, a road or place file), even
    // with --force: the new scenario reads them too
    let mut plan = crate::output::Plan::new(force);
    s.source.protect(&mut plan);
    plan.input(msel, "MSEL");
    plan.output(out, kind)
        .map_err(|m| vec![Diagnostic::at_label(out, "", "", m, None)])?;
    let is_ron = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if !is_ron {
        return Err(vec![Diagnostic::at_label(
            out,
            "",
            "",
            "write the new scenario as a .ron file".to_string(),
            None,
        )]);
    }
    let sdir = scenario.parent().map(Path::to_path_buf).unwrap_or_default();
    let odir = out.parent().map(Path::to_path_buf).unwrap_or_default();
    let same = |a: &PathBuf, b: &PathBuf| {
        let c = |p: &PathBuf| {
            std::fs::canonicalize(if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            })
            .ok()
        };
        c(a) == c(b)
    };
    if !same(&sdir, &odir) {
        return Err(vec![Diagnostic::at_label(
            out,
            "",
            "",
            format!(
                "write the new scenario beside {} (its layer and road files are named relative to its folder)",
                scenario.display()
            ),
            None,
        )]);
    }
    let ext = msel
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = crate::source::read_bytes(msel, table::MAX_FILE_BYTES)
        .map_err(|e| one(format!("cannot read: {e}")))?;
    let t = table::read(&ext, bytes, &["msel"]).map_err(|e| vec![diagnostic(msel, None, &e)])?;
    let text = t.text.clone().map(Arc::new);
    let injects = injects_of(&t, &s).map_err(|es| diagnostics(msel, text.as_ref(), &es))?;
    let new = splice(&s.source.text, &injects).map_err(one)?;
    // the result must validate as the file it becomes; what it finds is told in
    // the scenario and the MSEL, which the user has (the output is not written)
    let check = crate::scenario::from_text(out, &new.text)
        .map_err(|ds| blame_inputs(ds, out, scenario, &s.source.text, &new, msel))?;
    crate::output::write(out, new.text.as_bytes(), kind, force)
        .map_err(|m| vec![Diagnostic::at_label(out, "", "", m, None)])?;
    Ok(format!(
        "wrote {} with {} injects from {}",
        out.display(),
        check.injects.len(),
        msel.display()
    ))
}

/// Diagnostics of the new scenario (validated as `out`, never written) placed in
/// the files the user has: outside the new `injects` list at the same text of the
/// `scenario` (an objective or plan rule naming an inject the MSEL no longer has),
/// inside it at the `msel`. Other files' diagnostics are kept as they are.
fn blame_inputs(
    ds: Vec<Diagnostic>,
    out: &Path,
    scenario: &Path,
    original: &Arc<String>,
    new: &Spliced,
    msel: &Path,
) -> Vec<Diagnostic> {
    let spans: Vec<Option<(usize, usize)>> = ds
        .iter()
        .map(|d| {
            let a = new.original(d.span.0)?;
            let b = new.original(d.span.1).filter(|&b| b >= a).unwrap_or(a);
            (d.file == out && d.location.is_none()).then_some((a, b))
        })
        .collect();
    let starts: Vec<usize> = spans.iter().flatten().map(|s| s.0).collect();
    let mut pos = crate::source::line_cols(original, &starts).into_iter();
    ds.into_iter()
        .zip(spans)
        .map(|(d, span)| match span {
            Some((a, b)) => {
                let (line, col) = pos.next().unwrap_or((1, 1));
                // the id: in the message (`unknown inject `I02``), else the quoted
                // value the diagnostic points at
                let quoted = original.get(a..b).unwrap_or("").trim();
                let id = quoted
                    .strip_prefix('"')
                    .and_then(|q| q.strip_suffix('"'))
                    .filter(|_| !d.message.contains('`'));
                let (message, hint) = if d.message.starts_with("unknown inject") {
                    let what = match id {
                        Some(id) => format!("unknown inject `{id}`"),
                        None => d.message.clone(),
                    };
                    (
                        format!(
                            "{what}: {} has no row with this ID, and the scenario names it here",
                            msel.display()
                        ),
                        Some(format!(
                            "add the row back to the MSEL, or change or remove what names it in {}",
                            scenario.display()
                        )),
                    )
                } else {
                    (
                        format!("{} (with the injects of {})", d.message, msel.display()),
                        d.hint,
                    )
                };
                Diagnostic {
                    file: scenario.to_path_buf(),
                    line,
                    col,
                    span: (a, b),
                    message,
                    hint,
                    text: original.clone(),
                    location: None,
                }
            }
            None if d.file == out => Diagnostic::at_label(
                msel,
                "",
                "",
                format!(
                    "{} (in the injects made from this MSEL for {})",
                    d.message,
                    scenario.display()
                ),
                d.hint,
            ),
            None => d,
        })
        .collect()
}
