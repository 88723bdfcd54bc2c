//! Compressed payloads inside a recording, and their bounds: the layer files a
//! scenario read (format 2, frame kind 8) and the state snapshots (kind 4).
//!
//! Deflate can inflate a few bytes into gigabytes, so nothing here inflates without
//! knowing how large the result may be first: a file frame states its length, which
//! must be at most [`MAX_EMBEDDED_FILE_BYTES`] and at most [`DEFLATE_MAX_RATIO`]
//! times its compressed length; the inflated bytes must then have exactly that length
//! and the SHA-256 the frame states. A snapshot inflates to at most the size of the
//! state it is compared with (see `replay`).
//!
//! File frame payload: `u16 name length (LE) · name (UTF-8) · u64 length (LE) ·
//! 32 bytes SHA-256 · deflate stream`.

use std::io::{Read, Write};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::scenario::SourceFile;

/// The largest ratio of inflated to deflated size deflate can reach (1032:1: a
/// 258-byte match costs at least 2 bits; zlib's technical notes, "Maximum
/// compression factor"). A stated length beyond it cannot be honest.
pub const DEFLATE_MAX_RATIO: u64 = 1032;

/// Largest embedded file, bytes, inflated (the largest file a scenario may name:
/// [`crate::source::MAX_SCENARIO_FILE_BYTES`], 256 MiB; validation refuses larger
/// ones, so every scenario that validates can be recorded whole).
pub const MAX_EMBEDDED_FILE_BYTES: u64 = crate::source::MAX_SCENARIO_FILE_BYTES;

/// Largest sum of every embedded file of one recording, bytes, inflated
/// ([`crate::source::MAX_SCENARIO_FILES_TOTAL_BYTES`], 512 MiB; validation refuses a
/// scenario whose files take more).
pub const MAX_EMBEDDED_TOTAL_BYTES: u64 = crate::source::MAX_SCENARIO_FILES_TOTAL_BYTES;

/// Largest file frame's payload, bytes: a name of [`MAX_NAME_BYTES`], the 42 bytes
/// of name length, file length and SHA-256, and the deflate stream of a file of
/// [`MAX_EMBEDDED_FILE_BYTES`] at its worst (incompressible bytes go into stored
/// blocks of at most 65 535 bytes with 5 bytes of header each; RFC 1951 §3.2.4),
/// with 1 KiB to spare. Larger than [`super::MAX_FRAME`], which bounds every other
/// frame: a layer of random-looking `f32` elevations does not shrink much.
pub const MAX_FILE_FRAME: u64 = MAX_NAME_BYTES as u64
    + 42
    + MAX_EMBEDDED_FILE_BYTES
    + MAX_EMBEDDED_FILE_BYTES.div_ceil(65_535) * 5
    + 1024;

/// Longest embedded file name, bytes.
pub const MAX_NAME_BYTES: usize = 4096;

/// Deflate `bytes` (zlib level 6: layers are text and shrink about tenfold).
pub fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(bytes)
        .and_then(|_| z.finish())
        .map_err(|e| format!("cannot compress: {e}"))
}

/// Inflate `data`, refusing more than `max` bytes of output (nothing beyond `max + 1`
/// bytes is ever produced).
pub fn inflate_at_most(data: &[u8], max: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("the compressed data is damaged: {e}"))?;
    if out.len() as u64 > max {
        return Err(format!("inflates to more than {max} bytes"));
    }
    Ok(out)
}

/// Whether a stated inflated length is possible for `compressed` bytes of deflate.
pub fn plausible(stated: u64, compressed: usize) -> bool {
    stated <= (compressed as u64 + 16).saturating_mul(DEFLATE_MAX_RATIO)
}

/// Encode a file frame's payload: the file is compressed straight into the payload
/// (one compressed copy beside the file, never more), which is at most
/// [`MAX_FILE_FRAME`] bytes for a file of at most [`MAX_EMBEDDED_FILE_BYTES`].
///
/// Errors: a name over [`MAX_NAME_BYTES`]; a file over [`MAX_EMBEDDED_FILE_BYTES`]
/// (validation refuses such a scenario first).
pub fn encode_file(f: &SourceFile) -> Result<Vec<u8>, String> {
    let name = f.name.as_bytes();
    if name.len() > MAX_NAME_BYTES {
        return Err(format!("file name `{}` is too long to embed", f.name));
    }
    if f.bytes.len() as u64 > MAX_EMBEDDED_FILE_BYTES {
        return Err(format!(
            "`{}` is {} bytes, more than the {MAX_EMBEDDED_FILE_BYTES} a recording embeds",
            f.name,
            f.bytes.len()
        ));
    }
    let mut p = Vec::with_capacity(f.bytes.len() / 4 + name.len() + 42);
    p.extend_from_slice(&(name.len() as u16).to_le_bytes());
    p.extend_from_slice(name);
    p.extend_from_slice(&(f.bytes.len() as u64).to_le_bytes());
    p.extend_from_slice(&Sha256::digest(f.bytes.as_slice()));
    let mut z = flate2::write::DeflateEncoder::new(p, flate2::Compression::default());
    z.write_all(&f.bytes)
        .and_then(|_| z.finish())
        .map_err(|e| format!("cannot compress `{}`: {e}", f.name))
}

/// Decode a file frame's payload; `budget` is what the recording's files may still
/// take, bytes (reduced by this file's length on success).
pub fn decode_file(p: &[u8], budget: &mut u64) -> Result<SourceFile, String> {
    let short = || "the embedded file's frame is too short".to_string();
    let n = u16::from_le_bytes(
        p.get(..2)
            .ok_or_else(short)?
            .try_into()
            .map_err(|_| short())?,
    ) as usize;
    if n > MAX_NAME_BYTES {
        return Err(format!("an embedded file name of {n} bytes"));
    }
    let name = std::str::from_utf8(p.get(2..2 + n).ok_or_else(short)?)
        .map_err(|_| "an embedded file name is not UTF-8".to_string())?
        .to_string();
    let rest = p.get(2 + n..).ok_or_else(short)?;
    if rest.len() < 40 {
        return Err(short());
    }
    let len = u64::from_le_bytes(rest[..8].try_into().map_err(|_| short())?);
    let want: [u8; 32] = rest[8..40].try_into().map_err(|_| short())?;
    let data = &rest[40..];
    if len > MAX_EMBEDDED_FILE_BYTES {
        return Err(format!(
            "embedded file `{name}` claims {len} bytes, more than the {MAX_EMBEDDED_FILE_BYTES} a layer file may have"
        ));
    }
    if len > *budget {
        return Err(format!(
            "embedded file `{name}` claims {len} bytes, beyond the {MAX_EMBEDDED_TOTAL_BYTES} all embedded files may take together"
        ));
    }
    if !plausible(len, data.len()) {
        return Err(format!(
            "embedded file `{name}` claims {len} bytes from {} compressed bytes, more than deflate can give",
            data.len()
        ));
    }
    let bytes = inflate_at_most(data, len).map_err(|e| format!("embedded file `{name}`: {e}"))?;
    if bytes.len() as u64 != len {
        return Err(format!(
            "embedded file `{name}` inflates to {} bytes, not the {len} stated",
            bytes.len()
        ));
    }
    if Sha256::digest(&bytes)[..] != want[..] {
        return Err(format!("embedded file `{name}` does not match its SHA-256"));
    }
    *budget -= len;
    Ok(SourceFile::new(name, Arc::new(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip_and_lies_about_sizes_are_refused() {
        let f = SourceFile::new("dem.asc", Arc::new(b"ncols 2\n1 2\n".repeat(100)));
        let p = encode_file(&f).unwrap();
        let mut budget = MAX_EMBEDDED_TOTAL_BYTES;
        assert_eq!(decode_file(&p, &mut budget).unwrap(), f);
        assert_eq!(budget, MAX_EMBEDDED_TOTAL_BYTES - f.bytes.len() as u64);
        // a stated length beyond what deflate can give
        let mut lie = p.clone();
        let at = 2 + "dem.asc".len();
        lie[at..at + 8].copy_from_slice(&(200u64 << 20).to_le_bytes());
        let e = decode_file(&lie, &mut budget).unwrap_err();
        assert!(e.contains("more than deflate can give"), "{e}");
        // a stated length shorter than the data: stops there
        lie[at..at + 8].copy_from_slice(&10u64.to_le_bytes());
        assert!(decode_file(&lie, &mut budget).is_err());
        // a bomb: 64 MiB of zeros in a few kB is refused at the stated length
        let zeros = deflate(&vec![0u8; 64 << 20]).unwrap();
        assert!(zeros.len() < 100_000);
        assert!(inflate_at_most(&zeros, 1 << 20).is_err());
        assert!(decode_file(&p[..5], &mut budget).is_err());
    }
}
