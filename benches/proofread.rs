//! Proofreading benchmark: `cargo bench --bench proofread`.
//!
//! Loads the checker once (its start-up cost and resident memory), then checks 200 notes of
//! about 300 words that it has never seen (each a new mix of sentences, names and numbers: the
//! checker caches per sentence, so a repeated note would measure the cache) and reports the
//! median and 95th percentile, next to the same notes checked a second time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use followup::proofread::{Checker, Context, Recipient, check};

const SENTENCES: &[&str] = &[
    "Thank you for taking the time to meet with me on {day} about the {role} position.",
    "I enjoyed learning about your plans for the coming year and the team's {n} new projects.",
    "Our conversation confirmed my interest in the role and in {company}.",
    "My experience building reliable platforms would let me contribute from the first week.",
    "I especially appreciated hearing how your team of {n} people shares what it learns.",
    "I have spent {n} years maintaining payment services for customers in {n} countries.",
    "Please let me know if you need anything else from me, such as references or samples.",
    "I was impressed by how calm and friendly everyone was, even on a busy morning.",
    "The tour of the office on {day} gave me a clear picture of how the groups work together.",
    "I believe my background in planning and communication fits the challenges you described.",
    "Your description of how the team ships small changes every day was inspiring.",
    "I would welcome the chance to bring that experience to {company}.",
    "As we discussed, I led {n} regional campaigns last year with a budget of {n} thousand dollars.",
    "I have attached the case study we discussed, which shows how I redesigned a checkout flow.",
    "I look forward to hearing from you about the next steps in the process.",
    "It was a pleasure to meet {name} and the rest of the panel.",
];
const NAMES: &[&str] = &[
    "Morgan Lee",
    "Priya Shah",
    "Sam Reed",
    "Alex Kim",
    "Maria Lopez",
];
const COMPANIES: &[&str] = &["Northwind", "Contoso", "Fabrikam", "Globex", "Initech"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// A small deterministic generator, so every run checks the same notes.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

fn note(rng: &mut Lcg, i: usize) -> (String, Context) {
    let name = NAMES[rng.next(NAMES.len())];
    let company = COMPANIES[rng.next(COMPANIES.len())];
    let mut text = format!("Dear {name},\n\n");
    let mut words = 0;
    while words < 300 {
        let sentence = SENTENCES[rng.next(SENTENCES.len())]
            .replace("{day}", DAYS[rng.next(DAYS.len())])
            .replace("{role}", "Data Engineer")
            .replace("{company}", company)
            .replace("{name}", name)
            .replacen("{n}", &(i * 7 + rng.next(1000)).to_string(), 1)
            .replace("{n}", &rng.next(90).to_string());
        words += sentence.split_whitespace().count();
        text.push_str(&sentence);
        text.push(if rng.next(4) == 0 { '\n' } else { ' ' });
    }
    text.push_str("\n\nSincerely,\nJordan Blake");
    let context = Context {
        recipient: Some(Recipient {
            name: name.into(),
            title: None,
        }),
        own_words: vec![
            name.into(),
            company.into(),
            "Data Engineer".into(),
            "Jordan Blake".into(),
        ],
        foreign: Vec::new(),
    };
    (text, context)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(|a, b| a.total_cmp(b));
    times[((times.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let before = rss_kib();
    let started = Instant::now();
    let checker = Checker::get();
    println!(
        "load: {:.0} ms, resident memory +{} MB",
        started.elapsed().as_secs_f64() * 1e3,
        (rss_kib().saturating_sub(before)) / 1024
    );
    let mut rng = Lcg(42);
    let notes: Vec<_> = (0..200).map(|i| note(&mut rng, i)).collect();
    let words: usize = notes
        .iter()
        .map(|(t, _)| t.split_whitespace().count())
        .sum();
    for pass in ["unseen", "seen again"] {
        let mut times = Vec::new();
        let mut findings = 0;
        for (text, context) in &notes {
            let started = Instant::now();
            findings += check(checker, text, context).len();
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "{pass}: {} notes of {} words on average, median {:.2} ms, p95 {:.2} ms, {findings} findings",
            notes.len(),
            words / notes.len(),
            percentile(&mut times, 0.5),
            percentile(&mut times, 0.95),
        );
    }
    println!("resident memory after: {} MB", rss_kib() / 1024);
}
