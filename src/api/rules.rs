//! `/v1/rules`: the built-in rules, each with its switch and parameters, and
//! `/v1/interviews/{id}/plan`: one interview's follow-up timeline.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, patch, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::interviews::InterviewResponse;
use crate::api::tasks::TaskResponse;
use crate::auth::AuthUser;
use crate::domain::{Fields, Whole};
use crate::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::rules::catalog::{CATALOG, RuleSpec};
use crate::rules::{RuleId, Settings};
use crate::state::AppState;
use crate::store::{interviews, rule_settings, tasks};

#[derive(Debug, Serialize, ToSchema)]
pub struct ParameterResponse {
    #[schema(example = "thank_you_within_hours")]
    pub name: &'static str,
    #[schema(example = 24)]
    pub value: i64,
    pub default: i64,
    pub minimum: i64,
    pub maximum: i64,
    #[schema(example = "hours")]
    pub unit: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleResponse {
    /// The rule id: also the `kind` and `rule_id` of the tasks it creates.
    #[schema(example = "thank_you_note")]
    pub id: &'static str,
    /// `built_in` for the catalogue's rules.
    #[schema(example = "built_in")]
    pub kind: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// When its open tasks stop being wanted.
    pub ends_when: &'static str,
    /// The advice it comes from.
    pub source: &'static str,
    pub enabled: bool,
    pub parameters: Vec<ParameterResponse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleList {
    pub items: Vec<RuleResponse>,
}

impl RuleResponse {
    pub(crate) fn new(spec: &'static RuleSpec, settings: &Settings) -> Self {
        Self {
            id: spec.id.as_str(),
            kind: "built_in",
            name: spec.name,
            description: spec.description,
            ends_when: spec.ends,
            source: spec.source,
            enabled: settings.enabled(spec.id),
            parameters: spec
                .params
                .iter()
                .map(|p| ParameterResponse {
                    name: p.name,
                    value: settings.param(spec.id, p.name),
                    default: p.default,
                    minimum: p.minimum,
                    maximum: p.maximum,
                    unit: p.unit,
                    description: p.description,
                })
                .collect(),
        }
    }
}

/// Switch a rule on or off, or change its numbers. Open tasks of a rule switched off are
/// cancelled; switched on again, they come back.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true, "parameters": {"thank_you_within_hours": 12}}))]
pub struct UpdateRule {
    pub enabled: Option<bool>,
    /// Parameter names and their new values: whole numbers within the bounds `GET /v1/rules`
    /// lists. Each rule takes only its own parameters.
    #[schema(schema_with = parameter_schema)]
    pub parameters: Option<BTreeMap<String, Whole>>,
}

/// Every parameter of the catalogue, with the widest bounds any rule gives it.
fn parameter_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let mut bounds: BTreeMap<&str, (i64, i64, &str)> = BTreeMap::new();
    for param in CATALOG.iter().flat_map(|spec| spec.params.iter()) {
        let entry =
            bounds
                .entry(param.name)
                .or_insert((param.minimum, param.maximum, param.description));
        entry.0 = entry.0.min(param.minimum);
        entry.1 = entry.1.max(param.maximum);
    }
    bounds
        .into_iter()
        .fold(
            ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::Object, Type::Null])),
            |object, (name, (minimum, maximum, description))| {
                object.property(
                    name,
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(minimum))
                        .maximum(Some(maximum))
                        .description(Some(description)),
                )
            },
        )
        .additional_properties(Some(
            utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
        ))
        .build()
}

fn rule_id(text: &str) -> ApiResult<RuleId> {
    RuleId::parse(text).ok_or_else(|| ApiError::NotFound(format!("No rule is called `{text}`")))
}

/// List the rules.
///
/// Every built-in rule of the catalogue, with whether it is on for you, and its parameters with
/// their bounds.
#[utoipa::path(
    tag = "rules",
    security(("bearer" = [])),
    responses(
        (status = 200, body = RuleList, description = "Every rule, with its switch and parameters for you"),
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[get("/v1/rules")]
pub async fn list_rules(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let settings = state
        .service
        .read(move |conn| Ok(crate::service::settings::load(conn, &user.key())?))
        .await?;
    let items = CATALOG
        .iter()
        .map(|spec| RuleResponse::new(spec, &settings))
        .collect();
    Ok(HttpResponse::Ok().json(RuleList { items }))
}

/// Read one rule.
///
/// `rule_id` is a catalogue id such as `thank_you_note`.
#[utoipa::path(
    tag = "rules",
    security(("bearer" = [])),
    params(("rule_id" = RuleId, Path, description = "A rule id, such as `thank_you_note`")),
    responses(
        (status = 200, body = RuleResponse, description = "The rule, with its switch and parameters for you"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/rules/{rule_id}")]
pub async fn get_rule(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let rule = rule_id(&path)?;
    let settings = state
        .service
        .read(move |conn| Ok(crate::service::settings::load(conn, &user.key())?))
        .await?;
    Ok(HttpResponse::Ok().json(RuleResponse::new(rule.spec(), &settings)))
}

/// Switch a rule or change its parameters.
///
/// Switching a rule off cancels its open tasks; switching it on again brings them back.
/// Parameters are whole numbers within the bounds `GET /v1/rules` lists; your plan is redone in
/// the same request.
#[utoipa::path(
    tag = "rules",
    security(("bearer" = [])),
    request_body = UpdateRule,
    params(("rule_id" = RuleId, Path, description = "A rule id, such as `thank_you_note`")),
    responses(
        (status = 200, body = RuleResponse, description = "The rule as changed; its open tasks already follow the change"),
        crate::http::responses::BodyErrors,
        crate::http::responses::OneResourceErrors,
    )
)]
#[patch("/v1/rules/{rule_id}")]
pub async fn update_rule(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: Json<UpdateRule>,
) -> ApiResult<HttpResponse> {
    let rule = rule_id(&path)?;
    let UpdateRule {
        enabled,
        parameters,
    } = body.0;
    let changed = parameters.unwrap_or_default();
    let spec = rule.spec();
    let mut f = Fields::default();
    let changed: BTreeMap<String, i64> = changed.into_iter().map(|(k, v)| (k, v.0)).collect();
    for (name, value) in &changed {
        let field = format!("parameters.{name}");
        match spec.param(name) {
            None => f.push(&field, format!("{} has no parameter `{name}`", spec.id)),
            Some(p) if !(p.minimum..=p.maximum).contains(value) => f.push(
                &field,
                format!("must be between {} and {} {}", p.minimum, p.maximum, p.unit),
            ),
            Some(_) => {}
        }
    }
    f.finish()?;
    let clock = state.service.clock().clone();
    let settings = state
        .service
        .planned_write(user.key(), move |conn| {
            let mut settings = crate::service::settings::load(conn, &user.key())?;
            for (name, value) in &changed {
                settings.set_param(rule, name, *value);
            }
            if rule == RuleId::FollowUpCall
                && settings.param(rule, "due_hours") < settings.param(rule, "window_opens_hours")
            {
                return Err(ApiError::field(
                    "parameters.due_hours",
                    "must not be before window_opens_hours",
                ));
            }
            let enabled = enabled.unwrap_or_else(|| settings.enabled(rule));
            settings.set_enabled(rule, enabled);
            rule_settings::save(
                conn,
                &user.key(),
                rule.as_str(),
                enabled,
                &changed,
                clock.now(),
            )?;
            Ok(settings)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RuleResponse::new(spec, &settings)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanResponse {
    pub interview: InterviewResponse,
    /// Every task of the interview (done, open, skipped, cancelled), in due order, each with
    /// the reason it exists.
    pub tasks: Vec<TaskResponse>,
}

/// Read an interview's follow-up plan.
///
/// The interview and every task that belongs to it, done and open, in the order they fall due.
#[utoipa::path(
    tag = "interviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Interview id")),
    responses(
        (status = 200, body = PlanResponse, description = "The interview and its follow-up tasks, in order"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/interviews/{id}/plan")]
pub async fn interview_plan(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let (interview, rows) = state
        .service
        .read(move |conn| {
            let user = user.key();
            let interview = interviews::find(conn, &user, &id)?;
            let rows = tasks::of_interview(conn, &user, &id)?;
            Ok((interview, rows))
        })
        .await?;
    Ok(HttpResponse::Ok().json(PlanResponse {
        interview: InterviewResponse::from_row(interview)?,
        tasks: rows
            .into_iter()
            .map(TaskResponse::from_row)
            .collect::<ApiResult<_>>()?,
    }))
}
