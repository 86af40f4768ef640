//! The part of a user's plan that a write can move, so that a write re-plans only that part.
//!
//! A task planned for an interview depends on that interview, on the other interviews of its
//! hiring process (calls to one company are spaced across all of them), on the people met there,
//! and, through each of those people, on the other interviews they attended (a person's contact
//! details are asked for once, at the first). References are few and always loaded. Tasks of no
//! interview (keep_searching, reference_permission) are outside every scope: writes that can move
//! them re-plan everything. `properties::a_scoped_plan_agrees_with_the_full_plan` checks the claim.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::plan::Desired;
use crate::domain::facts::{Facts, company_key};

/// The interviews (by id) whose tasks a change to `interviews` and `people` can move: closed over
/// hiring processes and the people who attended.
pub fn closure(
    interviews: &[(String, String)],
    attendance: &[(String, String)],
    seed_interviews: &[String],
    seed_people: &[String],
) -> BTreeSet<String> {
    let company: HashMap<&str, String> = interviews
        .iter()
        .map(|(id, name)| (id.as_str(), company_key(name)))
        .collect();
    let mut of_company: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, _) in interviews {
        if let Some(key) = company.get(id.as_str()) {
            of_company
                .entry(key.as_str())
                .or_default()
                .push(id.as_str());
        }
    }
    let mut attendees: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut attended: HashMap<&str, Vec<&str>> = HashMap::new();
    for (interview, person) in attendance {
        attendees
            .entry(interview.as_str())
            .or_default()
            .push(person.as_str());
        attended
            .entry(person.as_str())
            .or_default()
            .push(interview.as_str());
    }

    let mut scope: BTreeSet<String> = BTreeSet::new();
    let mut companies: HashSet<&str> = HashSet::new();
    let mut people: HashSet<&str> = HashSet::new();
    let mut pending: Vec<&str> = seed_interviews
        .iter()
        .map(String::as_str)
        .filter(|id| company.contains_key(id))
        .collect();
    for person in seed_people {
        if people.insert(person.as_str()) {
            pending.extend(attended.get(person.as_str()).into_iter().flatten());
        }
    }
    while let Some(id) = pending.pop() {
        if !scope.insert(id.to_string()) {
            continue;
        }
        if let Some(key) = company.get(id)
            && companies.insert(key.as_str())
        {
            pending.extend(of_company.get(key.as_str()).into_iter().flatten());
        }
        for person in attendees.get(id).into_iter().flatten() {
            if people.insert(person) {
                pending.extend(attended.get(person).into_iter().flatten());
            }
        }
    }
    scope
}

/// Whether a planned task belongs to `scope`.
pub fn contains(scope: &BTreeSet<String>, task: &Desired) -> bool {
    task.interview_id
        .as_ref()
        .is_some_and(|id| scope.contains(id))
}

/// `facts` cut down to what planning `scope` reads: as the store loads it for a scoped re-plan.
pub fn restrict(facts: &Facts, scope: &BTreeSet<String>) -> Facts {
    let attendance: Vec<(String, String)> = facts
        .attendance
        .iter()
        .filter(|(interview, _)| scope.contains(interview))
        .cloned()
        .collect();
    let met: HashSet<&str> = attendance.iter().map(|(_, p)| p.as_str()).collect();
    Facts {
        profile: facts.profile.clone(),
        interviews: facts
            .interviews
            .iter()
            .filter(|iv| scope.contains(&iv.id))
            .cloned()
            .collect(),
        people: facts
            .people
            .iter()
            .filter(|p| met.contains(p.id.as_str()))
            .cloned()
            .collect(),
        references: facts.references.clone(),
        tasks: facts
            .tasks
            .iter()
            .filter(|t| t.interview_id.as_ref().is_some_and(|id| scope.contains(id)))
            .cloned()
            .collect(),
        attendance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_scope_spans_the_hiring_process_and_the_people_met() {
        let interviews = pairs(&[
            ("a1", "Acme"),
            ("a2", "ACME "),
            ("g1", "Globex"),
            ("i1", "Initech"),
            ("u1", "Umbrella"),
        ]);
        // Pat met Acme and Globex; nobody links Initech or Umbrella to them.
        let attendance = pairs(&[("a1", "pat"), ("g1", "pat"), ("i1", "kim")]);
        let scope = closure(&interviews, &attendance, &["a2".into()], &[]);
        assert_eq!(scope.into_iter().collect::<Vec<_>>(), ["a1", "a2", "g1"]);
        let scope = closure(&interviews, &attendance, &[], &["kim".into()]);
        assert_eq!(scope.into_iter().collect::<Vec<_>>(), ["i1"]);
        assert!(closure(&interviews, &attendance, &["gone".into()], &[]).is_empty());
    }
}
