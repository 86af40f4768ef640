//! Per-account quotas (`config::Quotas`): counted inside the write transaction that would add
//! one more, so concurrent creates cannot together pass a limit.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{
    api_tokens, custom_rules, interviews, job_references, people, tasks, webhooks,
};
use crate::domain::enums::TaskStatus;
use crate::store::error::{StoreError, StoreResult};

#[derive(Debug, Clone, Copy)]
pub enum Quota {
    Interviews,
    People,
    References,
    OpenTasks,
    CustomRules,
    ApiTokens,
    Webhooks,
}

impl Quota {
    fn what(self) -> &'static str {
        match self {
            Self::Interviews => "interviews",
            Self::People => "people",
            Self::References => "references",
            Self::OpenTasks => "open tasks",
            Self::CustomRules => "custom rules",
            Self::ApiTokens => "API tokens",
            Self::Webhooks => "webhook endpoints",
        }
    }

    fn count(self, conn: &mut DbConnection, user: &str) -> QueryResult<i64> {
        match self {
            Self::Interviews => interviews::table
                .filter(interviews::user_id.eq(user))
                .filter(interviews::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::People => people::table
                .filter(people::user_id.eq(user))
                .filter(people::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::References => job_references::table
                .filter(job_references::user_id.eq(user))
                .filter(job_references::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::CustomRules => custom_rules::table
                .filter(custom_rules::user_id.eq(user))
                .filter(custom_rules::deleted_at.is_null())
                .count()
                .get_result(conn),
            Self::ApiTokens => api_tokens::table
                .filter(api_tokens::user_id.eq(user))
                .count()
                .get_result(conn),
            Self::Webhooks => webhooks::table
                .filter(webhooks::user_id.eq(user))
                .count()
                .get_result(conn),
            Self::OpenTasks => tasks::table
                .filter(tasks::user_id.eq(user))
                .filter(tasks::deleted_at.is_null())
                .filter(tasks::status.eq(TaskStatus::Open))
                .count()
                .get_result(conn),
        }
    }
}

/// 409 naming the limit when `user` already has `max` of `quota`'s kind.
pub fn check(conn: &mut DbConnection, user: &str, quota: Quota, max: u32) -> StoreResult<()> {
    if quota.count(conn, user)? >= i64::from(max) {
        return Err(StoreError::QuotaExceeded {
            what: quota.what(),
            max,
        });
    }
    Ok(())
}
