//! CAP alerts of a report: parsed back, every required element checked.

use super::*;

/// (path, text) of every element with text, e.g. `("alert/info/urgency", "Expected")`;
/// the root's namespace as `("alert/@xmlns", …)`.
pub(super) fn parse_cap(xml: &str) -> Vec<(String, String)> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let mut r = Reader::from_str(xml);
    r.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                for a in e.attributes() {
                    let a = a.unwrap();
                    out.push((
                        format!(
                            "{}/@{}",
                            name,
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap()
                        ),
                        a.unescape_value().unwrap().into_owned(),
                    ));
                }
                path.push(name);
                out.push((path.join("/"), String::new()));
            }
            Event::Text(t) => {
                let v = t.decode().unwrap().into_owned();
                let v = quick_xml::escape::unescape(&v).unwrap().into_owned();
                out.last_mut().unwrap().1.push_str(&v);
            }
            Event::GeneralRef(g) => {
                let name = g.decode().unwrap().into_owned();
                let v = quick_xml::escape::unescape(&format!("&{name};"))
                    .unwrap()
                    .into_owned();
                out.last_mut().unwrap().1.push_str(&v);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty());
    out
}

/// Every element CAP 1.2 requires, with values from its value lists.
pub(super) fn check_cap(cap: &[(String, String)], f: &Path) {
    let all = |k: &str| -> Vec<&str> {
        cap.iter()
            .filter(|(p, _)| p == k)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let one = |k: &str| -> String {
        let v = all(k);
        assert_eq!(v.len(), 1, "{}: {k} {v:?}", f.display());
        assert!(!v[0].is_empty(), "{}: empty {k}", f.display());
        v[0].to_string()
    };
    assert_eq!(one("alert/@xmlns"), "urn:oasis:names:tc:emergency:cap:1.2");
    let id = one("alert/identifier");
    assert!(!id.contains(' ') && !id.contains(',') && !id.contains('<') && !id.contains('&'));
    let sender = one("alert/sender");
    assert!(!sender.contains(' ') && !sender.contains(','));
    let sent = one("alert/sent");
    // YYYY-MM-DDThh:mm:ss+hh:mm
    assert_eq!(sent.len(), 25, "{sent}");
    assert_eq!(&sent[10..11], "T");
    assert_eq!(&sent[19..], "+08:00");
    assert!(sent.starts_with("2026-07-21T1"), "{sent}");
    assert_eq!(one("alert/status"), "Exercise");
    let msg_type = one("alert/msgType");
    assert!(["Alert", "Update", "Cancel", "Ack", "Error"].contains(&msg_type.as_str()));
    let scope = one("alert/scope");
    assert!(["Public", "Restricted", "Private"].contains(&scope.as_str()));
    if scope == "Restricted" {
        one("alert/restriction");
    }
    if msg_type == "Ack" {
        let r = one("alert/references");
        assert_eq!(r.split(',').count(), 3, "{r}");
        return;
    }
    let infos = all("alert/info");
    assert!(!infos.is_empty(), "{}: no info", f.display());
    let cats = all("alert/info/category");
    assert!(!cats.is_empty());
    for c in cats {
        assert!(
            [
                "Geo",
                "Met",
                "Safety",
                "Security",
                "Rescue",
                "Fire",
                "Health",
                "Env",
                "Transport",
                "Infra",
                "CBRNE",
                "Other"
            ]
            .contains(&c),
            "{c}"
        );
    }
    one("alert/info/event");
    assert!(
        ["Immediate", "Expected", "Future", "Past", "Unknown"]
            .contains(&one("alert/info/urgency").as_str())
    );
    assert!(
        ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
            .contains(&one("alert/info/severity").as_str())
    );
    assert!(
        ["Observed", "Likely", "Possible", "Unlikely", "Unknown"]
            .contains(&one("alert/info/certainty").as_str())
    );
    for rt in all("alert/info/responseType") {
        assert!(
            [
                "Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess",
                "AllClear", "None"
            ]
            .contains(&rt)
        );
    }
    one("alert/info/headline");
    one("alert/info/area/areaDesc");
    assert_eq!(one("alert/info/category"), "Met");
}
