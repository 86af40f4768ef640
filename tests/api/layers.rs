//! The module graph, read from the source: layers depend one way (`api → service → rules, store
//! → db, domain`), `rules` does no I/O, the layers under the API have their own error types, and
//! no two top-level modules import each other, directly or around a cycle. A workspace would have the compiler say so; this says it in one crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules and those they must never import.
/// `error` is HTTP's: the layers under `api` and `http` have their own error types.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "db", "store", "rules", "service", "api", "http", "state", "auth", "views", "error",
        ],
    ),
    (
        "db",
        &[
            "domain", "store", "rules", "service", "api", "http", "state", "auth", "views", "error",
        ],
    ),
    (
        "rules",
        &[
            "db", "store", "service", "api", "http", "state", "auth", "config", "views", "error",
        ],
    ),
    (
        "store",
        &[
            "rules", "service", "api", "http", "state", "auth", "views", "error",
        ],
    ),
    (
        "views",
        &["service", "api", "http", "state", "auth", "error"],
    ),
    ("service", &["api", "http", "state", "error"]),
    (
        "auth",
        &["api", "http", "state", "service", "store", "views", "error"],
    ),
    ("proofread", &["api", "http", "state", "service", "error"]),
    ("http", &["api", "state"]),
];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each top-level module (a file or directory under src/) with the top-level modules it names
/// as `crate::…`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|name| name.trim_end_matches(".rs").to_string())
            .expect("a module name");
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file");
        let deps = graph.entry(module.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

#[test]
fn layers_depend_one_way() {
    let graph = graph();
    for (module, forbidden) in FORBIDDEN {
        let deps = graph
            .get(*module)
            .unwrap_or_else(|| panic!("no module {module}"));
        let wrong: Vec<&String> = deps
            .iter()
            .filter(|d| forbidden.contains(&d.as_str()))
            .collect();
        assert!(wrong.is_empty(), "{module} imports {wrong:?}");
    }
}

#[test]
fn no_module_cycle_remains() {
    let graph = graph();
    // Depth-first search; a module met again while on the path closes a cycle.
    fn visit<'a>(
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        module: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(start) = path.iter().position(|m| *m == module) {
            panic!("a cycle: {:?} → {module}", &path[start..]);
        }
        if !done.insert(module) {
            return;
        }
        path.push(module);
        for dep in graph.get(module).into_iter().flatten() {
            if graph.contains_key(dep.as_str()) {
                visit(graph, dep, path, done);
            }
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(&graph, module, &mut Vec::new(), &mut done);
    }
}

/// Handlers reach the database only through `service::Service`, whose handles own the
/// transaction, the re-plan and the cache invalidation: no connection, pool or bare `db::run`
/// of their own.
#[test]
fn the_api_reaches_the_database_only_through_the_service() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for layer in ["api", "http", "auth"] {
        sources(&src.join(layer), &mut files);
    }
    let bypasses = [
        "db::run(",
        "db::run_write(",
        "db::write(",
        "db::connect",
        ".pool()",
        "db::transaction(",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for bypass in bypasses {
            assert!(
                !text.contains(bypass),
                "{} calls {bypass} outside the service",
                file.display()
            );
        }
    }
}
