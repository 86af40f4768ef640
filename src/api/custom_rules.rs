//! `/v1/rules` for the user's own rules: create, delete, and preview what a rule would create
//! (RULES.md, "Custom rules"). Reading and patching share `api::rules` with the built-in ones.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::single;
use crate::auth::AuthUser;
use crate::domain::FieldError;
use crate::domain::enums::{Channel, text_enum};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{IfMatch, created};
use crate::http::extract::Json;
use crate::rules::custom::{self, CustomRule, Definition, Filter, Target, Trigger};
use crate::rules::{Desired, RuleId};
use crate::service::Replan;
use crate::state::AppState;
use crate::store::custom_rules::{self, NewRule, StoredRule};
use crate::store::quota::{self, Quota};
use crate::store::{self, new_id};

text_enum!(
    /// A rule the user defined.
    CustomKind { Custom = "custom" }
);

/// A custom rule: its definition, its switch, and its id (the `rule_id` of its tasks).
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomRuleResponse {
    pub id: Uuid,
    pub kind: CustomKind,
    #[schema(example = "Connect on LinkedIn")]
    pub name: String,
    pub trigger: Trigger,
    pub target: Target,
    pub filter: Filter,
    #[schema(example = "Connect with {name} ({title}) on LinkedIn")]
    pub title: String,
    pub description: Option<String>,
    pub channel: Option<Channel>,
    #[schema(example = "P2D")]
    pub offset: String,
    pub business_hours: bool,
    pub enabled: bool,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl CustomRuleResponse {
    pub(crate) fn from_row(row: StoredRule) -> ApiResult<Self> {
        let rule = crate::service::settings::custom_rule(&row).map_err(ApiError::Internal)?;
        let Definition {
            name,
            trigger,
            target,
            filter,
            title,
            description,
            channel,
            offset,
            business_hours,
        } = rule.definition;
        Ok(Self {
            id: row.id.uuid(),
            kind: CustomKind::Custom,
            name,
            trigger,
            target,
            filter,
            title,
            description,
            channel,
            offset,
            business_hours,
            enabled: row.enabled,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A definition's problems as a 422 naming each field.
pub(crate) fn invalid(problems: Vec<(String, String)>) -> ApiError {
    ApiError::Validation(
        problems
            .into_iter()
            .map(|(field, message)| FieldError::new(field, message))
            .collect(),
    )
}

/// Create a custom rule.
///
/// *When* `trigger` fires, *for each* interview, person or reference (`target`) that passes
/// `filter`, a task titled from `title`, due `offset` after the trigger's time. Its tasks are
/// planned in this request. At most 50 rules per account.
#[utoipa::path(
    tag = "rules",
    security(("bearer" = [])),
    request_body = Definition,
    responses(
        (status = 201, body = CustomRuleResponse, description = "The rule; its tasks are already planned",
            headers(
                ("Location" = String, description = "The rule's URL"),
                ("ETag" = String, description = "The version of the resource, for `If-Match` and `If-None-Match`"),
            )),
        (status = 409, response = crate::http::responses::Conflict),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/rules")]
pub async fn create_rule(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<Definition>,
) -> ApiResult<HttpResponse> {
    let definition = body.0;
    definition.validate().map_err(invalid)?;
    let text = serde_json::to_string(&definition).map_err(ApiError::internal)?;
    let now = state.service.clock().now();
    let row = state
        .service
        .planned_write(user.key(), move |conn| {
            quota::check(conn, &user.key(), Quota::CustomRules, custom::LIMIT)?;
            Ok(custom_rules::insert(
                conn,
                &NewRule {
                    id: new_id(),
                    user_id: user.key(),
                    definition: text,
                    enabled: true,
                    created_at: crate::db::Stamp(now),
                    updated_at: crate::db::Stamp(now),
                },
            )?)
        })
        .await?;
    let location = format!("/v1/rules/{}", row.id);
    let version = row.version;
    created(
        &req,
        &location,
        version,
        &CustomRuleResponse::from_row(row)?,
    )
}

/// Delete a custom rule.
///
/// Its open tasks are cancelled in this request, with a reason that names the rule; what you
/// did stays. Built-in rules cannot be deleted: switch them off with `PATCH`.
#[utoipa::path(
    tag = "rules",
    security(("bearer" = [])),
    params(
        ("rule_id" = Uuid, Path, description = "A custom rule's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you hold: 412 if the rule changed since"),
    ),
    responses(
        (status = 204, description = "Deleted; its open tasks are cancelled"),
        (status = 409, response = crate::http::responses::Conflict),
        crate::http::responses::OneResourceErrors,
        crate::http::responses::ConditionalErrors,
    )
)]
#[delete("/v1/rules/{rule_id}")]
pub async fn delete_rule(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    not_the_preview(&path)?;
    if let Some(rule) = RuleId::parse(&path) {
        return Err(ApiError::Conflict {
            field: None,
            detail: format!(
                "`{rule}` is a built-in rule: switch it off with PATCH {{\"enabled\": false}}"
            ),
        });
    }
    let id = custom_id(&path)?;
    single::remove(&state, user, id, if_match, custom_rules::delete).await
}

/// `/v1/rules/preview` takes only POST, though `/v1/rules/{rule_id}` would match it.
pub(crate) fn not_the_preview(text: &str) -> ApiResult<()> {
    if text == "preview" {
        return Err(ApiError::MethodNotAllowed {
            allow: vec!["POST".into()],
        });
    }
    Ok(())
}

/// A custom rule id from a path, or 404.
pub(crate) fn custom_id(text: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| ApiError::NotFound(format!("No rule is called `{text}`")))
}

/// A custom rule can touch any task of the user: every change to one re-plans everything.
impl single::Replanned for StoredRule {
    fn changed(_: &Self, _: &Self) -> Replan {
        Replan::Everything
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}

/// A task a rule would have for your current data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewTask {
    pub title: String,
    pub reason: String,
    #[serde(serialize_with = "crate::http::timestamp::rfc3339")]
    pub due_at: DateTime<Utc>,
    pub channel: Option<Channel>,
    pub interview_id: Option<Uuid>,
    pub interviewer_id: Option<Uuid>,
    pub reference_id: Option<Uuid>,
    /// The task that already stands for it, if there is one; null for one it would create.
    pub task_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewResponse {
    /// In due order.
    pub items: Vec<PreviewTask>,
}

fn uuid(text: &Option<String>) -> Option<Uuid> {
    text.as_deref().and_then(|t| Uuid::parse_str(t).ok())
}

/// Plans `rule` (a built-in one, or a custom one) against the user's current data, writing
/// nothing.
fn preview(
    conn: &mut crate::db::DbConnection,
    user: &str,
    now: DateTime<Utc>,
    rule: Result<RuleId, CustomRule>,
) -> ApiResult<PreviewResponse> {
    let facts = store::facts::load(conn, user, None)?;
    let mut settings = crate::service::settings::load(conn, user)?;
    let tasks: Vec<Desired> = match rule {
        Ok(built_in) => {
            settings.set_enabled(built_in, true);
            crate::rules::plan(&facts, &settings, now)
                .tasks
                .into_iter()
                .filter(|t| t.rule == built_in)
                .collect()
        }
        Err(mut custom) => {
            // This rule alone, through the same planner as every plan.
            custom.enabled = true;
            for built_in in RuleId::ALL.iter().copied() {
                settings.set_enabled(built_in, false);
            }
            settings.custom = vec![custom];
            crate::rules::plan(&facts, &settings, now).tasks
        }
    };
    let mut items: Vec<PreviewTask> = tasks
        .into_iter()
        .map(|t| PreviewTask {
            task_id: facts
                .tasks
                .iter()
                .find(|f| f.dedupe_key.as_deref() == Some(t.key.as_str()))
                .and_then(|f| Uuid::parse_str(&f.id).ok()),
            interview_id: uuid(&t.interview_id),
            interviewer_id: uuid(&t.interviewer_id),
            reference_id: uuid(&t.reference_id),
            title: t.title,
            reason: t.reason,
            due_at: t.due_at,
            channel: t.channel,
        })
        .collect();
    items.sort_by_key(|t| t.due_at);
    Ok(PreviewResponse { items })
}

/// Preview a rule.
///
/// The tasks the rule would have for your current data, as if it were on: those that exist
/// already (`task_id`) and those it would create. Writes nothing.
#[utoipa::path(
    tag = "rules",
    security(("bearer" = [])),
    params(("rule_id" = String, Path, description = "A built-in rule id such as `thank_you_note`, or a custom rule's id")),
    responses(
        (status = 200, body = PreviewResponse, description = "What the rule would have, in due order"),
        crate::http::responses::OneResourceErrors,
    )
)]
#[get("/v1/rules/{rule_id}/preview")]
pub async fn preview_rule(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let built_in = RuleId::parse(&path);
    let id = match built_in {
        Some(_) => String::new(),
        None => custom_id(&path)?.to_string(),
    };
    let now = state.service.clock().now();
    let preview = state
        .service
        .read_as(user.key(), move |conn| {
            let rule = match built_in {
                Some(rule) => Ok(rule),
                None => {
                    let row = custom_rules::find(conn, &user.key(), &id)?;
                    Err(crate::service::settings::custom_rule(&row).map_err(ApiError::Internal)?)
                }
            };
            preview(conn, &user.key(), now, rule)
        })
        .await?;
    Ok(HttpResponse::Ok().json(preview))
}

/// Preview a rule before saving it.
///
/// What a custom rule with this definition would create for your current data. Writes nothing;
/// a definition `POST /v1/rules` would refuse is refused here the same way.
#[utoipa::path(
    tag = "rules",
    security(("bearer" = [])),
    request_body = Definition,
    responses(
        (status = 200, body = PreviewResponse, description = "What the rule would create, in due order"),
        crate::http::responses::BodyErrors,
        (status = 401, response = crate::http::responses::Unauthorized),
    )
)]
#[post("/v1/rules/preview")]
pub async fn preview_definition(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<Definition>,
) -> ApiResult<HttpResponse> {
    let rule = CustomRule::new(Uuid::nil().to_string(), body.0, true, false).map_err(invalid)?;
    let now = state.service.clock().now();
    let preview = state
        .service
        .read_as(user.key(), move |conn| {
            preview(conn, &user.key(), now, Err(rule))
        })
        .await?;
    Ok(HttpResponse::Ok().json(preview))
}
