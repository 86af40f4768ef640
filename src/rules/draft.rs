//! Thank-you drafts: an email (with its subject) and a short card, individual, deterministic,
//! with nothing left to fill in (RULES.md, "Thank-you drafts").
//!
//! "Say something slightly different in each one to make them sound individualized": a note is
//! built from parts (the thanks, what was discussed, a strength, the closing), and each letter
//! takes one sentence of every part's pool, chosen by `variants` so that the people of one
//! interview, and one person across the rounds of an application, share no sentence but the
//! salutation and signature. What was discussed comes from the attendance (`discussed`, written
//! for the recipient); the person's private notes never appear. A
//! receptionist or assistant is thanked for their help on the day, a recruiter for arranging the
//! interview, an interviewer for the conversation; a phone or video interview is not a visit.
//! For a job the user does not want, the note thanks without arguing for it.

use std::collections::HashMap;

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;

use super::phrases::*;
use crate::domain::enums::{InterviewFormat, Role};
use crate::domain::facts::{ApplicationFact, InterviewFact, PersonFact, Profile};

/// What one thank-you is written from: who writes, for which job and round, to whom, what was
/// discussed with them there, and which sentence of each pool it takes (`variants`).
pub struct Letter<'a> {
    pub profile: &'a Profile,
    pub application: &'a ApplicationFact,
    pub interview: &'a InterviewFact,
    pub person: &'a PersonFact,
    pub discussed: Option<&'a str>,
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

/// A proper name as a letter writes it: `clean`, but an abbreviation's period stays ("Initech,
/// Inc.", "Martin Luther King Jr.").
fn name_text(text: &str) -> String {
    let cleaned = clean(text);
    let trimmed = text.trim().trim_end_matches(['!', ' ']);
    let last = trimmed.rsplit([' ', ',']).next().unwrap_or("");
    let abbreviation = last.len() <= 6
        && last.ends_with('.')
        && last.chars().next().is_some_and(char::is_uppercase)
        && last.chars().filter(|c| c.is_alphabetic()).count() <= 4;
    if abbreviation && trimmed.len() > last.len() {
        format!("{cleaned}.")
    } else {
        cleaned
    }
}

/// "Initech's", but "AT&T Labs'": a name ending in s is mostly a plural (Labs, Systems,
/// Partners), and takes the apostrophe alone.
fn possessive(name: &str) -> String {
    if name.ends_with(['s', 'S']) {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
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
                // "…with Initech, Inc." ends the sentence once.
                if value.ends_with('.') && rest.starts_with('.') && !rest.starts_with("..") {
                    rest = &rest[1..];
                }
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

/// A strength as it reads inside a sentence: a leading "my" dropped (the frames say whose it
/// is), and a common first word lower-cased ("Leading a migration" → "leading a migration");
/// a name ("Rust", "AWS") keeps its capital.
fn strength_phrase(text: &str) -> String {
    let text = clean(text);
    let text = ["my ", "My ", "MY "]
        .iter()
        .find_map(|lead| text.strip_prefix(lead))
        .unwrap_or(&text)
        .trim()
        .to_string();
    let first = text.split_whitespace().next().unwrap_or("");
    let mut letters = first.chars();
    let capital_only_first = letters.next().is_some_and(char::is_uppercase)
        && letters.clone().all(|c| c.is_lowercase() || c == '-')
        && letters.count() > 0;
    let lower = first.to_lowercase();
    let common = lower.ends_with("ing")
        || COMMON_LEADS.contains(&lower.trim_end_matches(['-']))
        || lower.parse::<u32>().is_ok();
    if capital_only_first && common {
        let mut chars = text.chars();
        let head: String = chars
            .next()
            .map(|c| c.to_lowercase().collect())
            .unwrap_or_default();
        format!("{head}{}", chars.as_str())
    } else {
        text
    }
}

/// First words of strengths as people write them that are ordinary English, not names.
const COMMON_LEADS: [&str; 40] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "fifteen",
    "twenty",
    "several",
    "many",
    "years",
    "experience",
    "strong",
    "deep",
    "proven",
    "solid",
    "extensive",
    "broad",
    "hands-on",
    "a",
    "an",
    "the",
    "excellent",
    "clear",
    "calm",
    "patient",
    "fluent",
    "native",
    "expert",
    "expertise",
    "knowledge",
    "background",
    "skill",
    "skills",
    "fast",
];

/// Which sentence of each pool a person's letter takes, for every round of one application:
/// the people of one round take different ones, and a person met in several rounds takes in
/// each a sentence their earlier letters did not (RULES.md, "Thank-you drafts"). `rounds` in the
/// order they happened, each with its attendees in id order. Up to six people a round and six
/// rounds a person differ; beyond that the pools repeat.
pub fn variants<'a>(rounds: &[(&'a str, Vec<&'a str>)]) -> HashMap<(&'a str, &'a str), usize> {
    const POOL: usize = 6;
    let mut taken: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut out = HashMap::new();
    for (round, people) in rounds {
        let mut here: Vec<usize> = Vec::new();
        for (k, person) in people.iter().enumerate() {
            let history = taken.entry(person).or_default();
            let free = (0..POOL)
                .map(|step| (k + step) % POOL)
                .find(|v| !here.contains(v) && !history.contains(v))
                .or_else(|| {
                    (0..POOL)
                        .map(|step| (k + step) % POOL)
                        .find(|v| !here.contains(v))
                })
                .unwrap_or(k % POOL);
            here.push(free);
            history.push(free);
            out.insert((*round, *person), free);
        }
    }
    out
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
    let (company, position, name) = (
        name_text(&iv.company),
        clean(&iv.position),
        name_text(&person.name),
    );
    let company_possessive = possessive(&company);
    let (how, kind) = match iv.format {
        InterviewFormat::Onsite => ("in person", "interview"),
        InterviewFormat::Phone => ("on the phone", "phone interview"),
        InterviewFormat::Video => ("by video", "video interview"),
    };
    let pairs = [
        ("date", date.as_str()),
        ("short_date", short_date.as_str()),
        ("company", company.as_str()),
        ("company_possessive", company_possessive.as_str()),
        ("position", position.as_str()),
        ("how", how),
        ("kind", kind),
    ];
    let title = person
        .title
        .as_deref()
        .map(name_text)
        .filter(|t| !t.is_empty());
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
    // What was discussed at this meeting, as written for them; the person's own notes are the
    // user's and never appear.
    let topic = letter.discussed.map(clean).filter(|t| !t.is_empty());
    let discussed = match (support, topic) {
        (true, Some(topic)) => Some(pick(&SUPPORT_DISCUSSED, i).replace("{topic}", &topic)),
        (true, None) => None,
        (false, Some(topic)) => Some(pick(&DISCUSSED, i).replace("{topic}", &topic)),
        (false, None) => Some(fill(pick(&LEARNED, i), &pairs)),
    };
    // The application's strengths are for this job; the profile's stand in when it has none.
    let strengths = if app.strengths.is_empty() {
        &letter.profile.strengths
    } else {
        &app.strengths
    };
    let strengths: Vec<String> = strengths.iter().map(|s| strength_phrase(s)).collect();
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
        salutation: format!(
            "Dear {},",
            person
                .salutation
                .as_deref()
                .map(clean)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| name.clone())
        ),
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
    use crate::domain::facts::Facts;
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

    /// The check a user runs on a draft before sending it, with what their data knows.
    fn assert_clean(draft: &str, person: &PersonFact, words: &[String]) {
        let context = proofread::Context {
            recipient: Some(proofread::Recipient {
                name: person.name.clone(),
                title: person.title.clone(),
            }),
            own_words: words.to_vec(),
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
    }

    fn letter_for<'a>(
        f: &'a Facts,
        app: &'a ApplicationFact,
        iv: &'a InterviewFact,
        p: &'a PersonFact,
        discussed: Option<&'a str>,
        index: usize,
    ) -> String {
        thank_you(&Letter {
            profile: &f.profile,
            application: app,
            interview: iv,
            person: p,
            discussed,
            index,
            tz: chrono_tz::UTC,
        })
    }

    #[test]
    fn company_names_keep_their_periods_and_take_the_right_possessive() {
        let f = facts();
        for (company, owned, not) in [
            ("Initech, Inc.", "Initech, Inc.'s", "Inc.."),
            ("AT&T Labs", "AT&T Labs'", "Labs's"),
            ("Globex", "Globex's", "Globex' "),
        ] {
            let mut iv = interview("iv", company, "2026-03-03T14:00:00Z");
            iv.format = InterviewFormat::Onsite;
            let app = application(&iv.application_id, company, at("2026-03-01T10:00:00Z"));
            let mut owners = 0;
            for index in 0..12 {
                let p = person("p", "Maria Lopez", Role::Interviewer);
                let draft = letter_for(&f, &app, &iv, &p, None, index);
                assert!(!draft.contains(not), "{draft}");
                assert!(draft.contains(company), "{draft}");
                owners += usize::from(draft.contains(owned));
            }
            assert!(owners > 0, "no letter says {owned}");
        }
        assert_eq!(
            name_text("Martin Luther King Jr."),
            "Martin Luther King Jr."
        );
        assert_eq!(name_text("Great team!"), "Great team");
        assert_eq!(name_text("Acme."), "Acme");
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
        let discussed = [
            Some("your team's move to event streaming"),
            None,
            Some("the history of the building"),
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
                let words: Vec<String> = names
                    .iter()
                    .map(|n| n.to_string())
                    .chain([iv.company.clone(), iv.position.clone()])
                    .chain([f.profile.name.clone()])
                    .chain(f.profile.strengths.iter().cloned())
                    .collect();
                for (i, (role, said)) in roles.iter().zip(discussed).enumerate() {
                    let mut p = person(&format!("p{i}"), names[i], *role);
                    // Private: never in a letter.
                    p.notes = Some("He is my future manager. Wants me to start in January".into());
                    if i == 0 {
                        p.salutation = Some("Dr. Lopez".into());
                    }
                    let draft = letter_for(&f, &app, &iv, &p, said, i);
                    assert_clean(&draft, &p, &words);
                    assert!(!draft.contains("future manager"), "{draft}");
                    if i == 0 {
                        assert!(draft.contains("Dear Dr. Lopez,"), "{draft}");
                    }
                    if let Some(said) = said {
                        assert!(draft.contains(said), "{draft}");
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
    fn a_person_met_in_three_rounds_gets_no_sentence_twice() {
        let f = facts();
        let app = application("app-acme", "Acme", at("2026-03-01T10:00:00Z"));
        // Pat at every round, with two, three and one others.
        let rounds: Vec<(String, Vec<String>)> = vec![
            ("r1".into(), vec!["a".into(), "pat".into()]),
            ("r2".into(), vec!["b".into(), "c".into(), "pat".into()]),
            ("r3".into(), vec!["pat".into()]),
        ];
        let borrowed: Vec<(&str, Vec<&str>)> = rounds
            .iter()
            .map(|(r, people)| (r.as_str(), people.iter().map(String::as_str).collect()))
            .collect();
        let chosen = variants(&borrowed);
        let pat = person("pat", "Pat Reyes", Role::Interviewer);
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (k, (round, people)) in borrowed.iter().enumerate() {
            let mut mine = Vec::new();
            for person in people {
                mine.push(chosen[&(*round, *person)]);
            }
            mine.sort_unstable();
            mine.dedup();
            assert_eq!(mine.len(), people.len(), "one round, different sentences");
            let mut iv = interview(round, "Acme", "2026-03-03T14:00:00Z");
            iv.scheduled_at += chrono::Duration::days(7 * k as i64);
            let draft = letter_for(&f, &app, &iv, &pat, None, chosen[&(*round, "pat")]);
            // The email and the card of one letter share their thanks; letters must not.
            let mine: std::collections::BTreeSet<String> =
                sentences(&draft, &["Pat Reyes"]).into_iter().collect();
            for sentence in mine {
                if let Some(earlier) = seen.insert(sentence.clone(), round) {
                    panic!("{sentence:?} was in Pat's letter for {earlier} and again for {round}");
                }
            }
        }
    }

    #[test]
    fn strengths_read_as_english_in_every_frame() {
        // As people write them: noun phrases, gerunds, "my", capitals, names.
        const STRENGTHS: [&str; 42] = [
            "ten years of analytics",
            "Ten years of analytics",
            "my ten years of analytics",
            "leading a migration from Oracle to PostgreSQL",
            "Leading a migration from Oracle to PostgreSQL",
            "clear writing",
            "strong communication skills",
            "experience with Kubernetes",
            "five years building data pipelines",
            "a track record of shipping on time",
            "deep knowledge of SQL",
            "mentoring junior engineers",
            "building teams from scratch",
            "fluent Spanish and Portuguese",
            "calm under pressure",
            "hands-on experience with AWS",
            "AWS certification",
            "Python and Rust",
            "managing budgets of over two million dollars",
            "working with customers directly",
            "a background in statistics",
            "an eye for detail",
            "teaching statistics at a university",
            "patience with legacy systems",
            "turning vague requirements into working software",
            "public speaking",
            "cross-functional collaboration",
            "proven leadership in remote teams",
            "solid grounding in accounting",
            "knowledge of GDPR and data privacy",
            "designing APIs that last",
            "writing documentation people read",
            "twelve years in retail banking",
            "running on-call rotations",
            "growing revenue in new markets",
            "negotiating with suppliers",
            "experience as a nurse in intensive care",
            "excellent organisational skills",
            "curiosity and persistence",
            "two published papers on machine learning",
            "shipping mobile apps used by millions",
            "Excel modelling",
        ];
        let f = facts();
        let iv = interview("iv", "Acme", "2026-03-03T14:00:00Z");
        let p = person("p0", "Maria Lopez", Role::Interviewer);
        for strength in STRENGTHS {
            let mut app = application(&iv.application_id, "Acme", at("2026-03-01T10:00:00Z"));
            app.strengths = vec![strength.to_string()];
            let words: Vec<String> = [
                strength.to_string(),
                "Maria Lopez".into(),
                "Acme".into(),
                "Data Engineer".into(),
                f.profile.name.clone(),
            ]
            .into();
            for index in 0..6 {
                let draft = letter_for(&f, &app, &iv, &p, None, index);
                assert_clean(&draft, &p, &words);
                assert!(
                    !draft.contains("my my") && !draft.contains(" my ten"),
                    "{draft}"
                );
            }
        }
        assert_eq!(strength_phrase("Leading a team"), "leading a team");
        assert_eq!(strength_phrase("my Ten years"), "ten years");
        assert_eq!(strength_phrase("Python and Rust"), "Python and Rust");
        assert_eq!(strength_phrase("AWS certification"), "AWS certification");
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
}
