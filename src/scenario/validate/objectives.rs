//! The `objectives` section: unique ids, points ≥ 0, and every seat, place and inject
//! a target names must exist.

use std::collections::{BTreeSet, HashMap};

use super::{MAX_POINTS, Validator};

/// Largest burnt-area limit, ha: the largest grid (4096² cells of 1 km²).
const MAX_AREA_HA: f64 = 4096.0 * 4096.0 * 100.0;
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
            if !(0.0..=MAX_POINTS).contains(&o.points) {
                self.d.err(
                    &format!("{p}.points"),
                    format!("points {} are outside 0–{MAX_POINTS}", o.points),
                    None,
                );
            }
            if !o.critical_tasks_zh.is_empty()
                && o.critical_tasks_zh.len() != o.critical_tasks.len()
            {
                self.d.err(
                    &format!("{p}.critical_tasks_zh"),
                    format!(
                        "{} critical tasks in Chinese for {} critical tasks: give one for each, in the same order",
                        o.critical_tasks_zh.len(),
                        o.critical_tasks.len()
                    ),
                    None,
                );
            }
            let tp = format!("{p}.target");
            let window = match &o.target {
                RawTarget::AcknowledgeWithin { within, .. }
                | RawTarget::FirstOnScene { within, .. }
                | RawTarget::ResponseLevelWithin { within, .. }
                | RawTarget::LeakContainedWithin { within } => Some(("within", *within)),
                RawTarget::WarningLead { lead, .. } => Some(("lead", *lead)),
                _ => None,
            };
            if let Some((field, d)) = window {
                self.span_ok(&format!("{tp}.{field}"), d, "time");
            }
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
                | RawTarget::ProtectedBeforeArrival { places: l }
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
                RawTarget::AreaBurntAtMostHa { max } if !(0.0..=MAX_AREA_HA).contains(max) => {
                    self.d.err(
                        &format!("{tp}.max"),
                        format!("area {max} ha is outside 0–{MAX_AREA_HA} ha"),
                        Some(
                            "the largest grid covers 4096 × 4096 cells of 1 km, about 1.7 × 10⁹ ha"
                                .into(),
                        ),
                    );
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
