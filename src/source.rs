//! Source files as people give them: one bounded reader for every file drillsim
//! reads ([`read_bytes`], [`read_text`]: regular files only, sizes checked before
//! memory is reserved, a UTF-8 byte-order mark removed, other encodings named at
//! their first bad byte), line ends normalised for hashing, and positions in a file
//! as `line:col` and back.
//!
//! Lines and columns are 1-based; columns count characters (so a column after
//! Chinese text is the same whichever tool shows it). Used by every parser that
//! reports a position: the scenario language, `.asc` and GeoJSON layers, orders
//! files, rounds and recordings.

/// 1-based line and column (in characters) of a byte offset; an offset past the
/// end counts as the end. Linear in the offset: to place many offsets of one text,
/// use [`line_cols`] or a [`LineCols`] cursor, never this in a loop.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineCols::new(text).at(offset)
}

/// [`line_col`] of many byte offsets in one pass over the text (so locating every
/// diagnostic of a file is linear in its length, not in length × diagnostics).
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let mut cur = LineCols::new(text);
    for i in order {
        out[i] = cur.at(offsets[i]);
    }
    out
}

/// A cursor that answers [`line_col`] for byte offsets asked in increasing order,
/// each answer continuing from the last: placing every cell of a table, or every
/// feature of a file, in reading order is one pass over the text (linear in its
/// length, whatever the number of offsets). An offset before the last one asked
/// starts again from the beginning of the text.
pub struct LineCols<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    scanned: usize,
}

impl<'a> LineCols<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        LineCols {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
            col: 1,
            scanned: 0,
        }
    }

    /// 1-based line and column (characters) of byte `offset` (past the end: the end).
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        let target = offset.min(self.text.len());
        if target < self.pos {
            (self.pos, self.line, self.col) = (0, 1, 1);
        }
        let from = self.pos;
        while self.pos < target {
            match self.text[self.pos] {
                b'\n' => {
                    self.line += 1;
                    self.col = 1;
                }
                // a character is counted at its first byte
                c if c & 0xC0 != 0x80 => self.col += 1,
                _ => {}
            }
            self.pos += 1;
        }
        self.scanned += target - from;
        #[cfg(test)]
        SCANNED.with(|s| s.set(s.get() + (target - from)));
        (self.line, self.col)
    }

    /// Bytes stepped over so far, all answers together.
    pub fn scanned(&self) -> usize {
        self.scanned
    }
}

#[cfg(test)]
thread_local! {
    /// Bytes stepped over by every [`LineCols`] of this thread (tests count the
    /// work of a reader with it: placing a table's cells must be one pass).
    pub(crate) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
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

// Input caps: the one table. Every size limit on an input file is defined here and
// nowhere else (the modules that read a kind re-export its cap under their own
// name); [`INPUT_CAPS`] lists them for `docs/input-limits.md`, which a test holds
// to this table. The caps of files a scenario names are at most
// [`MAX_SCENARIO_FILE_BYTES`], the largest file a recording embeds, so that every
// scenario that validates gives a self-contained recording.

/// Largest scenario file, bytes (32 MiB). The bundled scenarios are 10–20 KiB and
/// a scenario of 100 000 injects is about 15 MiB; rasters larger than a few
/// hundred thousand cells belong in `.asc` files, not inline.
pub const MAX_SCENARIO_BYTES: u64 = 32 << 20;
/// Largest file a scenario may name, of any kind, bytes (256 MiB): a recording
/// embeds every file its scenario read, each of at most this many bytes
/// (`record::embed::MAX_EMBEDDED_FILE_BYTES` is this cap). A 4096 × 4096 ESRI ASCII
/// grid written with up to 14 characters a value fits.
pub const MAX_SCENARIO_FILE_BYTES: u64 = 256 << 20;
/// Largest sum of the files one scenario names, bytes (512 MiB: what one recording
/// embeds in all, `record::embed::MAX_EMBEDDED_TOTAL_BYTES`). With the scenario text
/// (32 MiB) and deflate's worst case (stored blocks, 5 bytes per 64 KiB) a recording
/// of such a scenario stays far below the 1 GiB a recording may have.
pub const MAX_SCENARIO_FILES_TOTAL_BYTES: u64 = 512 << 20;
/// Largest GeoTIFF layer, bytes: [`MAX_SCENARIO_FILE_BYTES`], since a recording
/// embeds it. An 8192 × 8192 `f32` DEM uncompressed is just over it (256 MiB of
/// pixels and its tags): write it compressed (`gdal_translate -co
/// COMPRESS=DEFLATE`) or cut it to the exercise's area — the grid has at most
/// 4096 × 4096 cells.
pub const MAX_GEOTIFF_BYTES: u64 = MAX_SCENARIO_FILE_BYTES;
/// Largest OpenStreetMap extract (`.osm.pbf`), bytes: [`MAX_SCENARIO_FILE_BYTES`],
/// since a recording embeds it (a county's extract is 10–100 MiB; cut a province
/// with `osmium extract -b` first).
pub const MAX_OSM_BYTES: u64 = MAX_SCENARIO_FILE_BYTES;
/// Largest place table or MSEL (`.csv`, `.xlsx`, `.geojson`), bytes (16 MiB: a
/// district's places are a few hundred rows).
pub const MAX_TABLE_BYTES: u64 = 16 << 20;
/// Largest orders file, bytes (16 MiB: about 100 000 orders).
pub const MAX_ORDERS_BYTES: u64 = 16 << 20;
/// Largest round file, bytes (1 MiB; real ones are under 4 KiB).
pub const MAX_ROUND_BYTES: u64 = 1 << 20;
/// Largest shard file `batch merge` reads, bytes (512 MiB: a shard of a million seeds
/// of a scenario with six objectives is about 220 MiB of JSON).
pub const MAX_SHARD_BYTES: u64 = 512 << 20;
/// Largest GeoJSON road file, bytes (32 MiB: a county's roads are a few MiB).
pub const MAX_GEOJSON_BYTES: u64 = 32 << 20;
/// Bytes an `.asc` value may take with its separator, on average (`-1234.567890 `
/// is 13; GIS tools that write 17 significant digits need about 25).
pub const ASC_BYTES_PER_CELL: u64 = 32;
/// Room for an `.asc` header, bytes.
pub const ASC_HEADER_BYTES: u64 = 64 << 10;

/// Largest `.asc` file for a grid of `cells` cells: its header and
/// [`ASC_BYTES_PER_CELL`] per cell (512 MiB for the largest grid, 4096 × 4096;
/// validation also holds every layer file to
/// [`MAX_SCENARIO_FILE_BYTES`], 256 MiB).
pub fn max_asc_bytes(cells: u64) -> u64 {
    ASC_HEADER_BYTES.saturating_add(cells.saturating_mul(ASC_BYTES_PER_CELL))
}

/// One row of [`INPUT_CAPS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputCap {
    /// The kind of file, as `docs/input-limits.md` names it.
    pub file: &'static str,
    /// The constant's name in this module.
    pub constant: &'static str,
    /// The cap, bytes.
    pub bytes: u64,
    /// Whether a scenario names files of this kind (so a recording embeds them, and
    /// the cap is at most [`MAX_SCENARIO_FILE_BYTES`]).
    pub embedded: bool,
}

/// Every size cap on an input file, in the order of `docs/input-limits.md`'s table
/// (the `.asc` cap also follows the grid, [`max_asc_bytes`]; orders, rounds and key
/// files are read by commands, never embedded).
pub const INPUT_CAPS: &[InputCap] = &[
    InputCap {
        file: "scenario (`.ron`)",
        constant: "MAX_SCENARIO_BYTES",
        bytes: MAX_SCENARIO_BYTES,
        embedded: false,
    },
    InputCap {
        file: "any file a scenario names",
        constant: "MAX_SCENARIO_FILE_BYTES",
        bytes: MAX_SCENARIO_FILE_BYTES,
        embedded: true,
    },
    InputCap {
        file: "all files a scenario names together",
        constant: "MAX_SCENARIO_FILES_TOTAL_BYTES",
        bytes: MAX_SCENARIO_FILES_TOTAL_BYTES,
        embedded: false,
    },
    InputCap {
        file: "GeoJSON roads",
        constant: "MAX_GEOJSON_BYTES",
        bytes: MAX_GEOJSON_BYTES,
        embedded: true,
    },
    InputCap {
        file: "GeoTIFF layer",
        constant: "MAX_GEOTIFF_BYTES",
        bytes: MAX_GEOTIFF_BYTES,
        embedded: true,
    },
    InputCap {
        file: "OpenStreetMap extract (`.osm.pbf`)",
        constant: "MAX_OSM_BYTES",
        bytes: MAX_OSM_BYTES,
        embedded: true,
    },
    InputCap {
        file: "place table, MSEL",
        constant: "MAX_TABLE_BYTES",
        bytes: MAX_TABLE_BYTES,
        embedded: true,
    },
    InputCap {
        file: "orders file",
        constant: "MAX_ORDERS_BYTES",
        bytes: MAX_ORDERS_BYTES,
        embedded: false,
    },
    InputCap {
        file: "round file",
        constant: "MAX_ROUND_BYTES",
        bytes: MAX_ROUND_BYTES,
        embedded: false,
    },
    InputCap {
        file: "shard file",
        constant: "MAX_SHARD_BYTES",
        bytes: MAX_SHARD_BYTES,
        embedded: false,
    },
];

/// Byte offset of a 1-based line and a 1-based column counted in bytes (as
/// `serde_json` counts), moved back to the start of the character it falls in.
pub fn offset_of_byte_col(text: &str, line: usize, byte_col: usize) -> usize {
    let b = text.as_bytes();
    let mut start = 0;
    for _ in 1..line {
        match b[start..].iter().position(|&c| c == b'\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut off = (start + byte_col.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    off
}

/// A file that could not be read whole, and why. Display gives a sentence for the
/// user, without the path (the caller puts the path first).
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused (not found, no permission, …).
    Io(std::io::Error),
    /// The path names something other than a regular file: a directory, a FIFO, a
    /// device such as `/dev/zero`, a socket. Reading those could block or never end.
    NotAFile(&'static str),
    /// The file is larger than the limit for its kind, bytes.
    TooLarge {
        /// Length of the file, bytes.
        len: u64,
        /// The limit, bytes.
        max: u64,
    },
    /// The bytes are not UTF-8: where the first bad byte is, and what the file
    /// probably is instead.
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (characters) of the first bad byte.
        col: usize,
        /// Byte offset of the first bad byte.
        offset: usize,
        /// What to do about it.
        hint: String,
        /// The bytes (after a byte-order mark), to show the bad byte's line.
        bytes: Vec<u8>,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotAFile(kind) => {
                write!(
                    f,
                    "this is {kind}, not a regular file; give the path of a file"
                )
            }
            // exact bytes when the rounded sizes would read the same
            ReadError::TooLarge { len, max } if human_bytes(*len) == human_bytes(*max) => write!(
                f,
                "the file is {len} bytes long, more than the {max} ({}) allowed for it",
                human_bytes(*max)
            ),
            ReadError::TooLarge { len, max } => write!(
                f,
                "the file is {} long, more than the {} allowed for it",
                human_bytes(*len),
                human_bytes(*max)
            ),
            ReadError::NotUtf8 {
                line,
                col,
                offset,
                hint,
                ..
            } => write!(
                f,
                "not UTF-8 text: the first bad byte is at {line}:{col} (byte {offset}); {hint}"
            ),
        }
    }
}

impl ReadError {
    /// The error as a headline for `path`: `file:line:col: not UTF-8 text …` at the
    /// first bad byte (like every parser's position), else `file: message`.
    pub fn located(&self, path: &std::path::Path) -> String {
        match self {
            ReadError::NotUtf8 {
                line,
                col,
                offset,
                hint,
                ..
            } => format!(
                "{}:{line}:{col}: not UTF-8 text: the first bad byte is here (byte {offset}); {hint}",
                path.display()
            ),
            e => format!("{}: {e}", path.display()),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// A number for a message: as Rust writes it (`12.5`, `-5`, `NaN`) while it is
/// short, in scientific notation (`1e308`, `-1e20`) when its magnitude is 10¹⁵ or
/// more, where the plain form would run to hundreds of digits.
pub fn short_number(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// `1.5 MiB`, `300 B`: a size for messages.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Read a whole file of at most `max` bytes. Only a regular file is read: the
/// path's kind is looked at before it is opened (opening a FIFO would wait for a
/// writer), it is opened without waiting, and its kind and length are checked
/// again on the open handle (so a path swapped in between cannot slip through);
/// never more than `max` bytes are read even if the file grows while being read.
/// Nothing is allocated for a file that is refused.
pub fn read_bytes(path: &std::path::Path, max: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    // Opening a FIFO for reading blocks until a writer comes: look first, and open
    // without blocking in case the path is swapped in between.
    let ft = std::fs::metadata(path)?.file_type();
    if !ft.is_file() {
        return Err(ReadError::NotAFile(file_kind(&ft)));
    }
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
    let file = open.open(path)?;
    let meta = file.metadata()?;
    let ft = meta.file_type();
    if !ft.is_file() {
        return Err(ReadError::NotAFile(file_kind(&ft)));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            len: meta.len(),
            max,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            len: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Read a whole text file of at most `max` bytes ([`read_bytes`]) as UTF-8 text,
/// with a UTF-8 byte-order mark (Windows Notepad's "UTF-8 with BOM") removed. Text
/// in another encoding is refused at the first bad byte with a hint (GBK / GB 18030,
/// as Chinese Windows saves "ANSI" files; UTF-16).
pub fn read_text(path: &std::path::Path, max: u64) -> Result<String, ReadError> {
    text_from_bytes(read_bytes(path, max)?)
}

/// Bytes as UTF-8 text, a leading byte-order mark removed; see [`read_text`].
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, ReadError> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        // UTF-16 without a byte-order mark: ASCII text is then valid UTF-8 with a NUL
        // after (or before) every character, which no reader would make sense of
        Ok(s) if looks_utf16(s.as_bytes()) => {
            let offset = s.find('\0').unwrap_or(0);
            let (line, col) = line_col(&s[..offset], offset);
            Err(ReadError::NotUtf8 {
                line,
                col,
                offset,
                hint: "it looks like UTF-16 without a byte-order mark (\"Unicode\" in Windows editors): save it as UTF-8".into(),
                bytes: s.into_bytes(),
            })
        }
        Ok(s) => Ok(s),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // the valid prefix gives the position in characters
            let prefix = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, col) = line_col(prefix, offset);
            Err(ReadError::NotUtf8 {
                line,
                col,
                offset,
                hint: encoding_hint(&bytes),
                bytes,
            })
        }
    }
}

/// Whether text begins as UTF-16 does when it is mostly ASCII: of its first 64 bytes,
/// at least a third of one parity's are NUL, and almost none of the other's.
pub(crate) fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    if head.len() < 8 {
        return false;
    }
    let nul = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul(0), nul(1));
    let half = head.len() / 2;
    (odd * 3 >= half && even * 8 <= half) || (even * 3 >= half && odd * 8 <= half)
}

/// What non-UTF-8 text probably is.
fn encoding_hint(bytes: &[u8]) -> String {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return "it looks like UTF-16 (\"Unicode\" in Windows editors): save it as UTF-8".into();
    }
    if looks_utf16(bytes) {
        return "it looks like UTF-16 without a byte-order mark (\"Unicode\" in Windows editors): save it as UTF-8".into();
    }
    // GBK / GB 18030: a lead byte 0x81–0xFE followed by a trail byte 0x40–0xFE (not
    // 0x7F); most non-ASCII bytes of a GBK file pair up so
    let (mut pairs, mut high) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 {
            high += 1;
            if (0x81..=0xFE).contains(&b)
                && bytes
                    .get(i + 1)
                    .is_some_and(|&t| (0x40..=0xFE).contains(&t) && t != 0x7F)
            {
                pairs += 1;
                high += 1;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    if pairs > 0 && pairs * 2 >= high * 9 / 10 {
        "it looks like GBK / GB 18030 (what Chinese Windows saves as \"ANSI\"): save it as \
         UTF-8 (in Notepad: Save as → Encoding: UTF-8)"
            .into()
    } else {
        "save it as UTF-8".into()
    }
}

fn file_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Text with Windows (`\r\n`) and old Mac (`\r`) line ends as `\n`, for hashing:
/// the same scenario saved on Windows and on Linux has the same hash.
pub fn normalized_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    /// UTF-16 without a byte-order mark is valid UTF-8 when its text is ASCII (every
    /// other byte NUL): it used to reach the CSV reader and fail as "no `name` column".
    #[test]
    fn utf16_without_a_byte_order_mark_is_refused_with_its_name() {
        let text = "name,kind,population\nUpper village,Village,420\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let e = super::text_from_bytes(bytes).unwrap_err().to_string();
            assert!(e.contains("UTF-16 without a byte-order mark"), "{e}");
        }
        assert!(super::text_from_bytes(text.as_bytes().to_vec()).is_ok());
        // with Chinese text the bytes are not UTF-8 at all: the same hint
        let zh: Vec<u8> = "// 园区氯气泄漏 Park chlorine leak\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = super::text_from_bytes(zh).unwrap_err().to_string();
        assert!(e.contains("UTF-16 without a byte-order mark"), "{e}");
        // a stray NUL in UTF-8 text is left to the reader of that text
        assert!(super::text_from_bytes(b"name,kind\n\0a,b\n".to_vec()).is_ok());
    }

    #[test]
    fn every_file_a_scenario_names_fits_in_a_recording() {
        for cap in super::INPUT_CAPS.iter().filter(|c| c.embedded) {
            assert!(cap.bytes <= super::MAX_SCENARIO_FILE_BYTES, "{cap:?}");
        }
    }

    use super::*;

    #[test]
    fn a_cursor_places_offsets_in_order_in_one_pass() {
        let text: String = (0..2000).map(|i| format!("行{i},b\n")).collect();
        let starts: Vec<usize> = text
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < text.len())
            .collect();
        let mut cur = LineCols::new(&text);
        for (k, &o) in starts.iter().enumerate() {
            assert_eq!(cur.at(o), (k + 2, 1));
            assert_eq!(cur.at(o + 3), (k + 2, 2), "columns count characters");
        }
        // every offset placed, the text stepped over once
        assert!(
            cur.scanned() <= text.len(),
            "{} > {}",
            cur.scanned(),
            text.len()
        );
        // asking backwards starts again, and is still right
        assert_eq!(cur.at(0), (1, 1));
        assert_eq!(cur.at(text.len() + 10), line_col(&text, text.len()));
        assert_eq!(line_cols(&text, &[starts[5], starts[1]]), [(7, 1), (3, 1)]);
    }

    #[test]
    fn a_bad_byte_is_located_like_a_parse_error() {
        let e = text_from_bytes(b"name\nab\xD6\xD0".to_vec()).unwrap_err();
        let h = e.located(std::path::Path::new("gbk.csv"));
        assert!(h.starts_with("gbk.csv:2:3: not UTF-8 text"), "{h}");
    }

    #[test]
    fn huge_numbers_are_written_short() {
        assert_eq!(short_number(12.5), "12.5");
        assert_eq!(short_number(-5.0), "-5");
        assert_eq!(short_number(99999999.0), "99999999");
        assert_eq!(short_number(1e308), "1e308");
        assert_eq!(short_number(-1e20), "-1e20");
        assert_eq!(short_number(f64::NAN), "NaN");
    }

    /// A file holding `bytes` in a fresh temporary directory, removed when the
    /// returned guard drops (a fixed directory per process was left behind by every
    /// test run).
    fn temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        (dir, p)
    }

    #[test]
    fn a_bom_is_removed_and_text_reads_as_written() {
        let (_dir, p) = temp("bom.ron", b"\xEF\xBB\xBF(a: 1)");
        assert_eq!(read_text(&p, 100).unwrap(), "(a: 1)");
    }

    #[test]
    fn gbk_is_named_at_the_first_bad_byte() {
        // "名称" in GBK is C3 FB B3 C6, on line 2 after 3 ASCII characters
        let (_dir, p) = temp("gbk.ron", b"(\n  n: \"\xC3\xFB\xB3\xC6\")");
        let e = read_text(&p, 100).unwrap_err();
        match &e {
            ReadError::NotUtf8 {
                line, col, offset, ..
            } => assert_eq!((*line, *col, *offset), (2, 7, 8)),
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains("GBK"), "{e}");
    }

    #[test]
    fn sizes_are_checked_before_reading() {
        let (_dir, p) = temp("big.asc", &[b'1'; 1000]);
        match read_bytes(&p, 999) {
            Err(ReadError::TooLarge {
                len: 1000,
                max: 999,
            }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(read_bytes(&p, 1000).unwrap().len(), 1000);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_at_once_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.drec");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let t0 = std::time::Instant::now();
        assert!(matches!(
            read_bytes(&fifo, 10),
            Err(ReadError::NotAFile("a FIFO (named pipe)"))
        ));
        assert!(t0.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn devices_and_directories_are_refused() {
        let dir = std::env::temp_dir();
        assert!(matches!(read_bytes(&dir, 10), Err(ReadError::NotAFile(_))));
        #[cfg(unix)]
        assert!(matches!(
            read_bytes(std::path::Path::new("/dev/zero"), 10),
            Err(ReadError::NotAFile("a device"))
        ));
    }

    #[test]
    fn line_ends_normalise_for_hashing() {
        assert_eq!(normalized_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(
            normalized_newlines("a\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
