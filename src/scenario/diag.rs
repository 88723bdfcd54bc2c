//! Diagnostics that point at the place in a file: `file:line:col`, the offending
//! text, a message and a hint. Rendered with miette's graphical report.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::{ReadError, line_col};

/// One problem found in an input file.
#[derive(Clone)]
pub struct Diagnostic {
    /// The file the problem is in (the scenario or one of its layer files).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Byte span of the offending text.
    pub span: (usize, usize),
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The file's text (shared), for the snippet.
    pub text: Arc<String>,
    /// A place that is not a line and column: a workbook cell (`MSEL!B7`) or a
    /// raster's band and pixel (`band 1, pixel (120, 45)`). Shown instead of
    /// `line:col` (which are then the cell's row and column, or 0).
    pub location: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a byte span of `text`.
    pub fn at(
        file: &Path,
        text: &Arc<String>,
        span: (usize, usize),
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let start = span.0.min(text.len());
        let end = span.1.clamp(start, text.len());
        let (line, col) = line_col(text, start);
        Diagnostic {
            file: file.to_path_buf(),
            line,
            col,
            span: (start, end),
            message: message.into(),
            hint,
            text: text.clone(),
            location: None,
        }
    }

    /// A diagnostic at byte `offset` of `text` whose line and column are already
    /// known (a table's cell, placed when it was read): nothing is counted again,
    /// so reporting every bad cell of a table costs no pass over its text.
    pub fn at_known(
        file: &Path,
        text: &Arc<String>,
        offset: usize,
        (line, col): (usize, usize),
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let start = offset.min(text.len());
        Diagnostic {
            file: file.to_path_buf(),
            line,
            col,
            span: (start, (start + 1).min(text.len())),
            message: message.into(),
            hint,
            text: text.clone(),
            location: None,
        }
    }

    /// A diagnostic at a place named by a label (`Sheet1!B7`, `band 1, pixel (3, 4)`)
    /// in a file that is not text; `snippet` is what the place holds (a cell's text).
    pub fn at_label(
        file: &Path,
        label: impl Into<String>,
        snippet: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let text = Arc::new(snippet.to_string());
        let mut d = Diagnostic::at(file, &text, (0, text.len()), message, hint);
        d.location = Some(label.into());
        d.line = 0;
        d.col = 0;
        d
    }

    /// The offending text, cut to one line.
    pub fn snippet(&self) -> &str {
        let s = self.text.get(self.span.0..self.span.1).unwrap_or("");
        let s = s.lines().next().unwrap_or("");
        let mut end = s.len().min(80);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        &s[..end]
    }

    /// `file:line:col: message` — the first line of every report.
    pub fn headline(&self) -> String {
        match &self.location {
            Some(l) if l.is_empty() => format!("{}: {}", self.file.display(), self.message),
            Some(l) => format!("{}:{l}: {}", self.file.display(), self.message),
            None => format!(
                "{}:{}:{}: {}",
                self.file.display(),
                self.line,
                self.col,
                self.message
            ),
        }
    }

    /// The full report: headline, snippet with a marker, and the hint. Only the
    /// lines around the span are shown, each cut to about a hundred characters
    /// around it (a diagnostic on a line of a million characters renders as fast
    /// as any), and control characters in the file are shown as `�` so that a
    /// hostile file cannot drive the terminal.
    pub fn render(&self) -> String {
        if self.location.is_some() {
            let mut out = format!("error: {}\n", self.headline());
            if !self.text.is_empty() {
                out.push_str(&format!("  | {}\n", self.snippet()));
            }
            if let Some(h) = &self.hint {
                out.push_str(&format!("  help: {h}\n"));
            }
            return visible(&out);
        }
        let win = Window::around(&self.text, self.span, self.line, self.col);
        let label = win.label;
        let report = MietteReport {
            src: WindowSource {
                name: self.file.display().to_string(),
                win,
            },
            span: label.into(),
            message: self.message.clone(),
            hint: self.hint.clone(),
        };
        let mut out = format!("error: {}\n", self.headline());
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_context_lines(1)
                .with_width(100);
        let mut body = String::new();
        if handler.render_report(&mut body, &report).is_ok() {
            out.push_str(&body);
        } else if let Some(h) = &self.hint {
            out.push_str(&format!("  help: {h}\n"));
        }
        visible(&out)
    }
}

/// Text with control characters (but line ends and tabs) replaced by `�`.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A piece of one line for the window: carriage returns dropped, other control
/// characters shown as `�`.
fn shown(s: &str) -> String {
    visible(&s.replace('\r', ""))
}

/// Characters of the offending line shown before and after the span's start.
const SHOW_BEFORE: usize = 60;
/// See [`SHOW_BEFORE`]; also how much of each context line is shown.
const SHOW_AFTER: usize = 100;
/// Bytes searched for a line end around the span (a longer line is cut).
const SEARCH: usize = 4096;

/// The few lines around a span, each cut short, with where the span falls in them.
struct Window {
    text: String,
    /// 0-based line number of the window's first line.
    line0: usize,
    /// 0-based column (characters) of the span's start in the file.
    col0: usize,
    /// The span, as (offset, length) in `text`.
    label: (usize, usize),
}

fn floor_boundary(t: &str, mut i: usize) -> usize {
    i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Start of the line that ends before `end`, searched at most [`SEARCH`] bytes
/// back, and whether that start was seen (or cut off).
fn line_start(t: &str, end: usize) -> (usize, bool) {
    let lo = floor_boundary(t, end.saturating_sub(SEARCH));
    match t.as_bytes()[lo..end].iter().rposition(|&c| c == b'\n') {
        Some(i) => (lo + i + 1, true),
        None => (lo, lo == 0),
    }
}

/// End of the line that starts at or before `start` (at its `\n` or the end of
/// the text), searched at most [`SEARCH`] bytes on, and whether it was seen.
fn line_end(t: &str, start: usize) -> (usize, bool) {
    let hi = floor_boundary(t, start + SEARCH);
    match t.as_bytes()[start..hi].iter().position(|&c| c == b'\n') {
        Some(i) => (start + i, true),
        None => (hi, hi == t.len()),
    }
}

/// The first `n` characters of a line, with `…` where it is cut.
fn cut(line: &str, n: usize, start_seen: bool, end_seen: bool) -> String {
    let mut out = String::new();
    if !start_seen {
        out.push('…');
    }
    match line.char_indices().nth(n) {
        Some((i, _)) => {
            out.push_str(&shown(&line[..i]));
            out.push('…');
        }
        None => {
            out.push_str(&shown(line));
            if !end_seen {
                out.push('…');
            }
        }
    }
    out
}

impl Window {
    fn around(t: &str, span: (usize, usize), line: usize, col: usize) -> Window {
        let s = floor_boundary(t, span.0);
        let (ls, start_seen) = line_start(t, s);
        let (le, end_seen) = line_end(t, s);
        let vs = t[ls..s]
            .char_indices()
            .rev()
            .nth(SHOW_BEFORE - 1)
            .map_or(ls, |(i, _)| ls + i);
        let ve = t[s..le]
            .char_indices()
            .nth(SHOW_AFTER)
            .map_or(le, |(i, _)| s + i);
        let mut text = String::new();
        let mut line0 = line.saturating_sub(1);
        if start_seen && ls > 0 && line0 > 0 {
            let (ps, pseen) = line_start(t, ls - 1);
            text.push_str(&cut(&t[ps..ls - 1], SHOW_AFTER, pseen, true));
            text.push('\n');
            line0 -= 1;
        }
        if vs > ls || !start_seen {
            text.push('…');
        }
        text.push_str(&shown(&t[vs..s]));
        let at = text.len();
        let se = floor_boundary(t, span.1.clamp(s, ve));
        text.push_str(&shown(&t[s..se]));
        text.push_str(&shown(&t[se..ve]));
        let mut len = shown(&t[s..se]).len();
        if len == 0 {
            // point at the character there, or at a blank after the line's end
            len = text[at..].chars().next().map_or(0, char::len_utf8);
            if len == 0 {
                text.push(' ');
                len = 1;
            }
        }
        if ve < le || !end_seen {
            text.push('…');
        }
        if end_seen && le < t.len() {
            let (ne, nseen) = line_end(t, le + 1);
            text.push('\n');
            text.push_str(&cut(&t[le + 1..ne], SHOW_AFTER, true, nseen));
        }
        Window {
            text,
            line0,
            col0: col.saturating_sub(1),
            label: (at, len),
        }
    }
}

/// The window as miette's source: its lines carry their numbers in the file, and
/// the column miette prints is the file's column in characters.
#[derive(Debug)]
struct WindowSource {
    name: String,
    win: Window,
}

impl fmt::Debug for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Window(line {})", self.line0 + 1)
    }
}

impl miette::SourceCode for WindowSource {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let c = self.win.text.as_str().read_span(span, before, after)?;
        let column = if before == 0 && after == 0 {
            self.win.col0
        } else {
            c.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line() + self.win.line0,
            column,
            c.line_count(),
        )))
    }
}

impl fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Diagnostic({})", self.headline())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

#[derive(Debug)]
struct MietteReport {
    src: WindowSource,
    span: miette::SourceSpan,
    message: String,
    hint: Option<String>,
}

impl fmt::Display for MietteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for MietteReport {}
impl miette::Diagnostic for MietteReport {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".into()), self.span),
        )))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }
}

/// Most diagnostics kept for one file; past it they are only counted, and one
/// last diagnostic says how many more there are (a file with a million bad
/// entries is reported in the time of a hundred).
pub const MAX_DIAGNOSTICS: usize = 100;

/// Deepest nesting of brackets accepted in a RON file (scenario, orders, round).
/// The deepest real scenario nests 8 levels; `ron` itself stops at 128, and its
/// recursion at that depth needs more stack than a helper thread may have.
pub const MAX_NESTING: usize = 64;

/// A problem waiting to be located: already placed, or at a value path.
enum Pending {
    Placed(Diagnostic),
    At {
        path: String,
        message: String,
        hint: Option<String>,
    },
}

/// Collects diagnostics for one RON document, locating them by value path. The
/// paths are resolved all at once when the diagnostics are handed back
/// ([`Diags::take`]), in one pass over the text ([`super::ron_index::locate`]),
/// so a valid file costs nothing and an invalid one costs one pass.
pub struct Diags {
    /// The document's path.
    pub file: PathBuf,
    /// Its text.
    pub text: Arc<String>,
    /// What was found so far (at most [`MAX_DIAGNOSTICS`]).
    items: Vec<Pending>,
    /// How many problems were reported in all.
    total: usize,
}

impl Diags {
    /// Start collecting for a document.
    pub fn new(file: &Path, text: Arc<String>) -> Self {
        Diags {
            file: file.to_path_buf(),
            text,
            items: Vec::new(),
            total: 0,
        }
    }

    /// How many problems were reported so far (kept or only counted).
    pub fn count(&self) -> usize {
        self.total
    }

    /// Whether another diagnostic would still be kept (not only counted): compute
    /// costly hints only then.
    pub fn wants_more(&self) -> bool {
        self.items.len() < MAX_DIAGNOSTICS
    }

    /// Whether no problem was reported.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    fn push(&mut self, p: Pending) {
        self.total += 1;
        if self.items.len() < MAX_DIAGNOSTICS {
            self.items.push(p);
        }
    }

    /// Report a problem with the value at `path` (e.g. `organisation.units[2].home`).
    pub fn err(&mut self, path: &str, message: impl Into<String>, hint: impl Into<Option<String>>) {
        if self.items.len() >= MAX_DIAGNOSTICS {
            self.total += 1;
            return;
        }
        self.push(Pending::At {
            path: path.to_string(),
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Report a problem found in another file (a layer file) at a byte span of its text.
    pub fn err_in(
        &mut self,
        file: &Path,
        text: &Arc<String>,
        span: (usize, usize),
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        if self.items.len() >= MAX_DIAGNOSTICS {
            self.total += 1;
            return;
        }
        self.push(Pending::Placed(Diagnostic::at(
            file,
            text,
            span,
            message,
            hint.into(),
        )));
    }

    /// Add a diagnostic already placed (in this file or another).
    pub fn add(&mut self, d: Diagnostic) {
        self.push(Pending::Placed(d));
    }

    /// Hand back every diagnostic so far, located, in the order reported (and
    /// start afresh); when more than [`MAX_DIAGNOSTICS`] were reported, the last
    /// one says how many were left out.
    pub fn take(&mut self) -> Vec<Diagnostic> {
        let items = std::mem::take(&mut self.items);
        let total = std::mem::take(&mut self.total);
        let paths: Vec<&str> = items
            .iter()
            .filter_map(|p| match p {
                Pending::At { path, .. } => Some(path.as_str()),
                Pending::Placed(_) => None,
            })
            .collect();
        let spans: Vec<(usize, usize)> = super::ron_index::locate(&self.text, &paths)
            .into_iter()
            .map(|s| s.unwrap_or((0, 0)))
            .collect();
        let starts: Vec<usize> = spans.iter().map(|s| s.0).collect();
        let mut pos = crate::source::line_cols(&self.text, &starts).into_iter();
        let mut spans = spans.into_iter();
        let mut out: Vec<Diagnostic> = items
            .into_iter()
            .map(|p| match p {
                Pending::Placed(d) => d,
                Pending::At { message, hint, .. } => {
                    let span = spans.next().unwrap_or((0, 0));
                    let (line, col) = pos.next().unwrap_or((1, 1));
                    let end = span.1.clamp(span.0, self.text.len());
                    Diagnostic {
                        file: self.file.clone(),
                        line,
                        col,
                        span: (span.0.min(self.text.len()), end),
                        message,
                        hint,
                        text: self.text.clone(),
                        location: None,
                    }
                }
            })
            .collect();
        if total > out.len() {
            let more = total - out.len();
            out.push(Diagnostic::at(
                &self.file,
                &self.text,
                (0, 0),
                format!(
                    "{more} more problem{} not shown (only the first {MAX_DIAGNOSTICS} are)",
                    if more == 1 { "" } else { "s" }
                ),
                Some("fix these and validate again".into()),
            ));
        }
        out
    }

    /// Parse this file's text as RON (implicit `Some` on, nesting at most
    /// [`MAX_NESTING`] deep), or record the syntax error and hand back every
    /// diagnostic so far.
    pub fn parse<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Vec<Diagnostic>> {
        match ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .with_recursion_limit(MAX_NESTING)
            .from_str(&self.text)
        {
            Ok(v) => Ok(v),
            Err(e) => {
                self.ron_error(&e);
                Err(self.take())
            }
        }
    }

    /// Turn a `ron` parse error into a diagnostic.
    pub fn ron_error(&mut self, e: &ron::error::SpannedError) {
        let start = crate::source::offset_of(&self.text, e.span.start.line, e.span.start.col);
        let end = crate::source::offset_of(&self.text, e.span.end.line, e.span.end.col);
        let (start, end) = if end > start {
            (start, end)
        } else {
            (start, start + 1)
        };
        let message = match &e.code {
            ron::Error::ExceededRecursionLimit => {
                format!("brackets nested more than {MAX_NESTING} deep")
            }
            code => code.to_string(),
        };
        let hint = ron_hint(&e.code);
        let d = Diagnostic::at(&self.file, &self.text, (start, end), message, hint);
        self.push(Pending::Placed(d));
    }
}

/// Why a file could not be read, as a diagnostic at the start of the file. `what`
/// names the file's role ("scenario", "orders file"). Text in another encoding
/// is reported by [`text_or_diag`], which has the bytes to show.
pub fn read_error(path: &Path, what: &str, e: ReadError, hint: Option<String>) -> Diagnostic {
    Diagnostic::at(
        path,
        &Arc::new(String::new()),
        (0, 0),
        format!("cannot read {what}: {e}"),
        hint,
    )
}

/// Bytes read from `path` as UTF-8 text (a byte-order mark removed), or a
/// diagnostic at the first bad byte naming the likely encoding, with its line
/// shown (bad bytes replaced). `what` names the file's role.
pub fn text_or_diag(path: &Path, bytes: Vec<u8>, what: &str) -> Result<String, Box<Diagnostic>> {
    match crate::source::text_from_bytes(bytes) {
        Ok(t) => Ok(t),
        Err(ReadError::NotUtf8 {
            line,
            col,
            offset,
            hint: enc,
            bytes,
        }) => {
            // offsets count in the bytes handed back (after a byte-order mark)
            let offset = offset.min(bytes.len());
            let ls = bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let le = bytes[offset..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| offset + i);
            let text = Arc::new(String::from_utf8_lossy(&bytes[ls..le]).into_owned());
            // the lossy text replaces bad bytes by U+FFFD (3 bytes): find the
            // character at the bad byte's column instead
            let at = text
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i);
            Err(Box::new(Diagnostic {
                file: path.to_path_buf(),
                line,
                col,
                span: (at, (at + 1).min(text.len()).max(at)),
                message: format!("the {what} is not UTF-8 text (first bad byte here)"),
                hint: Some(enc),
                text,
                location: None,
            }))
        }
        Err(e) => Err(Box::new(read_error(path, what, e, None))),
    }
}

/// Read a text file of at most `max` bytes through the bounded reader
/// ([`crate::source::read_bytes`]) as text ([`text_or_diag`]), or say why not
/// ([`read_error`]).
pub fn read_source(
    path: &Path,
    max: u64,
    what: &str,
    hint: Option<String>,
) -> Result<Arc<String>, Box<Diagnostic>> {
    let bytes = crate::source::read_bytes(path, max)
        .map_err(|e| Box::new(read_error(path, what, e, hint)))?;
    if bytes.starts_with(crate::output::RECORDING_MAGIC) {
        return Err(Box::new(Diagnostic::at(
            path,
            &Arc::new(String::new()),
            (0, 0),
            format!("this is a drillsim recording, not a {what}"),
            Some(format!(
                "replay it with `drillsim replay {0}`, score it with `drillsim score {0}`, or report on it with `drillsim report {0}`",
                path.display()
            )),
        )));
    }
    text_or_diag(path, bytes, what).map(Arc::new)
}

/// Render diagnostics for the terminal, each with its snippet, then the count.
pub fn render_diags(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        s.push_str(&d.render());
    }
    s.push_str(&format!(
        "{} error{} found\n",
        diags.len(),
        if diags.len() == 1 { "" } else { "s" }
    ));
    s
}

fn ron_hint(code: &ron::Error) -> Option<String> {
    use ron::Error as E;
    Some(match code {
        E::NoSuchStructField { expected, .. } => {
            format!("known fields here: {}", expected.join(", "))
        }
        E::MissingStructField { field, .. } => format!("add `{field}: …` to this section"),
        E::NoSuchEnumVariant { expected, .. } => {
            format!("one of: {}", expected.join(", "))
        }
        E::ExpectedDifferentStructName { expected, .. } => {
            format!("write `{expected}(` or leave the name out")
        }
        E::Eof => "the file ends early: a bracket or parenthesis is not closed".into(),
        E::ExceededRecursionLimit => {
            "no scenario needs this; look for brackets that are opened and never closed".into()
        }
        E::DuplicateStructField { field, .. } => format!("remove one of the `{field}` fields"),
        E::Message(m) if m.contains("duration") || m.contains("no unit") => {
            "durations look like \"90s\", \"15m\", \"6h\" or \"01:30:00\"".into()
        }
        _ => return None,
    })
}
