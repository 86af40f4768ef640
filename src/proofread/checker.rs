//! The English checker: harper's dictionary and its curated grammar rules, loaded once off the
//! request path. Spelling is checked against that dictionary merged with the user's own words
//! (names, companies, positions, strengths), so those are words, not findings.

use std::sync::{Arc, Mutex, OnceLock};

use harper_core::linting::{LintGroup, LintKind, Linter, Suggestion};
use harper_core::parsers::PlainEnglish;
use harper_core::spell::{
    Dictionary, FstDictionary, MergedDictionary, MutableDictionary, suggest_correct_spelling,
};
use harper_core::{CharStringExt, Dialect, DictWordMetadata, Document, NounData, TokenStringExt};

use super::{Finding, FindingKind};

const DIALECT: Dialect = Dialect::American;
/// harper's own spell-check rule runs on the curated dictionary alone; ours knows the user's words.
const HARPER_SPELL_CHECK: &str = "SpellCheck";
const MAX_SUGGESTIONS: usize = 3;
/// Unknown words of one note that get suggestions; the others are flagged without.
const SUGGESTED_WORDS: usize = 20;
/// Longer unknown words (a pasted link, a code) get no suggestions.
const MAX_SUGGESTED_LEN: usize = 24;
/// Lint groups kept between checks; concurrent checks beyond these build one (about 6 ms).
const POOLED_GROUPS: usize = 2;
/// Characters a pooled group lints before it is replaced: its sentence caches (two LRUs of a
/// thousand entries, each a map of every rule to its lints) would otherwise grow to about 80 MB
/// a group under long, unseen notes. A user's repeated checks of one note stay within it.
const GROUP_BUDGET: usize = 32 * 1024;

pub struct Checker {
    dictionary: Arc<FstDictionary>,
    /// Lint groups are stateful (they cache per sentence), so each check borrows one, with the
    /// characters it has linted so far.
    groups: Mutex<Vec<(LintGroup, usize)>>,
}

static CHECKER: OnceLock<Checker> = OnceLock::new();

impl Checker {
    /// The checker, loaded on the first call; a caller that comes while it loads waits for it.
    /// Requests go through `Proofreader`, which never waits.
    pub fn get() -> &'static Checker {
        CHECKER.get_or_init(|| {
            let dictionary = FstDictionary::curated();
            let group = Self::new_group(&dictionary);
            Checker {
                dictionary,
                groups: Mutex::new(vec![(group, 0)]),
            }
        })
    }

    fn new_group(dictionary: &Arc<FstDictionary>) -> LintGroup {
        let mut group = LintGroup::new_curated(dictionary.clone(), DIALECT);
        group.config.set_rule_enabled(HARPER_SPELL_CHECK, false);
        // "---" for an em dash is typography, and it parts the email from the card in a draft.
        group.config.set_rule_enabled("Dashes", false);
        // "40 TB" and "5 min" are how people write to engineers: spelling them out is a house
        // style, not a slip to fix before sending (harper files these rules as word choice).
        group
            .config
            .set_rule_enabled("ExpandMemoryShorthands", false);
        group.config.set_rule_enabled("ExpandTimeShorthands", false);
        group
    }

    /// Whether `word` is an English word, whatever the user's data.
    pub fn is_english(&self, word: &str) -> bool {
        self.dictionary.contains_word_str(word)
    }

    /// Spelling and grammar findings in `text`, which knows `own_words` as words.
    pub fn lint(&self, text: &str, own_words: &[String]) -> Vec<Finding> {
        let dictionary = self.with_words(own_words);
        let document = Document::new(text, &PlainEnglish, &dictionary);
        let source = document.get_source();
        let mut findings = spelling(&document, &dictionary);

        let taken = self.groups.lock().map(|mut pool| pool.pop()).ok().flatten();
        let (mut group, linted) = taken.unwrap_or_else(|| (Self::new_group(&self.dictionary), 0));
        let lints = group.lint(&document);
        let linted = linted + text.len();
        // Each group's sentence caches grow to tens of megabytes: keep a few, each within its
        // budget, and drop the rest.
        if linted < GROUP_BUDGET
            && let Ok(mut pool) = self.groups.lock()
            && pool.len() < POOLED_GROUPS
        {
            pool.push((group, linted));
        }
        for lint in lints {
            let Some(kind) = kind_of(lint.lint_kind) else {
                continue;
            };
            let original: String = lint.span.get_content(source).iter().collect();
            findings.push(Finding {
                kind,
                message: lint.message.replace('`', "\""),
                offset: lint.span.start,
                length: lint.span.len(),
                excerpt: String::new(),
                suggestions: lint
                    .suggestions
                    .iter()
                    .map(|s| replacement(s, &original))
                    .collect(),
            });
        }
        findings
    }

    fn with_words(&self, own_words: &[String]) -> MergedDictionary {
        let mut own = MutableDictionary::new();
        for word in own_words {
            if word.is_empty() || self.dictionary.contains_exact_word_str(word) {
                continue;
            }
            let proper = word.chars().next().is_some_and(char::is_uppercase);
            let metadata = if proper {
                DictWordMetadata {
                    noun: Some(NounData {
                        is_proper: Some(true),
                        is_singular: Some(true),
                        ..NounData::default()
                    }),
                    ..DictWordMetadata::default()
                }
            } else {
                DictWordMetadata::default()
            };
            own.append_word_str(&format!("{word}'s"), metadata.clone());
            own.append_word_str(word, metadata);
        }
        let mut merged = MergedDictionary::new();
        merged.add_dictionary(self.dictionary.clone());
        merged.add_dictionary(Arc::new(own));
        merged
    }
}

/// Every word the dictionary does not know, with its nearest words as suggestions: what
/// harper's spell-check rule does, over the merged dictionary. Suggestions are searched within
/// two edits, for at most `SUGGESTED_WORDS` words of a note: harper's rule backs off to four
/// edits, and over its dictionary that took seconds on a line of unusual letters.
fn spelling(document: &Document, dictionary: &MergedDictionary) -> Vec<Finding> {
    let mut findings = Vec::new();
    for word in document.iter_words() {
        let chars = document.get_span_content(&word.span);
        let normal = chars.normalized();
        if dictionary.contains_exact_word(chars)
            || dictionary.contains_exact_word(&normal)
            || dictionary.contains_exact_word(&normal.to_lower())
        {
            continue;
        }
        let written: String = chars.iter().collect();
        let suggestions = if findings.len() < SUGGESTED_WORDS && chars.len() <= MAX_SUGGESTED_LEN {
            suggest(chars, dictionary)
        } else {
            Vec::new()
        };
        let message = match suggestions.as_slice() {
            [only] => format!("\"{written}\" is not a word we know: did you mean \"{only}\"?"),
            _ => format!("\"{written}\" is not a word we know"),
        };
        findings.push(Finding {
            kind: FindingKind::Spelling,
            message,
            offset: word.span.start,
            length: word.span.len(),
            excerpt: String::new(),
            suggestions,
        });
    }
    findings
}

/// The dictionary's nearest words to `chars`, within one edit, else two.
fn suggest(chars: &[char], dictionary: &MergedDictionary) -> Vec<String> {
    let capital = chars.first().is_some_and(|c| c.is_uppercase());
    let mut suggestions: Vec<String> = Vec::new();
    for distance in 1..=2 {
        for candidate in suggest_correct_spelling(chars, 200, distance, dictionary) {
            let mut text: String = candidate.iter().collect();
            if capital && !candidate.iter().skip(1).any(|c| c.is_uppercase()) {
                text = capitalise(&text);
            }
            if !suggestions.iter().any(|s| s.eq_ignore_ascii_case(&text)) {
                suggestions.push(text);
            }
            if suggestions.len() == MAX_SUGGESTIONS {
                return suggestions;
            }
        }
        if !suggestions.is_empty() {
            break;
        }
    }
    suggestions
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A suggestion as the text to put in place of the finding's span.
fn replacement(suggestion: &Suggestion, original: &str) -> String {
    match suggestion {
        Suggestion::ReplaceWith(chars) => chars.iter().collect(),
        Suggestion::InsertAfter(chars) => format!("{original}{}", chars.iter().collect::<String>()),
        Suggestion::Remove => String::new(),
    }
}

/// harper's kinds in the few the API names; style advice is not an error to fix before sending.
fn kind_of(kind: LintKind) -> Option<FindingKind> {
    Some(match kind {
        LintKind::Spelling | LintKind::Typo => FindingKind::Spelling,
        LintKind::Agreement
        | LintKind::Grammar
        | LintKind::BoundaryError
        | LintKind::Nonstandard
        | LintKind::WordOrder
        | LintKind::Miscellaneous => FindingKind::Grammar,
        LintKind::WordChoice | LintKind::Eggcorn | LintKind::Malapropism | LintKind::Usage => {
            FindingKind::WordChoice
        }
        LintKind::Punctuation | LintKind::Formatting => FindingKind::Punctuation,
        LintKind::Capitalization => FindingKind::Capitalization,
        LintKind::Repetition => FindingKind::DoubledWord,
        LintKind::Style
        | LintKind::Readability
        | LintKind::Redundancy
        | LintKind::Regionalism
        | LintKind::Enhancement => return None,
    })
}
