//! The closed vocabularies of the API. Each is stored as TEXT (with a CHECK constraint) and sent
//! as the same `snake_case` string; the strings are part of the contract clients are written to.

/// Defines an enum with its wire/database string for each variant.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// The variant stored as `text`; a stored value outside the set is a server bug.
            pub fn from_db(text: &str) -> Result<Self, crate::error::ApiError> {
                match text {
                    $($text => Ok(Self::$variant),)+
                    other => Err(crate::error::ApiError::internal(format!(
                        "unexpected {} value in the database: {other}",
                        stringify!($name)
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
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
