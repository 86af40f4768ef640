//! Applications, owner-scoped: one hiring process each. Deleting one keeps a tombstone; what
//! hangs off it (its interviews, their tasks) is the caller's to delete in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::schema::{application_references, applications, interviews, job_references};
use crate::db::{DbConnection, Stamp};
use crate::domain::enums::{Interest, InterviewStatus, Outcome};
use crate::domain::{Id, Strengths, TimeZone};
use crate::store::error::{StoreError, StoreResult};
use crate::store::window::Window;
use crate::windowed;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications, check_for_backend(crate::db::MultiBackend))]
pub struct Application {
    pub id: Id,
    pub user_id: Id,
    pub company: String,
    pub position: String,
    pub location: Option<String>,
    pub posting_url: Option<String>,
    pub posting_id: Option<String>,
    pub source: Option<String>,
    pub apply_by: Option<NaiveDate>,
    pub employer_time_zone: Option<TimeZone>,
    pub applied_on: Option<NaiveDate>,
    pub outcome: Outcome,
    pub outcome_set_at: Option<DateTime<Utc>>,
    pub interest: Interest,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    /// The strengths to restate for this job; `None`: the profile's.
    pub strengths: Option<Strengths>,
    pub check_in_interval_days: Option<i32>,
    pub notes: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

crate::store::versioned_table!(
    applications,
    Application,
    ApplicationChanges,
    "No such application"
);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = applications)]
pub struct NewApplication {
    pub id: Id,
    pub user_id: Id,
    pub company: String,
    pub position: String,
    pub location: Option<String>,
    pub posting_url: Option<String>,
    pub posting_id: Option<String>,
    pub source: Option<String>,
    pub apply_by: Option<NaiveDate>,
    pub employer_time_zone: Option<TimeZone>,
    pub applied_on: Option<NaiveDate>,
    pub outcome: Outcome,
    pub outcome_set_at: Option<Stamp>,
    pub interest: Interest,
    pub decision_expected_on: Option<NaiveDate>,
    pub second_interview_expected_on: Option<NaiveDate>,
    /// JSON, as `Strengths::to_json` writes it.
    pub strengths: Option<String>,
    pub check_in_interval_days: Option<i32>,
    pub notes: Option<String>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
}

impl NewApplication {
    /// An application for a job nothing else is known of yet: what a round made without one
    /// belongs to.
    pub fn for_job(id: Id, user: Id, company: &str, position: &str, now: DateTime<Utc>) -> Self {
        Self {
            id,
            user_id: user,
            company: company.to_string(),
            position: position.to_string(),
            location: None,
            posting_url: None,
            posting_id: None,
            source: None,
            apply_by: None,
            employer_time_zone: None,
            applied_on: None,
            outcome: Outcome::Pending,
            outcome_set_at: None,
            interest: Interest::Unsure,
            decision_expected_on: None,
            second_interview_expected_on: None,
            strengths: None,
            check_in_interval_days: None,
            notes: None,
            created_at: Stamp(now),
            updated_at: Stamp(now),
        }
    }
}

/// A patch: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = applications)]
pub struct ApplicationChanges {
    pub company: Option<String>,
    pub position: Option<String>,
    pub location: Option<Option<String>>,
    pub posting_url: Option<Option<String>>,
    pub posting_id: Option<Option<String>>,
    pub source: Option<Option<String>>,
    pub apply_by: Option<Option<NaiveDate>>,
    pub employer_time_zone: Option<Option<TimeZone>>,
    pub applied_on: Option<Option<NaiveDate>>,
    pub outcome: Option<Outcome>,
    pub outcome_set_at: Option<Option<Stamp>>,
    pub interest: Option<Interest>,
    pub decision_expected_on: Option<Option<NaiveDate>>,
    pub second_interview_expected_on: Option<Option<NaiveDate>>,
    pub strengths: Option<Option<String>>,
    pub check_in_interval_days: Option<Option<i32>>,
    pub notes: Option<Option<String>>,
}

impl ApplicationChanges {
    /// Whether these changes leave `app` as it is.
    pub fn changes_nothing(&self, app: &Application) -> bool {
        use crate::store::keeps;
        keeps(&self.company, &app.company)
            && keeps(&self.position, &app.position)
            && keeps(&self.location, &app.location)
            && keeps(&self.posting_url, &app.posting_url)
            && keeps(&self.posting_id, &app.posting_id)
            && keeps(&self.source, &app.source)
            && keeps(&self.apply_by, &app.apply_by)
            && keeps(&self.employer_time_zone, &app.employer_time_zone)
            && keeps(&self.applied_on, &app.applied_on)
            && keeps(&self.outcome, &app.outcome)
            && keeps(&self.outcome_set_at, &app.outcome_set_at)
            && keeps(&self.interest, &app.interest)
            && keeps(&self.decision_expected_on, &app.decision_expected_on)
            && keeps(
                &self.second_interview_expected_on,
                &app.second_interview_expected_on,
            )
            && self
                .strengths
                .as_ref()
                .is_none_or(|s| *s == app.strengths.as_ref().map(Strengths::to_json))
            && keeps(&self.check_in_interval_days, &app.check_in_interval_days)
            && keeps(&self.notes, &app.notes)
    }

    /// Whether they change what its interviews show of it (their copies).
    pub fn touches_interviews(&self) -> bool {
        self.company.is_some()
            || self.position.is_some()
            || self.outcome.is_some()
            || self.interest.is_some()
            || self.decision_expected_on.is_some()
            || self.second_interview_expected_on.is_some()
    }
}

/// Inserts the application; a posting saved already is a conflict that names it.
pub fn insert(conn: &mut DbConnection, new: &NewApplication) -> StoreResult<Application> {
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(applications::table)
            .values(new)
            .returning(applications::all_columns)
            .get_result(conn)
    });
    match inserted {
        Err(err) if crate::db::is_unique_violation(&err) => {
            let url = new.posting_url.as_deref().unwrap_or_default();
            Err(posting_saved(conn, &new.user_id, url))
        }
        other => Ok(other?),
    }
}

/// The 409 for a posting saved already, naming the application that holds it.
pub fn posting_saved(conn: &mut DbConnection, user: &str, url: &str) -> StoreError {
    match by_posting(conn, user, url) {
        Ok(Some(existing)) => StoreError::Conflict {
            field: Some("posting_url"),
            detail: format!(
                "You saved this posting already: /v1/applications/{}",
                existing.id
            ),
        },
        Ok(None) => StoreError::Conflict {
            field: Some("posting_url"),
            detail: "You saved this posting already".into(),
        },
        Err(err) => err,
    }
}

/// The live application that saved the (normalised) posting `url`.
pub fn by_posting(
    conn: &mut DbConnection,
    user: &str,
    url: &str,
) -> StoreResult<Option<Application>> {
    let query = applications::table
        .filter(applications::user_id.eq(user))
        .filter(applications::posting_url.eq(url))
        .filter(applications::deleted_at.is_null())
        .select(Application::as_select());
    Ok(crate::db::one_row(query, conn)?)
}

/// The live, open application for `company` and `position` (case and spacing aside), the
/// latest made first; what an interview made without an application belongs to.
pub fn open_for(
    conn: &mut DbConnection,
    user: &str,
    company: &str,
    position: &str,
) -> StoreResult<Option<Application>> {
    let candidates: Vec<Application> = applications::table
        .filter(applications::user_id.eq(user))
        .filter(applications::deleted_at.is_null())
        .filter(applications::outcome.eq_any([Outcome::Pending, Outcome::OfferPending]))
        .order(applications::id.desc())
        .select(Application::as_select())
        .load(conn)?;
    let (company, position) = (matching(company), matching(position));
    Ok(candidates
        .into_iter()
        .find(|a| matching(&a.company) == company && matching(&a.position) == position))
}

/// Case, outer and doubled spaces do not make another company or position.
pub fn matching(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What a list of applications may be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    pub posting_url: Option<String>,
    pub outcome: Option<Outcome>,
}

pub fn list(
    conn: &mut DbConnection,
    user: &str,
    filter: &ApplicationFilter,
    window: &Window,
) -> StoreResult<Vec<Application>> {
    let mut query = applications::table
        .select(Application::as_select())
        .into_boxed();
    if let Some(url) = &filter.posting_url {
        query = query.filter(applications::posting_url.eq(url.clone()));
    }
    if let Some(outcome) = &filter.outcome {
        query = query.filter(applications::outcome.eq(*outcome));
    }
    Ok(windowed!(query, applications, user, window, conn)?)
}

/// Which of `ids` have a round that is not cancelled: what their stage reads.
pub fn with_interviews(conn: &mut DbConnection, ids: &[&str]) -> StoreResult<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(interviews::table
        .filter(crate::store::id_set::in_ids(
            conn,
            interviews::application_id.assume_not_null(),
            ids.iter().copied(),
        ))
        .filter(interviews::deleted_at.is_null())
        .filter(interviews::status.ne(InterviewStatus::Cancelled))
        .select(interviews::application_id.assume_not_null())
        .distinct()
        .load(conn)?)
}

/// Writes the application's answers into the copies its live rounds but `except` keep (for
/// clients that read them there); each round that changes is a new version. How many changed.
pub fn sync_rounds(
    conn: &mut DbConnection,
    app: &Application,
    except: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let rounds = rounds(conn, &app.id)?;
    sync_these(conn, app, &rounds, except, now)
}

/// `sync_rounds` over rounds read already.
pub fn sync_these(
    conn: &mut DbConnection,
    app: &Application,
    rounds: &[crate::store::interviews::Interview],
    except: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let stale: Vec<String> = rounds
        .iter()
        .filter(|r| except != Some(r.id.as_str()))
        .filter(|r| {
            r.company != app.company
                || r.position != app.position
                || r.outcome != app.outcome
                || r.outcome_set_at != app.outcome_set_at
                || r.interest != app.interest
                || r.decision_expected_on != app.decision_expected_on
                || r.second_interview_expected_on != app.second_interview_expected_on
        })
        .map(|r| r.id.to_string())
        .collect();
    if stale.is_empty() {
        return Ok(0);
    }
    Ok(
        diesel::update(interviews::table.filter(interviews::id.eq_any(stale)))
            .set((
                interviews::company.eq(&app.company),
                interviews::position.eq(&app.position),
                interviews::outcome.eq(app.outcome),
                interviews::outcome_set_at.eq(app.outcome_set_at.map(Stamp)),
                interviews::interest.eq(app.interest),
                interviews::decision_expected_on.eq(app.decision_expected_on),
                interviews::second_interview_expected_on.eq(app.second_interview_expected_on),
                interviews::version.eq(interviews::version + 1),
                interviews::updated_at.eq(Stamp(now)),
            ))
            .execute(conn)?,
    )
}

/// The live rounds of an application.
pub fn rounds(
    conn: &mut DbConnection,
    app: &str,
) -> StoreResult<Vec<crate::store::interviews::Interview>> {
    Ok(interviews::table
        .filter(interviews::application_id.eq(app))
        .filter(interviews::deleted_at.is_null())
        .order((interviews::scheduled_at, interviews::id))
        .select(crate::store::interviews::Interview::as_select())
        .load(conn)?)
}

/// A change that lives elsewhere (a round added, a reference linked): a new version.
pub fn touch(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(applications::table.filter(applications::id.eq(id)))
        .set((
            applications::version.eq(applications::version + 1),
            applications::updated_at.eq(Stamp(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Leaves a tombstone and drops its reference links.
pub fn delete(
    conn: &mut DbConnection,
    current: &Application,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    mark_deleted(conn, current, now)?;
    diesel::delete(
        application_references::table
            .filter(application_references::application_id.eq(&current.id)),
    )
    .execute(conn)?;
    Ok(())
}

/// Links a reference to the application; `false` when it was linked already.
pub fn link_reference(
    conn: &mut DbConnection,
    user: &str,
    application: &str,
    reference: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    Ok(crate::db::insert_unless_exists(conn, |conn| {
        diesel::insert_into(application_references::table)
            .values((
                application_references::application_id.eq(application),
                application_references::reference_id.eq(reference),
                application_references::user_id.eq(user),
                application_references::created_at.eq(Stamp(now)),
            ))
            .execute(conn)
    })?)
}

/// Unlinks it; `false` when it was not linked.
pub fn unlink_reference(
    conn: &mut DbConnection,
    application: &str,
    reference: &str,
) -> StoreResult<bool> {
    let removed = diesel::delete(
        application_references::table
            .filter(application_references::application_id.eq(application))
            .filter(application_references::reference_id.eq(reference)),
    )
    .execute(conn)?;
    Ok(removed > 0)
}

/// Whether `reference` is linked to `application`.
pub fn is_linked(conn: &mut DbConnection, application: &str, reference: &str) -> StoreResult<bool> {
    let query = application_references::table
        .filter(application_references::application_id.eq(application))
        .filter(application_references::reference_id.eq(reference))
        .select(application_references::reference_id);
    Ok(crate::db::one_row::<_, String>(query, conn)?.is_some())
}

/// The live references linked to `application`, oldest link first.
pub fn linked_references(
    conn: &mut DbConnection,
    application: &str,
) -> StoreResult<Vec<crate::store::references::Reference>> {
    Ok(application_references::table
        .inner_join(job_references::table)
        .filter(application_references::application_id.eq(application))
        .filter(job_references::deleted_at.is_null())
        .order(application_references::created_at)
        .select(crate::store::references::Reference::as_select())
        .load(conn)?)
}

/// An application with what its stage reads beyond its own row: whether a round is booked.
pub struct Staged {
    pub application: Application,
    pub has_rounds: bool,
}

impl Staged {
    pub fn stage(&self) -> crate::domain::enums::ApplicationStage {
        let app = &self.application;
        crate::domain::enums::ApplicationStage::of(
            app.outcome,
            app.applied_on.is_some(),
            self.has_rounds,
        )
    }
}

impl crate::store::window::Listed for Staged {
    fn id(&self) -> &str {
        &self.application.id
    }
    fn updated_at(&self) -> DateTime<Utc> {
        self.application.updated_at
    }
    fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.application.deleted_at
    }
}

/// `rows` with their stages, in one query for all of them.
pub fn staged(conn: &mut DbConnection, rows: Vec<Application>) -> StoreResult<Vec<Staged>> {
    let live: Vec<&str> = rows
        .iter()
        .filter(|a| a.deleted_at.is_none())
        .map(|a| a.id.as_str())
        .collect();
    let with: std::collections::HashSet<String> =
        with_interviews(conn, &live)?.into_iter().collect();
    Ok(rows
        .into_iter()
        .map(|application| Staged {
            has_rounds: with.contains(application.id.as_str()),
            application,
        })
        .collect())
}
