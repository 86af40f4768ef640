//! The feed's text: the user's tasks as iCalendar (RFC 5545) events, written with the
//! `icalendar` crate, which escapes text and ends lines in CRLF. Its folding lets a continuation
//! line reach 76 octets, so lines are folded again (`views::content_lines`). A
//! `VEVENT` per task, since subscribed calendars (Google's among them) ignore `VTODO`.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use crate::domain::enums::TaskStatus;
use crate::store::tasks::Task;

/// How long an event lasts: long enough to show in a day view, short enough not to block it.
const LENGTH: Duration = Duration::minutes(15);
/// How often calendars are asked to look again.
const REFRESH: Duration = Duration::hours(1);

/// The whole feed of `tasks` (open ones, and recently cancelled or deleted ones).
pub fn render(tasks: &[Task]) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            "-//followup//interview follow-up//EN",
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name("followup")
        .description("Your interview follow-up: notes, calls and check-ins, when they are due")
        .ttl(&REFRESH);
    for task in tasks {
        if let Some(event) = event(task) {
            calendar.push(event);
        }
    }
    crate::views::content_lines::fold(&calendar.done().to_string())
}

fn event(task: &Task) -> Option<Event> {
    let due: DateTime<Utc> = task.due_at?;
    let gone = task.status == TaskStatus::Cancelled || task.deleted_at.is_some();
    let mut event = Event::new();
    event
        // A task's id never changes, so edits update the same event.
        .uid(&format!("{}@followup", task.id))
        .timestamp(task.updated_at)
        .created(task.created_at)
        .last_modified(task.updated_at)
        // Every change of a task moves its version by one.
        .sequence(u32::try_from(task.version.saturating_sub(1)).unwrap_or(0))
        .starts(due)
        .ends(due + LENGTH)
        .summary(&task.title)
        .status(if gone {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        })
        .add_property("TRANSP", "TRANSPARENT")
        .add_property("CATEGORIES", task.kind.as_str());
    let description = [task.reason.as_deref(), task.draft.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
    if !description.is_empty() {
        event.description(&description);
    }
    Some(event.done())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(title: &str, draft: &str) -> Task {
        let at = DateTime::parse_from_rfc3339("2030-03-02T09:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        Task {
            id: crate::domain::Id::new_v7(),
            user_id: crate::domain::Id::new_v7(),
            kind: crate::domain::enums::TaskKind::Rule(crate::rules::RuleId::ThankYouNote),
            rule_id: None,
            dedupe_key: None,
            title: title.into(),
            reason: Some("Within 24 hours of the interview; it is all the article asks".into()),
            draft: Some(draft.into()),
            notes: None,
            status: TaskStatus::Open,
            status_reason: None,
            not_before: None,
            due_at: Some(at),
            channel: None,
            interview_id: None,
            interviewer_id: None,
            reference_id: None,
            completed_at: None,
            completion_channel: None,
            completion_note: None,
            version: 3,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            user_fields: Default::default(),
            application_id: None,
        }
    }

    #[test]
    fn every_line_fits_75_octets_ends_in_crlf_and_unfolds_to_the_text() {
        // Titles of every length around the fold, in one- to four-byte characters.
        for unit in ["a", "é", "€", "😀", "a ", "€ "] {
            for count in 1..160 {
                let title = unit.repeat(count);
                let feed = render(&[task(&title, "Dear Maria,\nthank you; truly, \\ thanks")]);
                assert!(feed.ends_with("\r\n"), "{feed}");
                for line in feed.split("\r\n") {
                    assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
                    assert!(!line.contains('\n') && !line.contains('\r'));
                }
                let unfolded = feed.replace("\r\n ", "");
                assert!(
                    unfolded.contains(&format!("SUMMARY:{title}\r\n")),
                    "{unfolded}"
                );
                assert!(
                    unfolded.contains("Dear Maria\\,\\nthank you\\; truly\\, \\\\ thanks"),
                    "{unfolded}"
                );
            }
        }
    }

    #[test]
    fn a_cancelled_task_is_a_cancelled_event_with_its_sequence() {
        let mut gone = task("Call Acme", "");
        gone.status = TaskStatus::Cancelled;
        let feed = render(&[gone.clone()]).replace("\r\n ", "");
        assert!(feed.contains("STATUS:CANCELLED"), "{feed}");
        assert!(feed.contains("SEQUENCE:2"), "{feed}");
        assert!(feed.contains(&format!("UID:{}@followup", gone.id)));
        assert!(feed.contains("DTSTART:20300302T090000Z"), "{feed}");
    }
}
