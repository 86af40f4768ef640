//! Interviews: the rounds of an application. A round names its application, or the company and
//! position it is for, and then belongs to the open application for those (made when there is
//! none). What every round of an application shares (outcome, interest, the decision dates) a
//! client may still send on a round: it is written to the application, and every round shows it.
//! A new round, or a change to one, re-plans its follow-up in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Quotas;
use crate::db::{DbConnection, Stamp};
use crate::domain::enums::{Interest, InterviewStatus, Outcome};
use crate::domain::{FieldError, Id, Invalid};
use crate::service::applications::stamp_outcome;
use crate::service::resource::{self, Precondition, Replanned};
use crate::service::{Error, Replan, Result, Service};
use crate::store::applications::{self, Application, ApplicationChanges, NewApplication, matching};
use crate::store::interviews::{self, Interview, InterviewChanges, InterviewFilter, NewInterview};
use crate::store::new_id;
use crate::store::quota::Quota;
use crate::store::window::Window;

/// The answers of an application a client sent on a round: `None` leaves each alone.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub outcome: Option<Outcome>,
    pub interest: Option<Interest>,
    pub decision_expected_on: Option<Option<NaiveDate>>,
    pub second_interview_expected_on: Option<Option<NaiveDate>>,
}

impl Answers {
    fn is_empty(&self) -> bool {
        self.outcome.is_none()
            && self.interest.is_none()
            && self.decision_expected_on.is_none()
            && self.second_interview_expected_on.is_none()
    }

    fn changes(&self) -> ApplicationChanges {
        ApplicationChanges {
            outcome: self.outcome,
            interest: self.interest,
            decision_expected_on: self.decision_expected_on,
            second_interview_expected_on: self.second_interview_expected_on,
            ..ApplicationChanges::default()
        }
    }
}

/// Which application a round is for: one by id (with the company and position the client
/// believes it has, if it sent them), or the open one for a company and position.
#[derive(Debug, Clone)]
pub enum For {
    Application {
        id: Id,
        company: Option<String>,
        position: Option<String>,
    },
    Job {
        company: String,
        position: String,
    },
}

/// A new round: the interview (its copies of the application's fields are filled in here), the
/// application it is for, and the application's answers sent with it.
pub struct NewRound {
    pub interview: NewInterview,
    pub application: For,
    pub answers: Answers,
}

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::Invalid(Invalid(vec![FieldError::new(field, message)]))
}

/// A round is completed once it has started: one marked completed before its `scheduled_at`
/// took place at another time, and its notes would fall due from a time still to come.
/// `field` is the one the request changed.
fn started_if_completed(
    status: InterviewStatus,
    scheduled_at: DateTime<Utc>,
    now: DateTime<Utc>,
    field: &str,
) -> Result<()> {
    if status == InterviewStatus::Completed && scheduled_at > now {
        let message = if field == "status" {
            "cannot be `completed` before the interview starts: its scheduled_at is still to \
             come (if it took place earlier, send scheduled_at as when it did)"
        } else {
            "is still to come, and the interview is `completed`: send when it took place"
        };
        return Err(invalid(field, message));
    }
    Ok(())
}

/// The user's application `id`, or a 422 on the field that named it.
fn named(conn: &mut DbConnection, user: &str, id: &Id) -> Result<Application> {
    applications::find(conn, user, id).map_err(|_| {
        invalid(
            "application_id",
            "is not one of your applications (GET /v1/applications)",
        )
    })
}

/// The open application for a company and position, made (with `answers`) when there is none.
fn open_for(
    conn: &mut DbConnection,
    quotas: &Quotas,
    user: &Id,
    company: &str,
    position: &str,
    now: DateTime<Utc>,
) -> Result<Application> {
    if let Some(app) = applications::open_for(conn, user, company, position)? {
        return Ok(app);
    }
    quotas.check(conn, user, Quota::Applications)?;
    Ok(applications::insert(
        conn,
        &NewApplication::for_job(new_id(), *user, company, position, now),
    )?)
}

/// Writes `answers` to `app` and to its rounds but `round` (which the caller writes itself):
/// the application as it now is, and whether it changed.
fn answer(
    conn: &mut DbConnection,
    app: Application,
    answers: &Answers,
    round: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(Application, bool)> {
    let mut changes = answers.changes();
    stamp_outcome(&mut changes, &app, now);
    if changes.changes_nothing(&app) {
        return Ok((app, false));
    }
    let updated = applications::update(conn, &app, &changes, now)?;
    applications::sync_rounds(conn, &updated, round, now)?;
    Ok((updated, true))
}

/// The copies a round keeps of its application.
fn copies(app: &Application) -> InterviewChanges {
    InterviewChanges {
        company: Some(app.company.clone()),
        position: Some(app.position.clone()),
        outcome: Some(app.outcome),
        outcome_set_at: Some(app.outcome_set_at.map(Stamp)),
        interest: Some(app.interest),
        decision_expected_on: Some(app.decision_expected_on),
        second_interview_expected_on: Some(app.second_interview_expected_on),
        application_id: Some(Some(app.id)),
        ..InterviewChanges::default()
    }
}

pub async fn create(service: &Service, user: Id, round: NewRound) -> Result<Interview> {
    let quotas = service.quotas();
    let now = service.clock().now();
    service
        .planned_write(user, move |conn| {
            quotas.check(conn, &user, Quota::Interviews)?;
            let NewRound {
                mut interview,
                application,
                answers,
            } = round;
            started_if_completed(interview.status, interview.scheduled_at.0, now, "status")?;
            let app = match &application {
                For::Application {
                    id,
                    company,
                    position,
                } => {
                    let app = named(conn, &user, id)?;
                    for (field, sent, has) in [
                        ("company", company, &app.company),
                        ("position", position, &app.position),
                    ] {
                        if let Some(sent) = sent
                            && matching(sent) != matching(has)
                        {
                            return Err(invalid(
                                field,
                                format!(
                                    "is the application's, {has}; leave it out, or change it on the application"
                                ),
                            ));
                        }
                    }
                    app
                }
                For::Job { company, position } => {
                    open_for(conn, &quotas, &user, company, position, now)?
                }
            };
            let (app, answered) = answer(conn, app, &answers, None, now)?;
            if !answered {
                // A round booked moves its stage on: syncing clients refetch it.
                applications::touch(conn, &app.id, now)?;
            }
            interview.application_id = Some(app.id);
            interview.company = app.company.clone();
            interview.position = app.position.clone();
            interview.outcome = app.outcome;
            interview.outcome_set_at = app.outcome_set_at.map(Stamp);
            interview.interest = app.interest;
            interview.decision_expected_on = app.decision_expected_on;
            interview.second_interview_expected_on = app.second_interview_expected_on;
            Ok(interviews::insert(conn, &interview)?)
        })
        .await
}

pub async fn list(
    service: &Service,
    user: Id,
    filter: InterviewFilter,
    window: Window,
) -> Result<Vec<Interview>> {
    service
        .read_as(user, move |conn| {
            Ok(interviews::list(conn, &user, &filter, &window)?)
        })
        .await
}

pub async fn get(service: &Service, user: Id, id: Id) -> Result<Interview> {
    resource::get(service, user, id).await
}

/// Where a change moves a round: to another application by id, or to another company or
/// position (what is left out stays the round's).
#[derive(Debug, Clone)]
pub enum Move {
    To(Id),
    Job {
        company: Option<String>,
        position: Option<String>,
    },
}

/// A change to a round: its own fields, where it moves, and the application's answers sent
/// with it.
pub struct RoundChanges {
    pub interview: InterviewChanges,
    pub application: Option<Move>,
    pub answers: Answers,
}

/// Applies `changes`. A round moved to another company and position goes to the open
/// application for those; when it was the only round of its application and none is open for
/// them, the application itself is renamed (a typo corrected), not replaced.
pub async fn update(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    changes: RoundChanges,
) -> Result<Interview> {
    let quotas = service.quotas();
    resource::change(
        service,
        user,
        id,
        expect,
        move |conn, current: &Interview, now| {
            let RoundChanges {
                interview: mut own,
                application,
                answers,
            } = changes;
            // Held only to a change of either: a row stored before the rule, or a client that
            // sends back what it read, is not refused for what it did not change.
            let moves = own
                .scheduled_at
                .is_some_and(|at| at.0 != current.scheduled_at);
            if moves || own.status.is_some_and(|status| status != current.status) {
                started_if_completed(
                    own.status.unwrap_or(current.status),
                    own.scheduled_at.map_or(current.scheduled_at, |at| at.0),
                    now,
                    if moves { "scheduled_at" } else { "status" },
                )?;
            }
            // A change to the round alone needs nothing of its application: its copies are
            // its application's already.
            if application.is_none()
                && answers.is_empty()
                && let Some(app) = current.application_id
            {
                own.application_id = Some(Some(app));
                if own.changes_nothing(current) {
                    return Ok(None);
                }
                let updated = interviews::update(conn, current, &own, now)?;
                if current.status != updated.status {
                    applications::touch(conn, &app, now)?;
                }
                return Ok(Some(updated));
            }
            let home = match &current.application_id {
                Some(id) => Some(applications::find(conn, &user, id)?),
                None => None,
            };
            let target = match (application, home) {
                (Some(Move::To(id)), _) => named(conn, &user, &id)?,
                (Some(Move::Job { company, position }), home) => {
                    let company = company.unwrap_or_else(|| current.company.clone());
                    let position = position.unwrap_or_else(|| current.position.clone());
                    moved(conn, &quotas, current, home, &company, &position, now)?
                }
                (None, Some(home)) => home,
                (None, None) => open_for(
                    conn,
                    &quotas,
                    &user,
                    &current.company,
                    &current.position,
                    now,
                )?,
            };
            let (target, _) = answer(conn, target, &answers, Some(&current.id), now)?;
            let c = copies(&target);
            own.company = c.company;
            own.position = c.position;
            own.outcome = c.outcome;
            own.outcome_set_at = c.outcome_set_at;
            own.interest = c.interest;
            own.decision_expected_on = c.decision_expected_on;
            own.second_interview_expected_on = c.second_interview_expected_on;
            own.application_id = c.application_id;
            if own.changes_nothing(current) {
                return Ok(None);
            }
            let updated = interviews::update(conn, current, &own, now)?;
            if current.application_id != updated.application_id
                && let Some(app) = &updated.application_id
            {
                crate::store::tasks::follow_interview(conn, &updated.id, app)?;
            }
            // Its stage may move with a round moved or cancelled: a new version of each.
            if current.application_id != updated.application_id || current.status != updated.status
            {
                for app in [current.application_id, updated.application_id]
                    .into_iter()
                    .flatten()
                {
                    applications::touch(conn, &app, now)?;
                }
            }
            Ok(Some(updated))
        },
    )
    .await
}

/// Where a round goes when its company or position changes.
fn moved(
    conn: &mut DbConnection,
    quotas: &Quotas,
    current: &Interview,
    home: Option<Application>,
    company: &str,
    position: &str,
    now: DateTime<Utc>,
) -> Result<Application> {
    let user = current.user_id;
    if let Some(home) = &home
        && matching(&home.company) == matching(company)
        && matching(&home.position) == matching(position)
    {
        // The same job, spelt otherwise: the application takes the new spelling.
        if home.company == company && home.position == position {
            return Ok(home.clone());
        }
        return rename(conn, home, current, company, position, now);
    }
    if let Some(open) = applications::open_for(conn, &user, company, position)? {
        return Ok(open);
    }
    match home {
        Some(home) if only_round(conn, &home, current)? => {
            rename(conn, &home, current, company, position, now)
        }
        _ => open_for(conn, quotas, &user, company, position, now),
    }
}

fn only_round(conn: &mut DbConnection, app: &Application, round: &Interview) -> Result<bool> {
    let rounds = applications::rounds(conn, &app.id)?;
    Ok(rounds.iter().all(|r| r.id == round.id))
}

fn rename(
    conn: &mut DbConnection,
    app: &Application,
    round: &Interview,
    company: &str,
    position: &str,
    now: DateTime<Utc>,
) -> Result<Application> {
    let changes = ApplicationChanges {
        company: Some(company.to_string()),
        position: Some(position.to_string()),
        ..ApplicationChanges::default()
    };
    let renamed = applications::update(conn, app, &changes, now)?;
    applications::sync_rounds(conn, &renamed, Some(&round.id), now)?;
    Ok(renamed)
}

/// Deletes the round: its people are detached and its open tasks cancelled; its application
/// stays (a saved posting outlives its interviews).
pub async fn delete(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<()> {
    resource::remove(service, user, id, expect, |conn, current, now| {
        interviews::delete(conn, current, now)?;
        if let Some(app) = &current.application_id {
            applications::touch(conn, app, now)?;
        }
        Ok(())
    })
    .await
}

impl Replanned for Interview {
    /// Its application's answers, company and position are read beyond it (keep_searching looks
    /// at every open application, a reference's permission call names the company): a change to
    /// them, or a move to another application, re-plans everything; the rest, the application
    /// and the people met.
    fn changed(before: &Self, after: &Self) -> Replan {
        match after.application_id {
            Some(app)
                if before.application_id == after.application_id
                    && before.outcome == after.outcome
                    && before.interest == after.interest
                    && before.company == after.company
                    && before.position == after.position =>
            {
                Replan::application(app.to_string())
            }
            _ => Replan::Everything,
        }
    }

    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}
