//! Source text as people give it: positions in a file as `line:col` and back.
//!
//! Lines and columns are 1-based; columns count characters (so a column after
//! Chinese text is the same whichever tool shows it). Used by every parser that
//! reports a position: the scenario language, `.asc` and GeoJSON layers, orders
//! files, rounds and recordings.

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut line = 1;
    let mut col = 1;
    for (i, ch) in text.char_indices() {
        if i >= offset {
            break;
        }
        if ch == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Byte offset of a 1-based line and column.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut l = 1;
    let mut c = 1;
    for (i, ch) in text.char_indices() {
        if l == line && c == col {
            return i;
        }
        if ch == '\n' {
            if l == line {
                return i;
            }
            l += 1;
            c = 1;
        } else {
            c += 1;
        }
    }
    text.len()
}
