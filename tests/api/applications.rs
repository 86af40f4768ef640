//! Applications through the HTTP API: a posting saved once as a plugin saves it, rounds that
//! share one application, references given for it, and what a client sent on a round landing
//! on its application.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api_tokens::api_token;
use crate::helpers::tasks;
use crate::helpers::{Session, TestApp, send};

/// A job board's page, as it embeds the posting (schema.org JobPosting in JSON-LD).
fn job_posting() -> Value {
    json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Backend Developer",
        "description": "<p>Build the TPS report service.</p>",
        "datePosted": "2026-11-02",
        "validThrough": "2027-01-31T23:59:59-06:00",
        "employmentType": "FULL_TIME",
        "hiringOrganization": {
            "@type": "Organization",
            "name": "Initech",
            "sameAs": "https://initech.example",
            "logo": "https://initech.example/logo.png"
        },
        "identifier": {"@type": "PropertyValue", "name": "Initech", "value": "BE-2041"},
        "jobLocation": [{
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "4120 Freidrich Lane",
                "addressLocality": "Austin",
                "addressRegion": "TX",
                "postalCode": "78744",
                "addressCountry": "US"
            }
        }],
        "baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
            "value": {"@type": "QuantitativeValue", "minValue": 90000, "maxValue": 120000,
                "unitText": "YEAR"}},
        "url": "https://careers.initech.example/jobs/BE-2041"
    })
}

const SAVED: &str = "https://careers.initech.example/jobs/BE-2041";

async fn count(app: &TestApp, s: &Session) -> usize {
    let reply = send(app.get("/v1/applications").bearer_auth(&s.access)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["items"].as_array().unwrap().len()
}

#[actix_web::test]
async fn a_plugin_saves_a_posting_once_and_finds_it_again_by_any_spelling() {
    let app = TestApp::spawn().await;
    let s = app.register("plugin-user@example.com").await;
    // A plugin holds a token limited to applications, and can tell whose it is.
    let token = api_token(&app, &s, &["applications:read", "applications:write"]).await;
    let me = send(app.get("/v1/tokens/current").bearer_auth(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    let not_deleted = send(app.delete("/v1/tokens/current").bearer_auth(&s.access)).await;
    assert_eq!(not_deleted.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(not_deleted.header("allow"), Some("GET"));

    let saved = send(app.post("/v1/applications").bearer_auth(&token).json(&json!({
        "posting_url": "HTTPS://Careers.Initech.example:443/jobs/BE-2041?utm_source=indeed&gclid=abc#apply",
        "source": "indeed",
        "job_posting": job_posting(),
    })))
    .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    let id = saved.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        saved.header("location"),
        Some(format!("/v1/applications/{id}").as_str())
    );
    let body = &saved.body;
    assert_eq!(body["object"], "application");
    assert_eq!(body["company"], "Initech");
    assert_eq!(body["position"], "Backend Developer");
    assert_eq!(
        body["location"],
        "4120 Freidrich Lane, Austin, TX, 78744, US"
    );
    assert_eq!(body["posting_url"], SAVED);
    assert_eq!(body["posting_id"], "BE-2041");
    assert_eq!(body["apply_by"], "2027-01-31");
    assert_eq!(body["source"], "indeed");
    assert_eq!(body["stage"], "saved");
    assert_eq!(body["applied_on"], Value::Null);

    // The same posting again, spelt otherwise: 409, pointing at the application that has it.
    for spelling in [
        "https://careers.initech.example/jobs/BE-2041",
        "https://careers.initech.example/jobs/BE-2041?fbclid=x&utm_campaign=y",
    ] {
        let again = send(
            app.post("/v1/applications")
                .bearer_auth(&token)
                .json(&json!({
                    "posting_url": spelling, "company": "Initech", "position": "Backend Developer"
                })),
        )
        .await;
        let problem = again.problem(409);
        assert_eq!(
            problem["errors"][0]["field"], "posting_url",
            "{}",
            again.text
        );
        assert_eq!(
            again.header("location"),
            Some(format!("/v1/applications/{id}").as_str())
        );
    }
    // ...and found by it, whatever the tracking parameters.
    let found = send(
        app.get("/v1/applications?posting_url=https%3A%2F%2Fcareers.initech.example%2Fjobs%2FBE-2041%3Futm_medium%3Dsocial%23top")
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    let items = found.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", found.text);
    assert_eq!(items[0]["id"], id.as_str());
    let none = send(
        app.get("/v1/applications?posting_url=https%3A%2F%2Fjobs.example%2Fother")
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(none.body["items"].as_array().unwrap().len(), 0);
    let bad = send(
        app.get("/v1/applications?posting_url=not%20a%20url")
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(bad.invalid_fields(), ["posting_url"]);

    // Explicit fields win over the posting's.
    let own = send(
        app.post("/v1/applications")
            .bearer_auth(&s.access)
            .json(&json!({
                "company": "Initech (Austin)",
                "posting_url": "https://careers.initech.example/jobs/BE-2042",
                "job_posting": job_posting(),
            })),
    )
    .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
    assert_eq!(own.body["company"], "Initech (Austin)");
    assert_eq!(own.body["position"], "Backend Developer");
    // The posting's own `url` is not the saved one when the request names one.
    assert_eq!(
        own.body["posting_url"],
        "https://careers.initech.example/jobs/BE-2042"
    );
    // Moving the second onto the first's posting is the same conflict.
    let clash = send(
        app.patch(&format!(
            "/v1/applications/{}",
            own.body["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access)
        .json(&json!({"posting_url": SAVED})),
    )
    .await;
    clash.problem(409);
    assert_eq!(
        clash.header("location"),
        Some(format!("/v1/applications/{id}").as_str())
    );

    // A token without the scope is refused, naming it.
    let reader = api_token(&app, &s, &["interviews:read"]).await;
    let refused = send(
        app.post("/v1/applications")
            .bearer_auth(&reader)
            .json(&json!({
                "company": "Globex", "position": "Analyst"
            })),
    )
    .await;
    assert!(
        refused.problem(403)["detail"]
            .as_str()
            .unwrap()
            .contains("applications:write")
    );
    assert_eq!(count(&app, &s).await, 2);
}

#[actix_web::test]
async fn bad_applications_are_refused_field_by_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let s = app.register("careful@example.com").await;
    let cases = [
        (json!({}), vec!["company", "position"]),
        (
            json!({"company": "  ", "position": "Analyst"}),
            vec!["company"],
        ),
        (
            json!({"company": "Globex", "position": "Analyst", "posting_url": "ftp://jobs.example/1"}),
            vec!["posting_url"],
        ),
        (
            json!({"company": "Globex", "position": "Analyst", "posting_url": "jobs.example/1"}),
            vec!["posting_url"],
        ),
        (
            json!({"job_posting": {"@type": "Event", "name": "Career fair"}}),
            vec!["company", "job_posting", "position"],
        ),
        (
            json!({"job_posting": {"@type": "JobPosting", "title": "Analyst"}}),
            vec!["company"],
        ),
        (
            json!({"company": "Globex", "position": "Analyst", "employer_time_zone": "Mars/Olympus"}),
            vec!["employer_time_zone"],
        ),
        (
            json!({"company": "Globex", "position": "Analyst", "check_in_interval_days": 0}),
            vec!["check_in_interval_days"],
        ),
        (
            json!({"company": "Globex", "position": "Analyst", "strengths": [""]}),
            vec!["strengths[0]"],
        ),
        // Fields that cannot be null refuse it, rather than reading it as left out.
        (
            json!({"company": null, "position": "Analyst", "job_posting": job_posting()}),
            vec!["company"],
        ),
        (
            json!({"company": "Globex", "position": "Analyst", "posting_url": null}),
            vec!["posting_url"],
        ),
        (
            json!({"company": "Globex", "position": "Analyst", "strengths": null}),
            vec!["strengths"],
        ),
    ];
    for (body, fields) in cases {
        let reply = send(
            app.post("/v1/applications")
                .bearer_auth(&s.access)
                .json(&body),
        )
        .await;
        let mut got = reply.invalid_fields();
        got.sort();
        got.dedup();
        assert_eq!(got, fields, "{body}: {}", reply.text);
    }
    // A field the resource does not have is named too.
    let unknown = send(
        app.post("/v1/applications")
            .bearer_auth(&s.access)
            .json(&json!({
                "company": "Globex", "position": "Analyst", "salary": 100
            })),
    )
    .await;
    unknown.problem(422);
    assert_eq!(count(&app, &s).await, 0);

    // The quota counts applications, made by a round or saved.
    let app = TestApp::spawn_with(|c| c.quotas.applications = 1).await;
    let s = app.register("hoarder@example.com").await;
    app.interview(&s, "Acme").await;
    let refused = send(
        app.post("/v1/applications")
            .bearer_auth(&s.access)
            .json(&json!({
                "company": "Globex", "position": "Analyst"
            })),
    )
    .await;
    assert_eq!(refused.problem(409)["type"], "/problems/quota-exceeded");
    let refused = send(
        app.post("/v1/interviews")
            .bearer_auth(&s.access)
            .json(&json!({
                "company": "Globex", "position": "Analyst", "scheduled_at": "2026-03-03T14:00:00Z"
            })),
    )
    .await;
    assert_eq!(refused.problem(409)["type"], "/problems/quota-exceeded");
    // A second round of the job it has is no new application.
    app.interview(&s, "ACME ").await;
}

#[actix_web::test]
async fn rounds_of_one_job_share_its_application_and_old_clients_keep_working() {
    let app = TestApp::spawn_at("2026-11-09T12:00:00Z").await;
    let s = app.register("rounds@example.com").await;
    let round = |body: Value| {
        let request = app
            .post("/v1/interviews")
            .bearer_auth(&s.access)
            .json(&body);
        async move {
            let reply = send(request).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
            reply.body
        }
    };
    // An old client: company and position, and the answers it used to keep on a round.
    let first = round(json!({
        "company": "Initech", "position": "Backend Developer",
        "scheduled_at": "2026-11-10T14:00:00Z", "decision_expected_on": "2026-11-20",
        "interest": "yes"
    }))
    .await;
    let application = first["application_id"].as_str().unwrap().to_string();
    let first_path = format!("/v1/interviews/{}", first["id"].as_str().unwrap());
    let before = send(app.get(&first_path).bearer_auth(&s.access)).await;
    let second = round(json!({
        "company": " initech", "position": "backend  developer", "stage": "second",
        "scheduled_at": "2026-11-24T14:00:00Z", "decision_expected_on": "2026-12-04"
    }))
    .await;
    assert_eq!(second["application_id"], application.as_str());
    // Spelt as the application spells it, and showing its latest answers.
    assert_eq!(second["company"], "Initech");
    assert_eq!(second["decision_expected_on"], "2026-12-04");
    assert_eq!(second["interest"], "yes");
    let first_now = send(app.get(&first_path).bearer_auth(&s.access)).await;
    assert_eq!(first_now.body["decision_expected_on"], "2026-12-04");
    assert_ne!(
        first_now.header("etag"),
        before.header("etag"),
        "a new version for syncing clients"
    );
    let got = send(
        app.get(&format!("/v1/applications/{application}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(got.body["decision_expected_on"], "2026-12-04");
    assert_eq!(got.body["stage"], "interviewing");
    assert_eq!(got.body["interest"], "yes");

    // Another position at the same employer is another application.
    let analyst = round(json!({
        "company": "Initech", "position": "Data Analyst", "scheduled_at": "2026-11-12T14:00:00Z"
    }))
    .await;
    assert_ne!(analyst["application_id"], application.as_str());
    let rounds = send(
        app.get(&format!("/v1/interviews?application_id={application}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(rounds.body["items"].as_array().unwrap().len(), 2);

    // A round may name its application; a company that contradicts it is refused.
    let named = round(json!({
        "application_id": application, "stage": "final", "scheduled_at": "2026-12-01T14:00:00Z"
    }))
    .await;
    assert_eq!(named["position"], "Backend Developer");
    let contradicted = send(
        app.post("/v1/interviews")
            .bearer_auth(&s.access)
            .json(&json!({
                "application_id": application, "company": "Globex",
                "scheduled_at": "2026-12-01T14:00:00Z"
            })),
    )
    .await;
    assert_eq!(contradicted.invalid_fields(), ["company"]);
    let missing = send(
        app.post("/v1/interviews")
            .bearer_auth(&s.access)
            .json(&json!({
                "scheduled_at": "2026-12-01T14:00:00Z"
            })),
    )
    .await;
    assert_eq!(missing.invalid_fields(), ["company", "position"]);

    // An outcome sent on one round is the application's, and every round shows it.
    let rejected = send(
        app.patch(&format!(
            "/v1/interviews/{}",
            second["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access)
        .json(&json!({"outcome": "rejected"})),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text);
    let got = send(
        app.get(&format!("/v1/applications/{application}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(got.body["outcome"], "rejected");
    assert_eq!(got.body["stage"], "closed");
    assert!(got.body["outcome_set_at"].is_string());
    for id in [&first["id"], &named["id"]] {
        let round = send(
            app.get(&format!("/v1/interviews/{}", id.as_str().unwrap()))
                .bearer_auth(&s.access),
        )
        .await;
        assert_eq!(round.body["outcome"], "rejected");
    }
    // The analyst's process is another one: untouched.
    let other = send(
        app.get(&format!(
            "/v1/applications/{}",
            analyst["application_id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(other.body["outcome"], "pending");

    // A typo in the only round's company renames its application rather than making another.
    let typo = round(json!({
        "company": "Globx", "position": "Analyst", "scheduled_at": "2026-11-30T14:00:00Z"
    }))
    .await;
    let fixed = send(
        app.patch(&format!("/v1/interviews/{}", typo["id"].as_str().unwrap()))
            .bearer_auth(&s.access)
            .json(&json!({"company": "Globex"})),
    )
    .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text);
    assert_eq!(fixed.body["application_id"], typo["application_id"]);
    let renamed = send(
        app.get(&format!(
            "/v1/applications/{}",
            typo["application_id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(renamed.body["company"], "Globex");

    // Deleting an application takes its rounds and cancels its open tasks, naming it.
    let deleted = send(
        app.delete(&format!(
            "/v1/applications/{}",
            analyst["application_id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let gone = send(
        app.get(&format!(
            "/v1/interviews/{}",
            analyst["id"].as_str().unwrap()
        ))
        .bearer_auth(&s.access),
    )
    .await;
    gone.problem(404);
    let cancelled = tasks(
        &app,
        &s,
        &format!(
            "application_id={}",
            analyst["application_id"].as_str().unwrap()
        ),
    )
    .await;
    assert!(!cancelled.is_empty());
    for task in &cancelled {
        assert_eq!(task["status"], "cancelled", "{task}");
        assert_eq!(
            task["status_reason"],
            "You deleted the Data Analyst application at Initech"
        );
    }
    let synced = send(
        app.get("/v1/applications?updated_since=2000-01-01T00:00:00Z")
            .bearer_auth(&s.access),
    )
    .await;
    let tombstone = synced.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == analyst["application_id"])
        .expect("a tombstone");
    assert_eq!(tombstone["deleted"], true);
}

/// A board that writes its JSON-LD as an `@graph` (the organisation a node of its own, entities
/// in its text, several offices) is read as it stands: the plugin need not pick it apart.
#[actix_web::test]
async fn a_posting_in_a_pages_graph_is_read_as_it_stands() {
    let app = TestApp::spawn().await;
    let s = app.register("graph@example.com").await;
    let mut posting = job_posting();
    posting["hiringOrganization"] = json!({"@id": "https://initech.example/#org"});
    posting["title"] = json!("Backend Developer &amp; On-call");
    posting["jobLocation"] = json!([
        {"@type": "Place", "address": "Austin, TX"},
        {"@type": "Place", "address": "Remote (US)"}
    ]);
    posting.as_object_mut().unwrap().remove("@context");
    let page = json!({
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://initech.example/#org", "name": "Initech &#8482;"},
            posting,
            {"@type": "BreadcrumbList", "itemListElement": []}
        ]
    });
    // The nodes alone, as a list, read the same.
    let nodes =
        json!({"job_posting": page["@graph"].clone(), "posting_url": "https://b.example/1"});
    let listed = app.create(&s, "/v1/applications", nodes).await;
    assert_eq!(listed["company"], "Initech \u{2122}");
    let saved = app
        .create(&s, "/v1/applications", json!({"job_posting": page}))
        .await;
    assert_eq!(saved["company"], "Initech \u{2122}");
    assert_eq!(saved["position"], "Backend Developer & On-call");
    assert_eq!(saved["location"], "Austin, TX; Remote (US)");
    assert_eq!(saved["posting_url"], SAVED);
    let wrong = send(
        app.post("/v1/applications")
            .bearer_auth(&s.access)
            .json(&json!({
                "job_posting": {"@graph": [{"@type": "Event", "name": "Career fair"}]},
            })),
    )
    .await;
    assert_eq!(
        wrong.invalid_fields(),
        ["company", "job_posting", "position"]
    );
    assert_eq!(count(&app, &s).await, 2);
}

#[actix_web::test]
async fn references_given_for_an_application() {
    let app = TestApp::spawn_at("2026-11-02T10:00:00Z").await;
    let s = app.register("refs@example.com").await;
    let saved = app
        .new_application(&s)
        .company("Initech")
        .position("Backend Developer")
        .create()
        .await;
    let id = saved["id"].as_str().unwrap();
    let reference = app.new_reference(&s).name("John Smith").create().await;
    let r = reference["id"].as_str().unwrap();
    let path = format!("/v1/applications/{id}/references/{r}");
    send(app.get(&path).bearer_auth(&s.access))
        .await
        .problem(404);
    let linked = send(app.put(&path).bearer_auth(&s.access)).await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.text);
    assert_eq!(linked.body["name"], "John Smith");
    let again = send(app.put(&path).bearer_auth(&s.access)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let read = send(app.get(&path).bearer_auth(&s.access)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    // The application takes a new version: its references are part of it.
    let now = send(
        app.get(&format!("/v1/applications/{id}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_ne!(now.header("etag"), None);
    assert_ne!(now.body["updated_at"], Value::Null);

    // Asked before the application goes out: the permission call says for which.
    let ask = tasks(&app, &s, "kind=reference_permission&status=open").await;
    assert_eq!(ask.len(), 1);
    assert!(
        ask[0]["reason"]
            .as_str()
            .unwrap()
            .ends_with("before you apply to Initech"),
        "{}",
        ask[0]
    );
    // ...and is listed with that application's tasks, though it is the reference's.
    assert_eq!(ask[0]["reference_id"], r, "{}", ask[0]);
    let listed = tasks(&app, &s, &format!("application_id={id}")).await;
    assert!(
        listed.iter().any(|t| t["id"] == ask[0]["id"]),
        "{listed:#?}"
    );
    let elsewhere = app.new_application(&s).company("Umbrella").id().await;
    let listed = tasks(&app, &s, &format!("application_id={elsewhere}")).await;
    assert!(
        listed.iter().all(|t| t["id"] != ask[0]["id"]),
        "{listed:#?}"
    );
    let applied = send(
        app.patch(&format!("/v1/applications/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"applied_on": "2026-11-03"})),
    )
    .await;
    assert_eq!(applied.body["stage"], "applied");
    let ask = tasks(&app, &s, "kind=reference_permission&status=open").await;
    assert!(
        ask[0]["reason"]
            .as_str()
            .unwrap()
            .ends_with("before your next application")
    );

    // Given for a job you then drop, the call is still to make: it is not cancelled with it.
    // Applied to already, so the call's reason stays as it is: only the link changes.
    let globex = app
        .new_application(&s)
        .company("Globex")
        .set("applied_on", "2026-11-01")
        .id()
        .await;
    app.clock().advance(chrono::Duration::seconds(1));
    let since = app.clock().now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    app.clock().advance(chrono::Duration::seconds(1));
    let given = format!("/v1/applications/{globex}/references/{r}");
    let linked = send(app.put(&given).bearer_auth(&s.access)).await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.text);
    let listed = tasks(&app, &s, &format!("application_id={globex}")).await;
    assert!(
        listed.iter().any(|t| t["id"] == ask[0]["id"]),
        "{listed:#?}"
    );
    // A client syncing that application's tasks sees the call come in.
    let sync = format!("application_id={globex}&updated_since={since}");
    let synced = tasks(&app, &s, &sync).await;
    assert!(
        synced.iter().any(|t| t["id"] == ask[0]["id"]),
        "{synced:#?}"
    );
    let dropped = send(
        app.delete(&format!("/v1/applications/{globex}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(dropped.status, StatusCode::NO_CONTENT, "{}", dropped.text);
    let after = tasks(&app, &s, "kind=reference_permission&status=open").await;
    assert_eq!(after.len(), 1, "{after:#?}");
    assert_eq!(after[0]["id"], ask[0]["id"]);

    // A reference that is not yours, or not one at all, is not found.
    let unknown = format!("/v1/applications/{id}/references/{}", uuid::Uuid::now_v7());
    send(app.put(&unknown).bearer_auth(&s.access))
        .await
        .problem(404);
    let removed = send(app.delete(&path).bearer_auth(&s.access)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    send(app.delete(&path).bearer_auth(&s.access))
        .await
        .problem(404);
    send(app.get(&path).bearer_auth(&s.access))
        .await
        .problem(404);
}

#[actix_web::test]
async fn webhooks_tell_of_applications_saved_and_changed() {
    use crate::webhooks::{LOCAL, Receiver, endpoint};
    use followup::service::webhooks::{self, Sender};
    let app = TestApp::spawn_with(|c| c.webhooks = LOCAL).await;
    let s = app.register("hooked@example.com").await;
    let receiver = Receiver::start(200).await;
    let (_, secret) = endpoint(
        &app,
        &s,
        &receiver.url,
        &["application.created", "application.updated"],
    )
    .await;
    let saved = app
        .new_application(&s)
        .company("Initech")
        .position("Backend Developer")
        .create()
        .await;
    let id = saved["id"].as_str().unwrap();
    let changed = send(
        app.patch(&format!("/v1/applications/{id}"))
            .bearer_auth(&s.access)
            .json(&json!({"applied_on": "2026-11-03"})),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK);
    webhooks::pass(&app.state.service, &Sender::new(LOCAL).unwrap())
        .await
        .unwrap();
    let events = receiver.verified(&secret);
    let mut types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    types.sort_unstable();
    assert_eq!(types, ["application.created", "application.updated"]);
    for event in &events {
        assert_eq!(event["data"]["object"], "application", "{event}");
        assert_eq!(event["data"]["id"], id);
    }
}

#[actix_web::test]
async fn a_round_moved_to_another_application_takes_its_tasks_with_it() {
    let app = TestApp::spawn_at("2026-11-20T12:00:00Z").await;
    let s = app.register("mover@example.com").await;
    let round = app
        .new_interview(&s)
        .company("Initech")
        .position("Backend Developer")
        .set("scheduled_at", "2026-11-18T15:00:00Z")
        .create()
        .await;
    let id = round["id"].as_str().unwrap();
    let patch = |body: Value| {
        let request = app
            .patch(&format!("/v1/interviews/{id}"))
            .bearer_auth(&s.access)
            .json(&body);
        async move {
            let reply = send(request).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
            reply.body
        }
    };
    // Cancelled, its tasks are cancelled; moved, they go with it; held again, they reopen.
    patch(json!({"status": "cancelled"})).await;
    let other = app
        .new_application(&s)
        .company("Globex")
        .position("Analyst")
        .create()
        .await;
    let moved = patch(json!({"application_id": other["id"]})).await;
    assert_eq!(moved["company"], "Globex");
    patch(json!({"status": "completed"})).await;
    let insights = tasks(&app, &s, "kind=record_insights").await;
    assert_eq!(insights.len(), 1, "{insights:#?}");
    assert_eq!(insights[0]["status"], "open");
    assert_eq!(insights[0]["application_id"], other["id"]);
}
