//! Interviews, owner-scoped. Deleting one keeps a tombstone, detaches its people and cancels its
//! open tasks in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::schema::interviews;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::enums::{Interest, InterviewFormat, InterviewStatus, Outcome, Stage};
use crate::store::attendances::{Ending, end as end_attendances};
use crate::store::error::StoreResult;
use crate::store::tasks;
use crate::store::window::Window;
use crate::windowed;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interviews, check_for_backend(crate::db::MultiBackend))]
pub struct Interview {
    pub id: Id,
    pub user_id: Id,
    pub company: String,
    pub position: String,
    pub stage: Stage,
    pub format: InterviewFormat,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub location: Option<String>,
    pub status: InterviewStatus,
    pub outcome: Outcome,
    pub outcome_set_at: Option<DateTime<Utc>>,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    pub interest: Interest,
    pub notes: Option<String>,
    pub insights: Option<String>,
    /// The hiring process it is a round of; company, position, outcome, interest and the dates
    /// above are its copies, kept equal to the application's.
    pub application_id: Option<Id>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

crate::store::versioned_table!(interviews, Interview, InterviewChanges, "No such interview");

#[derive(Debug, Insertable)]
#[diesel(table_name = interviews)]
pub struct NewInterview {
    pub id: Id,
    pub user_id: Id,
    pub company: String,
    pub position: String,
    pub stage: Stage,
    pub format: InterviewFormat,
    pub scheduled_at: Stamp,
    pub duration_minutes: i32,
    pub location: Option<String>,
    pub status: InterviewStatus,
    pub outcome: Outcome,
    pub outcome_set_at: Option<Stamp>,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    pub interest: Interest,
    pub notes: Option<String>,
    pub insights: Option<String>,
    pub application_id: Option<Id>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
}

/// A patch: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = interviews)]
pub struct InterviewChanges {
    pub company: Option<String>,
    pub position: Option<String>,
    pub stage: Option<Stage>,
    pub format: Option<InterviewFormat>,
    pub scheduled_at: Option<Stamp>,
    pub duration_minutes: Option<i32>,
    pub location: Option<Option<String>>,
    pub status: Option<InterviewStatus>,
    pub outcome: Option<Outcome>,
    pub outcome_set_at: Option<Option<Stamp>>,
    pub decision_expected_on: Option<Option<NaiveDate>>,
    pub second_interview_expected_on: Option<Option<NaiveDate>>,
    pub interest: Option<Interest>,
    pub notes: Option<Option<String>>,
    pub insights: Option<Option<String>>,
    pub application_id: Option<Option<Id>>,
}

crate::store::changes_nothing!(
    InterviewChanges,
    Interview,
    [
        company,
        position,
        stage,
        format,
        scheduled_at,
        duration_minutes,
        location,
        status,
        outcome,
        outcome_set_at,
        decision_expected_on,
        second_interview_expected_on,
        interest,
        notes,
        insights,
        application_id,
    ]
);

pub fn insert(conn: &mut DbConnection, new: &NewInterview) -> StoreResult<Interview> {
    Ok(diesel::insert_into(interviews::table)
        .values(new)
        .returning(interviews::all_columns)
        .get_result(conn)?)
}

/// What a list of interviews may be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct InterviewFilter {
    pub application_id: Option<Id>,
    pub status: Option<InterviewStatus>,
    pub outcome: Option<Outcome>,
}

pub fn list(
    conn: &mut DbConnection,
    user: &str,
    filter: &InterviewFilter,
    window: &Window,
) -> StoreResult<Vec<Interview>> {
    let mut query = interviews::table
        .select(Interview::as_select())
        .into_boxed();
    if let Some(id) = &filter.application_id {
        query = query.filter(interviews::application_id.eq(*id));
    }
    if let Some(status) = &filter.status {
        query = query.filter(interviews::status.eq(*status));
    }
    if let Some(outcome) = &filter.outcome {
        query = query.filter(interviews::outcome.eq(*outcome));
    }
    Ok(windowed!(query, interviews, user, window, conn)?)
}

/// Marks a change that lives in another table (attendance) so syncing clients refetch.
pub fn touch(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(interviews::table.filter(interviews::id.eq(id)))
        .set((
            interviews::version.eq(interviews::version + 1),
            interviews::updated_at.eq(Stamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConnection, current: &Interview, now: DateTime<Utc>) -> StoreResult<()> {
    mark_deleted(conn, current, now)?;
    end_attendances(conn, Ending::Interview(&current.id), now)?;
    tasks::cancel_open_for(
        conn,
        &current.user_id,
        tasks::Link::Interview(&current.id),
        &format!(
            "Its round of the {} process at {} was deleted",
            current.position, current.company
        ),
        now,
    )
}
