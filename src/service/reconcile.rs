//! Reconcile: plan one user and write the difference.
//!
//! A wanted task whose key is new is inserted; an existing one is left alone (the user may have
//! edited, snoozed or finished it), unless the engine had cancelled it, when it opens again; an
//! open generated task no longer wanted is cancelled with a reason; done, skipped and deleted
//! tasks are never touched, and their keys stay reserved. The unique (user, key) constraint makes
//! concurrent reconciles harmless.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::clock;
use crate::db::DbConnection;
use crate::domain::enums::TaskStatus;
use crate::domain::facts::TaskFact;
use crate::error::ApiResult;
use crate::rules::RuleId;
use crate::rules::plan::{Desired, cancel_reason, plan, reopenable};
use crate::store::tasks::NewTask;
use crate::store::{self, new_id};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub created: usize,
    pub reopened: usize,
    pub cancelled: usize,
    pub next_wake: Option<DateTime<Utc>>,
}

/// Plans `user` at `now` and writes the difference. Run it inside a transaction.
pub fn reconcile(conn: &mut DbConnection, user: &str, now: DateTime<Utc>) -> ApiResult<Report> {
    let facts = store::facts::load(conn, user)?;
    let settings = super::settings::load(conn, user)?;
    let plan = plan(&facts, &settings, now);
    let stamp = clock::naive(now);
    let existing: HashMap<&str, &TaskFact> = facts
        .tasks
        .iter()
        .filter_map(|t| t.dedupe_key.as_deref().map(|k| (k, t)))
        .collect();
    let mut report = Report {
        next_wake: plan.next_wake,
        ..Report::default()
    };

    let mut reopen = Vec::new();
    for desired in &plan.tasks {
        match existing.get(desired.key.as_str()) {
            None => {
                if store::tasks::insert_generated(conn, &new_task(user, desired, stamp))? {
                    report.created += 1;
                }
            }
            Some(task) if !task.deleted && reopenable(task.status) => reopen.push(task.id.clone()),
            Some(_) => {}
        }
    }
    if !reopen.is_empty() {
        report.reopened = store::tasks::reopen(conn, &reopen, stamp)?;
    }

    let wanted: HashSet<&str> = plan.tasks.iter().map(|d| d.key.as_str()).collect();
    let mut unwanted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for task in &facts.tasks {
        let Some(key) = task.dedupe_key.as_deref() else {
            continue;
        };
        if task.status == TaskStatus::Open && !task.deleted && !wanted.contains(key) {
            let reason = cancel_reason(RuleId::parse(&task.kind), &settings);
            unwanted.entry(reason).or_default().push(task.id.clone());
        }
    }
    for (reason, ids) in unwanted {
        report.cancelled += store::tasks::cancel(conn, &ids, &reason, stamp)?;
    }

    store::users::set_next_check(conn, user, plan.next_wake.map(clock::naive))?;
    Ok(report)
}

fn new_task(user: &str, desired: &Desired, now: chrono::NaiveDateTime) -> NewTask {
    NewTask {
        id: new_id(),
        user_id: user.to_string(),
        kind: desired.rule.as_str().into(),
        rule_id: Some(desired.rule.as_str().into()),
        dedupe_key: Some(desired.key.clone()),
        title: desired.title.clone(),
        reason: Some(desired.reason.clone()),
        draft: desired.draft.clone(),
        notes: None,
        status: TaskStatus::Open,
        not_before: desired.not_before.map(clock::naive),
        due_at: Some(clock::naive(desired.due_at)),
        channel: desired.channel,
        interview_id: desired.interview_id.clone(),
        interviewer_id: desired.interviewer_id.clone(),
        reference_id: desired.reference_id.clone(),
        created_at: now,
        updated_at: now,
    }
}
