//! Proofreading a note before it is sent: "make 100% sure that there are no grammar or spelling
//! errors". harper, an English checker built for this, finds spelling and grammar slips; what
//! only the user's data can tell is ours: a recipient's name or title spelled differently from
//! the stored person, a note that names no one, a name copied from another interview, and a
//! blank left to fill. Pure: the caller loads the data, nothing here does I/O.

mod blanks;
mod checker;
mod grammar;
mod loading;
mod names;
mod words;

use serde::Serialize;
use utoipa::ToSchema;

pub use checker::Checker;
pub use loading::{BUSY_RETRY_SECS, Proofreader, RETRY_SECS, SLOT_WAIT};

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Spelling,
    Grammar,
    WordChoice,
    Punctuation,
    Capitalization,
    DoubledWord,
    Placeholder,
    Recipient,
    OtherInterview,
}

/// One thing to fix before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Finding {
    #[schema(example = "spelling")]
    pub kind: FindingKind,
    #[schema(example = "\"managment\" is not a word we know")]
    pub message: String,
    /// Where it starts, in characters (Unicode scalar values) of the submitted text.
    #[schema(example = 41)]
    pub offset: usize,
    /// How long it is, in characters.
    #[schema(example = 9)]
    pub length: usize,
    /// The words around it, for a reader without the text at hand.
    #[schema(example = "interested in the managment role")]
    pub excerpt: String,
    /// Text to put in place of the finding's characters, best first; an empty string means
    /// removing them. Empty when there is nothing to suggest.
    #[schema(example = json!(["management"]))]
    pub suggestions: Vec<String>,
}

/// The person a note is for, as stored.
#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub name: String,
    pub title: Option<String>,
}

/// A name from the user's data that does not belong in this note.
#[derive(Debug, Clone)]
pub struct Foreign {
    pub name: String,
    /// Where it comes from, as a sentence part: "your interview at Globex".
    pub from: String,
}

/// What the user's data says about a note.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub recipient: Option<Recipient>,
    /// The user's words: names, companies, positions, titles and strengths. Never misspellings.
    pub own_words: Vec<String>,
    /// Companies and people of the user's other interviews.
    pub foreign: Vec<Foreign>,
}

/// Every finding in `text`, in the order of the text; one per stretch of text.
pub fn check(checker: &Checker, text: &str, context: &Context) -> Vec<Finding> {
    let chars: Vec<char> = text.chars().collect();
    // Ours first: where they and harper's cover the same words, the one that knows the
    // user's data says it better ("Morgn" is Morgan's name misspelt, not an unknown word).
    let mut findings = blanks::placeholders(&chars);
    let (misspelt, unnamed) = names::recipient(&chars, context, checker);
    findings.extend(misspelt);
    findings.extend(names::foreign(&chars, context));
    findings.extend(grammar::slips(&chars));
    for finding in checker.lint(text, &words::split(&context.own_words)) {
        let overlaps = findings.iter().any(|f| {
            f.offset < finding.offset + finding.length && finding.offset < f.offset + f.length
        });
        if !overlaps {
            findings.push(finding);
        }
    }
    findings.extend(unnamed);
    findings.sort_by_key(|f| (f.offset, f.length));
    for finding in &mut findings {
        finding.excerpt = excerpt(&chars, finding.offset, finding.length);
    }
    findings
}

/// The finding's text with up to four words either side, on one line.
fn excerpt(chars: &[char], offset: usize, length: usize) -> String {
    let end = (offset + length).min(chars.len());
    let mut start = offset.min(end);
    let mut spaces = 0;
    while start > 0 {
        if chars[start - 1].is_whitespace() {
            spaces += 1;
            if spaces > 4 {
                break;
            }
        }
        start -= 1;
    }
    let mut stop = end;
    spaces = 0;
    while stop < chars.len() {
        if chars[stop].is_whitespace() {
            spaces += 1;
            if spaces > 4 {
                break;
            }
        }
        stop += 1;
    }
    let text: String = chars[start..stop]
        .iter()
        .map(|&c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
