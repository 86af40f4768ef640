//! `/v1/references`: the people who vouch for the user. Ask before giving their name: the
//! server stamps when permission was asked and when it was answered.

use actix_web::{delete, get, patch, post};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::interviewers::contact_email;
use crate::db::Stamp;
use crate::domain::enums::Permission;
use crate::domain::{Fields, Id, LONG, MEDIUM, PHONE, SHORT, nullable, required};
use crate::error::ApiResult;
use crate::service::references as service;
use crate::store::new_id;
use crate::store::references::{NewReference, ReferenceChanges};
use crate::views::reference::{Reference, ReferencePage};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "John Smith", "relationship": "former manager", "company": "Globex",
    "phone": "+44 20 7946 0000", "permission": "not_asked"
}))]
pub struct CreateReference {
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub name: String,
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub relationship: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub company: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub title: Option<String>,
    /// `""` is the same as leaving it out.
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<PHONE, false, true>)]
    pub phone: Option<String>,
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub postal_address: Option<String>,
    /// `not_asked` when left out.
    pub permission: Option<Permission>,
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<String>,
}

/// Fields to change; left out stays, `null` clears a nullable field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"permission": "granted"}))]
pub struct UpdateReference {
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, true, false>)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub relationship: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<SHORT, false, true>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::email_schema::<true>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<PHONE, false, true>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<MEDIUM, false, true>)]
    pub postal_address: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::present")]
    #[schema(nullable = false)]
    pub permission: Option<Permission>,
    #[serde(default, deserialize_with = "nullable::de")]
    #[schema(schema_with = crate::domain::text_schema::<LONG, false, true>)]
    pub notes: Option<Option<String>>,
}

impl CreateReference {
    fn parse(self, user: Id, now: DateTime<Utc>) -> ApiResult<NewReference> {
        let mut f = Fields::default();
        let name = f.check("name", required(&self.name, SHORT));
        let relationship = f.text("relationship", self.relationship.as_deref(), SHORT);
        let company = f.text("company", self.company.as_deref(), SHORT);
        let title = f.text("title", self.title.as_deref(), SHORT);
        let email = f
            .optional("email", self.email, |e| contact_email(&e))
            .flatten();
        let phone = f.text("phone", self.phone.as_deref(), PHONE);
        let postal_address = f.text("postal_address", self.postal_address.as_deref(), MEDIUM);
        let notes = f.text("notes", self.notes.as_deref(), LONG);
        let Some(name) = name else {
            return Err(f.into_error().into());
        };
        f.finish()?;
        Ok(NewReference {
            id: new_id(),
            user_id: user,
            name,
            relationship,
            company,
            title,
            email,
            phone,
            postal_address,
            permission: self.permission.unwrap_or(Permission::NotAsked),
            // The service stamps them from the permission.
            permission_asked_at: None,
            permission_answered_at: None,
            notes,
            created_at: Stamp(now),
            updated_at: Stamp(now),
        })
    }
}

impl UpdateReference {
    fn parse(self) -> ApiResult<ReferenceChanges> {
        let mut f = Fields::default();
        let email = match self.email {
            None => None,
            Some(None) => Some(None),
            Some(Some(e)) => f.check("email", contact_email(&e)),
        };
        let changes = ReferenceChanges {
            name: f.optional("name", self.name, |v| required(&v, SHORT)),
            relationship: f.patch_text("relationship", self.relationship, SHORT),
            company: f.patch_text("company", self.company, SHORT),
            title: f.patch_text("title", self.title, SHORT),
            email,
            phone: f.patch_text("phone", self.phone, PHONE),
            postal_address: f.patch_text("postal_address", self.postal_address, MEDIUM),
            permission: self.permission,
            // The service stamps them when the permission moves.
            permission_asked_at: None,
            permission_answered_at: None,
            notes: f.patch_text("notes", self.notes, LONG),
        };
        f.finish()?;
        Ok(changes)
    }
}

crate::api::resource::create_one! {
    /// Add a reference.
    ///
    /// The engine reminds you to ask their permission first, and to warn them when a company may
    /// call. `permission` starts at `not_asked`.
    create_reference: "/v1/references", tag "references", body CreateReference,
    service::create => Reference "Created: the new reference", 409 Conflict
}

crate::api::resource::list_page! {
    /// List your references.
    ///
    /// Oldest first, in pages of `limit`; `updated_since` returns what changed, deletions included.
    list_references: "/v1/references", tag "references",
    service::list => ReferencePage "A page of your references; `next_cursor` is `null` on the last page"
}

crate::api::resource::read_one! {
    /// Read one reference.
    ///
    /// The reference and where their permission stands, with its `ETag`.
    get_reference: "/v1/references/{id}", tag "references", id "Reference id",
    service::get => Reference "The reference"
}

crate::api::resource::change_one! {
    /// Change a reference.
    ///
    /// Record that you asked (`requested`) and what they answered (`granted` or `declined`); the
    /// server stamps when. Send only the fields to change; `null` clears a nullable field.
    update_reference: "/v1/references/{id}", tag "references", id "Reference id", body UpdateReference,
    service::update => Reference "The reference as changed", 409 Conflict
}

crate::api::resource::delete_one! {
    /// Delete a reference.
    ///
    /// Their open tasks are cancelled.
    delete_reference: "/v1/references/{id}", tag "references", id "Reference id",
    service::delete, 409 Conflict
}
