//! The rule engine through the HTTP API, telling the article's story end to end.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc, Weekday};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp, by_person, send, tasks};
use crate::instants::{at, iso, time};
use crate::story::{STORY_START, Story, bad_interview};

fn in_business_hours(at: DateTime<Utc>) -> bool {
    let local = at.with_timezone(&chrono_tz::America::New_York);
    !matches!(local.weekday(), Weekday::Sat | Weekday::Sun) && (9..17).contains(&local.hour())
}

#[actix_web::test]
async fn the_follow_up_story_from_thank_you_to_rejection() {
    let app = TestApp::spawn_at(STORY_START).await;
    let Story {
        mut s,
        interview,
        maria,
        sam,
    } = bad_interview(&app).await;

    // A note to each person, receptionist included, though it went badly.
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 2);
    for note in &notes {
        assert_eq!(note["status"], "open");
        assert_eq!(note["rule_id"], "thank_you_note");
        assert_eq!(note["interview_id"], interview.as_str());
        assert!(note["reason"].as_str().unwrap().contains("Acme"));
        // Within 24 hours of the interview's end.
        assert_eq!(time(&note["due_at"]), at("2026-03-04T16:00:00Z"));
    }
    let to_maria = by_person(&notes, &maria);
    assert_eq!(to_maria["channel"], "mail");
    let draft = to_maria["draft"].as_str().unwrap();
    assert!(
        draft.contains("Maria Lopez") && draft.contains("Head of Data"),
        "{draft}"
    );
    assert!(
        draft.contains("your team's move to event streaming")
            && draft.contains("ten years of analytics")
            && draft.contains("Subject: ")
            && draft.contains("Dear Ms. Lopez,")
            && draft.contains("Maria Lopez\nHead of Data, Acme"),
        "{draft}"
    );
    assert!(
        !draft.contains("private"),
        "her notes are the user's own: {draft}"
    );
    let to_sam = by_person(&notes, &sam);
    assert!(to_sam["draft"].as_str().unwrap().contains("help"));
    assert_ne!(to_sam["draft"], to_maria["draft"]);

    // The card to Maria goes by mail an hour later: an email after it, a call 48–72 hours later.
    app.travel(&mut s, at("2026-03-03T19:30:00Z")).await;
    let mailed = at("2026-03-03T19:00:00Z");
    let done = send(
        app.post(&format!(
            "/v1/tasks/{}/complete",
            to_maria["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access)
        .json(&json!({"channel": "mail", "completed_at": iso(mailed)})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let mailed = time(&done.body["completed_at"]);
    let second = tasks(&app, &s, "kind=thank_you_second_channel").await;
    assert_eq!(second.len(), 1);
    assert_eq!(time(&second[0]["due_at"]), mailed + Duration::hours(24));
    let calls = tasks(&app, &s, "kind=follow_up_call").await;
    assert_eq!(
        calls.len(),
        1,
        "Maria only: receptionists are thanked, not chased"
    );
    let call = &calls[0];
    let (opens, due) = (time(&call["not_before"]), time(&call["due_at"]));
    // Thursday and Friday at 14:00 in New York: in business hours already.
    assert_eq!(opens, at("2026-03-05T19:00:00Z"));
    assert_eq!(due, at("2026-03-06T19:00:00Z"));
    assert!(
        in_business_hours(opens) && in_business_hours(due),
        "{opens} {due}"
    );
    assert!(
        call["title"]
            .as_str()
            .unwrap()
            .contains("ten years of analytics and clear writing")
    );

    // The call, made as soon as it opens, brings the weekly check-ins, a week after it (by then
    // New York is on summer time, so 19:00 UTC is 15:00 there), not a week after its due time.
    app.travel(&mut s, opens).await;
    let done = send(
        app.post(&format!(
            "/v1/tasks/{}/complete",
            call["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access)
        .json(&json!({"channel": "phone"})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(time(&done.body["completed_at"]), opens);
    let check_ins = tasks(&app, &s, "kind=weekly_check_in&status=open").await;
    assert_eq!(check_ins.len(), 1);
    let next = time(&check_ins[0]["due_at"]);
    assert_eq!(next, opens + Duration::days(7));
    assert!(in_business_hours(next));

    // A rejection stops the calls and opens the business circle for the interviewer.
    let rejected = send(
        app.patch(&format!("/v1/interviews/{interview}"))
            .bearer_auth(&s.access)
            .json(&json!({"outcome": "rejected"})),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::OK);
    let check_in = &tasks(&app, &s, "kind=weekly_check_in").await[0];
    assert_eq!(check_in["status"], "cancelled");
    assert!(
        check_in["status_reason"].as_str().unwrap()
            == "The Data Engineer process at Acme is over: rejected",
        "{check_in}"
    );
    let circle = tasks(&app, &s, "kind=business_circle").await;
    assert_eq!(circle.len(), 1);
    assert_eq!(circle[0]["interviewer_id"], maria.as_str());
    // What was done stays done.
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(by_person(&notes, &maria)["status"], "done");

    // The plan shows the whole timeline in due order, each step with its reason.
    let plan = send(
        app.get(&format!("/v1/interviews/{interview}/plan"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.text);
    assert_eq!(plan.body["interview"]["id"], interview.as_str());
    let steps = plan.body["tasks"].as_array().unwrap();
    let statuses: Vec<&str> = steps
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.contains(&"done") && statuses.contains(&"open") && statuses.contains(&"cancelled")
    );
    let dues: Vec<DateTime<Utc>> = steps
        .iter()
        .filter(|t| !t["due_at"].is_null())
        .map(|t| time(&t["due_at"]))
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    assert!(steps.iter().all(|t| t["reason"].is_string()));
}

#[actix_web::test]
async fn detaching_cancels_and_reattaching_reopens_but_skipped_stays_skipped() {
    let app = TestApp::spawn().await;
    let Story {
        s,
        interview,
        maria,
        sam,
    } = bad_interview(&app).await;
    let detach = send(
        app.delete(&format!("/v1/interviews/{interview}/interviewers/{sam}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(detach.status, StatusCode::NO_CONTENT);
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    let to_sam = by_person(&notes, &sam);
    assert_eq!(to_sam["status"], "cancelled");
    assert!(
        to_sam["status_reason"]
            .as_str()
            .unwrap()
            .starts_with("Sam Reed no longer attends the Acme interview on "),
        "{to_sam}"
    );
    send(
        app.put(&format!("/v1/interviews/{interview}/interviewers/{sam}"))
            .bearer_auth(&s.access),
    )
    .await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 2, "the same task came back, not a second one");
    assert_eq!(by_person(&notes, &sam)["status"], "open");

    // Skipped and deleted tasks are never made again.
    let to_maria = by_person(&notes, &maria)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let to_sam = by_person(&notes, &sam)["id"].as_str().unwrap().to_string();
    send(
        app.post(&format!("/v1/tasks/{to_maria}/skip"))
            .bearer_auth(&s.access),
    )
    .await;
    let gone = send(
        app.delete(&format!("/v1/tasks/{to_sam}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    send(
        app.patch(&format!("/v1/interviews/{interview}"))
            .bearer_auth(&s.access)
            .json(&json!({"notes": "replan"})),
    )
    .await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0]["status"], "skipped");
}

#[actix_web::test]
async fn a_reference_is_called_until_they_agree() {
    let app = TestApp::spawn().await;
    let s = app.register("refs-story@example.com").await;
    let r = app
        .new_reference(&s)
        .name("John Smith")
        .set("phone", "+1 555 0100")
        .create()
        .await;
    let id = r["id"].as_str().unwrap();
    let asks = tasks(&app, &s, "kind=reference_permission").await;
    assert_eq!(asks.len(), 1);
    assert_eq!(asks[0]["reference_id"], id);
    assert_eq!(asks[0]["channel"], "phone");
    assert!(asks[0]["title"].as_str().unwrap().contains("John Smith"));
    let granted = send(
        app.patch(&format!("/v1/references/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"permission": "granted"})),
    )
    .await;
    assert_eq!(granted.status, StatusCode::OK);
    let asks = tasks(&app, &s, "kind=reference_permission").await;
    assert_eq!(asks[0]["status"], "cancelled");
    assert!(
        asks[0]["status_reason"]
            .as_str()
            .unwrap()
            .contains("granted")
    );
}

#[actix_web::test]
async fn a_cancelled_interviews_tasks_are_cancelled_not_deleted() {
    let app = TestApp::spawn().await;
    let s = app.register("cancel@example.com").await;
    let iv = app
        .new_interview(&s)
        .company("Globex")
        .position("Analyst")
        .at(app.clock().now() + Duration::days(3))
        .create()
        .await;
    let id = iv["id"].as_str().unwrap();
    let before = tasks(&app, &s, &format!("interview_id={id}")).await;
    let kinds: Vec<&str> = before.iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"closing_questions") && kinds.contains(&"collect_names"),
        "{kinds:?}"
    );
    send(
        app.patch(&format!("/v1/interviews/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"status": "cancelled"})),
    )
    .await;
    let after = tasks(&app, &s, &format!("interview_id={id}")).await;
    assert_eq!(after.len(), before.len(), "nothing deleted");
    assert!(after.iter().all(|t| t["status"] == "cancelled"
        && t["status_reason"].as_str().unwrap().contains("cancelled")));
}

#[actix_web::test]
async fn rules_can_be_listed_switched_and_tuned() {
    let app = TestApp::spawn().await;
    let Story { s, .. } = bad_interview(&app).await;
    let other = app.register("other-rules@example.com").await;
    let rules = send(app.get("/v1/rules").bearer_auth(&s.access)).await;
    let items = rules.body["items"].as_array().unwrap();
    assert_eq!(items.len(), followup::rules::RuleId::ALL.len());
    let thanks = items.iter().find(|r| r["id"] == "thank_you_note").unwrap();
    assert_eq!(thanks["kind"], "built_in");
    assert_eq!(thanks["enabled"], true);
    assert_eq!(thanks["parameters"][0]["name"], "thank_you_within_hours");
    assert_eq!(thanks["parameters"][0]["value"], 24);

    let off = send(
        app.patch("/v1/rules/thank_you_note")
            .bearer_auth(&s.access)
            .json(&json!({"enabled": false})),
    )
    .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    assert_eq!(off.body["enabled"], false);
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert!(notes.iter().all(|t| t["status"] == "cancelled"
        && t["status_reason"] == "You switched off the rule \"Thank-you note to everyone\""));
    let on = send(
        app.patch("/v1/rules/thank_you_note")
            .bearer_auth(&s.access)
            .json(&json!({"enabled": true, "parameters": {"thank_you_within_hours": 12}})),
    )
    .await;
    assert_eq!(on.body["parameters"][0]["value"], 12);
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert!(
        notes.iter().all(|t| t["status"] == "open"),
        "switched on again, they come back"
    );

    // Another user's rules are their own.
    let theirs = send(
        app.get("/v1/rules/thank_you_note")
            .bearer_auth(&other.access),
    )
    .await;
    assert_eq!(theirs.body["enabled"], true);
    assert_eq!(theirs.body["parameters"][0]["value"], 24);

    let bad = |body: Value, rule: &'static str| {
        send(
            app.patch(&format!("/v1/rules/{rule}"))
                .bearer_auth(&s.access)
                .json(&body),
        )
    };
    let r = bad(
        json!({"parameters": {"check_in_interval_days": 3}}),
        "weekly_check_in",
    )
    .await;
    assert_eq!(r.invalid_fields(), ["parameters.check_in_interval_days"]);
    let r = bad(
        json!({"parameters": {"after_hours": -1}}),
        "record_insights",
    )
    .await;
    assert_eq!(r.invalid_fields(), ["parameters.after_hours"]);
    let r = bad(json!({"parameters": {"speed": 3}}), "record_insights").await;
    assert_eq!(r.invalid_fields(), ["parameters.speed"]);
    let r = bad(json!({"parameters": {"due_hours": 10}}), "follow_up_call").await;
    assert_eq!(r.invalid_fields(), ["parameters.due_hours"]);
    let r = bad(json!({"enabled": "yes"}), "record_insights").await;
    assert_eq!(r.invalid_fields(), ["enabled"]);
    bad(json!({"enabled": false}), "no_such_rule")
        .await
        .problem(404);
    let unchanged = send(app.get("/v1/rules/weekly_check_in").bearer_auth(&s.access)).await;
    assert_eq!(unchanged.body["parameters"][0]["value"], 7);
}

#[actix_web::test]
async fn the_ticker_visits_only_users_whose_plan_is_due() {
    let app = TestApp::spawn_at(STORY_START).await;
    let mut s = app.register("ticker@example.com").await;
    let idle = app.register("idle@example.com").await;
    let start = app.clock().now();
    let iv = app
        .new_interview(&s)
        .company("Acme")
        .position("Engineer")
        .at(start + Duration::minutes(30))
        .create()
        .await;
    let person = app.person(&s, "Maria").await;
    send(
        app.put(&format!(
            "/v1/interviews/{}/interviewers/{}",
            iv["id"].as_str().unwrap(),
            person["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    // The idle user has a far-off interview only.
    app.new_interview(&idle)
        .company("Far")
        .position("Later")
        .at(start + Duration::days(60))
        .create()
        .await;
    assert!(tasks(&app, &s, "kind=thank_you_note").await.is_empty());

    let pool = app.state.service.pool();
    let quiet = followup::service::ticker::tick(pool, start).await.unwrap();
    assert_eq!(quiet.users, 0, "nothing is due yet");
    // The interview ends at 19:30; at 20:00 the ticker finds it.
    let later = start + Duration::hours(2);
    let visited = followup::service::ticker::tick(pool, later).await.unwrap();
    assert_eq!(visited.users, 1, "only the user whose interview ended");
    // The thank-you to Maria, asking for her contact details, and noting what was learned.
    assert_eq!(visited.created, 3, "{visited:?}");
    app.travel(&mut s, later).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 1);
    assert_eq!(time(&notes[0]["due_at"]), at("2026-03-04T19:30:00Z"));
    let again = followup::service::ticker::tick(pool, later).await.unwrap();
    assert_eq!(again.users, 0, "visited once");
}

#[actix_web::test]
async fn racing_reconcilers_create_nothing_twice() {
    use diesel::prelude::*;
    use followup::db::schema::tasks;

    let app = TestApp::spawn().await;
    let Story { s, .. } = bad_interview(&app).await;
    let user = s.user_id;
    // Drop the planned tasks, then let two reconcilers race to plan them again, many times.
    let pool = app.state.service.pool().clone();
    diesel::delete(tasks::table)
        .execute(&mut *pool.get().unwrap())
        .unwrap();
    let now = app.clock().now() + Duration::days(2);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..5 {
                    let mut conn = pool.get().unwrap();
                    followup::db::transaction(&mut conn, |c| {
                        followup::service::reconcile(c, &user, now)
                    })
                    .expect("a racing reconcile succeeds");
                }
            });
        }
    });
    let keys: Vec<Option<String>> = tasks::table
        .select(tasks::dedupe_key)
        .load(&mut *pool.get().unwrap())
        .unwrap();
    let unique: std::collections::HashSet<_> = keys.iter().collect();
    assert_eq!(keys.len(), 3, "two notes and the insights: {keys:?}");
    assert_eq!(
        unique.len(),
        keys.len(),
        "a key was created twice: {keys:?}"
    );
}

/// The status of the one second-channel task and of the one follow-up call a sent thank-you
/// brings.
async fn follow_ups(app: &TestApp, s: &Session) -> Vec<String> {
    let mut statuses = Vec::new();
    for kind in ["thank_you_second_channel", "follow_up_call"] {
        let planned = tasks(app, s, &format!("kind={kind}")).await;
        assert_eq!(planned.len(), 1, "{kind}");
        statuses.push(planned[0]["status"].as_str().unwrap().to_string());
    }
    statuses
}

#[actix_web::test]
async fn a_task_done_by_mistake_reopens_and_what_followed_it_is_planned_anew() {
    let app = TestApp::spawn().await;
    let Story { s, maria, .. } = bad_interview(&app).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    let note = by_person(&notes, &maria)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let action = |what: &str| {
        app.post(&format!("/v1/tasks/{note}/{what}"))
            .bearer_auth(&s.access)
    };
    let done = send(action("complete").json(&json!({"channel": "mail"}))).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(follow_ups(&app, &s).await, ["open", "open"]);

    let reopened = send(action("reopen")).await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text);
    assert_eq!(reopened.body["status"], "open");
    assert_eq!(done.body["completion_channel"], "mail");
    for field in ["completed_at", "completion_channel", "completion_note"] {
        let reply = reopened.body.as_object().unwrap();
        assert!(reply[field].is_null(), "{field}: {}", reopened.text);
    }
    // The note is no longer sent, so nothing that followed a sent note stays open.
    assert_eq!(follow_ups(&app, &s).await, ["cancelled", "cancelled"]);
    // Only a finished task reopens.
    send(action("reopen")).await.problem(409);

    // Done again: what follows it comes back.
    let done = send(action("complete").json(&json!({"channel": "mail"}))).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(follow_ups(&app, &s).await, ["open", "open"]);
    // A skipped task reopens too.
    let reopened = send(action("reopen")).await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.text);
    let skipped = send(action("skip").json(&json!({"reason": "met them in person"}))).await;
    assert_eq!(skipped.status, StatusCode::OK, "{}", skipped.text);
    assert_eq!(skipped.body["status_reason"], "met them in person");
    let reopened = send(action("reopen")).await;
    assert_eq!(reopened.body["status"], "open");
    assert!(
        reopened.body["status_reason"].is_null(),
        "{}",
        reopened.text
    );
}

/// A person detached after their thank-you went out (added to the wrong interview, say) is not
/// chased about this interview: the call and the second-channel note that followed it go.
#[actix_web::test]
async fn detaching_a_thanked_person_cancels_what_followed_the_note() {
    let app = TestApp::spawn_at(STORY_START).await;
    let Story {
        s,
        interview,
        maria,
        ..
    } = bad_interview(&app).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    let note = by_person(&notes, &maria)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let done = send(
        app.post(&format!("/v1/tasks/{note}/complete"))
            .bearer_auth(&s.access)
            .json(&json!({"channel": "mail"})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let open = |kind: &'static str| {
        let (app, s) = (&app, &s);
        async move {
            tasks(app, s, &format!("kind={kind}&status=open"))
                .await
                .len()
        }
    };
    assert_eq!(open("follow_up_call").await, 1);
    assert_eq!(open("thank_you_second_channel").await, 1);

    let detach = send(
        app.delete(&format!("/v1/interviews/{interview}/interviewers/{maria}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(detach.status, StatusCode::NO_CONTENT);
    assert_eq!(open("follow_up_call").await, 0);
    assert_eq!(open("thank_you_second_channel").await, 0);
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(
        by_person(&notes, &maria)["status"],
        "done",
        "what was done stays done"
    );
}

/// "Write thank you notes after every interview, even if you do not want to job": the notes go,
/// without a pitch; nothing chases the position; one optional task offers to withdraw, and the
/// business circle is kept after the process ends.
#[actix_web::test]
async fn an_unwanted_job_is_thanked_graciously_and_never_chased() {
    let app = TestApp::spawn_at(STORY_START).await;
    let Story {
        s,
        interview,
        maria,
        ..
    } = bad_interview(&app).await;
    let unwanted = send(
        app.patch(&format!("/v1/interviews/{interview}"))
            .bearer_auth(&s.access)
            .json(&json!({
                "interest": "no", "decision_expected_on": "2026-03-01",
                "second_interview_expected_on": "2026-03-01"
            })),
    )
    .await;
    assert_eq!(unwanted.status, StatusCode::OK, "{}", unwanted.text);

    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 2, "every person is still thanked");
    let note = by_person(&notes, &maria);
    let draft = note["draft"].as_str().unwrap();
    for pitch in [
        "best candidate",
        "right candidate",
        "clear writing",
        "next steps",
    ] {
        assert!(!draft.contains(pitch), "{pitch}: {draft}");
    }
    assert!(
        draft.contains("Acme") && draft.contains("Maria Lopez"),
        "{draft}"
    );
    let withdraw = tasks(&app, &s, "kind=withdraw_courteously").await;
    assert_eq!(withdraw.len(), 1);
    assert!(
        withdraw[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Optional")
    );
    assert_eq!(withdraw[0]["status"], "open");

    // The note goes out: a second-channel email, but no call about the position.
    let id = note["id"].as_str().unwrap();
    let done = send(
        app.post(&format!("/v1/tasks/{id}/complete"))
            .bearer_auth(&s.access)
            .json(&json!({"channel": "mail"})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(
        tasks(&app, &s, "kind=thank_you_second_channel").await.len(),
        1
    );
    for kind in [
        "follow_up_call",
        "decision_check",
        "second_interview_check",
        "weekly_check_in",
    ] {
        assert!(
            tasks(&app, &s, &format!("kind={kind}")).await.is_empty(),
            "{kind}"
        );
    }

    // The user withdraws: the optional task ends, and the business circle is kept.
    let withdrawn = send(
        app.patch(&format!("/v1/interviews/{interview}"))
            .bearer_auth(&s.access)
            .json(&json!({"outcome": "withdrawn"})),
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text);
    let withdraw = tasks(&app, &s, "kind=withdraw_courteously").await;
    assert_eq!(withdraw[0]["status"], "cancelled");
    assert_eq!(tasks(&app, &s, "kind=business_circle").await.len(), 1);

    // Wanting the job after all brings the call back.
    let wanted = send(
        app.patch(&format!("/v1/interviews/{interview}"))
            .bearer_auth(&s.access)
            .json(&json!({"interest": "yes", "outcome": "pending"})),
    )
    .await;
    assert_eq!(wanted.status, StatusCode::OK, "{}", wanted.text);
    assert_eq!(
        tasks(&app, &s, "kind=follow_up_call&status=open")
            .await
            .len(),
        1
    );
}

async fn complete(app: &TestApp, s: &Session, id: &str, body: Value) {
    let done = send(
        app.post(&format!("/v1/tasks/{id}/complete"))
            .bearer_auth(&s.access)
            .json(&body),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
}

/// The one open task of `kind`.
async fn open_one(app: &TestApp, s: &Session, kind: &str) -> Value {
    let list = tasks(app, s, &format!("kind={kind}&status=open")).await;
    assert_eq!(list.len(), 1, "{kind}: {list:#?}");
    list[0].clone()
}

/// "Consistently continue your follow-up efforts until the job is filled": the weekly series
/// goes on whatever channel the user reached the company on, and after a skipped week, and a
/// contact the user logs themselves moves the next check-in.
#[actix_web::test]
async fn the_weekly_series_goes_on_over_any_channel() {
    let app = TestApp::spawn_at(STORY_START).await;
    let Story {
        mut s,
        interview,
        maria,
        ..
    } = bad_interview(&app).await;
    let note = by_person(&tasks(&app, &s, "kind=thank_you_note").await, &maria)["id"]
        .as_str()
        .unwrap()
        .to_string();
    complete(&app, &s, &note, json!({"channel": "mail"})).await;
    let call = open_one(&app, &s, "follow_up_call").await;
    let first_contact = at("2026-03-06T15:00:00Z");
    app.travel(&mut s, first_contact + Duration::hours(1)).await;
    // The follow-up reached Maria by email: it still starts the series.
    complete(
        &app,
        &s,
        call["id"].as_str().unwrap(),
        json!({"channel": "email", "completed_at": iso(first_contact)}),
    )
    .await;
    let week = open_one(&app, &s, "weekly_check_in").await;
    assert_eq!(time(&week["due_at"]), first_contact + Duration::days(7));

    // Done in person: the next week follows from it.
    let second_contact = first_contact + Duration::days(7);
    app.travel(&mut s, second_contact + Duration::hours(1))
        .await;
    complete(
        &app,
        &s,
        week["id"].as_str().unwrap(),
        json!({"channel": "in_person", "completed_at": iso(second_contact)}),
    )
    .await;
    let week = open_one(&app, &s, "weekly_check_in").await;
    assert_eq!(time(&week["due_at"]), second_contact + Duration::days(7));

    // Skipped: the series goes on a week after the week it stood for.
    let skipped_due = time(&week["due_at"]);
    let skip = send(
        app.post(&format!("/v1/tasks/{}/skip", week["id"].as_str().unwrap()))
            .bearer_auth(&s.access)
            .json(&json!({"reason": "they are on holiday"})),
    )
    .await;
    assert_eq!(skip.status, StatusCode::OK, "{}", skip.text);
    let week = open_one(&app, &s, "weekly_check_in").await;
    assert_eq!(time(&week["due_at"]), skipped_due + Duration::days(7));

    // A contact the user logs on a task of their own moves the open check-in.
    let logged_at = skipped_due + Duration::days(4);
    app.travel(&mut s, logged_at + Duration::hours(1)).await;
    let own = app
        .create(
            &s,
            "/v1/tasks",
            json!({"title": "Emailed Maria", "interview_id": interview}),
        )
        .await;
    complete(
        &app,
        &s,
        own["id"].as_str().unwrap(),
        json!({"channel": "email", "completed_at": iso(logged_at)}),
    )
    .await;
    let moved = open_one(&app, &s, "weekly_check_in").await;
    assert_eq!(time(&moved["due_at"]), logged_at + Duration::days(7));
    assert_ne!(moved["id"], week["id"], "a new week, from the new contact");
}
