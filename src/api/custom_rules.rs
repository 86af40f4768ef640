//! `/v1/rules` for the user's own rules: create, delete, and preview what a rule would create
//! (RULES.md, "Custom rules"). Reading and patching share `api::rules` with the built-in ones.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::domain::enums::{Channel, text_enum};
use crate::error::{ApiError, ApiResult};
use crate::http::conditional::{IfMatch, created};
use crate::http::extract::Json;
use crate::rules::Desired;
use crate::rules::RuleId;
use crate::rules::custom::{CustomRule, Definition, Filter, Target, Trigger};
use crate::service::rules::{self as service, Preview, Previewed};
use crate::state::AppState;
use crate::store::custom_rules::StoredRule;
use crate::views::Rfc3339;

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
    pub created_at: Rfc3339,
    pub updated_at: Rfc3339,
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
            created_at: Rfc3339(row.created_at),
            updated_at: Rfc3339(row.updated_at),
        })
    }
}

/// Create a custom rule.
///
/// *When* `trigger` fires, *for each* interview, person or reference (`target`) that passes
/// `filter`, a task titled from `title`, due `offset` after the trigger's time. Its tasks are
/// planned in this request. At most 50 rules per account.
#[utoipa::path(
    tag = "rules",
    request_body = Definition,
    responses(
        (status = 201, body = CustomRuleResponse, description = "The rule; its tasks are already planned",
            headers(
                ("Location" = String, description = "The rule's URL"),
                )),
        (status = 409, response = crate::http::responses::Conflict),
    )
)]
#[post("/v1/rules")]
pub async fn create_rule(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<Definition>,
) -> ApiResult<HttpResponse> {
    let row = service::create_custom(&state.service, user.key(), body.into_inner()?).await?;
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
    params(
        ("rule_id" = Uuid, Path, description = "A custom rule's id"),
        IfMatch,
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
            location: None,
        });
    }
    let id = custom_id(&path)?;
    service::delete_custom(&state.service, user.key(), id.into(), if_match.into()).await?;
    Ok(HttpResponse::NoContent().finish())
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

/// A task a rule would have for your current data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewTask {
    pub title: String,
    pub reason: String,
    pub due_at: Rfc3339,
    pub channel: Option<Channel>,
    pub application_id: Option<Uuid>,
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
    /// What a new or edited custom rule leaves out: tasks already more than 24 hours overdue
    /// when the rule was made or last changed, in due order (`task_id` null). Always empty for
    /// a built-in rule.
    pub skipped: Vec<PreviewTask>,
}

fn uuid(text: &Option<String>) -> Option<Uuid> {
    text.as_deref().and_then(|t| Uuid::parse_str(t).ok())
}

fn previewed(preview: Preview) -> PreviewResponse {
    let task = |task: Desired, existing: Option<crate::domain::Id>| PreviewTask {
        task_id: existing.map(|id| id.uuid()),
        application_id: uuid(&task.application_id),
        interview_id: uuid(&task.interview_id),
        interviewer_id: uuid(&task.interviewer_id),
        reference_id: uuid(&task.reference_id),
        title: task.title,
        reason: task.reason,
        due_at: Rfc3339(task.due_at),
        channel: task.channel,
    };
    PreviewResponse {
        items: preview
            .items
            .into_iter()
            .map(|Previewed { task: t, existing }| task(t, existing))
            .collect(),
        skipped: preview.skipped.into_iter().map(|t| task(t, None)).collect(),
    }
}

/// Preview a rule.
///
/// The tasks the rule would have for your current data, as if it were on: those that exist
/// already (`task_id`) and those it would create. Writes nothing.
#[utoipa::path(
    tag = "rules",
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
    let items = match RuleId::parse(&path) {
        Some(rule) => service::preview(&state.service, user.key(), Ok(rule)).await?,
        None => {
            let id = custom_id(&path)?;
            service::preview_custom(&state.service, user.key(), id.into()).await?
        }
    };
    Ok(HttpResponse::Ok().json(previewed(items)))
}

/// Preview a rule before saving it.
///
/// What a custom rule with this definition would create for your current data. Writes nothing;
/// a definition `POST /v1/rules` would refuse is refused here the same way.
#[utoipa::path(
    tag = "rules",
    request_body = Definition,
    responses(
        (status = 200, body = PreviewResponse, description = "What the rule would create, in due order"),
    )
)]
#[post("/v1/rules/preview")]
pub async fn preview_definition(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<Definition>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner()?;
    body.validate_new().map_err(service::invalid)?;
    let now = state.service.clock().now();
    let rule = CustomRule::new(Uuid::nil().to_string(), body, true, false, now)
        .map_err(service::invalid)?;
    let items = service::preview(&state.service, user.key(), Err(rule)).await?;
    Ok(HttpResponse::Ok().json(previewed(items)))
}
