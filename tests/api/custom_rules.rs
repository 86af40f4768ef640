//! Custom rules through the HTTP API: each trigger and target at its offset, filters, edits
//! that converge or cancel, previews that match, refusals that name the field, the limit, and
//! another user's token.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::tasks;
use crate::helpers::{Session, TestApp, send};
use crate::instants::time;
use crate::story::STORY_START;

async fn rule(app: &TestApp, s: &Session, body: Value) -> String {
    let created = app.create(s, "/v1/rules", body).await;
    assert_eq!(created["kind"], "custom");
    assert_eq!(created["enabled"], true);
    created["id"].as_str().unwrap().to_string()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// The custom tasks of `rule`, open or not.
async fn of_rule(app: &TestApp, s: &Session, rule: &str) -> Vec<Value> {
    tasks(app, s, "kind=custom")
        .await
        .into_iter()
        .filter(|t| t["rule_id"] == rule)
        .collect()
}

/// An interview tomorrow at Acme, first stage, with an interviewer (CTO) and a recruiter.
async fn acme(app: &TestApp, s: &Session) -> (Value, Value, Value) {
    let start = app.clock().now() + Duration::days(1);
    let iv = app
        .new_interview(s)
        .company("Acme")
        .position("Data Engineer")
        .set("stage", "first")
        .at(start)
        .set("duration_minutes", 60)
        .create()
        .await;
    let cto = app
        .new_person(s)
        .name("Dana Cruz")
        .set("title", "CTO")
        .role("interviewer")
        .create()
        .await;
    let recruiter = app
        .new_person(s)
        .name("Priya Shah")
        .role("recruiter")
        .create()
        .await;
    for p in [&cto, &recruiter] {
        let put = send(
            app.put(&format!(
                "/v1/interviews/{}/interviewers/{}",
                id(&iv),
                id(p)
            ))
            .bearer_auth(&s.access),
        )
        .await;
        assert_eq!(put.status, StatusCode::CREATED, "{}", put.text);
    }
    (iv, cto, recruiter)
}

#[actix_web::test]
async fn each_trigger_and_target_fires_at_its_offset() {
    let app = TestApp::spawn_at(STORY_START).await;
    let mut s = app.register("custom@example.com").await;
    let (iv, cto, recruiter) = acme(&app, &s).await;
    let start = time(&iv["scheduled_at"]);
    let prep = rule(
        &app,
        &s,
        json!({"name": "Prepare", "trigger": "interview_scheduled", "target": "interview",
               "title": "Prepare for {position} at {company}", "offset": "-PT2H"}),
    )
    .await;
    let connect = rule(
        &app,
        &s,
        json!({"name": "Connect", "trigger": "interview_ended", "target": "person",
               "title": "Connect with {name} ({title})", "channel": "email", "offset": "P2D",
               "description": "Mention the {position} interview at {company}."}),
    )
    .await;
    let outcome = rule(
        &app,
        &s,
        json!({"name": "Ask why", "trigger": "outcome_set", "target": "interview",
               "title": "Ask {company} for feedback", "offset": "PT4H"}),
    )
    .await;
    let thanked = rule(
        &app,
        &s,
        json!({"name": "After thanks", "trigger": "thank_you_sent", "target": "person",
               "title": "Check {name} got the note", "offset": "P1D"}),
    )
    .await;
    let reference = rule(
        &app,
        &s,
        json!({"name": "Brief reference", "trigger": "reference_added", "target": "reference",
               "title": "Brief {name} at {company}", "offset": "P3D"}),
    )
    .await;

    // Before the interview: only the scheduled trigger has fired.
    let planned = of_rule(&app, &s, &prep).await;
    assert_eq!(planned.len(), 1, "{planned:#?}");
    assert_eq!(planned[0]["title"], "Prepare for Data Engineer at Acme");
    assert_eq!(time(&planned[0]["due_at"]), start - Duration::hours(2));
    assert_eq!(planned[0]["interview_id"], iv["id"]);
    assert!(of_rule(&app, &s, &connect).await.is_empty());

    let added = app
        .new_reference(&s)
        .name("Lee Park")
        .set("company", "Initech")
        .create()
        .await;
    let briefed = of_rule(&app, &s, &reference).await;
    assert_eq!(briefed.len(), 1);
    assert_eq!(briefed[0]["title"], "Brief Lee Park at Initech");
    assert_eq!(briefed[0]["reference_id"], added["id"]);
    assert_eq!(
        time(&briefed[0]["due_at"]),
        time(&added["created_at"]) + Duration::days(3)
    );

    // The interview ends: the ticker brings each person's task.
    let end = start + Duration::hours(1);
    app.travel(&mut s, end + Duration::minutes(5)).await;
    followup::service::ticker::tick(app.state.service.pool(), app.clock().now())
        .await
        .unwrap();
    let connects = of_rule(&app, &s, &connect).await;
    assert_eq!(connects.len(), 2, "{connects:#?}");
    for task in &connects {
        assert_eq!(time(&task["due_at"]), end + Duration::days(2));
        assert_eq!(task["channel"], "email");
        assert_eq!(
            task["reason"],
            "Your rule \"Connect\": Mention the Data Engineer interview at Acme."
        );
    }
    let titles: Vec<&str> = connects
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Connect with Dana Cruz (CTO)"),
        "{titles:?}"
    );
    // No title on file: the parentheses go too.
    assert!(titles.contains(&"Connect with Priya Shah"), "{titles:?}");

    // A thank-you marked sent.
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    let note = notes
        .iter()
        .find(|t| t["interviewer_id"] == cto["id"])
        .unwrap();
    let done = send(
        app.post(&format!("/v1/tasks/{}/complete", id(note)))
            .bearer_auth(&s.access)
            .json(&json!({"channel": "email"})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let checks = of_rule(&app, &s, &thanked).await;
    assert_eq!(checks.len(), 1, "only the person thanked: {checks:#?}");
    assert_eq!(checks[0]["interviewer_id"], cto["id"]);
    assert_eq!(
        time(&checks[0]["due_at"]),
        time(&done.body["completed_at"]) + Duration::days(1)
    );
    assert_ne!(checks[0]["interviewer_id"], recruiter["id"]);

    // An outcome.
    let set = send(
        app.patch(&format!("/v1/interviews/{}", id(&iv)))
            .bearer_auth(&s.access)
            .json(&json!({"outcome": "rejected"})),
    )
    .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let asks = of_rule(&app, &s, &outcome).await;
    assert_eq!(asks.len(), 1);
    assert_eq!(asks[0]["title"], "Ask Acme for feedback");
    assert_eq!(
        time(&asks[0]["due_at"]),
        app.clock().now() + Duration::hours(4)
    );
}

#[actix_web::test]
async fn filters_exclude_what_they_should() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("filters@example.com").await;
    let (_acme, _, _) = acme(&app, &s).await;
    let globex = app
        .new_interview(&s)
        .company(" globex ")
        .position("Analyst")
        .set("stage", "final")
        .at(app.clock().now() + Duration::days(2))
        .create()
        .await;
    let (boss, recruiter) = (
        app.new_person(&s)
            .name("Alex Kim")
            .role("interviewer")
            .create()
            .await,
        app.new_person(&s)
            .name("Sam Reed")
            .role("recruiter")
            .create()
            .await,
    );
    for p in [&boss, &recruiter] {
        send(
            app.put(&format!(
                "/v1/interviews/{}/interviewers/{}",
                id(&globex),
                id(p)
            ))
            .bearer_auth(&s.access),
        )
        .await;
    }
    let only = rule(
        &app,
        &s,
        json!({"name": "Recruiters at final Globex rounds", "trigger": "interview_scheduled",
               "target": "person", "offset": "-P1D", "title": "Call {name}",
               "filter": {"stage": ["final"], "company": ["Globex"], "role": ["recruiter"],
                          "outcome": ["pending"]}}),
    )
    .await;
    let made = of_rule(&app, &s, &only).await;
    assert_eq!(made.len(), 1, "{made:#?}");
    assert_eq!(made[0]["interviewer_id"], recruiter["id"]);
    assert_eq!(made[0]["interview_id"], globex["id"]);
}

#[actix_web::test]
async fn editing_and_deleting_a_rule_converges_or_cancels_its_tasks() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("edits@example.com").await;
    let (iv, cto, recruiter) = acme(&app, &s).await;
    let path = {
        let id = rule(
            &app,
            &s,
            json!({"name": "Research", "trigger": "interview_scheduled", "target": "person",
                   "title": "Look up {name}", "offset": "-P1D"}),
        )
        .await;
        format!("/v1/rules/{id}")
    };
    let rule_id = path.trim_start_matches("/v1/rules/").to_string();
    let before = of_rule(&app, &s, &rule_id).await;
    assert_eq!(before.len(), 2);

    let read = send(app.get(&path).bearer_auth(&s.access)).await;
    assert_eq!(read.status, StatusCode::OK);
    let etag = read.header("etag").unwrap().to_string();
    let edited = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .header("If-Match", &etag)
            .json(&json!({"title": "Research {name} ({title})", "offset": "-P2D"})),
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(edited.body["title"], "Research {name} ({title})");
    let stale = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .header("If-Match", &etag)
            .json(&json!({"enabled": false})),
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.text
    );

    let after = of_rule(&app, &s, &rule_id).await;
    assert_eq!(after.len(), 2);
    let cto_task = after
        .iter()
        .find(|t| t["interviewer_id"] == cto["id"])
        .unwrap();
    let same = before
        .iter()
        .find(|t| t["interviewer_id"] == cto["id"])
        .unwrap();
    assert_eq!(cto_task["id"], same["id"], "the same task, converged");
    assert_eq!(cto_task["title"], "Research Dana Cruz (CTO)");
    assert_eq!(
        time(&cto_task["due_at"]),
        time(&iv["scheduled_at"]) - Duration::days(2)
    );

    // Narrowed to recruiters: the interviewer's task goes, naming the rule.
    let narrowed = send(
        app.patch(&path)
            .bearer_auth(&s.access)
            .json(&json!({"filter": {"role": ["recruiter"]}})),
    )
    .await;
    assert_eq!(narrowed.status, StatusCode::OK, "{}", narrowed.text);
    let after = of_rule(&app, &s, &rule_id).await;
    let gone = after
        .iter()
        .find(|t| t["interviewer_id"] == cto["id"])
        .unwrap();
    assert_eq!(gone["status"], "cancelled");
    assert_eq!(
        gone["status_reason"],
        "The rule \"Research\" no longer applies to it"
    );
    let kept = after
        .iter()
        .find(|t| t["interviewer_id"] == recruiter["id"])
        .unwrap();
    assert_eq!(kept["status"], "open");

    let deleted = send(app.delete(&path).bearer_auth(&s.access)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let after = of_rule(&app, &s, &rule_id).await;
    let kept = after
        .iter()
        .find(|t| t["interviewer_id"] == recruiter["id"])
        .unwrap();
    assert_eq!(kept["status"], "cancelled");
    assert_eq!(kept["status_reason"], "You deleted the rule \"Research\"");
    let read = send(app.get(&path).bearer_auth(&s.access)).await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let listed = send(app.get("/v1/rules").bearer_auth(&s.access)).await;
    assert!(
        listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "built_in"),
        "{}",
        listed.text
    );
}

#[actix_web::test]
async fn the_preview_matches_what_is_then_created() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("preview@example.com").await;
    acme(&app, &s).await;
    let definition = json!({"name": "Card", "trigger": "interview_scheduled", "target": "person",
                            "title": "Bring a card for {name}", "offset": "-PT3H",
                            "business_hours": true});
    let preview = send(
        app.post("/v1/rules/preview")
            .bearer_auth(&s.access)
            .json(&definition),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let shown = preview.body["items"].as_array().unwrap().clone();
    assert_eq!(shown.len(), 2);
    assert!(shown.iter().all(|t| t["task_id"].is_null()));
    assert!(
        of_rule(&app, &s, "").await.is_empty(),
        "a preview writes nothing"
    );

    let rule_id = rule(&app, &s, definition).await;
    let made = of_rule(&app, &s, &rule_id).await;
    let key = |t: &Value| {
        (
            t["title"].as_str().unwrap().to_string(),
            time(&t["due_at"]),
            t["interviewer_id"].clone(),
        )
    };
    let mut shown_keys: Vec<_> = shown.iter().map(key).collect();
    let mut made_keys: Vec<_> = made.iter().map(key).collect();
    shown_keys.sort_by_key(|k| k.0.clone());
    made_keys.sort_by_key(|k| k.0.clone());
    assert_eq!(shown_keys, made_keys);

    let saved = send(
        app.get(&format!("/v1/rules/{rule_id}/preview"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let ids: Vec<&Value> = saved.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["task_id"])
        .collect();
    assert_eq!(ids.len(), 2);
    for task in &made {
        assert!(ids.contains(&&task["id"]), "{ids:?}");
    }
    let built_in = send(
        app.get("/v1/rules/closing_questions/preview")
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(built_in.status, StatusCode::OK, "{}", built_in.text);
    let items = built_in.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", built_in.text);
    assert!(
        items[0]["task_id"].is_string(),
        "it exists: {}",
        built_in.text
    );
}

#[actix_web::test]
async fn bad_definitions_answer_422_naming_the_field() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("bad@example.com").await;
    let good = json!({"name": "Ok", "trigger": "interview_ended", "target": "person",
                      "title": "Hi {name}", "offset": "P2D"});
    let with = |field: &str, value: Value| {
        let mut body = good.clone();
        body[field] = value;
        body
    };
    let cases = [
        (with("title", json!("Hi {nickname}")), "title"),
        (with("description", json!("At {salary}")), "description"),
        (with("trigger", json!("interview_forgotten")), "trigger"),
        (with("target", json!("company")), "target"),
        (
            with("filter", json!({"stage": ["fourth"]})),
            "filter.stage[0]",
        ),
        (with("filter", json!({"colour": ["red"]})), "filter.colour"),
        (with("offset", json!("2 days")), "offset"),
        (with("offset", json!("P1M")), "offset"),
        (with("offset", json!("P400D")), "offset"),
        (with("target", json!("reference")), "target"),
        (
            json!({"name": "x", "trigger": "interview_ended", "target": "interview",
                   "title": "Hi", "offset": "P2D", "filter": {"role": ["recruiter"]}}),
            "filter.role",
        ),
        (with("channel", json!("pigeon")), "channel"),
        (with("name", json!("")), "name"),
    ];
    for (body, field) in cases {
        let reply = send(app.post("/v1/rules").bearer_auth(&s.access).json(&body)).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.text
        );
        assert!(
            reply.invalid_fields().iter().any(|f| f == field),
            "{body}: {} should name {field}",
            reply.text
        );
        let preview = send(
            app.post("/v1/rules/preview")
                .bearer_auth(&s.access)
                .json(&body),
        )
        .await;
        assert_eq!(
            preview.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            preview.text
        );
    }
    // Interview targets have no {name}.
    let reply = send(app.post("/v1/rules").bearer_auth(&s.access).json(
        &json!({"name": "x", "trigger": "interview_ended", "target": "interview",
                "title": "Hi {name}", "offset": "P2D"}),
    ))
    .await;
    assert_eq!(reply.invalid_fields(), ["title"], "{}", reply.text);
    // A built-in rule takes no definition fields, a custom one no parameters.
    let reply = send(
        app.patch("/v1/rules/thank_you_note")
            .bearer_auth(&s.access)
            .json(&json!({"title": "x"})),
    )
    .await;
    assert_eq!(reply.invalid_fields(), ["title"], "{}", reply.text);
    let custom = rule(&app, &s, good.clone()).await;
    let reply = send(
        app.patch(&format!("/v1/rules/{custom}"))
            .bearer_auth(&s.access)
            .json(&json!({"offset": "P2Y"})),
    )
    .await;
    assert_eq!(reply.invalid_fields(), ["offset"], "{}", reply.text);
    let reply = send(
        app.patch(&format!("/v1/rules/{custom}"))
            .bearer_auth(&s.access)
            .json(&json!({"parameters": {"after_hours": 2}})),
    )
    .await;
    assert_eq!(reply.invalid_fields(), ["parameters"], "{}", reply.text);
    let reply = send(
        app.delete("/v1/rules/thank_you_note")
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text);
    // The preview's path takes POST alone.
    for request in [
        app.get("/v1/rules/preview"),
        app.patch("/v1/rules/preview").json(&json!({})),
        app.delete("/v1/rules/preview"),
    ] {
        let reply = send(request.bearer_auth(&s.access)).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{}",
            reply.text
        );
        assert_eq!(reply.header("allow"), Some("POST"));
    }
    // Nothing was made but the one good rule, unchanged.
    let listed = send(app.get("/v1/rules").bearer_auth(&s.access)).await;
    let custom_rules: Vec<&Value> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "custom")
        .collect();
    assert_eq!(custom_rules.len(), 1);
    assert_eq!(custom_rules[0]["offset"], "P2D");
}

#[actix_web::test]
async fn at_most_fifty_custom_rules() {
    let app = TestApp::spawn_at(STORY_START).await;
    let s = app.register("fifty@example.com").await;
    for i in 0..50 {
        rule(
            &app,
            &s,
            json!({"name": format!("Rule {i}"), "trigger": "interview_ended", "target": "interview",
                   "title": "Step {company}", "offset": "P1D"}),
        )
        .await;
    }
    let one_more = send(app.post("/v1/rules").bearer_auth(&s.access).json(
        &json!({"name": "51", "trigger": "interview_ended", "target": "interview",
                "title": "Step", "offset": "P1D"}),
    ))
    .await;
    assert_eq!(one_more.status, StatusCode::CONFLICT, "{}", one_more.text);
    assert_eq!(
        one_more.problem(409)["type"]
            .as_str()
            .map(|t| t.ends_with("quota-exceeded")),
        Some(true)
    );
}

#[actix_web::test]
async fn another_users_rules_are_not_found() {
    let app = TestApp::spawn_at(STORY_START).await;
    let owner = app.register("owner@example.com").await;
    let stranger = app.register("stranger@example.com").await;
    let mine = rule(
        &app,
        &owner,
        json!({"name": "Mine", "trigger": "interview_ended", "target": "interview",
               "title": "Step", "offset": "P1D"}),
    )
    .await;
    let path = format!("/v1/rules/{mine}");
    for request in [
        app.get(&path),
        app.patch(&path).json(&json!({"enabled": false})),
        app.delete(&path),
        app.get(&format!("{path}/preview")),
    ] {
        let reply = send(request.bearer_auth(&stranger.access)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    }
    let listed = send(app.get("/v1/rules").bearer_auth(&stranger.access)).await;
    assert!(!listed.text.contains(&mine));
    let still = send(app.get(&path).bearer_auth(&owner.access)).await;
    assert_eq!(still.body["enabled"], true);
}

#[actix_web::test]
async fn rules_of_an_application_count_back_from_its_decision_date() {
    // Monday 16 November 2026, 10:00 in New York.
    let app = TestApp::spawn_at("2026-11-16T15:00:00Z").await;
    let s = app.register("dated@example.com").await;
    let saved = app
        .new_application(&s)
        .company("Initech")
        .position("Backend Developer")
        .set("employer_time_zone", "America/New_York")
        .set("decision_expected_on", "2026-12-06")
        .create()
        .await;
    // A week before the decision date (a Sunday) is Sunday 29 November: counted back, business
    // hours move it to Friday 27th's morning in New York, not to the Monday after.
    let week_before = rule(
        &app,
        &s,
        json!({"name": "Prepare", "trigger": "decision_expected", "target": "application",
               "title": "Send {company} a short note about the {position} role",
               "offset": "-P7D", "business_hours": true}),
    )
    .await;
    let made = of_rule(&app, &s, &week_before).await;
    assert_eq!(made.len(), 1, "{made:#?}");
    assert_eq!(made[0]["application_id"], saved["id"]);
    assert_eq!(made[0]["interview_id"], Value::Null);
    assert_eq!(
        made[0]["title"],
        "Send Initech a short note about the Backend Developer role"
    );
    assert_eq!(
        time(&made[0]["due_at"]),
        time(&json!("2026-11-27T14:00:00Z"))
    );
    // A saved application and one applied to fire their own triggers.
    let on_save = rule(
        &app,
        &s,
        json!({"name": "Research", "trigger": "application_saved", "target": "application",
               "title": "Research {company}", "offset": "PT2H"}),
    )
    .await;
    assert_eq!(
        time(&of_rule(&app, &s, &on_save).await[0]["due_at"]),
        time(&saved["created_at"]) + Duration::hours(2)
    );
    let on_apply = rule(
        &app,
        &s,
        json!({"name": "Chase", "trigger": "applied", "target": "application",
               "title": "Has {company} replied?", "offset": "P7D"}),
    )
    .await;
    assert!(
        of_rule(&app, &s, &on_apply).await.is_empty(),
        "not applied yet"
    );
    let applied = send(
        app.patch(&format!(
            "/v1/applications/{}",
            saved["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access)
        .json(&json!({"applied_on": "2026-11-16"})),
    )
    .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.text);
    // 09:00 in New York on the day applied, a week later.
    assert_eq!(
        time(&of_rule(&app, &s, &on_apply).await[0]["due_at"]),
        time(&json!("2026-11-23T14:00:00Z"))
    );
    // A moment already past when it fires takes no negative offset.
    for trigger in ["outcome_set", "application_saved", "thank_you_sent"] {
        let refused = send(app.post("/v1/rules").bearer_auth(&s.access).json(&json!({
            "name": "Too late", "trigger": trigger, "target": "application",
            "title": "x", "offset": "-P1D"
        })))
        .await;
        assert_eq!(
            refused.invalid_fields(),
            ["offset"],
            "{trigger}: {}",
            refused.text
        );
    }
}

#[actix_web::test]
async fn a_new_rule_makes_nothing_long_overdue_and_its_preview_says_what_it_left_out() {
    let app = TestApp::spawn_at(STORY_START).await;
    let mut s = app.register("late@example.com").await;
    // Interviews of a month ago and of yesterday, logged now.
    for (company, days) in [("Globex", 30), ("Acme", 1)] {
        app.new_interview(&s)
            .set("company", company)
            .position("Analyst")
            .at(app.clock().now() - Duration::days(days))
            .create()
            .await;
    }
    let definition = json!({"name": "Connect", "trigger": "interview_ended",
                            "target": "interview", "title": "Connect with {company}",
                            "offset": "PT2H"});
    let preview = send(
        app.post("/v1/rules/preview")
            .bearer_auth(&s.access)
            .json(&definition),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let items = preview.body["items"].as_array().unwrap();
    let skipped = preview.body["skipped"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", preview.text);
    assert_eq!(items[0]["title"], "Connect with Acme");
    assert_eq!(skipped.len(), 1, "{}", preview.text);
    assert_eq!(skipped[0]["title"], "Connect with Globex");
    assert!(skipped[0]["task_id"].is_null());
    let id = rule(&app, &s, definition).await;
    let made = of_rule(&app, &s, &id).await;
    assert_eq!(made.len(), 1);
    assert_eq!(made[0]["title"], "Connect with Acme");
    // A round logged after the rule was made is a new fact: its task is made, late or not.
    app.new_interview(&s)
        .company("Initech")
        .position("Analyst")
        .at(app.clock().now() - Duration::days(10))
        .create()
        .await;
    assert_eq!(
        of_rule(&app, &s, &id).await.len(),
        1,
        "still long overdue at the rule's start"
    );
    let later = app.clock().now() + Duration::days(3);
    app.travel(&mut s, later).await;
    app.new_interview(&s)
        .company("Umbrella")
        .position("Analyst")
        .at(later - Duration::days(1))
        .create()
        .await;
    let titles: Vec<String> = of_rule(&app, &s, &id)
        .await
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.contains(&"Connect with Umbrella".to_string()),
        "{titles:?}"
    );
}
