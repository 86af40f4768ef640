//! Reconcile: plan one user and write the difference.
//!
//! A wanted task whose key is new is inserted. An open one (or one the engine had cancelled,
//! which opens again) converges on the plan: its due time, window, title, reason, draft and
//! channel follow the facts as they are now, except the fields the user changed on it
//! (`UserFields`). An open generated task no longer wanted is cancelled with a reason; done,
//! skipped and deleted tasks are never touched, and their keys stay reserved. The unique
//! (user, key) constraint makes concurrent reconciles harmless.
//!
//! After a write, only the part of the plan the write can move is re-planned (`Replan`,
//! `rules::scope`); the ticker re-plans everything. In debug builds (every test) each scoped
//! re-plan is checked against the full one: see `Service::scoped_write`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::db::{DbConnection, Stamp};
use crate::domain::enums::TaskStatus;
use crate::domain::facts::{Facts, TaskFact};
use crate::domain::{Id, UserFields};
use crate::rules::ended;
use crate::rules::{Desired, plan, reopenable};
use crate::rules::{Settings, scope};
use crate::store::error::{StoreError, StoreResult};
use crate::store::facts::Part;
use crate::store::tasks::{NewTask, TaskChanges};
use crate::store::users::Held;
use crate::store::{self, new_id};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub created: usize,
    pub reopened: usize,
    /// Open tasks brought onto the plan as it is now.
    pub converged: usize,
    pub cancelled: usize,
    pub next_wake: Option<DateTime<Utc>>,
}

/// What part of a user's plan a write can move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replan {
    /// Nothing the engine plans from changed (say, a to-do of the user's own was added).
    Nothing,
    /// These applications (or their rounds) or people changed: the scope around them is
    /// re-planned.
    Around {
        applications: Vec<String>,
        people: Vec<String>,
    },
    /// Something every part of the plan may read changed (the time zone, an outcome, a rule).
    Everything,
}

impl Replan {
    pub fn application(id: impl Into<String>) -> Self {
        Self::Around {
            applications: vec![id.into()],
            people: Vec::new(),
        }
    }

    pub fn person(id: impl Into<String>) -> Self {
        Self::Around {
            applications: Vec::new(),
            people: vec![id.into()],
        }
    }
}

/// Plans all of `user` at `now` and writes the difference. Run it inside a transaction.
pub fn reconcile(conn: &mut DbConnection, user: &str, now: DateTime<Utc>) -> StoreResult<Report> {
    converge(conn, user, Part::All, now)
}

/// Re-plans the part of `user`'s plan that `what` names. Run it inside the write's transaction,
/// with what its lock read of the account (`Held`): a part never changes the profile or the
/// rules, so what the lock read of them stands.
pub fn replan(
    conn: &mut DbConnection,
    user: &str,
    what: &Replan,
    now: DateTime<Utc>,
    held: &Held,
) -> StoreResult<Report> {
    match what {
        Replan::Nothing => Ok(Report::default()),
        Replan::Everything => reconcile(conn, user, now),
        Replan::Around {
            applications,
            people,
        } => {
            let met = store::facts::met(conn, user)?;
            let pairs: Vec<(String, String)> = met
                .iter()
                .map(|(_, application, person, _)| (application.clone(), person.clone()))
                .collect();
            let scope = scope::closure(&pairs, applications, people);
            if scope.is_empty() {
                return Ok(Report::default());
            }
            let part = Part::Scope {
                applications: &scope,
                met: &met,
                held,
            };
            converge(conn, user, part, now)
        }
    }
}

/// The changes a full reconcile at `now` would make, as `action:key`, without making them.
pub fn pending(
    conn: &mut DbConnection,
    user: &str,
    now: DateTime<Utc>,
) -> StoreResult<BTreeSet<String>> {
    let facts = store::facts::load(conn, user, Part::All)?;
    let settings = super::settings::load(conn, user)?;
    let plan = plan(&facts, &settings, now);
    let diff = diff(&facts, &settings, plan.tasks.iter().collect())?;
    let key = |task: &TaskFact| task.dedupe_key.clone().unwrap_or_default();
    let mut pending: BTreeSet<String> = diff
        .create
        .iter()
        .map(|d| format!("create:{}", d.key))
        .collect();
    pending.extend(diff.reopen.iter().map(|t| format!("reopen:{}", key(t))));
    pending.extend(
        diff.converge
            .iter()
            .map(|(t, _)| format!("converge:{}", key(t))),
    );
    pending.extend(
        diff.cancel
            .values()
            .flatten()
            .map(|t| format!("cancel:{}", key(t))),
    );
    Ok(pending)
}

/// What a plan changes in the tasks it was made from.
struct Diff<'a> {
    create: Vec<&'a Desired>,
    reopen: Vec<&'a TaskFact>,
    /// Open (or reopened) tasks whose fields the plan now sets otherwise.
    converge: Vec<(&'a TaskFact, TaskChanges)>,
    /// Tasks by the reason they are cancelled for.
    cancel: BTreeMap<String, Vec<&'a TaskFact>>,
}

fn diff<'a>(
    facts: &'a Facts,
    settings: &Settings,
    wanted: Vec<&'a Desired>,
) -> StoreResult<Diff<'a>> {
    let existing: HashMap<&str, &TaskFact> = facts
        .tasks
        .iter()
        .filter_map(|t| t.dedupe_key.as_deref().map(|k| (k, t)))
        .collect();
    let mut create = Vec::new();
    let mut reopen = Vec::new();
    let mut converge = Vec::new();
    for desired in &wanted {
        let task = match existing.get(desired.key.as_str()) {
            None => {
                create.push(*desired);
                continue;
            }
            Some(task) if task.deleted => continue,
            Some(task) if reopenable(task.status) => {
                reopen.push(*task);
                task
            }
            Some(task) if task.status == TaskStatus::Open => task,
            Some(_) => continue,
        };
        match follow(task, desired) {
            Ok(Some(changes)) => converge.push((*task, changes)),
            Ok(None) => {}
            Err(e) => return Err(e),
        }
    }
    let keys: HashSet<&str> = wanted.iter().map(|d| d.key.as_str()).collect();
    let mut cancel: BTreeMap<String, Vec<&TaskFact>> = BTreeMap::new();
    for task in &facts.tasks {
        let Some(key) = task.dedupe_key.as_deref() else {
            continue;
        };
        if task.status == TaskStatus::Open && !task.deleted && !keys.contains(key) {
            let reason = ended::why(task, facts, settings);
            cancel.entry(reason).or_default().push(task);
        }
    }
    Ok(Diff {
        create,
        reopen,
        converge,
        cancel,
    })
}

/// What `task` must change to say what `desired` says, leaving the fields the user owns.
fn follow(task: &TaskFact, desired: &Desired) -> StoreResult<Option<TaskChanges>> {
    let free = |field| !task.user_fields.contains(field);
    let differs = |field, same: bool| free(field) && !same;
    let changes = TaskChanges {
        title: differs(UserFields::TITLE, task.title == desired.title)
            .then(|| desired.title.clone()),
        reason: (task.reason.as_deref() != Some(desired.reason.as_str()))
            .then(|| Some(desired.reason.clone())),
        draft: differs(UserFields::DRAFT, task.draft == desired.draft)
            .then(|| desired.draft.clone()),
        due_at: differs(UserFields::DUE_AT, task.due_at == Some(desired.due_at))
            .then_some(Some(Stamp(desired.due_at))),
        not_before: differs(
            UserFields::NOT_BEFORE,
            task.not_before == desired.not_before,
        )
        .then_some(desired.not_before.map(Stamp)),
        channel: differs(UserFields::CHANNEL, task.channel == desired.channel)
            .then_some(desired.channel),
        // What the task is about follows the plan too: the round a task of the whole
        // application points to, and the application of a task made before applications were.
        interview_id: (task.interview_id != desired.interview_id)
            .then(|| link(&desired.interview_id))
            .transpose()?,
        application_id: (task.application_id != desired.application_id)
            .then(|| link(&desired.application_id))
            .transpose()?,
        ..TaskChanges::default()
    };
    let any = changes.interview_id.is_some()
        || changes.application_id.is_some()
        || changes.title.is_some()
        || changes.reason.is_some()
        || changes.draft.is_some()
        || changes.due_at.is_some()
        || changes.not_before.is_some()
        || changes.channel.is_some();
    Ok(any.then_some(changes))
}

/// Plans `part` and writes the difference for the tasks in it.
fn converge(
    conn: &mut DbConnection,
    user: &str,
    part: Part<'_>,
    now: DateTime<Utc>,
) -> StoreResult<Report> {
    let (scope, held) = match &part {
        Part::All => (None, None),
        Part::Scope {
            applications, held, ..
        } => (Some(*applications), Some(*held)),
    };
    let facts = store::facts::load(conn, user, part)?;
    let settings = super::settings::load_held(conn, user, held)?;
    let plan = plan(&facts, &settings, now);
    let wanted: Vec<&Desired> = plan
        .tasks
        .iter()
        .filter(|t| scope.is_none_or(|s| scope::contains(s, t)))
        .collect();
    let diff = diff(&facts, &settings, wanted)?;
    let stamp = now;
    let mut report = Report {
        next_wake: plan.next_wake,
        ..Report::default()
    };
    let new: Vec<NewTask> = diff
        .create
        .iter()
        .map(|desired| new_task(user, desired, stamp))
        .collect::<StoreResult<_>>()?;
    report.created = store::tasks::insert_generated(conn, &new)?;
    let ids = |tasks: &[&TaskFact]| tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    if !diff.reopen.is_empty() {
        report.reopened = store::tasks::reopen(conn, &ids(&diff.reopen), stamp)?;
    }
    let converge: Vec<(String, TaskChanges)> = diff
        .converge
        .into_iter()
        .map(|(task, changes)| (task.id.clone(), changes))
        .collect();
    report.converged = store::tasks::converge(conn, &converge, stamp)?;
    for (reason, tasks) in &diff.cancel {
        report.cancelled += store::tasks::cancel(conn, &ids(tasks), reason, stamp)?;
    }
    let wake = plan.next_wake;
    match scope {
        None => store::users::set_next_check(conn, user, wake)?,
        // The scope's plan knows only its own next change: it may bring the check forward, and
        // leaves a later one for the ticker's full pass to settle.
        Some(_) => {
            let later = |wake| held.is_none_or(|h| h.next_check_at.is_none_or(|at| at > wake));
            if let Some(wake) = wake.filter(|w| later(*w)) {
                store::users::bring_next_check_forward(conn, user, wake)?;
            }
        }
    }
    Ok(report)
}

/// An id the facts carried as text: one the store read as an `Id`, so a failure is a bug.
fn id(text: &str) -> StoreResult<Id> {
    Id::parse(text).map_err(StoreError::Corrupt)
}

fn link(text: &Option<String>) -> StoreResult<Option<Id>> {
    text.as_deref().map(id).transpose()
}

fn new_task(user: &str, desired: &Desired, now: DateTime<Utc>) -> StoreResult<NewTask> {
    Ok(NewTask {
        id: new_id(),
        user_id: id(user)?,
        kind: desired.rule.kind(),
        rule_id: Some(desired.rule.id().into()),
        dedupe_key: Some(desired.key.clone()),
        title: desired.title.clone(),
        reason: Some(desired.reason.clone()),
        draft: desired.draft.clone(),
        notes: None,
        status: TaskStatus::Open,
        not_before: desired.not_before.map(Stamp),
        due_at: Some(Stamp(desired.due_at)),
        channel: desired.channel,
        interview_id: link(&desired.interview_id)?,
        interviewer_id: link(&desired.interviewer_id)?,
        reference_id: link(&desired.reference_id)?,
        application_id: link(&desired.application_id)?,
        created_at: Stamp(now),
        updated_at: Stamp(now),
        user_fields: UserFields::NONE,
    })
}
