//! Thank-you drafts: individual, deterministic, with nothing left to fill in.
//!
//! "Say something slightly different in each one to make them sound individualized": each person
//! of an interview gets a different combination of opening and closing (by their position in
//! the interview's list), so even two people with no notes get different texts, and the same
//! facts always give the same draft.

use chrono::DateTime;
use chrono_tz::Tz;

use crate::domain::enums::Role;
use crate::domain::facts::{InterviewFact, PersonFact, Profile};

const OPENINGS: [&str; 4] = [
    "Thank you for meeting with me on {date} about the {position} position. I appreciate {company}'s interest in me.",
    "Thank you for taking the time to interview me for the {position} role on {date}. I am grateful for the interest {company} has shown in me.",
    "I enjoyed our conversation on {date} about the {position} position, and I appreciate {company}'s interest in me.",
    "It was a pleasure to speak with you on {date} about the {position} role. Thank you for {company}'s interest in me.",
];

const NOTE_LINES: [&str; 4] = [
    "I especially enjoyed discussing {notes}.",
    "Our conversation about {notes} has stayed with me.",
    "I was glad we could talk about {notes}.",
    "What you said about {notes} was particularly interesting.",
];

const CLOSINGS: [&str; 4] = [
    "I look forward to hearing from you.",
    "Thank you again for your time and consideration.",
    "I hope to hear from you soon about the next steps.",
    "Please let me know if I can provide anything further.",
];

/// For a job the user does not want: gracious thanks, no pitch, no asking after next steps.
const GRACIOUS_LINES: [&str; 2] = [
    "I appreciated the chance to learn about {company} and the work of your team.",
    "It was good to hear how {company} approaches its work, and I valued your candour.",
];

const GRACIOUS_CLOSINGS: [&str; 2] = [
    "I wish you and everyone at {company} every success.",
    "Thank you again for your time, and all the best to you and the team.",
];

const HELP_LINES: [&str; 2] = [
    "Thank you for your help and kindness when I visited {company} on {date} for my interview. It made the day easier, and I appreciated it.",
    "Thank you for welcoming me so warmly at {company} on {date}. Your help before my interview was much appreciated.",
];

/// User text may contain braces; they must not look like an unfilled placeholder.
fn clean(text: &str) -> String {
    text.trim()
        .replace('{', "(")
        .replace('}', ")")
        .trim_end_matches(['.', '!', ' '])
        .to_string()
}

fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(&format!("{{{key}}}"), value)
        })
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// Whether this role thanks someone for their help on the day rather than for an interview.
pub fn is_support_role(role: Role) -> bool {
    matches!(role, Role::Receptionist | Role::Assistant | Role::Secretary)
}

/// The draft for the `index`-th person of an interview.
pub fn thank_you(
    profile: &Profile,
    interview: &InterviewFact,
    person: &PersonFact,
    index: usize,
    tz: Tz,
) -> String {
    let date = interview
        .scheduled_at
        .with_timezone(&tz)
        .format("%A %-d %B")
        .to_string();
    let company = clean(&interview.company);
    let position = clean(&interview.position);
    let name = clean(&person.name);
    let pairs = [
        ("date", date.as_str()),
        ("company", company.as_str()),
        ("position", position.as_str()),
    ];
    let greeting = match person.title.as_deref().map(clean).filter(|t| !t.is_empty()) {
        Some(title) => format!("Dear {name} ({title}),"),
        None => format!("Dear {name},"),
    };
    let mut paragraphs = vec![greeting];
    if is_support_role(person.role) {
        paragraphs.push(fill(HELP_LINES[index % HELP_LINES.len()], &pairs));
        paragraphs.push(CLOSINGS[(index / HELP_LINES.len()) % CLOSINGS.len()].to_string());
    } else {
        let mut body = fill(OPENINGS[index % OPENINGS.len()], &pairs);
        if let Some(notes) = person.notes.as_deref().map(clean).filter(|n| !n.is_empty()) {
            let line = NOTE_LINES[index % NOTE_LINES.len()];
            body.push(' ');
            body.push_str(&line.replace("{notes}", &notes));
        }
        paragraphs.push(body);
        if interview.unwanted() {
            paragraphs.push(fill(GRACIOUS_LINES[index % GRACIOUS_LINES.len()], &pairs));
            paragraphs.push(fill(
                GRACIOUS_CLOSINGS[(index / GRACIOUS_LINES.len()) % GRACIOUS_CLOSINGS.len()],
                &pairs,
            ));
            return sign(paragraphs, profile);
        }
        let strengths: Vec<String> = profile.strengths.iter().map(|s| clean(s)).collect();
        paragraphs.push(if strengths.is_empty() {
            "I remain confident that I am the right candidate for this role, and I would welcome the chance to contribute.".to_string()
        } else {
            format!(
                "I believe my strengths ({}) make me the best candidate for this role.",
                list(&strengths)
            )
        });
        paragraphs.push(CLOSINGS[(index / OPENINGS.len()) % CLOSINGS.len()].to_string());
    }
    sign(paragraphs, profile)
}

fn sign(mut paragraphs: Vec<String>, profile: &Profile) -> String {
    let signature = clean(&profile.name);
    paragraphs.push(if signature.is_empty() {
        "Kind regards".to_string()
    } else {
        format!("Kind regards,\n{signature}")
    });
    paragraphs.join("\n\n")
}

/// A day as reasons name it: "Tue 3 Mar".
pub fn local_day(at: DateTime<chrono::Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%a %-d %b").to_string()
}

/// A list as a sentence says it: "a, b and c".
pub fn sentence_list(items: &[String]) -> String {
    list(items)
}
