//! Grammar slips harper 3.0 lets through, caught by rules of our own, each narrow enough that a
//! clean note never trips it (the clean corpus holds them to that):
//! - "Your very kind" for "You're very kind": "your" opening a clause, then an adjective that
//!   only "you're" can take;
//! - "Everyone I met were": an indefinite pronoun, then "were" or "are" in the same clause;
//! - "The problems your team are solving is": a plural subject, a clause about it, then "is";
//! - "Thank you for you're time": "you're" before a noun a note thanks for.

use super::{Finding, FindingKind};

/// A word, where it starts (in characters), and what comes right before it.
struct Token {
    offset: usize,
    text: String,
    lower: String,
    /// A sentence or clause ends before it (start of text, `.`, `!`, `?`, `:`, `;`, `,`, a
    /// line break).
    after_break: bool,
}

fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut broke = true;
    while at < chars.len() {
        let c = chars[at];
        if !c.is_alphanumeric() {
            if matches!(
                c,
                '.' | '!' | '?' | ':' | ';' | ',' | '\n' | '(' | ')' | '"' | '—'
            ) {
                broke = true;
            }
            at += 1;
            continue;
        }
        let start = at;
        while at < chars.len() && (chars[at].is_alphanumeric() || matches!(chars[at], '\'' | '’'))
        {
            at += 1;
        }
        let text: String = chars[start..at].iter().collect();
        out.push(Token {
            offset: start,
            lower: text.to_lowercase(),
            text,
            after_break: broke,
        });
        broke = false;
    }
    out
}

fn finding(token: &Token, message: String, suggestion: &str) -> Finding {
    Finding {
        kind: FindingKind::Grammar,
        message,
        offset: token.offset,
        length: token.text.chars().count(),
        excerpt: String::new(),
        suggestions: vec![suggestion.to_string()],
    }
}

/// Adjectives that follow "you're" and never "your" at the head of a clause.
const YOU_ARE: [&str; 9] = [
    "kind",
    "welcome",
    "right",
    "correct",
    "invited",
    "wrong",
    "sure",
    "absolutely",
    "spot",
];
const INTENSIFIERS: [&str; 5] = ["very", "so", "too", "really", "quite"];

fn you_are(tokens: &[Token]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.lower != "your" || !token.after_break {
            continue;
        }
        let mut j = i + 1;
        if tokens
            .get(j)
            .is_some_and(|t| !t.after_break && INTENSIFIERS.contains(&t.lower.as_str()))
        {
            j += 1;
        }
        let adjective = tokens
            .get(j)
            .is_some_and(|t| !t.after_break && YOU_ARE.contains(&t.lower.as_str()));
        // A noun would follow a real "your" ("Your kind words"): the adjective must end the
        // clause, or be followed by what "you're right to/for/that" takes.
        let ends = tokens
            .get(j + 1)
            .is_none_or(|t| t.after_break || matches!(t.lower.as_str(), "to" | "for" | "that"));
        if adjective && ends {
            let fixed = if token.text.starts_with('Y') {
                "You're"
            } else {
                "you're"
            };
            out.push(finding(
                token,
                format!(
                    "\"{}\" here means \"you are\": write \"{fixed}\"",
                    token.text
                ),
                fixed,
            ));
        }
    }
    out
}

const INDEFINITE: [&str; 6] = [
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "somebody",
    "each",
];

fn indefinite_plural(tokens: &[Token]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !INDEFINITE.contains(&token.lower.as_str()) {
            continue;
        }
        // "Each of the interviewers were": the pronoun is still the subject.
        for next in tokens.iter().skip(i + 1).take(7) {
            if next.after_break || matches!(next.lower.as_str(), "and" | "or" | "but") {
                break;
            }
            let fix = match next.lower.as_str() {
                "were" => "was",
                "are" => "is",
                "have" if next.offset > token.offset => "has",
                "was" | "is" | "has" => break,
                _ => continue,
            };
            out.push(finding(
                next,
                format!(
                    "\"{}\" takes a singular verb: \"{fix}\", not \"{}\"",
                    token.text, next.text
                ),
                fix,
            ));
            break;
        }
    }
    out
}

/// Words ending in "s" that are singular, or not nouns at all.
const NOT_PLURAL: [&str; 16] = [
    "news",
    "series",
    "species",
    "analytics",
    "statistics",
    "logistics",
    "economics",
    "politics",
    "physics",
    "mathematics",
    "ethics",
    "electronics",
    "headquarters",
    "means",
    "process",
    "business",
];
/// What opens a clause about the subject ("the problems your team is solving").
const CLAUSE_OPENERS: [&str; 14] = [
    "your", "our", "my", "their", "his", "her", "we", "they", "you", "i", "that", "which", "who",
    "the",
];

fn plural_subject(tokens: &[Token]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !token.after_break || !matches!(token.lower.as_str(), "the" | "these" | "those") {
            continue;
        }
        let Some(noun) = tokens.get(i + 1).filter(|t| !t.after_break) else {
            continue;
        };
        let lower = noun.lower.as_str();
        let plural = lower.len() > 3
            && lower.ends_with('s')
            && !lower.ends_with("ss")
            && !lower.ends_with("us")
            && !lower.ends_with("is")
            && !NOT_PLURAL.contains(&lower);
        let clause = tokens
            .get(i + 2)
            .is_some_and(|t| !t.after_break && CLAUSE_OPENERS.contains(&t.lower.as_str()));
        if !plural || !clause {
            continue;
        }
        // The clause's own verb first, then the subject's: the second finite "be" or "have" of
        // the clause is the subject's.
        let mut verbs = 0;
        for next in tokens.iter().skip(i + 3).take(10) {
            if next.after_break {
                break;
            }
            let singular = matches!(next.lower.as_str(), "is" | "was" | "has");
            let plural_verb = matches!(next.lower.as_str(), "are" | "were" | "have");
            let other_verb = next.lower.ends_with("ing") || next.lower.ends_with("ed");
            if singular || plural_verb || other_verb {
                verbs += 1;
            }
            if singular && verbs >= 2 {
                let fix = match next.lower.as_str() {
                    "is" => "are",
                    "was" => "were",
                    _ => "have",
                };
                out.push(finding(
                    next,
                    format!(
                        "The subject is \"{} {}\", plural: \"{fix}\", not \"{}\"",
                        token.text, noun.text, next.text
                    ),
                    fix,
                ));
                break;
            }
        }
    }
    out
}

/// Nouns a note thanks someone for: "you're time" can only mean "your time".
const THANKED_FOR: [&str; 14] = [
    "time",
    "help",
    "interest",
    "consideration",
    "team",
    "company",
    "email",
    "kindness",
    "feedback",
    "support",
    "offer",
    "advice",
    "patience",
    "hospitality",
];

fn your_for_you_are(tokens: &[Token]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !matches!(token.lower.as_str(), "you're" | "you’re") {
            continue;
        }
        let noun = tokens
            .get(i + 1)
            .is_some_and(|t| !t.after_break && THANKED_FOR.contains(&t.lower.as_str()));
        if noun {
            let fixed = if token.text.starts_with('Y') {
                "Your"
            } else {
                "your"
            };
            out.push(finding(
                token,
                format!(
                    "\"{}\" means \"you are\": write \"{fixed}\" before a noun",
                    token.text
                ),
                fixed,
            ));
        }
    }
    out
}

/// Every slip these rules find in `chars`.
pub fn slips(chars: &[char]) -> Vec<Finding> {
    let tokens = tokens(chars);
    let mut out = you_are(&tokens);
    out.extend(your_for_you_are(&tokens));
    out.extend(indefinite_plural(&tokens));
    out.extend(plural_subject(&tokens));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        let chars: Vec<char> = text.chars().collect();
        slips(&chars)
            .into_iter()
            .map(|f| {
                let at: String = chars[f.offset..f.offset + f.length].iter().collect();
                (at, f.suggestions[0].clone())
            })
            .collect()
    }

    #[test]
    fn each_rule_finds_its_slip_and_leaves_the_right_form() {
        assert_eq!(found("Your very kind."), [("Your".into(), "You're".into())]);
        assert_eq!(
            found("Thanks, your right."),
            [("your".into(), "you're".into())]
        );
        assert!(found("Your kind words meant a lot.").is_empty());
        assert!(found("You're very kind.").is_empty());
        assert_eq!(
            found("Everyone I met were welcoming."),
            [("were".into(), "was".into())]
        );
        assert!(found("Everyone I met was welcoming.").is_empty());
        assert!(found("Everyone I met, and the team, were welcoming.").is_empty());
        assert_eq!(
            found("The problems your team are solving is fascinating."),
            [("is".into(), "are".into())]
        );
        assert_eq!(
            found("The challenges we discussed is the ones I enjoy."),
            [("is".into(), "are".into())]
        );
        assert!(found("The problems your team is solving are fascinating.").is_empty());
        assert!(found("The news we heard is good.").is_empty());
        assert!(found("The analytics you built is impressive.").is_empty());
    }
}
