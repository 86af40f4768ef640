//! Thank-you drafts: an email (with its subject) and a short card, individual, deterministic,
//! with nothing left to fill in (RULES.md, "Thank-you drafts").
//!
//! "Say something slightly different in each one to make them sound individualized": a note is
//! built from parts (the thanks, what was discussed, a strength, the closing), and the `index`-th
//! person of an interview takes the `index`-th sentence of every part. Each pool holds six, so
//! up to six people of one interview share no sentence but the salutation and signature. A
//! receptionist or assistant is thanked for their help on the day, a recruiter for arranging the
//! interview, an interviewer for the conversation; a phone or video interview is not a visit.
//! For a job the user does not want, the note thanks without arguing for it.

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;

use super::phrases::*;
use crate::domain::enums::{InterviewFormat, Role};
use crate::domain::facts::{ApplicationFact, InterviewFact, PersonFact, Profile};

/// What one thank-you is written from: who writes, for which job and round, to whom, and the
/// person's place among the round's attendees (which picks the sentences).
pub struct Letter<'a> {
    pub profile: &'a Profile,
    pub application: &'a ApplicationFact,
    pub interview: &'a InterviewFact,
    pub person: &'a PersonFact,
    pub index: usize,
    /// Where the interview happened: the employer's time zone when known, else the user's.
    pub tz: Tz,
}

/// User text may contain braces; they must not look like an unfilled placeholder.
fn clean(text: &str) -> String {
    text.trim()
        .replace('{', "(")
        .replace('}', ")")
        .trim_end_matches(['.', '!', ' '])
        .to_string()
}

/// `template` with each `{key}` of `pairs` replaced, in one pass (a plan writes thousands of
/// drafts; a `replace` per key was most of the planner's time in benches/engine).
fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn pick<'a>(pool: &[&'a str], index: usize) -> &'a str {
    pool[index % pool.len()]
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

/// What the person's notes say was discussed, as a phrase to follow "discussing": the leading
/// "talked about" of a jotted note dropped, "their" turned to "your". `None` when the note is
/// more than a short phrase: it is quoted instead.
fn topic(notes: &str) -> Option<String> {
    const LEADS: [&str; 12] = [
        "we talked about ",
        "talked about ",
        "we discussed ",
        "discussed ",
        "we spoke about ",
        "spoke about ",
        "asked about ",
        "asked me about ",
        "mentioned ",
        "chatted about ",
        "discussion of ",
        "conversation about ",
    ];
    // Compared on the note's own bytes: lower-casing may change their length (the Kelvin sign
    // becomes an ASCII `k`), and the rest is sliced from the note itself.
    let rest = LEADS
        .iter()
        .find(|lead| {
            notes
                .get(..lead.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(lead))
        })
        .map_or(notes, |lead| &notes[lead.len()..]);
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 || rest.contains(['.', '?', '!', ';', ':', '"']) {
        return None;
    }
    let phrase: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match w.to_lowercase().as_str() {
            "their" | "his" | "her" => "your".to_string(),
            "they" => "you".to_string(),
            // A function word that only started the note: "The new data platform".
            lowered @ ("the" | "a" | "an" | "how" | "what" | "why" | "our") if i == 0 => {
                lowered.to_string()
            }
            _ => (*w).to_string(),
        })
        .collect();
    Some(phrase.join(" "))
}

/// The parts of one person's note, shared by its email and its card.
struct Parts {
    subject: String,
    salutation: String,
    address: String,
    thanks: String,
    discussed: Option<String>,
    pitch: String,
    closing: String,
}

fn parts(letter: &Letter<'_>) -> Parts {
    let (iv, person, i, tz) = (letter.interview, letter.person, letter.index, letter.tz);
    let app = letter.application;
    let local = iv.scheduled_at.with_timezone(&tz);
    let short_date = format!("{} {}", local.day(), MONTHS[local.month0() as usize]);
    let date = format!(
        "{} {short_date}",
        WEEKDAYS[local.weekday().num_days_from_monday() as usize]
    );
    let (company, position, name) = (clean(&iv.company), clean(&iv.position), clean(&person.name));
    let (how, kind) = match iv.format {
        InterviewFormat::Onsite => ("in person", "interview"),
        InterviewFormat::Phone => ("on the phone", "phone interview"),
        InterviewFormat::Video => ("by video", "video interview"),
    };
    let pairs = [
        ("date", date.as_str()),
        ("short_date", short_date.as_str()),
        ("company", company.as_str()),
        ("position", position.as_str()),
        ("how", how),
        ("kind", kind),
    ];
    let title = person.title.as_deref().map(clean).filter(|t| !t.is_empty());
    let address = match title {
        Some(title) => format!("{name}\n{title}, {company}"),
        None => format!("{name}\n{company}"),
    };
    let support = is_support_role(person.role);
    let (subjects, thanks): (&[&str], String) = if support {
        let day = if iv.format == InterviewFormat::Onsite {
            pick(&HELP_ON_SITE, i)
        } else {
            pick(&HELP_REMOTE, i)
        };
        (
            &SUBJECTS_HELP,
            format!("{} {}", fill(day, &pairs), pick(&HELP_MEANT, i)),
        )
    } else {
        let first = match person.role {
            Role::Recruiter => pick(&ARRANGED, i),
            _ => pick(&CONVERSATION, i),
        };
        let subjects: &[&str] = if person.role == Role::Recruiter {
            &SUBJECTS_ARRANGED
        } else {
            &SUBJECTS_CONVERSATION
        };
        (
            subjects,
            format!(
                "{} {}",
                fill(first, &pairs),
                fill(pick(&INTEREST, i), &pairs)
            ),
        )
    };
    let notes = person.notes.as_deref().map(clean).filter(|n| !n.is_empty());
    let discussed = match (support, notes) {
        (true, _) => None,
        (false, Some(notes)) => Some(match topic(&notes) {
            Some(topic) => pick(&DISCUSSED, i).replace("{topic}", &topic),
            None => pick(&QUOTED, i).replace("{notes}", &notes),
        }),
        (false, None) => Some(fill(pick(&LEARNED, i), &pairs)),
    };
    // The application's strengths are for this job; the profile's stand in when it has none.
    let strengths = if app.strengths.is_empty() {
        &letter.profile.strengths
    } else {
        &app.strengths
    };
    let strengths: Vec<String> = strengths.iter().map(|s| clean(s)).collect();
    let (pitch, closing) = if support {
        (String::new(), pick(&SUPPORT_CLOSINGS, i).to_string())
    } else if app.unwanted() {
        (
            fill(pick(&GRACIOUS, i), &pairs),
            fill(pick(&GRACIOUS_CLOSINGS, i), &pairs),
        )
    } else {
        let pitch = match strengths.as_slice() {
            [] => pick(&NO_STRENGTHS, i).to_string(),
            all => pick(&STRENGTH, i).replace("{strength}", &all[i % all.len()]),
        };
        (pitch, pick(&CLOSINGS, i).to_string())
    };
    Parts {
        subject: fill(pick(subjects, i), &pairs),
        salutation: format!("Dear {name},"),
        address,
        thanks,
        discussed,
        pitch,
        closing,
    }
}

/// The draft of one letter: the email, then the card.
pub fn thank_you(letter: &Letter<'_>) -> String {
    let p = parts(letter);
    let signature = clean(&letter.profile.name);
    let sign_off = |words: &str| {
        if signature.is_empty() {
            words.to_string()
        } else {
            format!("{words},\n{signature}")
        }
    };
    let mut email = vec![format!("Subject: {}", p.subject), p.salutation.clone()];
    let mut body = p.thanks.clone();
    if let Some(discussed) = &p.discussed {
        body.push(' ');
        body.push_str(discussed);
    }
    email.push(body);
    if !p.pitch.is_empty() {
        email.push(p.pitch.clone());
    }
    email.push(p.closing.clone());
    email.push(sign_off("Kind regards"));
    // The card: the address for the envelope, and the thanks in two or three sentences.
    let mut card_body = p.thanks;
    if !p.pitch.is_empty() {
        card_body.push(' ');
        card_body.push_str(&p.pitch);
    }
    let card = [p.address, p.salutation, card_body, sign_off("With thanks")];
    format!(
        "Email\n\n{}\n\n---\n\nCard\n\n{}",
        email.join("\n\n"),
        card.join("\n\n")
    )
}

/// A day as reasons name it: "Tue 3 Mar".
pub fn local_day(at: DateTime<chrono::Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%a %-d %b").to_string()
}

/// A list as a sentence says it: "a, b and c".
pub fn sentence_list(items: &[String]) -> String {
    list(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enums::Interest;
    use crate::proofread;
    use crate::rules::tests::{application, at, facts, interview, person};
    use std::collections::HashMap;

    /// The sentences of a draft, leaving out what every note shares by design.
    fn sentences(draft: &str, names: &[&str]) -> Vec<String> {
        draft
            .split(['\n'])
            .flat_map(|line| line.split_inclusive(['.', ';']))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .filter(|s| {
                !matches!(
                    *s,
                    "Email" | "Card" | "---" | "Kind regards," | "With thanks,"
                )
            })
            .filter(|s| !s.starts_with("Dear ") && !s.starts_with("Subject: "))
            .filter(|s| !names.iter().any(|n| s.starts_with(n)) && *s != "Ada Lovelace")
            .filter(|s| !s.ends_with(", Acme") && *s != "Acme")
            .map(String::from)
            .collect()
    }

    #[test]
    fn notes_of_one_interview_share_no_sentence_and_pass_proofreading() {
        let f = facts();
        let roles = [
            Role::Interviewer,
            Role::Recruiter,
            Role::Receptionist,
            Role::Interviewer,
        ];
        let notes = [
            Some("Talked about their migration to Kafka"),
            None,
            None,
            None,
        ];
        for format in InterviewFormat::ALL {
            for interest in [Interest::Yes, Interest::No] {
                let mut iv = interview("iv", "Acme", "2026-03-03T14:00:00Z");
                iv.format = *format;
                let mut app = application(&iv.application_id, "Acme", at("2026-03-01T10:00:00Z"));
                app.interest = interest;
                let mut seen: HashMap<String, usize> = HashMap::new();
                let names = ["Maria Lopez", "Sam Reed", "Dana Cruz", "Lee Park"];
                for (i, (role, note)) in roles.iter().zip(notes).enumerate() {
                    let mut p = person(&format!("p{i}"), names[i], *role);
                    p.notes = note.map(String::from);
                    let draft = thank_you(&Letter {
                        profile: &f.profile,
                        application: &app,
                        interview: &iv,
                        person: &p,
                        index: i,
                        tz: chrono_tz::UTC,
                    });
                    let context = proofread::Context {
                        recipient: Some(proofread::Recipient {
                            name: p.name.clone(),
                            title: p.title.clone(),
                        }),
                        own_words: names
                            .iter()
                            .map(|n| n.to_string())
                            .chain([iv.company.clone(), iv.position.clone()])
                            .chain([f.profile.name.clone()])
                            .chain(f.profile.strengths.iter().cloned())
                            .collect(),
                        foreign: Vec::new(),
                    };
                    // The email and the card are two notes; only one is sent.
                    for note in draft.split("\n---\n") {
                        assert_eq!(
                            proofread::check(proofread::Checker::get(), note, &context),
                            Vec::new(),
                            "{note}"
                        );
                    }
                    if *format != InterviewFormat::Onsite {
                        assert!(!draft.contains("visit"), "{draft}");
                    }
                    if interest == Interest::No {
                        assert!(
                            !draft.contains("candidate") && !draft.contains("next step"),
                            "{draft}"
                        );
                    }
                    for sentence in sentences(&draft, &names) {
                        if let Some(other) = seen.insert(sentence.clone(), i)
                            && other != i
                        {
                            panic!("{sentence:?} is in the notes of person {other} and {i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn fill_replaces_known_slots_in_one_pass_and_leaves_the_rest() {
        let pairs = [("company", "Acme {x}"), ("date", "Tuesday 3 March")];
        assert_eq!(
            fill("At {company} on {date}, {unknown} and { stray", &pairs),
            "At Acme {x} on Tuesday 3 March, {unknown} and { stray"
        );
        let local = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 3, 14, 0, 0).unwrap();
        assert_eq!(
            format!(
                "{} {} {}",
                WEEKDAYS[local.weekday().num_days_from_monday() as usize],
                local.day(),
                MONTHS[local.month0() as usize]
            ),
            local.format("%A %-d %B").to_string()
        );
    }

    #[test]
    fn jotted_notes_become_a_phrase_or_a_quote() {
        assert_eq!(
            topic("Talked about their migration to Kafka").as_deref(),
            Some("your migration to Kafka")
        );
        assert_eq!(topic("event streaming").as_deref(), Some("event streaming"));
        assert_eq!(
            topic("The new data platform").as_deref(),
            Some("the new data platform")
        );
        assert_eq!(topic("Long day. She asked about my gap year?"), None);
        // A character whose lower case is shorter or ASCII must not split the note mid-character.
        assert_eq!(
            topic("As\u{212A}ed about the roadmap").as_deref(),
            Some("As\u{212A}ed about the roadmap")
        );
        assert_eq!(
            topic("\u{130}stanbul office").as_deref(),
            Some("\u{130}stanbul office")
        );
    }
}
