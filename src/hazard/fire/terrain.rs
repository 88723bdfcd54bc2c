//! Terrain of the raster spread: slope (tan) and upslope azimuth of every cell from the
//! elevation raster by Horn's (1981) 3×3 finite differences, one-sided at the grid edges.
//!
//! Invariant: a flat cell has slope exactly 0 (and azimuth 0), so it uses the flat-ground
//! ellipse of its fuel.

/// Slope (tan) and upslope azimuth (radians clockwise from north) of every cell by
/// Horn's (1981) 3×3 finite differences (one-sided at the grid edges).
pub(super) fn horn_slope(
    width: usize,
    height: usize,
    cell_m: f64,
    z: &[f32],
) -> (Vec<f32>, Vec<f32>) {
    let n = width * height;
    let mut slope = vec![0.0f32; n];
    let mut az = vec![0.0f32; n];
    let at = |c: i64, r: i64| -> f64 {
        let c = c.clamp(0, width as i64 - 1) as usize;
        let r = r.clamp(0, height as i64 - 1) as usize;
        f64::from(z[r * width + c])
    };
    for r in 0..height as i64 {
        for c in 0..width as i64 {
            // Neighbour offsets clamped at the edges; the run is scaled to match, so an
            // edge cell uses a one-sided difference rather than a halved gradient.
            let (cl, cr) = ((c - 1).max(0), (c + 1).min(width as i64 - 1));
            let (rn, rs) = ((r - 1).max(0), (r + 1).min(height as i64 - 1));
            let run_e = (cr - cl) as f64 * cell_m;
            let run_n = (rs - rn) as f64 * cell_m;
            // Gradient: east component (+col) and north component (−row).
            let ge = if run_e > 0.0 {
                ((at(cr, r - 1) + 2.0 * at(cr, r) + at(cr, r + 1))
                    - (at(cl, r - 1) + 2.0 * at(cl, r) + at(cl, r + 1)))
                    / (4.0 * run_e)
            } else {
                0.0
            };
            let gn = if run_n > 0.0 {
                ((at(c - 1, rn) + 2.0 * at(c, rn) + at(c + 1, rn))
                    - (at(c - 1, rs) + 2.0 * at(c, rs) + at(c + 1, rs)))
                    / (4.0 * run_n)
            } else {
                0.0
            };
            let i = r as usize * width + c as usize;
            let s = ge.hypot(gn);
            if s > 1.0e-9 {
                slope[i] = s as f32;
                az[i] = ge.atan2(gn) as f32;
            }
        }
    }
    (slope, az)
}

#[cfg(test)]
mod tests {
    use crate::hazard::fire::FireGrid;
    use crate::hazard::fire::test_support::{close, fire};

    #[test]
    fn slope_from_elevation_speeds_upslope() {
        let (w, h, cm) = (101usize, 101usize, 10.0);
        // Elevation rises to the north (row 0 highest): 30 % slope.
        let elev: Vec<f32> = (0..w * h)
            .map(|i| ((h - 1 - i / w) as f64 * cm * 0.3) as f32)
            .collect();
        let mut g = FireGrid::new(w, h, cm, vec![1; w * h], elev).expect("grid");
        assert!(close(g.slope_at(50 * w + 50).expect("cell"), 0.3, 1e-5));
        assert!(close(g.slope_at(0).expect("edge"), 0.3, 1e-5));
        g.ignite(50 * w + 50, 0.0).expect("ignite");
        g.advance_to(f64::INFINITY).expect("advance");
        let north = g.arrival_s(10 * w + 50).expect("north");
        let south = g.arrival_s(90 * w + 50).expect("south");
        assert!(north < south);
        let f = fire("FM1", 0.0, 0.3);
        assert!(close(400.0 / north * 60.0, f.head_ros_m_min, 0.01));
    }
}
