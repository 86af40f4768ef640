//! Per-user rule settings: whether each built-in rule is on, and its parameters.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::error::{ApiError, ApiResult};
use crate::rules::{RuleId, Settings};
use crate::schema::rule_settings;

/// A stored rule setting: whether the rule is on, and its parameters as a JSON object.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rule_settings, check_for_backend(crate::db::MultiBackend))]
pub struct RuleSettingRow {
    pub user_id: String,
    pub rule_id: String,
    pub enabled: bool,
    pub parameters: String,
    pub updated_at: NaiveDateTime,
}

pub fn load(conn: &mut DbConnection, user: &str) -> ApiResult<Settings> {
    let rows: Vec<RuleSettingRow> = rule_settings::table
        .filter(rule_settings::user_id.eq(user))
        .select(RuleSettingRow::as_select())
        .load(conn)?;
    let mut settings = Settings::default();
    for row in rows {
        let Some(rule) = RuleId::parse(&row.rule_id) else {
            continue;
        };
        settings.set_enabled(rule, row.enabled);
        let params: BTreeMap<String, i64> =
            serde_json::from_str(&row.parameters).map_err(ApiError::internal)?;
        for (name, value) in params {
            settings.set_param(rule, &name, value);
        }
    }
    Ok(settings)
}

/// Stores a rule's switch and its changed parameters (merged over those stored before).
pub fn save(
    conn: &mut DbConnection,
    user: &str,
    rule: RuleId,
    enabled: bool,
    changed: &BTreeMap<String, i64>,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let target = rule_settings::table
        .filter(rule_settings::user_id.eq(user))
        .filter(rule_settings::rule_id.eq(rule.as_str()));
    let stored: Option<String> =
        crate::db::one_row(target.select(rule_settings::parameters), conn)?;
    let mut params: BTreeMap<String, i64> = match &stored {
        Some(text) => serde_json::from_str(text).map_err(ApiError::internal)?,
        None => BTreeMap::new(),
    };
    params.extend(changed.iter().map(|(k, v)| (k.clone(), *v)));
    let params = serde_json::to_string(&params).map_err(ApiError::internal)?;
    // Two first saves at once: the loser of the insert updates instead.
    let inserted = stored.is_none()
        && crate::db::insert_unless_exists(conn, |conn| {
            diesel::insert_into(rule_settings::table)
                .values((
                    rule_settings::user_id.eq(user),
                    rule_settings::rule_id.eq(rule.as_str()),
                    rule_settings::enabled.eq(enabled),
                    rule_settings::parameters.eq(&params),
                    rule_settings::updated_at.eq(now),
                ))
                .execute(conn)
        })?;
    if !inserted {
        diesel::update(target)
            .set((
                rule_settings::enabled.eq(enabled),
                rule_settings::parameters.eq(&params),
                rule_settings::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
