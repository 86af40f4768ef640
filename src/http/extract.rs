//! `Json<T>` and `Query<T>` extractors. Unlike actix's own, their failures name the field at fault
//! (through `serde_path_to_error`) and answer in the same problem+json shape as every other error:
//! malformed JSON is 400, a wrong content type 415, an oversized body 413, a well-formed body or
//! query with a wrong value 422 with per-field `errors`.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError, MOST_ERRORS};
use crate::http::elements::Renumbering;

/// The largest JSON body accepted; set as app data.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON body. Its members whose values do not fit their types are taken out and named
/// (`unfit`); what is left is read, so that the handler's own checks can name the rest of what
/// is wrong in the same 422. A handler gets the body only through `parse` or `into_inner`, which
/// fail while any member is unfit.
pub struct Json<T> {
    value: T,
    unfit: Vec<FieldError>,
    /// The array elements taken out, so that `check`'s errors name them as sent.
    renumbering: Renumbering,
}

impl<T> Json<T> {
    /// A body whose every member fit.
    pub fn fit(value: T) -> Self {
        Self {
            value,
            unfit: Vec::new(),
            renumbering: Renumbering::default(),
        }
    }

    /// The body, or 422 naming the members that did not fit their types.
    pub fn into_inner(self) -> Result<T, ApiError> {
        if self.unfit.is_empty() {
            Ok(self.value)
        } else {
            Err(ApiError::Validation(self.unfit))
        }
    }

    /// `check` (the body's own validation: no side effects) run on what fit, its field errors
    /// answered together with the members that did not fit, each field once.
    pub fn parse<U>(self, check: impl FnOnce(T) -> Result<U, ApiError>) -> Result<U, ApiError> {
        let checked = check(self.value);
        if self.unfit.is_empty() {
            return checked;
        }
        let mut errors = self.unfit;
        if let Err(ApiError::Validation(more)) = checked {
            for error in more {
                let error = self.renumbering.as_sent(error);
                if !errors.iter().any(|e| e.field == error.field) {
                    errors.push(error);
                }
            }
        }
        Err(ApiError::Validation(errors))
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if !is_json(req) {
            return Box::pin(futures_util::future::ready(Err(
                ApiError::UnsupportedMediaType(
                    "Send the body as JSON with Content-Type: application/json".into(),
                ),
            )));
        }
        let body = bytes(req, payload);
        Box::pin(async move { read_json(&body.await?) })
    }
}

/// The body's bytes, refused with 413 past the configured limit (`BodyLimit`), declared or not.
pub fn bytes(
    req: &HttpRequest,
    payload: &mut Payload,
) -> LocalBoxFuture<'static, Result<Vec<u8>, ApiError>> {
    let limit = req.app_data::<BodyLimit>().map_or(64 * 1024, |l| l.0);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let mut payload = payload.take();
    Box::pin(async move {
        if declared.is_some_and(|len| len > limit) {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk
                .map_err(|err| ApiError::BadRequest(format!("Could not read the body: {err}")))?;
            if body.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    })
}

/// The request's media type without its parameters, in lower case; empty when none is sent.
pub fn media_type(req: &HttpRequest) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A body that may be left out entirely: then `T::default()`. No bytes is no body whatever the
/// `Content-Type` says, because generated clients (openapi-python-client, for one) send their
/// usual `application/json` header on a call whose optional body they leave out.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let headers = req.headers();
        let no_bytes = match headers.get(header::CONTENT_LENGTH) {
            Some(length) => length.as_bytes() == b"0",
            None => !headers.contains_key(header::TRANSFER_ENCODING),
        };
        if no_bytes {
            return Box::pin(futures_util::future::ready(Ok(Self(T::default()))));
        }
        let json = Json::<T>::from_request(req, payload);
        Box::pin(async move { json.await?.into_inner().map(Self) })
    }
}

fn is_json(req: &HttpRequest) -> bool {
    is_json_type(&media_type(req))
}

/// Whether a media type (as `media_type` gives it) is JSON: `application/json` or a `+json`.
pub fn is_json_type(essence: &str) -> bool {
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A JSON object body, keeping what fits of one some of whose members do not (`Json::unfit`),
/// when what is left still makes a `T` (no required member was taken out).
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<Json<T>, ApiError> {
    match read::<T>(body)? {
        Read::Fit(value) => Ok(Json::fit(value)),
        Read::Unfit(ApiError::Validation(unfit), Some((value, renumbering))) => Ok(Json {
            value,
            unfit,
            renumbering,
        }),
        Read::Unfit(errors, _) => Err(errors),
    }
}

/// A body read: every member fit, or the 422 naming those that did not, with what the others
/// make when they make a `T`.
enum Read<T> {
    Fit(T),
    Unfit(ApiError, Option<(T, Renumbering)>),
}

/// Reads a JSON object body; what is not JSON, or not an object, is 400 or 422 at once.
fn read<T: DeserializeOwned>(body: &[u8]) -> Result<Read<T>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadRequest(
            "The request body is empty: send a JSON object".into(),
        ));
    }
    // serde reads a struct from a JSON array too (`[null, null]` as `{a: null, b: null}`); every
    // body of this API is an object, and the document says so.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Ok(_) => Err(ApiError::field("body", "must be a JSON object")),
            Err(err) => Err(ApiError::BadRequest(format!(
                "The body is not valid JSON: {err}"
            ))),
        };
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let first = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => {
            de.end().map_err(|err| {
                ApiError::BadRequest(format!("The body is not valid JSON: {err}"))
            })?;
            return Ok(Read::Fit(value));
        }
        Err(err) => err,
    };
    let path = first.path().to_string();
    let inner = first.into_inner();
    if inner.classify() != serde_json::error::Category::Data {
        return Err(ApiError::BadRequest(format!(
            "The body is not valid JSON: {inner}"
        )));
    }
    let (errors, fit) = every_invalid_field::<T>(body, (path, inner.to_string()));
    Ok(Read::Unfit(errors, fit))
}

/// The 422 for a body whose values do not fit its fields: every field that does not (up to
/// `MOST_ERRORS`), not only the first serde stops at, so a form is fixed in one round trip. Each
/// field found wrong is taken out (an array's element alone, `Renumbering`) and the rest read
/// again, until the rest reads or nothing more can be taken out.
fn every_invalid_field<T: DeserializeOwned>(
    body: &[u8],
    first: (String, String),
) -> (ApiError, Option<(T, Renumbering)>) {
    let Ok(mut rest @ serde_json::Value::Object(_)) = serde_json::from_slice(body) else {
        return (validation(&first.0, &first.1), None);
    };
    let mut fit = None;
    let mut errors: Vec<FieldError> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    let mut renumbering = Renumbering::default();
    let mut next = Some(first);
    while let Some((path, message)) = next.take() {
        let found = field_error(&path, &message);
        // Missing only because it was taken out: reported already. serde names a missing field
        // after it has read every member that is there, so nothing is left to find.
        if message.starts_with("missing field") && removed.contains(&found.field) {
            break;
        }
        let Some(object) = rest.as_object_mut() else {
            break;
        };
        let taken = match renumbering.take_out(object, &path) {
            Some(sent) => Some(field_error(&sent, &message)),
            None => {
                // Otherwise the whole top-level member goes, so one member is reported once.
                let member = found.field.split(['.', '[']).next().unwrap_or("");
                let member = member.to_string();
                object.remove(&member).map(|_| {
                    removed.push(member);
                    found.clone()
                })
            }
        };
        let reported = taken.clone().unwrap_or(found);
        if !errors.iter().any(|e| e.field == reported.field) {
            errors.push(reported);
        }
        if taken.is_none() || errors.len() >= MOST_ERRORS {
            break;
        }
        match serde_path_to_error::deserialize::<_, T>(&rest) {
            Ok(value) => fit = Some(value),
            Err(err) => next = Some((err.path().to_string(), err.into_inner().to_string())),
        }
    }
    (
        ApiError::Validation(errors),
        fit.map(|value| (value, renumbering)),
    )
}

pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(read_query(req.query_string()).map(Query))
    }
}

/// The query's parameters as `T`, or a 422 naming every parameter that does not fit (up to
/// `MOST_ERRORS`), as a body's 422 does. Errors about parameters carry no `pointer`.
fn read_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    match read_query_fit(query) {
        (Some(value), errors) if errors.is_empty() => Ok(value),
        (_, errors) => Err(ApiError::Validation(errors)),
    }
}

/// Every parameter of `query` that does not fit `T`, and what the others make when they make a
/// `T`: each one found wrong is taken out and the rest read again. The common case, a query
/// that fits, is read once, as it came.
pub fn read_query_fit<T: DeserializeOwned>(query: &str) -> (Option<T>, Vec<FieldError>) {
    let parsed = form_urlencoded::parse(query.as_bytes());
    if let Ok(value) = T::deserialize(serde_urlencoded::Deserializer::new(parsed)) {
        return (Some(value), Vec::new());
    }
    let read = |pairs: &[(String, String)]| {
        let text = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(text.as_bytes()));
        serde_path_to_error::deserialize::<_, T>(de)
    };
    let mut pairs: Vec<(String, String)> = parsed.into_owned().collect();
    let mut errors: Vec<FieldError> = Vec::new();
    loop {
        let err = match read(&pairs) {
            Ok(value) => return (Some(value), errors),
            Err(err) => err,
        };
        let message = err.inner().to_string();
        let mut error = match message
            .strip_prefix("duplicate field `")
            .and_then(|rest| rest.split('`').next())
        {
            // serde names no path for a key sent twice.
            Some(name) => FieldError::parameter(name, "is sent more than once: send it once"),
            None => field_error(&err.path().to_string(), &message),
        };
        error.pointer = None;
        let name = error.field.clone();
        // `+` is a space in a query: an offset sent as `+01:00` arrives as ` 01:00`.
        if pairs
            .iter()
            .any(|(key, value)| *key == name && value.contains(' '))
        {
            error.message += " (it holds a space: send a `+` as `%2B`)";
        }
        if !errors.iter().any(|e| e.field == name) {
            errors.push(error);
        }
        let before = pairs.len();
        pairs.retain(|(key, _)| *key != name);
        if pairs.len() == before || errors.len() >= MOST_ERRORS {
            return (None, errors);
        }
    }
}

/// A 422 naming the field: the path where there is one, else the field a "missing field `x`" or
/// "unknown field `x`" message names.
fn validation(path: &str, message: &str) -> ApiError {
    ApiError::Validation(vec![field_error(path, message)])
}

fn field_error(path: &str, message: &str) -> FieldError {
    let message = strip_position(message);
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    let field = match (path, named) {
        ("." | "", Some(name)) => name.to_string(),
        ("." | "", None) => "body".to_string(),
        (path, Some(name)) if message.starts_with("missing field") => format!("{path}.{name}"),
        (path, _) => path.to_string(),
    };
    FieldError::new(field, message)
}

/// serde_json appends " at line 1 column 12": noise for a client that sent one line.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Path segments that fail to parse (a malformed id) address nothing: 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, req| {
        ApiError::NotFound(format!("Nothing exists at {}: ids are UUIDs", req.path())).into()
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    /// The body as a handler gets it through `into_inner`.
    fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
        read_json(body)?.into_inner()
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        age: Option<u32>,
    }

    fn field_of(err: ApiError) -> String {
        match err {
            ApiError::Validation(errors) => errors[0].field.clone(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn names_the_field_at_fault() {
        let err = parse_json::<Body>(br#"{"email": "a", "age": "old"}"#).err();
        assert_eq!(field_of(err.expect("bad age")), "age");
        let err = parse_json::<Body>(br#"{"age": 3}"#).err();
        assert_eq!(field_of(err.expect("missing email")), "email");
        let err = parse_json::<Body>(br#"{"email": "a", "id": 3}"#).err();
        assert_eq!(field_of(err.expect("unknown id")), "id");
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Colour {
        Red,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Filter {
        colour: Option<Colour>,
        shade: Option<Colour>,
        limit: Option<u32>,
        needed: Option<bool>,
    }

    fn query(text: &str) -> Result<Filter, Vec<String>> {
        read_query::<Filter>(text).map_err(|err| match err {
            ApiError::Validation(errors) => {
                assert!(errors.iter().all(|e| e.pointer.is_none()));
                errors.into_iter().map(|e| e.field).collect()
            }
            other => panic!("expected 422, got {other:?}"),
        })
    }

    #[test]
    fn every_unfit_query_parameter_is_named_at_once() {
        let fine = query("colour=red&limit=5&other=ignored").expect("fits");
        assert_eq!(fine.colour, Some(Colour::Red));
        assert_eq!(
            query("colour=bogus&limit=zero&shade=nope&needed=maybe").err(),
            Some(vec![
                "colour".into(),
                "limit".into(),
                "shade".into(),
                "needed".into()
            ])
        );
        assert_eq!(query("limit=-1").err(), Some(vec!["limit".into()]));
    }

    #[derive(Debug, Deserialize)]
    struct Tagged {
        tags: Vec<String>,
    }

    #[test]
    fn every_wrong_element_is_named_by_the_index_it_was_sent_at() {
        let body = read_json::<Tagged>(br#"{"tags": ["ok", 5, "", 7]}"#).expect("an object");
        let err = body.parse(|body| {
            let empty = body.tags.iter().position(String::is_empty);
            match empty {
                Some(i) => Err(ApiError::Validation(vec![FieldError::new(
                    format!("tags[{i}]"),
                    "is empty",
                )])),
                None => Ok(()),
            }
        });
        let Err(ApiError::Validation(errors)) = err else {
            panic!("expected 422, got {err:?}");
        };
        let named: Vec<(&str, Option<&str>)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.pointer.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                ("tags[1]", Some("/tags/1")),
                ("tags[3]", Some("/tags/3")),
                ("tags[2]", Some("/tags/2")),
            ]
        );
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        for body in [&b"{"[..], b"not json", b"", br#"{"email": "a"} {}"#, b"[1,"] {
            assert!(matches!(
                parse_json::<Body>(body),
                Err(ApiError::BadRequest(_))
            ));
        }
    }

    #[test]
    fn a_body_that_is_not_an_object_is_unprocessable() {
        for body in [&br#"["a", null]"#[..], b"null", b"\"a\"", b" 3"] {
            assert_eq!(
                field_of(parse_json::<Body>(body).expect_err("not an object")),
                "body"
            );
        }
    }

    #[test]
    fn messages_lose_their_line_numbers() {
        assert_eq!(
            strip_position("invalid type: string \"x\" at line 1 column 3"),
            "invalid type: string \"x\""
        );
    }
}
