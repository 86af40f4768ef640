//! API token scopes, and what each operation asks of a caller. One function, `access`, serves the
//! middleware that enforces it (`http::api_tokens`) and the OpenAPI document that states it
//! (`openapi::document_access`), so the two cannot disagree.

use actix_web::http::Method;

pub use crate::domain::scope::{Scope, Scopes};

/// What an operation asks of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: no token is read.
    Public,
    /// A signed-in session only: tokens, webhooks, the calendar token, the password and the
    /// account are never an API token's to manage.
    Session,
    /// A session, or an API token holding this scope.
    Scope(Scope),
    /// An API token, whatever its scopes (it asks about itself).
    Token,
}

/// Operations that read no bearer token (the feed has its own token in the URL).
pub const PUBLIC: [&str; 9] = [
    "/healthz",
    "/readyz",
    "/v1/auth/register",
    "/v1/auth/login",
    "/v1/auth/refresh",
    "/v1/auth/logout",
    "/v1/calendar.ics",
    "/v1/time-zones",
    "/problems/{name}",
];

/// What `method` on the route `pattern` (as registered: `/v1/tasks/{id}`) asks of the caller.
/// A route this does not name is for sessions only, so a new route is closed to tokens until it
/// is given a scope here.
pub fn access(method: &Method, pattern: &str) -> Access {
    use Scope::*;
    if PUBLIC.contains(&pattern) {
        return Access::Public;
    }
    if pattern == "/v1/tokens/current" {
        return Access::Token;
    }
    let Some(rest) = pattern.strip_prefix("/v1/") else {
        return Access::Session;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let (read, write) = match segments.as_slice() {
        ["applications", ..] => (ApplicationsRead, ApplicationsWrite),
        ["interviews", _, "plan"] => (TasksRead, TasksWrite),
        ["interviews", _, "interviewers", ..] | ["interviewers", ..] => {
            (InterviewersRead, InterviewersWrite)
        }
        ["interviews", ..] | ["attendances", ..] => (InterviewsRead, InterviewsWrite),
        ["references", ..] => (ReferencesRead, ReferencesWrite),
        ["tasks", ..] => (TasksRead, TasksWrite),
        ["rules", ..] => (RulesRead, RulesWrite),
        _ => return Access::Session,
    };
    // These POSTs change nothing of yours: a preview of a rule and a proofreading.
    let reads_only = matches!(pattern, "/v1/rules/preview" | "/v1/tasks/{id}/check");
    if *method == Method::GET || *method == Method::HEAD || reads_only {
        Access::Scope(read)
    } else {
        Access::Scope(write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_asks_for_its_resource_and_account_routes_for_a_session() {
        let get = Method::GET;
        let post = Method::POST;
        assert_eq!(access(&get, "/v1/tasks"), Access::Scope(Scope::TasksRead));
        assert_eq!(
            access(&post, "/v1/tasks/{id}/complete"),
            Access::Scope(Scope::TasksWrite)
        );
        assert_eq!(
            access(&post, "/v1/tasks/{id}/check"),
            Access::Scope(Scope::TasksRead)
        );
        assert_eq!(
            access(&Method::PUT, "/v1/interviews/{id}/interviewers/{person_id}"),
            Access::Scope(Scope::InterviewersWrite)
        );
        assert_eq!(
            access(&get, "/v1/interviews/{id}/plan"),
            Access::Scope(Scope::TasksRead)
        );
        for session in [
            "/v1/tokens",
            "/v1/tokens/{id}",
            "/v1/webhooks",
            "/v1/me",
            "/v1/me/password",
            "/v1/me/calendar-token",
            "/v1/auth/logout-all",
        ] {
            assert_eq!(access(&get, session), Access::Session, "{session}");
        }
        assert_eq!(access(&get, "/v1/calendar.ics"), Access::Public);
    }
}
