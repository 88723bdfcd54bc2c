//! The crate's modules depend on each other in one direction only (see
//! `docs/architecture.md`): each top-level module has a layer, and a module may name
//! (`crate::x`) only modules in lower layers, or a module of its own layer listed in
//! [`SAME_LAYER`]. The test reads the sources as text, as a newcomer would: comments
//! and `#[cfg(test)]` modules are left out (tests may reach anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layers, lowest first. A module not listed here fails the test: place it.
const LAYERS: &[&[&str]] = &[
    // foundations: plain data and text, no dependency on the exercise
    &["time", "source", "output", "catalog"],
    &["order", "map"],
    // the scenario language
    &["scenario"],
    // hazard models, then the exercise engine that runs them
    &["hazard"],
    &["sim"],
    // what is computed from a run
    &["scoring", "record", "org"],
    // what is made of runs and recordings
    &[
        "report", "compete", "batch", "probe", "seat", "author", "export",
    ],
    // front ends
    &["cli", "gui", "server"],
];

/// Edges allowed inside one layer (the only exceptions to "lower layers only").
const SAME_LAYER: &[(&str, &str)] = &[
    ("order", "time"),
    ("map", "source"),
    ("compete", "report"),
    // a seat's words (events, orders, items by name) in the report's languages
    ("seat", "report"),
    // one safe writer for new files in the products layer
    ("export", "author"),
    ("cli", "gui"),
    ("cli", "server"),
];

/// Largest source file, lines (split a file before it grows past this).
const MAX_FILE_LINES: usize = 1200;

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src is readable") {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/sim/engine.rs` → `sim`).
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("non-empty");
    let s = first.as_os_str().to_string_lossy();
    s.strip_suffix(".rs").unwrap_or(&s).to_string()
}

/// `crate::x` names in code (comments and test modules left out); in a file at
/// `src/a/b.rs`, `super::super::x` is `crate::x` too.
fn crate_refs(text: &str, depth: usize) -> BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut prefixes = vec!["crate::"];
    if depth == 2 {
        prefixes.push("super::super::");
    }
    for prefix in prefixes {
        for (i, _) in code.match_indices(prefix) {
            let before = code[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let name: String = code[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn layer_of(m: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&m))
}

#[test]
fn modules_depend_only_on_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    files.sort();
    let mut edges: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    let mut unplaced = BTreeSet::new();
    for f in &files {
        let m = top_module(&src, f);
        if m == "lib" || m == "main" {
            continue;
        }
        if layer_of(&m).is_none() {
            unplaced.insert(m.clone());
        }
        let text = std::fs::read_to_string(f).expect("source is UTF-8");
        let depth = f.strip_prefix(&src).map_or(0, |r| r.components().count());
        for to in crate_refs(&text, depth) {
            if to != m {
                edges.entry((m.clone(), to)).or_insert_with(|| f.clone());
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules without a layer in tests/layering.rs: {unplaced:?} — place them in LAYERS \
         and in docs/architecture.md"
    );
    let mut wrong = Vec::new();
    for ((from, to), file) in &edges {
        let (Some(a), Some(b)) = (layer_of(from), layer_of(to)) else {
            continue;
        };
        let ok = b < a || (a == b && SAME_LAYER.contains(&(from.as_str(), to.as_str())));
        if !ok {
            wrong.push(format!(
                "{from} (layer {a}) uses {to} (layer {b}) in {}",
                file.strip_prefix(&src).unwrap_or(file).display()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the dependency direction:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn no_source_file_holds_too_much() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    let big: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > MAX_FILE_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(big.is_empty(), "split these along their concepts: {big:?}");
}

#[test]
fn the_checker_sees_imports_and_ignores_comments_and_tests() {
    let text = "use crate::sim::Engine;\n// crate::gui in a comment\nlet x = crate::map::GridSpec::new();\n\
                use super::super::order::Order;\n#[cfg(test)]\nmod tests { use crate::report; }";
    let refs: Vec<String> = crate_refs(text, 2).into_iter().collect();
    assert_eq!(refs, ["map", "order", "sim"]);
    let refs: Vec<String> = crate_refs(text, 3).into_iter().collect();
    assert_eq!(refs, ["map", "sim"]);
    assert_eq!(layer_of("sim"), Some(4));
    assert!(layer_of("nowhere").is_none());
}
