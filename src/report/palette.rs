//! The colours of a place's status, shared by the report's maps and the GUI's map
//! (`gui::map::palette`), so that a reviewer who sees both reads one colour one way.
//! None of them is a hazard colour (the blue depth ramp, fire orange, the yellow /
//! orange / red AEGL threat zones), so a place stays legible on a hazard area.

/// Not warned yet: white.
pub const NOT_WARNED: [u8; 3] = [255, 255, 255];
/// Households warned: purple.
pub const WARNED: [u8; 3] = [130, 90, 220];
/// Told to shelter in place: pink.
pub const SHELTERING: [u8; 3] = [240, 130, 190];
/// Evacuation under way: lime.
pub const EVACUATING: [u8; 3] = [150, 200, 0];
/// Evacuated, nobody left: dark green.
pub const EVACUATED: [u8; 3] = [0, 130, 70];
/// Reached by the hazard: black (the GUI fills the place; the report rings it, keeping
/// its status colour inside).
pub const REACHED: [u8; 3] = [0, 0, 0];

/// `#rrggbb` of a colour.
pub fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}
