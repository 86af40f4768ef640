//! Why the plan no longer wants an open task: the reason its cancellation shows. RULES.md asks
//! for the actual cause, naming the application, interview, person or outcome ("Morgan Lee no
//! longer attends the Acme interview", "The Backend Developer process at Initech is over:
//! rejected"), not the rule's general condition. Pure, like the planner: it reads the
//! same facts the plan was made from.

use super::catalog::RuleId;
use super::custom;
use super::draft::local_day;
use super::settings::Settings;
use crate::domain::enums::{Outcome, Permission, PreferredChannel};
use crate::domain::facts::{ApplicationFact, Facts, InterviewFact, PersonFact, TaskFact};

/// The reason `task` is cancelled now that the plan made from `facts` no longer holds it.
pub fn why(task: &TaskFact, facts: &Facts, settings: &Settings) -> String {
    if let Some(id) = task.dedupe_key.as_deref().and_then(custom::rule_of_key) {
        return custom_why(task, facts, settings, id);
    }
    let Some(rule) = RuleId::parse(&task.kind) else {
        return "No longer needed".into();
    };
    if !settings.enabled(rule) {
        return format!("You switched off the rule \"{}\"", rule.spec().name);
    }
    let Subjects {
        application: app,
        interview: iv,
        person,
    } = match subjects(task, facts) {
        Ok(subjects) => subjects,
        Err(reason) => return reason,
    };
    if let Some(reason) = app.and_then(|app| outcome_or_interest(rule, app)) {
        return reason;
    }
    let tz = app
        .and_then(|a| a.time_zone)
        .unwrap_or(facts.profile.time_zone);
    let occurrence = task
        .dedupe_key
        .as_deref()
        .and_then(|key| key.rsplit(':').next());
    match (rule, app, iv, person.flatten()) {
        (RuleId::ThankYouNote, _, Some(iv), Some(_))
            if occurrence != Some(iv.scheduled_at.timestamp().to_string().as_str()) =>
        {
            format!(
                "The {} interview moved to {}; the note for the new date replaces this one",
                iv.company,
                local_day(iv.scheduled_at, tz)
            )
        }
        (RuleId::DecisionCheck, Some(app), _, _) => match app.decision_expected_on {
            Some(date) if Some(date.to_string().as_str()) == occurrence => format!(
                "One decision check for the {} position at {} stands for all its rounds",
                app.position, app.company
            ),
            Some(date) => format!(
                "{} now expects to decide about the {} position by {}",
                app.company,
                app.position,
                date.format("%a %-d %b")
            ),
            None => format!(
                "{} gave no decision date for the {} position any more",
                app.company, app.position
            ),
        },
        (RuleId::SecondInterviewCheck, Some(app), _, _)
            if app
                .second_interview_expected_on
                .map(|d| d.to_string())
                .as_deref()
                != occurrence =>
        {
            format!(
                "The date {} gave for a second interview for the {} position changed",
                app.company, app.position
            )
        }
        (RuleId::SecondInterviewCheck, Some(app), _, _) => format!(
            "A later round of the {} process at {} is booked",
            app.position, app.company
        ),
        (RuleId::AskContactChannel, _, _, Some(p))
            if p.preferred_channel != PreferredChannel::Unknown =>
        {
            format!(
                "You know now how to reach {}: {}",
                p.name, p.preferred_channel
            )
        }
        (RuleId::FollowUpCall, _, Some(iv), Some(p)) if thanked(facts, iv, p) => format!(
            "{} is now listed as {}: follow-up calls go to interviewers and recruiters",
            p.name, p.role
        ),
        (RuleId::ThankYouSecondChannel | RuleId::FollowUpCall, _, _, Some(p)) => {
            format!("Your thank-you to {} is no longer marked as sent", p.name)
        }
        (RuleId::WeeklyCheckIn, Some(app), _, _) => check_in(task, facts, app, occurrence),
        (RuleId::BusinessCircle, Some(app), _, Some(p)) => format!(
            "{} is no longer attached to any round of the {} process at {}",
            p.name, app.position, app.company
        ),
        (RuleId::ReferencePermission | RuleId::ReferenceHeadsUp, _, _, _) => {
            reference(task, facts, rule, app)
        }
        (RuleId::KeepSearching, _, _, _) => searching(task, facts),
        _ => format!("No longer needed: {}", rule.spec().ends),
    }
}

/// Whether the thank-you to `p` for `iv` is marked as sent.
fn thanked(facts: &Facts, iv: &InterviewFact, p: &PersonFact) -> bool {
    facts.tasks.iter().any(|t| {
        t.kind == RuleId::ThankYouNote.as_str()
            && t.is_done()
            && t.interview_id.as_deref() == Some(iv.id.as_str())
            && t.interviewer_id.as_deref() == Some(p.id.as_str())
    })
}

fn attends(facts: &Facts, iv: &InterviewFact, p: &PersonFact) -> bool {
    facts
        .attendance
        .iter()
        .any(|(i, person)| *i == iv.id && *person == p.id)
}

/// An outcome or a change of heart that ends rules about the position.
fn outcome_or_interest(rule: RuleId, app: &ApplicationFact) -> Option<String> {
    let (position, company) = (&app.position, &app.company);
    let outcome = app.outcome.as_str().replace('_', " ");
    let ends_on_outcome = rule.is_position_call()
        || matches!(rule, RuleId::ReferenceHeadsUp | RuleId::WithdrawCourteously);
    if ends_on_outcome && app.is_closed() {
        return Some(format!(
            "The {position} process at {company} is over: {outcome}"
        ));
    }
    if rule.is_position_call() && app.unwanted() {
        return Some(format!(
            "You said you do not want the {position} job at {company}"
        ));
    }
    if rule == RuleId::WithdrawCourteously && !app.unwanted() {
        return Some(format!(
            "You no longer say you do not want the {position} job at {company}"
        ));
    }
    if rule == RuleId::StayVisible && app.outcome != Outcome::OfferAccepted {
        return Some(format!(
            "The offer from {company} for the {position} position is no longer accepted"
        ));
    }
    let circle = matches!(
        app.outcome,
        Outcome::Rejected | Outcome::OfferDeclined | Outcome::Withdrawn | Outcome::PositionFilled
    );
    if rule == RuleId::BusinessCircle && !circle {
        return Some(format!(
            "The {position} process at {company} is no longer over with a no: {outcome}"
        ));
    }
    None
}

/// Why a check-in no longer stands: a later contact, or the one it counted from undone.
fn check_in(
    task: &TaskFact,
    facts: &Facts,
    app: &ApplicationFact,
    occurrence: Option<&str>,
) -> String {
    let counted_from = occurrence.and_then(|stamp| stamp.parse::<i64>().ok());
    let later = facts.tasks.iter().any(|t| {
        t.id != task.id
            && t.application_id.as_deref() == Some(app.id.as_str())
            && t.completed_at
                .is_some_and(|at| counted_from.is_some_and(|from| at.timestamp() > from))
    });
    if later {
        format!(
            "You were in touch with {} about the {} position since; the next check-in counts from then",
            app.company, app.position
        )
    } else {
        format!(
            "The contact with {} it counted from is no longer logged as done",
            app.company
        )
    }
}

fn reference(
    task: &TaskFact,
    facts: &Facts,
    rule: RuleId,
    app: Option<&ApplicationFact>,
) -> String {
    let found = task
        .reference_id
        .as_deref()
        .and_then(|id| facts.references.iter().find(|r| r.id == id));
    let Some(r) = found else {
        return "The reference was deleted".into();
    };
    match r.permission {
        Permission::Granted if rule == RuleId::ReferencePermission => {
            format!("{} granted permission", r.name)
        }
        Permission::Declined => format!("{} declined to be a reference", r.name),
        Permission::Requested if rule == RuleId::ReferencePermission => {
            format!(
                "You asked {}; if they have not answered in 7 days, a reminder follows",
                r.name
            )
        }
        Permission::Granted if rule == RuleId::ReferenceHeadsUp => match app {
            Some(app) if !app.references.is_empty() && !app.references.contains(&r.id) => {
                format!(
                    "{} is not among the references you gave for the {} position at {}",
                    r.name, app.position, app.company
                )
            }
            Some(app) => format!(
                "The {} process at {} has no final interview ahead and no offer pending",
                app.position, app.company
            ),
            None => "Its application was deleted".into(),
        },
        _ => format!("{} is no longer a reference who agreed", r.name),
    }
}

/// keep_searching's key holds the creation time of the newest application or interview it
/// counted from.
fn searching(task: &TaskFact, facts: &Facts) -> String {
    let counted_from = task
        .dedupe_key
        .as_deref()
        .and_then(|key| key.split(':').nth(1))
        .and_then(|stamp| stamp.parse::<i64>().ok());
    let newer =
        |at: chrono::DateTime<chrono::Utc>| counted_from.is_some_and(|from| at.timestamp() > from);
    let saved = facts
        .applications
        .iter()
        .filter(|a| newer(a.created_at))
        .max_by_key(|a| a.created_at);
    let booked = facts
        .interviews
        .iter()
        .filter(|iv| newer(iv.created_at))
        .max_by_key(|iv| iv.created_at);
    match (saved, booked) {
        (Some(app), Some(iv)) if iv.created_at >= app.created_at => {
            format!("You added an interview at {}", iv.company)
        }
        (Some(app), _) => format!(
            "You saved an application for the {} position at {}",
            app.position, app.company
        ),
        (None, Some(iv)) => format!("You added an interview at {}", iv.company),
        (None, None) if facts.applications.iter().all(ApplicationFact::is_closed) => {
            "No application is open any more".into()
        }
        (None, None) => "This week's reminder replaced it".into(),
    }
}

/// What a task is about, as the facts still hold it. `person` is `Some(None)` for a person who
/// was deleted.
struct Subjects<'a> {
    application: Option<&'a ApplicationFact>,
    interview: Option<&'a InterviewFact>,
    person: Option<Option<&'a PersonFact>>,
}

/// The task's application, interview and person, or why they mean the task is gone: its
/// application or interview deleted, its interview cancelled, or its person deleted or no longer
/// at that interview. Shared by the built-in and custom rules' reasons.
fn subjects<'a>(task: &TaskFact, facts: &'a Facts) -> Result<Subjects<'a>, String> {
    let person = task
        .interviewer_id
        .as_deref()
        .map(|id| facts.people.iter().find(|p| p.id == id));
    let application = match task.application_id.as_deref() {
        Some(id) => Some(
            facts
                .application(id)
                .ok_or_else(|| "Its application was deleted".to_string())?,
        ),
        None => None,
    };
    let Some(id) = task.interview_id.as_deref() else {
        return Ok(Subjects {
            application,
            interview: None,
            person,
        });
    };
    let Some(iv) = facts.interviews.iter().find(|iv| iv.id == id) else {
        return Err(match application {
            Some(app) => format!(
                "Its round of the {} process at {} was deleted",
                app.position, app.company
            ),
            None => "Its interview was deleted".into(),
        });
    };
    let tz = application
        .and_then(|a| a.time_zone)
        .unwrap_or(facts.profile.time_zone);
    let the_interview = format!(
        "the {} interview on {}",
        iv.company,
        local_day(iv.scheduled_at, tz)
    );
    if iv.is_cancelled() {
        return Err(format!("You cancelled {the_interview}"));
    }
    match person {
        Some(None) => Err("The person it was for was deleted".into()),
        // Met in some round is enough for the tasks of the whole application.
        Some(Some(p)) if task.kind == RuleId::BusinessCircle.as_str() => Ok(Subjects {
            application,
            interview: Some(iv),
            person: Some(Some(p)),
        }),
        Some(Some(p)) if !attends(facts, iv, p) => {
            Err(format!("{} no longer attends {the_interview}", p.name))
        }
        _ => Ok(Subjects {
            application,
            interview: Some(iv),
            person,
        }),
    }
}

/// Why a custom rule's task is no longer wanted: the rule's own change first, then the facts.
fn custom_why(task: &TaskFact, facts: &Facts, settings: &Settings, id: &str) -> String {
    let Some(rule) = settings.custom.iter().find(|r| r.id == id) else {
        return "Its rule was deleted".into();
    };
    let name = rule.definition.name.trim();
    if rule.deleted {
        return format!("You deleted the rule \"{name}\"");
    }
    if !rule.enabled {
        return format!("You switched off the rule \"{name}\"");
    }
    if let Err(reason) = subjects(task, facts) {
        return reason;
    }
    if let Some(id) = task.reference_id.as_deref()
        && !facts.references.iter().any(|r| r.id == id)
    {
        return "Its reference was deleted".into();
    }
    format!("The rule \"{name}\" no longer applies to it")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enums::Role;
    use crate::rules::tests::{done, facts, interview, person};

    #[test]
    fn a_call_no_longer_wanted_says_whether_the_note_or_the_role_changed() {
        let mut f = facts();
        f.interviews
            .push(interview("iv", "Acme", "2026-03-03T14:00:00Z"));
        f.people.push(person("p", "Sam Reed", Role::Receptionist));
        f.attendance.push(("iv".into(), "p".into()));
        let call = TaskFact {
            kind: RuleId::FollowUpCall.as_str().into(),
            status: crate::domain::enums::TaskStatus::Open,
            dedupe_key: Some("follow_up_call:iv:p".into()),
            ..done(
                RuleId::FollowUpCall,
                "iv",
                "p",
                "2026-03-05T10:00:00Z",
                None,
            )
        };
        let settings = Settings::default();
        assert_eq!(
            why(&call, &f, &settings),
            "Your thank-you to Sam Reed is no longer marked as sent"
        );
        f.tasks.push(done(
            RuleId::ThankYouNote,
            "iv",
            "p",
            "2026-03-03T18:00:00Z",
            None,
        ));
        assert_eq!(
            why(&call, &f, &settings),
            "Sam Reed is now listed as receptionist: follow-up calls go to interviewers and recruiters"
        );
    }
}
