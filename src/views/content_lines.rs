//! Content lines as iCalendar (RFC 5545, 3.1) and vCard (RFC 6350, 3.2) write them: at most 75
//! octets each, a longer one folded onto continuation lines that start with a space. Neither
//! generator we use keeps to it: `icalendar`'s continuation lines reach 76 octets, and `ical`
//! folds at 75 characters, which a line of accented or CJK text overruns. So their output is
//! folded again here.

/// Folds every content line at 75 octets, the leading space of a continuation line included,
/// on character boundaries. Escaped text holds no line break, so whatever was
/// folded before unfolds exactly.
pub fn fold(text: &str) -> String {
    const LIMIT: usize = 75;
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 25);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut room = LIMIT;
        while rest.len() > room {
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            // Some readers trim blanks at either side of a fold, not just the one space RFC 5545
            // adds: fold between two other characters where the text allows it.
            cut = quiet_cut(rest, cut);
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = LIMIT - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

/// The last character boundary at or before `cut` with no blank on either side, unless that
/// would halve the line (a run of blanks): then `cut` itself.
fn quiet_cut(text: &str, cut: usize) -> usize {
    let blank = |c: char| c == ' ' || c == '\t';
    let mut at = cut;
    while at > cut / 2 {
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        if !before.is_some_and(blank) && !after.is_some_and(blank) {
            return at;
        }
        at = text[..at].char_indices().next_back().map_or(0, |(i, _)| i);
    }
    cut
}
