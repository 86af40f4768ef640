//! Per-user rule settings: whether each built-in rule is on, and its parameters.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::rule_settings;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::store::error::{StoreError, StoreResult};

/// A stored rule setting: whether the rule is on, and its parameters as a JSON object.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rule_settings, check_for_backend(crate::db::MultiBackend))]
pub struct RuleSettingRow {
    pub user_id: Id,
    pub rule_id: String,
    pub enabled: bool,
    pub parameters: String,
    pub updated_at: DateTime<Utc>,
}

/// One rule's stored setting, its parameters parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub rule_id: String,
    pub enabled: bool,
    pub parameters: BTreeMap<String, i64>,
}

/// What `user` changed of the rules' defaults.
pub fn load(conn: &mut DbConnection, user: &str) -> StoreResult<Vec<Stored>> {
    let rows: Vec<RuleSettingRow> = rule_settings::table
        .filter(rule_settings::user_id.eq(user))
        .select(RuleSettingRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            Ok(Stored {
                parameters: serde_json::from_str(&row.parameters).map_err(|err| {
                    StoreError::Corrupt(format!(
                        "stored parameters of rule {} are not a JSON object of integers: {err}",
                        row.rule_id
                    ))
                })?,
                rule_id: row.rule_id,
                enabled: row.enabled,
            })
        })
        .collect()
}

/// Stores a rule's switch and its changed parameters (merged over those stored before).
pub fn save(
    conn: &mut DbConnection,
    user: &str,
    rule: &str,
    enabled: bool,
    changed: &BTreeMap<String, i64>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let target = rule_settings::table
        .filter(rule_settings::user_id.eq(user))
        .filter(rule_settings::rule_id.eq(rule));
    let stored: Option<String> =
        crate::db::one_row(target.select(rule_settings::parameters), conn)?;
    let mut params: BTreeMap<String, i64> = match &stored {
        Some(text) => {
            serde_json::from_str(text).map_err(|err| StoreError::Corrupt(err.to_string()))?
        }
        None => BTreeMap::new(),
    };
    params.extend(changed.iter().map(|(k, v)| (k.clone(), *v)));
    let params =
        serde_json::to_string(&params).map_err(|err| StoreError::Corrupt(err.to_string()))?;
    // Two first saves at once: the loser of the insert updates instead.
    let inserted = stored.is_none()
        && crate::db::insert_unless_exists(conn, |conn| {
            diesel::insert_into(rule_settings::table)
                .values((
                    rule_settings::user_id.eq(user),
                    rule_settings::rule_id.eq(rule),
                    rule_settings::enabled.eq(enabled),
                    rule_settings::parameters.eq(&params),
                    rule_settings::updated_at.eq(Stamp(now)),
                ))
                .execute(conn)
        })?;
    if !inserted {
        diesel::update(target)
            .set((
                rule_settings::enabled.eq(enabled),
                rule_settings::parameters.eq(&params),
                rule_settings::updated_at.eq(Stamp(now)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
