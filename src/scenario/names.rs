//! The scenario's names for its ids: what people read where the engine and the scoring
//! write ids (`v_dongwan`, `district_hq`, `warning:dongwan`). Used by the GUI and the
//! report, so both say the same.

use super::Scenario;

/// The scenario's name for the place or member `id` (a unit is a member), or `id`
/// itself when the scenario names nothing so.
pub fn name_of(s: &Scenario, id: &str) -> String {
    if let Some(p) = s.places.iter().find(|p| p.id == id) {
        return p.name.clone();
    }
    if let Some(m) = s.org.find(id) {
        return s.org.member(m).name.clone();
    }
    id.to_string()
}

/// Whether `id` is a place or member id of the scenario.
fn is_known(s: &Scenario, id: &str) -> bool {
    s.places.iter().any(|p| p.id == id) || s.org.find(id).is_some()
}

/// `text` with every place or member id that stands as a word (a run of ASCII
/// letters, digits, `_` and `-`) replaced by its name; an item label
/// `warning:<place>` reads `warning for <name>` and `evacuate:<place>` `evacuation
/// order for <name>`. Anything else is kept as written.
pub fn names_for_ids(s: &Scenario, text: &str) -> String {
    let is_id = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        if is_known(s, word) {
            for (label, words) in [
                ("warning:", "warning for "),
                ("evacuate:", "evacuation order for "),
            ] {
                let before = out.len().saturating_sub(label.len());
                // a label starts the text or follows a non-id character
                if out.ends_with(label)
                    && out[..before].chars().next_back().is_none_or(|c| !is_id(c))
                {
                    out.truncate(before);
                    out.push_str(words);
                    break;
                }
            }
            out.push_str(&name_of(s, word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_id(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn riverside() -> Scenario {
        let p =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/flood/riverside.ron");
        crate::scenario::load(&p).expect("bundled scenario loads")
    }

    #[test]
    fn ids_read_as_names_and_other_words_stay() {
        let s = riverside();
        let dongwan = name_of(&s, "dongwan");
        assert_ne!(dongwan, "dongwan", "the bundled scenario names dongwan");
        let post = name_of(&s, "district_hq");
        assert_ne!(post, "district_hq");
        assert_eq!(
            names_for_ids(&s, "warning:dongwan waited 00:07:00 at district_hq"),
            format!("warning for {dongwan} waited 00:07:00 at {post}")
        );
        assert_eq!(
            names_for_ids(&s, "evacuate:dongwan at district_hq"),
            format!("evacuation order for {dongwan} at {post}")
        );
        // a label glued to another word is not an item label
        assert_eq!(
            names_for_ids(&s, "prewarning:dongwan"),
            format!("prewarning:{dongwan}")
        );
        // parts of longer ids, unknown ids and ordinary words are kept
        assert_eq!(
            names_for_ids(&s, "dongwan_x, nowhere; households warned"),
            "dongwan_x, nowhere; households warned"
        );
        assert_eq!(names_for_ids(&s, ""), "");
    }
}
