//! Loads what the rule engine plans from: one user's live applications, their interviews, the
//! people met, references and the tasks it needs, as slim rows read straight into domain types.
//! A scoped load (`rules::scope`) reads only some applications, their rounds, the people met
//! there and their tasks.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{
    application_references, applications, attendances, interviews, job_references, people, tasks,
    users,
};
use crate::domain::enums::{
    Channel, Interest, InterviewFormat, InterviewStatus, Outcome, Permission, PreferredChannel,
    Role, Stage, TaskStatus,
};
use crate::domain::facts::{
    ApplicationFact, Facts, InterviewFact, PersonFact, Profile, ReferenceFact, TaskFact,
};
use crate::domain::{Strengths, TimeZone, UserFields};
use crate::store::error::StoreResult;
use crate::store::id_set::in_ids;
use crate::store::task_status::status_is;
use crate::store::users::Held;

#[derive(Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(crate::db::MultiBackend))]
struct ProfileRow {
    name: String,
    time_zone: TimeZone,
    strengths: Strengths,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = applications, check_for_backend(crate::db::MultiBackend))]
struct ApplicationRow {
    id: String,
    company: String,
    position: String,
    employer_time_zone: Option<TimeZone>,
    applied_on: Option<NaiveDate>,
    outcome: Outcome,
    outcome_set_at: Option<DateTime<Utc>>,
    interest: Interest,
    decision_expected_on: Option<NaiveDate>,
    second_interview_expected_on: Option<NaiveDate>,
    strengths: Option<Strengths>,
    check_in_interval_days: Option<i32>,
    created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = interviews, check_for_backend(crate::db::MultiBackend))]
struct InterviewRow {
    id: String,
    application_id: Option<String>,
    company: String,
    position: String,
    stage: Stage,
    format: InterviewFormat,
    scheduled_at: DateTime<Utc>,
    duration_minutes: i32,
    status: InterviewStatus,
    created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = people, check_for_backend(crate::db::MultiBackend))]
struct PersonRow {
    id: String,
    name: String,
    salutation: Option<String>,
    title: Option<String>,
    role: Role,
    preferred_channel: PreferredChannel,
    notes: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = job_references, check_for_backend(crate::db::MultiBackend))]
struct ReferenceRow {
    id: String,
    name: String,
    title: Option<String>,
    company: Option<String>,
    permission: Permission,
    permission_asked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = tasks, check_for_backend(crate::db::MultiBackend))]
struct TaskRow {
    id: String,
    kind: String,
    dedupe_key: Option<String>,
    title: String,
    reason: Option<String>,
    draft: Option<String>,
    channel: Option<Channel>,
    not_before: Option<DateTime<Utc>>,
    user_fields: UserFields,
    status: TaskStatus,
    interview_id: Option<String>,
    interviewer_id: Option<String>,
    reference_id: Option<String>,
    application_id: Option<String>,
    due_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    completion_channel: Option<Channel>,
    deleted_at: Option<DateTime<Utc>>,
}

/// Who attended which live round of which application, and what was discussed there:
/// (interview, application, person, discussed).
pub type Met = (String, String, String, Option<String>);

/// Every attendance at a live round of `user`'s, with the round's application: what
/// `rules::scope::closure` finds a write's scope by, and the attendance a scoped load keeps.
pub fn met(conn: &mut DbConnection, user: &str) -> StoreResult<Vec<Met>> {
    let rows: Vec<(String, Option<String>, String, Option<String>)> = attendances::table
        .inner_join(interviews::table)
        .filter(attendances::user_id.eq(user))
        .filter(attendances::deleted_at.is_null())
        .filter(interviews::deleted_at.is_null())
        .select((
            attendances::interview_id,
            interviews::application_id,
            attendances::person_id,
            attendances::discussed,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(interview, application, person, discussed)| {
            Some((interview, application?, person, discussed))
        })
        .collect())
}

/// The part of a user's facts a load reads.
pub enum Part<'a> {
    /// Everything.
    All,
    /// Some applications with their rounds, the people met there and their tasks, for a re-plan
    /// of a write's scope: `met` is what `met` read, and `held` what the write's lock did.
    Scope {
        applications: &'a BTreeSet<String>,
        met: &'a [Met],
        held: &'a Held,
    },
}

/// The facts of `user`; for a `Part::Scope`, only those its applications need
/// (`rules::scope::restrict`).
pub fn load(conn: &mut DbConnection, user: &str, part: Part<'_>) -> StoreResult<Facts> {
    let (scope, held) = match &part {
        Part::All => (None, None),
        Part::Scope {
            applications, held, ..
        } => (Some(*applications), Some(*held)),
    };
    let ids: Vec<&str> = scope.into_iter().flatten().map(String::as_str).collect();
    let profile = match held {
        Some(held) => held.profile.clone(),
        None => {
            let query = users::table.find(user).select(ProfileRow::as_select());
            let row = crate::db::one_row(query, conn)?.ok_or(diesel::result::Error::NotFound)?;
            Profile {
                name: row.name,
                time_zone: row.time_zone.tz(),
                strengths: row.strengths.into_vec(),
            }
        }
    };

    // Each application with the references given for it, in one statement.
    let mut query = applications::table
        .left_join(application_references::table)
        .filter(applications::user_id.eq(user))
        .filter(applications::deleted_at.is_null())
        .select((
            ApplicationRow::as_select(),
            application_references::reference_id.nullable(),
        ))
        .order((applications::id, application_references::reference_id))
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(conn, applications::id, ids.iter().copied()));
    }
    let mut applications: Vec<ApplicationFact> = Vec::new();
    for row in query.load_iter::<(ApplicationRow, Option<String>), _>(conn)? {
        let (r, reference) = row?;
        if applications.last().is_none_or(|a| a.id != r.id) {
            applications.push(ApplicationFact {
                time_zone: r.employer_time_zone.map(|tz| tz.tz()),
                strengths: r.strengths.map(Strengths::into_vec).unwrap_or_default(),
                check_in_interval_days: r.check_in_interval_days.map(i64::from),
                id: r.id,
                company: r.company,
                position: r.position,
                applied_on: r.applied_on,
                outcome: r.outcome,
                outcome_set_at: r.outcome_set_at,
                interest: r.interest,
                decision_expected_on: r.decision_expected_on,
                second_interview_expected_on: r.second_interview_expected_on,
                references: Vec::new(),
                created_at: r.created_at,
            });
        }
        if let (Some(app), Some(reference)) = (applications.last_mut(), reference) {
            app.references.push(reference);
        }
    }

    let mut query = interviews::table
        .filter(interviews::user_id.eq(user))
        .filter(interviews::deleted_at.is_null())
        .filter(interviews::application_id.is_not_null())
        .select(InterviewRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(
            conn,
            interviews::application_id.assume_not_null(),
            ids.iter().copied(),
        ));
    }
    let interviews = query
        .load_iter::<InterviewRow, _>(conn)?
        .filter_map(|row| match row {
            Ok(r) => Some(Ok(InterviewFact {
                application_id: r.application_id?,
                id: r.id,
                company: r.company,
                position: r.position,
                stage: r.stage,
                format: r.format,
                scheduled_at: r.scheduled_at,
                duration_minutes: i64::from(r.duration_minutes),
                status: r.status,
                created_at: r.created_at,
            })),
            Err(e) => Some(Err(e)),
        })
        .collect::<QueryResult<Vec<_>>>()?;

    let attended: Vec<(String, String, Option<String>)> = match &part {
        Part::Scope {
            applications, met, ..
        } => met
            .iter()
            .filter(|(_, application, _, _)| applications.contains(application))
            .map(|(interview, _, person, discussed)| {
                (interview.clone(), person.clone(), discussed.clone())
            })
            .collect(),
        Part::All => attendances::table
            .inner_join(interviews::table)
            .filter(attendances::user_id.eq(user))
            .filter(attendances::deleted_at.is_null())
            .filter(interviews::deleted_at.is_null())
            .select((
                attendances::interview_id,
                attendances::person_id,
                attendances::discussed,
            ))
            .load(conn)?,
    };
    let mut discussed = std::collections::BTreeMap::new();
    let attendance: Vec<(String, String)> = attended
        .into_iter()
        .map(|(interview, person, said)| {
            if let Some(said) = said {
                discussed.insert((interview.clone(), person.clone()), said);
            }
            (interview, person)
        })
        .collect();
    // Generated tasks (deleted ones too: their keys stay reserved) and every completed task
    // (calls logged by hand count for the cadence guard).
    let mut query = tasks::table
        .filter(tasks::user_id.eq(user))
        .filter(
            tasks::dedupe_key
                .is_not_null()
                .or(status_is(TaskStatus::Done)),
        )
        .select(TaskRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(
            conn,
            tasks::application_id.assume_not_null(),
            ids.iter().copied(),
        ));
    }
    let tasks = query
        .load_iter::<TaskRow, _>(conn)?
        .map(|row| {
            let r = row?;
            Ok(TaskFact {
                id: r.id,
                kind: r.kind,
                dedupe_key: r.dedupe_key,
                title: r.title,
                reason: r.reason,
                draft: r.draft,
                channel: r.channel,
                not_before: r.not_before,
                user_fields: r.user_fields,
                status: r.status,
                interview_id: r.interview_id,
                interviewer_id: r.interviewer_id,
                reference_id: r.reference_id,
                application_id: r.application_id,
                due_at: r.due_at,
                completed_at: r.completed_at,
                completion_channel: r.completion_channel,
                deleted: r.deleted_at.is_some(),
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    let mut met: BTreeSet<&str> = attendance.iter().map(|(_, p)| p.as_str()).collect();
    // The people the scope's tasks were for, attending or not: a cancelled task's reason names
    // the person who left ("Morgan Lee no longer attends ...").
    met.extend(tasks.iter().filter_map(|t| t.interviewer_id.as_deref()));

    let mut query = people::table
        .filter(people::user_id.eq(user))
        .filter(people::deleted_at.is_null())
        .select(PersonRow::as_select())
        .into_boxed();
    if scope.is_some() {
        query = query.filter(in_ids(conn, people::id, met));
    }
    let people = query
        .load_iter::<PersonRow, _>(conn)?
        .map(|row| {
            let r = row?;
            Ok(PersonFact {
                id: r.id,
                name: r.name,
                salutation: r.salutation,
                title: r.title,
                role: r.role,
                preferred_channel: r.preferred_channel,
                notes: r.notes,
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    // A write's lock said whether there is any reference to read.
    if held.is_some_and(|h| !h.has_references) {
        return Ok(Facts {
            profile,
            applications,
            interviews,
            people,
            attendance,
            discussed,
            references: Vec::new(),
            tasks,
        });
    }
    let references = job_references::table
        .filter(job_references::user_id.eq(user))
        .filter(job_references::deleted_at.is_null())
        .select(ReferenceRow::as_select())
        .load_iter::<ReferenceRow, _>(conn)?
        .map(|row| {
            let r = row?;
            Ok(ReferenceFact {
                id: r.id,
                name: r.name,
                title: r.title,
                company: r.company,
                permission: r.permission,
                permission_asked_at: r.permission_asked_at,
                created_at: r.created_at,
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;

    Ok(Facts {
        profile,
        applications,
        interviews,
        people,
        attendance,
        discussed,
        references,
        tasks,
    })
}
