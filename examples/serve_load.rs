//! Load test of `drillsim serve` on loopback (the figures of `docs/performance.md`).
//!
//! One server hosts five exercises at once (`--groups 5`) of a scenario with 50
//! command posts (the bundled riverside flood with 44 more village posts). Exercise A gets
//! 50 seat clients (one per post), 10 observers and the facilitator; B–E get the
//! facilitator and 6 seat clients each. Every clock runs at ×60. Each seat client
//! gives an order every 2–4 s (a message up the chain, or acknowledging what waits)
//! and times it from sending to the answer shown; every client counts the bytes it
//! receives. After the run: order-to-answer p50 / p99, the server's CPU time and
//! resident memory (from /proc), bytes per second per client.
//!
//! Run: `cargo build --release && cargo run --release --example serve_load [SECONDS]`
//! (default 60 s of wall clock). Loopback only; it stops by itself.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const EXTRA_POSTS: usize = 44;

/// The bundled riverside flood (real layers, a flood to compute) with 44 more
/// village posts under the southern township, written into the temporary directory
/// `dir` together with copies of its layer files (a scenario finds them relative to
/// itself). Nothing is ever written into `scenarios/`.
fn scenario(dir: &std::path::Path) -> PathBuf {
    let bundled = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/flood");
    let base = std::fs::read_to_string(bundled.join("riverside.ron")).expect("bundled scenario");
    for layer in ["riverside_dem.asc", "riverside_landcover.asc"] {
        std::fs::copy(bundled.join(layer), dir.join(layer)).expect("bundled layer");
    }
    let mut posts = String::new();
    let mut links = String::new();
    for i in 0..EXTRA_POSTS {
        posts.push_str(&format!(
            "            (id: \"v_extra{i:02}\", name: \"Extra village post {i}\", level: Village, parent: Some(\"town_s\")),\n"
        ));
        links.push_str(&format!(
            "            (from: \"town_s\", to: \"v_extra{i:02}\", channel: Phone, latency: \"3m\"),\n"
        ));
    }
    let text = base
        .replacen(
            "        ],\n        units: [",
            &format!("{posts}        ],\n        units: ["),
            1,
        )
        .replacen(
            "        links: [\n",
            &format!("        links: [\n{links}"),
            1,
        );
    let p = dir.join("load.ron");
    std::fs::write(&p, text).unwrap();
    p
}

fn proc_stat(pid: u32) -> (f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15 (1-based), here after the command name
    let ticks = fields
        .get(11)
        .and_then(|x| x.parse::<f64>().ok())
        .unwrap_or(0.0)
        + fields
            .get(12)
            .and_then(|x| x.parse::<f64>().ok())
            .unwrap_or(0.0);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss_kb = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|x| x.parse().ok())
        .unwrap_or(0);
    (ticks / 100.0, rss_kb)
}

struct Stats {
    latencies_ms: tokio::sync::Mutex<Vec<f64>>,
    bytes: AtomicU64,
    refused: AtomicU64,
}

async fn client(
    addr: String,
    code: String,
    seat: Option<String>,
    stats: Arc<Stats>,
    stop: Instant,
) {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
        .await
        .expect("connect");
    ws.send(Message::text(
        json!({"t": "join", "code": code}).to_string(),
    ))
    .await
    .unwrap();
    let mut next_order =
        Instant::now() + Duration::from_millis(500 + (code.len() as u64 * 37) % 2000);
    let mut sent: BTreeMap<u64, Instant> = BTreeMap::new();
    let mut id = 0u64;
    let mut rng = code
        .bytes()
        .fold(7u64, |a, b| a.wrapping_mul(31).wrapping_add(b as u64));
    loop {
        let now = Instant::now();
        if now >= stop {
            break;
        }
        let wait = next_order.min(stop).saturating_duration_since(now);
        match tokio::time::timeout(wait, ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => {
                stats.bytes.fetch_add(t.len() as u64, Ordering::Relaxed);
                if t.starts_with("{\"t\":\"answer\"") {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    if let Some(t0) = v["id"].as_u64().and_then(|i| sent.remove(&i)) {
                        stats
                            .latencies_ms
                            .lock()
                            .await
                            .push(t0.elapsed().as_secs_f64() * 1000.0);
                        if v["ok"] != true {
                            stats.refused.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }
            Ok(Some(Ok(_))) => {}
            Ok(_) => break,
            Err(_) => {
                if let Some(seat) = &seat {
                    id += 1;
                    rng = rng
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let msg = if rng >> 63 == 0 {
                        json!({"t": "ack", "id": id, "item": "all"})
                    } else {
                        json!({"t": "order", "id": id, "order": {"Message": {"to": "town_s", "text": format!("{seat} report {id}")}}})
                    };
                    sent.insert(id, Instant::now());
                    if ws.send(Message::text(msg.to_string())).await.is_err() {
                        break;
                    }
                    next_order = Instant::now() + Duration::from_millis(2000 + (rng >> 40) % 2000);
                }
            }
        }
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("drillsim");
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path());
    let rec = dir.path().join("load.drec");
    let mut child = Command::new(&bin)
        .args([
            "serve",
            sc.to_str().unwrap(),
            "--groups",
            "5",
            "--observers",
            "10",
        ])
        .args([
            "--record",
            rec.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
            "--speed",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("drillsim serve (build it with cargo build --release first)");
    let pid = child.id();
    let mut codes: BTreeMap<String, String> = BTreeMap::new();
    let mut ex = String::new();
    let mut addr = String::new();
    for line in BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
    {
        if let Some(r) = line.strip_prefix("exercise ") {
            ex = r.split_whitespace().next().unwrap_or("").into();
        }
        if line.starts_with("  ")
            && let (Some(i), Some(h)) = (line.find("http://"), line.find('#'))
        {
            codes.insert(
                format!("{ex} {}", line[..i].trim()),
                line[h + 1..].to_string(),
            );
        }
        if let Some(a) = line.strip_prefix("listening on http://") {
            addr = a.trim().into();
            break;
        }
    }
    let (cpu0, rss0) = proc_stat(pid);
    let stop = Instant::now() + Duration::from_secs(secs);
    let per_class: Vec<(&str, Arc<Stats>)> = ["seat-A", "observer-A", "seat-BE", "facilitator"]
        .into_iter()
        .map(|k| {
            (
                k,
                Arc::new(Stats {
                    latencies_ms: Default::default(),
                    bytes: AtomicU64::new(0),
                    refused: AtomicU64::new(0),
                }),
            )
        })
        .collect();
    let stats = |k: &str| per_class.iter().find(|(n, _)| *n == k).unwrap().1.clone();
    let mut tasks = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    // start every clock at ×60
    for e in ["A", "B", "C", "D", "E"] {
        let code = codes[&format!("{e} facilitator")].clone();
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
            .await
            .unwrap();
        ws.send(Message::text(
            json!({"t": "join", "code": code}).to_string(),
        ))
        .await
        .unwrap();
        ws.send(Message::text(
            json!({"t": "control", "id": 1, "run": true, "speed": 60}).to_string(),
        ))
        .await
        .unwrap();
        let s = stats("facilitator");
        *counts.entry("facilitator").or_default() += 1;
        tasks.push(tokio::spawn(async move {
            while Instant::now() < stop {
                match tokio::time::timeout(Duration::from_secs(1), ws.next()).await {
                    Ok(Some(Ok(Message::Text(t)))) => {
                        s.bytes.fetch_add(t.len() as u64, Ordering::Relaxed);
                    }
                    Ok(None) | Ok(Some(Err(_))) => break,
                    _ => {}
                }
            }
        }));
    }
    for (role, code) in &codes {
        let (e, rest) = role.split_once(' ').unwrap();
        let class = if let Some(seat) = rest.strip_prefix("seat ") {
            if e == "A" {
                Some(("seat-A", Some(seat.to_string())))
            } else if !seat.starts_with("v_extra") {
                Some(("seat-BE", Some(seat.to_string())))
            } else {
                None
            }
        } else if rest.starts_with("observer") && e == "A" {
            Some(("observer-A", None))
        } else {
            None
        };
        if let Some((k, seat)) = class {
            *counts.entry(k).or_default() += 1;
            tasks.push(tokio::spawn(client(
                addr.clone(),
                code.clone(),
                seat,
                stats(k),
                stop,
            )));
        }
    }
    for t in tasks {
        let _ = t.await;
    }
    let (cpu1, rss1) = proc_stat(pid);
    let wall = secs as f64;
    println!("drillsim serve load test: 5 exercises at ×60 for {secs} s on loopback");
    println!("clients: {counts:?}");
    for (k, s) in &per_class {
        let mut v = s.latencies_ms.lock().await.clone();
        v.sort_by(f64::total_cmp);
        let n = counts.get(k).copied().unwrap_or(1).max(1);
        let bps = s.bytes.load(Ordering::Relaxed) as f64 / wall / n as f64;
        if v.is_empty() {
            println!(
                "{k:<12} {n:>3} clients, {:.1} kB/s received per client",
                bps / 1000.0
            );
        } else {
            let p = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
            println!(
                "{k:<12} {n:>3} clients, {} orders ({} refused), order→answer p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {:.1} kB/s received per client",
                v.len(),
                s.refused.load(Ordering::Relaxed),
                p(0.5),
                p(0.99),
                v[v.len() - 1],
                bps / 1000.0
            );
        }
    }
    println!(
        "server: CPU {:.1} s over {wall:.0} s ({:.0}% of one core; {:.0}% per exercise), resident memory {} MB at start, {} MB at the end ({:.0} MB per exercise)",
        cpu1 - cpu0,
        (cpu1 - cpu0) / wall * 100.0,
        (cpu1 - cpu0) / wall * 100.0 / 5.0,
        rss0 / 1024,
        rss1 / 1024,
        rss1 as f64 / 1024.0 / 5.0
    );
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = child.wait();
    // the recordings of a loaded server verify too: the exercises were stopped
    // before their end (to be resumed), so `--verify` says INCOMPLETE (and exits 1);
    // every checksum must still equal the re-simulated state
    for e in ["A", "B", "C", "D", "E"] {
        let r = dir.path().join(format!("load-{e}.drec"));
        let text = Command::new(&bin)
            .args(["replay", r.to_str().unwrap(), "--verify"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let ok = text.contains("INCOMPLETE")
            && !text.contains("MISMATCH")
            && !text.contains("DAMAGED")
            && text.contains(" checksums match");
        println!(
            "recording of exercise {e}: {}",
            if ok {
                "every checksum verifies (unfinished: no end frame)"
            } else {
                "DOES NOT VERIFY"
            }
        );
    }
}
