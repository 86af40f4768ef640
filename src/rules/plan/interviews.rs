//! Rules around each round itself: before it (closing questions, names), and once it has ended
//! (a thank-you to everyone, the channel question, insights). Dates in their text are the
//! employer's when its time zone is known.

use super::*;

impl<'a> Planner<'a> {
    /// closing_questions: before the interview (kept once made, until cancelled).
    pub(super) fn closing_questions(&mut self) {
        for (app, iv) in self.live() {
            let day = self.day(app, iv.scheduled_at);
            let questions = key(RuleId::ClosingQuestions, &[&iv.id]);
            if !iv.has_ended(self.now) || self.idx.keys.contains(questions.as_str()) {
                self.push(Desired {
                    title: format!(
                        "At the end of your {} interview, ask when they will decide and when to expect a call for a second interview",
                        iv.company
                    ),
                    reason: format!(
                        "Your {} interview at {} is on {day}; their answers tell you when to follow up",
                        iv.position, iv.company
                    ),
                    ..self.interview_task(RuleId::ClosingQuestions, questions, iv, iv.scheduled_at)
                });
            }
        }
    }

    /// collect_names: before the interview (kept once made, until cancelled).
    pub(super) fn collect_names(&mut self) {
        for (app, iv) in self.live() {
            let day = self.day(app, iv.scheduled_at);
            let names = key(RuleId::CollectNames, &[&iv.id]);
            if !iv.has_ended(self.now) || self.idx.keys.contains(names.as_str()) {
                self.push(Desired {
                    title: format!(
                        "At {}, write down the name and title of everyone you meet, receptionist and assistants included, and ask for business cards",
                        iv.company
                    ),
                    reason: format!(
                        "Everyone you meet at {} on {day} gets a thank-you note, so you need their names and titles",
                        iv.company
                    ),
                    ..self.interview_task(RuleId::CollectNames, names, iv, iv.scheduled_at)
                });
            }
        }
    }

    /// The live interviews that have ended, by end time; time brings the others, so their ends
    /// are wake-ups.
    pub(super) fn ended(&mut self) -> Vec<(&'a ApplicationFact, &'a InterviewFact)> {
        let mut ended = Vec::new();
        for (app, iv) in self.live() {
            if iv.has_ended(self.now) {
                ended.push((app, iv));
            } else {
                self.wake_at(iv.ends_at());
            }
        }
        ended.sort_by_key(|(_, iv)| (iv.ends_at(), iv.id.clone()));
        ended
    }

    /// thank_you_note: once the interview has ended, to each person met, within the day.
    pub(super) fn thank_you_notes(&mut self) {
        let within = self
            .settings
            .hours(Param::ThankYouWithin)
            .min(Duration::hours(24));
        let variants = self.letter_variants();
        for (app, iv) in self.ended() {
            let end = iv.ends_at();
            let day = self.day(app, end);
            let tz = self.idx.tz_of(app);
            // The notes answer this meeting: moved, it is a new one, and so are its notes.
            let occurrence = iv.scheduled_at.timestamp().to_string();
            for (k, person) in self
                .idx
                .attendees_of(&iv.id)
                .to_vec()
                .into_iter()
                .enumerate()
            {
                let support = draft::is_support_role(person.role);
                let reason = if support {
                    format!(
                        "Your interview at {} ended on {day}; {} helped you on the day and interviewers ask receptionists what they thought of you",
                        iv.company, person.name
                    )
                } else {
                    format!(
                        "Your interview at {} ended on {day}; thank-you notes are due within {} hours, whatever you thought of it",
                        iv.company,
                        within.num_hours()
                    )
                };
                let letter = draft::Letter {
                    profile: &self.facts.profile,
                    application: app,
                    interview: iv,
                    person,
                    discussed: self.idx.discussed(&iv.id, &person.id),
                    index: variants
                        .get(&(iv.id.as_str(), person.id.as_str()))
                        .copied()
                        .unwrap_or(k),
                    tz,
                };
                self.push(Desired {
                    title: format!(
                        "Send a thank-you to {}",
                        with_title(&person.name, person.title.as_deref())
                    ),
                    reason,
                    draft: Some(draft::thank_you(&letter)),
                    channel: channel_for(person.preferred_channel),
                    interviewer_id: Some(person.id.clone()),
                    ..self.interview_task(
                        RuleId::ThankYouNote,
                        key(RuleId::ThankYouNote, &[&iv.id, &person.id, &occurrence]),
                        iv,
                        end + within,
                    )
                });
            }
        }
    }

    /// Which sentences each letter takes (`draft::variants`), over every application's rounds
    /// in the order they happened.
    fn letter_variants(&self) -> HashMap<(&'a str, &'a str), usize> {
        let mut all = HashMap::new();
        for app in self.applications() {
            let rounds: Vec<(&str, Vec<&str>)> = self
                .idx
                .rounds_of(&app.id)
                .iter()
                .map(|r| {
                    let people = self.idx.attendees_of(&r.id);
                    (
                        r.id.as_str(),
                        people.iter().map(|p| p.id.as_str()).collect(),
                    )
                })
                .collect();
            all.extend(draft::variants(&rounds));
        }
        all
    }

    /// ask_contact_channel: once, after the first interview that ended, for each person whose
    /// channel is unknown.
    pub(super) fn ask_contact_channel(&mut self) {
        let ask_after = self.settings.hours(Param::ContactChannelAfter);
        let mut asked: HashSet<&str> = HashSet::new();
        for (app, iv) in self.ended() {
            let end = iv.ends_at();
            for person in self.idx.attendees_of(&iv.id).to_vec() {
                if person.preferred_channel != PreferredChannel::Unknown
                    || !asked.insert(person.id.as_str())
                {
                    continue;
                }
                let title = if person.role == Role::Receptionist {
                    format!(
                        "Ask {} whether mail, email or fax reaches them best",
                        person.name
                    )
                } else {
                    format!(
                        "Ask the receptionist whether mail, email or fax reaches {} best",
                        person.name
                    )
                };
                self.push(Desired {
                    title,
                    reason: format!(
                        "You don't yet know how to reach {} for the thank-you note",
                        person.name
                    ),
                    channel: Some(Channel::Phone),
                    interviewer_id: Some(person.id.clone()),
                    ..self.interview_task(
                        RuleId::AskContactChannel,
                        key(RuleId::AskContactChannel, &[&person.id]),
                        iv,
                        business_hours(end + ask_after, self.idx.tz_of(app)),
                    )
                });
            }
        }
    }

    /// record_insights: after each interview, while it is fresh.
    pub(super) fn record_insights(&mut self) {
        let insights_after = self.settings.hours(Param::InsightsAfter);
        for (app, iv) in self.ended() {
            let day = self.day(app, iv.ends_at());
            self.push(Desired {
                title: format!("Note what you learned about {} and its industry", iv.company),
                reason: format!(
                    "Your interview at {} on {day} is fresh: business trends and plans are worth writing down",
                    iv.company
                ),
                ..self.interview_task(
                    RuleId::RecordInsights,
                    key(RuleId::RecordInsights, &[&iv.id]),
                    iv,
                    iv.ends_at() + insights_after,
                )
            });
        }
    }
}
