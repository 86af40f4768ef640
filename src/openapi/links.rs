//! The links of a created resource (OpenAPI `links`), derived from the paths rather than written
//! beside each create: what a client can do next with the new `id`, and what the stateful
//! contract tools follow. A resource added later gets its links by having the paths.
//!
//! From `POST /v1/things` answering 201, there is a link to
//! - every operation on `/v1/things/{id}` and below it that takes no other path parameter
//!   (read, change, delete, its actions and sub-collections), with that parameter, whatever its
//!   name, from the body's `id`;
//! - every list that filters by `thing_id`, with that query parameter from the body.
//!
//! A link is named after its operation, in PascalCase (`get_task` → `GetTask`).

use std::collections::BTreeMap;

use utoipa::openapi::link::{Link, LinkBuilder};
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::{OpenApi, RefOr};

const FROM_BODY: &str = "$response.body#/id";

/// Adds the derived links to every create's 201.
pub fn add(api: &mut OpenApi) {
    let targets = targets(&api.paths.paths);
    for (path, item) in api.paths.paths.iter_mut() {
        let Some(RefOr::T(created)) = item
            .post
            .as_mut()
            .and_then(|post| post.responses.responses.get_mut("201"))
        else {
            continue;
        };
        for (name, link) in links_from(path, &targets) {
            created.links.entry(name).or_insert(RefOr::T(link));
        }
    }
}

/// Every operation a link may point at: its path, its id, and the query parameters it takes.
struct Target {
    path: String,
    operation_id: String,
    query: Vec<String>,
    path_parameters: usize,
}

fn targets(paths: &BTreeMap<String, PathItem>) -> Vec<Target> {
    let mut found = Vec::new();
    for (path, item) in paths {
        let operations = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
        for operation in operations.into_iter().flatten() {
            let Some(operation_id) = operation.operation_id.clone() else {
                continue;
            };
            found.push(Target {
                path: path.clone(),
                operation_id,
                query: parameters(operation, ParameterIn::Query),
                path_parameters: parameters(operation, ParameterIn::Path).len(),
            });
        }
    }
    found
}

fn parameters(operation: &Operation, place: ParameterIn) -> Vec<String> {
    operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) if p.parameter_in == place => Some(p.name.clone()),
            _ => None,
        })
        .collect()
}

fn links_from(collection: &str, targets: &[Target]) -> Vec<(String, Link)> {
    let filter = collection
        .rsplit('/')
        .next()
        .and_then(|last| last.strip_suffix('s'))
        .map(|thing| format!("{thing}_id"));
    let mut links = Vec::new();
    for target in targets {
        let parameter = if target.path_parameters == 1
            && let Some(name) = id_below(collection, &target.path)
        {
            name
        } else if target.path_parameters == 0
            && let Some(filter) = filter.as_deref()
            && target.query.iter().any(|q| q == filter)
        {
            filter
        } else {
            continue;
        };
        let link = LinkBuilder::new()
            .operation_id(&target.operation_id)
            .parameter(parameter, FROM_BODY)
            .build();
        links.push((pascal(&target.operation_id), link));
    }
    links
}

/// The name of the path parameter that names one of `collection` (`/v1/things/{id}/…`).
fn id_below<'a>(collection: &str, path: &'a str) -> Option<&'a str> {
    let rest = path.strip_prefix(collection)?.strip_prefix("/{")?;
    let (name, after) = rest.split_once('}')?;
    (after.is_empty() || after.starts_with('/')).then_some(name)
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(path: &str, operation_id: &str, query: &[&str], path_parameters: usize) -> Target {
        Target {
            path: path.into(),
            operation_id: operation_id.into(),
            query: query.iter().map(|q| q.to_string()).collect(),
            path_parameters,
        }
    }

    #[test]
    fn a_create_links_to_what_takes_its_id() {
        let targets = [
            target("/v1/notes/{id}", "get_note", &[], 1),
            target("/v1/notes/{id}/done", "complete_note", &[], 1),
            target("/v1/notes/{id}/pins/{pin_id}", "get_pin", &[], 2),
            target("/v1/notes", "list_notes", &["cursor"], 0),
            target("/v1/tasks", "list_tasks", &["note_id", "cursor"], 0),
            target("/v1/notesbook/{id}", "get_book", &[], 1),
            target("/v1/notes/{note_id}/preview", "preview_note", &[], 1),
        ];
        let links = links_from("/v1/notes", &targets);
        let named: Vec<(&str, &str, &str)> = links
            .iter()
            .map(|(name, link)| {
                let (parameter, _) = link.parameters.iter().next().unwrap();
                (
                    name.as_str(),
                    link.operation_id.as_str(),
                    parameter.as_str(),
                )
            })
            .collect();
        assert_eq!(
            named,
            [
                ("GetNote", "get_note", "id"),
                ("CompleteNote", "complete_note", "id"),
                ("ListTasks", "list_tasks", "note_id"),
                ("PreviewNote", "preview_note", "note_id"),
            ]
        );
        assert!(
            links
                .iter()
                .all(|(_, link)| link.parameters.values().all(|v| v == FROM_BODY))
        );
    }
}
