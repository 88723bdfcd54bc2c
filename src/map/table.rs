//! Tables as trainers keep them: a CSV file (UTF-8, with or without a byte-order
//! mark; comma, semicolon or tab between fields) or the first (or a named) sheet of
//! an Excel/WPS workbook (`.xlsx`, read with `calamine`), as rows of cells that know
//! where they are: `file:line:col` for CSV, `file:Sheet!B7` for a workbook.
//!
//! Sizes are checked before memory is reserved: at most [`MAX_ROWS`] rows and
//! [`MAX_COLS`] columns are kept (a cell beyond them is an error, not an allocation);
//! a workbook's zip entries must declare at most [`MAX_UNZIPPED`] bytes each and in
//! all before `calamine` opens it. `.xls` and `.ods` are refused with the way to save
//! as `.xlsx`: `calamine` reserves memory for those files' whole declared sheet extent
//! before a cell can be checked.

use std::collections::BTreeMap;
use std::io::Cursor;

/// Most rows read from a table (header included).
pub const MAX_ROWS: u32 = 100_000;
/// Most columns read from a table.
pub const MAX_COLS: u32 = 64;
/// Largest table file, bytes ([`crate::source::MAX_TABLE_BYTES`], 16 MiB).
pub const MAX_FILE_BYTES: u64 = crate::source::MAX_TABLE_BYTES;
/// Largest uncompressed size of a workbook's zip entries, each and in all, bytes.
pub const MAX_UNZIPPED: u64 = 128 << 20;

/// Where a cell is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Where {
    /// In a text file: 1-based line and column (characters), and the byte offset.
    Text {
        /// Line.
        line: usize,
        /// Column.
        col: usize,
        /// Byte offset in the text.
        offset: usize,
    },
    /// In a workbook: the sheet and the cell (`B7`).
    Cell {
        /// Sheet name.
        sheet: String,
        /// A1-style reference.
        cell: String,
    },
}

impl std::fmt::Display for Where {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Where::Text { line, col, .. } => write!(f, "{line}:{col}"),
            Where::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
        }
    }
}

/// A problem at a place in a table (or its file, when `at` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct TableError {
    /// Where.
    pub at: Option<Where>,
    /// What is wrong.
    pub message: String,
}

impl TableError {
    /// A problem at a cell.
    pub fn at(at: &Where, message: impl Into<String>) -> Self {
        TableError {
            at: Some(at.clone()),
            message: message.into(),
        }
    }
    /// A problem with the whole file.
    pub fn file(message: impl Into<String>) -> Self {
        TableError {
            at: None,
            message: message.into(),
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its text (numbers as written, whole numbers without `.0`).
    pub text: String,
    /// Its number, when it is one.
    pub number: Option<f64>,
    /// An Excel date-time or duration: days since 1899-12-30 (or a duration in days),
    /// and whether it is a duration.
    pub excel_days: Option<(f64, bool)>,
    /// Where it is.
    pub at: Where,
}

/// A table: its sheet name (workbooks) and rows of cells, header row first. Empty
/// rows are left out; rows keep their cells' positions.
#[derive(Debug, Clone)]
pub struct Table {
    /// Sheet read, for workbooks.
    pub sheet: Option<String>,
    /// Rows, each as long as the longest (missing cells empty).
    pub rows: Vec<Vec<Cell>>,
    /// The text of a CSV file (for diagnostics with a snippet).
    pub text: Option<String>,
}

/// A1-style name of a 0-based (row, col): `(6, 1)` → `B7`.
pub fn a1(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push((b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// Read a table file of kind `ext` (`csv`, `txt`, `xlsx`), preferring a sheet named
/// one of `sheets` (first listed first) in a workbook.
pub fn read(ext: &str, bytes: Vec<u8>, sheets: &[&str]) -> Result<Table, TableError> {
    match ext.to_ascii_lowercase().as_str() {
        "csv" | "txt" | "tsv" => match crate::source::text_from_bytes(bytes) {
            Ok(text) => read_csv(text),
            // at the first bad byte, as `file:line:col`
            Err(crate::source::ReadError::NotUtf8 {
                line,
                col,
                offset,
                hint,
                ..
            }) => Err(TableError::at(
                &Where::Text { line, col, offset },
                format!("not UTF-8 text: the first bad byte is here (byte {offset}); {hint}"),
            )),
            Err(e) => Err(TableError::file(e.to_string())),
        },
        // an Excel 97–2003 workbook (OLE compound file) renamed to .xlsx
        "xlsx" | "xlsm" if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => {
            Err(TableError::file(format!(
                "this is an Excel 97–2003 workbook (.xls) named `.{ext}`: .xls workbooks are not read; \
                 save it as an Excel workbook (.xlsx) or as CSV UTF-8 (WPS/Excel: File → Save As)"
            )))
        }
        "xlsx" | "xlsm" => read_xlsx(bytes, sheets),
        "xls" | "ods" | "et" => Err(TableError::file(format!(
            "`.{ext}` workbooks are not read (their whole declared sheet is reserved in memory \
             before it can be checked): save it as an Excel workbook (.xlsx) or as CSV UTF-8 \
             (WPS/Excel: File → Save As)"
        ))),
        other => Err(TableError::file(format!(
            "`.{other}` is not a table: give a .csv (UTF-8) or .xlsx file"
        ))),
    }
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Parse CSV text; the separator is whichever of `,` `;` tab is most frequent in the
/// first line.
pub fn read_csv(text: String) -> Result<Table, TableError> {
    let first = text.lines().next().unwrap_or("");
    let sep = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&c| first.bytes().filter(|&b| b == c).count())
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    // cells are placed in reading order: one pass over the text for all of them
    let mut pos = crate::source::LineCols::new(&text);
    loop {
        let start = rdr.position().byte() as usize;
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let off = e.position().map(|p| p.byte() as usize).unwrap_or(start);
                let (line, col) = pos.at(off);
                return Err(TableError::at(
                    &Where::Text {
                        line,
                        col,
                        offset: off,
                    },
                    format!("not valid CSV: {e}"),
                ));
            }
        }
        if rows.len() as u32 >= MAX_ROWS {
            let (line, col) = pos.at(start);
            return Err(TableError::at(
                &Where::Text {
                    line,
                    col,
                    offset: start,
                },
                format!("more than {MAX_ROWS} rows"),
            ));
        }
        if rec.len() as u32 > MAX_COLS {
            let (line, col) = pos.at(start);
            return Err(TableError::at(
                &Where::Text {
                    line,
                    col,
                    offset: start,
                },
                format!("{} fields, more than the {MAX_COLS} read", rec.len()),
            ));
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // the record's own start (blank lines before it are skipped by the reader)
        let mut start = rec.position().map(|p| p.byte() as usize).unwrap_or(start);
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        let offsets = field_offsets(&text, start, sep, rec.len());
        let row = rec
            .iter()
            .zip(offsets)
            .map(|(f, off)| {
                let (line, col) = pos.at(off);
                let t = f.trim().to_string();
                Cell {
                    number: t
                        .replace(',', "")
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite()),
                    text: t,
                    excel_days: None,
                    at: Where::Text {
                        line,
                        col,
                        offset: off,
                    },
                }
            })
            .collect();
        rows.push(row);
    }
    Ok(pad(Table {
        sheet: None,
        rows,
        text: Some(text),
    }))
}

/// Byte offsets of the first `n` fields of the record starting at `start`.
fn field_offsets(text: &str, start: usize, sep: u8, n: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = vec![start];
    let mut i = start;
    let mut quoted = false;
    while i < b.len() && out.len() < n {
        let c = b[i];
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted && c == sep {
            out.push(i + 1);
        } else if !quoted && (c == b'\n' || c == b'\r') {
            break;
        }
        i += 1;
    }
    while out.len() < n {
        out.push(i);
    }
    out
}

/// Every row as long as the longest, missing cells empty (placed after the last).
fn pad(mut t: Table) -> Table {
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let sheet = t.sheet.clone();
    for (ri, row) in t.rows.iter_mut().enumerate() {
        while row.len() < width {
            let at = match (&sheet, row.last().map(|c| c.at.clone())) {
                (Some(s), _) => Where::Cell {
                    sheet: s.clone(),
                    cell: a1(ri as u32, row.len() as u32),
                },
                (None, Some(a)) => a,
                (None, None) => Where::Text {
                    line: 1,
                    col: 1,
                    offset: 0,
                },
            };
            row.push(Cell {
                text: String::new(),
                number: None,
                excel_days: None,
                at,
            });
        }
    }
    t
}

/// Check a workbook's zip directory: declared sizes within [`MAX_UNZIPPED`].
fn check_zip(bytes: &[u8]) -> Result<(), TableError> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| TableError::file(format!("not an .xlsx workbook (zip): {e}")))?;
    let mut total = 0u64;
    for i in 0..z.len() {
        let f = z
            .by_index_raw(i)
            .map_err(|e| TableError::file(format!("damaged workbook: {e}")))?;
        total = total.saturating_add(f.size());
        if f.size() > MAX_UNZIPPED || total > MAX_UNZIPPED {
            return Err(TableError::file(format!(
                "the workbook unpacks to more than {} (part `{}`): not read",
                crate::source::human_bytes(MAX_UNZIPPED),
                f.name().map(|n| n.into_owned()).unwrap_or_default()
            )));
        }
    }
    Ok(())
}

fn read_xlsx(bytes: Vec<u8>, sheets: &[&str]) -> Result<Table, TableError> {
    use calamine::{DataRef, Reader, Xlsx};
    check_zip(&bytes)?;
    super::xlsx_values::check_shared_strings(&bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.as_slice()))
        .map_err(|e| TableError::file(format!("not an .xlsx workbook: {e}")))?;
    let names = wb.sheet_names();
    let sheet = sheets
        .iter()
        .find_map(|want| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
        .or(names.first())
        .cloned()
        .ok_or_else(|| TableError::file("the workbook has no sheet"))?;
    // values calamine would misread (a bad shared-string index as string 0) or
    // refuse without naming the cell: refused at the cell
    super::xlsx_values::check(&bytes, &sheet)?;
    let mut cells: BTreeMap<(u32, u32), Cell> = BTreeMap::new();
    let mut last: Option<String> = None;
    let mut reader = wb
        .worksheet_cells_reader(&sheet)
        .map_err(|e| TableError::file(format!("cannot read sheet `{sheet}`: {e}")))?;
    loop {
        let c = match reader.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                let after = last
                    .as_ref()
                    .map(|l| format!(" (after cell {l})"))
                    .unwrap_or_default();
                return Err(TableError::file(format!("sheet `{sheet}`: {e}{after}")));
            }
        };
        let (r, col) = c.get_position();
        last = Some(a1(r, col));
        let at = Where::Cell {
            sheet: sheet.clone(),
            cell: a1(r, col),
        };
        let (text, number, excel_days) = match c.get_value() {
            DataRef::Empty => continue,
            DataRef::Int(i) => (i.to_string(), Some(*i as f64), None),
            DataRef::Float(x) => (number_text(*x), Some(*x), None),
            DataRef::String(s) => (s.trim().to_string(), s.trim().parse().ok(), None),
            DataRef::SharedString(s) => (s.trim().to_string(), s.trim().parse().ok(), None),
            DataRef::Bool(b) => (b.to_string(), None, None),
            DataRef::DateTime(d) => (
                number_text(d.as_f64()),
                None,
                Some((d.as_f64(), d.is_duration())),
            ),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s.clone(), None, None),
            DataRef::Error(e) => {
                return Err(TableError::at(
                    &at,
                    format!("the cell holds an error ({e})"),
                ));
            }
        };
        if text.is_empty() {
            continue;
        }
        if r >= MAX_ROWS || col >= MAX_COLS {
            return Err(TableError::at(
                &at,
                format!("a cell beyond the {MAX_ROWS} rows × {MAX_COLS} columns read"),
            ));
        }
        cells.insert(
            (r, col),
            Cell {
                text,
                number: number.filter(|x: &f64| x.is_finite()),
                excel_days,
                at,
            },
        );
    }
    let max_col = cells.keys().map(|k| k.1).max().unwrap_or(0);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut cur_row = None;
    for ((r, c), cell) in cells {
        if cur_row != Some(r) {
            rows.push(Vec::new());
            cur_row = Some(r);
        }
        let row = rows.last_mut().expect("pushed");
        while (row.len() as u32) < c {
            row.push(Cell {
                text: String::new(),
                number: None,
                excel_days: None,
                at: Where::Cell {
                    sheet: sheet.clone(),
                    cell: a1(r, row.len() as u32),
                },
            });
        }
        row.push(cell);
    }
    for (ri, row) in rows.iter_mut().enumerate() {
        let r = match row.first().map(|c| &c.at) {
            Some(Where::Cell { cell, .. }) => cell
                .trim_start_matches(|ch: char| ch.is_ascii_alphabetic())
                .parse::<u32>()
                .map(|n| n - 1)
                .unwrap_or(ri as u32),
            _ => ri as u32,
        };
        while (row.len() as u32) <= max_col {
            row.push(Cell {
                text: String::new(),
                number: None,
                excel_days: None,
                at: Where::Cell {
                    sheet: sheet.clone(),
                    cell: a1(r, row.len() as u32),
                },
            });
        }
    }
    Ok(Table {
        sheet: Some(sheet),
        rows,
        text: None,
    })
}

/// Values in columns after the header's last named one: each data row's first such
/// cell, as an error at it. A `,` or `;` inside a CSV text that is not in double
/// quotes splits the text into more cells than the header has columns; those cells
/// would otherwise be dropped unread, or the text cut silently.
pub fn beyond_header(t: &Table) -> Vec<TableError> {
    let Some(header) = t.rows.first() else {
        return Vec::new();
    };
    let width = header
        .iter()
        .rposition(|c| !c.text.is_empty())
        .map_or(0, |i| i + 1);
    t.rows
        .iter()
        .skip(1)
        .filter_map(|row| row.iter().skip(width).find(|c| !c.text.is_empty()))
        .map(|c| {
            TableError::at(
                &c.at,
                format!(
                    "`{}` is after the last column of the header (the header names {width}): \
                     the row has more cells than the header; in a CSV file, put a text that \
                     holds the separator (`,` `;` or tab) in double quotes",
                    c.text.chars().take(40).collect::<String>()
                ),
            )
        })
        .collect()
}

/// A name or id read from a table, a GeoJSON property or an MSEL cell, as the
/// scenario keeps it: every run of blanks and control characters (tab, line breaks,
/// Word's manual line break U+000B, ESC, NUL, …) becomes one space, and the ends are
/// trimmed — `"Low village\u{b}East hamlet"` is `"Low village East hamlet"`. The
/// same rule for a place's id, its name, its road node and every reference to them
/// (an MSEL's recipients, a generated scenario's `covers`), so that a name typed
/// into a spreadsheet cell is the name every other file can write.
pub fn name_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    }
    out
}

/// A header as compared: lower case, without spaces, `_`, `-`, `#`, `.` and anything
/// in brackets (`人口（人）` → `人口`, `Population (people)` → `population`).
pub fn normalise_header(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for ch in h.chars() {
        match ch {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || "_-#.:：/".contains(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Column of each wanted field: `fields` lists each field's accepted headers (already
/// normalised). Returns the column index per field (`None` when absent).
pub fn find_columns(header: &[Cell], fields: &[&[&str]]) -> Vec<Option<usize>> {
    let norm: Vec<String> = header.iter().map(|c| normalise_header(&c.text)).collect();
    fields
        .iter()
        .map(|names| norm.iter().position(|h| names.contains(&h.as_str())))
        .collect()
}

/// A header cell naming a field that an earlier cell already names (`population`
/// twice, or `population` and `人口`): an error at each such cell, since which
/// column counts would be a guess. `fields` as in [`find_columns`].
pub fn duplicate_columns(header: &[Cell], fields: &[&[&str]]) -> Vec<TableError> {
    let mut out = Vec::new();
    for names in fields {
        let mut first: Option<&Cell> = None;
        for c in header {
            if !names.contains(&normalise_header(&c.text).as_str()) {
                continue;
            }
            match first {
                None => first = Some(c),
                Some(f) => out.push(TableError::at(
                    &c.at,
                    format!(
                        "column `{}` is a second `{}` column (the first, `{}`, is at {}): remove or rename one",
                        c.text, names[0], f.text, f.at
                    ),
                )),
            }
        }
    }
    out.sort_by_key(|e| match &e.at {
        Some(Where::Text { offset, .. }) => *offset,
        _ => 0,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_know_their_line_and_column() {
        let t = read(
            "csv",
            "\u{feff}名称,人口,\"note, with comma\",x\n下村,120,\"a\",1\n\n上村;x,80,b,2\n"
                .as_bytes()
                .to_vec(),
            &[],
        )
        .unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1][1].number, Some(120.0));
        assert_eq!(t.rows[1][1].at.to_string(), "2:4");
        assert_eq!(t.rows[2][0].text, "上村;x");
        assert_eq!(t.rows[2][3].at.to_string(), "4:11");
        assert_eq!(t.rows[0][3].at.to_string(), "1:26");
    }

    #[test]
    fn workbook_cells_are_named_a1() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Places").unwrap();
        ws.write_string(0, 0, "Name").unwrap();
        ws.write_string(0, 2, "Population").unwrap();
        ws.write_string(3, 0, "Hill").unwrap();
        ws.write_number(3, 2, 250.0).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let t = read("xlsx", bytes, &["msel"]).unwrap();
        assert_eq!(t.sheet.as_deref(), Some("Places"));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][2].at.to_string(), "Places!C4");
        assert_eq!(t.rows[1][2].text, "250");
        assert_eq!(t.rows[1][1].at.to_string(), "Places!B4");
        assert_eq!(a1(0, 27), "AB1");
        assert!(
            read("xls", vec![], &[])
                .unwrap_err()
                .message
                .contains(".xlsx")
        );
        // an .xls saved under an .xlsx name gets the same advice, not a zip error
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.resize(512, 0);
        let e = read("xlsx", ole, &[]).unwrap_err().message;
        assert!(
            e.contains("Excel 97–2003 workbook (.xls)") && e.contains("save it as"),
            "{e}"
        );
    }

    #[test]
    fn placing_every_cell_is_one_pass_over_the_text() {
        // the cells' line and column were once counted from the start of the file
        // for each cell: quadratic in the rows (a 20 000-row MSEL never finished)
        let mut text = String::from("ID,Time,To,Message\n");
        for i in 0..3000 {
            text.push_str(&format!("X{i},00:10:00,hq,\"Rain, heavy\"\n"));
        }
        let len = text.len();
        crate::source::SCANNED.with(|s| s.set(0));
        let t = read_csv(text).unwrap();
        let scanned = crate::source::SCANNED.with(|s| s.get());
        assert!(
            scanned <= len,
            "{scanned} bytes stepped over for a {len}-byte table"
        );
        assert_eq!(t.rows.len(), 3001);
        assert_eq!(t.rows[3000][3].at.to_string(), "3001:19");
        assert_eq!(t.rows[3000][3].text, "Rain, heavy");
    }

    #[test]
    fn a_bad_byte_is_refused_at_its_line_and_column() {
        let e = read("csv", b"name,kind\n\xB4\xE5,x\n".to_vec(), &[]).unwrap_err();
        assert_eq!(e.at.map(|w| w.to_string()).as_deref(), Some("2:1"));
        assert!(e.message.starts_with("not UTF-8 text"), "{}", e.message);
        assert!(
            !e.message.contains("2:1"),
            "the place is not in the wording"
        );
    }

    #[test]
    fn cells_after_the_header_are_refused_at_the_first() {
        let t = read(
            "csv",
            "ID;To;Message\nI01;hq;Rain; heavy; now\nI02;hq;Dry\n"
                .as_bytes()
                .to_vec(),
            &[],
        )
        .unwrap();
        let e = beyond_header(&t);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].at.as_ref().unwrap().to_string(), "2:13");
        assert!(e[0].message.contains("` heavy`") || e[0].message.contains("`heavy`"));
    }

    /// A workbook's bytes with the stored value of `cell` of its first sheet replaced.
    fn with_value(book: &[u8], cell: &str, value: &str) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut z = zip::ZipArchive::new(Cursor::new(book)).unwrap();
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let s = String::from_utf8(data).unwrap();
                let at = s.find(&format!("r=\"{cell}\"")).unwrap();
                let v = at + s[at..].find("<v>").unwrap() + 3;
                let end = v + s[v..].find("</v>").unwrap();
                data = format!("{}{value}{}", &s[..v], &s[end..]).into_bytes();
            }
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(&data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_shared_string_that_cannot_be_read_is_refused_at_its_cell() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("MSEL").unwrap();
        for (c, h) in ["No.", "ID", "Message"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 1.0).unwrap();
        ws.write_string(1, 1, "I01").unwrap();
        ws.write_string(1, 2, "Rain").unwrap();
        let book = wb.save_to_buffer().unwrap();
        let t = read("xlsx", with_value(&book, "C2", "4"), &["msel"]).unwrap();
        assert_eq!(t.rows[1][2].text, "Rain", "the copy reads as the original");
        // not a number, negative: once read as string 0 (`No.`); too large: once
        // refused without a cell
        for bad in ["abc", "-1", "999999999"] {
            let e = read("xlsx", with_value(&book, "C2", bad), &["msel"]).unwrap_err();
            assert_eq!(
                e.at.map(|w| w.to_string()).as_deref(),
                Some("MSEL!C2"),
                "{bad}: {}",
                e.message
            );
        }
    }

    #[test]
    fn names_lose_their_control_characters() {
        assert_eq!(
            name_text("Low village\u{b}East hamlet"),
            "Low village East hamlet"
        );
        assert_eq!(name_text("Low\tvillage"), "Low village");
        assert_eq!(name_text("Low\u{1b}[31mvillage"), "Low [31mvillage");
        assert_eq!(name_text("Low\u{0}village"), "Low village");
        assert_eq!(name_text(" \t Low \r\n\u{b} village\u{0} "), "Low village");
        assert_eq!(name_text("下河村\u{3000}Xiahe"), "下河村 Xiahe");
        assert_eq!(name_text("\u{0}\t"), "");
        assert_eq!(name_text("plain name"), "plain name");
    }

    #[test]
    fn a_column_named_twice_is_refused_at_the_second() {
        let t = read_csv(
            "name,population,kind,Population (people),人口\nA,1,Village,2,3\n".to_string(),
        )
        .unwrap();
        let e = duplicate_columns(&t.rows[0], &[&["name"], &["population", "人口"]]);
        let at: Vec<String> = e
            .iter()
            .map(|e| e.at.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(at, vec!["1:22", "1:42"], "{e:?}");
        assert!(
            e[0].message
                .contains("`Population (people)` is a second `population` column (the first, `population`, is at 1:6)"),
            "{}",
            e[0].message
        );
        assert!(duplicate_columns(&t.rows[0], &[&["name"], &["kind"]]).is_empty());
    }

    #[test]
    fn headers_compare_loosely() {
        assert_eq!(normalise_header("人口（人）"), "人口");
        assert_eq!(normalise_header(" Population (people) "), "population");
        assert_eq!(normalise_header("Expected_Action"), "expectedaction");
    }
}
