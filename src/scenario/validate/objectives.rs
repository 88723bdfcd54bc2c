//! The `objectives` section: unique ids, points ≥ 0, and every seat, place and inject
//! a target names must exist.

use std::collections::{BTreeSet, HashMap};

use super::Validator;
use crate::scenario::raw::{RawObjective, RawTarget};
use crate::scenario::{Organisation, PlaceId};

impl Validator {
    pub(super) fn objectives(
        &mut self,
        objs: &[RawObjective],
        org: &Organisation,
        places: &HashMap<&str, PlaceId>,
    ) -> Vec<RawObjective> {
        let mut seen = BTreeSet::new();
        let inject_ids = self.injects_ids.clone();
        let inject_ok = |id: &Option<String>| id.as_ref().is_none_or(|i| inject_ids.contains(i));
        let mut bad_after = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            let p = format!("objectives[{i}]");
            if !seen.insert(o.id.clone()) {
                self.d.err(
                    &format!("{p}.id"),
                    format!("objective id `{}` is used twice", o.id),
                    None,
                );
            }
            if !(o.points.is_finite() && o.points >= 0.0) {
                self.d
                    .err(&format!("{p}.points"), "points must be ≥ 0", None);
            }
            let tp = format!("{p}.target");
            let check_places = |s: &mut Self, list: &[String]| {
                if list.is_empty() {
                    s.d.err(&format!("{tp}.places"), "list at least one place", None);
                }
                for (k, pl) in list.iter().enumerate() {
                    s.place_ref(&format!("{tp}.places[{k}]"), pl, places);
                }
            };
            match &o.target {
                RawTarget::AcknowledgeWithin { seats, .. } => {
                    for (k, seat) in seats.iter().enumerate() {
                        if org.find(seat).is_none() {
                            self.d.err(
                                &format!("{tp}.seats[{k}]"),
                                format!("unknown command post `{seat}`"),
                                None,
                            );
                        }
                    }
                }
                RawTarget::WarningLead { places: l, .. }
                | RawTarget::EvacuatedBeforeArrival { places: l }
                | RawTarget::FireKeptFrom { places: l } => check_places(self, l),
                RawTarget::FirstOnScene { place, after, .. } => {
                    self.place_ref(&format!("{tp}.place"), place, places);
                    if !inject_ok(after) {
                        bad_after.push(format!("{tp}.after"));
                    }
                }
                RawTarget::ResponseLevelWithin { after, .. } if !inject_ok(after) => {
                    bad_after.push(format!("{tp}.after"));
                }
                RawTarget::AreaBurntAtMostHa { max } if !(max.is_finite() && *max >= 0.0) => {
                    self.d.err(&format!("{tp}.max"), "area must be ≥ 0", None);
                }
                _ => {}
            }
        }
        for p in bad_after {
            self.d.err(
                &p,
                "unknown inject",
                Some("name an inject id from `injects`".into()),
            );
        }
        objs.to_vec()
    }
}
