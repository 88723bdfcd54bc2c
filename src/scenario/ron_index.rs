//! Where a value of a RON document stands in its text.
//!
//! `ron` reports positions for syntax errors only. Validation works on the
//! deserialised structs, so to point a semantic error (an unknown unit, a place off
//! the grid) at `file:line:col` this module finds the byte span of the value at a
//! path such as `organisation.units[3].home`, `map.places[0].cell[1]` or `[2].at`
//! (the third entry of a top-level list). A single-field variant is transparent:
//! `layer.0` and `layer[0]` name the `"dem.asc"` of `layer: Asc("dem.asc")`, and a
//! field path reaches through it (`hazards[0].source` finds the `source` of
//! `hazards: [ChemicalLeak((source: …))]`).
//!
//! [`locate`] resolves many paths in one pass over the text and keeps nothing but
//! their spans, so finding the places of every diagnostic of a file is linear in
//! the file's length and needs memory only for the answers. Values off every asked
//! path are skipped without recursion; nesting is followed at most [`MAX_DEPTH`]
//! levels deep (deeper values are answered by their outermost level within it).
//!
//! Locating never fails and never panics: on text it cannot follow it stops, and a
//! path is answered by the span of its longest prefix found (the whole document
//! when nothing matches).

/// Deepest nesting the locator follows (`ron` refuses documents nested deeper than
/// [`crate::scenario::diag::MAX_NESTING`] anyway).
pub const MAX_DEPTH: usize = 64;

/// One step of a value path.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    /// `.name`: a struct field.
    Field(String),
    /// `[n]` or `.n`: the n-th element of a list, tuple or variant.
    Index(usize),
    /// `["key"]`: the value under a map key.
    Key(String),
}

/// Split `a.b[3].c["k"]` into steps; a malformed tail is left off.
fn segments(path: &str) -> Vec<Seg> {
    let b = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'.' => i += 1,
            b'[' if b.get(i + 1) == Some(&b'"') => {
                let Some(end) = path[i + 2..].find("\"]") else {
                    break;
                };
                out.push(Seg::Key(path[i + 2..i + 2 + end].to_string()));
                i += end + 4;
            }
            b'[' => {
                let Some(end) = path[i + 1..].find(']') else {
                    break;
                };
                match path[i + 1..i + 1 + end].parse() {
                    Ok(n) => out.push(Seg::Index(n)),
                    Err(_) => break,
                }
                i += end + 2;
            }
            _ => {
                let end = path[i..].find(['.', '[']).map_or(path.len(), |e| i + e);
                let name = &path[i..end];
                match name.parse() {
                    Ok(n) => out.push(Seg::Index(n)),
                    Err(_) => out.push(Seg::Field(name.to_string())),
                }
                i = end;
            }
        }
    }
    out
}

/// A token: its kind and byte span.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Ident,
    Str,
    Num,
    Punct(char),
}

type Token = (Tok, usize, usize);

/// Tokens of RON text, one at a time (nothing is kept).
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn at(&self, s: &[u8]) -> bool {
        self.src.get(self.pos..).is_some_and(|r| r.starts_with(s))
    }

    fn skip_ws(&mut self) {
        loop {
            while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            if self.at(b"//") {
                while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                    self.pos += 1;
                }
            } else if self.at(b"/*") {
                // block comments nest in RON; an unclosed one runs to the end
                let mut depth = 0usize;
                while self.pos < self.src.len() {
                    if self.at(b"/*") {
                        depth += 1;
                        self.pos += 2;
                    } else if self.at(b"*/") {
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

    /// Past a quoted string or char whose opening `quote` is at `self.pos`.
    fn quoted(&mut self, quote: u8) {
        self.pos += 1;
        while self.pos < self.src.len() && self.src[self.pos] != quote {
            if self.src[self.pos] == b'\\' {
                self.pos += 1;
            }
            self.pos += 1;
        }
        self.pos = (self.pos + 1).min(self.src.len());
    }

    fn next(&mut self) -> Option<Token> {
        self.skip_ws();
        let start = self.pos;
        let c = *self.src.get(self.pos)?;
        let tok = match c {
            b'"' => {
                self.quoted(b'"');
                Tok::Str
            }
            b'\'' => {
                self.quoted(b'\'');
                Tok::Str
            }
            b'r' if matches!(self.src.get(self.pos + 1), Some(b'#' | b'"')) => {
                self.pos += 1;
                let mut hashes = 0;
                while self.src.get(self.pos) == Some(&b'#') {
                    hashes += 1;
                    self.pos += 1;
                }
                if self.src.get(self.pos) == Some(&b'"') {
                    self.pos += 1;
                    // the body ends at `"` followed by as many `#`
                    loop {
                        match self.src[self.pos.min(self.src.len())..]
                            .iter()
                            .position(|&b| b == b'"')
                        {
                            None => {
                                self.pos = self.src.len();
                                break;
                            }
                            Some(q) => {
                                self.pos += q + 1;
                                let closes = self.src[self.pos..]
                                    .iter()
                                    .take(hashes)
                                    .take_while(|&&b| b == b'#')
                                    .count();
                                if closes == hashes {
                                    self.pos += hashes;
                                    break;
                                }
                            }
                        }
                    }
                    Tok::Str
                } else {
                    // `r#ident`: a raw identifier
                    while self.pos < self.src.len()
                        && (self.src[self.pos].is_ascii_alphanumeric()
                            || self.src[self.pos] == b'_')
                    {
                        self.pos += 1;
                    }
                    Tok::Ident
                }
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                self.pos += 1;
                while self.pos < self.src.len()
                    && (self.src[self.pos].is_ascii_alphanumeric()
                        || matches!(self.src[self.pos], b'.' | b'_' | b'+' | b'-'))
                {
                    // a sign continues a number only as an exponent's sign
                    if matches!(self.src[self.pos], b'+' | b'-')
                        && !matches!(self.src[self.pos - 1], b'e' | b'E')
                    {
                        break;
                    }
                    self.pos += 1;
                }
                Tok::Num
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while self.pos < self.src.len()
                    && (self.src[self.pos].is_ascii_alphanumeric() || self.src[self.pos] == b'_')
                {
                    self.pos += 1;
                }
                Tok::Ident
            }
            _ => {
                // one character, whole (a multi-byte character is one token)
                let len = match c {
                    0x00..=0xBF => 1,
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                self.pos = (self.pos + len).min(self.src.len());
                Tok::Punct(if c.is_ascii() { c as char } else { '?' })
            }
        };
        Some((tok, start, self.pos))
    }
}

/// The walk: tokens with two of lookahead, the asked paths and the best answer
/// found for each so far.
struct Walk<'a> {
    text: &'a str,
    lx: Lexer<'a>,
    ahead: [Option<Token>; 2],
    want: Vec<Vec<Seg>>,
    /// Per asked path: (matched steps, span) of the deepest value found.
    best: Vec<Option<(usize, (usize, usize))>>,
}

/// An asked path still being followed: its index, and how many steps matched.
type Alive = (usize, usize);

impl<'a> Walk<'a> {
    fn new(text: &'a str, want: Vec<Vec<Seg>>) -> Self {
        let mut lx = Lexer {
            src: text.as_bytes(),
            pos: 0,
        };
        let ahead = [lx.next(), lx.next()];
        let n = want.len();
        Walk {
            text,
            lx,
            ahead,
            want,
            best: vec![None; n],
        }
    }

    fn peek(&self, k: usize) -> Option<Token> {
        self.ahead[k]
    }

    fn is(&self, k: usize, c: char) -> bool {
        matches!(self.ahead[k], Some((Tok::Punct(p), _, _)) if p == c)
    }

    fn bump(&mut self) -> Option<Token> {
        let t = self.ahead[0];
        self.ahead[0] = self.ahead[1];
        self.ahead[1] = self.lx.next();
        t
    }

    /// A value reached by `alive` ends: it answers each path it matched more
    /// steps of than any value before. Values inside it end first, so on a tie
    /// the outer value wins (a path that only reaches through a tuple's first
    /// element is answered by the tuple).
    fn record(&mut self, alive: &[Alive], span: (usize, usize)) {
        for &(w, k) in alive {
            if self.best[w].is_none_or(|(bk, _)| k >= bk) {
                self.best[w] = Some((k, span));
            }
        }
    }

    /// Skip one value without looking inside; returns its end, or None when lost.
    fn skip(&mut self) -> Option<usize> {
        let (tok, _, mut end) = self.bump()?;
        let opens = |t: Tok| matches!(t, Tok::Punct('(' | '[' | '{'));
        let mut depth = match tok {
            t if opens(t) => 1usize,
            Tok::Ident if self.is(0, '(') => {
                end = self.bump()?.2;
                1
            }
            Tok::Punct(_) => return None,
            _ => return Some(end),
        };
        while depth > 0 {
            let (t, _, e) = self.bump()?;
            end = e;
            if opens(t) {
                depth += 1;
            } else if matches!(t, Tok::Punct(')' | ']' | '}')) {
                depth -= 1;
            }
        }
        Some(end)
    }

    /// Walk one value that the paths in `alive` have reached; returns its end.
    fn value(&mut self, alive: Vec<Alive>, depth: usize) -> Option<usize> {
        let (_, start, _) = self.peek(0)?;
        // paths answered here need nothing inside
        let inner: Vec<Alive> = alive
            .iter()
            .copied()
            .filter(|&(w, k)| k < self.want[w].len())
            .collect();
        let end = if inner.is_empty() || depth >= MAX_DEPTH {
            self.skip()?
        } else {
            let (tok, _, end) = self.peek(0)?;
            match tok {
                Tok::Punct('[') => {
                    self.bump();
                    self.list(&inner, ']', false, depth)?
                }
                Tok::Punct('(') => {
                    self.bump();
                    self.paren(&inner, depth)?
                }
                Tok::Punct('{') => {
                    self.bump();
                    self.map(&inner, depth)?
                }
                Tok::Ident if self.is(1, '(') => {
                    self.bump();
                    self.bump();
                    self.paren(&inner, depth)?
                }
                Tok::Punct(_) => return None,
                _ => {
                    self.bump();
                    end
                }
            }
        };
        self.record(&alive, (start, end));
        Some(end)
    }

    /// After `(`: named fields `name: value, …` or a tuple `value, …`.
    fn paren(&mut self, alive: &[Alive], depth: usize) -> Option<usize> {
        let named = matches!(self.peek(0), Some((Tok::Ident, _, _))) && self.is(1, ':');
        if !named {
            return self.list(alive, ')', true, depth);
        }
        loop {
            if self.is(0, ')') {
                return self.bump().map(|t| t.2);
            }
            let (Tok::Ident, ks, ke) = self.peek(0)? else {
                return None;
            };
            let name = &self.text[ks..ke];
            let name = name.strip_prefix("r#").unwrap_or(name);
            self.bump();
            if !self.is(0, ':') {
                return None;
            }
            self.bump();
            let next: Vec<Alive> = alive
                .iter()
                .filter(|&&(w, k)| matches!(&self.want[w][k], Seg::Field(f) if f == name))
                .map(|&(w, k)| (w, k + 1))
                .collect();
            self.child(next, depth)?;
            if self.is(0, ',') {
                self.bump();
            }
        }
    }

    /// Elements up to `close`; in a tuple (`transparent`), field steps reach
    /// through the first element.
    fn list(
        &mut self,
        alive: &[Alive],
        close: char,
        transparent: bool,
        depth: usize,
    ) -> Option<usize> {
        let mut n = 0usize;
        loop {
            if self.is(0, close) {
                return self.bump().map(|t| t.2);
            }
            let next: Vec<Alive> = alive
                .iter()
                .filter_map(|&(w, k)| match &self.want[w][k] {
                    Seg::Index(i) if *i == n => Some((w, k + 1)),
                    Seg::Field(_) if transparent && n == 0 => Some((w, k)),
                    _ => None,
                })
                .collect();
            self.child(next, depth)?;
            n += 1;
            if self.is(0, ',') {
                self.bump();
            }
        }
    }

    /// After `{`: `key: value, …`.
    fn map(&mut self, alive: &[Alive], depth: usize) -> Option<usize> {
        loop {
            if self.is(0, '}') {
                return self.bump().map(|t| t.2);
            }
            let (tok, ks, ke) = self.peek(0)?;
            let key = match tok {
                Tok::Str => self.text.get(ks + 1..ke.saturating_sub(1)).unwrap_or(""),
                Tok::Ident | Tok::Num => &self.text[ks..ke],
                Tok::Punct(_) => "",
            }
            .to_string();
            self.skip()?;
            if !self.is(0, ':') {
                return None;
            }
            self.bump();
            let next: Vec<Alive> = alive
                .iter()
                .filter(|&&(w, k)| matches!(&self.want[w][k], Seg::Key(s) if *s == key))
                .map(|&(w, k)| (w, k + 1))
                .collect();
            self.child(next, depth)?;
            if self.is(0, ',') {
                self.bump();
            }
        }
    }

    /// A value inside a container: walked when some path goes into it, else skipped.
    fn child(&mut self, alive: Vec<Alive>, depth: usize) -> Option<usize> {
        if alive.is_empty() {
            self.skip()
        } else {
            self.value(alive, depth + 1)
        }
    }
}

/// Byte spans of the values at `paths` in RON `text`, in one pass. Each answer is
/// the span of the value at the path, or of its longest prefix found; the whole
/// document's span when not even the first step is found; `None` only for text
/// without a single value.
pub fn locate(text: &str, paths: &[&str]) -> Vec<Option<(usize, usize)>> {
    let want: Vec<Vec<Seg>> = paths.iter().map(|p| segments(p)).collect();
    let n = want.len();
    let mut walk = Walk::new(text, want);
    // skip `#![enable(...)]` attributes
    while walk.is(0, '#') {
        walk.bump();
        while walk.peek(0).is_some() && !walk.is(0, ']') {
            walk.bump();
        }
        walk.bump();
    }
    let doc_start = walk.peek(0).map(|t| t.1);
    let _ = walk.value((0..n).map(|w| (w, 0)).collect(), 0);
    walk.best
        .into_iter()
        .map(|b| b.map(|(_, s)| s).or(doc_start.map(|s| (s, text.len()))))
        .collect()
}

/// Span of the value at one path; see [`locate`].
pub fn span(text: &str, path: &str) -> Option<(usize, usize)> {
    locate(text, &[path]).pop().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{line_col, offset_of};

    #[test]
    fn finds_nested_values() {
        let text = "Scenario(\n  meta: (name: \"x\", tick: \"10s\"),\n  units: [\n    (id: \"a\", home: \"d1\"),\n    (id: \"b\", home: \"zz\", cell: (3, 4)),\n  ],\n  layer: Asc(\"dem.asc\"),\n  hz: [Leak((source: \"p\"))],\n  m: {\"k\": 5},\n)";
        let at = |p: &str| {
            let (s, e) = span(text, p).unwrap();
            &text[s..e]
        };
        let (s, _) = span(text, "units[1].home").unwrap();
        assert_eq!(at("units[1].home"), "\"zz\"");
        assert_eq!(line_col(text, s), (5, 21));
        assert_eq!(at("units[1].cell[1]"), "4");
        assert_eq!(at("layer.0"), "\"dem.asc\"");
        assert_eq!(at("layer[0]"), "\"dem.asc\"");
        assert_eq!(at("layer"), "Asc(\"dem.asc\")");
        assert_eq!(at("hz[0].source"), "\"p\"");
        assert_eq!(at("m[\"k\"]"), "5");
        // fallback to the longest prefix found
        assert!(at("units[1].nothing").starts_with("(id: \"b\""));
        assert!(at("nothing").starts_with("Scenario("));
        assert!(at("").starts_with("Scenario("));
        // many paths in one pass answer as one at a time
        let paths = ["units[0].id", "meta.tick", "units[1].cell[0]"];
        let all = locate(text, &paths);
        for (p, s) in paths.iter().zip(all) {
            assert_eq!(s, span(text, p), "{p}");
        }
    }

    #[test]
    fn top_level_lists_and_raw_strings() {
        let text = "[\n (at: \"00:05:00\", seat: r#\"a\"b\"#),\n (at: \"x\", seat: \"s\"),\n]";
        let (s, e) = span(text, "[1].at").unwrap();
        assert_eq!(&text[s..e], "\"x\"");
        let (s, e) = span(text, "[0].seat").unwrap();
        assert_eq!(&text[s..e], "r#\"a\"b\"#");
    }

    #[test]
    fn never_panics_on_garbage() {
        for t in [
            "",
            "(",
            "[[[",
            "\"unterminated",
            "r#\"x",
            "r#",
            "r",
            "r#\"",
            "(a: (b: [1,2",
            "/* x",
            "é(ü: 1)",
            "'",
            "\"\\",
            "(a: ]",
            "{",
            "{\"a\"",
            "#![",
            "(((((",
            ")))",
        ] {
            let _ = locate(t, &["a.b[3]", "", "[0]", "a[\"k\"]"]);
        }
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
    }

    #[test]
    fn deep_nesting_is_linear_and_bounded() {
        // 50 nested parentheses once took exponential memory (every level copied
        // the paths below it); now 100 000 levels are walked at once
        for n in [50, 100_000] {
            let text = format!("{}{}", "(".repeat(n), ")".repeat(n));
            let t0 = std::time::Instant::now();
            let s = span(&text, "a.b.c");
            assert_eq!(s, Some((0, text.len())));
            assert!(t0.elapsed().as_secs_f64() < 2.0);
        }
        let text = format!("(a: {}1{})", "[".repeat(100), "]".repeat(100));
        let deep = format!("a{}", "[0]".repeat(100));
        let (s, _) = span(&text, &deep).unwrap();
        // followed to MAX_DEPTH levels, then answered by the last level reached
        assert_eq!(s, 4 + MAX_DEPTH - 1);
    }
}
