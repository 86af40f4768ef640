//! The people met at interviews, and who attended what. A person is planned for once attached
//! to an interview; attaching and detaching re-plan that interview and the person's others.

use crate::domain::Id;
use crate::service::resource::{self, Precondition, Replanned};
use crate::service::{Error, Replan, Result, Service};
use crate::store::attendances::{self, Attached, Attendance};
use crate::store::interviews;
use crate::store::people::{self, NewPerson, Person, PersonChanges};
use crate::store::quota::Quota;
use crate::store::window::Window;

pub async fn create(service: &Service, user: Id, new: NewPerson) -> Result<Person> {
    let quotas = service.quotas();
    service
        .scoped_write(user, move |conn| {
            quotas.check(conn, &user, Quota::People)?;
            // Nobody plans for a person until they are attached to an interview.
            Ok((people::insert(conn, &new)?, Replan::Nothing))
        })
        .await
}

/// The user's people, or only those who attended `interview` (which must be theirs).
pub async fn list(
    service: &Service,
    user: Id,
    interview: Option<Id>,
    window: Window,
) -> Result<Vec<Person>> {
    service
        .read_as(user, move |conn| {
            Ok(people::list(conn, &user, interview.as_deref(), &window)?)
        })
        .await
}

/// Every person of the user, by name (only those who attended `interview`, when it is given;
/// none for an interview that is not theirs, as the paged list answers): what an address-book
/// export holds.
pub async fn all(service: &Service, user: Id, interview: Option<Id>) -> Result<Vec<Person>> {
    service
        .read_as(user, move |conn| {
            Ok(people::all(conn, &user, interview.as_deref())?)
        })
        .await
}

/// The user's attendances, as `window` asks: a page of live ones, or what changed since,
/// ended ones as tombstones.
pub async fn attendances(service: &Service, user: Id, window: Window) -> Result<Vec<Attendance>> {
    service
        .read_as(user, move |conn| {
            Ok(attendances::attendances(conn, &user, &window)?)
        })
        .await
}

/// Those who attended `interview`, which must be the user's.
pub async fn attendees(
    service: &Service,
    user: Id,
    interview: Id,
    window: Window,
) -> Result<Vec<Person>> {
    service
        .read_as(user, move |conn| {
            interviews::find(conn, &user, &interview)?;
            Ok(people::list(conn, &user, Some(&interview), &window)?)
        })
        .await
}

pub async fn get(service: &Service, user: Id, id: Id) -> Result<Person> {
    resource::get(service, user, id).await
}

pub async fn update(
    service: &Service,
    user: Id,
    id: Id,
    expect: Precondition,
    changes: PersonChanges,
) -> Result<Person> {
    resource::change(
        service,
        user,
        id,
        expect,
        move |conn, current: &Person, now| {
            if changes.changes_nothing(current) {
                return Ok(None);
            }
            Ok(Some(people::update(conn, current, &changes, now)?))
        },
    )
    .await
}

/// Deletes the person: detached from every interview, their open tasks cancelled.
pub async fn delete(service: &Service, user: Id, id: Id, expect: Precondition) -> Result<()> {
    resource::remove(service, user, id, expect, people::delete).await
}

/// Records that `person` attended `interview`, and what they discussed there when `discussed`
/// is given (`Some(None)` clears it): the attendance, and what attaching did.
pub async fn attach(
    service: &Service,
    user: Id,
    interview: Id,
    person: Id,
    discussed: Option<Option<String>>,
) -> Result<(Attendance, Attached)> {
    let now = service.clock().now();
    service
        .scoped_write(user, move |conn| {
            let interview = interviews::find(conn, &user, &interview)?;
            let person = people::find(conn, &user, &person)?;
            let (attendance, attached) =
                attendances::attach(conn, &user, &interview.id, &person.id, discussed, now)?;
            let what = match attached {
                Attached::Same => Replan::Nothing,
                _ => around(interview.application_id, person.id),
            };
            Ok(((attendance, attached), what))
        })
        .await
}

/// The attendance of `person` at `interview`; 404 when they did not attend it.
pub async fn attendance(
    service: &Service,
    user: Id,
    interview: Id,
    person: Id,
) -> Result<Attendance> {
    service
        .read_as(user, move |conn| {
            interviews::find(conn, &user, &interview)?;
            people::find(conn, &user, &person)?;
            attendances::attendance(conn, &user, &interview, &person)?.ok_or_else(|| {
                Error::NotFound("This person is not attached to this interview".into())
            })
        })
        .await
}

/// Detaches `person` from `interview`: their open tasks for it are cancelled, saying so.
pub async fn detach(service: &Service, user: Id, interview: Id, person: Id) -> Result<()> {
    let now = service.clock().now();
    service
        .scoped_write(user, move |conn| {
            let interview = interviews::find(conn, &user, &interview)?;
            let person = people::find(conn, &user, &person)?;
            if attendances::detach(conn, &interview.id, &person.id, now)? {
                Ok(((), around(interview.application_id, person.id)))
            } else {
                Err(Error::NotFound(
                    "This person is not attached to this interview".into(),
                ))
            }
        })
        .await
}

impl Replanned for Person {
    fn changed(before: &Self, _: &Self) -> Replan {
        Replan::person(before.id.to_string())
    }

    /// Its attendances go with it, so nothing is left to find its scope by.
    fn removed(_: &Self) -> Replan {
        Replan::Everything
    }
}

/// An attendance changed: the application's scope, and the applications the person was met in.
fn around(application: Option<Id>, person: Id) -> Replan {
    Replan::Around {
        applications: application.map(|a| a.to_string()).into_iter().collect(),
        people: vec![person.to_string()],
    }
}
