//! The stored values of a workbook sheet, checked cell by cell before `calamine`
//! reads them: what `calamine` would read as another cell's text or refuse without
//! naming the cell is refused here at its cell (`MSEL!H3`).
//!
//! `calamine` 0.38 reads a shared-string cell (`t="s"`) whose index is not a whole
//! number (`<v>abc</v>`, `<v>-1</v>`) as shared string 0 — the first header's text
//! — and refuses an index past the table, a number that is not one (`t="n"`), a
//! truth value that is not one (`t="b"`) or an unknown cell type with a message that
//! names no cell. This module reads the sheet's XML once (linear in its size) and
//! refuses each of these at its cell, as well as an error value (`t="e"`, `#N/A`).
//!
//! The sheet's part is found as `calamine` finds it (`xl/workbook.xml` names the
//! sheet's relationship, `xl/_rels/workbook.xml.rels` its part); a workbook whose
//! parts cannot be followed, or whose XML is not well formed, is left to `calamine`,
//! which refuses it.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::table::{MAX_UNZIPPED, TableError, Where, a1};

/// Check every stored value of sheet `sheet` of the workbook `bytes` (whose zip
/// directory [`super::table`] has checked); the first value that cannot be read is
/// the error, at its cell.
pub fn check(bytes: &[u8], sheet: &str) -> Result<(), TableError> {
    let Ok(mut z) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let f = z.by_name(name).ok()?;
        let mut v = Vec::new();
        f.take(MAX_UNZIPPED).read_to_end(&mut v).ok()?;
        Some(v)
    };
    let Some(path) = sheet_part(&mut part, sheet) else {
        return Ok(());
    };
    let Some(xml) = part(&path) else {
        return Ok(());
    };
    let strings = part("xl/sharedStrings.xml").map_or(0, |x| count_strings(&x));
    check_sheet(&xml, sheet, strings)
}

/// Check the shared-string table's declared sizes before `calamine` opens the
/// workbook: it reserves memory for `uniqueCount` strings at once (a 1.6 KB file
/// declaring four billion aborted the process). Each string takes at least
/// five bytes of the part (`<si/>`), so a count above its size over that
/// is a damaged file.
pub fn check_shared_strings(bytes: &[u8]) -> Result<(), TableError> {
    let Ok(mut z) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(f) = z.by_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let mut xml = Vec::new();
    if f.take(MAX_UNZIPPED).read_to_end(&mut xml).is_err() {
        return Ok(());
    }
    check_sst(&xml)
}

/// [`check_shared_strings`] on the part's XML.
fn check_sst(xml: &[u8]) -> Result<(), TableError> {
    let most = xml.len() as u64 / MIN_SI_BYTES;
    let declared = find_element(xml, |e| {
        (e.local_name().as_ref() == b"sst").then(|| {
            [b"count".as_slice(), b"uniqueCount".as_slice()]
                .iter()
                .filter_map(|k| attr(e, k))
                .map(|v| (v.clone(), v.trim().parse::<u64>().ok()))
                .collect::<Vec<_>>()
        })
    })
    .unwrap_or_default();
    for (text, n) in declared {
        if n.is_none_or(|n| n > most) {
            let shown: String = text.chars().take(24).collect();
            return Err(TableError::file(format!(
                "the shared-string table declares `{shown}` strings in {} bytes: the file is damaged; \
                 open it in Excel or WPS and save it again",
                xml.len()
            )));
        }
    }
    Ok(())
}

/// The fewest bytes one shared string takes in `xl/sharedStrings.xml` (`<si/>`).
const MIN_SI_BYTES: u64 = 5;

/// An attribute's value by its local name (`r:id` is `id`).
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.decode_and_unescape_value(e.decoder()).ok())
        .map(|v| v.into_owned())
}

/// Every start (or empty) element of `xml`, in order, to `f`; stops at the end, at
/// malformed XML, or when `f` answers `Some`.
fn find_element<T>(xml: &[u8], mut f: impl FnMut(&BytesStart<'_>) -> Option<T>) -> Option<T> {
    let mut r = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                if let Some(v) = f(&e) {
                    return Some(v);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The zip path of sheet `sheet`'s XML.
fn sheet_part(part: &mut impl FnMut(&str) -> Option<Vec<u8>>, sheet: &str) -> Option<String> {
    let wb = part("xl/workbook.xml")?;
    let rid = find_element(&wb, |e| {
        (e.local_name().as_ref() == b"sheet" && attr(e, b"name").as_deref() == Some(sheet))
            .then(|| attr(e, b"id"))
            .flatten()
    })?;
    let rels = part("xl/_rels/workbook.xml.rels")?;
    let target = find_element(&rels, |e| {
        (e.local_name().as_ref() == b"Relationship"
            && attr(e, b"Id").as_deref() == Some(rid.as_str()))
        .then(|| attr(e, b"Target"))
        .flatten()
    })?;
    Some(match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    })
}

/// Strings in a shared-strings part (its `<si>` elements).
fn count_strings(xml: &[u8]) -> usize {
    let mut n = 0;
    find_element(xml, |e| {
        if e.local_name().as_ref() == b"si" {
            n += 1;
        }
        None::<()>
    });
    n
}

/// 0-based (row, column) of an A1 reference.
fn parse_a1(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col = 0u32;
    for b in r[..letters].bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let row: u32 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// Excel's last row and column (`XFD1048576`).
const LAST_ROW: u32 = 1_048_576;
const LAST_COL: u32 = 16_384;

/// Why a cell's (`cell`) or row's reference `r` as written cannot be one, if it
/// cannot: beyond Excel's last row or column, or not a reference (calamine computes
/// such a row in 32 bits and overflows).
fn bad_ref(r: &str, cell: bool) -> Option<String> {
    let shown: String = r.chars().take(24).collect();
    let ok = if cell {
        parse_a1(r).is_some_and(|(row, col)| row < LAST_ROW && col < LAST_COL)
    } else {
        r.len() <= 7 && r.parse::<u32>().is_ok_and(|n| (1..=LAST_ROW).contains(&n))
    };
    (!ok).then(|| {
        format!(
            "{} reference `{shown}` is not within Excel's sheet (A1 to XFD1048576): the file is damaged; \
             open it in Excel or WPS and save it again",
            if cell { "cell" } else { "row" }
        )
    })
}

/// Why a stored value of type `t` cannot be read, if it cannot.
fn bad_value(t: Option<&str>, v: &str, strings: usize) -> Option<String> {
    match t {
        Some("s") if v.is_empty() => None,
        Some("s") => match v.parse::<usize>() {
            Ok(i) if v.bytes().all(|b| b.is_ascii_digit()) && i < strings => None,
            Ok(i) if v.bytes().all(|b| b.is_ascii_digit()) => Some(format!(
                "shared string {i} does not exist (the workbook has {strings}): the file is damaged; \
                 open it in Excel or WPS and save it again"
            )),
            _ => Some(format!(
                "shared-string index `{v}` is not a whole number: the file is damaged; \
                 open it in Excel or WPS and save it again"
            )),
        },
        Some("n") if !v.is_empty() && v.trim().parse::<f64>().is_err() => Some(format!(
            "`{v}` is stored as a number but is not one: the file is damaged"
        )),
        Some("b") => {
            let b = v.trim();
            let ok = b.is_empty()
                || b == "0"
                || b == "1"
                || b.eq_ignore_ascii_case("true")
                || b.eq_ignore_ascii_case("false");
            (!ok).then(|| format!("`{v}` is stored as TRUE/FALSE but is neither"))
        }
        Some("e") => Some(format!("the cell holds an error ({v})")),
        None | Some("n" | "str" | "inlineStr" | "is" | "d") => None,
        Some(other) => Some(format!("unknown cell type `{other}`: the file is damaged")),
    }
}

/// Check the stored values of a sheet's XML; cells are named as `calamine` places
/// them (the cell's `r`, else the row's `r` and the count of cells before it).
fn check_sheet(xml: &[u8], sheet: &str, strings: usize) -> Result<(), TableError> {
    let mut r = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut row, mut col) = (0u32, 0u32);
    // the open cell: its name and type; and the text of its open `<v>`
    let mut cell: Option<(String, Option<String>)> = None;
    let mut value: Option<String> = None;
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if matches!(e.local_name().as_ref(), b"row" | b"c")
                    && let Some(m) = attr(&e, b"r")
                        .and_then(|v| bad_ref(&v, e.local_name().as_ref() == b"c")) =>
            {
                let here = a1(row, col);
                return Err(TableError::at(
                    &Where::Cell {
                        sheet: sheet.to_string(),
                        cell: here,
                    },
                    m,
                ));
            }
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"row" => {
                    if let Some(n) = attr(&e, b"r").and_then(|v| v.parse::<u32>().ok()) {
                        row = n.saturating_sub(1);
                    }
                    col = 0;
                }
                b"c" => {
                    let (cr, cc) = attr(&e, b"r")
                        .and_then(|a| parse_a1(&a))
                        .unwrap_or((row, col));
                    col = cc + 1;
                    cell = Some((a1(cr, cc), attr(&e, b"t")));
                }
                b"v" if cell.is_some() => value = Some(String::new()),
                _ => {}
            },
            Ok(Event::Empty(e)) if e.local_name().as_ref() == b"c" => {
                let cc = attr(&e, b"r")
                    .and_then(|a| parse_a1(&a))
                    .map_or(col, |p| p.1);
                col = cc + 1;
            }
            Ok(Event::Text(t)) => {
                if let Some(v) = value.as_mut() {
                    v.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"v" => {
                    if let (Some(v), Some((name, t))) = (value.take(), cell.as_ref())
                        && let Some(m) = bad_value(t.as_deref(), &v, strings)
                    {
                        return Err(TableError::at(
                            &Where::Cell {
                                sheet: sheet.to_string(),
                                cell: name.clone(),
                            },
                            m,
                        ));
                    }
                }
                b"c" => cell = None,
                b"row" => {
                    row += 1;
                    col = 0;
                }
                b"sheetData" => return Ok(()),
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = r#"<?xml version="1.0"?><worksheet><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
<row r="3"><c t="n"><v>2.5</v></c><c t="b"><v>1</v></c><c r="H3" t="s"><v>X</v></c></row>
</sheetData></worksheet>"#;

    fn sheet_with(v: &str) -> String {
        SHEET.replace("<v>X</v>", &format!("<v>{v}</v>"))
    }

    #[test]
    fn a_bad_shared_string_index_is_refused_at_its_cell() {
        assert_eq!(check_sheet(sheet_with("1").as_bytes(), "MSEL", 2), Ok(()));
        for bad in ["abc", "-1", " 1", "1.0", "2", "999999999"] {
            let e = check_sheet(sheet_with(bad).as_bytes(), "MSEL", 2).unwrap_err();
            assert_eq!(e.at.unwrap().to_string(), "MSEL!H3", "{bad}");
            assert!(e.message.contains("damaged"), "{bad}: {}", e.message);
        }
    }

    /// A shared-string table declaring more strings than its bytes can hold is
    /// refused before `calamine` reserves memory for them.
    #[test]
    fn a_shared_string_count_beyond_the_part_is_refused() {
        let sst = |n: &str| {
            format!(
                "<?xml version=\"1.0\"?><sst count=\"{n}\" uniqueCount=\"2\"><si><t>a</t></si><si><t>b</t></si></sst>"
            )
        };
        assert_eq!(check_sst(sst("2").as_bytes()), Ok(()));
        for bad in [
            "4000000000",
            "18446744073709551615",
            "99999999999999999999",
            "x",
        ] {
            let e = check_sst(sst(bad).as_bytes()).unwrap_err();
            assert!(
                e.message.contains("the file is damaged"),
                "{bad}: {}",
                e.message
            );
        }
    }

    /// A reference beyond Excel's sheet (calamine computes its row in 32 bits and
    /// panicked on `ZZZZZZ99999999999` in a debug build) is refused where it stands.
    #[test]
    fn references_beyond_the_sheet_are_refused() {
        let ok = sheet_with("0");
        assert_eq!(check_sheet(ok.as_bytes(), "MSEL", 2), Ok(()));
        for (from, to) in [
            ("r=\"H3\"", "r=\"ZZZZZZ99999999999\""),
            ("r=\"H3\"", "r=\"XFE3\""),
            ("r=\"H3\"", "r=\"H1048577\""),
            ("r=\"H3\"", "r=\"H\""),
            ("<row r=\"3\">", "<row r=\"99999999999\">"),
        ] {
            let x = ok.replace(from, to);
            assert_ne!(x, ok, "{to}");
            let e = check_sheet(x.as_bytes(), "MSEL", 2).unwrap_err();
            assert!(
                e.message.contains("not within Excel's sheet"),
                "{to}: {}",
                e.message
            );
        }
        let last = ok.replace("r=\"H3\"", "r=\"XFD1048576\"");
        assert_eq!(check_sheet(last.as_bytes(), "MSEL", 2), Ok(()));
    }

    #[test]
    fn cells_without_a_reference_are_counted_along_their_row() {
        let x = SHEET
            .replace("<c t=\"b\"><v>1</v>", "<c t=\"b\"><v>maybe</v>")
            .replace("<v>X</v>", "<v>0</v>");
        let e = check_sheet(x.as_bytes(), "S", 2).unwrap_err();
        assert_eq!(e.at.unwrap().to_string(), "S!B3");
        let x = SHEET
            .replace("<v>2.5</v>", "<v>2,5</v>")
            .replace("<v>X</v>", "<v>0</v>");
        let e = check_sheet(x.as_bytes(), "S", 2).unwrap_err();
        assert_eq!(e.at.unwrap().to_string(), "S!A3");
        let x = SHEET.replace(
            "<c r=\"H3\" t=\"s\"><v>X</v>",
            "<c r=\"H3\" t=\"e\"><v>#N/A</v>",
        );
        let e = check_sheet(x.as_bytes(), "S", 2).unwrap_err();
        assert_eq!(e.at.unwrap().to_string(), "S!H3");
        assert!(e.message.contains("#N/A"), "{}", e.message);
        assert_eq!(parse_a1("AB12"), Some((11, 27)));
        assert_eq!(parse_a1("12"), None);
    }
}
