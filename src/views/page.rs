//! List pages as the document names them (`TaskPage`, `InterviewPage`...): `items`, each the
//! resource or the tombstone of a deleted one, told apart by `object`, and `next_cursor`.

use serde::{Serialize, Serializer};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use uuid::Uuid;

use super::{Rfc3339, object_kind};

object_kind!(TombstoneObject = "tombstone");

/// A row that was deleted, as a syncing client sees it: drop it from your copy.
#[derive(Debug, Serialize, ToSchema)]
pub struct Tombstone {
    pub id: Uuid,
    pub object: TombstoneObject,
    #[schema(schema_with = always_true)]
    pub deleted: Deleted,
    pub updated_at: Rfc3339,
}

impl Tombstone {
    pub fn new(id: Uuid, updated_at: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            id,
            object: TombstoneObject::It,
            deleted: Deleted,
            updated_at: Rfc3339(updated_at),
        }
    }
}

/// `true`, always: what makes a tombstone one.
#[derive(Debug, Clone, Copy)]
pub struct Deleted;

impl Serialize for Deleted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(true)
    }
}

/// `true` and nothing else (a one-value enum: utoipa 6 writes no `const`).
fn always_true() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .enum_values(Some([true]))
}

/// A page of a list: its items (resources and tombstones) and where the next page starts.
pub trait Paged: Sized {
    type Resource;
    type Item: From<Self::Resource> + From<Tombstone>;

    fn new(items: Vec<Self::Item>, next_cursor: Option<String>) -> Self;
}

/// `oneOf` the resource and `Tombstone`, discriminated by `object`.
pub fn item_schema(resource: &str, object: &str) -> RefOr<Schema> {
    let mut discriminator = Discriminator::new("object");
    discriminator
        .mapping
        .insert(object.into(), format!("#/components/schemas/{resource}"));
    discriminator
        .mapping
        .insert("tombstone".into(), "#/components/schemas/Tombstone".into());
    OneOfBuilder::new()
        .item(Ref::from_schema_name(resource))
        .item(Ref::from_schema_name("Tombstone"))
        .discriminator(Some(discriminator))
        .into()
}

/// A named page type `$page` of `$resource` items (`object` = `$object`), with its item type
/// `$item`.
macro_rules! page {
    ($(#[doc = $doc:literal])* $page:ident, $item:ident, $resource:ty, $object:literal) => {
        #[doc = concat!("An item of a `", stringify!($page), "`: the resource, or the tombstone of a deleted one.")]
        #[derive(Debug, serde::Serialize)]
        #[serde(untagged)]
        // A page is built and serialised at once: boxing each live item would only add an
        // allocation per item.
        #[allow(clippy::large_enum_variant)]
        pub enum $item {
            Live($resource),
            Deleted($crate::views::page::Tombstone),
        }

        impl From<$resource> for $item {
            fn from(resource: $resource) -> Self {
                Self::Live(resource)
            }
        }

        impl From<$crate::views::page::Tombstone> for $item {
            fn from(tombstone: $crate::views::page::Tombstone) -> Self {
                Self::Deleted(tombstone)
            }
        }

        impl utoipa::PartialSchema for $item {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::views::page::item_schema(
                    &<$resource as utoipa::ToSchema>::name(),
                    $object,
                )
            }
        }

        impl utoipa::ToSchema for $item {
            fn schemas(
                schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
            ) {
                use $crate::views::page::Tombstone;
                schemas.push((
                    <$resource as utoipa::ToSchema>::name().into(),
                    <$resource as utoipa::PartialSchema>::schema(),
                ));
                <$resource as utoipa::ToSchema>::schemas(schemas);
                schemas.push((
                    <Tombstone as utoipa::ToSchema>::name().into(),
                    <Tombstone as utoipa::PartialSchema>::schema(),
                ));
                <Tombstone as utoipa::ToSchema>::schemas(schemas);
            }
        }

        $(#[doc = $doc])*
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $page {
            pub items: Vec<$item>,
            /// Pass it as `cursor` for the next page; `null` on the last one.
            pub next_cursor: Option<String>,
        }

        impl $crate::views::page::Paged for $page {
            type Resource = $resource;
            type Item = $item;

            fn new(items: Vec<$item>, next_cursor: Option<String>) -> Self {
                Self { items, next_cursor }
            }
        }
    };
}
pub(crate) use page;
