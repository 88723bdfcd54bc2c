//! Diagnostics that point at the place in a file: `file:line:col`, the offending
//! text, a message and a hint. Rendered with miette's graphical report.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ron_index::RonIndex;
use crate::source::line_col;

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

    /// The full report: headline, snippet with a marker, and the hint.
    pub fn render(&self) -> String {
        if self.location.is_some() {
            let mut out = format!("error: {}\n", self.headline());
            if !self.text.is_empty() {
                out.push_str(&format!("  | {}\n", self.snippet()));
            }
            if let Some(h) = &self.hint {
                out.push_str(&format!("  help: {h}\n"));
            }
            return out;
        }
        let report = MietteReport {
            src: miette::NamedSource::new(self.file.display().to_string(), self.text.to_string()),
            span: (self.span.0, (self.span.1 - self.span.0).max(1)).into(),
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
        out
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
    src: miette::NamedSource<String>,
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

/// Collects diagnostics for one RON document, locating them by value path.
pub struct Diags {
    /// The document's path.
    pub file: PathBuf,
    /// Its text.
    pub text: Arc<String>,
    /// Value spans.
    pub index: RonIndex,
    /// What was found so far.
    pub items: Vec<Diagnostic>,
}

impl Diags {
    /// Start collecting for a document.
    pub fn new(file: &Path, text: Arc<String>) -> Self {
        let index = RonIndex::build(&text);
        Diags {
            file: file.to_path_buf(),
            text,
            index,
            items: Vec::new(),
        }
    }

    /// Report a problem with the value at `path` (e.g. `organisation.units[2].home`).
    pub fn err(&mut self, path: &str, message: impl Into<String>, hint: impl Into<Option<String>>) {
        let span = self.index.span(path).unwrap_or((0, 0));
        self.items.push(Diagnostic::at(
            &self.file,
            &self.text,
            span,
            message,
            hint.into(),
        ));
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
        self.items
            .push(Diagnostic::at(file, text, span, message, hint.into()));
    }

    /// Parse this file's text as RON (implicit `Some` on), or record the syntax error
    /// and hand back every diagnostic so far.
    pub fn parse<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Vec<Diagnostic>> {
        match ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&self.text)
        {
            Ok(v) => Ok(v),
            Err(e) => {
                self.ron_error(&e);
                Err(std::mem::take(&mut self.items))
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
        let message = e.code.to_string();
        let hint = ron_hint(&e.code);
        self.items.push(Diagnostic::at(
            &self.file,
            &self.text,
            (start, end),
            message,
            hint,
        ));
    }
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
        E::DuplicateStructField { field, .. } => format!("remove one of the `{field}` fields"),
        E::Message(m) if m.contains("duration") || m.contains("no unit") => {
            "durations look like \"90s\", \"15m\", \"6h\" or \"01:30:00\"".into()
        }
        _ => return None,
    })
}
