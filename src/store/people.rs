//! The people met at interviews (interviewers, receptionists, assistants...) and their attendance.
//! A person can attend several interviews; deleting one detaches them everywhere.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{attendances, people};
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::enums::{PreferredChannel, Role};
use crate::store::error::StoreResult;
use crate::store::window::Window;
use crate::store::{interviews, tasks};
use crate::windowed;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = people, check_for_backend(crate::db::MultiBackend))]
pub struct Person {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub title: Option<String>,
    pub role: Role,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub postal_address: Option<String>,
    pub preferred_channel: PreferredChannel,
    pub business_card: bool,
    pub notes: Option<String>,
    pub keep_in_touch: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

crate::store::versioned_table!(people, Person, PersonChanges, "No such interviewer");

#[derive(Debug, Insertable)]
#[diesel(table_name = people)]
pub struct NewPerson {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub title: Option<String>,
    pub role: Role,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub postal_address: Option<String>,
    pub preferred_channel: PreferredChannel,
    pub business_card: bool,
    pub notes: Option<String>,
    pub keep_in_touch: bool,
    pub created_at: Stamp,
    pub updated_at: Stamp,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = people)]
pub struct PersonChanges {
    pub name: Option<String>,
    pub title: Option<Option<String>>,
    pub role: Option<Role>,
    pub company: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub fax: Option<Option<String>>,
    pub postal_address: Option<Option<String>>,
    pub preferred_channel: Option<PreferredChannel>,
    pub business_card: Option<bool>,
    pub notes: Option<Option<String>>,
    pub keep_in_touch: Option<bool>,
}

crate::store::changes_nothing!(
    PersonChanges,
    Person,
    [
        name,
        title,
        role,
        company,
        email,
        phone,
        fax,
        postal_address,
        preferred_channel,
        business_card,
        notes,
        keep_in_touch,
    ]
);

pub fn insert(conn: &mut DbConnection, new: &NewPerson) -> StoreResult<Person> {
    Ok(diesel::insert_into(people::table)
        .values(new)
        .returning(people::all_columns)
        .get_result(conn)?)
}

/// The user's people, optionally only those who attended `interview`.
pub fn list(
    conn: &mut DbConnection,
    user: &str,
    interview: Option<&str>,
    window: &Window,
) -> StoreResult<Vec<Person>> {
    let mut query = people::table.select(Person::as_select()).into_boxed();
    if let Some(interview) = interview {
        query = query.filter(
            people::id.eq_any(
                attendances::table
                    .filter(attendances::interview_id.eq(interview.to_string()))
                    .filter(attendances::user_id.eq(user.to_string()))
                    .select(attendances::person_id),
            ),
        );
    }
    Ok(windowed!(query, people, user, window, conn)?)
}

pub fn delete(conn: &mut DbConnection, current: &Person, now: DateTime<Utc>) -> StoreResult<()> {
    mark_deleted(conn, current, now)?;
    let attended: Vec<String> = attendances::table
        .filter(attendances::person_id.eq(&current.id))
        .select(attendances::interview_id)
        .load(conn)?;
    diesel::delete(attendances::table.filter(attendances::person_id.eq(&current.id)))
        .execute(conn)?;
    for interview in attended {
        interviews::touch(conn, &interview, now)?;
    }
    tasks::cancel_open_for(
        conn,
        &current.user_id,
        tasks::Link::Interviewer(&current.id),
        "The person was deleted",
        now,
    )
}

/// Attaches a person to an interview; `false` when they were attached already.
pub fn attach(
    conn: &mut DbConnection,
    user: &str,
    interview: &str,
    person: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let attached = crate::db::insert_unless_exists(conn, |conn| {
        diesel::insert_into(attendances::table)
            .values((
                attendances::interview_id.eq(interview),
                attendances::person_id.eq(person),
                attendances::user_id.eq(user),
                attendances::created_at.eq(Stamp(now)),
            ))
            .execute(conn)
    })?;
    if attached {
        interviews::touch(conn, interview, now)?;
    }
    Ok(attached)
}

/// Detaches a person from an interview; `false` when they were not attached.
pub fn detach(
    conn: &mut DbConnection,
    interview: &str,
    person: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let removed = diesel::delete(
        attendances::table
            .filter(attendances::interview_id.eq(interview))
            .filter(attendances::person_id.eq(person)),
    )
    .execute(conn)?;
    if removed > 0 {
        interviews::touch(conn, interview, now)?;
    }
    Ok(removed > 0)
}
