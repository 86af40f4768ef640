//! The names a note uses, against the user's data: the recipient's name and title spelled as
//! stored, and no name from another interview.

use super::words::{self, Word, distance};
use super::{Checker, Context, Finding, FindingKind};

/// Words after which a name comes: a near miss there is a misspelt name, not another word.
const BEFORE_NAME: &[&str] = &["dear", "mr", "ms", "mrs", "mx", "dr", "prof", "hi", "hello"];

/// How far a spelling may be from a name and still be that name misspelt.
fn near(written: &str, name: &str) -> bool {
    let d = distance(written, name);
    let allowed = if name.chars().count() >= 6 { 2 } else { 1 };
    d >= 1 && d <= allowed && !is_inflection(written, name)
}

/// "Managers", "Morgan's": the name itself, inflected.
fn is_inflection(written: &str, name: &str) -> bool {
    let lower = written.to_lowercase();
    let name = name.to_lowercase();
    ["s", "'s", "’s", "es"]
        .iter()
        .any(|ending| lower.strip_suffix(ending) == Some(name.as_str()))
}

/// Misspellings of the recipient's name and title, and (second) a finding that the note names
/// no one, which spans the first line but covers none of its words.
pub fn recipient(
    chars: &[char],
    context: &Context,
    checker: &Checker,
) -> (Vec<Finding>, Option<Finding>) {
    let Some(recipient) = &context.recipient else {
        return (Vec::new(), None);
    };
    let text = words::of(chars);
    let parts: Vec<String> = words::split(std::slice::from_ref(&recipient.name))
        .into_iter()
        .filter(|p| p.chars().count() > 1)
        .collect();
    if parts.is_empty() {
        return (Vec::new(), None);
    }
    let mut findings = Vec::new();
    let mut named = false;
    for (i, word) in text.iter().enumerate() {
        if !word.is_capitalised() {
            continue;
        }
        let bare = word.text.trim_end_matches("'s").trim_end_matches("’s");
        if parts.iter().any(|p| p.eq_ignore_ascii_case(bare)) {
            named = true;
            continue;
        }
        let beside_name = [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| text.get(j))
            .any(|w| parts.iter().any(|p| p.eq_ignore_ascii_case(&w.text)));
        let after_salutation = i
            .checked_sub(1)
            .and_then(|j| text.get(j))
            .is_some_and(|w| BEFORE_NAME.contains(&w.text.to_lowercase().as_str()));
        let unknown = !checker.is_english(bare) && !is_own_word(bare, context);
        // Beside the name or after "Dear", "Parks" is not a plural of Park: it is her name
        // misspelt ("Park's" is hers, and was stripped above).
        let where_a_name_goes = beside_name || after_salutation;
        let Some(part) = parts.iter().find(|p| {
            let plural = ["s", "es"].iter().any(|end| {
                bare.to_lowercase().strip_suffix(end) == Some(p.to_lowercase().as_str())
            });
            (near(bare, p) || (where_a_name_goes && plural))
                && (where_a_name_goes || (unknown && same_initial(bare, p)))
        }) else {
            continue;
        };
        named = true;
        findings.push(Finding {
            kind: FindingKind::Recipient,
            message: format!(
                "\"{}\" is not how {} is spelled: the name on file is {}",
                word.text, part, recipient.name
            ),
            offset: word.offset,
            length: word.len(),
            excerpt: String::new(),
            suggestions: vec![part.clone()],
        });
    }
    if let Some(title) = recipient.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let misspelt = title_misspelt(&text, title, &recipient.name, checker);
        let other = other_title(&text, title, &recipient.name);
        findings.extend(misspelt);
        for finding in other {
            let covered = findings.iter().any(|f| {
                f.offset < finding.offset + finding.length && finding.offset < f.offset + f.length
            });
            if !covered {
                findings.push(finding);
            }
        }
    }
    let unnamed = (!named).then(|| Finding {
        kind: FindingKind::Recipient,
        message: format!("The note does not name {}", recipient.name),
        offset: 0,
        length: chars.iter().position(|&c| c == '\n').unwrap_or(chars.len()),
        excerpt: String::new(),
        suggestions: Vec::new(),
    });
    (findings, unnamed)
}

fn same_initial(a: &str, b: &str) -> bool {
    a.chars().next().map(|c| c.to_lowercase().to_string())
        == b.chars().next().map(|c| c.to_lowercase().to_string())
}

fn is_own_word(word: &str, context: &Context) -> bool {
    context
        .own_words
        .iter()
        .any(|phrase| phrase.split_whitespace().any(|w| w == word))
}

/// "Enginering Manager" for Engineering Manager: as many words as the title, close to it, and
/// at least one of them right (or, for a one-word title, a word that is no English word).
fn title_misspelt(text: &[Word], title: &str, name: &str, checker: &Checker) -> Vec<Finding> {
    let title_words: Vec<&str> = title.split_whitespace().collect();
    let n = title_words.len();
    let mut findings = Vec::new();
    if n == 0 || text.len() < n {
        return findings;
    }
    let mut i = 0;
    while i + n <= text.len() {
        let window = &text[i..i + n];
        let written = window
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let some_right = window
            .iter()
            .zip(&title_words)
            .any(|(w, t)| w.text.eq_ignore_ascii_case(t));
        let plausible = if n == 1 {
            window[0].is_capitalised() && !checker.is_english(&window[0].text)
        } else {
            some_right
                && window.iter().zip(&title_words).all(|(w, t)| {
                    w.is_capitalised() == t.chars().next().is_some_and(char::is_uppercase)
                })
        };
        let d = distance(&written, title);
        let allowed = (title.chars().count() / 8).max(1);
        if plausible && d >= 1 && d <= allowed && !is_inflection(&written, title) {
            let last = &window[n - 1];
            findings.push(Finding {
                kind: FindingKind::Recipient,
                message: format!(
                    "\"{written}\" is not how {name}'s title is spelled: on file it is {title}"
                ),
                offset: window[0].offset,
                length: last.offset + last.len() - window[0].offset,
                excerpt: String::new(),
                suggestions: vec![title.to_string()],
            });
            i += n;
        } else {
            i += 1;
        }
    }
    findings
}

/// "Director of Data Science" to the Director of Data Engineering: a title of as many words
/// that starts as theirs (at least its first two words, and half of it) and then names another
/// field in capitals. A title written out wrong reads as a form letter.
fn other_title(text: &[Word], title: &str, name: &str) -> Vec<Finding> {
    let title_words: Vec<&str> = title.split_whitespace().collect();
    let n = title_words.len();
    let mut findings = Vec::new();
    if n < 3 || text.len() < n {
        return findings;
    }
    for i in 0..=text.len() - n {
        let window = &text[i..i + n];
        let same: Vec<bool> = window
            .iter()
            .zip(&title_words)
            .map(|(w, t)| w.text.eq_ignore_ascii_case(t))
            .collect();
        let leading = same.iter().take_while(|s| **s).count();
        let matching = same.iter().filter(|s| **s).count();
        let differing_are_titled = window
            .iter()
            .zip(&same)
            .filter(|(_, s)| !**s)
            .all(|(w, _)| w.is_capitalised());
        if leading >= 2 && matching * 2 >= n && matching < n && differing_are_titled {
            let last = &window[n - 1];
            let written = window
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            findings.push(Finding {
                kind: FindingKind::Recipient,
                message: format!("\"{written}\" is not {name}'s title: on file it is {title}"),
                offset: window[0].offset,
                length: last.offset + last.len() - window[0].offset,
                excerpt: String::new(),
                suggestions: vec![title.to_string()],
            });
        }
    }
    findings
}

/// A company or a person of another interview, named in this note: copied from another one?
pub fn foreign(chars: &[char], context: &Context) -> Vec<Finding> {
    let text = words::of(chars);
    let mut findings = Vec::new();
    for other in &context.foreign {
        let name: Vec<String> = words::of(&other.name.chars().collect::<Vec<_>>())
            .into_iter()
            .map(|w| w.text)
            .collect();
        if name.is_empty() || text.len() < name.len() {
            continue;
        }
        for i in 0..=text.len() - name.len() {
            let window = &text[i..i + name.len()];
            let same = window
                .iter()
                .zip(&name)
                .all(|(w, n)| w.text == *n || w.text.strip_suffix("'s").is_some_and(|b| b == n));
            if same {
                let last = &window[name.len() - 1];
                findings.push(Finding {
                    kind: FindingKind::OtherInterview,
                    message: format!(
                        "{} is from {}: was this note copied from another one?",
                        other.name, other.from
                    ),
                    offset: window[0].offset,
                    length: last.offset + last.len() - window[0].offset,
                    excerpt: String::new(),
                    suggestions: Vec::new(),
                });
            }
        }
    }
    findings
}
