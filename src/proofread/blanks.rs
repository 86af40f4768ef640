//! Blanks left to fill: `{company}`, `[Name]`, `<title>`, "XXX", "TBD".

use super::words;
use super::{Finding, FindingKind};

/// Markers people type where something is still to come, in any case.
const MARKERS: &[&str] = &["xxx", "tbd", "tba", "todo", "fixme", "tk"];

pub fn placeholders(chars: &[char]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (open, close) in [('{', '}'), ('[', ']'), ('<', '>')] {
        let mut at = 0;
        while let Some(start) = chars[at..].iter().position(|&c| c == open).map(|i| at + i) {
            let Some(end) = chars[start..]
                .iter()
                .position(|&c| c == close)
                .map(|i| start + i)
            else {
                break;
            };
            let inside = &chars[start + 1..end];
            // `[Name]`, `{company}`, `<title>`: a short slot, not a remark in brackets.
            let slot = !inside.is_empty()
                && inside.len() <= 40
                && !inside.iter().any(|c| matches!(c, '.' | '!' | '?' | '\n'));
            if slot {
                let blank: String = chars[start..=end].iter().collect();
                findings.push(Finding {
                    kind: FindingKind::Placeholder,
                    message: format!("{blank} looks like a blank left to fill in"),
                    offset: start,
                    length: end + 1 - start,
                    excerpt: String::new(),
                    suggestions: Vec::new(),
                });
            }
            at = end + 1;
        }
    }
    for word in words::of(chars) {
        let lower = word.text.to_lowercase();
        let marker = MARKERS.contains(&lower.as_str())
            || (lower.len() >= 3 && lower.chars().all(|c| c == 'x'));
        if marker && (lower != "tk" || word.text == "TK") {
            findings.push(Finding {
                kind: FindingKind::Placeholder,
                message: format!("\"{}\" is still in the text", word.text),
                offset: word.offset,
                length: word.len(),
                excerpt: String::new(),
                suggestions: Vec::new(),
            });
        }
    }
    let underscores = chars.windows(3).position(|w| w == ['_', '_', '_']);
    if let Some(start) = underscores {
        let length = chars[start..].iter().take_while(|&&c| c == '_').count();
        findings.push(Finding {
            kind: FindingKind::Placeholder,
            message: "A blank line left to fill in".into(),
            offset: start,
            length,
            excerpt: String::new(),
            suggestions: Vec::new(),
        });
    }
    findings
}
