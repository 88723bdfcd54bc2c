//! Text for the terminal. Names and messages come from files and from the network
//! (a scenario's inject text, an orders file's message, a round's team name, a web
//! seat's note); a control character among them would reach the terminal as a
//! command — ESC sequences set the window title, clear the screen or recolour
//! what follows — or, like the U+000B of Word's manual line break, glue two words.
//! Everything drillsim prints on standard output goes through [`Terminal`] (or the
//! [`outln!`](crate::outln) and [`out!`](crate::out) macros built on it; warnings on
//! standard error through [`errln!`](crate::errln)), which turns
//! every control character but line feed and tab (C0, DEL and C1, as
//! [`char::is_control`]) into a space. Diagnostics on standard error are filtered
//! where they are rendered (`scenario::diag`).

use std::io::Write;

/// Whether `c` may reach the terminal as it is.
fn allowed(c: char) -> bool {
    !c.is_control() || c == '\n' || c == '\t'
}

/// `s` with every control character but line feed and tab replaced by a space.
/// Borrowed when nothing changes.
pub fn terminal_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(allowed) {
        std::borrow::Cow::Borrowed(s)
    } else {
        s.chars()
            .map(|c| if allowed(c) { c } else { ' ' })
            .collect::<String>()
            .into()
    }
}

/// A writer that passes UTF-8 text to `W` with control characters made spaces, as
/// [`terminal_text`], however the text is cut into writes (a C1 control, two bytes
/// in UTF-8, may be cut between two writes).
pub struct Terminal<W: Write> {
    inner: W,
    /// The last write ended on 0xC2, the first byte of a C1 control or of another
    /// character of U+0080–U+00BF.
    pending_c2: bool,
}

impl<W: Write> Terminal<W> {
    /// Filter what is written to `inner`.
    pub fn new(inner: W) -> Self {
        Terminal {
            inner,
            pending_c2: false,
        }
    }
}

impl<W: Write> Write for Terminal<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 1);
        for &b in buf {
            if std::mem::take(&mut self.pending_c2) {
                if (0x80..=0x9F).contains(&b) {
                    // U+0080–U+009F (C1): one space for the two bytes
                    out.push(b' ');
                    continue;
                }
                out.push(0xC2);
            }
            match b {
                0xC2 => self.pending_c2 = true,
                b'\n' | b'\t' => out.push(b),
                0x00..=0x1F | 0x7F => out.push(b' '),
                _ => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if std::mem::take(&mut self.pending_c2) {
            self.inner.write_all(&[0xC2])?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Terminal<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Write `text`, and `end` after it, to `w` through [`Terminal`]. A closed pipe
/// (`drillsim … | head`) is not an error: the rest is dropped.
fn print(w: impl Write, text: &str, end: &[u8]) {
    let mut t = Terminal::new(w);
    let _ = t.write_all(text.as_bytes()).and_then(|_| t.write_all(end));
}

/// Write `text` and a line feed to standard output through [`Terminal`].
pub fn print_line(text: &str) {
    print(std::io::stdout().lock(), text, b"\n");
}

/// Write `text` and a line feed to standard error through [`Terminal`].
pub fn print_err_line(text: &str) {
    print(std::io::stderr().lock(), text, b"\n");
}

/// Write `text` to standard output through [`Terminal`] (no line feed added).
pub fn print_text(text: &str) {
    print(std::io::stdout().lock(), text, b"");
}

/// `println!` for drillsim's standard output: formats, then prints through
/// [`Terminal`](crate::output::terminal::Terminal) (control characters become spaces;
/// a closed pipe is not a panic).
#[macro_export]
macro_rules! outln {
    () => {
        $crate::output::terminal::print_line("")
    };
    ($($arg:tt)*) => {
        $crate::output::terminal::print_line(&format!($($arg)*))
    };
}

/// `eprintln!` for drillsim's warnings and messages on standard error, through
/// [`Terminal`](crate::output::terminal::Terminal) as [`outln!`](crate::outln).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::terminal::print_err_line(&format!($($arg)*))
    };
}

/// `print!` for drillsim's standard output, as [`outln!`](crate::outln) without the
/// line feed.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::terminal::print_text(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_spaces_however_the_text_is_cut() {
        let text = "Mini \u{1b}]0;TITLE\u{7}flood\u{b}East\u{9b}2J 东湾 é\tx\n";
        let want = "Mini  ]0;TITLE flood East 2J 东湾 é\tx\n";
        assert_eq!(terminal_text(text), want);
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            let mut sink = Vec::new();
            {
                let mut t = Terminal::new(&mut sink);
                t.write_all(&bytes[..cut]).unwrap();
                t.write_all(&bytes[cut..]).unwrap();
            }
            assert_eq!(String::from_utf8(sink).unwrap(), want, "cut at {cut}");
        }
        assert!(matches!(
            terminal_text("plain 文本\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
