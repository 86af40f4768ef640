//! The OpenAPI document's frame: info, tags, the bearer security scheme and the shared error
//! components. Paths are collected from the handlers by utoipa-actix-web (see `crate::spec`).

use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};

use actix_web::http::Method;
use utoipa::openapi::security::SecurityRequirement;

mod links;
mod webhooks;

use crate::auth::scope::{Access, Scope, access};
use crate::error::{FieldError, Problem};
use crate::http::responses;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "followup",
        description = "Keeps a job seeker's interview follow-up on track: interviews, the people \
met there, references, and a rule engine that turns them into dated follow-up tasks.\n\n\
Sign in with `POST /v1/auth/register` or `/v1/auth/login`, then press **Authorize** and paste \
the `access_token`. Errors are `application/problem+json` (RFC 9457).\n\n\
Every value the server accepts is one its schema allows, and the other way round: enum values are \
the wire strings, text fields state their length and characters, times their format and years. \
An optional query parameter sent empty (`?cursor=`) is refused with 422 like any other value its \
schema does not allow; leave it out instead. A paged list (one that takes `limit`) refuses a query \
parameter it does not take, so a misspelt filter is not read as none. Request bodies are JSON objects.\n\n\
Lists that grow: the values of a response enum (a task's `kind`, a rule's id, a webhook event's \
`type`, a problem's `type`) may gain members in a later version without a new API version. A \
client must accept a value it does not know: show it as it is, or skip the item, and never fail \
on it. A time zone is a string, not an enum, for the same reason: `GET /v1/time-zones` lists the \
names the server accepts.",
        license(name = "MIT", identifier = "MIT")
    ),
    servers((url = "/", description = "The server that serves this document")),
    modifiers(&BearerScheme),
    tags(
        (name = "auth", description = "Accounts and tokens"),
        (name = "me", description = "Your profile"),
        (name = "applications", description = "Hiring processes, one position at one employer each: what the plan follows, and what job-board plugins save"),
        (name = "interviews", description = "Interviews, the rounds of an application, and the people who attended them"),
        (name = "interviewers", description = "Everyone met at interviews, receptionists included"),
        (name = "references", description = "References and their permission"),
        (name = "tasks", description = "Follow-up tasks, yours and the rule engine's"),
        (name = "rules", description = "The rules that plan your follow-up, and their settings"),
        (name = "tokens", description = "API tokens for plugins and scripts, limited to scopes"),
        (name = "webhooks", description = "Signed deliveries of what changed, for integrations"),
        (name = "calendar", description = "Your tasks as a calendar feed for phones and desktop calendars"),
        (name = "ops", description = "Health probes, and the pages of problem types"),
    ),
    components(
        schemas(Problem, FieldError, crate::rules::RuleId),
        responses(
            responses::BadRequest,
            responses::Unauthorized,
            responses::Forbidden,
            responses::NotFound,
            responses::Conflict,
            responses::PostingSaved,
            responses::PreconditionFailed,
            responses::PayloadTooLarge,
            responses::UnsupportedMediaType,
            responses::NotAcceptable,
            responses::Unprocessable,
            responses::TooManyRequests,
            responses::RateLimited,
            responses::Unavailable,
            responses::ProofreaderLoading,
            responses::Internal,
        )
    )
)]
pub struct ApiDoc;

/// The security scheme of API tokens; its requirements carry the scope, as role names do.
const API_TOKEN: &str = "api_token";

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from /v1/auth/login"))
                    .build(),
            ),
        );
        let scopes: Vec<String> = Scope::ALL
            .iter()
            .map(|s| format!("- `{}`: {}", s.as_str(), s.describe()))
            .collect();
        components.add_security_scheme(
            API_TOKEN,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("fu_…")
                    .description(Some(format!(
                        "An API token from `POST /v1/tokens`, limited to its scopes. Each \
                         operation lists the one it takes; a token without it gets 403 naming it. \
                         Operations that list none (tokens, webhooks, the calendar token, the \
                         password, the account) take a session only.\n\n{}",
                        scopes.join("\n")
                    )))
                    .build(),
            ),
        );
    }
}

/// Documents what the middleware and the error mapping add to operations, after the handlers'
/// paths are collected:
/// - every operation but the public ones (`auth::scope::access`) takes a bearer token, and may
///   answer 401; a public one says so with `security: []`;
/// - an operation that takes `If-Match` may answer 412, and one that takes `If-None-Match` (a
///   read of one resource) 304; both, and the creation of such a resource, carry its `ETag`;
/// - every authenticated POST whose reply holds no token honours `Idempotency-Key` (and answers
///   409 while its twin runs);
/// - a request body may be malformed, too large, of another media type or unfit (400, 413, 415,
///   422), and query parameters unfit (422);
/// - every operation can fail with 500, and every one that reads the database with 503;
/// - every authenticated write outside `/v1/auth/` counts against the account's write limit
///   (`http::write_limit`): its replies carry `RateLimit` headers, and it may answer 429;
/// - a create's 201 links to what takes the new `id` (`links`).
pub fn document_middleware(api: &mut utoipa::openapi::OpenApi) {
    let versioned = versioned_collections(api);
    for (path, item) in api.paths.paths.iter_mut() {
        let operations = [
            (Method::GET, item.get.as_mut()),
            (Method::PUT, item.put.as_mut()),
            (Method::POST, item.post.as_mut()),
            (Method::DELETE, item.delete.as_mut()),
            (Method::PATCH, item.patch.as_mut()),
        ];
        for (method, operation) in operations {
            let (is_write, is_post) = (method != Method::GET, method == Method::POST);
            let Some(operation) = operation else { continue };
            let needs = access(&method, path);
            let public = needs == Access::Public;
            let security = operation.security.get_or_insert_with(Vec::new);
            if !public && needs != Access::Token {
                security.push(SecurityRequirement::new("bearer", Vec::<String>::new()));
                document_access(operation, access(&method, path));
                operation
                    .responses
                    .responses
                    .entry("401".into())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Unauthorized")));
            }
            if has_header(operation, "If-Match") {
                conditional_write(operation);
            } else if has_header(operation, "If-None-Match") && !takes_cursor(operation) {
                conditional_read(operation);
            } else if is_post && versioned.contains(path) {
                versioned_create(operation);
            }
            let responses = &mut operation.responses.responses;
            // None of them reads the database.
            if !["/healthz", "/v1/time-zones", "/problems/{name}"].contains(&path.as_str()) {
                responses
                    .entry("503".into())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Unavailable")));
            }
            responses
                .entry("500".into())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Internal")));
            if is_post && !public && crate::http::idempotency::keeps_replies(path) {
                idempotent(operation);
            }
            if is_write && !public && !path.starts_with("/v1/auth/") {
                rate_limited(operation);
            }
            if !is_write && takes_cursor(operation) {
                conditional_list(operation);
            }
            request_errors(operation);
            optional_body(operation);
        }
    }
    links::add(api);
    webhooks::document(api);
}

/// What a request can get wrong before the handler runs: a body that is malformed (400), too
/// large (413), of another media type (415) or unfit (422), and query parameters that are unfit
/// (422). The extractors answer these for every operation, so they are stated once, here.
fn request_errors(operation: &mut utoipa::openapi::path::Operation) {
    let takes_query = takes(operation, |p| p.parameter_in == ParameterIn::Query);
    let statuses: &[(&str, &str)] = if operation.request_body.is_some() {
        &[
            ("400", "BadRequest"),
            ("413", "PayloadTooLarge"),
            ("415", "UnsupportedMediaType"),
            ("422", "Unprocessable"),
        ]
    } else if takes_query {
        &[("422", "Unprocessable")]
    } else {
        &[]
    };
    for (status, name) in statuses {
        operation
            .responses
            .responses
            .entry((*status).into())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
    }
}

/// Which API token scope the operation takes (`auth::scope::access`, the table the middleware
/// enforces), as a second way in beside the session; and the 403 a token without it gets.
fn document_access(operation: &mut utoipa::openapi::path::Operation, access: Access) {
    if let (Access::Scope(scope), Some(security)) = (access, operation.security.as_mut()) {
        security.push(SecurityRequirement::new(API_TOKEN, [scope.as_str()]));
    }
    operation
        .responses
        .responses
        .entry("403".into())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Forbidden")));
}

/// A body read with `OptionalJson` may be left out entirely; when it is sent, it is an object.
/// utoipa describes `Option<T>` content as "T or null", which the server does not take.
fn optional_body(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::schema::Schema;
    let Some(RefOr::T(body)) = operation.request_body.as_mut() else {
        return;
    };
    for content in body.content.values_mut() {
        let RefOr::T(content) = content else {
            continue;
        };
        let Some(RefOr::T(Schema::OneOf(one_of))) = content.schema.as_ref() else {
            continue;
        };
        let [item, RefOr::T(Schema::Object(null))] = one_of.items.as_slice() else {
            continue;
        };
        if null.schema_type == utoipa::openapi::schema::SchemaType::Type(Type::Null) {
            content.schema = Some(item.clone());
            body.required = Some(Required::False);
        }
    }
}

/// Collections whose items are versioned: `/v1/x` where `/v1/x/{id}` takes `If-Match`.
fn versioned_collections(api: &utoipa::openapi::OpenApi) -> std::collections::HashSet<String> {
    api.paths
        .paths
        .iter()
        .filter(|(_, item)| {
            [item.patch.as_ref(), item.delete.as_ref()]
                .into_iter()
                .flatten()
                .any(|op| has_header(op, "If-Match"))
        })
        .filter_map(|(path, _)| {
            let (collection, last) = path.rsplit_once('/')?;
            last.starts_with('{').then(|| collection.to_string())
        })
        .collect()
}

/// Whether the operation takes a parameter that `is` holds for.
fn takes(
    operation: &utoipa::openapi::path::Operation,
    is: impl Fn(&utoipa::openapi::path::Parameter) -> bool,
) -> bool {
    operation.parameters.iter().flatten().any(|p| match p {
        RefOr::T(p) => is(p),
        RefOr::Ref(_) => false,
    })
}

fn has_header(operation: &utoipa::openapi::path::Operation, name: &str) -> bool {
    takes(operation, |p| {
        p.name == name && p.parameter_in == ParameterIn::Header
    })
}

const ETAG: &str = "The version of the resource, for `If-Match` and `If-None-Match`";

/// `ETag` on every success that carries the resource.
fn carries_etag(operation: &mut utoipa::openapi::path::Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        if let (true, RefOr::T(response)) = (status.starts_with('2'), response)
            && !response.content.is_empty()
        {
            response
                .headers
                .entry("ETag".into())
                .or_insert_with(|| string_header(ETAG));
        }
    }
}

/// A write under `If-Match`: 412 when the resource moved on.
fn conditional_write(operation: &mut utoipa::openapi::path::Operation) {
    carries_etag(operation);
    operation
        .responses
        .responses
        .entry("412".into())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("PreconditionFailed")));
}

/// A read of one resource: 304 when the client holds the current version.
fn conditional_read(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::ResponseBuilder;
    carries_etag(operation);
    operation.responses.responses.insert(
        "304".into(),
        RefOr::T(
            ResponseBuilder::new()
                .description("Not modified: the version you hold is the current one")
                .build(),
        ),
    );
}

/// The creation of a versioned resource: its `ETag`, and its URL in `Location`.
fn versioned_create(operation: &mut utoipa::openapi::path::Operation) {
    carries_etag(operation);
    if let Some(RefOr::T(created)) = operation.responses.responses.get_mut("201") {
        created.headers.insert(
            "Location".into(),
            string_header("The URL of the new resource"),
        );
    }
}

/// A list: it pages with `cursor`.
fn takes_cursor(operation: &utoipa::openapi::path::Operation) -> bool {
    takes(operation, |p| p.name == "cursor")
}

/// Every list page carries a strong `ETag` of its bytes and honours `If-None-Match`
/// (`http::page_cache`).
fn conditional_list(operation: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::ResponseBuilder;
    let tag = ParameterBuilder::new()
        .name("If-None-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The `ETag` of the page you hold: 304 if it is unchanged",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build();
    operation
        .parameters
        .get_or_insert_with(Vec::new)
        .push(RefOr::T(tag));
    let responses = &mut operation.responses.responses;
    if let Some(RefOr::T(ok)) = responses.get_mut("200") {
        let header = string_header("A strong tag of this page's bytes, for `If-None-Match`");
        ok.headers.insert("ETag".into(), header);
    }
    responses.insert(
        "304".into(),
        RefOr::T(
            ResponseBuilder::new()
                .description("Not modified: the page you hold is the current one")
                .build(),
        ),
    );
}

/// A response header whose value is a string.
fn string_header(description: &str) -> RefOr<utoipa::openapi::Header> {
    RefOr::T(
        utoipa::openapi::header::HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some(description))
            .build(),
    )
}

fn rate_limited(operation: &mut utoipa::openapi::path::Operation) {
    let responses = &mut operation.responses.responses;
    for (status, response) in responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if !status.starts_with('2') {
            continue;
        }
        for (name, description) in [
            (
                "RateLimit",
                "Writes left now and seconds until the allowance is full again",
            ),
            ("RateLimit-Policy", "The account's write limit"),
        ] {
            response
                .headers
                .insert(name.into(), string_header(description));
        }
    }
    responses.insert(
        "429".into(),
        RefOr::Ref(Ref::from_response_name("RateLimited")),
    );
}

fn idempotent(post: &mut utoipa::openapi::path::Operation) {
    let key = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Any unique string of visible ASCII (a UUID): a retry with the same key and body gets the first \
             reply instead of acting twice, marked `Idempotent-Replayed: true`; the same key with \
             another body is 422 `/problems/idempotency-key-reused`, and while the first request \
             runs a retry is 409 `/problems/idempotency-key-in-flight`. Kept 24 hours.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[\\x21-\\x7E]{1,255}$"))
                .min_length(Some(1))
                .max_length(Some(255)),
        ))
        .build();
    post.parameters
        .get_or_insert_with(Vec::new)
        .push(RefOr::T(key));
    let responses = &mut post.responses.responses;
    for (status, response) in responses.iter_mut() {
        if let (true, RefOr::T(response)) = (status.starts_with('2'), response) {
            response.headers.insert(
                "Idempotent-Replayed".into(),
                string_header(
                    "`true` when this is the stored reply to an earlier request with the same \
                     Idempotency-Key, sent again rather than acted on twice; absent otherwise",
                ),
            );
        }
    }
    responses
        .entry("409".into())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Conflict")));
    // A key outside its character set is refused, even on an operation without a body.
    responses
        .entry("422".into())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Unprocessable")));
}
