//! Rule engine benchmark: `cargo bench --bench engine` (SQLite), and on PostgreSQL too when
//! BENCH_DATABASE_URL (or FOLLOWUP_TEST_DATABASE_URL) names a database it may create schemas in.
//! `-- reconcile`, `-- custom` or `-- ticker` runs only those parts.
//!
//! 1. Plan + reconcile for one user with 500 interviews, 2,000 people and 5,000 tasks, and the
//!    scoped re-plan after a write to one of those interviews; then the same for a user the size
//!    of bench/mix's (20 interviews, 60 people, 200 tasks).
//! 2. A user at the quotas (1,000 interviews) with 50 custom rules, each with every filter list
//!    at its bound: a full re-plan, which the issue of abuse 2 wants under 100 ms.
//! 3. A ticker pass over 10,000 users of whom 1% have something due, next to a pass over 1,000
//!    users with the same 100 due: if the pass costs in proportion to the due users, the two
//!    take about the same time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use followup::clock;
use followup::db::{self, DbConnection, Pool, Stamp};
use followup::domain::Id;
use followup::domain::enums::{
    Interest, InterviewFormat, InterviewStatus, Outcome, PreferredChannel, Role, Stage, TaskStatus,
};
use followup::store::interviews::NewInterview;
use followup::store::people::NewPerson;
use followup::store::tasks::NewTask;
use followup::store::users::NewUser;
use followup::store::{self, new_id};

fn main() {
    let mut targets = vec![("sqlite", sqlite_url())];
    let pg = std::env::var("BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("FOLLOWUP_TEST_DATABASE_URL"))
        .ok()
        .filter(|u| !u.is_empty());
    if let Some(admin) = &pg {
        targets.push(("postgres", pg_schema(admin)));
    }
    // `cargo bench --bench engine -- custom` runs only the parts named.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |part: &str| only.is_empty() || only.iter().any(|o| o == part);
    for (name, url) in targets {
        println!("\n== {name} ==");
        if wanted("reconcile") {
            bench_reconcile(&url, 500, 2000, 5000);
            // The size of each user of bench/mix.
            bench_reconcile(&url, 20, 60, 200);
        }
        if wanted("custom") {
            bench_custom_rules(&url);
        }
        if wanted("ticker") {
            bench_ticker(&url, name);
        }
    }
}

fn sqlite_url() -> String {
    let dir = std::env::temp_dir().join(format!("followup-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    format!("sqlite://{}", dir.join("bench.db").display())
}

fn pg_schema(admin: &str) -> String {
    let schema = format!("bench_{}", uuid::Uuid::now_v7().simple());
    let mut conn = PgConnection::establish(admin).unwrap();
    conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap();
    let sep = if admin.contains('?') { '&' } else { '?' };
    format!("{admin}{sep}options=-csearch_path%3D{schema}")
}

fn pool(url: &str) -> Pool {
    let pool = db::connect(url).unwrap();
    db::run_migrations(&mut pool.get().unwrap()).unwrap();
    pool
}

fn user(conn: &mut DbConnection, email: &str) -> Id {
    let now = Stamp(clock::truncate(Utc::now()));
    store::users::insert(
        conn,
        &NewUser {
            id: new_id(),
            email: email.into(),
            password_hash: "not a real hash".into(),
            name: "Bench User".into(),
            time_zone: "Europe/London".into(),
            strengths: r#"["clear writing","ten years of analytics"]"#.into(),
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap()
    .id
}

/// Applications at the first `n` of the bench's 60 companies, one position each.
fn applications(conn: &mut DbConnection, user: Id, n: usize) -> Vec<Id> {
    let now = clock::truncate(Utc::now());
    (0..n)
        .map(|c| {
            let new = store::applications::NewApplication::for_job(
                new_id(),
                user,
                &format!("Company {c}"),
                "Engineer",
                now,
            );
            store::applications::insert(conn, &new).unwrap().id
        })
        .collect()
}

fn interview(
    user: Id,
    i: usize,
    scheduled: chrono::DateTime<Utc>,
    applications: &[Id],
) -> NewInterview {
    let now = Stamp(clock::truncate(Utc::now()));
    NewInterview {
        id: new_id(),
        user_id: user,
        application_id: Some(applications[i % 60 % applications.len()]),
        company: format!("Company {}", i % 60 % applications.len()),
        position: "Engineer".into(),
        stage: [Stage::First, Stage::Second, Stage::Final][i % 3],
        format: InterviewFormat::Onsite,
        scheduled_at: Stamp(scheduled),
        duration_minutes: 60,
        location: None,
        status: InterviewStatus::Scheduled,
        outcome: [
            Outcome::Pending,
            Outcome::Pending,
            Outcome::Rejected,
            Outcome::OfferPending,
        ][i % 4],
        outcome_set_at: (i % 4 >= 2).then_some(now),
        decision_expected_on: Some((scheduled + Duration::days(10)).date_naive()),
        second_interview_expected_on: None,
        interest: Interest::Yes,
        notes: None,
        insights: None,
        created_at: now,
        updated_at: now,
    }
}

fn millis(d: StdDuration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn stats(mut samples: Vec<StdDuration>) -> String {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p95 = samples[samples.len() * 95 / 100];
    format!("median {:.2} ms, p95 {:.2} ms", millis(median), millis(p95))
}

fn bench_reconcile(url: &str, n_interviews: usize, n_people: usize, n_tasks: usize) {
    let pool = pool(url);
    let mut conn = pool.get().unwrap();
    let started = Instant::now();
    let user = db::transaction(&mut conn, |conn| {
        let user = user(conn, &format!("user-of-{n_interviews}@example.com"));
        let now = Utc::now();
        let mut interviews = Vec::new();
        let apps = applications(conn, user, 60);
        for i in 0..n_interviews {
            let at = now - Duration::hours(6) - Duration::days((i % 200) as i64);
            interviews.push(store::interviews::insert(conn, &interview(user, i, at, &apps))?.id);
        }
        let stamp = Stamp(now);
        for p in 0..n_people {
            let person = store::people::insert(
                conn,
                &NewPerson {
                    id: new_id(),
                    user_id: user,
                    name: format!("Person {p}"),
                    title: Some("Manager".into()),
                    role: [
                        Role::Interviewer,
                        Role::Receptionist,
                        Role::Recruiter,
                        Role::Assistant,
                    ][p % 4],
                    company: None,
                    email: None,
                    phone: None,
                    fax: None,
                    postal_address: None,
                    preferred_channel: [
                        PreferredChannel::Email,
                        PreferredChannel::Mail,
                        PreferredChannel::Unknown,
                    ][p % 3],
                    business_card: false,
                    notes: Some("talked about data pipelines".into()),
                    keep_in_touch: false,
                    salutation: None,
                    created_at: stamp,
                    updated_at: stamp,
                },
            )?;
            store::attendances::attach(
                conn,
                &user,
                &interviews[p % n_interviews],
                &person.id,
                Some(Some("your data pipelines".into())),
                stamp.0,
            )?;
        }
        Ok::<_, followup::error::ApiError>(user)
    })
    .unwrap();
    // The first reconcile plans every interview's follow-up; custom tasks make up 5,000.
    let first = Instant::now();
    let report = db::transaction(&mut conn, |c| {
        followup::service::reconcile(c, &user, Utc::now())
    })
    .unwrap();
    let first = first.elapsed();
    let generated = report.created;
    db::transaction(&mut conn, |conn| {
        let stamp = Stamp(clock::truncate(Utc::now()));
        for t in generated..n_tasks {
            store::tasks::insert(
                conn,
                &NewTask {
                    id: new_id(),
                    user_id: user,
                    kind: followup::domain::enums::TaskKind::Custom,
                    rule_id: None,
                    dedupe_key: None,
                    title: format!("Custom task {t}"),
                    reason: None,
                    draft: None,
                    notes: None,
                    status: TaskStatus::Open,
                    not_before: None,
                    due_at: Some(stamp),
                    channel: None,
                    interview_id: None,
                    interviewer_id: None,
                    reference_id: None,
                    application_id: None,
                    created_at: stamp,
                    updated_at: stamp,
                    user_fields: followup::domain::UserFields::NONE,
                },
            )?;
        }
        Ok::<_, followup::error::ApiError>(())
    })
    .unwrap();
    println!(
        "seeded {n_interviews} interviews, {n_people} people, {n_tasks} tasks ({generated} generated) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!(
        "first reconcile (creates {generated} tasks): {:.1} ms",
        millis(first)
    );
    let mut samples = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let r = db::transaction(&mut conn, |c| {
            followup::service::reconcile(c, &user, Utc::now())
        })
        .unwrap();
        samples.push(t.elapsed());
        assert_eq!(r.created, 0);
    }
    println!(
        "steady reconcile (plan + diff, nothing to write): {}",
        stats(samples)
    );
    // What a write to one interview re-plans: its application and the people met there.
    let met = store::facts::met(&mut conn, &user).unwrap();
    let one = followup::service::Replan::application(met[7].1.clone());
    let mut samples = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let r = db::transaction(&mut conn, |c| {
            let held = followup::store::users::hold(c, &user)?.expect("the user");
            followup::service::replan(c, &user, &one, Utc::now(), &held)
        })
        .unwrap();
        samples.push(t.elapsed());
        assert_eq!(r.created, 0);
    }
    println!(
        "scoped re-plan after a write to one interview: {}",
        stats(samples)
    );
    let facts = store::facts::load(&mut conn, &user, store::facts::Part::All).unwrap();
    let settings = followup::service::settings::load(&mut conn, &user).unwrap();
    let mut samples = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        std::hint::black_box(followup::rules::plan(&facts, &settings, Utc::now()));
        samples.push(t.elapsed());
    }
    println!("plan alone (pure, in memory): {}", stats(samples));
}

/// 50 custom rules at their bounds over 1,000 interviews: what a full re-plan costs.
fn bench_custom_rules(url: &str) {
    use followup::store::custom_rules::NewRule;
    let pool = pool(url);
    let mut conn = pool.get().unwrap();
    let user = db::transaction(&mut conn, |conn| {
        let user = user(conn, "rules-at-their-bounds@example.com");
        let now = Utc::now();
        let stamp = Stamp(clock::truncate(now));
        let apps = applications(conn, user, 60);
        for i in 0..1_000 {
            let at = now - Duration::hours(6) - Duration::days((i % 300) as i64);
            store::interviews::insert(conn, &interview(user, i, at, &apps))?;
        }
        // Every list at its bound: 50 companies (one of them the interviews' own), every stage,
        // outcome and role.
        for r in 0..followup::config::Quotas::default().custom_rules {
            let mut companies: Vec<String> =
                (0..49).map(|c| format!("Elsewhere {r}-{c}")).collect();
            companies.push(format!("  company {}  ", r % 60));
            let trigger = ["interview_scheduled", "interview_ended", "outcome_set"][r as usize % 3];
            let definition = serde_json::json!({
                "name": format!("Rule {r}"),
                "trigger": trigger,
                "target": "interview",
                "filter": {
                    "company": companies,
                    "stage": ["screening", "first", "second", "final", "other"],
                    "outcome": ["pending", "offer_pending", "offer_accepted", "offer_declined",
                                "rejected", "withdrawn", "position_filled"],
                },
                "title": "Follow {company} up about {position}",
                "description": "{company}: {position}",
                "offset": "P2D",
            });
            store::custom_rules::insert(
                conn,
                &NewRule {
                    id: new_id(),
                    user_id: user,
                    definition: definition.to_string(),
                    enabled: true,
                    created_at: stamp,
                    updated_at: stamp,
                },
            )?;
        }
        Ok::<_, followup::error::ApiError>(user)
    })
    .unwrap();
    let first = Instant::now();
    let report = db::transaction(&mut conn, |c| {
        followup::service::reconcile(c, &user, Utc::now())
    })
    .unwrap();
    println!(
        "50 custom rules at their bounds, 1,000 interviews: first reconcile {:.1} ms ({} tasks)",
        millis(first.elapsed()),
        report.created
    );
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        db::transaction(&mut conn, |c| {
            followup::service::reconcile(c, &user, Utc::now())
        })
        .unwrap();
        samples.push(t.elapsed());
    }
    println!("  full re-plan: {}", stats(samples));
    let facts = store::facts::load(&mut conn, &user, store::facts::Part::All).unwrap();
    let settings = followup::service::settings::load(&mut conn, &user).unwrap();
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(followup::rules::plan(&facts, &settings, Utc::now()));
        samples.push(t.elapsed());
    }
    println!("  plan alone (pure, in memory): {}", stats(samples));
}

/// `total` users with one interview each; `due` of them have an interview that just ended.
fn seed_users(pool: &Pool, total: usize, due: usize, tag: &str) {
    let mut conn = pool.get().unwrap();
    db::transaction(&mut conn, |conn| {
        let now = Utc::now();
        for u in 0..total {
            let id = user(conn, &format!("{tag}{u}@example.com"));
            let ends_soon = u < due;
            let at = if ends_soon {
                now - Duration::hours(2)
            } else {
                now + Duration::days(30)
            };
            let apps = applications(conn, id, 1);
            store::interviews::insert(conn, &interview(id, u, at, &apps))?;
            // As reconcile would leave them: due now, or when their interview ends.
            let next = if ends_soon {
                now - Duration::minutes(1)
            } else {
                at + Duration::hours(1)
            };
            store::users::set_next_check(conn, &id, Some(next))?;
        }
        Ok::<_, followup::error::ApiError>(())
    })
    .unwrap();
}

fn bench_ticker(url: &str, name: &str) {
    let small_url = if name == "sqlite" {
        url.replace("bench.db", "tick-small.db")
    } else {
        let admin = url.split("?options").next().unwrap_or(url).to_string();
        pg_schema(&admin)
    };
    let large_url = if name == "sqlite" {
        url.replace("bench.db", "tick-large.db")
    } else {
        let admin = url.split("?options").next().unwrap_or(url).to_string();
        pg_schema(&admin)
    };
    let system = actix_web::rt::System::new();
    for (label, url, total) in [
        ("1,000 users, 100 due", small_url, 1_000),
        ("10,000 users, 100 due", large_url, 10_000),
    ] {
        let pool = pool(&url);
        let seeding = Instant::now();
        seed_users(&pool, total, 100, label.split(',').next().unwrap_or("u"));
        let seeded = seeding.elapsed();
        let (report, took, idle) = system.block_on(async {
            let t = Instant::now();
            let report = followup::service::ticker::tick(&pool, Utc::now())
                .await
                .unwrap();
            let took = t.elapsed();
            let t = Instant::now();
            let again = followup::service::ticker::tick(&pool, Utc::now())
                .await
                .unwrap();
            assert_eq!(again.users, 0);
            (report, took, t.elapsed())
        });
        assert_eq!(report.users, 100);
        println!(
            "ticker over {label}: {:.1} ms ({:.2} ms per due user), idle pass after it {:.2} ms (seeded in {:.1} s)",
            millis(took),
            millis(took) / 100.0,
            millis(idle),
            seeded.as_secs_f64()
        );
    }
}
