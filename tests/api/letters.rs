//! Thank-you letters through the HTTP API, for one application in two rounds: an interviewer met
//! twice, a recruiter and a receptionist. What was discussed comes from the attendance, the
//! greeting from the salutation, the dates from the employer's time zone; a person's private
//! notes never appear; the interviewer's second letter repeats no sentence of the first; and
//! every letter passes the product's own check. Printed with `--nocapture`.

use std::collections::BTreeSet;

use followup::config::ProofreaderLoad;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::tasks;
use crate::helpers::{Session, TestApp, send};
use crate::instants::at;

async fn person(app: &TestApp, s: &Session, body: Value) -> String {
    app.create(s, "/v1/interviewers", body).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn attend(app: &TestApp, s: &Session, round: &str, who: &str, discussed: Option<&str>) {
    let body = discussed.map_or(json!({}), |d| json!({"discussed": d}));
    let reply = send(
        app.put(&format!("/v1/interviews/{round}/interviewers/{who}"))
            .bearer_auth(&s.access)
            .json(&body),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.body["discussed"], json!(discussed));
}

/// The sentences of one letter (email and card), leaving out what every letter shares by design.
fn sentences(draft: &str) -> BTreeSet<String> {
    draft
        .split('\n')
        .flat_map(|line| line.split_inclusive(['.', ';']))
        .map(str::trim)
        .filter(|s| s.len() > 12 && s.ends_with(['.', ';']))
        .filter(|s| !s.starts_with("Dear ") && !s.starts_with("Subject: "))
        .map(String::from)
        .collect()
}

#[actix_web::test]
async fn letters_for_two_rounds_read_as_written_for_each_person() {
    let app = TestApp::spawn_at_with("2026-11-09T15:00:00Z", |c| {
        c.proofreader = ProofreaderLoad::AtStart
    })
    .await;
    let mut s = app.register("letters@example.com").await;
    let me = send(app.patch("/v1/me").bearer_auth(&s.access).json(&json!({
        "name": "Ada Lovelace", "time_zone": "Asia/Tokyo",
        "strengths": ["clear writing"]
    })))
    .await;
    assert_eq!(me.status, StatusCode::OK);
    let application = app
        .new_application(&s)
        .company("Initech")
        .position("Backend Developer")
        .set("employer_time_zone", "America/New_York")
        .set(
            "strengths",
            json!([
                "Leading a migration from Oracle to PostgreSQL",
                "my five years of Rust services"
            ]),
        )
        .create()
        .await;
    let id = application["id"].as_str().unwrap();
    let raman = person(
        &app,
        &s,
        json!({"name": "Priya Raman", "salutation": "Dr. Raman", "title": "Head of Platform",
               "role": "interviewer", "preferred_channel": "email",
               "notes": "He is my future manager. Wants me to start in January"}),
    )
    .await;
    let rob = person(
        &app,
        &s,
        json!({"name": "Rob Diaz", "title": "Talent Partner", "role": "recruiter",
               "preferred_channel": "email"}),
    )
    .await;
    let desk = person(
        &app,
        &s,
        json!({"name": "Joan Park", "salutation": "Ms. Park", "role": "receptionist",
               "preferred_channel": "mail"}),
    )
    .await;
    // Round 1 on Tuesday 10 November at 19:00 in New York: 11 November in Tokyo.
    let r1 = app
        .new_interview(&s)
        .of(id)
        .set("stage", "first")
        .set("scheduled_at", "2026-11-11T00:00:00Z")
        .set("duration_minutes", 45)
        .create()
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    attend(
        &app,
        &s,
        &r1,
        &raman,
        Some("your team's move to event streaming"),
    )
    .await;
    attend(&app, &s, &r1, &rob, None).await;
    attend(&app, &s, &r1, &desk, Some("the history of the building")).await;
    let r2 = app
        .new_interview(&s)
        .of(id)
        .set("stage", "second")
        .set("format", "video")
        .set("scheduled_at", "2026-11-24T15:00:00Z")
        .create()
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    attend(
        &app,
        &s,
        &r2,
        &raman,
        Some("how on-call works on your team"),
    )
    .await;

    app.travel(&mut s, at("2026-11-25T12:00:00Z")).await;
    followup::service::ticker::tick(app.state.service.pool(), app.clock().now())
        .await
        .unwrap();
    app.checker_loaded().await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(notes.len(), 4, "{notes:#?}");
    let letter = |round: &str, who: &str| -> (String, String) {
        let note = notes
            .iter()
            .find(|n| n["interview_id"] == round && n["interviewer_id"] == who)
            .unwrap_or_else(|| panic!("no letter to {who} for {round}"));
        (
            note["id"].as_str().unwrap().to_string(),
            note["draft"].as_str().unwrap().to_string(),
        )
    };
    for (round, who, label) in [
        (&r1, &raman, "Dr. Raman, round 1"),
        (&r1, &rob, "Rob Diaz, round 1"),
        (&r1, &desk, "Joan Park, round 1"),
        (&r2, &raman, "Dr. Raman, round 2"),
    ] {
        let (task, draft) = letter(round, who);
        println!("\n===== {label} =====\n{draft}");
        assert!(!draft.contains("future manager"), "private notes: {draft}");
        // Each version as sent (the email, or the card), checked as the user would.
        for version in draft.split("\n---\n") {
            let checked = send(
                app.post(&format!("/v1/tasks/{task}/check"))
                    .bearer_auth(&s.access)
                    .json(&json!({"text": version})),
            )
            .await;
            assert_eq!(checked.status, StatusCode::OK, "{}", checked.text);
            assert_eq!(
                checked.body["issues"],
                json!([]),
                "{label}: {}",
                checked.text
            );
            assert_eq!(checked.body["ok"], true);
        }
    }
    let (_, first) = letter(&r1, &raman);
    let (_, second) = letter(&r2, &raman);
    assert!(first.contains("Dear Dr. Raman,") && second.contains("Dear Dr. Raman,"));
    assert!(
        first.contains("your team's move to event streaming"),
        "{first}"
    );
    assert!(
        second.contains("how on-call works on your team"),
        "{second}"
    );
    // Where the interview happened: Tuesday 10 November in New York, not the 11th in Tokyo.
    assert!(first.contains("Tuesday 10 November"), "{first}");
    // The application's strengths, read as English.
    assert!(
        first.contains("leading a migration from Oracle to PostgreSQL")
            || first.contains("five years of Rust services"),
        "{first}"
    );
    let (before, after) = (sentences(&first), sentences(&second));
    let repeated: Vec<&String> = before.intersection(&after).collect();
    assert!(
        repeated.is_empty(),
        "the second letter repeats {repeated:?}"
    );
    let (_, to_desk) = letter(&r1, &desk);
    assert!(to_desk.contains("Dear Ms. Park,"), "{to_desk}");
    assert!(to_desk.contains("the history of the building"), "{to_desk}");

    // What was discussed can be corrected; the open letter follows.
    let corrected = send(
        app.put(&format!("/v1/interviews/{r2}/interviewers/{raman}"))
            .bearer_auth(&s.access)
            .json(&json!({"discussed": "the on-call rota your team is redesigning"})),
    )
    .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text);
    let read = send(
        app.get(&format!("/v1/interviews/{r2}/interviewers/{raman}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(
        read.body["discussed"],
        "the on-call rota your team is redesigning"
    );
    let notes = tasks(&app, &s, &format!("interview_id={r2}&kind=thank_you_note")).await;
    assert!(
        notes[0]["draft"]
            .as_str()
            .unwrap()
            .contains("the on-call rota your team is redesigning")
    );
    // Bad input changes nothing.
    let bad = send(
        app.put(&format!("/v1/interviews/{r2}/interviewers/{raman}"))
            .bearer_auth(&s.access)
            .json(&json!({"discussed": "x".repeat(301)})),
    )
    .await;
    assert_eq!(bad.invalid_fields(), ["discussed"]);
    // A generated client leaving the optional body out still sends its JSON header: no bytes
    // is no body, and what was discussed stays.
    let again = send(
        app.put(&format!("/v1/interviews/{r2}/interviewers/{raman}"))
            .bearer_auth(&s.access)
            .header("content-type", "application/json")
            .header("content-length", "0"),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(
        again.body["discussed"],
        "the on-call rota your team is redesigning"
    );
}

/// A phone sends a thank-you in one tap: the task's message comes addressed, with the subject
/// and the body apart and as a `mailto:` URL that a parser reads back to the same text.
#[actix_web::test]
async fn a_note_task_hands_its_message_to_a_mail_app() {
    let app = TestApp::spawn_at("2026-11-09T15:00:00Z").await;
    let s = app.register("compose@example.com").await;
    let interview = app
        .new_interview(&s)
        .company("Initech")
        .position("Backend Developer")
        .set("scheduled_at", "2026-11-09T14:00:00Z")
        .set("status", "completed")
        .create()
        .await;
    let round = interview["id"].as_str().unwrap();
    let maria = person(
        &app,
        &s,
        json!({"name": "Maria Lopez", "salutation": "Ms. Lopez",
               "email": "maria.lopez+jobs@initech.example"}),
    )
    .await;
    attend(
        &app,
        &s,
        round,
        &maria,
        Some("your team's move to streaming"),
    )
    .await;
    let notes = tasks(
        &app,
        &s,
        &format!("interview_id={round}&kind=thank_you_note"),
    )
    .await;
    let task = notes[0]["id"].as_str().unwrap().to_string();
    let path = format!("/v1/tasks/{task}/compose");

    let reply = send(app.get(&path).bearer_auth(&s.access)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let message = &reply.body;
    assert_eq!(message["to"], "maria.lopez+jobs@initech.example");
    let body = message["body"].as_str().unwrap();
    assert!(body.starts_with("Dear Ms. Lopez,"), "{body}");
    assert!(body.contains("your team's move to streaming"), "{body}");
    assert!(
        !body.contains("Card") && !body.contains("Subject:"),
        "{body}"
    );
    let subject = message["subject"].as_str().unwrap();
    assert!(!subject.is_empty());
    let mailto = url::Url::parse(message["mailto"].as_str().unwrap()).expect("a URL");
    assert_eq!(mailto.scheme(), "mailto");
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    assert_eq!(decode(mailto.path()), "maria.lopez+jobs@initech.example");
    let pairs: Vec<(String, String)> = mailto
        .query()
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (k.to_string(), decode(v))
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("subject".to_string(), subject.to_string()),
            ("body".to_string(), body.replace('\n', "\r\n")),
        ]
    );

    // A corrected address is the one the next message uses.
    let fixed = send(
        app.patch(&format!("/v1/interviewers/{maria}"))
            .bearer_auth(&s.access)
            .json(&json!({"email": "maria@initech.example"})),
    )
    .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text);
    let again = send(app.get(&path).bearer_auth(&s.access)).await;
    assert_eq!(again.body["to"], "maria@initech.example");

    // Not another user's, and not a task without an email draft.
    let other = app.register("other@example.com").await;
    send(app.get(&path).bearer_auth(&other.access))
        .await
        .problem(404);
    let own = app
        .create(&s, "/v1/tasks", json!({"title": "Call Initech"}))
        .await;
    send(
        app.get(&format!(
            "/v1/tasks/{}/compose",
            own["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await
    .problem(404);
}
