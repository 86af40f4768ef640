//! The people met at interviews (interviewers, receptionists, assistants...) and their attendance.
//! A person can attend several interviews; deleting one detaches them everywhere.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{attendances, people};
use crate::db::{DbConnection, Stamp};
use crate::domain::Id;
use crate::domain::enums::{PreferredChannel, Role};
use crate::store::attendances::{Ending, end as end_attendances};
use crate::store::error::StoreResult;
use crate::store::tasks;
use crate::store::window::Window;
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
    /// How a letter greets them: "Dr. Raman", "Ms. Park".
    pub salutation: Option<String>,
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
    pub salutation: Option<String>,
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
    pub salutation: Option<Option<String>>,
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
        salutation,
    ]
);

pub fn insert(conn: &mut DbConnection, new: &NewPerson) -> StoreResult<Person> {
    Ok(diesel::insert_into(people::table)
        .values(new)
        .returning(people::all_columns)
        .get_result(conn)?)
}

/// The ids of the people attending `interview` now, as a subquery. A macro: a boxed subquery
/// does not build for the two-backend connection, and the unboxed type has no short name.
macro_rules! attendees {
    ($user:expr, $interview:expr) => {
        attendances::table
            .filter(attendances::interview_id.eq($interview.to_string()))
            .filter(attendances::user_id.eq($user.to_string()))
            .filter(attendances::deleted_at.is_null())
            .select(attendances::person_id)
    };
}

/// Every live person of the user, by name, or only those who attended `interview`: an address
/// book. The people quota bounds how many.
pub fn all(
    conn: &mut DbConnection,
    user: &str,
    interview: Option<&str>,
) -> StoreResult<Vec<Person>> {
    let mut query = people::table
        .filter(people::user_id.eq(user))
        .filter(people::deleted_at.is_null())
        .select(Person::as_select())
        .order((people::name, people::id))
        .into_boxed();
    if let Some(interview) = interview {
        query = query.filter(people::id.eq_any(attendees!(user, interview)));
    }
    Ok(query.load(conn)?)
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
        query = query.filter(people::id.eq_any(attendees!(user, interview)));
    }
    Ok(windowed!(query, people, user, window, conn)?)
}

pub fn delete(conn: &mut DbConnection, current: &Person, now: DateTime<Utc>) -> StoreResult<()> {
    mark_deleted(conn, current, now)?;
    end_attendances(conn, Ending::Person(&current.id), now)?;
    tasks::cancel_open_for(
        conn,
        &current.user_id,
        tasks::Link::Interviewer(&current.id),
        "The person was deleted",
        now,
    )
}
