//! The frame-advance system: each frame runs the whole ticks the clock owes
//! ([`Pace`](super::clock::Pace)), seeks a replay when asked, holds an official session
//! to its round's pace, and tells when the exercise ends or the recording fails. The
//! engine only ever moves by whole ticks, so a live session stays deterministic.

use std::sync::atomic::Ordering;

use bevy::prelude::*;

use super::i18n::tr as t;
use super::session::Session;

/// Ticks a frame may run at most (×600 with 1-s ticks at 30 frames/s needs 20).
const MAX_TICKS_PER_FRAME: u64 = 120;

/// Each frame: run the whole ticks the clock owes.
pub(super) fn advance(mut sess: NonSendMut<Session>, time: Res<Time>) {
    let sess = &mut *sess;
    let dt = time.delta_secs_f64();
    sess.frames += 1;
    sess.frame_s_total += dt;
    if let Some((_, times)) = sess.bench.as_mut() {
        times.push(dt);
        sess.pace.running = true;
    }
    if sess.shot.is_some() {
        return;
    }
    if let Some(tick) = sess.seek_to.take() {
        sess.seek(tick);
    }
    let tick_s = sess.engine.clock().tick_s;
    let mut n = sess.pace.ticks_for_frame(dt, tick_s, MAX_TICKS_PER_FRAME);
    if let Some(o) = &sess.official {
        let allowed = crate::compete::pace::ticks_allowed(
            sess.engine.clock().tick,
            tick_s,
            o.max_speed,
            o.started.elapsed().as_secs_f64(),
            crate::compete::pace::OFFICIAL_SLACK_S,
        );
        n = n.min(allowed);
    }
    let last = sess.last_tick();
    for _ in 0..n {
        if sess.engine.finished() || sess.engine.clock().tick > last {
            sess.pace.running = false;
            break;
        }
        sess.engine.step();
    }
    if let Some(o) = sess.official.as_mut()
        && !o.ended.load(Ordering::Relaxed)
        && sess.engine.finished()
    {
        o.ended.store(true, Ordering::Relaxed);
        sess.pace.running = false;
        // told in the window and, for the official at the terminal, on standard error
        sess.notice = Some(match sess.engine.record_error() {
            Some(e) => {
                eprintln!("the exercise reached its end but the recording failed: {e}");
                (format!("{}: {e}", t(sess.lang, "official_failed")), false)
            }
            None => {
                eprintln!("the exercise reached its end: the recording is signed");
                (t(sess.lang, "official_signed").to_string(), true)
            }
        });
    }
    if let Some(e) = sess.engine.record_error() {
        let msg = format!("recording stopped: {e}");
        if sess.notice.as_ref().is_none_or(|(m, _)| *m != msg) {
            sess.notice = Some((msg, false));
        }
    }
}
