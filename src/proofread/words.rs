//! Words of a text with their places in characters, and the user's phrases cut into words.

/// A word of a text: where it starts and how long it is, in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub offset: usize,
    pub text: String,
}

impl Word {
    pub fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

fn wordy(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// The words of `chars`, an apostrophe inside a word kept ("Morgan's").
pub fn of(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if !chars[at].is_alphanumeric() {
            at += 1;
            continue;
        }
        let start = at;
        while at < chars.len() && wordy(chars[at]) {
            at += 1;
        }
        let mut end = at;
        while end > start && !chars[end - 1].is_alphanumeric() {
            end -= 1;
        }
        out.push(Word {
            offset: start,
            text: chars[start..end].iter().collect(),
        });
    }
    out
}

/// The words of the user's phrases ("ten years of analytics", "Acme-Globex Ltd"), each once.
pub fn split(phrases: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for phrase in phrases {
        let chars: Vec<char> = phrase.chars().collect();
        for word in of(&chars) {
            let bare = word
                .text
                .strip_suffix("'s")
                .or_else(|| word.text.strip_suffix("’s"))
                .unwrap_or(&word.text)
                .to_string();
            if !bare.chars().all(|c| c.is_ascii_digit()) && !out.contains(&bare) {
                out.push(bare);
            }
        }
    }
    out
}

/// Levenshtein distance over characters, case-insensitively.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}
