//! References, the search that goes on, and what follows an application's outcome: the
//! business circle after a "no", staying visible after a "yes", a courteous withdrawal from a
//! job the user does not want.

use super::*;

impl<'a> Planner<'a> {
    /// A call to `reference`, due now unless the rule says otherwise.
    fn reference_task(&self, rule: RuleId, key: String, reference: &ReferenceFact) -> Desired {
        Desired {
            title: format!(
                "Call {} and ask permission to give their name, address and phone number",
                reference.name
            ),
            channel: Some(Channel::Phone),
            reference_id: Some(reference.id.clone()),
            ..Desired::new(RuleRef::BuiltIn(rule), key, self.now)
        }
    }

    /// The applications `reference` was given for, not yet applied to: the permission is
    /// needed before those go out.
    fn applying_with(&self, reference: &ReferenceFact) -> Vec<&'a ApplicationFact> {
        self.applications()
            .iter()
            .filter(|a| a.applied_on.is_none() && !a.is_closed())
            .filter(|a| a.references.contains(&reference.id))
            .collect()
    }

    /// reference_permission: ask each reference first, and again when no answer comes.
    pub(super) fn reference_permission(&mut self) {
        let reminder = self.settings.days(Param::ReferenceReminder);
        let tz = self.idx.tz;
        for reference in &self.facts.references {
            let before = match self.applying_with(reference).as_slice() {
                [] => "before your next application".to_string(),
                apps => format!(
                    "before you apply to {}",
                    sentence_list(&apps.iter().map(|a| a.company.clone()).collect::<Vec<_>>())
                ),
            };
            match (reference.permission, reference.permission_asked_at) {
                (Permission::NotAsked, _) => self.push(Desired {
                    reason: format!(
                        "Ask {} before you give their name to an employer, {before}",
                        reference.name
                    ),
                    due_at: business_hours(reference.created_at, tz),
                    ..self.reference_task(
                        RuleId::ReferencePermission,
                        key(RuleId::ReferencePermission, &[&reference.id]),
                        reference,
                    )
                }),
                (Permission::Requested, Some(asked)) => {
                    let again = asked + reminder;
                    if self.now < again {
                        self.wake_at(again);
                        continue;
                    }
                    let stamp = asked.timestamp().to_string();
                    self.push(Desired {
                        reason: format!(
                            "You asked {} on {} and have had no answer for {} days; ask again {before}",
                            reference.name,
                            local_day(asked, tz),
                            reminder.num_days()
                        ),
                        due_at: business_hours(again, tz),
                        ..self.reference_task(
                            RuleId::ReferencePermission,
                            key(RuleId::ReferencePermission, &[&reference.id, "again", &stamp]),
                            reference,
                        )
                    });
                }
                _ => {}
            }
        }
    }

    /// reference_heads_up: a reference who agreed hears before an application's final interview
    /// or its offer: those linked to it, or every one when none is.
    pub(super) fn reference_heads_up(&mut self) {
        let before =
            u32::try_from(self.settings.days(Param::HeadsUpDaysBefore).num_days()).unwrap_or(0);
        let granted: Vec<&ReferenceFact> = self
            .facts
            .references
            .iter()
            .filter(|r| r.permission == Permission::Granted)
            .collect();
        for app in self.applications().iter().filter(|a| !a.is_closed()) {
            let tz = self.idx.tz_of(app);
            let finals: Vec<&InterviewFact> = self
                .idx
                .rounds_of(&app.id)
                .iter()
                .copied()
                .filter(|r| r.stage == Stage::Final)
                .collect();
            // The next final round, else the last one (its heads-up was due before it).
            let final_round = finals
                .iter()
                .find(|r| !r.has_ended(self.now))
                .or(finals.last())
                .copied();
            let (due, why) = match (final_round, app.outcome) {
                (Some(round), _) if !round.has_ended(self.now) => (
                    business_days_before(round.scheduled_at, before, tz),
                    format!(
                        "Your final interview for the {} position at {} is on {}",
                        app.position,
                        app.company,
                        self.day(app, round.scheduled_at)
                    ),
                ),
                (_, Outcome::OfferPending) => (
                    business_hours(app.outcome_set_at.unwrap_or(self.now), tz),
                    format!(
                        "{} is making you an offer for the {} position",
                        app.company, app.position
                    ),
                ),
                (Some(round), _) => (
                    business_days_before(round.scheduled_at, before, tz),
                    format!(
                        "You had your final interview for the {} position at {} on {}",
                        app.position,
                        app.company,
                        self.day(app, round.scheduled_at)
                    ),
                ),
                (None, _) => continue,
            };
            let linked: Vec<&ReferenceFact> = granted
                .iter()
                .copied()
                .filter(|r| app.references.contains(&r.id))
                .collect();
            let told = if app.references.is_empty() {
                granted.clone()
            } else {
                linked
            };
            for reference in told {
                self.push(Desired {
                    title: format!(
                        "Tell {} that {} may call about the {} position",
                        reference.name, app.company, app.position
                    ),
                    reason: format!("{why}; a reference who expects the call speaks better"),
                    channel: None,
                    due_at: due,
                    application_id: Some(app.id.clone()),
                    interview_id: final_round.map(|r| r.id.clone()),
                    ..self.reference_task(
                        RuleId::ReferenceHeadsUp,
                        key(RuleId::ReferenceHeadsUp, &[&reference.id, &app.id]),
                        reference,
                    )
                });
            }
        }
    }

    /// keep_searching: weekly while an application is open and nothing new was saved or
    /// booked.
    pub(super) fn keep_searching(&mut self) {
        let interval = self.settings.days(Param::SearchInterval);
        let Some(open) = self
            .applications()
            .iter()
            .filter(|a| !a.is_closed())
            .max_by_key(|a| (a.created_at, a.id.clone()))
        else {
            return;
        };
        let newest = self
            .applications()
            .iter()
            .map(|a| a.created_at)
            .chain(self.facts.interviews.iter().map(|iv| iv.created_at))
            .max()
            .unwrap_or(open.created_at);
        let threshold = newest + interval;
        if self.now < threshold {
            self.wake_at(threshold);
            return;
        }
        let weeks = (self.now - threshold).num_seconds() / interval.num_seconds().max(1);
        let due = threshold + interval * i32::try_from(weeks).unwrap_or(i32::MAX);
        self.wake_at(due + interval);
        let stamp = newest.timestamp().to_string();
        self.push(Desired {
            title: "Keep searching: line up another application or interview".into(),
            reason: format!(
                "Nothing new saved or booked since {}; don't lose momentum while you wait to hear from {}",
                local_day(newest, self.idx.tz),
                open.company
            ),
            ..Desired::new(
                RuleRef::BuiltIn(RuleId::KeepSearching),
                key(RuleId::KeepSearching, &[&stamp, &weeks.to_string()]),
                due,
            )
        });
    }

    /// When an application's outcome was set: its date, else the end of its last round.
    fn decided_at(&self, app: &ApplicationFact) -> DateTime<Utc> {
        app.outcome_set_at.unwrap_or_else(|| {
            self.idx
                .rounds_of(&app.id)
                .iter()
                .map(|r| r.ends_at())
                .max()
                .unwrap_or(app.created_at)
        })
    }

    /// business_circle: after a "no", everyone met in any round (interviewers and recruiters)
    /// stays a contact worth keeping.
    pub(super) fn business_circle(&mut self) {
        let circle_after = self.settings.days(Param::CircleAfter);
        for app in self.applications() {
            if !matches!(
                app.outcome,
                Outcome::Rejected
                    | Outcome::OfferDeclined
                    | Outcome::Withdrawn
                    | Outcome::PositionFilled
            ) {
                continue;
            }
            let due = self.decided_at(app) + circle_after;
            // Each person once, at the last round they came to.
            let mut met: BTreeMap<&str, (&PersonFact, &InterviewFact)> = BTreeMap::new();
            for &round in self.idx.rounds_of(&app.id) {
                for &person in self.idx.attendees_of(&round.id) {
                    if matches!(person.role, Role::Interviewer | Role::Recruiter) {
                        met.insert(person.id.as_str(), (person, round));
                    }
                }
            }
            for (person, round) in met.into_values() {
                self.push(Desired {
                    title: format!(
                        "Add {} to your business circle and ask for referrals",
                        with_title(&person.name, person.title.as_deref())
                    ),
                    reason: format!(
                        "The {} process at {} is over ({}), but {} remains a valuable contact",
                        app.position,
                        app.company,
                        app.outcome.as_str().replace('_', " "),
                        person.name
                    ),
                    interviewer_id: Some(person.id.clone()),
                    interview_id: Some(round.id.clone()),
                    ..self.application_task(
                        RuleId::BusinessCircle,
                        key(RuleId::BusinessCircle, &[&app.id, &person.id]),
                        app,
                        due,
                    )
                });
            }
        }
    }

    /// stay_visible: after an accepted offer, a monthly look at the industry and the market.
    pub(super) fn stay_visible(&mut self) {
        let visible_every = self.settings.days(Param::VisibleInterval);
        for app in self.applications() {
            if app.outcome != Outcome::OfferAccepted {
                continue;
            }
            let decided = self.decided_at(app);
            // One month's reminder at a time: it stays until done, skipped or deleted,
            // and only then does the next month's appear. Time alone moves nothing.
            let month = self
                .facts
                .tasks
                .iter()
                .filter(|t| {
                    t.kind == RuleId::StayVisible.as_str()
                        && t.application_id.as_deref() == Some(app.id.as_str())
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
            self.push(Desired {
                title: "Stay visible: review your industry and the job market".into(),
                reason: format!(
                    "You accepted {}'s offer for the {} position on {}; staying informed helps you and others",
                    app.company,
                    app.position,
                    self.day(app, decided)
                ),
                ..self.application_task(
                    RuleId::StayVisible,
                    key(RuleId::StayVisible, &[&app.id, &month.to_string()]),
                    app,
                    decided + visible_every * month.saturating_add(1),
                )
            });
        }
    }

    /// withdraw_courteously: after a round of an application the user said they do not want.
    pub(super) fn withdraw_courteously(&mut self) {
        let withdraw_after = self.settings.hours(Param::WithdrawAfter);
        // By end time: the last one of each application stays.
        let mut last: BTreeMap<&str, &InterviewFact> = BTreeMap::new();
        for (app, round) in self.ended() {
            last.insert(app.id.as_str(), round);
        }
        for app in self.applications() {
            if !app.unwanted() || app.is_closed() {
                continue;
            }
            let Some(last) = last.get(app.id.as_str()) else {
                continue;
            };
            self.push(Desired {
                title: format!(
                    "Optional: withdraw courteously from the {} process at {}",
                    app.position, app.company
                ),
                reason: format!(
                    "You said you do not want the {} job; a short, gracious note lets {} move on and keeps the door open",
                    app.position, app.company
                ),
                channel: Some(Channel::Email),
                ..self.application_task(
                    RuleId::WithdrawCourteously,
                    key(RuleId::WithdrawCourteously, &[&app.id]),
                    app,
                    last.ends_at() + withdraw_after,
                )
            });
        }
    }
}
