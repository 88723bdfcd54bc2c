//! Text made safe for the formats drillsim writes.
//!
//! - XML 1.0 (CAP messages, SVG charts) allows only tab, line feed, carriage return
//!   and the characters from U+0020 on, less U+FFFE and U+FFFF (XML 1.0 § 2.2,
//!   production `Char`). Scenario text may hold others: a place name copied from Word
//!   carries U+000B for a manual line break. [`xml_text`] turns every control
//!   character into a space and drops the two non-characters, so the message stays
//!   well-formed and the words stay apart. HTML pages use the same filter (HTML
//!   treats those control characters as parse errors).
//! - CSV files start with the UTF-8 byte-order mark ([`UTF8_BOM`]): without it Excel
//!   on Chinese Windows reads a UTF-8 file as GBK and shows Chinese names garbled.
//!   Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//!   `@`, tab or carriage return, OWASP "CSV injection") are written with a leading
//!   apostrophe by [`csv_cell`] when they are text, never when they are numbers.

use std::borrow::Cow;

/// The UTF-8 byte-order mark written at the start of every CSV file.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether XML 1.0 allows `c` in text and attribute values.
pub fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` with the characters XML 1.0 forbids replaced: control characters become a
/// space, U+FFFE and U+FFFF are dropped. Borrowed when nothing changes.
pub fn xml_text(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_char_ok) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| {
                if xml_char_ok(c) {
                    Some(c)
                } else if c.is_control() {
                    Some(' ')
                } else {
                    None
                }
            })
            .collect(),
    )
}

/// A CSV text cell as a spreadsheet should show it: forbidden control characters
/// as in [`xml_text`], and a leading apostrophe before a text that a spreadsheet
/// would run as a formula. A cell that parses as a number is left alone.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let clean = xml_text(s);
    let risky = clean
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && clean.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_spaces_and_the_rest_is_kept() {
        assert_eq!(xml_text("Low\u{b}village"), "Low village");
        assert_eq!(xml_text("a\u{0}b\u{1f}c\u{7}"), "a b c ");
        assert_eq!(xml_text("tab\tnew\nline\r"), "tab\tnew\nline\r");
        assert_eq!(xml_text("x\u{fffe}y\u{ffff}"), "xy");
        assert_eq!(xml_text("低洼村 🌊"), "低洼村 🌊");
        assert!(matches!(xml_text("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn formulas_are_defused_numbers_are_not() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-3.5"), "-3.5");
        assert_eq!(csv_cell("+1e3"), "+1e3");
        assert_eq!(csv_cell("河边村"), "河边村");
    }
}
