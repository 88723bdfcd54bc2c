//! Orders files: a RON list of `(at: "00:05:00", seat: "district_hq", order: …)`,
//! each entry checked against the exercise's time and the seat's authority, with
//! every mistake at `file:line:col`. The seat `"facilitator"` may fail and restore
//! links and change the wind.

use std::path::Path;
use std::sync::Arc;

use crate::order::Input;
use crate::scenario::Scenario;
use crate::scenario::authority::check_input;
use crate::scenario::diag::{Diagnostic, Diags};

/// Read an orders file (at most [`crate::source::MAX_ORDERS_BYTES`], through the
/// bounded reader) and check every entry against the scenario.
pub fn load_orders(path: &Path, s: &Scenario) -> Result<Vec<Input>, Vec<Diagnostic>> {
    let text = super::diag::read_source(path, crate::source::MAX_ORDERS_BYTES, "orders file", None)
        .map_err(|d| vec![*d])?;
    orders_from_text(path, &text, s)
}

/// The `i`th order of a file must fall within the exercise and on a tick.
pub fn check_order_time(d: &mut Diags, s: &Scenario, i: usize, input: &Input) {
    if input.at.0 > s.meta.duration_s {
        d.err(
            &format!("[{i}].at"),
            format!("order at {} comes after the end of the exercise", input.at),
            None,
        );
    } else if !input.at.0.is_multiple_of(s.meta.tick_s) {
        d.err(
            &format!("[{i}].at"),
            format!(
                "order time {} is not on a {}-s tick",
                input.at, s.meta.tick_s
            ),
            None,
        );
    }
}

/// Parse and check orders text.
pub fn orders_from_text(
    path: &Path,
    text: &str,
    s: &Scenario,
) -> Result<Vec<Input>, Vec<Diagnostic>> {
    let mut d = Diags::new(path, Arc::new(text.to_string()));
    let inputs: Vec<Input> = d.parse()?;
    for (i, input) in inputs.iter().enumerate() {
        check_order_time(&mut d, s, i, input);
        if let Some((msg, field)) = check_input(s, input) {
            let path = match field {
                "seat" => format!("[{i}].seat"),
                "order" => format!("[{i}].order"),
                f => format!("[{i}].{f}"),
            };
            d.err(&path, msg, None);
        }
    }
    if d.is_empty() {
        let mut inputs = inputs;
        inputs.sort_by_key(|i| i.at);
        Ok(inputs)
    } else {
        Err(d.take())
    }
}
