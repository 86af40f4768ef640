//! The part of a user's plan that a write can move, so that a write re-plans only that part.
//!
//! A task planned for an application or one of its rounds depends on that application (calls
//! are spaced within it), its rounds, the people met there, and, through each of those people,
//! on the other applications they were met in (a person's contact details are asked for once,
//! at the first round that ended). References are few and always loaded. Tasks of no
//! application (keep_searching, reference_permission) are outside every scope: writes that can
//! move them re-plan everything. `properties::a_scoped_plan_agrees_with_the_full_plan` checks
//! the claim.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::desired::Desired;
use crate::domain::facts::Facts;

/// The applications (by id) whose tasks a change to `applications` and `people` can move,
/// closed over the people met: `met` pairs each application with a person met in one of its
/// rounds.
pub fn closure(
    met: &[(String, String)],
    seed_applications: &[String],
    seed_people: &[String],
) -> BTreeSet<String> {
    let mut people_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut applications_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (application, person) in met {
        people_of
            .entry(application.as_str())
            .or_default()
            .push(person.as_str());
        applications_of
            .entry(person.as_str())
            .or_default()
            .push(application.as_str());
    }
    let mut scope: BTreeSet<String> = BTreeSet::new();
    let mut people: HashSet<&str> = HashSet::new();
    let mut pending: Vec<&str> = seed_applications.iter().map(String::as_str).collect();
    for person in seed_people {
        if people.insert(person.as_str()) {
            pending.extend(applications_of.get(person.as_str()).into_iter().flatten());
        }
    }
    while let Some(id) = pending.pop() {
        if !scope.insert(id.to_string()) {
            continue;
        }
        for person in people_of.get(id).into_iter().flatten() {
            if people.insert(person) {
                pending.extend(applications_of.get(person).into_iter().flatten());
            }
        }
    }
    scope
}

/// Whether a planned task belongs to `scope`.
pub fn contains(scope: &BTreeSet<String>, task: &Desired) -> bool {
    task.application_id
        .as_ref()
        .is_some_and(|id| scope.contains(id))
}

/// `facts` cut down to what planning `scope` reads: as the store loads it for a scoped re-plan.
pub fn restrict(facts: &Facts, scope: &BTreeSet<String>) -> Facts {
    let in_scope = |id: &Option<String>| id.as_ref().is_some_and(|id| scope.contains(id));
    let interviews: Vec<_> = facts
        .interviews
        .iter()
        .filter(|iv| scope.contains(&iv.application_id))
        .cloned()
        .collect();
    let rounds: HashSet<&str> = interviews.iter().map(|iv| iv.id.as_str()).collect();
    let attendance: Vec<(String, String)> = facts
        .attendance
        .iter()
        .filter(|(interview, _)| rounds.contains(interview.as_str()))
        .cloned()
        .collect();
    let tasks: Vec<_> = facts
        .tasks
        .iter()
        .filter(|t| in_scope(&t.application_id))
        .cloned()
        .collect();
    let mut met: HashSet<&str> = attendance.iter().map(|(_, p)| p.as_str()).collect();
    met.extend(tasks.iter().filter_map(|t| t.interviewer_id.as_deref()));
    Facts {
        profile: facts.profile.clone(),
        applications: facts
            .applications
            .iter()
            .filter(|a| scope.contains(&a.id))
            .cloned()
            .collect(),
        people: facts
            .people
            .iter()
            .filter(|p| met.contains(p.id.as_str()))
            .cloned()
            .collect(),
        references: facts.references.clone(),
        discussed: facts
            .discussed
            .iter()
            .filter(|(key, _)| rounds.contains(key.0.as_str()))
            .map(|(key, said)| (key.clone(), said.clone()))
            .collect(),
        interviews,
        tasks,
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
    fn a_scope_spans_the_applications_linked_by_the_people_met() {
        // Pat was met at Acme and Globex; nobody links Initech or Umbrella to them.
        let met = pairs(&[("acme", "pat"), ("globex", "pat"), ("initech", "kim")]);
        let scope = closure(&met, &["acme".into()], &[]);
        assert_eq!(scope.into_iter().collect::<Vec<_>>(), ["acme", "globex"]);
        let scope = closure(&met, &[], &["kim".into()]);
        assert_eq!(scope.into_iter().collect::<Vec<_>>(), ["initech"]);
        let scope = closure(&met, &["umbrella".into()], &[]);
        assert_eq!(scope.into_iter().collect::<Vec<_>>(), ["umbrella"]);
        assert!(closure(&met, &[], &["nobody".into()]).is_empty());
    }
}
