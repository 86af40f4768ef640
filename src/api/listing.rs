//! A list's query read as one: its paging (`ListQuery`) and its own filter, so that one 422
//! names every parameter that is wrong, whether its type, its range or the list's own rule
//! refuses it; and a parameter the list does not take is refused rather than ignored, since a
//! misspelt filter (`?postingurl=`) would otherwise answer the whole list.

use std::any::TypeId;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;
use utoipa::openapi::path::ParameterIn;

use crate::api::list::{ListQuery, MAX_LIMIT};
use crate::error::{ApiError, ApiResult, FieldError, MOST_ERRORS};
use crate::http::extract::read_query_fit;
use crate::store::window::Window;

/// The query parameters that narrow a list, read into the service's filter.
pub trait Narrows {
    type Filter;
    fn filter(self) -> ApiResult<Self::Filter>;
}

/// A list without filters of its own.
#[derive(Debug, Deserialize, IntoParams)]
pub struct Unfiltered {}

impl Narrows for Unfiltered {
    type Filter = ();
    fn filter(self) -> ApiResult<()> {
        Ok(())
    }
}

/// What a list's query asks for: the window of the list, and the filter of `Q`.
pub struct Listing<Q: Narrows = Unfiltered> {
    pub window: Window,
    pub filter: Q::Filter,
    /// The paging as sent, for a representation that has none (a vCard file).
    pub paging: ListQuery,
}

impl<Q> FromRequest for Listing<Q>
where
    Q: Narrows + DeserializeOwned + IntoParams + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let query = req.query_string().to_owned();
        // Read when polled, not now: actix makes every argument's future first, then polls
        // them in order and stops at the first error. Each list handler takes `AuthUser` (ready
        // at once) before this, so a request without a valid token costs nothing here;
        // `errors::a_list_names_every_wrong_parameter_of_its_query_at_once` pins the 401.
        Box::pin(async move { read::<Q>(&query) })
    }
}

fn read<Q>(query: &str) -> Result<Listing<Q>, ApiError>
where
    Q: Narrows + DeserializeOwned + IntoParams + 'static,
{
    let mut errors = Errors(Vec::new());
    let (paging, unfit) = read_query_fit::<ListQuery>(query);
    errors.add(unfit.into_iter().map(|error| {
        // serde's own words for a number are Rust's ("invalid digit found in string").
        if error.field == "limit" && !error.message.contains("more than once") {
            FieldError::parameter("limit", limit_message())
        } else {
            error
        }
    }));
    let (narrowing, unfit) = read_query_fit::<Q>(query);
    errors.add(unfit);
    let window = paging
        .as_ref()
        .and_then(|paging| errors.take(paging.window()));
    let filter = narrowing.and_then(|narrowing| errors.take(narrowing.filter()));
    // Last: a mistake in a parameter the list takes is named before a stray one.
    errors.add(unknown::<Q>(query));
    match (window, filter, paging, errors.0.is_empty()) {
        (Some(window), Some(filter), Some(paging), true) => Ok(Listing {
            window,
            filter,
            paging,
        }),
        _ => Err(ApiError::Validation(errors.0)),
    }
}

fn limit_message() -> String {
    format!("must be a whole number from 1 to {MAX_LIMIT}")
}

/// A list's errors, each parameter once, `MOST_ERRORS` at the most.
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        for error in errors {
            if self.0.len() >= MOST_ERRORS {
                return;
            }
            if !self.0.iter().any(|e| e.field == error.field) {
                self.0.push(error);
            }
        }
    }

    /// The value, or its 422's errors kept with the others. Any other error is a bug of ours, and
    /// is kept as one.
    fn take<T>(&mut self, result: ApiResult<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(ApiError::Validation(errors)) => {
                self.add(errors);
                None
            }
            Err(other) => {
                self.add([FieldError::parameter("query", other.to_string())]);
                None
            }
        }
    }
}

/// A 422 for each parameter the list does not take (`MOST_ERRORS` at the most), naming those it
/// does.
fn unknown<Q: IntoParams + 'static>(query: &str) -> Vec<FieldError> {
    let taken = taken::<Q>();
    let mut seen: HashSet<String> = HashSet::new();
    let mut errors: Vec<FieldError> = Vec::new();
    for (key, _) in form_urlencoded::parse(query.as_bytes()) {
        if errors.len() >= MOST_ERRORS {
            break;
        }
        if !taken.iter().any(|t| *t == key) && seen.insert(key.to_string()) {
            let message = format!(
                "is not a parameter of this list, which takes {}",
                taken.join(", ")
            );
            errors.push(FieldError::parameter(key, message));
        }
    }
    errors
}

/// The query parameters a list of `Q` takes, as the document names them: worked out once per
/// list, not on every request.
fn taken<Q: IntoParams + 'static>() -> Arc<[String]> {
    static TAKEN: LazyLock<Mutex<HashMap<TypeId, Arc<[String]>>>> = LazyLock::new(Mutex::default);
    let mut known = TAKEN.lock().unwrap_or_else(|e| e.into_inner());
    known
        .entry(TypeId::of::<Q>())
        .or_insert_with(|| {
            ListQuery::into_params(|| Some(ParameterIn::Query))
                .into_iter()
                .chain(Q::into_params(|| Some(ParameterIn::Query)))
                .map(|parameter| parameter.name)
                .collect()
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, IntoParams)]
    struct Colours {
        colour: Option<String>,
    }

    impl Narrows for Colours {
        type Filter = Option<String>;
        fn filter(self) -> ApiResult<Option<String>> {
            match self.colour.as_deref() {
                Some("mauve") => Err(ApiError::parameter("colour", "is not a colour we sell")),
                _ => Ok(self.colour),
            }
        }
    }

    fn named(query: &str) -> Vec<(String, String)> {
        match read::<Colours>(query) {
            Ok(_) => Vec::new(),
            Err(ApiError::Validation(errors)) => {
                assert!(errors.iter().all(|e| e.pointer.is_none()));
                errors.into_iter().map(|e| (e.field, e.message)).collect()
            }
            Err(other) => panic!("expected 422, got {other:?}"),
        }
    }

    fn fields(query: &str) -> Vec<String> {
        named(query).into_iter().map(|(field, _)| field).collect()
    }

    #[test]
    fn every_wrong_parameter_of_paging_and_filter_is_named_at_once() {
        assert!(fields("colour=red&limit=5").is_empty());
        assert_eq!(
            fields("limit=abc&colour=mauve&cursor=bogus&updated_since=yesterday"),
            ["limit", "updated_since", "cursor", "colour"]
        );
        // The range and the cursor are checked together, once their types fit.
        assert_eq!(fields("limit=500&cursor=bogus"), ["limit", "cursor"]);
        let limit = named("limit=abc");
        assert_eq!(limit[0].1, limit_message());
    }

    #[test]
    fn a_parameter_the_list_does_not_take_is_refused() {
        let unknown = named("colur=red&colur=blue&limit=5");
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        assert_eq!(unknown[0].0, "colur");
        assert!(
            unknown[0]
                .1
                .contains("limit, cursor, updated_since, colour")
        );
        assert!(fields("").is_empty());
    }

    #[test]
    fn a_query_of_many_unknown_parameters_gets_a_bounded_answer() {
        let query: Vec<String> = (0..5000).map(|i| format!("k{i}=1")).collect();
        let named = named(&query.join("&"));
        assert_eq!(named.len(), MOST_ERRORS);
    }

    #[test]
    fn a_wrong_parameter_the_list_takes_is_named_before_stray_ones() {
        let query: Vec<String> = (0..30).map(|i| format!("k{i}=1")).collect();
        let named = fields(&format!("{}&limit=0", query.join("&")));
        assert_eq!(named.len(), MOST_ERRORS);
        assert_eq!(named[0], "limit");
    }

    #[test]
    fn a_parameter_sent_twice_is_named() {
        assert_eq!(
            fields("limit=1&limit=2&colour=a&colour=b"),
            ["limit", "colour"]
        );
        let twice = named("limit=1&limit=2");
        assert!(twice[0].1.contains("more than once"), "{twice:?}");
    }

    #[test]
    fn a_plus_read_as_a_space_is_pointed_out() {
        let sent = named("updated_since=2026-03-03T14:00:00+01:00");
        assert!(sent[0].1.contains("%2B"), "{sent:?}");
    }
}
