//! `/v1/rules`: the built-in rules, each with its switch and parameters, beside the user's own
//! (`api::custom_rules` creates and deletes those), and `/v1/interviews/{id}/plan`: one
//! interview's follow-up timeline.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::custom_rules::{CustomRuleResponse, custom_id, not_the_preview};
use crate::auth::AuthUser;
use crate::domain::enums::{Channel, text_enum};
use crate::domain::{Fields, Whole, nullable};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{IfMatch, IfNoneMatch, body_etag, names, single};
use crate::http::extract::Json;
use crate::rules::catalog::{CATALOG, ParamSpec, RuleSpec};
use crate::rules::custom::{Definition, Filter, Target, Trigger};
use crate::rules::{RuleId, Settings};
use crate::service::rules as service;
use crate::state::AppState;
use crate::views::interview::Interview;
use crate::views::task::Task;

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

text_enum!(
    /// A rule of the catalogue (RULES.md).
    BuiltInKind { BuiltIn = "built_in" }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleResponse {
    /// The rule id: also the `kind` and `rule_id` of the tasks it creates.
    #[schema(value_type = RuleId, example = "thank_you_note")]
    pub id: &'static str,
    pub kind: BuiltInKind,
    pub name: &'static str,
    pub description: &'static str,
    /// When its open tasks stop being wanted.
    pub ends_when: &'static str,
    /// The advice it comes from.
    pub source: &'static str,
    pub enabled: bool,
    pub parameters: Vec<ParameterResponse>,
}

/// A built-in rule or one of yours; `kind` tells which.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AnyRule {
    BuiltIn(RuleResponse),
    Custom(CustomRuleResponse),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleList {
    /// The catalogue's rules, then yours in the order you made them.
    pub items: Vec<AnyRule>,
}

impl RuleResponse {
    pub(crate) fn new(spec: &'static RuleSpec, settings: &Settings) -> Self {
        Self {
            id: spec.id.as_str(),
            kind: BuiltInKind::BuiltIn,
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
                    value: settings.param(p.param),
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
///
/// A built-in rule takes `enabled` and `parameters`; a custom rule takes `enabled` and any field
/// of its definition (a `filter` replaces the whole filter). Left out stays; the other kind's
/// fields are refused by name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true, "parameters": {"thank_you_within_hours": 12}}))]
pub struct UpdateRule {
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub enabled: Option<bool>,
    /// Parameter names and their new values: whole numbers within the bounds `GET /v1/rules`
    /// lists. Each rule takes only its own parameters.
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = parameter_schema)]
    pub parameters: Option<BTreeMap<String, Whole>>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(min_length = 1, max_length = 200, nullable = false)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub trigger: Option<Trigger>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub target: Option<Target>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub filter: Option<Filter>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(min_length = 1, max_length = 200, nullable = false)]
    pub title: Option<String>,
    /// `null` removes it.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub description: Option<Option<String>>,
    /// `null` removes it.
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(value_type = Option<Channel>)]
    pub channel: Option<Option<Channel>>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(example = "P2D", nullable = false)]
    pub offset: Option<String>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub business_hours: Option<bool>,
}

impl UpdateRule {
    /// The definition fields set, by name: what a built-in rule refuses.
    fn definition_fields(&self) -> Vec<&'static str> {
        [
            ("name", self.name.is_some()),
            ("trigger", self.trigger.is_some()),
            ("target", self.target.is_some()),
            ("filter", self.filter.is_some()),
            ("title", self.title.is_some()),
            ("description", self.description.is_some()),
            ("channel", self.channel.is_some()),
            ("offset", self.offset.is_some()),
            ("business_hours", self.business_hours.is_some()),
        ]
        .into_iter()
        .filter_map(|(field, set)| set.then_some(field))
        .collect()
    }

    /// `definition` with this patch laid over it.
    fn apply(self, mut definition: Definition) -> Definition {
        if let Some(name) = self.name {
            definition.name = name;
        }
        if let Some(trigger) = self.trigger {
            definition.trigger = trigger;
        }
        if let Some(target) = self.target {
            definition.target = target;
        }
        if let Some(filter) = self.filter {
            definition.filter = filter;
        }
        if let Some(title) = self.title {
            definition.title = title;
        }
        if let Some(description) = self.description {
            definition.description = description;
        }
        if let Some(channel) = self.channel {
            definition.channel = channel;
        }
        if let Some(offset) = self.offset {
            definition.offset = offset;
        }
        if let Some(business_hours) = self.business_hours {
            definition.business_hours = business_hours;
        }
        definition
    }
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
            ObjectBuilder::new().schema_type(SchemaType::Type(Type::Object)),
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

/// List the rules.
///
/// Every built-in rule of the catalogue, with whether it is on for you and its parameters with
/// their bounds, then your custom rules.
#[utoipa::path(
    tag = "rules",
    responses(
        (status = 200, body = RuleList, description = "Every rule, with its switch and parameters for you"),
    )
)]
#[get("/v1/rules")]
pub async fn list_rules(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let (settings, custom) = service::all(&state.service, user.key()).await?;
    let mut items: Vec<AnyRule> = CATALOG
        .iter()
        .map(|spec| AnyRule::BuiltIn(RuleResponse::new(spec, &settings)))
        .collect();
    for row in custom {
        items.push(AnyRule::Custom(CustomRuleResponse::from_row(row)?));
    }
    Ok(HttpResponse::Ok().json(RuleList { items }))
}

/// Read one rule.
///
/// `rule_id` is a catalogue id such as `thank_you_note`, or a custom rule's id. A custom rule
/// carries its `ETag` (304 when you hold the current one); a built-in rule's settings are read
/// as they are.
#[utoipa::path(
    tag = "rules",
    params(("rule_id" = String, Path, description = "A built-in rule id such as `thank_you_note`, or a custom rule's id"), IfNoneMatch),
    responses(
        (status = 200, body = AnyRule, description = "The rule, with its switch and parameters for you"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/rules/{rule_id}")]
pub async fn get_rule(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    not_the_preview(&path)?;
    if let Some(rule) = RuleId::parse(&path) {
        let settings = service::settings(&state.service, user.key()).await?;
        return Ok(
            HttpResponse::Ok().json(AnyRule::BuiltIn(RuleResponse::new(rule.spec(), &settings)))
        );
    }
    let id = custom_id(&path)?;
    let row = service::get_custom(&state.service, user.key(), id.into()).await?;
    let version = row.version;
    Ok(single(
        &req,
        version,
        &AnyRule::Custom(CustomRuleResponse::from_row(row)?),
    ))
}

/// Switch a rule, change its parameters, or edit a custom rule.
///
/// Switching a rule off cancels its open tasks; switching it on again brings them back.
/// Parameters are whole numbers within the bounds `GET /v1/rules` lists. A custom rule's open
/// tasks follow its new definition, and those it no longer matches are cancelled, naming the
/// rule. Your plan is redone in the same request.
#[utoipa::path(
    tag = "rules",
    request_body = UpdateRule,
    params(
        ("rule_id" = String, Path, description = "A built-in rule id such as `thank_you_note`, or a custom rule's id"),
        IfMatch,
    ),
    responses(
        (status = 200, body = AnyRule, description = "The rule as changed; its open tasks already follow the change"),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[patch("/v1/rules/{rule_id}")]
pub async fn update_rule(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
    user: AuthUser,
    path: web::Path<String>,
    if_match: IfMatch,
    body: Json<UpdateRule>,
) -> ApiResult<HttpResponse> {
    not_the_preview(&path)?;
    let body = body.into_inner()?;
    let Some(rule) = RuleId::parse(&path) else {
        return update_custom(&state, &req, user, &path, if_match, body).await;
    };
    let refused = body.definition_fields();
    if !refused.is_empty() {
        let mut f = Fields::default();
        for field in refused {
            f.push(
                field,
                "a built-in rule takes only `enabled` and `parameters`",
            );
        }
        f.finish()?;
    }
    let UpdateRule {
        enabled,
        parameters,
        ..
    } = body;
    let spec = rule.spec();
    let mut f = Fields::default();
    let mut changed: Vec<(&'static ParamSpec, i64)> = Vec::new();
    for (name, value) in parameters.unwrap_or_default() {
        let field = format!("parameters.{name}");
        match spec.param(&name) {
            None => f.push(&field, format!("{} has no parameter `{name}`", spec.id)),
            Some(p) if !(p.minimum..=p.maximum).contains(&value.0) => f.push(
                &field,
                format!("must be between {} and {} {}", p.minimum, p.maximum, p.unit),
            ),
            Some(p) => changed.push((p, value.0)),
        }
    }
    f.finish()?;
    let settings =
        service::update_built_in(&state.service, user.key(), rule, enabled, changed).await?;
    Ok(HttpResponse::Ok().json(AnyRule::BuiltIn(RuleResponse::new(spec, &settings))))
}

async fn update_custom(
    state: &AppState,
    req: &actix_web::HttpRequest,
    user: AuthUser,
    path: &str,
    if_match: IfMatch,
    patch: UpdateRule,
) -> ApiResult<HttpResponse> {
    let id = custom_id(path)?;
    if patch.parameters.is_some() {
        return Err(ApiError::field(
            "parameters",
            "a custom rule has no parameters: patch its fields",
        ));
    }
    let enabled = patch.enabled;
    let row = service::update_custom(
        &state.service,
        user.key(),
        id.into(),
        if_match.into(),
        enabled,
        move |definition| patch.apply(definition),
    )
    .await?;
    let version = row.version;
    Ok(single(
        req,
        version,
        &AnyRule::Custom(CustomRuleResponse::from_row(row)?),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanResponse {
    pub interview: Interview,
    /// Every task of the interview and of its application as a whole (the decision check, the
    /// check-ins: done, open, skipped, cancelled), in due order, each with the reason it exists.
    pub tasks: Vec<Task>,
}

/// Read an interview's follow-up plan.
///
/// The interview and every task that belongs to it or to its application as a whole, done and
/// open, in the order they fall due. Send `If-None-Match` with the `ETag` you hold: 304 when
/// neither the interview nor any of its tasks changed.
#[utoipa::path(
    tag = "interviews",
    params(("id" = Uuid, Path, description = "Interview id"), IfNoneMatch),
    responses(
        (status = 200, body = PlanResponse, description = "The interview and its follow-up tasks, in order",
            headers(("ETag" = String, description = "A strong tag of the plan's bytes, for `If-None-Match`"))),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/interviews/{id}/plan")]
pub async fn interview_plan(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into();
    let (interview, tasks) = service::plan(&state.service, user.key(), id).await?;
    let body = serde_json::to_vec(&PlanResponse {
        interview: Interview::from(interview),
        tasks: tasks.into_iter().map(Task::from).collect(),
    })
    .map_err(ApiError::internal)?;
    let tag = body_etag(&body);
    if names(&req, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::ETAG, tag))
        .body(body))
}
