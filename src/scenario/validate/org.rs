//! The `organisation` section: command posts and units in one id namespace, one top
//! post, no command loops, each place covered by at most one post, and every member
//! able to reach the top post and be reached from it over the links. Range problems
//! of units (speed, crew, fording depth) are reported only once the graph is sound.

use std::collections::{BTreeMap, HashMap};

use super::{Validator, did_you_mean};
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
        let before = self.d.items.len();
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
                        let hint = did_you_mean(
                            id,
                            if commands_only {
                                cmd_ids.clone()
                            } else {
                                ids.keys().map(String::as_str).collect()
                            }
                            .into_iter(),
                        );
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
            }
            let ford = u
                .fording_depth_m
                .unwrap_or(u.kind.default_fording_depth_m());
            if ford.is_nan() || ford < 0.0 {
                soft.push((
                    format!("{p}.fording_depth_m"),
                    "fording depth must be ≥ 0".to_string(),
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
        if self.d.items.len() > before {
            return None;
        }
        // cycles in the command tree
        for start in 0..members.len() {
            let mut cur = members[start].parent;
            let mut steps = 0;
            while let Some(c) = cur {
                steps += 1;
                if c.0 as usize == start || steps > members.len() {
                    self.d.err(
                        &format!("{}.parent", paths[start]),
                        format!("`{}` is in a command loop", members[start].id),
                        Some("the chain of parents must end at the top command post".into()),
                    );
                    break;
                }
                cur = members[c.0 as usize].parent;
            }
        }
        if self.d.items.len() > before {
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
        if self.d.items.len() > before {
            return None;
        }
        for i in 0..members.len() {
            if let Some(p) = members[i].parent {
                members[p.0 as usize].children.push(MemberId(i as u32));
            }
        }
        let top = MemberId(tops[0] as u32);
        // everyone must be able to reach the top and be reached from it over the links
        let reach = |from: MemberId, forward: bool| -> Vec<bool> {
            let mut seen = vec![false; members.len()];
            let mut stack = vec![from];
            seen[from.0 as usize] = true;
            while let Some(m) = stack.pop() {
                for l in &links {
                    let next = if forward {
                        if l.a == m {
                            Some(l.b)
                        } else if l.b == m && !l.one_way {
                            Some(l.a)
                        } else {
                            None
                        }
                    } else if l.b == m {
                        Some(l.a)
                    } else if l.a == m && !l.one_way {
                        Some(l.b)
                    } else {
                        None
                    };
                    if let Some(n) = next
                        && !seen[n.0 as usize]
                    {
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
        if self.d.items.len() > before {
            return None;
        }
        // the graph is sound; range errors still reject the scenario in `run`
        for (path, msg, hint) in soft {
            self.d.err(&path, msg, hint);
        }
        Some(Organisation {
            members,
            units,
            links,
            top,
        })
    }
}
