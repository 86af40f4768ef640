//! The links of a created resource (OpenAPI `links`), derived from the paths rather than written
//! beside each create: what a client can do next with the new `id`, and what the stateful
//! contract tools follow. A resource added later gets its links by having the paths.
//!
//! From `POST /v1/things` answering 201 with a body that has an `id`, there is a link to
//! - every operation on `/v1/things/{id}` and below it whose path has no other parameter (read,
//!   change, delete, its actions and sub-collections), with that parameter, whatever its name,
//!   from the body's `id`;
//! - every list (a GET on a path without parameters) that filters by `thing_id`, with that
//!   query parameter from the body's `id`.
//!
//! So a link only ever acts on the resource just created, or reads what hangs off it. A link is
//! named after its operation, in PascalCase (`get_task` → `GetTask`).

use std::collections::BTreeMap;

use utoipa::openapi::link::{Link, LinkBuilder};
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{Components, OpenApi, RefOr};

const FROM_BODY: &str = "$response.body#/id";

/// Adds the derived links to every create's 201.
pub fn add(api: &mut OpenApi) {
    let targets = targets(&api.paths.paths);
    let components = api.components.clone().unwrap_or_default();
    for (path, item) in api.paths.paths.iter_mut() {
        let Some(RefOr::T(created)) = item
            .post
            .as_mut()
            .and_then(|post| post.responses.responses.get_mut("201"))
        else {
            continue;
        };
        let body = created
            .content
            .get("application/json")
            .and_then(|content| match content {
                RefOr::T(content) => content.schema.as_ref(),
                RefOr::Ref(_) => None,
            });
        if !body.is_some_and(|schema| has_id(&components, schema)) {
            continue;
        }
        for (name, link) in links_from(path, &targets) {
            created.links.entry(name).or_insert(RefOr::T(link));
        }
    }
}

/// Whether the schema is an object with an `id` property, directly, by reference or as a part
/// of its `allOf`.
fn has_id(components: &Components, schema: &RefOr<Schema>) -> bool {
    let schema = match schema {
        RefOr::T(schema) => schema,
        RefOr::Ref(reference) => {
            let name = reference
                .ref_location
                .trim_start_matches("#/components/schemas/");
            match components.schemas.get(name) {
                Some(schema) => return has_id(components, schema),
                None => return false,
            }
        }
    };
    match schema {
        Schema::Object(object) => object.properties.contains_key("id"),
        Schema::AllOf(all) => all.items.iter().any(|part| has_id(components, part)),
        _ => false,
    }
}

/// Every operation a link may point at: its method, path and id, and its query parameters.
struct Target {
    read: bool,
    path: String,
    operation_id: String,
    query: Vec<String>,
}

fn targets(paths: &BTreeMap<String, PathItem>) -> Vec<Target> {
    let mut found = Vec::new();
    for (path, item) in paths {
        let operations = [
            (true, &item.get),
            (false, &item.put),
            (false, &item.post),
            (false, &item.delete),
            (false, &item.patch),
        ];
        for (read, operation) in operations {
            let Some(operation) = operation else { continue };
            let Some(operation_id) = operation.operation_id.clone() else {
                continue;
            };
            found.push(Target {
                read,
                path: path.clone(),
                operation_id,
                query: query_parameters(operation),
            });
        }
    }
    found
}

fn query_parameters(operation: &Operation) -> Vec<String> {
    operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) if p.parameter_in == ParameterIn::Query => Some(p.name.clone()),
            _ => None,
        })
        .collect()
}

fn links_from(collection: &str, targets: &[Target]) -> Vec<(String, Link)> {
    let last = collection.rsplit('/').next().unwrap_or_default();
    let mut links = Vec::new();
    for target in targets {
        let parameters = target.path.matches('{').count();
        let parameter = if parameters == 1
            && let Some(name) = id_below(collection, &target.path)
        {
            name
        } else if parameters == 0
            && target.read
            && let Some(filter) = target.query.iter().find(|q| filters(last, q))
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

/// Whether the query parameter `thing_id` names one of the collection `things` (`addresses`,
/// `replies` too).
fn filters(collection: &str, parameter: &str) -> bool {
    let Some(thing) = parameter.strip_suffix("_id") else {
        return false;
    };
    let plural = match thing.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None if thing.ends_with('s') || thing.ends_with('x') => format!("{thing}es"),
        None => format!("{thing}s"),
    };
    collection == plural
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

    fn target(read: bool, path: &str, operation_id: &str, query: &[&str]) -> Target {
        Target {
            read,
            path: path.into(),
            operation_id: operation_id.into(),
            query: query.iter().map(|q| q.to_string()).collect(),
        }
    }

    #[test]
    fn a_create_links_to_what_takes_its_id() {
        let targets = [
            target(true, "/v1/notes/{id}", "get_note", &[]),
            target(false, "/v1/notes/{id}/done", "complete_note", &[]),
            target(true, "/v1/notes/{id}/pins/{pin_id}", "get_pin", &[]),
            target(true, "/v1/notes", "list_notes", &["cursor"]),
            target(true, "/v1/tasks", "list_tasks", &["cursor", "note_id"]),
            // A write that takes the id as a filter acts on other resources: no link.
            target(false, "/v1/tasks", "delete_tasks", &["note_id"]),
            target(true, "/v1/notesbook/{id}", "get_book", &[]),
            target(true, "/v1/notes/{note_id}/preview", "preview_note", &[]),
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

    #[test]
    fn a_filter_names_its_collection_in_the_singular() {
        assert!(filters("tasks", "task_id"));
        assert!(filters("addresses", "address_id"));
        assert!(filters("replies", "reply_id"));
        assert!(filters("boxes", "box_id"));
        assert!(!filters("tasks", "task"));
        assert!(!filters("interviewers", "interview_id"));
        assert!(!filters("interviews", "interviewer_id"));
    }

    #[test]
    fn only_a_body_with_an_id_has_links() {
        use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder};
        use utoipa::openapi::{ComponentsBuilder, Ref};
        let with_id = ObjectBuilder::new()
            .property("id", ObjectBuilder::new())
            .build();
        let without = ObjectBuilder::new()
            .property("token", ObjectBuilder::new())
            .build();
        let components = ComponentsBuilder::new()
            .schema("Thing", with_id.clone())
            .schema("Secret", without.clone())
            .build();
        let thing = || RefOr::Ref(Ref::from_schema_name("Thing"));
        let secret = || RefOr::Ref(Ref::from_schema_name("Secret"));
        let both = AllOfBuilder::new()
            .item(thing())
            .item(without.clone())
            .build();
        let neither = AllOfBuilder::new()
            .item(secret())
            .item(without.clone())
            .build();
        assert!(has_id(&components, &RefOr::T(Schema::Object(with_id))));
        assert!(has_id(&components, &thing()));
        assert!(has_id(&components, &RefOr::T(Schema::AllOf(both))));
        assert!(!has_id(&components, &secret()));
        assert!(!has_id(&components, &RefOr::T(Schema::AllOf(neither))));
        assert!(!has_id(
            &components,
            &RefOr::Ref(Ref::from_schema_name("Gone"))
        ));
    }
}
