//! Every response the suite receives is held to the served OpenAPI document: the operation must
//! list the status, the content type must be one it lists, and the body must validate against
//! that status's schema (JSON Schema 2020-12, formats asserted). A response the document does not
//! describe fails the test that received it, on SQLite and on PostgreSQL alike.
//!
//! Requests to paths or methods the document has no operation for (the 404 and 405 fallbacks,
//! Swagger UI's assets) are not operations, and are left alone.
//!
//! What was seen is appended to `$CARGO_TARGET_TMPDIR/conformance-<backend>.txt`, one
//! `METHOD /template STATUS` line each, for the coverage figure CI prints.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

use jsonschema::Validator;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

/// The document the server serves (`openapi::served_spec_matches_the_committed_file` keeps the
/// committed file equal to it).
pub static SPEC: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(COMMITTED).expect("openapi.json parses"));

type Key = (String, String, String);
static VALIDATORS: LazyLock<Mutex<HashMap<Key, Arc<Validator>>>> = LazyLock::new(Default::default);
static SEEN: LazyLock<Mutex<BTreeSet<String>>> = LazyLock::new(Default::default);

/// The document's path template that `path` is an instance of: literal segments beat
/// parameters, so `/v1/rules/preview` would win over `/v1/rules/{rule_id}`.
pub fn template_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    SPEC["paths"]
        .as_object()?
        .keys()
        .filter_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (part, segment) in parts.iter().zip(&segments) {
                if part.starts_with('{') {
                    if segment.is_empty() {
                        return None;
                    }
                } else if part == segment {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, template.as_str()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, template)| template)
}

/// Follows a local `$ref` (`#/components/...`) to what it names.
pub fn resolve(value: &Value) -> &Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            resolve(SPEC.pointer(pointer).unwrap_or(&Value::Null))
        }
        None => value,
    }
}

/// A validator for `schema`, with the document's components in scope for its `$ref`s.
pub fn validator(schema: &Value) -> Validator {
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": SPEC["components"],
    });
    if let (Some(root), Some(schema)) = (root.as_object_mut(), schema.as_object()) {
        for (key, value) in schema {
            root.insert(key.clone(), value.clone());
        }
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|err| panic!("schema does not compile: {err}\n{schema}"))
}

/// The errors of `instance` against `schema`, one line each; empty when it validates.
pub fn violations(schema: &Value, instance: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Panics when the response is not one the document describes for this operation.
pub fn check(
    method: &Method,
    path: &str,
    status: StatusCode,
    content_type: Option<&str>,
    text: &str,
) {
    let Some(template) = template_of(path) else {
        return;
    };
    let verb = method.as_str().to_ascii_lowercase();
    let Some(operation) = SPEC["paths"][template].get(&verb) else {
        return;
    };
    let id = format!("{} {template}", method.as_str());
    let code = status.as_u16().to_string();
    let Some(response) = operation["responses"].get(&code) else {
        panic!(
            "{id} answered {status}, which the document does not list for it \
             (it lists {:?}): {text}",
            operation["responses"]
                .as_object()
                .map(|r| r.keys().collect::<Vec<_>>())
        );
    };
    record(&id, &code);
    let response = resolve(response);
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        assert!(
            text.is_empty(),
            "{id} {status}: the document lists no body, the server sent {text}"
        );
        return;
    };
    let essence = content_type
        .and_then(|t| t.split(';').next())
        .map(str::trim)
        .unwrap_or("");
    let Some(media) = content.get(essence) else {
        panic!(
            "{id} {status}: sent as `{essence}`, the document lists {:?}",
            content.keys().collect::<Vec<_>>()
        );
    };
    // A text body (the calendar feed) is held to its schema as the string it is.
    let json = essence == "application/json" || essence.ends_with("+json");
    let body: Value = if json {
        serde_json::from_str(text)
            .unwrap_or_else(|err| panic!("{id} {status}: body is not JSON ({err}): {text}"))
    } else {
        Value::String(text.to_string())
    };
    let key = (id.clone(), code.clone(), essence.to_string());
    let validator = {
        let mut cache = VALIDATORS.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| Arc::new(validator(&media["schema"])))
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{id} {status}: the body does not match the document's schema:\n  {}\nbody: {text}",
        errors.join("\n  ")
    );
}

fn record(id: &str, status: &str) {
    let line = format!("{id} {status}");
    let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
    if !seen.insert(line.clone()) {
        return;
    }
    let backend = match std::env::var("FOLLOWUP_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => "postgres",
        _ => "sqlite",
    };
    let file = format!("{}/conformance-{backend}.txt", env!("CARGO_TARGET_TMPDIR"));
    if let Ok(mut out) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
    {
        let _ = writeln!(out, "{line}");
    }
}

#[cfg(test)]
mod self_tests {
    use super::*;

    fn interview() -> Value {
        json!({
            "id": "01930000-0000-7000-8000-000000000000", "object": "interview",
            "company": "Acme", "position": "Engineer",
            "stage": "first", "format": "onsite", "scheduled_at": "2026-03-03T14:00:00Z",
            "duration_minutes": 60, "ends_at": "2026-03-03T15:00:00Z", "location": null,
            "status": "scheduled", "outcome": "pending", "decision_expected_on": null,
            "second_interview_expected_on": null, "interest": "unsure", "notes": null,
            "insights": null, "created_at": "2026-03-01T10:00:00Z", "updated_at": "2026-03-01T10:00:00Z"
        })
    }

    fn get_interview(status: u16, content_type: &str, body: &Value) {
        check(
            &Method::GET,
            "/v1/interviews/01930000-0000-7000-8000-000000000000",
            StatusCode::from_u16(status).unwrap(),
            Some(content_type),
            &body.to_string(),
        );
    }

    #[test]
    fn a_body_as_documented_passes() {
        get_interview(200, "application/json", &interview());
    }

    #[test]
    #[should_panic(expected = "does not match the document's schema")]
    fn a_variant_name_instead_of_the_wire_string_fails() {
        let mut body = interview();
        body["format"] = json!("Onsite");
        get_interview(200, "application/json", &body);
    }

    #[test]
    #[should_panic(expected = "does not match the document's schema")]
    fn a_missing_field_fails() {
        let mut body = interview();
        body.as_object_mut().unwrap().remove("ends_at");
        get_interview(200, "application/json", &body);
    }

    #[test]
    #[should_panic(expected = "which the document does not list")]
    fn an_undocumented_status_fails() {
        get_interview(418, "application/problem+json", &json!({}));
    }

    #[test]
    #[should_panic(expected = "the document lists")]
    fn a_problem_sent_as_plain_json_fails() {
        let problem =
            json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "x"});
        get_interview(404, "application/json", &problem);
    }

    #[test]
    #[should_panic(expected = "does not match the document's schema")]
    fn a_problem_without_its_title_fails() {
        let problem = json!({"type": "about:blank", "status": 404, "detail": "x"});
        get_interview(404, "application/problem+json", &problem);
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        assert_eq!(
            template_of("/v1/interviews/abc/plan"),
            Some("/v1/interviews/{id}/plan")
        );
        assert_eq!(template_of("/v1/nothing"), None);
    }
}
