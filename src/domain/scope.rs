//! API token scopes: what a token may read or write, and the set a token holds. Which scope an
//! operation takes is `auth::scope::access`.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What an API token may do: read or write one kind of resource.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum Scope {
    #[serde(rename = "applications:read")]
    ApplicationsRead,
    #[serde(rename = "applications:write")]
    ApplicationsWrite,
    #[serde(rename = "interviews:read")]
    InterviewsRead,
    #[serde(rename = "interviews:write")]
    InterviewsWrite,
    #[serde(rename = "interviewers:read")]
    InterviewersRead,
    #[serde(rename = "interviewers:write")]
    InterviewersWrite,
    #[serde(rename = "references:read")]
    ReferencesRead,
    #[serde(rename = "references:write")]
    ReferencesWrite,
    #[serde(rename = "tasks:read")]
    TasksRead,
    #[serde(rename = "tasks:write")]
    TasksWrite,
    #[serde(rename = "rules:read")]
    RulesRead,
    #[serde(rename = "rules:write")]
    RulesWrite,
}

impl Scope {
    pub const ALL: [Scope; 12] = [
        Self::ApplicationsRead,
        Self::ApplicationsWrite,
        Self::InterviewsRead,
        Self::InterviewsWrite,
        Self::InterviewersRead,
        Self::InterviewersWrite,
        Self::ReferencesRead,
        Self::ReferencesWrite,
        Self::TasksRead,
        Self::TasksWrite,
        Self::RulesRead,
        Self::RulesWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ApplicationsRead => "applications:read",
            Self::ApplicationsWrite => "applications:write",
            Self::InterviewsRead => "interviews:read",
            Self::InterviewsWrite => "interviews:write",
            Self::InterviewersRead => "interviewers:read",
            Self::InterviewersWrite => "interviewers:write",
            Self::ReferencesRead => "references:read",
            Self::ReferencesWrite => "references:write",
            Self::TasksRead => "tasks:read",
            Self::TasksWrite => "tasks:write",
            Self::RulesRead => "rules:read",
            Self::RulesWrite => "rules:write",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// What the scope lets a token do, for the document.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ApplicationsRead => {
                "Read applications, find one by its posting, and the references given for one"
            }
            Self::ApplicationsWrite => {
                "Save, change and delete applications, and link references to them"
            }
            Self::InterviewsRead => "Read interviews",
            Self::InterviewsWrite => "Create, change and delete interviews",
            Self::InterviewersRead => "Read the people met at interviews and who attended which",
            Self::InterviewersWrite => "Create, change, delete, attach and detach people",
            Self::ReferencesRead => "Read references",
            Self::ReferencesWrite => "Create, change and delete references",
            Self::TasksRead => "Read tasks and interview plans, and proofread a note",
            Self::TasksWrite => "Create, change, complete, skip, snooze, reopen and delete tasks",
            Self::RulesRead => "Read rules and preview them",
            Self::RulesWrite => "Create, change and delete rules",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of scopes, small enough to copy with the caller.
/// A set of scopes: stored as their space-separated names (`store::owned_text_column!`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct Scopes(u16);

impl Scopes {
    pub fn contains(self, scope: Scope) -> bool {
        self.0 & scope.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// In catalogue order.
    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// Space-separated, as OAuth 2 writes scopes and as they are stored.
    pub fn to_text(self) -> String {
        self.iter().map(Scope::as_str).collect::<Vec<_>>().join(" ")
    }

    /// The stored form back; `None` names a word outside the catalogue.
    pub fn from_text(text: &str) -> Result<Self, String> {
        text.split_whitespace()
            .map(|word| Scope::parse(word).ok_or_else(|| word.to_string()))
            .collect()
    }
}

impl FromIterator<Scope> for Scopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(scopes: I) -> Self {
        Self(scopes.into_iter().fold(0, |bits, s| bits | s.bit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_through_their_stored_text() {
        let scopes: Scopes = [Scope::TasksRead, Scope::InterviewsWrite]
            .into_iter()
            .collect();
        assert_eq!(scopes.to_text(), "interviews:write tasks:read");
        assert_eq!(Scopes::from_text(&scopes.to_text()), Ok(scopes));
        assert_eq!(Scopes::from_text("tasks:read admin"), Err("admin".into()));
        for scope in Scope::ALL {
            let json = serde_json::to_string(&scope).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", scope.as_str()));
        }
    }
}
