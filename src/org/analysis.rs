//! Command-graph analysis: how fast the top command post reaches everyone, which
//! posts and links are single points of failure, and spans of control.
//!
//! Single points of failure are articulation points and bridges of the
//! communication graph taken as undirected (petgraph's algorithms); parallel links
//! between the same two members count as redundancy.

use std::collections::BTreeMap;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::scenario::{MemberKind, Scenario};
use crate::sim::comms::Comms;

/// Span of control considered manageable: 3–7 direct subordinates (ICS guidance).
pub const SPAN_OF_CONTROL: (usize, usize) = (3, 7);

/// Reach of one member from the top.
#[derive(Debug, Clone, Serialize)]
pub struct Reach {
    /// Member id.
    pub id: String,
    /// Fastest one-way latency from the top post, s.
    pub latency_s: u64,
    /// Members the message passes, top first.
    pub path: Vec<String>,
}

/// A command post whose span of control is outside the range (posts with no
/// subordinates at all are leaves, not counted).
#[derive(Debug, Clone, Serialize)]
pub struct Span {
    /// Post id.
    pub id: String,
    /// Direct subordinates.
    pub subordinates: usize,
    /// `"too wide"` or `"too narrow"`.
    pub verdict: &'static str,
}

/// The whole analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Top post id.
    pub top: String,
    /// Everyone's reach, slowest first.
    pub reach: Vec<Reach>,
    /// Members whose loss cuts someone off, with who is cut off.
    pub critical_members: Vec<(String, Vec<String>)>,
    /// Links whose loss cuts someone off: (a, b, channel).
    pub critical_links: Vec<(String, String, String)>,
    /// Posts outside the span of control.
    pub spans: Vec<Span>,
}

/// Analyse a scenario's organisation.
pub fn analyse(s: &Scenario) -> Analysis {
    let org = &s.org;
    let comms = Comms::default();
    let mut reach: Vec<Reach> = org
        .members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let (path, lat) = comms.path(org, org.top, crate::scenario::MemberId(i as u32))?;
            Some(Reach {
                id: m.id.clone(),
                latency_s: lat,
                path: path.iter().map(|p| org.member(*p).id.clone()).collect(),
            })
        })
        .collect();
    reach.sort_by(|a, b| b.latency_s.cmp(&a.latency_s).then_with(|| a.id.cmp(&b.id)));

    // undirected simple graph with link multiplicity
    let mut g: UnGraph<usize, usize> = UnGraph::default();
    let nodes: Vec<NodeIndex> = (0..org.members.len()).map(|i| g.add_node(i)).collect();
    let mut multi: BTreeMap<(usize, usize), (usize, String)> = BTreeMap::new();
    for l in &org.links {
        let (a, b) = (l.a.0 as usize, l.b.0 as usize);
        let key = (a.min(b), a.max(b));
        let e = multi.entry(key).or_insert((0, format!("{:?}", l.channel)));
        e.0 += 1;
    }
    for (&(a, b), (count, _)) in &multi {
        g.add_edge(nodes[a], nodes[b], *count);
    }
    let mut critical_members: Vec<(String, Vec<String>)> =
        petgraph::algo::articulation_points::articulation_points(&g)
            .into_iter()
            .map(|n| {
                let cut = cut_off_without(&g, org.top.0 as usize, Some(n.index()), None);
                (
                    org.members[n.index()].id.clone(),
                    cut.into_iter().map(|i| org.members[i].id.clone()).collect(),
                )
            })
            .collect();
    critical_members.sort();
    let mut critical_links: Vec<(String, String, String)> = petgraph::algo::bridges(&g)
        .filter(|e| *e.weight() == 1)
        .map(|e| {
            let (a, b) = (e.source().index(), e.target().index());
            let ch = multi
                .get(&(a.min(b), a.max(b)))
                .map(|m| m.1.clone())
                .unwrap_or_default();
            (org.members[a].id.clone(), org.members[b].id.clone(), ch)
        })
        .collect();
    critical_links.sort();
    let mut spans = Vec::new();
    for m in &org.members {
        if matches!(m.kind, MemberKind::Command { .. }) {
            let n = m.children.len();
            if n > SPAN_OF_CONTROL.1 {
                spans.push(Span {
                    id: m.id.clone(),
                    subordinates: n,
                    verdict: "too wide",
                });
            } else if n > 0 && n < SPAN_OF_CONTROL.0 {
                spans.push(Span {
                    id: m.id.clone(),
                    subordinates: n,
                    verdict: "too narrow",
                });
            }
        }
    }
    Analysis {
        top: org.member(org.top).id.clone(),
        reach,
        critical_members,
        critical_links,
        spans,
    }
}

/// Members that cannot be reached from `top` once `node` is removed.
fn cut_off_without(
    g: &UnGraph<usize, usize>,
    top: usize,
    node: Option<usize>,
    _edge: Option<usize>,
) -> Vec<usize> {
    let n = g.node_count();
    let mut seen = vec![false; n];
    if node == Some(top) {
        // losing the top cuts everyone else from it
        return (0..n).filter(|&i| i != top).collect();
    }
    let mut stack = vec![top];
    seen[top] = true;
    while let Some(m) = stack.pop() {
        for nb in g.neighbors(NodeIndex::new(m)) {
            let i = nb.index();
            if Some(i) != node && !seen[i] {
                seen[i] = true;
                stack.push(i);
            }
        }
    }
    (0..n).filter(|&i| !seen[i] && Some(i) != node).collect()
}

impl Analysis {
    /// Human-readable report.
    pub fn render(&self) -> String {
        let mut s = format!(
            "Command-graph analysis (top: {})\n\nFastest message latency from the top:\n",
            self.top
        );
        for r in &self.reach {
            s.push_str(&format!(
                "  {:>9}  {:<20} via {}\n",
                crate::time::hms(r.latency_s),
                r.id,
                r.path.join(" → ")
            ));
        }
        s.push_str("\nSingle points of failure (members):\n");
        if self.critical_members.is_empty() {
            s.push_str("  none\n");
        }
        for (m, cut) in &self.critical_members {
            s.push_str(&format!("  {m}: its loss cuts off {}\n", cut.join(", ")));
        }
        s.push_str("\nSingle points of failure (links):\n");
        if self.critical_links.is_empty() {
            s.push_str("  none\n");
        }
        for (a, b, ch) in &self.critical_links {
            s.push_str(&format!("  {a} — {b} ({ch})\n"));
        }
        s.push_str(&format!(
            "\nSpan of control outside {}–{} (posts with no subordinates are not counted):\n",
            SPAN_OF_CONTROL.0, SPAN_OF_CONTROL.1
        ));
        if self.spans.is_empty() {
            s.push_str("  none\n");
        }
        for sp in &self.spans {
            s.push_str(&format!(
                "  {}: {} direct subordinates ({})\n",
                sp.id, sp.subordinates, sp.verdict
            ));
        }
        s
    }
}
