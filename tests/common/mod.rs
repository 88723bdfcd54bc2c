//! Helpers shared by the networked-exercise tests: start `drillsim serve` on a free
//! loopback port and read its join links; a WebSocket client that joins with a code,
//! sends numbered requests and waits for answers and views.
#![allow(dead_code)] // each test file uses its own share of the helpers

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

pub fn drillsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_drillsim"))
}

/// A running server.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Role label ("facilitator", "seat V1", "observer 1", with an "A " exercise
    /// prefix when several exercises are served) → join code.
    pub codes: BTreeMap<String, String>,
    /// Everything the server printed on standard output.
    pub stdout: Vec<String>,
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// `drillsim serve ARGS --listen 127.0.0.1:0`, waiting until it listens.
    pub fn start(args: &[&str]) -> Server {
        Self::spawn(
            drillsim()
                .arg("serve")
                .args(args)
                .args(["--listen", "127.0.0.1:0"]),
        )
    }

    /// Start any command that prints links and "listening on" (e.g. `compete --serve`).
    pub fn spawn(cmd: &mut Command) -> Server {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("drillsim starts");
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stdout = Vec::new();
        let mut codes = BTreeMap::new();
        let mut exercise = String::new();
        let deadline = Instant::now() + Duration::from_secs(180);
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = match rx.recv_timeout(left) {
                Ok(l) => l,
                Err(_) => {
                    let _ = child.kill();
                    panic!(
                        "the server did not start listening; it printed:\n{}",
                        stdout.join("\n")
                    );
                }
            };
            stdout.push(line.clone());
            if let Some(rest) = line.strip_prefix("exercise ") {
                exercise = rest.split_whitespace().next().unwrap_or("").to_string();
            }
            if let Some(i) = line.find("http://")
                && let Some(h) = line.find('#')
                && line.starts_with("  ")
            {
                let role = line[..i].trim().to_string();
                codes.insert(
                    format!("{exercise} {role}"),
                    line[h + 1..].trim().to_string(),
                );
                codes
                    .entry(role)
                    .or_insert_with(|| line[h + 1..].trim().to_string());
            }
            if let Some(a) = line.strip_prefix("listening on http://") {
                break a.trim().to_string();
            }
        };
        Server {
            child,
            addr,
            codes,
            stdout,
            lines: rx,
        }
    }

    pub fn code(&self, role: &str) -> String {
        self.codes
            .get(role)
            .unwrap_or_else(|| panic!("no code for `{role}` in {:?}", self.codes.keys()))
            .clone()
    }

    /// Stop with SIGTERM (a clean stop: the recording is flushed) and wait.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        panic!("the server did not stop on SIGTERM within 20 s");
    }

    /// `kill -9`.
    pub fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A client of one seat, the facilitator or an observer.
pub struct Client {
    pub ws: Ws,
    pub hello: Value,
    pub view: Option<Value>,
    pub hazard: Option<String>,
    pub answers: Vec<Value>,
    pub errors: Vec<String>,
    next_id: u64,
}

/// Open a WebSocket to the server, without joining.
pub async fn open(addr: &str) -> Ws {
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
        .await
        .expect("websocket connects");
    ws
}

/// A connection that has not joined (to send what a client should not).
pub async fn unjoined(addr: &str) -> Client {
    Client {
        ws: open(addr).await,
        hello: Value::Null,
        view: None,
        hazard: None,
        answers: Vec::new(),
        errors: Vec::new(),
        next_id: 1,
    }
}

/// Join with `code`; Err with the server's error text when refused.
pub async fn join(addr: &str, code: &str) -> Result<Client, String> {
    let mut ws = open(addr).await;
    ws.send(Message::text(
        json!({"t": "join", "code": code}).to_string(),
    ))
    .await
    .map_err(|e| e.to_string())?;
    let first = tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .map_err(|_| "no answer to join".to_string())?;
    let v: Value = match first {
        Some(Ok(Message::Text(t))) => serde_json::from_str(&t).expect("json"),
        other => return Err(format!("connection ended: {other:?}")),
    };
    match v["t"].as_str() {
        Some("hello") => Ok(Client {
            ws,
            hello: v,
            view: None,
            hazard: None,
            answers: Vec::new(),
            errors: Vec::new(),
            next_id: 1,
        }),
        Some("error") => Err(v["error"].as_str().unwrap_or("").to_string()),
        _ => Err(format!("unexpected first frame {v}")),
    }
}

impl Client {
    /// Read one frame (within `timeout`); false when the connection ended.
    pub async fn read(&mut self, timeout: Duration) -> Option<bool> {
        let m = match tokio::time::timeout(timeout, self.ws.next()).await {
            Err(_) => return None,
            Ok(m) => m,
        };
        let text = match m {
            Some(Ok(Message::Text(t))) => t,
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Some(false),
            Some(Ok(_)) => return Some(true),
        };
        let v: Value = serde_json::from_str(&text).expect("server frames are JSON");
        match v["t"].as_str() {
            Some("view") => self.view = Some(v),
            Some("hazard") => self.hazard = v["png"].as_str().map(str::to_string),
            Some("answer") => self.answers.push(v),
            Some("error") => self.errors.push(v["error"].as_str().unwrap_or("").into()),
            _ => {}
        }
        Some(true)
    }

    pub async fn send(&mut self, mut msg: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        msg["id"] = json!(id);
        self.ws
            .send(Message::text(msg.to_string()))
            .await
            .expect("send");
        id
    }

    /// Send a numbered request and wait for its answer.
    pub async fn request(&mut self, msg: Value) -> Value {
        let id = self.send(msg).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(i) = self.answers.iter().position(|a| a["id"] == json!(id)) {
                return self.answers.remove(i);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no answer to request {id}");
            if self.read(left).await == Some(false) {
                panic!(
                    "the connection ended while waiting for answer {id}: {:?}",
                    self.errors
                );
            }
        }
    }

    /// Wait for a view for which `f` holds.
    pub async fn until(&mut self, secs: u64, f: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(v) = &self.view
                && f(&v["view"])
            {
                return v.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "the awaited view did not come in {secs} s; last view: {}",
                self.view
                    .as_ref()
                    .map(|v| v.to_string().chars().take(1500).collect::<String>())
                    .unwrap_or_default()
            );
            if self.read(left).await == Some(false) {
                panic!(
                    "the connection ended while waiting for a view: {:?}",
                    self.errors
                );
            }
        }
    }
}

/// `drillsim replay FILE --verify` succeeds.
pub fn verifies(rec: &Path) -> String {
    let out = drillsim()
        .args(["replay", rec.to_str().unwrap(), "--verify"])
        .output()
        .expect("drillsim replay");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the recording does not verify:\n{text}"
    );
    text
}

/// A recording of an exercise stopped before its end (the server stopped, to be
/// resumed): `replay --verify` finds every checksum equal to the re-simulated state,
/// nothing damaged, and says it is INCOMPLETE (no end frame), which makes it exit 1.
pub fn verifies_unfinished(rec: &Path) -> String {
    let out = drillsim()
        .args(["replay", rec.to_str().unwrap(), "--verify"])
        .output()
        .expect("drillsim replay");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let all_match = text.lines().any(|l| {
        l.split_once(" of ").is_some_and(|(a, rest)| {
            let a = a.rsplit(' ').next().unwrap_or("");
            rest.split_once(" checksums match")
                .is_some_and(|(b, _)| !a.is_empty() && a == b)
        })
    });
    assert!(
        all_match
            && text.contains("INCOMPLETE")
            && !text.contains("MISMATCH")
            && !text.contains("DAMAGED"),
        "the unfinished recording does not verify as far as it goes:\n{text}"
    );
    text
}
