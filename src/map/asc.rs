//! ESRI ASCII grid files (`.asc`), the raster format LISFLOOD-FP and FlamMap read.
//!
//! ```text
//! ncols 4
//! nrows 3
//! xllcorner 0
//! yllcorner 0
//! cellsize 10
//! NODATA_value -9999
//! 1 2 3 4
//! ...
//! ```
//! `xllcenter`/`yllcenter` are accepted too. Values are row-major, north row first —
//! the same order as the simulation grid. Errors carry the 1-based line and column.

/// A parsed ASCII grid.
#[derive(Debug, Clone, PartialEq)]
pub struct AscGrid {
    /// Columns.
    pub ncols: usize,
    /// Rows.
    pub nrows: usize,
    /// West edge, projected m.
    pub xll: f64,
    /// South edge, projected m.
    pub yll: f64,
    /// Cell side, m.
    pub cellsize: f64,
    /// Value that marks missing data.
    pub nodata: Option<f64>,
    /// Values, north row first.
    pub values: Vec<f64>,
}

/// Most cells an ASCII grid may declare (4096 × 4096, the largest scenario grid).
/// Checked on the header, before any memory is reserved for the values.
pub const MAX_CELLS: usize = 4096 * 4096;

/// Largest `ncols` or `nrows` accepted.
pub const MAX_SIDE: usize = 100_000;

/// A parse error at a line and column of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct AscError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub col: usize,
    /// Byte offset.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is more to say than the format.
    pub hint: Option<String>,
}

/// Whitespace-separated words of the text with their byte offsets, one at a time.
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (&'a str, usize);
    fn next(&mut self) -> Option<(&'a str, usize)> {
        let b = self.text.as_bytes();
        while self.pos < b.len() && b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        if self.pos >= b.len() {
            return None;
        }
        let start = self.pos;
        while self.pos < b.len() && !b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        // ASCII whitespace never splits a character, so both ends are boundaries
        Some((&self.text[start..self.pos], start))
    }
}

fn error_at(text: &str, offset: usize, message: String) -> AscError {
    let (line, col) = crate::source::line_col(text, offset);
    AscError {
        line,
        col,
        offset,
        message,
        hint: None,
    }
}

/// Parse the text of an ASCII grid.
pub fn parse(text: &str) -> Result<AscGrid, AscError> {
    parse_expecting(text, None)
}

/// Parse the text of an ASCII grid that must have `expect = (ncols, nrows)` when
/// given. The header is checked first — against `expect`, [`MAX_SIDE`] and
/// [`MAX_CELLS`] — and memory for the values is reserved only for as many as
/// the file can hold (every value takes at least two bytes), so a header that
/// declares more cells than the file has costs nothing. Linear in the file's
/// length.
pub fn parse_expecting(text: &str, expect: Option<(usize, usize)>) -> Result<AscGrid, AscError> {
    let mut words = Words { text, pos: 0 }.peekable();
    let at_end = |msg: String| error_at(text, text.len(), msg);
    let (mut ncols, mut nrows, mut xll, mut yll, mut cell, mut nodata) =
        (None, None, None, None, None, None);
    let mut centre = (false, false);
    while let Some(&(w, off)) = words.peek() {
        if w.parse::<f64>().is_ok() {
            break;
        }
        words.next();
        let key = w.to_ascii_lowercase();
        let (v, voff) = words
            .next()
            .ok_or_else(|| at_end(format!("header key `{w}` without a value")))?;
        let num: f64 = v.parse().map_err(|_| {
            error_at(
                text,
                voff,
                format!("`{v}` is not a number (value of `{w}`)"),
            )
        })?;
        let slot = match key.as_str() {
            "ncols" => &mut ncols,
            "nrows" => &mut nrows,
            "xllcorner" => &mut xll,
            "yllcorner" => &mut yll,
            "xllcenter" => {
                centre.0 = true;
                &mut xll
            }
            "yllcenter" => {
                centre.1 = true;
                &mut yll
            }
            "cellsize" => &mut cell,
            "nodata_value" => &mut nodata,
            _ => {
                return Err(error_at(
                    text,
                    off,
                    format!(
                        "unknown header key `{w}` (expected ncols, nrows, xllcorner, yllcorner, cellsize, NODATA_value)"
                    ),
                ));
            }
        };
        if slot.is_some() {
            return Err(error_at(
                text,
                off,
                format!("header key `{w}` appears twice"),
            ));
        }
        *slot = Some((num, voff));
    }
    let whole = |v: Option<(f64, usize)>, name: &str| -> Result<(usize, usize), AscError> {
        match v {
            Some((x, off)) if x >= 1.0 && x.fract() == 0.0 && x <= MAX_SIDE as f64 => {
                Ok((x as usize, off))
            }
            Some((x, off)) => Err(error_at(
                text,
                off,
                format!("`{name}` must be a whole number from 1 to {MAX_SIDE}, found {x}"),
            )),
            None => Err(error_at(text, 0, format!("header has no `{name}`"))),
        }
    };
    let (ncols, cols_at) = whole(ncols, "ncols")?;
    let (nrows, _) = whole(nrows, "nrows")?;
    if let Some((w, h)) = expect
        && (ncols, nrows) != (w, h)
    {
        let mut e = error_at(
            text,
            cols_at,
            format!("grid is {ncols} × {nrows}, the scenario's grid is {w} × {h}"),
        );
        e.hint = Some("all layers share the scenario's grid (map.grid width × height)".into());
        return Err(e);
    }
    let want = ncols * nrows;
    if want > MAX_CELLS {
        return Err(error_at(
            text,
            cols_at,
            format!(
                "the header declares {ncols} × {nrows} = {want} cells, more than the {MAX_CELLS} a layer may have"
            ),
        ));
    }
    let (cellsize, cell_at) =
        cell.ok_or_else(|| error_at(text, 0, "header has no `cellsize`".into()))?;
    if !(cellsize > 0.0 && cellsize.is_finite()) {
        return Err(error_at(
            text,
            cell_at,
            format!("`cellsize` must be positive, found {cellsize}"),
        ));
    }
    let mut xll = xll.map_or(0.0, |v| v.0);
    let mut yll = yll.map_or(0.0, |v| v.0);
    if centre.0 {
        xll -= cellsize / 2.0;
    }
    if centre.1 {
        yll -= cellsize / 2.0;
    }
    let mut values = Vec::with_capacity(want.min(text.len() / 2 + 1));
    for (w, off) in words {
        let v: f64 = w
            .parse()
            .map_err(|_| error_at(text, off, format!("`{w}` is not a number")))?;
        if values.len() == want {
            return Err(error_at(
                text,
                off,
                format!("more values than ncols × nrows = {want}"),
            ));
        }
        values.push(v);
    }
    if values.len() < want {
        return Err(at_end(format!(
            "found {} values, expected ncols × nrows = {ncols} × {nrows} = {want}",
            values.len()
        )));
    }
    Ok(AscGrid {
        ncols,
        nrows,
        xll,
        yll,
        cellsize,
        nodata: nodata.map(|v| v.0),
        values,
    })
}

/// Byte span of the `index`-th value (0-based, after the header) in the text of
/// a grid that parsed, for pointing at one cell.
pub fn value_span(text: &str, index: usize) -> Option<(usize, usize)> {
    let mut words = Words { text, pos: 0 }.peekable();
    while words.peek().is_some_and(|(w, _)| w.parse::<f64>().is_err()) {
        words.next();
        words.next();
    }
    words.nth(index).map(|(w, off)| (off, off + w.len()))
}

/// Write a grid as ESRI ASCII text.
pub fn write(grid: &AscGrid) -> String {
    let mut s = format!(
        "ncols {}\nnrows {}\nxllcorner {}\nyllcorner {}\ncellsize {}\n",
        grid.ncols, grid.nrows, grid.xll, grid.yll, grid.cellsize
    );
    if let Some(nd) = grid.nodata {
        s.push_str(&format!("NODATA_value {nd}\n"));
    }
    for row in grid.values.chunks(grid.ncols.max(1)) {
        let line: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        s.push_str(&line.join(" "));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let text = "ncols 3\nnrows 2\nxllcorner 100\nyllcorner 200\ncellsize 10\nNODATA_value -9999\n1 2 3\n4 5 6\n";
        let g = parse(text).unwrap();
        assert_eq!((g.ncols, g.nrows, g.cellsize), (3, 2, 10.0));
        assert_eq!(g.values, vec![1., 2., 3., 4., 5., 6.]);
        assert_eq!(parse(&write(&g)).unwrap(), g);

        let bad = "ncols 3\nnrows 2\ncellsize 10\n1 2 3\n4 x 6\n";
        let e = parse(bad).unwrap_err();
        assert_eq!((e.line, e.col), (5, 3));
        assert_eq!(value_span(bad, 4), Some((36, 37)));
        let short = "ncols 3\nnrows 2\ncellsize 10\n1 2 3\n";
        assert!(parse(short).unwrap_err().message.contains("expected ncols"));
        let e = parse("ncols 3\nnrows 2\ncelsize 10\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
    }
}
