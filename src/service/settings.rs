//! A user's rule settings as the planner reads them: the catalogue's defaults, with what the user
//! changed (`store::rule_settings`) laid over them.

use crate::db::DbConnection;
use crate::rules::{RuleId, Settings};
use crate::store;
use crate::store::error::StoreResult;

pub fn load(conn: &mut DbConnection, user: &str) -> StoreResult<Settings> {
    let mut settings = Settings::default();
    for stored in store::rule_settings::load(conn, user)? {
        let Some(rule) = RuleId::parse(&stored.rule_id) else {
            tracing::warn!(
                rule = %stored.rule_id,
                "a stored rule setting names no rule of the catalogue; it is ignored"
            );
            continue;
        };
        settings.set_enabled(rule, stored.enabled);
        for (name, value) in stored.parameters {
            settings.set_param(rule, &name, value);
        }
    }
    Ok(settings)
}
