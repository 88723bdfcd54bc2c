//! The `organisation` section: command posts and units in one id namespace, one top
//! post, no command loops, each place covered by at most one post, and every member
//! able to reach the top post and be reached from it over the links. Range problems
//! of units (speed, crew, fording depth) are reported only once the graph is sound.

use std::collections::{BTreeMap, HashMap};

use super::{
    MAX_COMMAND_DEPTH, MAX_CREW, MAX_FORDING_DEPTH_M, MAX_SPAN_S, Validator, did_you_mean,
};
use crate::order::Channel;
use crate::scenario::raw::RawOrg;
use crate::scenario::{
    Link, Member, MemberId, MemberKind, Organisation, PlaceId, UnitId, UnitSpec,
};

impl Validator {
    pub(super) fn org(
        &mut self,
        o: &RawOrg,
        places: &HashMap<&str, PlaceId>,
    ) -> Option<Organisation> {
        let before = self.d.count();
        let mut ids: BTreeMap<String, MemberId> = BTreeMap::new();
        let mut paths = Vec::new();
        for (i, n) in o.nodes.iter().enumerate() {
            let p = format!("organisation.nodes[{i}]");
            if ids.insert(n.id.clone(), MemberId(i as u32)).is_some() {
                self.d.err(
                    &format!("{p}.id"),
                    format!("id `{}` is used twice", n.id),
                    Some("command posts and units share one namespace".into()),
                );
            }
            paths.push(p);
        }
        let nn = o.nodes.len();
        for (i, u) in o.units.iter().enumerate() {
            let p = format!("organisation.units[{i}]");
            if ids
                .insert(u.id.clone(), MemberId((nn + i) as u32))
                .is_some()
            {
                self.d.err(
                    &format!("{p}.id"),
                    format!("id `{}` is used twice", u.id),
                    Some("command posts and units share one namespace".into()),
                );
            }
            paths.push(p);
        }
        let cmd_ids: Vec<&str> = o.nodes.iter().map(|n| n.id.as_str()).collect();
        let member_ref =
            |s: &mut Self, path: &str, id: &str, commands_only: bool| -> Option<MemberId> {
                match ids.get(id) {
                    Some(&m) if commands_only && m.0 as usize >= nn => {
                        s.d.err(
                            path,
                            format!("`{id}` is a field unit, not a command post"),
                            Some("units report to command posts".into()),
                        );
                        None
                    }
                    Some(&m) => Some(m),
                    None => {
                        let hint = if s.d.wants_more() {
                            did_you_mean(
                                id,
                                if commands_only {
                                    cmd_ids.clone()
                                } else {
                                    ids.keys().map(String::as_str).collect()
                                }
                                .into_iter(),
                            )
                        } else {
                            None
                        };
                        s.d.err(
                            path,
                            format!(
                                "unknown {} `{id}`",
                                if commands_only {
                                    "command post"
                                } else {
                                    "organisation member"
                                }
                            ),
                            hint,
                        );
                        None
                    }
                }
            };
        let mut members = Vec::new();
        let mut tops = Vec::new();
        for (i, n) in o.nodes.iter().enumerate() {
            let p = &paths[i];
            let parent = n
                .parent
                .as_ref()
                .and_then(|x| member_ref(self, &format!("{p}.parent"), x, true));
            if n.parent.is_none() {
                tops.push(i);
            }
            if n.parent.as_deref() == Some(n.id.as_str()) {
                self.d.err(
                    &format!("{p}.parent"),
                    format!("`{}` is its own parent", n.id),
                    None,
                );
            }
            let place = n
                .place
                .as_ref()
                .and_then(|x| self.place_ref(&format!("{p}.place"), x, places));
            let covers = n
                .covers
                .iter()
                .enumerate()
                .filter_map(|(k, c)| self.place_ref(&format!("{p}.covers[{k}]"), c, places))
                .collect();
            members.push(Member {
                id: n.id.clone(),
                name: n.name.clone(),
                kind: MemberKind::Command {
                    level: n.level,
                    responsible: n.responsible.clone(),
                    covers,
                    place,
                },
                parent,
                children: Vec::new(),
            });
        }
        if tops.len() != 1 {
            if tops.is_empty() {
                self.d.err(
                    "organisation.nodes",
                    "no top command post: every node has a parent",
                    Some("the district HQ has no `parent`".into()),
                );
            } else {
                for &t in &tops[1..] {
                    self.d.err(
                        &format!("{}.id", paths[t]),
                        format!(
                            "`{}` has no parent, but `{}` is already the top command post",
                            o.nodes[t].id, o.nodes[tops[0]].id
                        ),
                        Some("give it a `parent`".into()),
                    );
                }
            }
        }
        let mut units = Vec::new();
        let mut links = Vec::new();
        let mut soft: Vec<(String, String, Option<String>)> = Vec::new();
        for (i, u) in o.units.iter().enumerate() {
            let p = &paths[nn + i];
            let commander = member_ref(self, &format!("{p}.commander"), &u.commander, true);
            let home = self.place_ref(&format!("{p}.home"), &u.home, places);
            let speed = u.speed_km_h.unwrap_or(u.kind.default_speed_km_h());
            // range problems do not stop the graph checks: reported at the end
            if !(speed > 0.0 && speed <= 1000.0) {
                soft.push((
                    format!("{p}.speed_km_h"),
                    format!("speed {speed} km/h is outside 0–1000"),
                    None,
                ));
            }
            if u.crew == 0 {
                soft.push((
                    format!("{p}.crew"),
                    format!("unit `{}` has no crew", u.id),
                    Some("crew is the number of people in the unit".to_string()),
                ));
            } else if u.crew > MAX_CREW {
                soft.push((
                    format!("{p}.crew"),
                    format!("crew {} is more than {MAX_CREW}", u.crew),
                    Some("a unit is one team; split a larger force into units".to_string()),
                ));
            }
            let ford = u
                .fording_depth_m
                .unwrap_or(u.kind.default_fording_depth_m());
            if u.fording_depth_m
                .is_some_and(|f| !(0.0..=MAX_FORDING_DEPTH_M).contains(&f))
            {
                soft.push((
                    format!("{p}.fording_depth_m"),
                    format!("fording depth {ford} m is outside 0–{MAX_FORDING_DEPTH_M} m"),
                    None,
                ));
            }
            if let Some(l) = &u.link
                && l.latency.0 > MAX_SPAN_S
            {
                soft.push((
                    format!("{p}.link.latency"),
                    format!(
                        "latency {} is longer than {} days",
                        l.latency,
                        MAX_SPAN_S / 86_400
                    ),
                    None,
                ));
            }
            if let Some(m) = u.mutual_aid
                && m.0 > MAX_SPAN_S
            {
                soft.push((
                    format!("{p}.mutual_aid"),
                    format!(
                        "mutual-aid delay {m} is longer than {} days",
                        MAX_SPAN_S / 86_400
                    ),
                    None,
                ));
            }
            let member = MemberId((nn + i) as u32);
            members.push(Member {
                id: u.id.clone(),
                name: u.name.clone(),
                kind: MemberKind::Unit(UnitId(i as u32)),
                parent: commander,
                children: Vec::new(),
            });
            if let Some(c) = commander {
                let (channel, latency) = u
                    .link
                    .as_ref()
                    .map(|l| (l.channel, l.latency.0))
                    .unwrap_or((Channel::Radio, 30));
                links.push(Link {
                    a: c,
                    b: member,
                    channel,
                    latency_s: latency,
                    one_way: false,
                });
            }
            units.push(UnitSpec {
                member,
                kind: u.kind,
                capabilities: u
                    .capabilities
                    .clone()
                    .unwrap_or_else(|| u.kind.default_capabilities()),
                speed_km_h: speed,
                fording_depth_m: ford,
                crew: u.crew,
                home: home.unwrap_or(PlaceId(0)),
                mutual_aid_s: u.mutual_aid.map(|d| d.0),
            });
        }
        let mut explicit = Vec::new();
        for (i, l) in o.links.iter().enumerate() {
            let p = format!("organisation.links[{i}]");
            let a = member_ref(self, &format!("{p}.from"), &l.from, false);
            let b = member_ref(self, &format!("{p}.to"), &l.to, false);
            if l.latency.0 > MAX_SPAN_S {
                soft.push((
                    format!("{p}.latency"),
                    format!(
                        "latency {} is longer than {} days",
                        l.latency,
                        MAX_SPAN_S / 86_400
                    ),
                    None,
                ));
            }
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    self.d
                        .err(&p, format!("link from `{}` to itself", l.from), None);
                    continue;
                }
                explicit.push(Link {
                    a,
                    b,
                    channel: l.channel,
                    latency_s: l.latency.0,
                    one_way: l.one_way,
                });
            }
        }
        explicit.extend(links);
        let links = explicit;
        if self.d.count() > before {
            return None;
        }
        // loops in the command tree, and its depth: every member's chain of parents
        // is followed once (members already settled are not walked again)
        const LOOP: usize = usize::MAX;
        let mut depth: Vec<Option<usize>> = vec![None; members.len()];
        for start in 0..members.len() {
            let mut chain = Vec::new();
            let mut on_chain = std::collections::BTreeSet::new();
            let mut cur = Some(start);
            // the depth where the chain meets a settled member (or the top)
            let base = loop {
                let Some(c) = cur else { break 0 };
                if let Some(d) = depth[c] {
                    break d;
                }
                if !on_chain.insert(c) {
                    break LOOP;
                }
                chain.push(c);
                cur = members[c].parent.map(|p| p.0 as usize);
            };
            for (k, &c) in chain.iter().rev().enumerate() {
                depth[c] = Some(if base == LOOP { LOOP } else { base + k + 1 });
            }
        }
        for (i, d) in depth.iter().enumerate() {
            match d {
                Some(LOOP) => self.d.err(
                    &format!("{}.parent", paths[i]),
                    format!("`{}` is in a command loop", members[i].id),
                    Some("the chain of parents must end at the top command post".into()),
                ),
                Some(d) if *d > MAX_COMMAND_DEPTH + 1 => self.d.err(
                    &format!("{}.parent", paths[i]),
                    format!(
                        "`{}` is {} levels below the top command post, more than {MAX_COMMAND_DEPTH}",
                        members[i].id,
                        d - 1
                    ),
                    Some("real command structures have a handful of levels".into()),
                ),
                _ => {}
            }
        }
        if self.d.count() > before {
            return None;
        }
        // a place is covered by at most one post (it warns and evacuates it)
        let mut covered: BTreeMap<PlaceId, usize> = BTreeMap::new();
        for (i, m) in members.iter().enumerate() {
            if let MemberKind::Command { covers, .. } = &m.kind {
                for (k, pl) in covers.iter().enumerate() {
                    if let Some(first) = covered.insert(*pl, i) {
                        self.d.err(
                            &format!("{}.covers[{k}]", paths[i]),
                            format!("place is already covered by `{}`", members[first].id),
                            Some("each place has one post responsible for warning it".into()),
                        );
                    }
                }
            }
        }
        if self.d.count() > before {
            return None;
        }
        for i in 0..members.len() {
            if let Some(p) = members[i].parent {
                members[p.0 as usize].children.push(MemberId(i as u32));
            }
        }
        let top = MemberId(tops[0] as u32);
        // everyone must be able to reach the top and be reached from it over the links
        // over the links, with an adjacency list each way (linear in members + links)
        let mut fwd: Vec<Vec<MemberId>> = vec![Vec::new(); members.len()];
        let mut back: Vec<Vec<MemberId>> = vec![Vec::new(); members.len()];
        for l in &links {
            fwd[l.a.0 as usize].push(l.b);
            back[l.b.0 as usize].push(l.a);
            if !l.one_way {
                fwd[l.b.0 as usize].push(l.a);
                back[l.a.0 as usize].push(l.b);
            }
        }
        let reach = |from: MemberId, forward: bool| -> Vec<bool> {
            let adj = if forward { &fwd } else { &back };
            let mut seen = vec![false; members.len()];
            let mut stack = vec![from];
            seen[from.0 as usize] = true;
            while let Some(m) = stack.pop() {
                for &n in &adj[m.0 as usize] {
                    if !seen[n.0 as usize] {
                        seen[n.0 as usize] = true;
                        stack.push(n);
                    }
                }
            }
            seen
        };
        let down = reach(top, true);
        let up = reach(top, false);
        for (i, m) in members.iter().enumerate() {
            if !down[i] || !up[i] {
                let dir = if !down[i] {
                    "cannot be reached from"
                } else {
                    "cannot reach"
                };
                self.d.err(
                    &format!("{}.id", paths[i]),
                    format!(
                        "`{}` {dir} the top command post `{}` over the links",
                        m.id, members[top.0 as usize].id
                    ),
                    Some("add a link (radio, phone…) to its commander".into()),
                );
            }
        }
        if self.d.count() > before {
            return None;
        }
        // the graph is sound; range errors still reject the scenario in `run`
        for (path, msg, hint) in soft {
            self.d.err(&path, msg, hint);
        }
        let mut org = Organisation {
            members,
            units,
            links,
            top,
            by_id: Default::default(),
        };
        org.index_members();
        Some(org)
    }
}
