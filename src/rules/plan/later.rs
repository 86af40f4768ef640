//! References, the search that goes on, and what follows an outcome: the business circle after
//! a "no", staying visible after a "yes".

use super::*;

impl<'a> Planner<'a> {
    /// A task about `reference`: a call, due now unless the rule says otherwise.
    fn reference_task(&self, reference: &ReferenceFact) -> Desired {
        let name = &reference.name;
        Desired {
            key: String::new(),
            rule: RuleRef::BuiltIn(RuleId::ReferencePermission),
            title: format!(
                "Call {name} and ask permission to give their name, address and phone number"
            ),
            reason: String::new(),
            draft: None,
            channel: Some(Channel::Phone),
            not_before: None,
            due_at: self.now,
            interview_id: None,
            interviewer_id: None,
            reference_id: Some(reference.id.clone()),
            company: None,
        }
    }

    /// reference_permission: ask each reference first, and again when no answer comes.
    pub(super) fn reference_permission(&mut self) {
        let reminder = self.settings.days(Param::ReferenceReminder);
        for reference in &self.facts.references {
            let base = self.reference_task(reference);
            match (reference.permission, reference.permission_asked_at) {
                (Permission::NotAsked, _) => self.push(Desired {
                    key: key(RuleId::ReferencePermission, &[&reference.id]),
                    reason: format!(
                        "Ask {} before you give their name to an employer, before your next application",
                        reference.name
                    ),
                    due_at: business_hours(reference.created_at, self.tz),
                    ..base
                }),
                (Permission::Requested, Some(asked)) => {
                    let again = asked + reminder;
                    if self.now >= again {
                        let stamp = asked.timestamp().to_string();
                        self.push(Desired {
                            key: key(RuleId::ReferencePermission, &[&reference.id, "again", &stamp]),
                            reason: format!(
                                "You asked {} on {} and have had no answer for {} days",
                                reference.name,
                                self.day(asked),
                                reminder.num_days()
                            ),
                            due_at: business_hours(again, self.tz),
                            ..base
                        });
                    } else {
                        self.wake_at(again);
                    }
                }
                _ => {}
            }
        }
    }

    /// reference_heads_up: a reference who agreed hears before a final interview or an offer.
    pub(super) fn reference_heads_up(&mut self) {
        let before =
            u32::try_from(self.settings.days(Param::HeadsUpDaysBefore).num_days()).unwrap_or(0);
        for reference in &self.facts.references {
            if reference.permission != Permission::Granted {
                continue;
            }
            let base = self.reference_task(reference);
            for iv in self.live().collect::<Vec<_>>() {
                let decisive = iv.stage == Stage::Final || iv.outcome == Outcome::OfferPending;
                let key = key(RuleId::ReferenceHeadsUp, &[&reference.id, &iv.id]);
                if decisive && !iv.outcome.is_final() {
                    self.push(Desired {
                                key,
                                rule: RuleRef::BuiltIn(RuleId::ReferenceHeadsUp),
                                title: format!("Tell {} that {} may call", reference.name, iv.company),
                                reason: format!(
                                    "Your {} interview at {} is on {}; a reference who expects the call speaks better",
                                    iv.stage,
                                    iv.company,
                                    self.day(iv.scheduled_at)
                                ),
                                channel: None,
                                due_at: business_days_before(iv.scheduled_at, before, self.tz),
                                interview_id: Some(iv.id.clone()),
                                company: Some(iv.company_key()),
                                ..base.clone()
                            });
                }
            }
        }
    }

    /// keep_searching: weekly while a process is open and nothing new was added.
    pub(super) fn keep_searching(&mut self) {
        let interval = self.settings.days(Param::SearchInterval);
        let Some(open) = self
            .live()
            .filter(|iv| !iv.outcome.is_final())
            .max_by_key(|iv| (iv.created_at, iv.id.clone()))
        else {
            return;
        };
        let Some(newest) = self
            .facts
            .interviews
            .iter()
            .max_by_key(|iv| (iv.created_at, iv.id.clone()))
        else {
            return;
        };
        let threshold = newest.created_at + interval;
        if self.now < threshold {
            self.wake_at(threshold);
            return;
        }
        let weeks = (self.now - threshold).num_seconds() / interval.num_seconds().max(1);
        let due = threshold + interval * i32::try_from(weeks).unwrap_or(i32::MAX);
        self.wake_at(due + interval);
        let stamp = newest.created_at.timestamp().to_string();
        self.push(Desired {
            key: key(RuleId::KeepSearching, &[&stamp, &weeks.to_string()]),
            rule: RuleRef::BuiltIn(RuleId::KeepSearching),
            title: "Keep searching: line up another application or interview".into(),
            reason: format!(
                "No interview added since {}; don't lose momentum while you wait to hear from {}",
                self.day(newest.created_at),
                open.company
            ),
            draft: None,
            channel: None,
            not_before: None,
            due_at: due,
            interview_id: None,
            interviewer_id: None,
            reference_id: None,
            company: None,
        });
    }

    /// business_circle: after a final "no", each interviewer and recruiter stays a contact.
    pub(super) fn business_circle(&mut self) {
        let circle_after = self.settings.days(Param::CircleAfter);
        for iv in self.facts.interviews.iter().filter(|iv| !iv.is_cancelled()) {
            let decided = iv.outcome_set_at.unwrap_or_else(|| iv.ends_at());
            if !matches!(
                iv.outcome,
                Outcome::Rejected
                    | Outcome::OfferDeclined
                    | Outcome::Withdrawn
                    | Outcome::PositionFilled
            ) {
                continue;
            }
            for person in self.attendees_of(&iv.id) {
                if !matches!(person.role, Role::Interviewer | Role::Recruiter) {
                    continue;
                }
                self.push(Desired {
                    title: format!(
                        "Add {} to your business circle and ask for referrals",
                        with_title(&person.name, person.title.as_deref())
                    ),
                    reason: format!(
                        "The {} process at {} is over ({}), but {} remains a valuable contact",
                        iv.position,
                        iv.company,
                        iv.outcome.as_str().replace('_', " "),
                        person.name
                    ),
                    interviewer_id: Some(person.id.clone()),
                    ..self.interview_task(
                        RuleId::BusinessCircle,
                        key(RuleId::BusinessCircle, &[&iv.id, &person.id]),
                        iv,
                        decided + circle_after,
                    )
                });
            }
        }
    }

    /// stay_visible: after an accepted offer, a monthly look at the industry and the market.
    pub(super) fn stay_visible(&mut self) {
        let visible_every = self.settings.days(Param::VisibleInterval);
        for iv in self.facts.interviews.iter().filter(|iv| !iv.is_cancelled()) {
            let decided = iv.outcome_set_at.unwrap_or_else(|| iv.ends_at());
            if iv.outcome != Outcome::OfferAccepted {
                continue;
            }
            // One month's reminder at a time: it stays until done, skipped or deleted,
            // and only then does the next month's appear. Time alone moves nothing.
            let month = self
                .facts
                .tasks
                .iter()
                .filter(|t| {
                    t.kind == RuleId::StayVisible.as_str()
                        && t.interview_id.as_deref() == Some(iv.id.as_str())
                        && (t.deleted || matches!(t.status, TaskStatus::Done | TaskStatus::Skipped))
                })
                .filter_map(|t| {
                    t.dedupe_key
                        .as_deref()?
                        .rsplit(':')
                        .next()?
                        .parse::<i32>()
                        .ok()
                })
                .max()
                .map_or(0, |closed| closed.saturating_add(1));
            let due = decided + visible_every * month.saturating_add(1);
            self.push(Desired {
                title: "Stay visible: review your industry and the job market".into(),
                reason: format!(
                    "You accepted {}'s offer on {}; staying informed helps you and others",
                    iv.company,
                    self.day(decided)
                ),
                ..self.interview_task(
                    RuleId::StayVisible,
                    key(RuleId::StayVisible, &[&iv.id, &month.to_string()]),
                    iv,
                    due,
                )
            });
        }
    }
}
