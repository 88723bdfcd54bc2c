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

/// A parse error at a line and column of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct AscError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Byte offset.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Parse the text of an ASCII grid.
pub fn parse(text: &str) -> Result<AscGrid, AscError> {
    // tokens with positions
    let mut toks = Vec::new();
    for (li, line) in text.lines().enumerate() {
        let base = line.as_ptr() as usize - text.as_ptr() as usize;
        let mut col = 0usize;
        for word in line.split(|c: char| c.is_whitespace()) {
            if !word.is_empty() {
                let off = base + col;
                toks.push((word, li + 1, line[..col].chars().count() + 1, off));
            }
            col += word.len() + 1;
        }
    }
    let eof = |msg: &str| AscError {
        line: text.lines().count().max(1),
        col: 1,
        offset: text.len(),
        message: msg.to_string(),
    };
    let mut i = 0;
    let (mut ncols, mut nrows, mut xll, mut yll, mut cell, mut nodata) =
        (None, None, None, None, None, None);
    let mut centre = (false, false);
    while i < toks.len() {
        let (w, line, col, off) = toks[i];
        if w.parse::<f64>().is_ok() {
            break;
        }
        let key = w.to_ascii_lowercase();
        let (v, vl, vc, vo) = *toks
            .get(i + 1)
            .ok_or_else(|| eof("header key without a value"))?;
        let num: f64 = v.parse().map_err(|_| AscError {
            line: vl,
            col: vc,
            offset: vo,
            message: format!("`{v}` is not a number (value of `{w}`)"),
        })?;
        match key.as_str() {
            "ncols" => ncols = Some(num),
            "nrows" => nrows = Some(num),
            "xllcorner" => xll = Some(num),
            "yllcorner" => yll = Some(num),
            "xllcenter" => {
                xll = Some(num);
                centre.0 = true
            }
            "yllcenter" => {
                yll = Some(num);
                centre.1 = true
            }
            "cellsize" => cell = Some(num),
            "nodata_value" => nodata = Some(num),
            _ => {
                return Err(AscError {
                    line,
                    col,
                    offset: off,
                    message: format!(
                        "unknown header key `{w}` (expected ncols, nrows, xllcorner, yllcorner, cellsize, NODATA_value)"
                    ),
                });
            }
        }
        i += 2;
    }
    let whole = |v: Option<f64>, name: &str| -> Result<usize, AscError> {
        match v {
            Some(x) if x >= 1.0 && x.fract() == 0.0 && x <= 100_000.0 => Ok(x as usize),
            Some(x) => Err(AscError {
                line: 1,
                col: 1,
                offset: 0,
                message: format!("`{name}` must be a whole number from 1 to 100000, found {x}"),
            }),
            None => Err(AscError {
                line: 1,
                col: 1,
                offset: 0,
                message: format!("header has no `{name}`"),
            }),
        }
    };
    let ncols = whole(ncols, "ncols")?;
    let nrows = whole(nrows, "nrows")?;
    let cellsize = cell.ok_or_else(|| AscError {
        line: 1,
        col: 1,
        offset: 0,
        message: "header has no `cellsize`".into(),
    })?;
    if !(cellsize > 0.0 && cellsize.is_finite()) {
        return Err(AscError {
            line: 1,
            col: 1,
            offset: 0,
            message: format!("`cellsize` must be positive, found {cellsize}"),
        });
    }
    let mut xll = xll.unwrap_or(0.0);
    let mut yll = yll.unwrap_or(0.0);
    if centre.0 {
        xll -= cellsize / 2.0;
    }
    if centre.1 {
        yll -= cellsize / 2.0;
    }
    let want = ncols * nrows;
    let mut values = Vec::with_capacity(want);
    for &(w, line, col, off) in &toks[i..] {
        let v: f64 = w.parse().map_err(|_| AscError {
            line,
            col,
            offset: off,
            message: format!("`{w}` is not a number"),
        })?;
        if values.len() == want {
            return Err(AscError {
                line,
                col,
                offset: off,
                message: format!("more values than ncols × nrows = {want}"),
            });
        }
        values.push(v);
    }
    if values.len() < want {
        return Err(eof(&format!(
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
        nodata,
        values,
    })
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
        let short = "ncols 3\nnrows 2\ncellsize 10\n1 2 3\n";
        assert!(parse(short).unwrap_err().message.contains("expected ncols"));
        let e = parse("ncols 3\nnrows 2\ncelsize 10\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
    }
}
