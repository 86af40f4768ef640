//! The built-in rules of RULES.md: their stable ids, what each is for, what ends it, and the
//! numbers a user may tune, with defaults and bounds.

pub use crate::domain::enums::RuleId;

impl RuleId {
    /// Calls about the position: spaced by the cadence guard ("just don't call every day").
    pub fn is_position_call(self) -> bool {
        matches!(
            self,
            Self::FollowUpCall
                | Self::DecisionCheck
                | Self::SecondInterviewCheck
                | Self::WeeklyCheckIn
        )
    }

    pub fn spec(self) -> &'static RuleSpec {
        // CATALOG lists every rule in declaration order; the test below keeps it so.
        &CATALOG[self as usize]
    }
}

/// A tunable number of a rule.
#[derive(Debug)]
pub struct ParamSpec {
    pub param: Param,
    pub name: &'static str,
    pub default: i64,
    pub minimum: i64,
    pub maximum: i64,
    pub unit: &'static str,
    pub description: &'static str,
}

#[derive(Debug)]
pub struct RuleSpec {
    pub id: RuleId,
    pub name: &'static str,
    /// What it watches and creates, in a sentence.
    pub description: &'static str,
    /// Why its open tasks are cancelled when no longer wanted.
    pub ends: &'static str,
    /// The line of the article it comes from.
    pub source: &'static str,
    pub params: &'static [ParamSpec],
}

impl RuleSpec {
    pub fn param(&self, name: &str) -> Option<&ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

const WEEK_MIN: i64 = 7;

/// A tunable number of one rule. Typed, so that a misspelt parameter does not compile; its
/// wire name (`ParamSpec::name`) is unique within its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Param {
    ContactChannelAfter,
    ThankYouWithin,
    SecondChannelAfter,
    CallWindowOpens,
    CallDue,
    CheckInInterval,
    ReferenceReminder,
    HeadsUpDaysBefore,
    SearchInterval,
    CircleAfter,
    InsightsAfter,
    VisibleInterval,
    WithdrawAfter,
}

impl Param {
    pub const ALL: &'static [Self] = &[
        Self::ContactChannelAfter,
        Self::ThankYouWithin,
        Self::SecondChannelAfter,
        Self::CallWindowOpens,
        Self::CallDue,
        Self::CheckInInterval,
        Self::ReferenceReminder,
        Self::HeadsUpDaysBefore,
        Self::SearchInterval,
        Self::CircleAfter,
        Self::InsightsAfter,
        Self::VisibleInterval,
        Self::WithdrawAfter,
    ];

    pub fn spec(self) -> &'static ParamSpec {
        match self {
            Self::ContactChannelAfter => &CONTACT_CHANNEL_AFTER,
            Self::ThankYouWithin => &THANK_YOU_WITHIN,
            Self::SecondChannelAfter => &SECOND_CHANNEL_AFTER,
            Self::CallWindowOpens => &CALL_WINDOW_OPENS,
            Self::CallDue => &CALL_DUE,
            Self::CheckInInterval => &CHECK_IN_INTERVAL,
            Self::ReferenceReminder => &REFERENCE_REMINDER,
            Self::HeadsUpDaysBefore => &HEADS_UP_DAYS_BEFORE,
            Self::SearchInterval => &SEARCH_INTERVAL,
            Self::CircleAfter => &CIRCLE_AFTER,
            Self::InsightsAfter => &INSIGHTS_AFTER,
            Self::VisibleInterval => &VISIBLE_INTERVAL,
            Self::WithdrawAfter => &WITHDRAW_AFTER,
        }
    }

    pub fn rule(self) -> RuleId {
        match self {
            Self::ContactChannelAfter => RuleId::AskContactChannel,
            Self::ThankYouWithin => RuleId::ThankYouNote,
            Self::SecondChannelAfter => RuleId::ThankYouSecondChannel,
            Self::CallWindowOpens => RuleId::FollowUpCall,
            Self::CallDue => RuleId::FollowUpCall,
            Self::CheckInInterval => RuleId::WeeklyCheckIn,
            Self::ReferenceReminder => RuleId::ReferencePermission,
            Self::HeadsUpDaysBefore => RuleId::ReferenceHeadsUp,
            Self::SearchInterval => RuleId::KeepSearching,
            Self::CircleAfter => RuleId::BusinessCircle,
            Self::InsightsAfter => RuleId::RecordInsights,
            Self::VisibleInterval => RuleId::StayVisible,
            Self::WithdrawAfter => RuleId::WithdrawCourteously,
        }
    }
}

const CONTACT_CHANNEL_AFTER: ParamSpec = ParamSpec {
    param: Param::ContactChannelAfter,
    name: "after_hours",
    default: 4,
    minimum: 0,
    maximum: 72,
    unit: "hours",
    description: "Hours after the interview ends",
};

const THANK_YOU_WITHIN: ParamSpec = ParamSpec {
    param: Param::ThankYouWithin,
    name: "thank_you_within_hours",
    default: 24,
    minimum: 1,
    maximum: 24,
    unit: "hours",
    description: "Hours after the interview ends by which the note is due",
};

const SECOND_CHANNEL_AFTER: ParamSpec = ParamSpec {
    param: Param::SecondChannelAfter,
    name: "after_hours",
    default: 24,
    minimum: 1,
    maximum: 168,
    unit: "hours",
    description: "Hours after the card was sent",
};

const CALL_WINDOW_OPENS: ParamSpec = ParamSpec {
    param: Param::CallWindowOpens,
    name: "window_opens_hours",
    default: 48,
    minimum: 0,
    maximum: 336,
    unit: "hours",
    description: "Hours after the thank-you before calling",
};

const CALL_DUE: ParamSpec = ParamSpec {
    param: Param::CallDue,
    name: "due_hours",
    default: 72,
    minimum: 1,
    maximum: 336,
    unit: "hours",
    description: "Hours after the thank-you by which to call",
};

const CHECK_IN_INTERVAL: ParamSpec = ParamSpec {
    param: Param::CheckInInterval,
    name: "check_in_interval_days",
    default: 7,
    minimum: WEEK_MIN,
    maximum: 60,
    unit: "days",
    description: "Days between calls to one company (also the cadence guard)",
};

const REFERENCE_REMINDER: ParamSpec = ParamSpec {
    param: Param::ReferenceReminder,
    name: "reminder_days",
    default: 7,
    minimum: 1,
    maximum: 60,
    unit: "days",
    description: "Days without an answer before asking again",
};

const HEADS_UP_DAYS_BEFORE: ParamSpec = ParamSpec {
    param: Param::HeadsUpDaysBefore,
    name: "days_before",
    default: 1,
    minimum: 0,
    maximum: 14,
    unit: "days",
    description: "Days before the interview",
};

const SEARCH_INTERVAL: ParamSpec = ParamSpec {
    param: Param::SearchInterval,
    name: "interval_days",
    default: 7,
    minimum: WEEK_MIN,
    maximum: 60,
    unit: "days",
    description: "Days without a new interview before the nudge",
};

const CIRCLE_AFTER: ParamSpec = ParamSpec {
    param: Param::CircleAfter,
    name: "after_days",
    default: 3,
    minimum: 0,
    maximum: 60,
    unit: "days",
    description: "Days after the outcome",
};

const INSIGHTS_AFTER: ParamSpec = ParamSpec {
    param: Param::InsightsAfter,
    name: "after_hours",
    default: 48,
    minimum: 0,
    maximum: 336,
    unit: "hours",
    description: "Hours after the interview ends",
};

const VISIBLE_INTERVAL: ParamSpec = ParamSpec {
    param: Param::VisibleInterval,
    name: "interval_days",
    default: 30,
    minimum: WEEK_MIN,
    maximum: 365,
    unit: "days",
    description: "Days between reminders",
};

const WITHDRAW_AFTER: ParamSpec = ParamSpec {
    param: Param::WithdrawAfter,
    name: "after_hours",
    default: 48,
    minimum: 0,
    maximum: 336,
    unit: "hours",
    description: "Hours after the interview ends",
};

pub const CATALOG: &[RuleSpec] = &[
    RuleSpec {
        id: RuleId::ClosingQuestions,
        name: "Ask the closing questions",
        description: "Before an interview, a reminder to ask when they will decide and when a second interview might come.",
        ends: "the interview was cancelled",
        source: "At the end of your interview, ask the interviewer ... when they will make their decision, and when you might expect a call for a second interview.",
        params: &[],
    },
    RuleSpec {
        id: RuleId::CollectNames,
        name: "Collect names and cards",
        description: "Before an interview, a reminder to write down everyone's name and title, receptionist included, and ask for cards.",
        ends: "the interview was cancelled",
        source: "Write down the correct names and titles of every individual who interviewed you, in addition to the receptionist ...",
        params: &[],
    },
    RuleSpec {
        id: RuleId::AskContactChannel,
        name: "Find the best channel",
        description: "After an interview, for each person whose preferred channel is unknown: ask the receptionist whether mail, email or fax reaches them best.",
        ends: "the person's channel is known, or the interview was cancelled",
        source: "Find out whether snail mail, email, or FAX is the best way to get hold of the interviewer(s). Ask the receptionist.",
        params: &[CONTACT_CHANNEL_AFTER],
    },
    RuleSpec {
        id: RuleId::ThankYouNote,
        name: "Thank-you note to everyone",
        description: "After every interview, whatever its outcome or your interest, an individual thank-you to each person you met, receptionist included, with a draft.",
        ends: "the interview was cancelled or the person detached",
        source: "Write individual thank-you note cards or letters to each person who interviewed you within 24 hours.",
        params: &[THANK_YOU_WITHIN],
    },
    RuleSpec {
        id: RuleId::ThankYouSecondChannel,
        name: "Follow a card with an email or call",
        description: "When a thank-you went by mail, a quick email or call to follow it.",
        ends: "never",
        source: "It is always wise to send a handwritten letter or card and then quickly follow it with one of the other methods of contact and thanks.",
        params: &[SECOND_CHANNEL_AFTER],
    },
    RuleSpec {
        id: RuleId::FollowUpCall,
        name: "Follow-up call",
        description: "48 to 72 hours after a thank-you to an interviewer or recruiter, a call about the position restating your strengths, in business hours.",
        ends: "the outcome is final",
        source: "Allow 48-72 hours after mailing, then make a telephone call to the interviewer and ask about the position. Re-state your assets.",
        params: &[CALL_WINDOW_OPENS, CALL_DUE],
    },
    RuleSpec {
        id: RuleId::DecisionCheck,
        name: "Ask about the decision",
        description: "When the date they said they would decide has passed and there is no final outcome, a call to ask.",
        ends: "the outcome is final",
        source: "Be patient, but persistent. The hiring process often takes a while.",
        params: &[],
    },
    RuleSpec {
        id: RuleId::SecondInterviewCheck,
        name: "Ask about the second interview",
        description: "When the date for a second interview call has passed and no later interview exists at that company, a call to ask.",
        ends: "a later-stage interview exists, or the outcome is final",
        source: "ask ... when you might expect a call for a second interview.",
        params: &[],
    },
    RuleSpec {
        id: RuleId::WeeklyCheckIn,
        name: "Weekly check-in",
        description: "Once the first follow-up call is done, a check-in call a week after the latest call to the company, until the job is filled.",
        ends: "the outcome is final, or a newer call was logged",
        source: "Consistently continue your follow-up efforts until the job is filled. Just don't call every day ... you can certainly call once a week.",
        params: &[CHECK_IN_INTERVAL],
    },
    RuleSpec {
        id: RuleId::ReferencePermission,
        name: "Ask your references first",
        description: "For each reference not yet asked, or asked without an answer for a week: call and ask permission to give their name, address and phone number.",
        ends: "the reference granted or declined",
        source: "Call all your references before you apply for jobs and ask their permission to use their names, addresses and phone numbers.",
        params: &[REFERENCE_REMINDER],
    },
    RuleSpec {
        id: RuleId::ReferenceHeadsUp,
        name: "Warn your references",
        description: "When an interview reaches the final stage or an offer is pending, tell each reference who agreed that the company may call.",
        ends: "the interview was cancelled, or its outcome is final",
        source: "Call all your references before you apply for jobs ...",
        params: &[HEADS_UP_DAYS_BEFORE],
    },
    RuleSpec {
        id: RuleId::KeepSearching,
        name: "Keep searching",
        description: "While an application is open and no interview was added for a week, a weekly nudge to line up another one.",
        ends: "an interview was added",
        source: "Continue to search for jobs and go on interviews, even if your interview went so well that you think the company is definitely going to hire you.",
        params: &[SEARCH_INTERVAL],
    },
    RuleSpec {
        id: RuleId::BusinessCircle,
        name: "Keep them in your business circle",
        description: "After a rejection, a declined offer, a withdrawal or a filled position, add each interviewer and recruiter to your business circle and ask for referrals.",
        ends: "never",
        source: "Add your interviewer into your business circle and ask them to keep you in theirs for the future. Ask them for referrals to other contacts.",
        params: &[CIRCLE_AFTER],
    },
    RuleSpec {
        id: RuleId::RecordInsights,
        name: "Record what you learned",
        description: "After an interview, note what you learned about the company and its industry.",
        ends: "the interview was cancelled",
        source: "You can use job interviews to gain important information for your future about business trends ...",
        params: &[INSIGHTS_AFTER],
    },
    RuleSpec {
        id: RuleId::StayVisible,
        name: "Stay visible",
        description: "After accepting an offer, a monthly reminder to keep an eye on your industry and the job market.",
        ends: "the accepted offer was undone (each month's reminder waits until you finish or skip it; the next follows)",
        source: "Stay visible in your business by continuing to look for other job and career opportunities, even after you have been hired.",
        params: &[VISIBLE_INTERVAL],
    },
    RuleSpec {
        id: RuleId::WithdrawCourteously,
        name: "Withdraw courteously",
        description: "After an interview for a job you said you do not want (interest: no), one optional task to withdraw with a short, gracious note. Such an interview still gets its thank-you notes, but no calls about the position and no weekly check-ins.",
        ends: "an outcome was set, or your interest is no longer no",
        source: "Write thank you notes after every interview, even if you do not want to job. This will help make you known in the business world as someone who has class!",
        params: &[WITHDRAW_AFTER],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_is_complete_and_in_order() {
        assert_eq!(CATALOG.len(), RuleId::ALL.len());
        for (spec, id) in CATALOG.iter().zip(RuleId::ALL) {
            assert_eq!(spec.id, *id);
            assert_eq!(id.spec().id, *id);
            for p in spec.params {
                assert_eq!(p.param.rule(), *id, "{}", p.name);
                assert!(
                    p.minimum <= p.default && p.default <= p.maximum,
                    "{}",
                    p.name
                );
            }
        }
        assert_eq!(
            RuleId::parse("weekly_check_in"),
            Some(RuleId::WeeklyCheckIn)
        );
        assert_eq!(RuleId::parse("custom"), None);
        for param in Param::ALL {
            let listed = CATALOG
                .iter()
                .flat_map(|spec| spec.params)
                .filter(|p| p.param == *param)
                .count();
            assert_eq!(listed, 1, "{param:?} is listed under its rule once");
        }
    }
}
