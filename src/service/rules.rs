//! The rules a user's follow-up is planned by: the catalogue's, switched and tuned per user, and
//! the user's own (custom rules). Every change re-plans the whole follow-up in its transaction;
//! a preview plans one rule against the current data and writes nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::db::{DbConnection, Stamp};
use crate::domain::{FieldError, Id, Invalid};
use crate::rules::catalog::ParamSpec;
use crate::rules::custom::{CustomRule, Definition};
use crate::rules::{Desired, RuleId, Settings};
use crate::service::resource::{self, Precondition, Replanned};
use crate::service::{Error, Replan, Result, Service};
use crate::store::custom_rules::{self, NewRule, RuleChanges, StoredRule};
use crate::store::interviews::Interview;
use crate::store::quota::Quota;
use crate::store::tasks::Task;
use crate::store::{self, new_id, rule_settings};

/// The user's settings of every rule, and their live custom rules in the order they made them.
pub async fn all(service: &Service, user: Id) -> Result<(Settings, Vec<StoredRule>)> {
    service
        .read_as(user, move |conn| {
            Ok((
                super::settings::load(conn, &user)?,
                custom_rules::of_user(conn, &user, false)?,
            ))
        })
        .await
}

pub async fn settings(service: &Service, user: Id) -> Result<Settings> {
    service
        .read_as(user, move |conn| Ok(super::settings::load(conn, &user)?))
        .await
}

/// Switches a built-in rule and sets its parameters (each within its bounds already); the
/// settings as they now are.
pub async fn update_built_in(
    service: &Service,
    user: Id,
    rule: RuleId,
    enabled: Option<bool>,
    changed: Vec<(&'static ParamSpec, i64)>,
) -> Result<Settings> {
    let now = service.clock().now();
    service
        .planned_write(user, move |conn| {
            let mut settings = super::settings::load(conn, &user)?;
            for (p, value) in &changed {
                settings.set_param(p.param, *value);
            }
            // Each value is within its bounds; together they must make sense too.
            if let Some((param, message)) = settings.problems().into_iter().next() {
                let field = format!("parameters.{}", param.spec().name);
                return Err(Error::Invalid(Invalid(vec![FieldError::new(
                    field, message,
                )])));
            }
            let enabled = enabled.unwrap_or_else(|| settings.enabled(rule));
            settings.set_enabled(rule, enabled);
            let stored: BTreeMap<String, i64> = changed
                .iter()
                .map(|(p, value)| (p.name.to_string(), *value))
                .collect();
            rule_settings::save(conn, &user, rule.as_str(), enabled, &stored, now)?;
            Ok(settings)
        })
        .await
}

pub async fn create_custom(
    service: &Service,
    user: Id,
    definition: Definition,
) -> Result<StoredRule> {
    definition.validate_new().map_err(invalid)?;
    let text = serde_json::to_string(&definition).map_err(Error::internal)?;
    let now = Stamp(service.clock().now());
    let quotas = service.quotas();
    service
        .planned_write(user, move |conn| {
            quotas.check(conn, &user, Quota::CustomRules)?;
            Ok(custom_rules::insert(
                conn,
                &NewRule {
                    id: new_id(),
                    user_id: user,
                    definition: text,
                    enabled: true,
                    created_at: now,
                    updated_at: now,
                },
            )?)
        })
        .await
}

pub async fn get_custom(service: &Service, user: Id, id: Id) -> Result<StoredRule> {
    resource::get(service, user, id).await
}

/// Edits a custom rule: `edit` lays the patch over its definition, which must still be valid.
pub async fn update_custom<F>(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    enabled: Option<bool>,
    edit: F,
) -> Result<StoredRule>
where
    F: FnOnce(Definition) -> Definition + Send + 'static,
{
    resource::change(
        service,
        user,
        id,
        expect,
        move |conn, current: &StoredRule, now| {
            let stored = super::settings::custom_rule(current).map_err(Error::Internal)?;
            let definition = edit(stored.definition.clone());
            if definition != stored.definition {
                definition.validate_new().map_err(invalid)?;
            }
            if definition == stored.definition && enabled.is_none_or(|e| e == current.enabled) {
                return Ok(None);
            }
            let changes = RuleChanges {
                definition: Some(serde_json::to_string(&definition).map_err(Error::internal)?),
                enabled,
            };
            Ok(Some(custom_rules::update(conn, current, &changes, now)?))
        },
    )
    .await
}

/// Deletes a custom rule: its open tasks are cancelled, naming it.
pub async fn delete_custom(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
) -> Result<()> {
    resource::remove(service, user, id, expect, custom_rules::delete).await
}

/// A task a rule would have: what it would be, and the task that stands for it already.
pub struct Previewed {
    pub task: Desired,
    pub existing: Option<Id>,
}

/// What a rule would have, and what it leaves out as long overdue (custom rules only).
pub struct Preview {
    pub items: Vec<Previewed>,
    pub skipped: Vec<Desired>,
}

/// What `rule` (a built-in rule, or a custom one as defined) would have for the user's data now,
/// as if it were on, in due order. Writes nothing.
pub async fn preview(
    service: &Service,
    user: Id,
    rule: std::result::Result<RuleId, CustomRule>,
) -> Result<Preview> {
    let now = service.clock().now();
    service
        .read_as(user, move |conn| preview_in(conn, &user, now, rule))
        .await
}

/// The preview of the stored custom rule `id`.
pub async fn preview_custom(service: &Service, user: Id, id: Id) -> Result<Preview> {
    let now = service.clock().now();
    service
        .read_as(user, move |conn| {
            let row = custom_rules::find(conn, &user, &id)?;
            let rule = super::settings::custom_rule(&row).map_err(Error::Internal)?;
            preview_in(conn, &user, now, Err(rule))
        })
        .await
}

fn preview_in(
    conn: &mut DbConnection,
    user: &str,
    now: DateTime<Utc>,
    rule: std::result::Result<RuleId, CustomRule>,
) -> Result<Preview> {
    let facts = store::facts::load(conn, user, store::facts::Part::All)?;
    let mut settings = super::settings::load(conn, user)?;
    let (tasks, mut skipped): (Vec<Desired>, Vec<Desired>) = match rule {
        Ok(built_in) => {
            settings.set_enabled(built_in, true);
            let tasks = crate::rules::plan(&facts, &settings, now)
                .tasks
                .into_iter()
                .filter(|t| t.rule == built_in)
                .collect();
            (tasks, Vec::new())
        }
        Err(mut custom) => {
            // This rule alone, through the same planner as every plan.
            custom.enabled = true;
            for built_in in RuleId::ALL.iter().copied() {
                settings.set_enabled(built_in, false);
            }
            settings.custom = vec![custom];
            let plan = crate::rules::plan(&facts, &settings, now);
            (plan.tasks, plan.skipped)
        }
    };
    skipped.sort_by(|a, b| (a.due_at, &a.key).cmp(&(b.due_at, &b.key)));
    let mut items: Vec<Previewed> = tasks
        .into_iter()
        .map(|task| Previewed {
            existing: facts
                .tasks
                .iter()
                .find(|f| f.dedupe_key.as_deref() == Some(task.key.as_str()))
                .and_then(|f| Id::parse(&f.id).ok()),
            task,
        })
        .collect();
    items.sort_by_key(|p| p.task.due_at);
    Ok(Preview { items, skipped })
}

/// One interview and every task that belongs to it or to its application as a whole, in due
/// order.
pub async fn plan(service: &Service, user: Id, interview: Id) -> Result<(Interview, Vec<Task>)> {
    service
        .read_as(user, move |conn| {
            let found = store::interviews::find(conn, &user, &interview)?;
            let application = found.application_id.as_ref().map(|id| id.to_string());
            let tasks =
                store::tasks::of_interview(conn, &user, &interview, application.as_deref())?;
            Ok((found, tasks))
        })
        .await
}

/// A definition's problems, each naming its field.
pub fn invalid(problems: Vec<(String, String)>) -> Error {
    Error::Invalid(Invalid(
        problems
            .into_iter()
            .map(|(field, message)| FieldError::new(field, message))
            .collect(),
    ))
}

/// A custom rule can touch any task of the user: every change to one re-plans everything.
impl Replanned for StoredRule {
    fn changed(_: &Self, _: &Self) -> Replan {
        Replan::Everything
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}
