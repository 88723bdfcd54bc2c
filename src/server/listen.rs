//! The server's accept loop: every connection gets a deadline for each request's
//! header, and no address or crowd of connections can take every socket.
//!
//! `axum::serve` keeps a connection open for as long as its peer likes: a thousand
//! sockets that send nothing, or send a header one byte at a time ("slowloris"),
//! stayed open for good, and twenty thousand took every file descriptor so that the
//! facilitator could not even load the page. Here each connection is served by
//! hyper's HTTP/1 server with a [`HEADER_TIMEOUT`] for every request header (the
//! WebSocket that a seat opens is upgraded out of HTTP, and its join then has its own
//! time limit in `web.rs`); at most [`MAX_OPEN`] connections are served over HTTP at
//! once and at most [`MAX_OPEN_PER_ADDRESS`] from one address (a seat's WebSocket,
//! once upgraded, counts against its exercise's own limit in `web.rs`); a connection
//! over either limit is closed as soon as it is accepted.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

/// Time a client has to send a request's whole header.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once (the page, its files and every seat's WebSocket): well
/// under the usual 1,024 file descriptors of a process.
pub const MAX_OPEN: usize = 512;
/// Connections open at once from one address (a room's player has one or two).
pub const MAX_OPEN_PER_ADDRESS: usize = 64;

/// Counts of open connections, in all and per address.
#[derive(Default)]
struct Open {
    all: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// One open connection's place in [`Open`], given back when it closes.
struct Slot {
    open: Arc<Mutex<Open>>,
    address: IpAddr,
}

impl Slot {
    fn take(open: &Arc<Mutex<Open>>, address: IpAddr) -> Option<Slot> {
        let mut o = open.lock().unwrap_or_else(|e| e.into_inner());
        let here = o.by_address.get(&address).copied().unwrap_or(0);
        if o.all >= MAX_OPEN || here >= MAX_OPEN_PER_ADDRESS {
            return None;
        }
        o.all += 1;
        *o.by_address.entry(address).or_default() += 1;
        Some(Slot {
            open: open.clone(),
            address,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut o = self.open.lock().unwrap_or_else(|e| e.into_inner());
        o.all = o.all.saturating_sub(1);
        if let Some(n) = o.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                o.by_address.remove(&self.address);
            }
        }
    }
}

/// Serve `router` on `listener` until `stop` completes. Connections still open then
/// are dropped with the runtime.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    stop: impl std::future::Future<Output = ()>,
) {
    let open = Arc::new(Mutex::new(Open::default()));
    let mut stop = std::pin::pin!(stop);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut stop => break,
        };
        let (tcp, peer) = match accepted {
            Ok(a) => a,
            Err(_) => {
                // out of file descriptors or the like: let connections close first
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some(slot) = Slot::take(&open, peer.ip()) else {
            drop(tcp);
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let _ = http
                .serve_connection(TokioIo::new(tcp), service)
                .with_upgrades()
                .await;
        });
    }
}
