//! Proofreading a task's note with what the user's data knows: who it is for, the user's own
//! words, and the names that belong to other interviews.

use std::collections::{HashMap, HashSet};

use crate::domain::facts::company_key;
use crate::proofread::{Context, Foreign, Recipient};
use crate::store::notes::NoteSources;

pub fn context(sources: &NoteSources) -> Context {
    let recipient = sources
        .interviewer_id
        .as_deref()
        .and_then(|id| sources.people.iter().find(|p| p.id == id))
        .map(|p| Recipient {
            name: p.name.clone(),
            title: p.title.clone(),
        })
        .or_else(|| {
            let id = sources.reference_id.as_deref()?;
            let reference = sources.references.iter().find(|r| r.id == id)?;
            Some(Recipient {
                name: reference.name.clone(),
                title: reference.title.clone(),
            })
        });
    let mut own_words = vec![sources.writer.clone()];
    own_words.extend(sources.strengths.iter().cloned());
    own_words.extend(sources.discussed.iter().cloned());
    own_words.extend(sources.words.iter().cloned());
    for interview in &sources.interviews {
        own_words.push(interview.company.clone());
        own_words.push(interview.position.clone());
    }
    for person in &sources.people {
        own_words.push(person.name.clone());
        own_words.extend(person.title.clone());
    }
    for reference in &sources.references {
        own_words.push(reference.name.clone());
        own_words.extend(reference.title.clone());
    }
    Context {
        recipient,
        own_words,
        foreign: foreign(sources),
    }
}

/// The companies of the user's other hiring processes, and the people met only there.
fn foreign(sources: &NoteSources) -> Vec<Foreign> {
    let Some(this) = sources
        .interview_id
        .as_deref()
        .and_then(|id| sources.interviews.iter().find(|i| i.id == id))
    else {
        return Vec::new();
    };
    let here = company_key(&this.company);
    let companies: HashMap<&str, &str> = sources
        .interviews
        .iter()
        .map(|i| (i.id.as_str(), i.company.as_str()))
        .collect();
    let company_of = |interview: &str| companies.get(interview).copied();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for other in &sources.interviews {
        let key = company_key(&other.company);
        // "Acme" in a note to "Acme Corp" is the same company.
        if key == here || here.contains(&key) || key.contains(&here) || !seen.insert(key) {
            continue;
        }
        out.push(Foreign {
            name: other.company.trim().to_string(),
            from: format!("your interview at {}", other.company.trim()),
        });
    }
    let met_here: HashSet<&str> = sources
        .attendance
        .iter()
        .filter(|(interview, _)| company_of(interview).is_some_and(|c| company_key(c) == here))
        .map(|(_, person)| person.as_str())
        .collect();
    let names_here: HashSet<String> = sources
        .people
        .iter()
        .filter(|p| met_here.contains(p.id.as_str()))
        .map(|p| p.name.to_lowercase())
        .collect();
    for person in &sources.people {
        // A one-word name ("Sam") is too often someone else's.
        if met_here.contains(person.id.as_str())
            || person.name.split_whitespace().count() < 2
            || names_here.contains(&person.name.to_lowercase())
        {
            continue;
        }
        let Some(company) = sources
            .attendance
            .iter()
            .filter(|(_, p)| *p == person.id)
            .find_map(|(interview, _)| company_of(interview))
        else {
            continue;
        };
        out.push(Foreign {
            name: person.name.clone(),
            from: format!("your interview at {}", company.trim()),
        });
    }
    out
}
