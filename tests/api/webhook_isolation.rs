//! One user's endpoints cannot hold up another's deliveries: each delivery is sent on its own
//! and records its own outcome, an endpoint gets one delivery at a time, and an endpoint
//! deleted while a delivery to it is under way rolls back nothing else.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use followup::service::webhooks::{self, Sender};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, send};
use crate::webhooks::{LOCAL, Receiver, endpoint};

/// An address that accepts connections and never answers, for as long as the test runs.
struct Silent {
    url: String,
    accepted: Arc<AtomicUsize>,
    arrived: Arc<tokio::sync::Notify>,
}

fn silent_endpoint() -> Silent {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let arrived = Arc::new(tokio::sync::Notify::new());
    let (count, ring) = (accepted.clone(), arrived.clone());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
            count.fetch_add(1, Ordering::SeqCst);
            ring.notify_waiters();
        }
    });
    Silent {
        url: format!("http://127.0.0.1:{port}/hook"),
        accepted,
        arrived,
    }
}

impl Silent {
    /// Waits until `n` connections are open and waiting for an answer.
    async fn holding(&self, n: usize) {
        let held = async {
            loop {
                let next = self.arrived.notified();
                if self.accepted.load(Ordering::SeqCst) >= n {
                    return;
                }
                next.await;
            }
        };
        actix_web::rt::time::timeout(Duration::from_secs(10), held)
            .await
            .expect("the deliveries never reached the silent endpoint");
    }
}

#[actix_web::test]
async fn ten_silent_endpoints_of_one_user_do_not_delay_another_users_delivery() {
    let app = TestApp::spawn_with(|c| c.webhooks = LOCAL).await;
    let slow = app.register("slow@example.com").await;
    let silent = silent_endpoint();
    for i in 0..10 {
        endpoint(
            &app,
            &slow,
            &format!("{}/{i}", silent.url),
            &["task.created"],
        )
        .await;
    }
    for i in 0..5 {
        app.create(&slow, "/v1/tasks", json!({"title": format!("Task {i}")}))
            .await;
    }
    let runner = actix_web::rt::spawn(webhooks::run(
        app.state.service.clone(),
        Sender::new(LOCAL).unwrap(),
    ));
    // The silent endpoints' first deliveries are under way, each waiting for its timeout.
    silent.holding(10).await;

    let other = app.register("prompt@example.com").await;
    let receiver = Receiver::start(200).await;
    endpoint(&app, &other, &receiver.url, &["task.created"]).await;
    let sent = Instant::now();
    app.create(&other, "/v1/tasks", json!({"title": "Call Acme"}))
        .await;
    assert!(
        receiver.received(1, Duration::from_secs(2)).await,
        "another user's delivery waited behind the silent endpoints"
    );
    println!("delivered after {} ms", sent.elapsed().as_millis());
    runner.abort();
}

#[actix_web::test]
async fn an_endpoint_deleted_mid_delivery_rolls_back_no_other_outcome() {
    let app = TestApp::spawn_with(|c| c.webhooks = LOCAL).await;
    let s = app.register("deleting@example.com").await;
    let (doomed, _) = endpoint(&app, &s, &silent_endpoint().url, &["task.created"]).await;
    let receiver = Receiver::start(200).await;
    let (kept, _) = endpoint(&app, &s, &receiver.url, &["task.created"]).await;
    app.create(&s, "/v1/tasks", json!({"title": "Call Acme"}))
        .await;
    let service = app.state.service.clone();
    let pass = actix_web::rt::spawn(async move {
        let sender = Sender::with_timeout(LOCAL, Duration::from_secs(1)).unwrap();
        webhooks::pass(&service, &sender).await
    });
    assert!(receiver.received(1, Duration::from_secs(10)).await);
    let deleted = send(
        app.delete(&format!("/v1/webhooks/{doomed}"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    // The pass ends when the silent endpoint's send times out, and fails nothing.
    let report = pass.await.unwrap().expect("the pass does not fail");
    assert_eq!(report.delivered, 1);
    let log = send(
        app.get(&format!("/v1/webhooks/{kept}/deliveries"))
            .bearer_auth(&s.access),
    )
    .await;
    assert_eq!(log.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(log.body["items"][0]["status_code"], 200);
}
