//! Rules around the interview itself: before it (closing questions, names), and once it has
//! ended (a thank-you to everyone, the channel question, insights).

use super::*;

impl<'a> Planner<'a> {
    /// closing_questions, collect_names: before the interview (kept once made, until cancelled).
    pub(super) fn before_interviews(&mut self) {
        for iv in self.live().collect::<Vec<_>>() {
            let day = self.day(iv.scheduled_at);
            let upcoming = !iv.has_ended(self.now);
            let questions = key(RuleId::ClosingQuestions, &[&iv.id]);
            if upcoming || self.keys.contains(questions.as_str()) {
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
            let names = key(RuleId::CollectNames, &[&iv.id]);
            if upcoming || self.keys.contains(names.as_str()) {
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
    /// thank_you_note, ask_contact_channel, record_insights, withdraw_courteously: once the
    /// interview has ended.
    pub(super) fn after_interviews(&mut self) {
        let within = self
            .settings
            .hours(Param::ThankYouWithin)
            .min(Duration::hours(24));
        let ask_after = self.settings.hours(Param::ContactChannelAfter);
        let insights_after = self.settings.hours(Param::InsightsAfter);
        let withdraw_after = self.settings.hours(Param::WithdrawAfter);
        let mut asked: HashSet<&str> = HashSet::new();
        let mut ended: Vec<&InterviewFact> = self.live().collect();
        ended.sort_by_key(|iv| (iv.ends_at(), iv.id.clone()));
        for iv in ended {
            if !iv.has_ended(self.now) {
                self.wake_at(iv.ends_at());
                continue;
            }
            let end = iv.ends_at();
            let day = self.day(end);
            // The notes answer this meeting: moved, it is a new one, and so are its notes.
            let occurrence = iv.scheduled_at.timestamp().to_string();
            for (index, person) in self.attendees_of(&iv.id).into_iter().enumerate() {
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
                self.push(Desired {
                    title: format!(
                        "Send a thank-you to {}",
                        with_title(&person.name, person.title.as_deref())
                    ),
                    reason,
                    draft: Some(draft::thank_you(
                        &self.facts.profile,
                        iv,
                        person,
                        index,
                        self.tz,
                    )),
                    channel: channel_for(person.preferred_channel),
                    interviewer_id: Some(person.id.clone()),
                    ..self.interview_task(
                        RuleId::ThankYouNote,
                        key(RuleId::ThankYouNote, &[&iv.id, &person.id, &occurrence]),
                        iv,
                        end + within,
                    )
                });
                if person.preferred_channel == PreferredChannel::Unknown
                    && asked.insert(person.id.as_str())
                {
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
                            business_hours(end + ask_after, self.tz),
                        )
                    });
                }
            }
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
                    end + insights_after,
                )
            });
            if iv.unwanted() && !iv.outcome.is_final() {
                self.push(Desired {
                    title: format!(
                        "Optional: withdraw courteously from the {} process at {}",
                        iv.position, iv.company
                    ),
                    reason: format!(
                        "You said you do not want the {} job; a short, gracious note lets {} move on and keeps the door open",
                        iv.position, iv.company
                    ),
                    channel: Some(Channel::Email),
                    ..self.interview_task(
                        RuleId::WithdrawCourteously,
                        key(RuleId::WithdrawCourteously, &[&iv.id]),
                        iv,
                        end + withdraw_after,
                    )
                });
            }
        }
    }
}
