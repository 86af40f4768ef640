//! Who attended which interview, and what they discussed there. An attendance syncs on its own
//! (`GET /v1/attendances`): ending one (a detach, or its person or interview deleted) leaves a
//! tombstone, and neither attaching nor detaching changes the interview.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::attendances;
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::store::error::StoreResult;
use crate::store::window::Window;
use crate::windowed;

/// Which attendances to end.
pub enum Ending<'a> {
    /// Every one of a person (deleted).
    Person(&'a str),
    /// Every one at an interview (deleted).
    Interview(&'a str),
    /// One person at one interview (detached).
    One { interview: &'a str, person: &'a str },
}

/// Ends the live attendances `which` names: each leaves a tombstone for syncing clients.
pub fn end(conn: &mut DbConnection, which: Ending<'_>, now: DateTime<Utc>) -> StoreResult<usize> {
    let live = attendances::table
        .filter(attendances::deleted_at.is_null())
        .into_boxed();
    let chosen = match which {
        Ending::Person(person) => live.filter(attendances::person_id.eq(person.to_string())),
        Ending::Interview(interview) => {
            live.filter(attendances::interview_id.eq(interview.to_string()))
        }
        Ending::One { interview, person } => live
            .filter(attendances::interview_id.eq(interview.to_string()))
            .filter(attendances::person_id.eq(person.to_string())),
    };
    let ids: Vec<String> = chosen.select(attendances::id).load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(
        diesel::update(attendances::table.filter(attendances::id.eq_any(&ids)))
            .set((
                attendances::deleted_at.eq(Some(Stamp(now))),
                attendances::updated_at.eq(Stamp(now)),
            ))
            .execute(conn)?,
    )
}

/// One person at one interview, and what they discussed there; a tombstone once ended.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attendances, check_for_backend(crate::db::MultiBackend))]
pub struct Attendance {
    pub id: Id,
    pub interview_id: Id,
    pub person_id: Id,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub discussed: Option<String>,
}

/// What attaching did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attached {
    /// A new attendance.
    New,
    /// It was there; what was discussed changed.
    Changed,
    /// It was there as asked.
    Same,
}

/// Attaches a person to an interview, with what they discussed when `discussed` is given
/// (`Some(None)` clears it); the attendance as it now is. An attendance ended before comes back
/// under its id, as a new one. The interview itself does not change: attendances sync on their
/// own (`GET /v1/attendances`).
pub fn attach(
    conn: &mut DbConnection,
    user: &str,
    interview: &str,
    person: &str,
    discussed: Option<Option<String>>,
    now: DateTime<Utc>,
) -> StoreResult<(Attendance, Attached)> {
    let attached = crate::db::insert_unless_exists(conn, |conn| {
        diesel::insert_into(attendances::table)
            .values((
                attendances::id.eq(crate::store::new_id()),
                attendances::interview_id.eq(interview),
                attendances::person_id.eq(person),
                attendances::user_id.eq(user),
                attendances::created_at.eq(Stamp(now)),
                attendances::updated_at.eq(Stamp(now)),
                attendances::discussed.eq(discussed.clone().flatten()),
            ))
            .execute(conn)
    })?;
    let row = attendances::table
        .filter(attendances::interview_id.eq(interview))
        .filter(attendances::person_id.eq(person));
    let current: Attendance = row.select(Attendance::as_select()).get_result(conn)?;
    if attached {
        return Ok((current, Attached::New));
    }
    let ended = current.deleted_at.is_some();
    let text = match discussed {
        Some(text) => text,
        // Back after a detach, without a body: nothing was said this time.
        None if ended => None,
        None => current.discussed.clone(),
    };
    if !ended && text == current.discussed {
        return Ok((current, Attached::Same));
    }
    let created = if ended { now } else { current.created_at };
    diesel::update(row)
        .set((
            attendances::discussed.eq(&text),
            attendances::deleted_at.eq(None::<Stamp>),
            attendances::created_at.eq(Stamp(created)),
            attendances::updated_at.eq(Stamp(now)),
        ))
        .execute(conn)?;
    let current: Attendance = row.select(Attendance::as_select()).get_result(conn)?;
    Ok((
        current,
        if ended {
            Attached::New
        } else {
            Attached::Changed
        },
    ))
}

/// The attendance of `person` at `interview`, if they attended it.
pub fn attendance(
    conn: &mut DbConnection,
    user: &str,
    interview: &str,
    person: &str,
) -> StoreResult<Option<Attendance>> {
    let query = attendances::table
        .filter(attendances::user_id.eq(user))
        .filter(attendances::interview_id.eq(interview))
        .filter(attendances::person_id.eq(person))
        .filter(attendances::deleted_at.is_null())
        .select(Attendance::as_select());
    Ok(crate::db::one_row(query, conn)?)
}

/// Detaches a person from an interview; `false` when they were not attached.
pub fn detach(
    conn: &mut DbConnection,
    interview: &str,
    person: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let ended = end(conn, Ending::One { interview, person }, now)?;
    Ok(ended > 0)
}

/// The user's attendances, ended ones as tombstones when `window` asks what changed.
pub fn attendances(
    conn: &mut DbConnection,
    user: &str,
    window: &Window,
) -> StoreResult<Vec<Attendance>> {
    let query = attendances::table
        .select(Attendance::as_select())
        .into_boxed();
    Ok(windowed!(query, attendances, user, window, conn)?)
}

crate::listed!(Attendance);
