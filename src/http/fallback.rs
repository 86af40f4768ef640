//! What answers when no handler does: 404 for unknown paths, 405 with `Allow` for a known path
//! and the wrong method (the route table is read from the OpenAPI document, so it cannot drift),
//! and a safety net that rewrites any other error response into problem+json.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use utoipa::openapi::OpenApi;

use crate::error::{ApiError, PROBLEM_JSON, Problem};

/// Every documented path with the methods it accepts.
pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<String>)>,
}

impl RouteTable {
    pub fn from_openapi(api: &OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                let allow = methods
                    .iter()
                    .filter(|(_, present)| *present)
                    .map(|(m, _)| m.to_string())
                    .collect();
                (ResourceDef::new(path.as_str()), allow)
            })
            .collect();
        Self { routes }
    }

    fn allowed(&self, path: &str) -> Option<&[String]> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, allow)| allow.as_slice())
    }
}

pub async fn not_routed(req: HttpRequest, routes: web::Data<RouteTable>) -> ApiError {
    match routes.allowed(req.path()) {
        Some(allow) => ApiError::MethodNotAllowed {
            allow: allow.to_vec(),
        },
        None => ApiError::NotFound(format!("No resource at {}", req.path())),
    }
}

impl actix_web::Responder for ApiError {
    type Body = BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        self.error_response()
    }
}

/// Rewrites error responses that are not already problem+json (from actix itself or a
/// middleware), keeping the status and the headers a client needs.
pub fn problem_safety_net<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(ensure_problem)
}

fn ensure_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let reason = status.canonical_reason().unwrap_or("Error").to_string();
    let problem = Problem {
        problem_type: "about:blank".into(),
        title: reason.clone(),
        status: status.as_u16(),
        detail: reason,
        errors: None,
    };
    let kept: Vec<(header::HeaderName, HeaderValue)> = res
        .headers()
        .iter()
        .filter(|(name, _)| {
            [header::ALLOW, header::WWW_AUTHENTICATE, header::RETRY_AFTER].contains(name)
                || name.as_str().starts_with("access-control-")
                || name.as_str() == "x-request-id"
        })
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let (req, _) = res.into_parts();
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
    for pair in kept {
        response.append_header(pair);
    }
    let response = response.body(serde_json::to_string(&problem).unwrap_or_default());
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body::<B>(),
    ))
}
