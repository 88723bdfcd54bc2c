//! Changes of conditions during a run of [`FireGrid`]: a weather set now or scheduled
//! ([`FireGrid::set_weather`], [`FireGrid::schedule_weather`]), the list of scheduled
//! events (weather changes, water drops starting or ending) and the re-planning of every
//! tentative arrival from the ignited front when conditions change.
//!
//! Invariants: events are kept sorted by time; changes made at one instant are collected
//! and applied once, at the next [`FireGrid::advance_to`]; re-planning never touches an
//! arrival that is already final.

use super::conditions::Conditions;
use super::spread::{BLOCKING, FLAG_IGNITED, Item, NO_DIR};
use super::stencil::{N_BREACH_DIRS, N_DIRS};
use super::{FireError, FireGrid, Weather};

/// Scheduled change of conditions.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) enum EventKind {
    Weather(Weather),
    /// A water drop starts or ends: re-plan the front.
    Water,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Event {
    pub(super) t: f64,
    pub(super) kind: EventKind,
}

impl FireGrid {
    /// Sets the weather from the current time on; the front is re-planned (lazily, at
    /// the next [`FireGrid::advance_to`]).
    pub fn set_weather(&mut self, weather: Weather) -> Result<(), FireError> {
        weather.validate()?;
        let id = self.cond.id.wrapping_add(1).max(1);
        let new = Conditions::new(
            weather,
            self.now,
            id,
            &self.present,
            self.settings.wind_limit,
        )?;
        self.mark_replan();
        self.cond = new;
        Ok(())
    }

    /// Records the conditions in force before a change (first change of this instant
    /// only) and flags the front for re-planning.
    pub(super) fn mark_replan(&mut self) {
        if self.replan_old.is_none() {
            let mut old = self.cond.clone();
            old.id = 0;
            self.replan_old = Some(old);
        }
        self.dirty = true;
    }

    /// Re-plans the front if anything changed since the last propagation.
    pub(super) fn flush(&mut self) {
        if self.dirty {
            let old = self.replan_old.take();
            self.rebuild(old.as_ref());
        }
    }

    /// Schedules a weather change at `time_s` (applied immediately if not in the future).
    pub fn schedule_weather(&mut self, time_s: f64, weather: Weather) -> Result<(), FireError> {
        weather.validate()?;
        if !time_s.is_finite() {
            return Err(FireError::InvalidInput("time must be finite"));
        }
        if time_s <= self.now {
            return self.set_weather(weather);
        }
        self.push_event(time_s, EventKind::Weather(weather));
        Ok(())
    }

    pub(super) fn push_event(&mut self, t: f64, kind: EventKind) {
        let at = self.events.partition_point(|e| e.t <= t);
        self.events.insert(at, Event { t, kind });
    }

    /// Travel time (s) of move `k` from `a` to `b` under conditions `c`, water
    /// evaluated at `water_t`; infinite if the step cannot burn.
    fn travel_with(&self, a: usize, b: usize, k: usize, c: &Conditions, water_t: f64) -> f64 {
        let d = &self.dirs[k];
        let active = self.crowning(a);
        let ra = self.ellipse_for(a, c).rate_from(d.ux, d.uy, active);
        let rb = self.ellipse_for(b, c).rate_from(d.ux, d.uy, active);
        let wf = self
            .water_factor(a, water_t)
            .min(self.water_factor(b, water_t));
        if !(ra > 0.0 && rb > 0.0 && wf > 0.0) {
            return f64::INFINITY;
        }
        d.half_len * self.cell_m * (1.0 / ra + 1.0 / rb) / wf
    }

    /// Recomputes every tentative arrival from the ignited front at the current time.
    /// `old`: the conditions in force before the change (`None`: unchanged).
    fn rebuild(&mut self, old: Option<&Conditions>) {
        let t_now = self.now;
        let mut active = std::mem::take(&mut self.active);
        active.retain(|&a| self.has_open_neighbor(a as usize));
        for &a in &active {
            for k in 0..N_DIRS {
                if let Some(b) = self.step_target(a as usize, k) {
                    self.time[b] = f64::INFINITY;
                }
            }
            for k in 0..N_BREACH_DIRS {
                if let Some((b, _)) = self.breach_target(a as usize, k) {
                    self.time[b] = f64::INFINITY;
                }
            }
        }
        self.heap.clear();
        let flags = &self.flags;
        self.pending
            .retain(|&(_, c)| flags[c as usize] & (FLAG_IGNITED | BLOCKING) == 0);
        for &(_, c) in &self.pending {
            self.time[c as usize] = f64::INFINITY;
        }
        for i in 0..self.pending.len() {
            let (t, c) = self.pending[i];
            if t < self.time[c as usize] {
                self.time[c as usize] = t;
                self.src_dir[c as usize] = NO_DIR;
            }
            self.heap.push(Item { t, cell: c });
        }
        for &a32 in &active {
            let a = a32 as usize;
            let ta = self.time[a];
            let wa_now = self.water_factor(a, t_now);
            let active = self.crowning(a);
            for k in 0..N_DIRS {
                let Some(b) = self.step_target(a, k) else {
                    continue;
                };
                let d = self.dirs[k];
                let ra = self.ell_cached(a).rate_from(d.ux, d.uy, active);
                let rb = self.ell_cached(b).rate_from(d.ux, d.uy, active);
                let wf = wa_now.min(self.water_factor(b, t_now));
                if !(ra > 0.0 && rb > 0.0 && wf > 0.0) {
                    continue;
                }
                let t_new = d.half_len * self.cell_m * (1.0 / ra + 1.0 / rb) / wf;
                let t_old = match old {
                    Some(c) => self.travel_with(a, b, k, c, c.start_s),
                    None => t_new,
                };
                let remaining = if t_old.is_finite() && t_old > 0.0 {
                    (1.0 - (t_now - ta) / t_old).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                let t = t_now + remaining * t_new;
                if t < self.time[b] {
                    self.time[b] = t;
                    self.src_dir[b] = k as u8;
                    self.heap.push(Item { t, cell: b as u32 });
                }
            }
            let code_a = usize::from(self.fuel[a]);
            for k in 0..N_BREACH_DIRS {
                let Some((b, gap_m)) = self.breach_target(a, k) else {
                    continue;
                };
                let wf = wa_now.min(self.water_factor(b, t_now));
                let d = self.dirs[k];
                let (ea, eb) = (self.ell_cached(a), self.ell_cached(b));
                let hpa = self.cond.hpa.get(code_a).copied().unwrap_or(0.0);
                let (flame, ra) = self.flame_toward(a, &ea, hpa, d.ux, d.uy);
                let rb = eb.rate_from(d.ux, d.uy, active);
                let t_new = self.breach_time(ra, rb, flame, k, gap_m) / wf;
                if !(wf > 0.0 && t_new.is_finite()) {
                    continue;
                }
                let t_old = match old {
                    Some(c) => {
                        let hpa_old = c.hpa.get(code_a).copied().unwrap_or(0.0);
                        let wf_old = self
                            .water_factor(a, c.start_s)
                            .min(self.water_factor(b, c.start_s));
                        let ea_old = self.ellipse_for(a, c);
                        let (flame_old, ra_old) =
                            self.flame_toward(a, &ea_old, hpa_old, d.ux, d.uy);
                        let rb_old = self.ellipse_for(b, c).rate_from(d.ux, d.uy, active);
                        self.breach_time(ra_old, rb_old, flame_old, k, gap_m) / wf_old
                    }
                    None => t_new,
                };
                let remaining = if t_old.is_finite() && t_old > 0.0 {
                    (1.0 - (t_now - ta) / t_old).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                let t = t_now + remaining * t_new;
                if t < self.time[b] {
                    self.time[b] = t;
                    self.src_dir[b] = k as u8;
                    self.heap.push(Item { t, cell: b as u32 });
                }
            }
        }
        self.active = active;
        self.dirty = false;
        self.replan_old = None;
    }
}

#[cfg(test)]
mod tests {
    use crate::hazard::fire::test_support::{uniform, wind};

    #[test]
    fn wind_shift_turns_the_front() {
        let (w, h) = (201usize, 201usize);
        let run = |shift: bool| {
            let mut g = uniform(w, h, 10.0, 1);
            g.set_weather(wind(3.0, 270.0)).expect("weather");
            g.ignite(100 * w + 100, 0.0).expect("ignite");
            if shift {
                g.schedule_weather(600.0, wind(3.0, 0.0)).expect("schedule");
            }
            g.advance_to(5400.0).expect("advance");
            g
        };
        let a = run(false);
        let b = run(true);
        let south = 160 * w + 100;
        let ta = a.arrival_s(south).unwrap_or(f64::INFINITY);
        let tb = b.arrival_s(south).expect("south reached after the shift");
        assert!(tb < ta, "{tb} vs {ta}");
        // Cells burnt before the shift are identical in both runs.
        for c in 0..w * h {
            if let Some(t) = a.arrival_s(c).filter(|&t| t <= 600.0) {
                assert_eq!(b.arrival_s(c), Some(t));
            }
        }
        // The eastward head slows down after the wind turns.
        let east = 100 * w + 190;
        assert!(b.arrival_s(east).unwrap_or(f64::INFINITY) > a.arrival_s(east).unwrap_or(0.0));
    }
}
