//! A custom rule as clients send it and as it is stored (JSON text): its trigger, target,
//! filter, templates, channel and offset, validated together.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::offset::Offset;
use super::template::{FIELDS, Template};
use crate::domain::enums::{Channel, Outcome, Role, Stage, text_enum};

text_enum!(
    /// What fires a custom rule, and the time its offset counts from: an application saved (its
    /// creation), applied to (09:00 on `applied_on` where the employer is), its decision date
    /// (09:00 on `decision_expected_on` there; count back from it with a negative offset), an
    /// interview's start or end, the moment an application's outcome was set, a thank-you
    /// marked sent, or a reference added.
    Trigger {
        ApplicationSaved = "application_saved",
        Applied = "applied",
        DecisionExpected = "decision_expected",
        InterviewScheduled = "interview_scheduled",
        InterviewEnded = "interview_ended",
        OutcomeSet = "outcome_set",
        ThankYouSent = "thank_you_sent",
        ReferenceAdded = "reference_added",
    }
);

text_enum!(
    /// What each task of a custom rule is for: an application, an interview (for a trigger of
    /// an application, each of its rounds), each person met there (for `thank_you_sent`, the
    /// person thanked), or a reference (`reference_added` only).
    Target {
        Application = "application",
        Interview = "interview",
        Person = "person",
        Reference = "reference",
    }
);

impl Trigger {
    /// Whether the trigger's time is already past when it fires: an offset before it would
    /// make a task overdue from the start.
    pub fn is_past_when_fired(self) -> bool {
        matches!(
            self,
            Self::ApplicationSaved | Self::OutcomeSet | Self::ThankYouSent | Self::ReferenceAdded
        )
    }
}

/// The longest a rule's title may be, as written and as rendered for a task.
pub const TITLE_MAX: usize = 200;
/// The longest a rule's description may be, as written and as rendered into a task's reason.
pub const DESCRIPTION_MAX: usize = 2000;
/// The most companies one filter may name.
pub const COMPANIES_MAX: usize = 50;

/// Which applications, interviews and people a custom rule applies to; an empty list allows
/// everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// The interview's stage is one of these (for an application, one of its rounds').
    #[serde(default)]
    #[schema(max_items = 5)]
    pub stage: Vec<Stage>,
    /// The application's outcome is one of these.
    #[serde(default)]
    #[schema(max_items = 7)]
    pub outcome: Vec<Outcome>,
    /// The person's role is one of these (target `person` only).
    #[serde(default)]
    #[schema(max_items = 6)]
    pub role: Vec<Role>,
    /// The application's company is one of these, whatever the case or spacing; at most 50.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub company: Vec<String>,
}

/// A custom rule's definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Connect on LinkedIn",
    "trigger": "interview_ended",
    "target": "person",
    "filter": {"role": ["interviewer", "recruiter"]},
    "title": "Connect with {name} ({title}) on LinkedIn",
    "description": "Mention the {position} interview at {company}.",
    "channel": "email",
    "offset": "P2D"
}))]
pub struct Definition {
    #[schema(example = "Connect on LinkedIn", min_length = 1, max_length = 200)]
    pub name: String,
    pub trigger: Trigger,
    pub target: Target,
    #[serde(default)]
    pub filter: Filter,
    /// The task's title; may use `{company}`, `{position}`, `{name}` and `{title}` (a person's
    /// or reference's; `{position}` is not a reference's, `{name}` and `{title}` not an
    /// interview's). Filled in one pass: a value is inserted as it is, never read as a
    /// template. The task's title is at most 200 characters, cut with `…` when the values make it
    /// longer.
    #[schema(
        example = "Connect with {name} ({title}) on LinkedIn",
        min_length = 1,
        max_length = 200
    )]
    pub title: String,
    /// The task's reason, with the same fields as the title, after `Your rule "{name}": `. Filled
    /// as the title is, and cut to 2000 characters with `…`.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
    /// ISO 8601 duration from the trigger's time: `P2D`, `PT4H`, `P1DT12H`, `-P7D` for
    /// before it. Weeks, days, hours, minutes and seconds; at most 366 days either way. A
    /// trigger already past when it fires (`application_saved`, `outcome_set`,
    /// `thank_you_sent`, `reference_added`) takes no negative offset.
    #[schema(
        example = "P2D",
        pattern = "^[-+]?P(?:[0-9]+W)?(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+S)?)?$"
    )]
    pub offset: String,
    /// Move the due time into business hours (Monday to Friday, 9:00 to 17:00 where the
    /// employer is when its time zone is known, else in yours): later for a positive offset,
    /// earlier for a negative one, so that a time counted back stays before its fact.
    #[serde(default)]
    pub business_hours: bool,
}

/// (field, message) pairs, as a 422 names them.
pub type Problems = Vec<(String, String)>;

impl Definition {
    /// The template fields the target has values for.
    pub fn fields(&self) -> &'static [&'static str] {
        match self.target {
            Target::Application | Target::Interview => &["company", "position"],
            Target::Person => FIELDS,
            Target::Reference => &["company", "name", "title"],
        }
    }

    /// Checks a definition a client sends: as a whole (`validate`), and that no offset counts
    /// back from a moment that has passed when the trigger fires. Rules stored before that check
    /// are still planned.
    pub fn validate_new(&self) -> Result<(Template, Option<Template>, Offset), Problems> {
        let checked = self.validate();
        let backwards = Offset::parse(&self.offset).is_ok_and(|o| o.0 < chrono::Duration::zero());
        if !(backwards && self.trigger.is_past_when_fired()) {
            return checked;
        }
        let mut problems = checked.err().unwrap_or_default();
        problems.push((
            "offset".into(),
            format!(
                "{} has passed when it fires, so a task before it would be overdue at once: use \
                 an offset of zero or more",
                self.trigger
            ),
        ));
        Err(problems)
    }

    /// Checks the definition as a whole; every problem names its field.
    pub fn validate(&self) -> Result<(Template, Option<Template>, Offset), Problems> {
        let mut problems: Problems = Vec::new();
        let mut problem = |field: &str, message: String| problems.push((field.into(), message));
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            problem("name", "must be 1 to 200 characters".into());
        }
        let title = if self.title.trim().is_empty() || self.title.chars().count() > TITLE_MAX {
            problem("title", format!("must be 1 to {TITLE_MAX} characters"));
            None
        } else {
            Template::parse(&self.title, self.fields())
                .map_err(|m| problem("title", m))
                .ok()
        };
        let description = match &self.description {
            Some(text) if text.chars().count() > DESCRIPTION_MAX => {
                problem(
                    "description",
                    format!("must be at most {DESCRIPTION_MAX} characters"),
                );
                None
            }
            Some(text) => Template::parse(text, self.fields())
                .map_err(|m| problem("description", m))
                .ok(),
            None => None,
        };
        let offset = Offset::parse(&self.offset)
            .map_err(|m| problem("offset", m))
            .ok();
        match (self.trigger, self.target) {
            (Trigger::ReferenceAdded, Target::Reference) => {}
            (Trigger::ReferenceAdded, _) => problem(
                "target",
                "reference_added creates tasks for the reference: use target reference".into(),
            ),
            (_, Target::Reference) => problem(
                "target",
                "a reference target needs the trigger reference_added".into(),
            ),
            _ => {}
        }
        if self.target != Target::Person && !self.filter.role.is_empty() {
            problem("filter.role", "filters people: use target person".into());
        }
        if self.target == Target::Reference {
            for (field, set) in [
                ("filter.stage", !self.filter.stage.is_empty()),
                ("filter.outcome", !self.filter.outcome.is_empty()),
                ("filter.company", !self.filter.company.is_empty()),
            ] {
                if set {
                    problem(field, "filters applications; a reference has none".into());
                }
            }
        }
        if self
            .filter
            .company
            .iter()
            .any(|c| c.trim().is_empty() || c.chars().count() > 200)
        {
            problem(
                "filter.company",
                "each company must be 1 to 200 characters".into(),
            );
        }
        for (field, count, max) in [
            ("filter.stage", self.filter.stage.len(), Stage::ALL.len()),
            (
                "filter.outcome",
                self.filter.outcome.len(),
                Outcome::ALL.len(),
            ),
            ("filter.role", self.filter.role.len(), Role::ALL.len()),
            ("filter.company", self.filter.company.len(), COMPANIES_MAX),
        ] {
            if count > max {
                problem(field, format!("may name at most {max} values"));
            }
        }
        match (title, offset, problems.is_empty()) {
            (Some(title), Some(offset), true) => Ok((title, description, offset)),
            _ => Err(problems),
        }
    }
}
