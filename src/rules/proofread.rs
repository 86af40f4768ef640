//! Proofreading a note before it is sent: "make 100% sure that there are no grammar or spelling
//! errors". Not a grammar checker: it catches what a hurried writer leaves behind — a
//! placeholder not filled in, a doubled word, a stray space, a lower-case sentence start, the
//! usual misspellings, and a note that forgets the name of the person it thanks.

use serde::Serialize;
use utoipa::ToSchema;

/// One thing to fix, with the words around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Issue {
    /// `placeholder`, `doubled_word`, `spacing`, `capital`, `spelling` or `recipient`.
    #[schema(example = "doubled_word")]
    pub code: &'static str,
    #[schema(example = "\"the\" is written twice")]
    pub message: String,
    #[schema(example = "about the the position")]
    pub excerpt: String,
}

const MISSPELLINGS: &[(&str, &str)] = &[
    ("recieve", "receive"),
    ("recieved", "received"),
    ("seperate", "separate"),
    ("definately", "definitely"),
    ("oppurtunity", "opportunity"),
    ("oportunity", "opportunity"),
    ("thier", "their"),
    ("untill", "until"),
    ("begining", "beginning"),
    ("sincerly", "sincerely"),
    ("appriciate", "appreciate"),
    ("apreciate", "appreciate"),
    ("intrested", "interested"),
    ("interveiw", "interview"),
    ("intervew", "interview"),
    ("posistion", "position"),
    ("comittee", "committee"),
    ("acheive", "achieve"),
    ("experiance", "experience"),
    ("occured", "occurred"),
    ("responsability", "responsibility"),
    ("succesful", "successful"),
    ("thankyou", "thank you"),
    ("alot", "a lot"),
];

const MARKERS: &[&str] = &["XXX", "TODO", "TBD", "FIXME", "___"];

fn excerpt(text: &str, at: usize, len: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(20)
        .map_or(0, |(i, _)| i);
    let end = text[at + len..]
        .char_indices()
        .nth(20)
        .map_or(text.len(), |(i, _)| at + len + i);
    text[start..end].replace('\n', " ").trim().to_string()
}

/// Every issue found in `text`; `recipient` is the name the note must mention, if any.
pub fn check(text: &str, recipient: Option<&str>) -> Vec<Issue> {
    let mut issues = Vec::new();
    placeholders(text, &mut issues);
    words(text, &mut issues);
    spacing(text, &mut issues);
    capitals(text, &mut issues);
    if let Some(name) = recipient.map(str::trim).filter(|n| !n.is_empty()) {
        let lower = text.to_lowercase();
        let mentioned = name
            .split_whitespace()
            .any(|part| part.chars().count() > 1 && lower.contains(&part.to_lowercase()));
        if !mentioned {
            issues.push(Issue {
                code: "recipient",
                message: format!("The note does not name {name}"),
                excerpt: text.lines().next().unwrap_or("").trim().to_string(),
            });
        }
    }
    issues
}

fn placeholders(text: &str, issues: &mut Vec<Issue>) {
    for (open, close) in [('{', '}'), ('[', ']'), ('<', '>')] {
        let mut from = 0;
        while let Some(start) = text[from..].find(open).map(|i| from + i) {
            let Some(end) = text[start..].find(close).map(|i| start + i) else {
                break;
            };
            let inside = &text[start + 1..end];
            // `[Name]`, `{company}`, `<title>`: a short slot, not a parenthetical remark.
            if !inside.is_empty() && inside.len() <= 30 && !inside.contains(['.', '!', '?']) {
                issues.push(Issue {
                    code: "placeholder",
                    message: format!(
                        "`{}` looks like a blank left to fill in",
                        &text[start..=end]
                    ),
                    excerpt: excerpt(text, start, end + 1 - start),
                });
            }
            from = end + 1;
        }
    }
    for marker in MARKERS {
        if let Some(at) = text.find(marker) {
            issues.push(Issue {
                code: "placeholder",
                message: format!("`{marker}` is still in the text"),
                excerpt: excerpt(text, at, marker.len()),
            });
        }
    }
}

/// Word positions: (byte offset, word).
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let wordy = c.is_alphanumeric() || c == '\'';
        match (wordy, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

fn words(text: &str, issues: &mut Vec<Issue>) {
    let tokens = tokens(text);
    for pair in tokens.windows(2) {
        let ((a_at, a), (b_at, b)) = (pair[0], pair[1]);
        let between = &text[a_at + a.len()..b_at];
        if a.eq_ignore_ascii_case(b)
            && between.trim().is_empty()
            && a.chars().any(char::is_alphabetic)
        {
            issues.push(Issue {
                code: "doubled_word",
                message: format!("\"{a}\" is written twice"),
                excerpt: excerpt(text, a_at, b_at + b.len() - a_at),
            });
        }
    }
    for (at, word) in tokens {
        let lower = word.to_lowercase();
        if let Some((_, right)) = MISSPELLINGS.iter().find(|(wrong, _)| *wrong == lower) {
            issues.push(Issue {
                code: "spelling",
                message: format!("\"{word}\" should be \"{right}\""),
                excerpt: excerpt(text, at, word.len()),
            });
        }
    }
}

fn spacing(text: &str, issues: &mut Vec<Issue>) {
    for line in text.lines() {
        let offset = line.as_ptr() as usize - text.as_ptr() as usize;
        if let Some(at) = line
            .trim_end()
            .find("  ")
            .filter(|&i| i >= line.len() - line.trim_start().len())
        {
            issues.push(Issue {
                code: "spacing",
                message: "Two spaces in a row".into(),
                excerpt: excerpt(text, offset + at, 2),
            });
        }
        for mark in [" ,", " .", " !", " ?", " ;", " :"] {
            if let Some(at) = line.find(mark) {
                issues.push(Issue {
                    code: "spacing",
                    message: format!("A space before \"{}\"", &mark[1..]),
                    excerpt: excerpt(text, offset + at, 2),
                });
            }
        }
    }
}

fn capitals(text: &str, issues: &mut Vec<Issue>) {
    let mut sentence_start = true;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            if sentence_start && c.is_lowercase() {
                issues.push(Issue {
                    code: "capital",
                    message: "A sentence starts with a small letter".into(),
                    excerpt: excerpt(text, i, c.len_utf8()),
                });
            }
            sentence_start = false;
        } else if matches!(c, '.' | '!' | '?') {
            // "e.g." and decimals are rare in a thank-you note; a full stop ends a sentence.
            sentence_start = true;
        } else if c == '\n' && text[..i].ends_with("\n") {
            sentence_start = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, name: Option<&str>) -> Vec<&'static str> {
        check(text, name).into_iter().map(|i| i.code).collect()
    }

    #[test]
    fn a_clean_note_passes() {
        let note = "Dear Maria Lopez (Head of Data),\n\nThank you for meeting with me on Tuesday. \
                    I appreciate Acme's interest in me.\n\nKind regards,\nAda";
        assert_eq!(codes(note, Some("Maria Lopez")), Vec::<&str>::new());
    }

    #[test]
    fn blanks_doubled_words_and_misspellings_are_caught() {
        assert_eq!(codes("Dear [Name], thank you.", None), ["placeholder"]);
        assert_eq!(codes("Dear Maria.\n\nthank you.", None), ["capital"]);
        assert_eq!(
            codes("Dear Maria, I enjoyed {topic}.", None),
            ["placeholder"]
        );
        assert_eq!(codes("Dear Maria, XXX.", None), ["placeholder"]);
        assert_eq!(codes("Thank you for the the time.", None), ["doubled_word"]);
        assert_eq!(codes("I recieved your note.", None), ["spelling"]);
        let issue = &check("I definately want it.", None)[0];
        assert!(issue.message.contains("definitely"));
        assert_eq!(issue.excerpt, "I definately want it.");
    }

    #[test]
    fn spacing_capitals_and_the_recipient() {
        assert_eq!(codes("Thank you , Maria.", None), ["spacing"]);
        assert_eq!(codes("Thank you.  See you.", None), ["spacing"]);
        assert_eq!(codes("Thank you. see you soon.", None), ["capital"]);
        assert_eq!(
            codes("Dear Sir, thank you.", Some("Maria Lopez")),
            ["recipient"]
        );
        assert_eq!(
            codes("Dear Ms Lopez, thank you.", Some("Maria Lopez")),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn generated_drafts_pass_their_own_check() {
        use crate::rules::tests::{facts, interview, person};
        let f = facts();
        let iv = interview("iv", "Acme", "2026-03-03T14:00:00Z");
        for (i, role) in [
            crate::domain::enums::Role::Interviewer,
            crate::domain::enums::Role::Receptionist,
        ]
        .into_iter()
        .enumerate()
        {
            let mut p = person("p", "Maria Lopez", role);
            p.notes = Some("event streaming".into());
            let draft = crate::rules::draft::thank_you(&f.profile, &iv, &p, i, chrono_tz::UTC);
            assert_eq!(check(&draft, Some("Maria Lopez")), Vec::new(), "{draft}");
        }
    }
}
