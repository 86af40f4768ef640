//! Why the plan no longer wants an open task: the reason its cancellation shows. RULES.md asks
//! for the actual cause, naming the interview, person or outcome ("Morgan Lee no longer attends
//! the Acme interview"), not the rule's general condition. Pure, like the planner: it reads the
//! same facts the plan was made from.

use super::catalog::RuleId;
use super::custom;
use super::draft::local_day;
use super::settings::Settings;
use crate::domain::enums::{Permission, PreferredChannel, Stage};
use crate::domain::facts::{Facts, InterviewFact, PersonFact, TaskFact};

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
    let tz = facts.profile.time_zone;
    let (iv, person) = match subjects(task, facts) {
        Ok(subjects) => subjects,
        Err(reason) => return reason,
    };
    if let Some(reason) = iv.and_then(|iv| outcome_or_interest(rule, iv)) {
        return reason;
    }
    let occurrence = task
        .dedupe_key
        .as_deref()
        .and_then(|key| key.rsplit(':').next());
    match (rule, iv, person.flatten()) {
        (RuleId::ThankYouNote, Some(iv), Some(_))
            if occurrence != Some(iv.scheduled_at.timestamp().to_string().as_str()) =>
        {
            format!(
                "The {} interview moved to {}; the note for the new date replaces this one",
                iv.company,
                local_day(iv.scheduled_at, tz)
            )
        }
        (RuleId::DecisionCheck, Some(iv), _) => match iv.decision_expected_on {
            Some(date) => format!(
                "{} now expects to decide by {}",
                iv.company,
                date.format("%a %-d %b")
            ),
            None => format!("{} gave no decision date any more", iv.company),
        },
        (RuleId::SecondInterviewCheck, Some(iv), _)
            if iv
                .second_interview_expected_on
                .map(|d| d.to_string())
                .as_deref()
                != occurrence =>
        {
            format!(
                "The date {} gave for a second interview changed",
                iv.company
            )
        }
        (RuleId::AskContactChannel, _, Some(p))
            if p.preferred_channel != PreferredChannel::Unknown =>
        {
            format!(
                "You know now how to reach {}: {}",
                p.name, p.preferred_channel
            )
        }
        (RuleId::FollowUpCall, Some(iv), Some(p)) if thanked(facts, iv, p) => format!(
            "{} is now listed as {}: follow-up calls go to interviewers and recruiters",
            p.name, p.role
        ),
        (RuleId::ThankYouSecondChannel | RuleId::FollowUpCall, _, Some(p)) => {
            format!("Your thank-you to {} is no longer marked as sent", p.name)
        }
        (RuleId::SecondInterviewCheck, Some(iv), _) => {
            format!("A later interview at {} is booked", iv.company)
        }
        (RuleId::WeeklyCheckIn, Some(iv), _) => format!(
            "You were in touch with {} since; the next check-in counts from then",
            iv.company
        ),
        (RuleId::ReferencePermission | RuleId::ReferenceHeadsUp, _, _) => {
            reference(task, facts, rule)
        }
        (RuleId::KeepSearching, _, _) => searching(task, facts),
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
fn outcome_or_interest(rule: RuleId, iv: &InterviewFact) -> Option<String> {
    let ends_on_outcome = rule.is_position_call()
        || matches!(rule, RuleId::ReferenceHeadsUp | RuleId::WithdrawCourteously);
    if ends_on_outcome && iv.outcome.is_final() {
        return Some(format!(
            "The {} process at {} is over: {}",
            iv.position,
            iv.company,
            iv.outcome.as_str().replace('_', " ")
        ));
    }
    if rule.is_position_call() && iv.unwanted() {
        return Some(format!(
            "You said you do not want the {} job at {}",
            iv.position, iv.company
        ));
    }
    if rule == RuleId::WithdrawCourteously && !iv.unwanted() {
        return Some(format!(
            "You no longer say you do not want the {} job at {}",
            iv.position, iv.company
        ));
    }
    if rule == RuleId::StayVisible {
        return Some(format!(
            "The offer from {} is no longer accepted",
            iv.company
        ));
    }
    if rule == RuleId::ReferenceHeadsUp && iv.stage != Stage::Final {
        return Some(format!(
            "The {} interview is no longer the final one",
            iv.company
        ));
    }
    None
}

fn reference(task: &TaskFact, facts: &Facts, rule: RuleId) -> String {
    let found = task
        .reference_id
        .as_deref()
        .and_then(|id| facts.references.iter().find(|r| r.id == id));
    match found {
        None => "The reference was deleted".into(),
        Some(r) => match r.permission {
            Permission::Granted if rule == RuleId::ReferencePermission => {
                format!("{} granted permission", r.name)
            }
            Permission::Declined => format!("{} declined to be a reference", r.name),
            Permission::Requested if rule == RuleId::ReferencePermission => {
                format!("You asked {} again; the reminder counts from then", r.name)
            }
            _ => format!("{} is no longer a reference who agreed", r.name),
        },
    }
}

/// keep_searching's key holds the creation time of the newest interview it counted from.
fn searching(task: &TaskFact, facts: &Facts) -> String {
    let counted_from = task
        .dedupe_key
        .as_deref()
        .and_then(|key| key.split(':').nth(1))
        .and_then(|stamp| stamp.parse::<i64>().ok());
    let added = facts
        .interviews
        .iter()
        .filter(|iv| counted_from.is_some_and(|from| iv.created_at.timestamp() > from))
        .max_by_key(|iv| iv.created_at);
    match added {
        Some(iv) => format!("You added an interview at {}", iv.company),
        None if facts
            .interviews
            .iter()
            .all(|iv| iv.outcome.is_final() || iv.is_cancelled()) =>
        {
            "No hiring process is open any more".into()
        }
        None => "This week's reminder replaced it".into(),
    }
}

type Subjects<'a> = (Option<&'a InterviewFact>, Option<Option<&'a PersonFact>>);

/// The task's interview and person (`Some(None)`: a person who was deleted), or why they mean
/// the task is gone: its interview deleted or cancelled, or its person deleted or no longer at
/// that interview. Shared by the built-in and custom rules' reasons.
fn subjects<'a>(task: &TaskFact, facts: &'a Facts) -> Result<Subjects<'a>, String> {
    let person = task
        .interviewer_id
        .as_deref()
        .map(|id| facts.people.iter().find(|p| p.id == id));
    let Some(id) = task.interview_id.as_deref() else {
        return Ok((None, person));
    };
    let Some(iv) = facts.interviews.iter().find(|iv| iv.id == id) else {
        return Err("Its interview was deleted".into());
    };
    let the_interview = format!(
        "the {} interview on {}",
        iv.company,
        local_day(iv.scheduled_at, facts.profile.time_zone)
    );
    if iv.is_cancelled() {
        return Err(format!("You cancelled {the_interview}"));
    }
    match person {
        Some(None) => Err("The person it was for was deleted".into()),
        Some(Some(p)) if !attends(facts, iv, p) => {
            Err(format!("{} no longer attends {the_interview}", p.name))
        }
        _ => Ok((Some(iv), person)),
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
