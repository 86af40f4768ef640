//! Proofreading a note before it is sent, through the API: what each check finds, that it
//! changes nothing, and that a check never waits for the checker to load.

use followup::config::ProofreaderLoad;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, send};
use crate::helpers::{by_person, tasks};
use crate::story::{Story, bad_interview};

#[actix_web::test]
async fn a_note_can_be_proofread_before_it_is_sent() {
    let app = TestApp::spawn().await;
    app.proofreader_loaded().await;
    let Story { s, maria, sam, .. } = bad_interview(&app).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    let note = by_person(&notes, &maria);
    let id = note["id"].as_str().unwrap();
    let path = format!("/v1/tasks/{id}/check");
    let check = |text: &str| {
        app.post(&path)
            .bearer_auth(&s.access)
            .json(&json!({ "text": text }))
    };
    // The draft as the engine wrote it, email and card alike.
    let clean = send(check(note["draft"].as_str().unwrap())).await;
    assert_eq!(clean.status, StatusCode::OK, "{}", clean.text);
    assert_eq!(clean.body["ok"], true, "the draft passes: {}", clean.text);

    // Another interview, whose company and people do not belong in Maria's note.
    let other = app
        .new_interview(&s)
        .company("Globex")
        .position("Analyst")
        .at(app.clock().now() - chrono::Duration::hours(30))
        .create()
        .await;
    let kim = app.new_person(&s).name("Alex Kim").create().await;
    let attach = send(
        app.put(&format!(
            "/v1/interviews/{}/interviewers/{}",
            other["id"].as_str().unwrap(),
            kim["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert!(attach.status.is_success(), "{}", attach.text);

    let text = "Dear Maria Lopes, Head of Dta,\n\nThank you for the the interveiw at Globex. \
                Alex Kim and I could of talked for hours about {topic}.";
    let sloppy = send(check(text)).await;
    assert_eq!(sloppy.status, StatusCode::OK, "{}", sloppy.text);
    assert_eq!(sloppy.body["ok"], false);
    let found: Vec<(String, String, Vec<String>)> = sloppy.body["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let (offset, length) = (f["offset"].as_u64().unwrap(), f["length"].as_u64().unwrap());
            let words: String = text
                .chars()
                .skip(offset as usize)
                .take(length as usize)
                .collect();
            let suggestions = f["suggestions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            (f["kind"].as_str().unwrap().to_string(), words, suggestions)
        })
        .collect();
    let kinds: Vec<(&str, &str)> = found
        .iter()
        .map(|(kind, words, _)| (kind.as_str(), words.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("recipient", "Lopes"),
            ("recipient", "Head of Dta"),
            ("doubled_word", "the the"),
            ("spelling", "interveiw"),
            ("other_interview", "Globex"),
            ("other_interview", "Alex Kim"),
            ("word_choice", "could of"),
            ("placeholder", "{topic}"),
        ],
        "{}",
        sloppy.text
    );
    assert_eq!(found[0].2, ["Lopez"]);
    assert!(found[3].2.contains(&"interview".to_string()), "{found:?}");

    let empty = send(check("  ")).await;
    assert_eq!(empty.invalid_fields(), ["text"]);
    let stranger = app.register("stranger@example.com").await;
    let theirs = send(
        app.post(&path)
            .bearer_auth(&stranger.access)
            .json(&json!({"text": "Dear Maria Lopez, thank you."})),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.text);
    // Checking changes nothing the task shows.
    let after = tasks(&app, &s, "kind=thank_you_note").await;
    assert_eq!(by_person(&after, &maria), note);

    // `complete` tells how the last check went; it never requires one.
    let done = send(
        app.post(&format!("/v1/tasks/{id}/complete"))
            .bearer_auth(&s.access)
            .json(&json!({"channel": "mail"})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["status"], "done");
    assert_eq!(done.body["last_check"]["findings"], 8, "{}", done.text);
    let unchecked = by_person(&notes, &sam)["id"].as_str().unwrap().to_string();
    let done = send(
        app.post(&format!("/v1/tasks/{unchecked}/complete"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.body["last_check"].is_null(), "{}", done.text);
}

#[actix_web::test]
async fn a_check_before_the_checker_has_loaded_is_asked_to_come_back() {
    let app = TestApp::spawn().await;
    let Story { s, maria, sam, .. } = bad_interview(&app).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    assert!(
        !app.state.proofreader.is_loaded(),
        "by default nothing loads the checker before a check"
    );
    let check = |task: &str| {
        app.post(&format!("/v1/tasks/{task}/check"))
            .bearer_auth(&s.access)
            .json(&json!({ "text": "Dear Maria Lopez, thank you for the the interview." }))
    };

    let sams = by_person(&notes, &sam)["id"].as_str().unwrap().to_string();
    let early = send(check(&sams)).await;
    assert_eq!(early.problem(503)["type"], "/problems/loading");
    let wait: u64 = early
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=5).contains(&wait), "Retry-After: {wait}");
    // The turned-away check left no record for `complete` to report.
    let done = send(
        app.post(&format!("/v1/tasks/{sams}/complete"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.body["last_check"].is_null(), "{}", done.text);

    // A client that comes back gets its findings once the checker is in.
    let marias = by_person(&notes, &maria)["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.checker_loaded().await;
    let checked = send(check(&marias)).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.text);
    assert_eq!(checked.body["ok"], false, "{}", checked.text);
    assert!(app.state.proofreader.is_loaded());
}

#[actix_web::test]
async fn a_server_set_to_load_the_checker_at_start_loads_it_unasked() {
    let app = TestApp::spawn_with(|c| c.proofreader = ProofreaderLoad::AtStart).await;
    app.checker_loaded().await;
    let Story { s, maria, .. } = bad_interview(&app).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    let id = by_person(&notes, &maria)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let first = send(
        app.post(&format!("/v1/tasks/{id}/check"))
            .bearer_auth(&s.access)
            .json(&json!({ "text": "Dear Maria Lopez, thank you for the interview." })),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
}

#[actix_web::test]
async fn words_taught_to_the_proofreader_are_words_for_that_user_only() {
    let app = TestApp::spawn().await;
    app.proofreader_loaded().await;
    let Story { s, maria, .. } = bad_interview(&app).await;
    let notes = tasks(&app, &s, "kind=thank_you_note").await;
    let path = format!(
        "/v1/tasks/{}/check",
        by_person(&notes, &maria)["id"].as_str().unwrap()
    );
    let text = "Dear Maria Lopez,\n\nThank you. I enjoyed hearing how your team uses dbt.";
    let check = |token: &str| {
        app.post(&path)
            .bearer_auth(token)
            .json(&json!({ "text": text }))
    };
    let flagged = send(check(&s.access)).await;
    assert_eq!(flagged.status, StatusCode::OK, "{}", flagged.text);
    assert_eq!(flagged.body["ok"], false, "{}", flagged.text);

    let added = send(app.put("/v1/me/words/dbt").bearer_auth(&s.access)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body["word"], "dbt");
    let again = send(app.put("/v1/me/words/dbt").bearer_auth(&s.access)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let listed = send(app.get("/v1/me/words").bearer_auth(&s.access)).await;
    assert_eq!(listed.body["items"][0]["word"], "dbt", "{}", listed.text);
    let clean = send(check(&s.access)).await;
    assert_eq!(clean.body["ok"], true, "{}", clean.text);

    // Another user's list and words are their own.
    let other = app.register("another-speller@example.com").await;
    let theirs = send(app.get("/v1/me/words").bearer_auth(&other.access)).await;
    assert_eq!(theirs.body["items"], json!([]));
    send(app.delete("/v1/me/words/dbt").bearer_auth(&other.access))
        .await
        .problem(404);
    // A word with a space is not one.
    let bad = send(app.put("/v1/me/words/two%20words").bearer_auth(&s.access)).await;
    assert_eq!(bad.invalid_fields(), ["word"]);

    let removed = send(app.delete("/v1/me/words/dbt").bearer_auth(&s.access)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let flagged = send(check(&s.access)).await;
    assert_eq!(flagged.body["ok"], false, "{}", flagged.text);
}
