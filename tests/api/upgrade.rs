//! Upgrading a database the previous release (migration 000017) filled: its interviews grouped
//! into applications, each application taking the latest answers its rounds gave, the open
//! tasks' keys following, and the plan made afterwards keeping what was done.

use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl};
use followup::db::{ConnectionManager, DbConnection, run_migrations, run_migrations_through};

use crate::helpers::TestDb;

const PREVIOUS_RELEASE: &str = "2026-12-07-000017";

const USER: &str = "00000000-0000-7000-8000-000000000001";
const ROUND_1: &str = "00000000-0000-7000-8000-000000000011";
const ROUND_2: &str = "00000000-0000-7000-8000-000000000012";
const ANALYST: &str = "00000000-0000-7000-8000-000000000013";
const GONE: &str = "00000000-0000-7000-8000-000000000014";
const PAT: &str = "00000000-0000-7000-8000-000000000021";
const REFERENCE: &str = "00000000-0000-7000-8000-000000000031";

/// What the previous release wrote, in its own columns: two rounds of one job typed two ways,
/// another job at the same employer, a deleted interview, and tasks keyed by interview.
fn seed(conn: &mut DbConnection) {
    let rows = format!(
        "INSERT INTO users (id, email, password_hash, name, time_zone, strengths, created_at, updated_at)
         VALUES ('{USER}', 'ada@example.com', 'x', 'Ada', 'America/New_York', '[]',
                 '2026-11-01 10:00:00', '2026-11-01 10:00:00');
         INSERT INTO interviews (id, user_id, company, position, stage, format, scheduled_at,
             duration_minutes, status, outcome, outcome_set_at, decision_expected_on,
             interest, version, created_at, updated_at, deleted_at) VALUES
         ('{ROUND_1}', '{USER}', 'Initech', 'Backend Developer', 'first', 'onsite',
          '2026-11-10 15:00:00', 60, 'completed', 'pending', NULL, '2026-11-20', 'yes', 3,
          '2026-11-02 10:00:00', '2026-11-10 16:00:00', NULL),
         ('{ROUND_2}', '{USER}', ' initech ', 'backend developer', 'second', 'onsite',
          '2026-11-24 15:00:00', 60, 'completed', 'rejected', '2026-12-01 17:00:00',
          '2026-12-04', 'unsure', 2, '2026-11-18 10:00:00', '2026-12-01 17:00:00', NULL),
         ('{ANALYST}', '{USER}', 'Initech', 'Data Analyst', 'second', 'phone',
          '2026-11-23 15:00:00', 30, 'scheduled', 'pending', NULL, NULL, 'unsure', 1,
          '2026-11-19 10:00:00', '2026-11-19 10:00:00', NULL),
         ('{GONE}', '{USER}', 'Globex', 'Analyst', 'first', 'video',
          '2026-11-05 15:00:00', 60, 'scheduled', 'pending', NULL, NULL, 'unsure', 2,
          '2026-11-03 10:00:00', '2026-11-04 10:00:00', '2026-11-04 10:00:00');
         INSERT INTO people (id, user_id, name, role, preferred_channel, business_card,
             keep_in_touch, version, created_at, updated_at) VALUES
         ('{PAT}', '{USER}', 'Pat Reyes', 'interviewer', 'email', FALSE, FALSE, 1,
          '2026-11-10 16:00:00', '2026-11-10 16:00:00');
         INSERT INTO attendances (interview_id, person_id, user_id, created_at) VALUES
         ('{ROUND_1}', '{PAT}', '{USER}', '2026-11-10 16:00:00'),
         ('{ROUND_2}', '{PAT}', '{USER}', '2026-11-24 16:00:00');
         INSERT INTO job_references (id, user_id, name, permission, permission_asked_at,
             permission_answered_at, version, created_at, updated_at) VALUES
         ('{REFERENCE}', '{USER}', 'John Smith', 'granted', '2026-11-02 10:00:00',
          '2026-11-02 11:00:00', 1, '2026-11-02 10:00:00', '2026-11-02 11:00:00');"
    );
    conn.batch_execute(&rows).unwrap();
    let tasks = [
        // (id, kind, key, status, interview, person, completed)
        (
            "t1",
            "decision_check",
            format!("decision_check:{ROUND_1}:2026-11-20"),
            "open",
            ROUND_1,
            None,
            None,
        ),
        (
            "t2",
            "decision_check",
            format!("decision_check:{ROUND_2}:2026-12-04"),
            "open",
            ROUND_2,
            None,
            None,
        ),
        // Round 1 had once been given the same date: its key meets round 2's, which is open.
        (
            "t3",
            "decision_check",
            format!("decision_check:{ROUND_1}:2026-12-04"),
            "cancelled",
            ROUND_1,
            None,
            None,
        ),
        (
            "t4",
            "weekly_check_in",
            "weekly_check_in:initech:1763049600".to_string(),
            "open",
            ROUND_1,
            None,
            None,
        ),
        (
            "t5",
            "reference_heads_up",
            format!("reference_heads_up:{REFERENCE}:{ROUND_2}"),
            "done",
            ROUND_2,
            None,
            Some("2026-11-23 14:00:00"),
        ),
        (
            "t6",
            "business_circle",
            format!("business_circle:{ROUND_2}:{PAT}"),
            "open",
            ROUND_2,
            Some(PAT),
            None,
        ),
        (
            "t7",
            "thank_you_note",
            format!("thank_you_note:{ROUND_1}:{PAT}:1762786800"),
            "done",
            ROUND_1,
            Some(PAT),
            Some("2026-11-10 18:00:00"),
        ),
        (
            "t8",
            "follow_up_call",
            format!("follow_up_call:{ROUND_1}:{PAT}"),
            "done",
            ROUND_1,
            Some(PAT),
            Some("2026-11-13 16:00:00"),
        ),
    ];
    for (n, (title, kind, key, status, interview, person, completed)) in
        tasks.into_iter().enumerate()
    {
        let id = format!("00000000-0000-7000-8000-0000000001{n:02}");
        let person = person.map_or("NULL".to_string(), |p| format!("'{p}'"));
        let completed = completed.map_or("NULL".to_string(), |c| format!("'{c}'"));
        let channel = if completed == "NULL" {
            "NULL"
        } else {
            "'phone'"
        };
        conn.batch_execute(&format!(
            "INSERT INTO tasks (id, user_id, kind, rule_id, dedupe_key, title, reason, status,
                 due_at, interview_id, interviewer_id, completed_at, completion_channel, version,
                 created_at, updated_at, user_fields)
             VALUES ('{id}', '{USER}', '{kind}', '{kind}', '{key}', '{title}', 'Its reason',
                 '{status}', '2026-11-12 14:00:00', '{interview}', {person}, {completed},
                 {channel}, 1, '2026-11-10 16:00:00', '2026-11-10 16:00:00', 0)"
        ))
        .unwrap();
    }
}

#[derive(QueryableByName, Debug)]
struct Application {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    company: String,
    #[diesel(sql_type = Text)]
    position: String,
    #[diesel(sql_type = Text)]
    outcome: String,
    #[diesel(sql_type = Text)]
    interest: String,
    #[diesel(sql_type = Nullable<Text>)]
    decision: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    deleted: Option<String>,
}

#[derive(QueryableByName, Debug)]
struct Row {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Nullable<Text>)]
    application_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    text: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    more: Option<String>,
}

fn rows(conn: &mut DbConnection, sql: &str) -> Vec<Row> {
    match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(sql).load(c).unwrap(),
        DbConnection::Pg(c) => diesel::sql_query(sql).load(c).unwrap(),
    }
}

fn at(text: &str) -> DateTime<Utc> {
    crate::instants::at(text)
}

#[test]
fn the_previous_releases_interviews_become_applications_and_their_keys_follow() {
    let (_db, url) = TestDb::create();
    let mut conn = ConnectionManager::new(&url).unwrap().open().unwrap();
    run_migrations_through(&mut conn, PREVIOUS_RELEASE).unwrap();
    seed(&mut conn);
    let applied = run_migrations(&mut conn).unwrap().applied;
    assert_eq!(
        applied.first().map(String::as_str),
        Some("20261207000018"),
        "{applied:?}"
    );

    let sql = "SELECT id, company, position, outcome, interest, \
               CAST(decision_expected_on AS TEXT) AS decision, \
               CAST(deleted_at AS TEXT) AS deleted FROM applications ORDER BY company, position";
    let apps: Vec<Application> = match &mut conn {
        DbConnection::Sqlite(c) => diesel::sql_query(sql).load(c).unwrap(),
        DbConnection::Pg(c) => diesel::sql_query(sql).load(c).unwrap(),
    };
    assert_eq!(apps.len(), 3, "{apps:#?}");
    let (globex, analyst, backend) = (&apps[0], &apps[1], &apps[2]);
    assert_eq!(
        (globex.company.as_str(), globex.deleted.is_some()),
        ("Globex", true)
    );
    assert_eq!(analyst.position, "Data Analyst");
    // The latest round's spelling, trimmed; its outcome; the interest round 1 gave, the only
    // one that said; the latest decision date.
    assert_eq!(backend.company, "initech");
    assert_eq!(backend.position, "backend developer");
    assert_eq!(backend.outcome, "rejected");
    assert_eq!(backend.interest, "yes");
    assert_eq!(backend.decision.as_deref(), Some("2026-12-04"));
    assert!(analyst.deleted.is_none() && backend.deleted.is_none());

    // Every live round shows its application's answers now.
    let rounds = rows(
        &mut conn,
        "SELECT id, application_id, outcome AS text, CAST(decision_expected_on AS TEXT) AS more \
         FROM interviews ORDER BY id",
    );
    let of = |id: &str| rounds.iter().find(|r| r.id == id).unwrap();
    for round in [ROUND_1, ROUND_2] {
        assert_eq!(
            of(round).application_id.as_deref(),
            Some(backend.id.as_str())
        );
        assert_eq!(of(round).text.as_deref(), Some("rejected"));
        assert_eq!(of(round).more.as_deref(), Some("2026-12-04"));
    }
    assert_eq!(
        of(ANALYST).application_id.as_deref(),
        Some(analyst.id.as_str())
    );
    assert_eq!(of(GONE).application_id.as_deref(), Some(globex.id.as_str()));

    // The keys of what follows the application name it; the rest stay.
    let tasks = rows(
        &mut conn,
        "SELECT id, application_id, dedupe_key AS text, status AS more FROM tasks ORDER BY id",
    );
    let key = |n: usize| {
        let id = format!("00000000-0000-7000-8000-0000000001{n:02}");
        tasks.iter().find(|t| t.id == id).unwrap()
    };
    let app = &backend.id;
    assert_eq!(
        key(0).text.as_deref(),
        Some(format!("decision_check:{app}:2026-11-20").as_str())
    );
    assert_eq!(
        key(1).text.as_deref(),
        Some(format!("decision_check:{app}:2026-12-04").as_str())
    );
    assert_eq!(
        key(2).text.as_deref(),
        Some(format!("decision_check:{ROUND_1}:2026-12-04").as_str()),
        "the open task took the shared key; the cancelled one keeps its own"
    );
    assert_eq!(
        key(3).text.as_deref(),
        Some(format!("weekly_check_in:{app}:1763049600").as_str())
    );
    assert_eq!(
        key(4).text.as_deref(),
        Some(format!("reference_heads_up:{REFERENCE}:{app}").as_str())
    );
    assert_eq!(
        key(5).text.as_deref(),
        Some(format!("business_circle:{app}:{PAT}").as_str())
    );
    assert_eq!(
        key(6).text.as_deref(),
        Some(format!("thank_you_note:{ROUND_1}:{PAT}:1762786800").as_str())
    );
    assert!(
        tasks
            .iter()
            .all(|t| t.application_id.as_deref() == Some(app.as_str()))
    );

    // The attendances of the previous release sync now: each has an id of its own (a UUID,
    // distinct), and its updated_at is when it was made.
    let attendances = rows(
        &mut conn,
        "SELECT id, NULL AS application_id, CAST(updated_at AS TEXT) AS text, \
         CAST(created_at AS TEXT) AS more FROM attendances",
    );
    assert!(!attendances.is_empty());
    let mut ids: Vec<&str> = attendances.iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), attendances.len(), "{attendances:?}");
    for attendance in &attendances {
        assert!(
            uuid::Uuid::parse_str(&attendance.id).is_ok(),
            "{attendance:?}"
        );
        assert_eq!(attendance.text, attendance.more, "{attendance:?}");
    }

    // The plan made on the upgraded data: calls of the rejected process end, naming it; the
    // business circle the old plan made is the one the new plan wants; nothing done reopens.
    followup::db::transaction(&mut conn, |c| {
        followup::service::reconcile(c, USER, at("2026-12-07T14:00:00Z"))
    })
    .unwrap();
    let after = rows(
        &mut conn,
        "SELECT id, application_id, status AS text, status_reason AS more FROM tasks ORDER BY id",
    );
    let task = |n: usize| {
        let id = format!("00000000-0000-7000-8000-0000000001{n:02}");
        after.iter().find(|t| t.id == id).unwrap()
    };
    for n in [0, 1, 3] {
        assert_eq!(task(n).text.as_deref(), Some("cancelled"), "{:?}", task(n));
        assert_eq!(
            task(n).more.as_deref(),
            Some("The backend developer process at initech is over: rejected")
        );
    }
    assert_eq!(task(5).text.as_deref(), Some("open"), "{:?}", task(5));
    for n in [4, 6, 7] {
        assert_eq!(task(n).text.as_deref(), Some("done"));
    }
    let circles = rows(
        &mut conn,
        "SELECT id, application_id, kind AS text, status AS more FROM tasks \
         WHERE kind = 'business_circle'",
    );
    assert_eq!(
        circles.len(),
        1,
        "no second business circle task: {circles:#?}"
    );
}
