//! The `plan` section: decision delays and rules of command posts, triggers that name
//! known injects, gauges and places; once the scenario is built, every order of
//! every rule is checked as an order the seat could give (authority, capabilities,
//! places).

use std::collections::BTreeSet;

use super::{MAX_PPM, Validator};
use crate::scenario::raw::{RawPlan, RawTrigger};
use crate::scenario::{Diagnostic, MemberKind, Organisation, PlaceKind, Plan, Scenario};

impl Validator {
    pub(super) fn plan(&mut self, plan: &RawPlan, org: &Organisation) -> Plan {
        let mut out = Plan::default();
        let command = |id: &str| {
            org.find(id)
                .filter(|m| matches!(org.member(*m).kind, MemberKind::Command { .. }))
        };
        for (i, d) in plan.delays.iter().enumerate() {
            let p = format!("plan.delays[{i}]");
            let Some(m) = command(&d.seat) else {
                self.d.err(
                    &format!("{p}.seat"),
                    format!("unknown command post `{}`", d.seat),
                    None,
                );
                continue;
            };
            if !(d.min.0 <= d.mode.0 && d.mode.0 <= d.max.0) {
                self.d.err(&p, "delays need min ≤ mode ≤ max", None);
                continue;
            }
            if !self.span_ok(&format!("{p}.max"), d.max, "delay") {
                continue;
            }
            out.delays.insert(m, (d.min.0, d.mode.0, d.max.0));
        }
        let mut seen = BTreeSet::new();
        for (i, r) in plan.rules.iter().enumerate() {
            let p = format!("plan.rules[{i}]");
            if !seen.insert(r.id.clone()) {
                self.d.err(
                    &format!("{p}.id"),
                    format!("rule id `{}` is used twice", r.id),
                    None,
                );
            }
            let Some(m) = command(&r.seat) else {
                self.d.err(
                    &format!("{p}.seat"),
                    format!("unknown command post `{}`", r.seat),
                    None,
                );
                continue;
            };
            if r.then.is_empty() {
                self.d.err(
                    &format!("{p}.then"),
                    "a rule needs at least one order",
                    None,
                );
            }
            let wp = format!("{p}.when");
            if let RawTrigger::ConcentrationAbove { ppm, .. } = &r.when
                && !(0.0..=MAX_PPM).contains(ppm)
            {
                self.d.err(
                    &format!("{wp}.ppm"),
                    format!("concentration {ppm} ppm is outside 0–{MAX_PPM}"),
                    None,
                );
            }
            match &r.when {
                RawTrigger::At(t) => {
                    self.span_ok(&wp, *t, "time");
                }
                RawTrigger::InjectReceived(id) if !self.injects_ids.contains(id) => {
                    self.d.err(&wp, format!("unknown inject `{id}`"), None);
                }
                RawTrigger::GaugeAbove { gauge, .. }
                    if self
                        .place_kinds
                        .get(gauge.as_str())
                        .is_none_or(|k| *k != PlaceKind::RiverGauge)
                        && !self.place_error_reported(gauge) =>
                {
                    self.d.err(
                        &format!("{wp}.gauge"),
                        format!("`{gauge}` is not a river gauge"),
                        None,
                    );
                }
                RawTrigger::HazardWithin { place, distance_m } => {
                    if !self.place_kinds.contains_key(place.as_str())
                        && !self.place_error_reported(place)
                    {
                        self.d.err(
                            &format!("{wp}.place"),
                            format!("unknown place `{place}`"),
                            None,
                        );
                    }
                    if !(0.0..=20_000.0).contains(distance_m) {
                        self.d.err(
                            &format!("{wp}.distance_m"),
                            "distance must be 0–20 000 m",
                            None,
                        );
                    }
                }
                RawTrigger::ConcentrationAbove { place, .. } | RawTrigger::PlaceReached(place)
                    if !self.place_kinds.contains_key(place.as_str())
                        && !self.place_error_reported(place) =>
                {
                    self.d.err(&wp, format!("unknown place `{place}`"), None);
                }
                _ => {}
            }
            out.rules.push(r.clone());
            out.rule_seats.push(m);
        }
        out
    }

    /// Plan actions are orders: check each against the built scenario (authority,
    /// capabilities, places) and point at the rule.
    pub(super) fn check_plan_orders(mut self, sc: Scenario) -> Result<Scenario, Vec<Diagnostic>> {
        for (i, r) in sc.plan.rules.iter().enumerate() {
            for (k, order) in r.then.iter().enumerate() {
                let input = crate::order::Input {
                    at: crate::time::Dur(0),
                    seat: r.seat.clone(),
                    order: order.clone(),
                };
                if let Some((msg, _)) = crate::scenario::authority::check_input(&sc, &input) {
                    self.d.err(
                        &format!("plan.rules[{i}].then[{k}]"),
                        format!("rule `{}`: {msg}", r.id),
                        None,
                    );
                }
            }
        }
        if self.d.is_empty() {
            Ok(sc)
        } else {
            Err(self.d.take())
        }
    }
}
