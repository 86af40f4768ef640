//! A user's rule settings as the planner reads them: the catalogue's defaults, with what the user
//! changed (`store::rule_settings`) laid over them.

use crate::db::DbConnection;
use crate::rules::custom::{CustomRule, Definition};
use crate::rules::{RuleId, Settings};
use crate::store;
use crate::store::error::StoreResult;

pub fn load(conn: &mut DbConnection, user: &str) -> StoreResult<Settings> {
    load_held(conn, user, None)
}

/// `load`, reading nothing the write's lock found empty.
pub fn load_held(
    conn: &mut DbConnection,
    user: &str,
    held: Option<&store::users::Held>,
) -> StoreResult<Settings> {
    let mut settings = Settings::default();
    let stored = match held {
        Some(held) if !held.has_rule_settings => Vec::new(),
        _ => store::rule_settings::load(conn, user)?,
    };
    for stored in stored {
        let Some(rule) = RuleId::parse(&stored.rule_id) else {
            tracing::warn!(
                rule = %stored.rule_id,
                "a stored rule setting names no rule of the catalogue; it is ignored"
            );
            continue;
        };
        settings.set_enabled(rule, stored.enabled);
        for (name, value) in stored.parameters {
            match rule.spec().param(&name) {
                Some(param) => settings.set_param(param.param, value),
                None => tracing::error!(
                    rule = %stored.rule_id,
                    parameter = %name,
                    "a stored rule parameter is not one of the rule's; it is ignored"
                ),
            }
        }
    }
    let custom = match held {
        Some(held) if !held.has_custom_rules => Vec::new(),
        _ => store::custom_rules::of_user(conn, user, true)?,
    };
    for stored in custom {
        match custom_rule(&stored) {
            Ok(rule) => settings.custom.push(rule),
            // Never planned from as a guess: the rule is left out until it is fixed.
            Err(problem) => tracing::error!(
                rule = %stored.id,
                %problem,
                "a stored custom rule is out of its domain; it is not planned"
            ),
        }
    }
    Ok(settings)
}

/// A stored rule, checked as the API checks a new one.
pub fn custom_rule(stored: &store::custom_rules::StoredRule) -> Result<CustomRule, String> {
    let definition: Definition =
        serde_json::from_str(&stored.definition).map_err(|e| e.to_string())?;
    CustomRule::new(
        stored.id.to_string(),
        definition,
        stored.enabled,
        stored.deleted_at.is_some(),
        stored.updated_at,
    )
    .map_err(|problems| {
        problems
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    })
}
