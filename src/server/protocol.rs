//! The messages between a browser and the server: JSON text frames over one
//! WebSocket per client, tagged by `t`.
//!
//! Client → server: first `join` with the code, then `order` (a seat),
//! `ack` (a seat; an `Acknowledge` order), `control` (the facilitator: run, pause,
//! speed, step), `fac` (a facilitator input: inject, links, wind, seat mode, reserve
//! unit), `msel` (deliver an MSEL row now), `reissue` (a new code for a seat) and
//! `ping`. Server → client: `hello` (once: role, exercise, static map, the order
//! pickers), `view` (the seat's view or the console, whenever it changes), `hazard`
//! (the hazard image as reported to the client, when it changes), `answer` (to each
//! numbered request: accepted with the second it applies at, or refused and why),
//! `error` (then the connection closes) and `pong`. What a player reads in `answer`
//! and `error` comes in English and Chinese (`text` / `text_zh`, `error` /
//! `error_zh`); the client shows the one of its language.

use serde::{Deserialize, Serialize};

use crate::order::Order;
use crate::scenario::refusal::Refusal;

/// A message from a client.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// The first message: the join code from the link.
    Join {
        /// 32 hex digits.
        code: String,
    },
    /// An order from a seat.
    Order {
        /// Request number, echoed in the answer.
        id: u64,
        /// The order.
        order: Order,
    },
    /// Acknowledge an inbox item (an inject id, `warning`, `evacuate` or `all`).
    Ack {
        /// Request number.
        id: u64,
        /// What.
        item: String,
    },
    /// The facilitator's clock.
    Control {
        /// Request number.
        id: u64,
        /// Run (true) or pause (false).
        #[serde(default)]
        run: Option<bool>,
        /// Speed, ×1 to ×60 (an official session: at most the round's pace).
        #[serde(default)]
        speed: Option<f64>,
        /// Run one tick now (paused clock).
        #[serde(default)]
        step: bool,
    },
    /// A facilitator input (message/inject, links, wind, seat mode, reserve unit).
    Fac {
        /// Request number.
        id: u64,
        /// The input.
        order: Order,
    },
    /// Deliver an MSEL row now, to its recipient, with its text.
    Msel {
        /// Request number.
        id: u64,
        /// Inject id.
        inject: String,
    },
    /// Revoke a seat's code and issue a new one (a lost slip).
    Reissue {
        /// Request number.
        id: u64,
        /// Seat id.
        seat: String,
    },
    /// Keep-alive.
    Ping,
}

/// The answer to a numbered request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// `answer`.
    pub t: &'static str,
    /// The request number.
    pub id: u64,
    /// Accepted.
    pub ok: bool,
    /// Second at which an accepted input applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_s: Option<u64>,
    /// Why it was refused, or what was done, in English.
    pub text: String,
    /// The same in Chinese: a client reading Chinese shows this one.
    pub text_zh: String,
    /// A new join link (answer to `reissue`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Answer {
    /// Accepted: what was done, in English and Chinese.
    pub fn ok(id: u64, at_s: Option<u64>, done: Refusal) -> Answer {
        Answer {
            t: "answer",
            id,
            ok: true,
            at_s,
            text: done.en,
            text_zh: done.zh,
            code: None,
        }
    }

    /// Refused, and why (in English and Chinese).
    pub fn refused(id: u64, why: Refusal) -> Answer {
        Answer {
            t: "answer",
            id,
            ok: false,
            at_s: None,
            text: why.en,
            text_zh: why.zh,
            code: None,
        }
    }

    /// As a JSON text frame.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

/// A text in English and Chinese (`en`, `zh`).
pub fn both(en: impl Into<String>, zh: impl Into<String>) -> Refusal {
    Refusal::new(en, zh)
}

/// An error frame (the connection closes after it): `error` in English, `error_zh`
/// in Chinese.
pub fn error_json(why: &Refusal) -> String {
    serde_json::json!({"t": "error", "error": why.en, "error_zh": why.zh}).to_string()
}

/// Parse a client frame.
///
/// Errors: not JSON, not one of the messages, or a field of the wrong type — the
/// message says which (serde's words, with the column).
pub fn parse(text: &str) -> Result<ClientMsg, String> {
    serde_json::from_str(text).map_err(|e| format!("bad message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_parse_and_junk_is_refused() {
        assert_eq!(
            parse(r#"{"t":"join","code":"ab"}"#).unwrap(),
            ClientMsg::Join { code: "ab".into() }
        );
        let o = parse(r#"{"t":"order","id":3,"order":{"Recall":{"unit":"E1"}}}"#).unwrap();
        assert_eq!(
            o,
            ClientMsg::Order {
                id: 3,
                order: Order::Recall { unit: "E1".into() }
            }
        );
        assert!(parse(r#"{"t":"control","id":1,"speed":60}"#).is_ok());
        assert!(parse("{").is_err());
        assert!(parse(r#"{"t":"launch"}"#).is_err());
        assert!(parse(r#"{"t":"join","code":"ab","x":1}"#).is_err());
        assert!(parse(r#"{"t":"order","id":-1,"order":{}}"#).is_err());
        assert!(parse(&"[".repeat(10_000)).is_err());
    }
}
