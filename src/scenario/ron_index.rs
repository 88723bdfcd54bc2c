//! Where each value of a RON document stands in its text.
//!
//! `ron` reports positions for syntax errors only. Validation works on the
//! deserialised structs, so to point a semantic error (an unknown unit, a place off
//! the grid) at `file:line:col` this module lexes the same text once and records the
//! byte span of every value under its path: `organisation.units[3].home`,
//! `map.places[0].cell[1]`. Enum variants with one field (`Asc("dem.asc")`) are
//! recorded under the field's path and again under `path[0]`.
//!
//! The indexer never fails: on text it cannot follow it stops and keeps what it has,
//! and lookups fall back to the longest recorded prefix of the path.

use std::collections::HashMap;

/// Byte spans of the values of one RON document, by path.
#[derive(Debug, Default, Clone)]
pub struct RonIndex {
    spans: HashMap<String, (usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num,
    Punct(char),
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn skip_ws(&mut self) {
        loop {
            while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            if self.src[self.pos..].starts_with(b"//") {
                while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                    self.pos += 1;
                }
            } else if self.src[self.pos..].starts_with(b"/*") {
                let mut depth = 0usize;
                while self.pos < self.src.len() {
                    if self.src[self.pos..].starts_with(b"/*") {
                        depth += 1;
                        self.pos += 2;
                    } else if self.src[self.pos..].starts_with(b"*/") {
                        depth -= 1;
                        self.pos += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        self.pos += 1;
                    }
                }
            } else {
                return;
            }
        }
    }

    /// Next token with its byte span.
    fn next(&mut self) -> Option<(Tok, usize, usize)> {
        self.skip_ws();
        let start = self.pos;
        let c = *self.src.get(self.pos)?;
        match c {
            b'"' => {
                self.pos += 1;
                let mut s = Vec::new();
                while self.pos < self.src.len() && self.src[self.pos] != b'"' {
                    if self.src[self.pos] == b'\\' {
                        self.pos += 1;
                    }
                    if let Some(&b) = self.src.get(self.pos) {
                        s.push(b);
                    }
                    self.pos += 1;
                }
                self.pos = (self.pos + 1).min(self.src.len());
                Some((
                    Tok::Str(String::from_utf8_lossy(&s).into_owned()),
                    start,
                    self.pos,
                ))
            }
            b'r' if matches!(self.src.get(self.pos + 1), Some(b'#') | Some(b'"')) => {
                self.pos += 1;
                let mut hashes = 0;
                while self.src.get(self.pos) == Some(&b'#') {
                    hashes += 1;
                    self.pos += 1;
                }
                self.pos += 1; // opening quote
                let body_start = self.pos;
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                while self.pos < self.src.len() && !self.src[self.pos..].starts_with(&close) {
                    self.pos += 1;
                }
                let body = String::from_utf8_lossy(&self.src[body_start..self.pos]).into_owned();
                self.pos = (self.pos + close.len()).min(self.src.len());
                Some((Tok::Str(body), start, self.pos))
            }
            b'\'' => {
                self.pos += 1;
                while self.pos < self.src.len() && self.src[self.pos] != b'\'' {
                    if self.src[self.pos] == b'\\' {
                        self.pos += 1;
                    }
                    self.pos += 1;
                }
                self.pos = (self.pos + 1).min(self.src.len());
                Some((Tok::Str(String::new()), start, self.pos))
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                self.pos += 1;
                while self.pos < self.src.len()
                    && (self.src[self.pos].is_ascii_alphanumeric()
                        || matches!(self.src[self.pos], b'.' | b'_' | b'+' | b'-'))
                {
                    // stop at a sign that is not an exponent sign
                    if matches!(self.src[self.pos], b'+' | b'-')
                        && !matches!(self.src[self.pos - 1], b'e' | b'E')
                    {
                        break;
                    }
                    self.pos += 1;
                }
                Some((Tok::Num, start, self.pos))
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while self.pos < self.src.len()
                    && (self.src[self.pos].is_ascii_alphanumeric() || self.src[self.pos] == b'_')
                {
                    self.pos += 1;
                }
                let s = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
                Some((Tok::Ident(s), start, self.pos))
            }
            _ => {
                // one (possibly multi-byte) character
                let ch = std::str::from_utf8(&self.src[self.pos..])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .unwrap_or('?');
                self.pos += ch.len_utf8().max(1);
                Some((Tok::Punct(ch), start, self.pos))
            }
        }
    }
}

/// List elements past this index are parsed but not recorded (huge inline layers).
const MAX_RECORDED_ELEMENTS: usize = 10_000;

struct Parser<'a> {
    toks: Vec<(Tok, usize, usize)>,
    i: usize,
    out: &'a mut Vec<(String, (usize, usize))>,
    depth: usize,
    quiet: usize,
}

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.i + k).map(|t| &t.0)
    }
    fn is(&self, k: usize, c: char) -> bool {
        self.peek(k) == Some(&Tok::Punct(c))
    }

    /// Parse one value at `path`; returns its span, or None when lost.
    fn value(&mut self, path: &str) -> Option<(usize, usize)> {
        self.depth += 1;
        if self.depth > 200 {
            return None;
        }
        let (tok, start, mut end) = self.toks.get(self.i)?.clone();
        match tok {
            Tok::Punct('[') => {
                self.i += 1;
                end = self.seq(path, ']')?;
            }
            Tok::Punct('(') => {
                self.i += 1;
                end = self.paren(path)?;
            }
            Tok::Punct('{') => {
                self.i += 1;
                end = self.map(path)?;
            }
            Tok::Ident(_) => {
                self.i += 1;
                if self.is(0, '(') {
                    self.i += 1;
                    end = self.paren(path)?;
                }
            }
            Tok::Str(_) | Tok::Num => self.i += 1,
            Tok::Punct(_) => return None,
        }
        if self.quiet == 0 {
            self.out.push((path.to_string(), (start, end)));
        }
        self.depth -= 1;
        Some((start, end))
    }

    /// After `(`: either `name: value, ...` or `value, ...`; returns end offset of `)`.
    fn paren(&mut self, path: &str) -> Option<usize> {
        let named = matches!(self.peek(0), Some(Tok::Ident(_))) && self.is(1, ':');
        if !named {
            let mark = self.out.len();
            let (end, count) = self.seq_counted(path, ')')?;
            // a single-field variant (`Asc("x")`, `Some(x)`, `Inline((…))`) is
            // transparent: its content is also recorded under the variant's own path
            if count == 1 && self.quiet == 0 {
                let first = format!("{path}[0]");
                let mut alias = Vec::new();
                for (k, span) in &self.out[mark..] {
                    if let Some(rest) = k.strip_prefix(&first) {
                        if rest.is_empty() {
                            alias.push((format!("{path}.0"), *span));
                        } else {
                            alias.push((format!("{path}{rest}"), *span));
                        }
                    }
                }
                self.out.extend(alias);
            }
            return Some(end);
        }
        loop {
            if self.is(0, ')') {
                let e = self.toks[self.i].2;
                self.i += 1;
                return Some(e);
            }
            let name = match self.peek(0)? {
                Tok::Ident(n) => n.clone(),
                _ => return None,
            };
            let key_span = (self.toks[self.i].1, self.toks[self.i].2);
            self.i += 1;
            if !self.is(0, ':') {
                return None;
            }
            self.i += 1;
            let p = if path.is_empty() {
                name
            } else {
                format!("{path}.{name}")
            };
            if self.quiet == 0 {
                self.out.push((format!("{p}#key"), key_span));
            }
            self.value(&p)?;
            if self.is(0, ',') {
                self.i += 1;
            }
        }
    }

    fn seq(&mut self, path: &str, close: char) -> Option<usize> {
        self.seq_counted(path, close).map(|(e, _)| e)
    }

    fn seq_counted(&mut self, path: &str, close: char) -> Option<(usize, usize)> {
        let mut n = 0;
        loop {
            if self.is(0, close) {
                let e = self.toks[self.i].2;
                self.i += 1;
                return Some((e, n));
            }
            let quiet = n >= MAX_RECORDED_ELEMENTS;
            self.quiet += usize::from(quiet);
            let r = self.value(&format!("{path}[{n}]"));
            self.quiet -= usize::from(quiet);
            r?;
            n += 1;
            if self.is(0, ',') {
                self.i += 1;
            }
        }
    }

    fn map(&mut self, path: &str) -> Option<usize> {
        loop {
            if self.is(0, '}') {
                let e = self.toks[self.i].2;
                self.i += 1;
                return Some(e);
            }
            let key = match self.peek(0)? {
                Tok::Str(s) | Tok::Ident(s) => s.clone(),
                _ => "?".into(),
            };
            self.value(&format!("{path}#keytmp"))?;
            if !self.is(0, ':') {
                return None;
            }
            self.i += 1;
            self.value(&format!("{path}[\"{key}\"]"))?;
            if self.is(0, ',') {
                self.i += 1;
            }
        }
    }
}

impl RonIndex {
    /// Index a RON document. Never fails; unparseable tails are simply not indexed.
    pub fn build(text: &str) -> RonIndex {
        let mut lx = Lexer {
            src: text.as_bytes(),
            pos: 0,
        };
        let mut toks = Vec::new();
        while let Some(t) = lx.next() {
            toks.push(t);
        }
        let mut list = Vec::new();
        // skip `#![enable(...)]` attributes
        let mut i = 0;
        while toks.get(i).map(|t| &t.0) == Some(&Tok::Punct('#')) {
            while i < toks.len() && toks[i].0 != Tok::Punct(']') {
                i += 1;
            }
            i += 1;
        }
        let mut p = Parser {
            toks,
            i,
            out: &mut list,
            depth: 0,
            quiet: 0,
        };
        p.value("");
        // the first record of a path wins (aliases never overwrite real paths)
        let mut spans = HashMap::with_capacity(list.len());
        for (k, v) in list {
            spans.entry(k).or_insert(v);
        }
        RonIndex { spans }
    }

    /// Span of the value at `path`, or of its longest recorded prefix.
    pub fn span(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path.to_string();
        loop {
            if let Some(&s) = self.spans.get(&p) {
                return Some(s);
            }
            let cut = p.rfind(['.', '['])?;
            p.truncate(cut);
            if p.is_empty() {
                return self.spans.get("").copied();
            }
        }
    }

    /// Span of the field name at `path` (e.g. to point at an unknown field).
    pub fn key_span(&self, path: &str) -> Option<(usize, usize)> {
        self.spans.get(&format!("{path}#key")).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{line_col, offset_of};

    #[test]
    fn finds_nested_values() {
        let text = "Scenario(\n  meta: (name: \"x\", tick: \"10s\"),\n  units: [\n    (id: \"a\", home: \"d1\"),\n    (id: \"b\", home: \"zz\", cell: (3, 4)),\n  ],\n  layer: Asc(\"dem.asc\"),\n)";
        let ix = RonIndex::build(text);
        let (s, e) = ix.span("units[1].home").unwrap();
        assert_eq!(&text[s..e], "\"zz\"");
        assert_eq!(line_col(text, s), (5, 21));
        let (s, e) = ix.span("units[1].cell[1]").unwrap();
        assert_eq!(&text[s..e], "4");
        let (s, e) = ix.span("layer.0").unwrap();
        assert_eq!(&text[s..e], "\"dem.asc\"");
        // fallback to prefix
        let (s, e) = ix.span("units[1].nothing").unwrap();
        assert!(text[s..e].starts_with("(id: \"b\""));
        let (s, _) = ix.key_span("meta.tick").unwrap();
        assert_eq!(&text[s..s + 4], "tick");
    }

    #[test]
    fn never_panics_on_garbage() {
        for t in [
            "",
            "(",
            "[[[",
            "\"unterminated",
            "r#\"x",
            "(a: (b: [1,2",
            "/* x",
            "é(ü: 1)",
        ] {
            let ix = RonIndex::build(t);
            let _ = ix.span("a.b[3]");
        }
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
    }
}
