//! HTTP and WebSocket: the embedded web client at `/`, and one WebSocket per client
//! at `/ws`.
//!
//! Bounds, per connection: a message of at most [`MAX_MESSAGE_BYTES`] (larger ones
//! close the connection), at most [`RATE_PER_S`] messages a second with bursts of
//! [`BURST`] (more are answered "slow down" and dropped; [`MAX_STRIKES`] of those
//! close it), the join within [`JOIN_TIMEOUT`], every send within [`SEND_TIMEOUT`]
//! (a client that stops reading is dropped), at most [`MAX_CLIENTS`] connections per
//! exercise. Nothing a client sends reaches the engine but a parsed, checked
//! message, through a bounded queue; views reach clients through `watch` channels,
//! so no client can hold up the exercise or another client.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

use super::Shared;
use super::codes::Role;
use super::exercise::{Cmd, Handle};
use super::protocol::{Answer, ClientMsg, both, error_json, parse};
use crate::order::Order;
use crate::scenario::refusal::Refusal;

/// Largest message a client may send, bytes.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;
/// Messages a second a client may send, sustained.
pub const RATE_PER_S: f64 = 20.0;
/// Messages a client may send at once.
pub const BURST: f64 = 40.0;
/// Messages over the rate a client may send before it is disconnected.
pub const MAX_STRIKES: u32 = 200;
/// Connections an exercise accepts at once.
pub const MAX_CLIENTS: usize = 200;
/// Connections one join code may hold at once (a seat's few screens): one leaked
/// code cannot take every connection.
pub const MAX_PER_CODE: usize = 8;
/// Time to send the join message after connecting.
pub const JOIN_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a client has to take each frame sent to it.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// The router.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/ws", get(ws))
        .fallback(get(asset))
        .with_state(shared)
}

async fn asset(uri: Uri) -> Response {
    let Some((_, ctype, bytes)) = super::assets::find(uri.path()) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mut r = (*bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    // the page loads nothing from elsewhere and runs no inline script
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

async fn ws(State(sh): State<Arc<Shared>>, up: WebSocketUpgrade) -> Response {
    up.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| client(socket, sh))
}

/// Token bucket for a connection's messages.
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens =
            (self.tokens + now.duration_since(self.at).as_secs_f64() * RATE_PER_S).min(BURST);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Frees an exercise's connection slot when the connection ends.
struct Slot(Arc<Handle>, Role);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.leave(&self.1);
    }
}

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;

async fn put(sink: &mut Sink, text: &str) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Text(text.into()))).await,
        Ok(Ok(()))
    )
}

async fn refuse(mut sink: Sink, why: Refusal) {
    let _ = put(&mut sink, &error_json(&why)).await;
    let _ = tokio::time::timeout(SEND_TIMEOUT, sink.close()).await;
}

async fn client(socket: WebSocket, sh: Arc<Shared>) {
    let (mut sink, mut stream) = socket.split();
    let code = match tokio::time::timeout(JOIN_TIMEOUT, stream.next()).await {
        Ok(Some(Ok(Message::Text(t)))) => match parse(&t) {
            Ok(ClientMsg::Join { code }) => code,
            _ => {
                return refuse(
                    sink,
                    both(
                        "the first message must be {\"t\":\"join\",\"code\":…}",
                        "第一条消息必须是 {\"t\":\"join\",\"code\":…}",
                    ),
                )
                .await;
            }
        },
        _ => return refuse(sink, both("no join message", "没有收到加入消息")).await,
    };
    let found = match sh.codes.lock() {
        Ok(c) => c.check(&code),
        Err(_) => return,
    };
    let (ex, role) = match found {
        Ok(x) => x,
        Err(r) => {
            // a refused code costs the guesser a moment; nobody else waits
            tokio::time::sleep(Duration::from_millis(200)).await;
            return refuse(sink, r.message()).await;
        }
    };
    let Some(h) = sh.exercises.get(ex).cloned() else {
        return refuse(sink, both("no such exercise", "没有这个演练")).await;
    };
    if !h.admits(&role) {
        return refuse(
            sink,
            both(
                "this seat is not part of the exercise",
                "该席位不属于本次演练",
            ),
        )
        .await;
    }
    if !h.enter(&role, MAX_CLIENTS, MAX_PER_CODE) {
        return refuse(
            sink,
            both(
                format!(
                    "this exercise has as many connections as it takes (at most {MAX_PER_CODE} for one join code)"
                ),
                format!("本次演练的连接数已满（每个加入码最多 {MAX_PER_CODE} 个）"),
            ),
        )
        .await;
    }
    let _slot = Slot(h.clone(), role.clone());
    let (ch, hello_key) = match &role {
        Role::Seat(s) => (&h.seats[s], s.clone()),
        _ => (&h.console, String::new()),
    };
    let mut view = ch.view.subscribe();
    let mut hazard = ch.hazard.subscribe();
    view.mark_changed();
    hazard.mark_changed();
    // a new watcher: let the exercise compute its view now even if the clock is paused
    let _ = h.tx.try_send(Cmd::Refresh);
    let role_json = serde_json::to_string(&role).unwrap_or_default();
    let hello = format!(
        r#"{{"t":"hello","role":{role_json},"exercise":"{}","static":{}}}"#,
        h.id,
        h.hello.get(&hello_key).map(|f| &**f).unwrap_or("null")
    );
    if !put(&mut sink, &hello).await {
        return;
    }
    let (out_tx, mut out_rx) = mpsc::channel::<Arc<str>>(64);
    let mut bucket = Bucket {
        tokens: BURST,
        at: Instant::now(),
    };
    let mut strikes = 0u32;
    loop {
        tokio::select! {
            m = stream.next() => {
                let text = match m {
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Binary(_))) => {
                        let _ = put(&mut sink, &error_json(&both("binary messages are not understood", "不支持二进制消息"))).await;
                        break;
                    }
                    // closed, or a protocol error (a message over the size limit)
                    _ => break,
                };
                // a code replaced by the facilitator ("new code") stops working on
                // the connections that joined with it too, not only for new joins
                let still = sh
                    .codes
                    .lock()
                    .map(|c| c.check(&code).is_ok_and(|(e, r)| e == h.index && r == role))
                    .unwrap_or(false);
                if !still {
                    let _ = put(&mut sink, &error_json(&both(
                        "this join code was replaced by a new one: disconnected",
                        "此加入码已被新码取代：已断开连接",
                    ))).await;
                    break;
                }
                if !bucket.take() {
                    strikes += 1;
                    if strikes > MAX_STRIKES {
                        let _ = put(&mut sink, &error_json(&both("too many messages: disconnected", "消息过多：已断开连接"))).await;
                        break;
                    }
                    if strikes.is_power_of_two() {
                        let a = Answer::refused(0, both("too many messages: slow down", "消息过多：请放慢"));
                        if !put(&mut sink, &a.to_json()).await { break; }
                    }
                    continue;
                }
                if let Some(a) = message(&sh, &h, &role, &text, &out_tx)
                    && !put(&mut sink, &a.to_json()).await
                {
                    break;
                }
            }
            Some(a) = out_rx.recv() => {
                if !put(&mut sink, &a).await { break; }
            }
            r = view.changed() => {
                if r.is_err() { break; }
                let v = view.borrow_and_update().clone();
                if !v.is_empty() && !put(&mut sink, &v).await { break; }
            }
            r = hazard.changed() => {
                if r.is_err() { break; }
                let v = hazard.borrow_and_update().clone();
                if !v.is_empty() && !put(&mut sink, &v).await { break; }
            }
        }
    }
    // close cleanly: say so, then read (and drop) what the client still sends for a
    // moment, so that the socket is not reset with our last frames unread
    let _ = tokio::time::timeout(Duration::from_secs(1), sink.close()).await;
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while let Some(Ok(_)) = stream.next().await {}
    })
    .await;
}

/// Handle one message; an answer to send at once, or `None` when the exercise
/// thread answers.
fn message(
    sh: &Shared,
    h: &Handle,
    role: &Role,
    text: &str,
    reply: &mpsc::Sender<Arc<str>>,
) -> Option<Answer> {
    let msg = match parse(text) {
        Ok(m) => m,
        Err(e) => {
            // answer under the request's number when it has one
            let id = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("id")?.as_u64())
                .unwrap_or(0);
            let zh = format!("消息格式错误：{}", e.trim_start_matches("bad message: "));
            return Some(Answer::refused(id, both(e, zh)));
        }
    };
    let to_thread = |cmd: Cmd, id: u64| -> Option<Answer> {
        match h.tx.try_send(cmd) {
            Ok(()) => None,
            Err(std::sync::mpsc::TrySendError::Full(_)) => Some(Answer::refused(
                id,
                both("the server is busy: try again", "服务器忙：请重试"),
            )),
            Err(std::sync::mpsc::TrySendError::Disconnected(_)) => Some(Answer::refused(
                id,
                both("this exercise has stopped", "该演练已停止"),
            )),
        }
    };
    match (msg, role) {
        (ClientMsg::Join { .. }, _) => Some(Answer::refused(0, both("already joined", "已经加入"))),
        (ClientMsg::Ping, _) => None,
        (ClientMsg::Order { id, order }, Role::Seat(seat)) => to_thread(
            Cmd::Input {
                seat: seat.clone(),
                order,
                id,
                reply: reply.clone(),
            },
            id,
        ),
        (ClientMsg::Ack { id, item }, Role::Seat(seat)) => to_thread(
            Cmd::Input {
                seat: seat.clone(),
                order: Order::Acknowledge { item },
                id,
                reply: reply.clone(),
            },
            id,
        ),
        (ClientMsg::Fac { id, order }, Role::Facilitator) => to_thread(
            Cmd::Input {
                seat: crate::order::FACILITATOR.into(),
                order,
                id,
                reply: reply.clone(),
            },
            id,
        ),
        (ClientMsg::Msel { id, inject }, Role::Facilitator) => to_thread(
            Cmd::Msel {
                inject,
                id,
                reply: reply.clone(),
            },
            id,
        ),
        (
            ClientMsg::Control {
                id,
                run,
                speed,
                step,
            },
            Role::Facilitator,
        ) => to_thread(
            Cmd::Control {
                run,
                speed,
                step,
                id,
                reply: reply.clone(),
            },
            id,
        ),
        (ClientMsg::Reissue { id, seat }, Role::Facilitator) => {
            Some(match super::reissue(sh, h, &seat) {
                Ok(link) => {
                    let mut a = Answer::ok(
                        id,
                        None,
                        both(
                            format!("a new code for seat {seat}"),
                            format!("席位 {seat} 的新加入码"),
                        ),
                    );
                    a.code = Some(link);
                    a
                }
                Err(e) => Answer::refused(id, e),
            })
        }
        (
            ClientMsg::Order { id, .. }
            | ClientMsg::Ack { id, .. }
            | ClientMsg::Fac { id, .. }
            | ClientMsg::Msel { id, .. }
            | ClientMsg::Control { id, .. }
            | ClientMsg::Reissue { id, .. },
            _,
        ) => Some(Answer::refused(
            id,
            match role {
                Role::Observer(_) => both(
                    "an observer watches and changes nothing",
                    "观察员只能观看，不能更改任何内容",
                ),
                Role::Seat(_) => both("only the facilitator may do that", "只有导调人员可以这样做"),
                Role::Facilitator => both(
                    "the facilitator changes conditions from the console; orders come from the seats",
                    "导调人员在控制台改变条件；命令由各席位下达",
                ),
            },
        )),
    }
}
