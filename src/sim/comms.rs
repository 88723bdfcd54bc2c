//! Messages travelling the organisation graph, hop by hop, with each link's latency.
//!
//! A message is routed from the member it is at to its recipient over the links that
//! work now (Dijkstra on latency). It is re-routed at every hop, so a link that fails
//! while a message is on its way is avoided from the next hop on. Times are exact
//! seconds; a message is acted on at the first tick at or after its arrival.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use bevy::prelude::Resource;

use crate::order::Order;
use crate::scenario::{MemberId, Organisation};

/// What a message carries.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Payload {
    /// An order from a seat.
    Order {
        /// The seat that gave it.
        seat: MemberId,
        /// The order.
        order: Order,
    },
    /// Acknowledgement of message `of`.
    Ack {
        /// The message acknowledged.
        of: u64,
    },
    /// Free text.
    Text(String),
    /// A warning for a place, to the post that covers it.
    Warning {
        /// Issuing seat.
        seat: MemberId,
        /// Place.
        place: crate::scenario::PlaceId,
        /// Level.
        level: crate::order::WarningLevel,
    },
    /// An evacuation order for a place, to the post that covers it.
    Evacuate {
        /// Issuing seat.
        seat: MemberId,
        /// Place.
        place: crate::scenario::PlaceId,
        /// Shelter.
        to: crate::scenario::PlaceId,
    },
}

impl Payload {
    /// Short description for the log.
    pub fn describe(&self, s: &crate::scenario::Scenario) -> String {
        let place = |p: &crate::scenario::PlaceId| {
            s.places
                .get(p.0 as usize)
                .map(|x| x.id.clone())
                .unwrap_or_default()
        };
        match self {
            Payload::Order { order, .. } => match order {
                Order::Dispatch { unit, to, task } => format!("order: {unit} to {to} ({task:?})"),
                Order::Recall { unit } => format!("order: recall {unit}"),
                Order::Message { text, .. } => format!("message: {text}"),
                other => format!("{other:?}"),
            },
            Payload::Ack { of } => format!("ack of #{of}"),
            Payload::Text(t) => t.clone(),
            Payload::Warning {
                place: p, level, ..
            } => format!("{level:?} warning for {}", place(p)),
            Payload::Evacuate { place: p, to, .. } => {
                format!("evacuate {} to {}", place(p), place(to))
            }
        }
    }
}

/// A message on its way.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    /// Number, unique in the run.
    pub id: u64,
    /// Original sender.
    pub from: MemberId,
    /// Final recipient.
    pub to: MemberId,
    /// Member it is arriving at next.
    pub hop: MemberId,
    /// Second it was first sent.
    pub sent_s: u64,
    /// What it carries.
    pub payload: Payload,
    /// Members passed so far with the second each was reached (sender first).
    pub hops: Vec<(MemberId, u64)>,
}

/// Messages in transit and the state of the links.
#[derive(Resource, Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Comms {
    /// Next message number.
    pub next_id: u64,
    /// In transit, by (arrival second at the next hop, message id).
    pub in_flight: BTreeMap<(u64, u64), Message>,
    /// Indices of failed links in `Organisation::links`.
    pub failed: BTreeSet<usize>,
}

impl Comms {
    /// Fastest path (member list, from `from` to `to` inclusive) and its latency over
    /// working links; `None` when `to` cannot be reached.
    pub fn path(
        &self,
        org: &Organisation,
        from: MemberId,
        to: MemberId,
    ) -> Option<(Vec<MemberId>, u64)> {
        let n = org.members.len();
        let mut dist = vec![u64::MAX; n];
        let mut prev = vec![usize::MAX; n];
        let mut heap = BinaryHeap::new();
        dist[from.0 as usize] = 0;
        heap.push(Reverse((0u64, from.0 as usize)));
        while let Some(Reverse((d, m))) = heap.pop() {
            if d > dist[m] {
                continue;
            }
            if m == to.0 as usize {
                break;
            }
            for (li, l) in org.links.iter().enumerate() {
                if self.failed.contains(&li) {
                    continue;
                }
                let next = if l.a.0 as usize == m {
                    l.b.0 as usize
                } else if l.b.0 as usize == m && !l.one_way {
                    l.a.0 as usize
                } else {
                    continue;
                };
                let nd = d + l.latency_s;
                // ties break on the lower member index: deterministic
                if nd < dist[next] || (nd == dist[next] && m < prev[next]) {
                    dist[next] = nd;
                    prev[next] = m;
                    heap.push(Reverse((nd, next)));
                }
            }
        }
        if dist[to.0 as usize] == u64::MAX {
            return None;
        }
        let mut path = vec![to];
        let mut cur = to.0 as usize;
        while cur != from.0 as usize {
            cur = prev[cur];
            path.push(MemberId(cur as u32));
        }
        path.reverse();
        Some((path, dist[to.0 as usize]))
    }

    /// Latency of the working link from `a` to `b` (the fastest if several).
    pub fn hop_latency(&self, org: &Organisation, a: MemberId, b: MemberId) -> Option<u64> {
        org.links
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                !self.failed.contains(i)
                    && ((l.a == a && l.b == b) || (l.b == a && l.a == b && !l.one_way))
            })
            .map(|(_, l)| l.latency_s)
            .min()
    }

    /// Send a message now (`now_s`) from `from` to `to`. Returns its id, or `None` when
    /// no path exists (the caller logs it as undeliverable).
    pub fn send(
        &mut self,
        org: &Organisation,
        now_s: u64,
        from: MemberId,
        to: MemberId,
        payload: Payload,
    ) -> (u64, bool) {
        let id = self.next_id;
        self.next_id += 1;
        let msg = Message {
            id,
            from,
            to,
            hop: from,
            sent_s: now_s,
            payload,
            hops: vec![(from, now_s)],
        };
        let ok = self.forward(org, now_s, msg);
        (id, ok)
    }

    /// Move a message that is at `msg.hop` at second `at_s` on towards its recipient.
    /// Returns false when it is stuck.
    pub fn forward(&mut self, org: &Organisation, at_s: u64, mut msg: Message) -> bool {
        if msg.hop == msg.to {
            self.in_flight.insert((at_s, msg.id), msg);
            return true;
        }
        let Some((path, _)) = self.path(org, msg.hop, msg.to) else {
            return false;
        };
        let next = path[1];
        let Some(lat) = self.hop_latency(org, msg.hop, next) else {
            return false;
        };
        msg.hop = next;
        msg.hops.push((next, at_s + lat));
        self.in_flight.insert((at_s + lat, msg.id), msg);
        true
    }

    /// Take the earliest message that has reached its next hop by `now_s`.
    pub fn pop_due(&mut self, now_s: u64) -> Option<(u64, Message)> {
        let entry = self.in_flight.first_entry()?;
        if entry.key().0 > now_s {
            return None;
        }
        let ((t, _), m) = entry.remove_entry();
        Some((t, m))
    }
}
