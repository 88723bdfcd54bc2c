//! Frame-time measurement (`drillsim play --frames N`): run N frames with the clock
//! running, then print the mean and 95th-percentile frame time and exit. The frame-advance
//! system notes each frame's time and keeps the clock running while this lasts.

use bevy::prelude::*;

use super::session::Session;
use crate::time::hms;

/// Count down the frames; at the last, print the frame times and exit.
pub(super) fn measure(mut sess: NonSendMut<Session>, mut exit: MessageWriter<AppExit>) {
    let sess = &mut *sess;
    let Some((left, times)) = sess.bench.as_mut() else {
        return;
    };
    *left = left.saturating_sub(1);
    if *left == 0 {
        // the first frames build pipelines and upload textures: leave out the first 10
        let mut v: Vec<f64> = times.iter().skip(10).map(|t| t * 1000.0).collect();
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        let p95 = v.get(v.len() * 95 / 100).copied().unwrap_or(0.0);
        let (tick, t_s) = sess.now();
        eprintln!(
            "frames: {}  mean frame {mean:.1} ms ({:.1} fps)  p95 {p95:.1} ms  simulated to {} (tick {tick}) at ×{}",
            v.len(),
            1000.0 / mean.max(1e-9),
            hms(t_s),
            sess.pace.speed
        );
        exit.write(AppExit::Success);
    }
}
