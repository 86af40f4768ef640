//! The article's story as tests share it: a bad interview, the person met there and the
//! receptionist, on a clock that starts when the story does.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Session, TestApp, send};

pub(crate) struct Story {
    pub s: Session,
    pub interview: String,
    pub maria: String,
    pub sam: String,
}

/// Tuesday 3 March 2026, 13:00 in New York: the story's clock starts here.
pub(crate) const STORY_START: &str = "2026-03-03T18:00:00Z";

/// An interview that ended two hours ago (at 16:00 UTC) and went badly, for a job the user is
/// unsure about; an interviewer and the receptionist met there. (`interest: no` has its own test.)
pub(crate) async fn bad_interview(app: &TestApp) -> Story {
    let s = app.register("story@example.com").await;
    let me = send(app.patch("/v1/me").bearer_auth(&s.access).json(&json!({
        "time_zone": "America/New_York", "strengths": ["ten years of analytics", "clear writing"]
    })))
    .await;
    assert_eq!(me.status, StatusCode::OK);
    let interview = app
        .new_interview(&s)
        .position("Data Engineer")
        .at(app.clock().now() - Duration::hours(3))
        .set("interest", "unsure")
        .set("notes", "It went badly")
        .id()
        .await;
    let maria = app
        .new_person(&s)
        .name("Maria Lopez")
        .set("salutation", "Ms. Lopez")
        .set("title", "Head of Data")
        .set("preferred_channel", "mail")
        .set("notes", "Knows my old team lead (private)")
        .id()
        .await;
    let sam = app
        .new_person(&s)
        .name("Sam Reed")
        .role("receptionist")
        .set("preferred_channel", "email")
        .id()
        .await;
    for (p, discussed) in [
        (
            &maria,
            json!({"discussed": "your team's move to event streaming"}),
        ),
        (&sam, json!({})),
    ] {
        let put = send(
            app.put(&format!("/v1/interviews/{interview}/interviewers/{p}"))
                .bearer_auth(&s.access)
                .json(&discussed),
        )
        .await;
        assert_eq!(put.status, StatusCode::CREATED, "{}", put.text);
    }
    Story {
        s,
        interview,
        maria,
        sam,
    }
}
