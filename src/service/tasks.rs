//! Tasks: your own to-dos and the engine's, and what moves them on (complete, skip, snooze,
//! reopen, proofread). Status changes only through these actions.

use chrono::{DateTime, Duration, Utc};

use crate::db::{DbConnection, Stamp};
use crate::domain::enums::{Channel, TaskKind, TaskStatus};
use crate::domain::{Fields, Id};
use crate::proofread::{self, Finding, Proofreader};
use crate::service::resource::{self, Precondition, Replanned};
use crate::service::{Error, Replan, Result, Service};
use crate::store::quota::Quota;
use crate::store::tasks::{self, NewTask, Task, TaskChanges, TaskFilter};
use crate::store::window::Window;
use crate::store::{applications, interviews, notes, people, references};

/// Clocks differ a little between a phone and the server: "now" may arrive slightly ahead.
const CLOCK_SKEW: Duration = Duration::minutes(2);

pub async fn create(service: &Service, user: Id, mut new: NewTask) -> Result<Task> {
    let quotas = service.quotas();
    service
        .scoped_write(user, move |conn| {
            quotas.check(conn, &user, Quota::OpenTasks)?;
            new.application_id = check_links(
                conn,
                &user,
                Links {
                    application: new.application_id,
                    interview: new.interview_id,
                    person: new.interviewer_id,
                    reference: new.reference_id,
                },
            )?;
            // An open to-do of the user's own is nothing the engine plans from.
            Ok((tasks::insert(conn, &new)?, Replan::Nothing))
        })
        .await
}

pub async fn list(
    service: &Service,
    user: Id,
    filter: TaskFilter,
    window: Window,
) -> Result<Vec<Task>> {
    service
        .read_as(user, move |conn| {
            Ok(tasks::list(conn, &user, &filter, &window)?)
        })
        .await
}

pub async fn get(service: &Service, user: Id, id: Id) -> Result<Task> {
    resource::get(service, user, id).await
}

/// A task with the email address of the person or reference it is for, if you stored one (a
/// person or reference deleted since has none).
pub async fn with_recipient(service: &Service, user: Id, id: Id) -> Result<(Task, Option<String>)> {
    service
        .read_as(user, move |conn| {
            let task = tasks::find(conn, &user, &id)?;
            let found = match (task.interviewer_id, task.reference_id) {
                (Some(person), _) => people::find(conn, &user, &person).map(|p| p.email),
                (None, Some(reference)) => {
                    references::find(conn, &user, &reference).map(|r| r.email)
                }
                (None, None) => Ok(None),
            };
            let email = match found {
                Ok(email) => email,
                Err(crate::store::error::StoreError::NotFound(_)) => None,
                Err(err) => return Err(err.into()),
            };
            Ok((task, email))
        })
        .await
}

/// Changes a task's title, notes, draft, dates, channel or (on your own tasks) links. What you
/// change on a generated task stays yours when the plan changes.
pub async fn update(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    changes: TaskChanges,
) -> Result<Task> {
    apply(service, user, id, expect, move |conn, current| {
        let mut changes = changes;
        let relinks = changes.interview_id.is_some()
            || changes.interviewer_id.is_some()
            || changes.reference_id.is_some()
            || changes.application_id.is_some();
        if relinks && current.kind != TaskKind::Custom {
            return Err(Error::field(
                "interview_id",
                "links of a generated task cannot be changed",
            ));
        }
        let application = check_links(
            conn,
            &current.user_id,
            Links {
                application: changes.application_id.unwrap_or(current.application_id),
                interview: changes.interview_id.unwrap_or(current.interview_id),
                person: changes.interviewer_id.flatten(),
                reference: changes.reference_id.flatten(),
            },
        )?;
        if relinks {
            changes.application_id = Some(application);
        }
        Ok(changes)
    })
    .await
}

/// How a task was done.
#[derive(Debug, Default)]
pub struct Completion {
    pub channel: Option<Channel>,
    pub note: Option<String>,
    /// Now when left out; may be in the past ("I mailed it yesterday").
    pub completed_at: Option<DateTime<Utc>>,
}

/// Marks a task done, and says when its note was last proofread.
pub async fn complete(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    how: Completion,
) -> Result<(Task, Option<(DateTime<Utc>, i32)>)> {
    let now = service.clock().now();
    let completed_at = match how.completed_at {
        Some(at) if at > now + CLOCK_SKEW => {
            return Err(Error::field("completed_at", "must not be in the future"));
        }
        Some(at) => at,
        None => now,
    };
    let task = apply(service, user, id, expect, move |_, current| {
        must_be_open(current)?;
        Ok(TaskChanges {
            status: Some(TaskStatus::Done),
            completed_at: Some(Some(Stamp(completed_at))),
            completion_channel: Some(how.channel),
            completion_note: Some(how.note),
            ..TaskChanges::default()
        })
    })
    .await?;
    let last_check = service
        .read_as(user, move |conn| Ok(notes::last_check(conn, &user, &id)?))
        .await?;
    Ok((task, last_check))
}

pub async fn skip(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    reason: Option<String>,
) -> Result<Task> {
    apply(service, user, id, expect, move |_, current| {
        must_be_open(current)?;
        Ok(TaskChanges {
            status: Some(TaskStatus::Skipped),
            status_reason: Some(reason),
            ..TaskChanges::default()
        })
    })
    .await
}

/// Puts a task off until `until`; the engine keeps that date from then on.
pub async fn snooze(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    until: DateTime<Utc>,
) -> Result<Task> {
    if until <= service.clock().now() {
        return Err(Error::field("until", "must be in the future"));
    }
    apply(service, user, id, expect, move |_, current| {
        must_be_open(current)?;
        Ok(TaskChanges {
            not_before: Some(Some(Stamp(until))),
            due_at: Some(Some(Stamp(
                current.due_at.map_or(until, |due| due.max(until)),
            ))),
            ..TaskChanges::default()
        })
    })
    .await
}

/// Opens a done or skipped task again, clearing what its completion recorded.
pub async fn reopen(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<Task> {
    let quotas = service.quotas();
    apply(service, user, id, expect, move |conn, current| {
        if !matches!(current.status, TaskStatus::Done | TaskStatus::Skipped) {
            return Err(Error::conflict(format!(
                "Only a done or skipped task can be reopened; this one is {}",
                current.status
            )));
        }
        quotas.check(conn, &current.user_id, Quota::OpenTasks)?;
        Ok(TaskChanges {
            status: Some(TaskStatus::Open),
            status_reason: Some(None),
            completed_at: Some(None),
            completion_channel: Some(None),
            completion_note: Some(None),
            ..TaskChanges::default()
        })
    })
    .await
}

pub async fn delete(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<()> {
    resource::remove(service, user, id, expect, tasks::delete).await
}

/// Proofreads `text` as the note of task `id`, with what the user's data knows (who it is for,
/// the names of their other interviews), and records that it was checked.
pub async fn check(
    service: &Service,
    proofreader: &Proofreader,
    user: Id,
    id: Id,
    text: String,
) -> Result<Vec<Finding>> {
    let sources = service
        .read_as(user, move |conn| Ok(notes::sources(conn, &user, &id)?))
        .await?;
    let checker = proofreader.ready().ok_or(Error::Loading {
        what: "proofreader",
        retry_after_secs: proofread::RETRY_SECS,
    })?;
    let context = super::notes::context(&sources);
    let slot = proofreader.slot().await.ok_or(Error::Busy {
        what: "proofreader",
        retry_after_secs: proofread::BUSY_RETRY_SECS,
    })?;
    let findings = proofreader
        .run(move || proofread::check(checker, &text, &context))
        .await
        .ok_or_else(|| Error::Internal("a proofreading thread stopped".into()))?;
    drop(slot);
    let (count, now) = (findings.len(), service.clock().now());
    service
        .write_session_as(user, move |conn| {
            Ok(notes::record_check(conn, &user, &id, now, count)?)
        })
        .await?;
    Ok(findings)
}

/// Applies the changes `change` computes from the current task. What the user sets on a
/// generated task becomes theirs; changes that change nothing write nothing.
async fn apply<F>(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    change: F,
) -> Result<Task>
where
    F: FnOnce(&mut DbConnection, &Task) -> Result<TaskChanges> + Send + 'static,
{
    resource::change(
        service,
        user,
        id,
        expect,
        move |conn, current: &Task, now| {
            let mut changes = change(conn, current)?;
            if changes.changes_nothing(current) {
                return Ok(None);
            }
            // What the user sets here stays theirs when the plan changes.
            let owned = current.user_fields.with(changes.user_fields());
            if owned != current.user_fields {
                changes.user_fields = Some(owned);
            }
            Ok(Some(tasks::update(conn, current, &changes, now)?))
        },
    )
    .await
}

fn must_be_open(task: &Task) -> Result<()> {
    if task.status == TaskStatus::Open {
        Ok(())
    } else {
        Err(Error::conflict(format!(
            "This task is already {}",
            task.status
        )))
    }
}

/// What a task of the user's own may be linked to.
struct Links {
    application: Option<Id>,
    interview: Option<Id>,
    person: Option<Id>,
    reference: Option<Id>,
}

/// Links must name the user's own live application, interview, person or reference, and an
/// interview must be a round of the application named with it. The application the task
/// belongs to: the one named, else its interview's (a contact logged counts for that
/// application's cadence).
fn check_links(conn: &mut DbConnection, user: &str, links: Links) -> Result<Option<Id>> {
    let mut f = Fields::default();
    let round = match links.interview {
        Some(id) => match interviews::find(conn, user, &id) {
            Ok(round) => Some(round),
            Err(_) => {
                f.push("interview_id", "names no interview of yours");
                None
            }
        },
        None => None,
    };
    if let Some(id) = links.application
        && applications::find(conn, user, &id).is_err()
    {
        f.push("application_id", "names no application of yours");
    }
    if let (Some(app), Some(round)) = (links.application, &round)
        && round.application_id.is_some_and(|of| of != app)
    {
        f.push(
            "application_id",
            "is not the application of the interview named with it",
        );
    }
    if let Some(id) = links.person
        && people::find(conn, user, &id).is_err()
    {
        f.push("interviewer_id", "names no interviewer of yours");
    }
    if let Some(id) = links.reference
        && references::find(conn, user, &id).is_err()
    {
        f.push("reference_id", "names no reference of yours");
    }
    f.finish()?;
    Ok(links
        .application
        .or_else(|| round.and_then(|r| r.application_id)))
}

impl Replanned for Task {
    fn changed(before: &Self, after: &Self) -> Replan {
        replan_after(before, after)
    }

    fn removed(task: &Self) -> Replan {
        replan_after(task, task)
    }
}

/// What a task's change can move: the scope of the applications it belonged to before and
/// after. A task of no application moves nothing the engine plans from if the user made it;
/// one the engine made (a reference's) may move anything.
fn replan_after(before: &Task, after: &Task) -> Replan {
    let applications: Vec<String> = [&before.application_id, &after.application_id]
        .into_iter()
        .flatten()
        .map(Id::to_string)
        .collect();
    if !applications.is_empty() {
        Replan::Around {
            applications,
            people: Vec::new(),
        }
    } else if before.dedupe_key.is_some() {
        Replan::Everything
    } else {
        Replan::Nothing
    }
}
