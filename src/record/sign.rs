//! Signed recordings: an official session keeps an HMAC-SHA256 over every byte it
//! writes (the magic line and every frame) and closes the file with a signature frame
//! holding the MAC. Anyone holding the round's key can check that not one byte before
//! the signature was changed, removed or added; without the key a recording can be
//! neither forged nor re-signed after an edit.
//!
//! Keys are files: 64 (or more) hex digits, or at least [`MIN_KEY_BYTES`] raw bytes.
//! The key id written beside the MAC is a hash of the key, so a judge can tell "signed
//! with another key" from "edited after signing" without revealing the key.

use std::path::Path;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Shortest key accepted, bytes.
pub const MIN_KEY_BYTES: usize = 16;
/// Largest key file read, bytes (a generated key file is 65); the same cap by which
/// [`crate::output`] recognises a key file it must never overwrite.
pub const MAX_KEY_FILE_BYTES: u64 = crate::output::KEY_MAX_FILE_BYTES;
/// Length of a generated key, bytes.
pub const NEW_KEY_BYTES: usize = 32;
/// The MAC algorithm named in signature frames.
pub const ALGORITHM: &str = "HMAC-SHA256";

type HmacSha256 = Hmac<Sha256>;

/// A round's signing key.
#[derive(Clone)]
pub struct Key {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key(id {})", self.id())
    }
}

impl Key {
    /// A key from raw bytes (at least [`MIN_KEY_BYTES`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Key, String> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(format!(
                "the key is {} bytes; a round key needs at least {MIN_KEY_BYTES} (make one with `drillsim compete ROUND --new-key FILE`)",
                bytes.len()
            ));
        }
        Ok(Key {
            bytes: bytes.to_vec(),
        })
    }

    /// Read a key file: hex digits (whitespace ignored) or raw bytes; a regular file
    /// of at most [`MAX_KEY_FILE_BYTES`] (read through the bounded reader: `/dev/zero`
    /// or a FIFO is refused at once).
    pub fn load(path: &Path) -> Result<Key, String> {
        let bytes = crate::source::read_bytes(path, MAX_KEY_FILE_BYTES)
            .map_err(|e| format!("cannot read key file {}: {e}", path.display()))?;
        Self::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Key file contents: hex text if it is all hex digits, raw bytes otherwise (a
    /// passphrase). Text is read as an editor may have saved it — after a UTF-8
    /// byte-order mark, or as UTF-16 with or without its mark — so a hex key saved by
    /// Notepad is the same key.
    pub fn parse(bytes: &[u8]) -> Result<Key, String> {
        let utf16 = |le: bool, b: &[u8]| -> Vec<u8> {
            let units: Vec<u16> = b
                .chunks_exact(2)
                .map(|p| {
                    if le {
                        u16::from_le_bytes([p[0], p[1]])
                    } else {
                        u16::from_be_bytes([p[0], p[1]])
                    }
                })
                .collect();
            String::from_utf16_lossy(&units).into_bytes()
        };
        let decoded: Vec<u8> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            rest.to_vec()
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            utf16(true, rest)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            utf16(false, rest)
        } else if crate::source::looks_utf16(bytes) {
            utf16(bytes.first() != Some(&0), bytes)
        } else {
            bytes.to_vec()
        };
        // the hex digits of text that is nothing else (whitespace aside)
        let hex_digits = |b: &[u8]| -> Option<Vec<u8>> {
            let t: Vec<u8> = b
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            (!t.is_empty() && t.iter().all(u8::is_ascii_hexdigit)).then_some(t)
        };
        // only a decoding that gives a hex key is taken: any other file is the raw
        // bytes it always was (a binary key may begin with the bytes of a mark)
        if let Some(text) = hex_digits(&decoded).or_else(|| hex_digits(bytes)) {
            if !text.len().is_multiple_of(2) {
                return Err(format!(
                    "the key is written in hex but has an odd number of digits ({})",
                    text.len()
                ));
            }
            let raw: Vec<u8> = text
                .chunks(2)
                .map(|p| {
                    let s = std::str::from_utf8(p).unwrap_or("00");
                    u8::from_str_radix(s, 16).unwrap_or(0)
                })
                .collect();
            return Key::from_bytes(&raw);
        }
        Key::from_bytes(bytes)
    }

    /// A new random key (from the operating system's generator via `rand`).
    pub fn generate() -> Key {
        use rand::RngCore;
        let mut bytes = vec![0u8; NEW_KEY_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Key { bytes }
    }

    /// The key as hex, for writing a key file.
    pub fn to_hex(&self) -> String {
        crate::scenario::hex(&self.bytes)
    }

    /// A short public identifier: the first 16 hex digits of SHA-256 over a label and
    /// the key.
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"drillsim key id\0");
        h.update(&self.bytes);
        crate::scenario::hex(&h.finalize())[..16].to_string()
    }

    /// A fresh MAC state keyed with this key.
    pub fn signer(&self) -> Signer {
        Signer {
            mac: HmacSha256::new_from_slice(&self.bytes).expect("HMAC takes any key length"),
            key_id: self.id(),
        }
    }

    /// MAC over `bytes` (hex).
    pub fn mac_hex(&self, bytes: &[u8]) -> String {
        let mut s = self.signer();
        s.update(bytes);
        s.finish().mac
    }
}

/// A running HMAC over the bytes of a recording as they are written.
#[derive(Clone)]
pub struct Signer {
    mac: HmacSha256,
    key_id: String,
}

impl Signer {
    /// Add written bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.mac.update(bytes);
    }

    /// The signature over everything added so far (the state is kept, so a writer can
    /// go on).
    pub fn finish(&self) -> Signature {
        Signature {
            algorithm: ALGORITHM.into(),
            key_id: self.key_id.clone(),
            mac: crate::scenario::hex(&self.mac.clone().finalize().into_bytes()),
        }
    }
}

/// The payload of a signature frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    /// MAC algorithm, [`ALGORITHM`].
    pub algorithm: String,
    /// Id of the key that signed ([`Key::id`]).
    pub key_id: String,
    /// MAC over every byte of the file before the signature frame, hex.
    pub mac: String,
}

/// Why a signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// No signature frame.
    Unsigned,
    /// Another algorithm than [`ALGORITHM`].
    Algorithm(String),
    /// Signed with another key: (found id, expected id).
    OtherKey(String, String),
    /// Right key, wrong MAC: the bytes were changed after signing.
    Mismatch,
    /// Frames follow the signature.
    TrailingFrames(usize),
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::Unsigned => f.write_str(
                "unsigned: the recording was not produced by an official session of this round",
            ),
            SignatureError::Algorithm(a) => {
                write!(f, "signed with {a}; only {ALGORITHM} is accepted")
            }
            SignatureError::OtherKey(found, want) => write!(
                f,
                "wrong signature: signed with another key (key id {found}, this round's key is {want})"
            ),
            SignatureError::Mismatch => f.write_str(
                "wrong signature: the MAC does not match the content — the file was edited after it was signed",
            ),
            SignatureError::TrailingFrames(n) => write!(
                f,
                "{n} frame(s) follow the signature: something was appended after the session closed"
            ),
        }
    }
}

/// Check a recording's signature against `key`: `bytes` is the whole file, `at` the
/// byte offset of the signature frame and `sig` its payload.
pub fn check(
    key: &Key,
    bytes: &[u8],
    signature: Option<&(u64, Signature)>,
    frames_after: usize,
) -> Result<(), SignatureError> {
    let Some((at, sig)) = signature else {
        return Err(SignatureError::Unsigned);
    };
    if sig.algorithm != ALGORITHM {
        return Err(SignatureError::Algorithm(sig.algorithm.clone()));
    }
    if sig.key_id != key.id() {
        return Err(SignatureError::OtherKey(sig.key_id.clone(), key.id()));
    }
    let signed = bytes.get(..*at as usize).ok_or(SignatureError::Mismatch)?;
    let mut mac = HmacSha256::new_from_slice(&key.bytes).expect("HMAC takes any key length");
    mac.update(signed);
    let want = parse_hex(&sig.mac).ok_or(SignatureError::Mismatch)?;
    // constant-time comparison
    mac.verify_slice(&want)
        .map_err(|_| SignatureError::Mismatch)?;
    if frames_after > 0 {
        return Err(SignatureError::TrailingFrames(frames_after));
    }
    Ok(())
}

fn parse_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_as_hex_or_raw_and_ids_differ() {
        let k = Key::parse(b"00112233445566778899aabbccddeeff\n").unwrap();
        assert_eq!(k.bytes.len(), 16);
        let raw = Key::parse(b"a long raw passphrase, not hex!").unwrap();
        assert_eq!(raw.bytes.len(), 31);
        assert_ne!(k.id(), raw.id());
        assert!(Key::parse(b"abc").unwrap_err().contains("odd number"));
        assert!(Key::parse(b"short").unwrap_err().contains("at least 16"));
        let g = Key::generate();
        assert_eq!(Key::parse(g.to_hex().as_bytes()).unwrap().id(), g.id());
        // the same hex key saved with a UTF-8 byte-order mark, or as UTF-16 with or
        // without its mark, is the same key (it was read as a raw passphrase)
        let hex = format!("{}\r\n", g.to_hex());
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(hex.as_bytes());
        let le: Vec<u8> = hex.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = hex.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend(&le);
        for saved in [bom, le, be, le_bom] {
            assert_eq!(Key::parse(&saved).unwrap().id(), g.id());
        }
    }

    #[test]
    fn a_changed_byte_breaks_the_mac() {
        let k = Key::generate();
        let body = b"DRILLSIM-REC\nsome frames".to_vec();
        let sig = Signature {
            algorithm: ALGORITHM.into(),
            key_id: k.id(),
            mac: k.mac_hex(&body),
        };
        let mut file = body.clone();
        file.extend_from_slice(b"signature frame");
        let at = (body.len() as u64, sig.clone());
        assert_eq!(check(&k, &file, Some(&at), 0), Ok(()));
        file[14] ^= 1;
        assert_eq!(
            check(&k, &file, Some(&at), 0),
            Err(SignatureError::Mismatch)
        );
        let other = Key::generate();
        assert!(matches!(
            check(&other, &file, Some(&at), 0),
            Err(SignatureError::OtherKey(..))
        ));
        assert_eq!(check(&k, &file, None, 0), Err(SignatureError::Unsigned));
    }
}
