//! The closed vocabularies of the API. Each is stored as TEXT (with a CHECK constraint) and sent
//! as the same `snake_case` string; the strings are part of the contract clients are written to.
//! Rows hold these types from the moment they are read: a stored string outside the set fails
//! the read with an error naming the type and the value.

/// Defines an enum whose wire and database string for each variant is `$text`, and nothing else.
///
/// Serde, the OpenAPI schema and the database all read the one `$text` list, so the spec's enum
/// values cannot drift from what the server sends and accepts. (Deriving `ToSchema` and relying on
/// `#[serde(rename = $text)]` did drift: utoipa does not see a rename whose literal comes from a
/// macro fragment, and published the Rust variant names instead.)
macro_rules! text_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $($(#[doc = $vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The wire strings, in declaration order.
            pub const TEXTS: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// What the value's doc comment says, trimmed; empty when it has none.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!("" $(, $vdoc)*).trim_ascii()),+
                }
            }

            /// The variant spelled `text` on the wire, if any.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&text)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&text, Self::TEXTS))
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let doc: &[&str] = &[$($doc),*];
                let description = doc.iter().map(|line| line.trim()).collect::<Vec<_>>().join("\n");
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description((!description.is_empty()).then_some(description))
                    .enum_values(Some(Self::TEXTS.iter().copied()))
                    .into()
            }
        }

        // Stored as the wire string.
        crate::domain::text_column::text_column!($name, |value| value.as_str(), |text| {
            Self::parse(&text).ok_or_else(|| {
                format!("unexpected {} value in the database: {text:?}", stringify!($name))
            })
        });

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

pub(crate) use text_enum;

text_enum!(
    /// How far along the hiring process an interview is.
    Stage { Screening = "screening", First = "first", Second = "second", Final = "final", Other = "other" }
);

text_enum!(
    InterviewFormat { Onsite = "onsite", Phone = "phone", Video = "video" }
);

text_enum!(
    InterviewStatus { Scheduled = "scheduled", Completed = "completed", Cancelled = "cancelled" }
);

text_enum!(
    /// Where the application stands. `offer_accepted`, `offer_declined`, `rejected`, `withdrawn`
    /// and `position_filled` are final: follow-up calls stop.
    Outcome {
        Pending = "pending",
        OfferPending = "offer_pending",
        OfferAccepted = "offer_accepted",
        OfferDeclined = "offer_declined",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
        PositionFilled = "position_filled",
    }
);

impl Outcome {
    pub fn is_final(self) -> bool {
        !matches!(self, Self::Pending | Self::OfferPending)
    }
}

text_enum!(
    /// Whether you still want the job. Thank-you notes go out whatever the answer.
    Interest { Yes = "yes", No = "no", Unsure = "unsure" }
);

text_enum!(
    /// Where an application stands, read from its facts: `saved` (not applied yet), `applied`,
    /// `interviewing` (a round not cancelled), `offer` (an offer pending), `closed` (a final
    /// outcome, accepted or not).
    ApplicationStage {
        Saved = "saved",
        Applied = "applied",
        Interviewing = "interviewing",
        Offer = "offer",
        Closed = "closed",
    }
);

impl ApplicationStage {
    pub fn of(outcome: Outcome, applied: bool, has_rounds: bool) -> Self {
        match outcome {
            o if o.is_final() => Self::Closed,
            Outcome::OfferPending => Self::Offer,
            _ if has_rounds => Self::Interviewing,
            _ if applied => Self::Applied,
            _ => Self::Saved,
        }
    }
}

text_enum!(
    /// What a person did at the interview; every role gets a thank-you note.
    Role {
        Interviewer = "interviewer",
        Receptionist = "receptionist",
        Assistant = "assistant",
        Secretary = "secretary",
        Recruiter = "recruiter",
        Other = "other",
    }
);

text_enum!(
    /// The channel that reaches a person best; `unknown` until you ask the receptionist.
    PreferredChannel { Mail = "mail", Email = "email", Fax = "fax", Phone = "phone", Unknown = "unknown" }
);

text_enum!(
    /// Whether a reference agreed to be one.
    Permission { NotAsked = "not_asked", Requested = "requested", Granted = "granted", Declined = "declined" }
);

text_enum!(
    TaskStatus { Open = "open", Done = "done", Skipped = "skipped", Cancelled = "cancelled" }
);

text_enum!(
    /// How a task is (or was) carried out.
    Channel {
        Mail = "mail",
        Email = "email",
        Fax = "fax",
        Phone = "phone",
        InPerson = "in_person",
        Other = "other",
    }
);

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::*;

    /// The schema, serde and the database speak one vocabulary, variant by variant.
    fn agrees<T>(all: &[T], texts: &[&str])
    where
        T: serde::Serialize
            + serde::de::DeserializeOwned
            + PartialSchema
            + PartialEq
            + std::fmt::Debug,
    {
        let schema = serde_json::to_value(T::schema()).unwrap_or_default();
        assert_eq!(schema["enum"], serde_json::json!(texts));
        for (value, text) in all.iter().zip(texts) {
            assert_eq!(
                serde_json::to_value(value).ok(),
                Some(serde_json::json!(text))
            );
            let back: T =
                serde_json::from_value(serde_json::json!(text)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&back, value);
        }
    }

    #[test]
    fn wire_schema_and_serde_agree() {
        agrees(Stage::ALL, Stage::TEXTS);
        agrees(InterviewFormat::ALL, InterviewFormat::TEXTS);
        agrees(InterviewStatus::ALL, InterviewStatus::TEXTS);
        agrees(Outcome::ALL, Outcome::TEXTS);
        agrees(Interest::ALL, Interest::TEXTS);
        agrees(Role::ALL, Role::TEXTS);
        agrees(PreferredChannel::ALL, PreferredChannel::TEXTS);
        agrees(Permission::ALL, Permission::TEXTS);
        agrees(TaskStatus::ALL, TaskStatus::TEXTS);
        agrees(Channel::ALL, Channel::TEXTS);
        assert_eq!(Permission::NotAsked.as_str(), "not_asked");
        assert_eq!(Outcome::OfferPending.as_str(), "offer_pending");
    }

    #[test]
    fn an_unknown_value_names_the_ones_allowed() {
        let err = serde_json::from_str::<Stage>("\"Final\"")
            .map(|_| ())
            .unwrap_err();
        assert!(err.to_string().contains("`final`"), "{err}");
    }

    #[test]
    fn a_stored_value_outside_the_set_fails_the_read() {
        use diesel::prelude::*;
        use diesel::sql_types::Text;
        let mut conn = diesel::SqliteConnection::establish(":memory:").expect("sqlite");
        let mut stored = |text: &str| {
            diesel::select(diesel::dsl::sql::<Text>(&format!("'{text}'")))
                .get_result::<Stage>(&mut conn)
        };
        assert_eq!(stored("final").expect("a stage"), Stage::Final);
        let err = stored("maybe").expect_err("not a stage");
        // diesel names the field; why it failed is the source.
        let err = std::error::Error::source(&err)
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("unexpected Stage value in the database: \"maybe\""),
            "{err}"
        );
    }
}

text_enum!(
    /// A built-in rule's id: a stable API value, also the `kind` of the tasks it creates.
    RuleId {
        ClosingQuestions = "closing_questions",
        CollectNames = "collect_names",
        AskContactChannel = "ask_contact_channel",
        ThankYouNote = "thank_you_note",
        ThankYouSecondChannel = "thank_you_second_channel",
        FollowUpCall = "follow_up_call",
        DecisionCheck = "decision_check",
        SecondInterviewCheck = "second_interview_check",
        WeeklyCheckIn = "weekly_check_in",
        ReferencePermission = "reference_permission",
        ReferenceHeadsUp = "reference_heads_up",
        KeepSearching = "keep_searching",
        BusinessCircle = "business_circle",
        RecordInsights = "record_insights",
        StayVisible = "stay_visible",
        WithdrawCourteously = "withdraw_courteously",
    }
);

/// What made a task: a built-in rule (its id), or `custom` (the user, or one of their rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum TaskKind {
    Custom,
    Rule(RuleId),
}

impl TaskKind {
    pub const CUSTOM: &'static str = "custom";

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Custom => Self::CUSTOM,
            Self::Rule(rule) => rule.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            Self::CUSTOM => Some(Self::Custom),
            rule => RuleId::parse(rule).map(Self::Rule),
        }
    }

    /// The built-in rule, for a task one made.
    pub fn rule(self) -> Option<RuleId> {
        match self {
            Self::Custom => None,
            Self::Rule(rule) => Some(rule),
        }
    }

    /// The wire strings: every rule id, then `custom`.
    pub fn texts() -> impl Iterator<Item = &'static str> {
        RuleId::TEXTS.iter().copied().chain([Self::CUSTOM])
    }
}

impl std::fmt::Display for TaskKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<RuleId> for TaskKind {
    fn eq(&self, rule: &RuleId) -> bool {
        *self == Self::Rule(*rule)
    }
}

impl serde::Serialize for TaskKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for TaskKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown kind `{text}`: `custom` or a rule id (see GET /v1/rules)"
            ))
        })
    }
}

impl utoipa::PartialSchema for TaskKind {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "What made a task: a built-in rule's id, or `custom` for yours and your own \
                 rules'. New rules bring new values: accept kinds you do not know.",
            ))
            .enum_values(Some(Self::texts()))
            .into()
    }
}

impl utoipa::ToSchema for TaskKind {}

crate::domain::text_column::text_column!(TaskKind, |value| value.as_str(), |text| {
    Self::parse(&text).ok_or_else(|| format!("unexpected TaskKind value in the database: {text:?}"))
});

text_enum!(
    /// What a webhook endpoint hears of. New kinds of events come: accept types you do not know.
    EventType {
        /// A task was planned or added.
        TaskCreated = "task.created",
        /// An open task's due time arrived.
        TaskDue = "task.due",
        /// A task was done.
        TaskCompleted = "task.completed",
        /// A task was cancelled: its reason says why.
        TaskCancelled = "task.cancelled",
        /// An interview changed.
        InterviewUpdated = "interview.updated",
        /// An application was saved (a posting, or the first round of a job).
        ApplicationCreated = "application.created",
        /// An application changed: its fields, its stage, a round or a reference of it.
        ApplicationUpdated = "application.updated",
    }
);

/// What an event's `data` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSubject {
    Task,
    Interview,
    Application,
}

impl EventType {
    pub fn subject(self) -> EventSubject {
        match self {
            Self::TaskCreated | Self::TaskDue | Self::TaskCompleted | Self::TaskCancelled => {
                EventSubject::Task
            }
            Self::InterviewUpdated => EventSubject::Interview,
            Self::ApplicationCreated | Self::ApplicationUpdated => EventSubject::Application,
        }
    }
}

/// The event types an endpoint asked for, each once, in the order they were named. Stored as
/// their space-separated names (`store::owned_text_column!`).
#[derive(Debug, Clone, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct EventTypes(Vec<EventType>);

impl EventTypes {
    /// At least one type, none twice.
    pub fn new(types: Vec<EventType>) -> Result<Self, String> {
        crate::domain::each_once(&types, "event type")?;
        Ok(Self(types))
    }

    pub fn contains(&self, event: EventType) -> bool {
        self.0.contains(&event)
    }

    pub fn to_vec(&self) -> Vec<EventType> {
        self.0.clone()
    }

    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The stored form back; `Err` names a word that is no event type.
    pub fn from_text(text: &str) -> Result<Self, String> {
        text.split_whitespace()
            .map(|word| EventType::parse(word).ok_or_else(|| word.to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }
}
