//! The facts indexed once per plan: each application and its live rounds, each interview and who
//! attended it. Built by `plan` and lent to the custom rules' planner so it builds none.

use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;

use crate::domain::facts::{ApplicationFact, Facts, InterviewFact, PersonFact};

pub struct Index<'a> {
    pub applications: HashMap<&'a str, &'a ApplicationFact>,
    pub interviews: HashMap<&'a str, &'a InterviewFact>,
    /// The rounds of each application that are not cancelled, by scheduled time.
    pub rounds: HashMap<&'a str, Vec<&'a InterviewFact>>,
    /// Attendees of each interview, in id order (which decides the draft variant).
    pub attendees: HashMap<&'a str, Vec<&'a PersonFact>>,
    /// The key of every generated task there is, deleted ones included.
    pub keys: HashSet<&'a str>,
    /// The user's time zone.
    pub tz: Tz,
    discussed: &'a std::collections::BTreeMap<(String, String), String>,
}

impl<'a> Index<'a> {
    pub fn new(facts: &'a Facts) -> Self {
        let people: HashMap<&str, &PersonFact> =
            facts.people.iter().map(|p| (p.id.as_str(), p)).collect();
        let mut attendees: HashMap<&str, Vec<&PersonFact>> = HashMap::new();
        for (interview, person) in &facts.attendance {
            if let Some(person) = people.get(person.as_str()) {
                attendees
                    .entry(interview.as_str())
                    .or_default()
                    .push(person);
            }
        }
        for list in attendees.values_mut() {
            list.sort_by(|a, b| a.id.cmp(&b.id));
        }
        let applications: HashMap<&str, &ApplicationFact> = facts
            .applications
            .iter()
            .map(|a| (a.id.as_str(), a))
            .collect();
        let mut rounds: HashMap<&str, Vec<&InterviewFact>> = HashMap::new();
        for iv in facts.interviews.iter().filter(|iv| !iv.is_cancelled()) {
            rounds
                .entry(iv.application_id.as_str())
                .or_default()
                .push(iv);
        }
        for list in rounds.values_mut() {
            list.sort_by(|a, b| (a.scheduled_at, &a.id).cmp(&(b.scheduled_at, &b.id)));
        }
        Self {
            applications,
            interviews: facts
                .interviews
                .iter()
                .map(|i| (i.id.as_str(), i))
                .collect(),
            rounds,
            attendees,
            keys: facts
                .tasks
                .iter()
                .filter_map(|t| t.dedupe_key.as_deref())
                .collect(),
            tz: facts.profile.time_zone,
            discussed: &facts.discussed,
        }
    }

    /// What was discussed with `person` at `interview`, written for them.
    pub fn discussed(&self, interview: &str, person: &str) -> Option<&'a str> {
        self.discussed
            .get(&(interview.to_string(), person.to_string()))
            .map(String::as_str)
    }

    /// The application `interview` is a round of.
    pub fn application_of(&self, interview: &InterviewFact) -> Option<&'a ApplicationFact> {
        self.applications
            .get(interview.application_id.as_str())
            .copied()
    }

    /// The live rounds of an application, by scheduled time.
    pub fn rounds_of(&self, application: &str) -> &[&'a InterviewFact] {
        self.rounds.get(application).map_or(&[], Vec::as_slice)
    }

    pub fn attendees_of(&self, interview: &str) -> &[&'a PersonFact] {
        self.attendees.get(interview).map_or(&[], Vec::as_slice)
    }

    /// Where an application's business happens: the employer's time zone, else the user's.
    pub fn tz_of(&self, application: &ApplicationFact) -> Tz {
        application.time_zone.unwrap_or(self.tz)
    }
}
