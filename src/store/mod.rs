//! Database queries, one module per table group. Every function that reads or writes a user's
//! data takes the owner's id and filters on it, so another user's rows are simply not found.
//! No HTTP types here: functions return domain rows, and `StoreError` for what went wrong.

pub mod account;
pub mod api_tokens;
pub mod applications;
pub mod attendances;
pub mod calendar_feeds;
pub mod custom_rules;
pub mod error;
pub mod facts;
mod id_set;
pub mod idempotency;
pub mod interviews;
pub mod notes;
pub mod people;
pub mod quota;
pub mod references;
pub mod refresh_tokens;
pub mod registry;
pub mod retention;
pub mod rule_settings;
pub mod settings;
mod task_status;
pub mod tasks;
#[cfg(test)]
mod test_sqlite;
pub mod throttle;
pub mod users;
pub mod webhooks;
pub mod window;
pub mod words;

/// A fresh row id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> crate::domain::Id {
    crate::domain::Id::new_v7()
}

/// A row of one user with a version: what the single-resource operations of the API need.
pub trait Versioned: Sized + Send + 'static {
    /// A live row of `user`; another user's, or a deleted one, is not found.
    fn find(
        conn: &mut crate::db::DbConnection,
        user: &str,
        id: &str,
    ) -> crate::store::error::StoreResult<Self>;
    fn id(&self) -> &crate::domain::Id;
    fn version(&self) -> i32;
}

/// A patch's value compared with the row's: a `Stamp` with the instant it stands for.
pub trait Same<Current: ?Sized> {
    fn same(&self, current: &Current) -> bool;
}

impl<T: PartialEq> Same<T> for T {
    fn same(&self, current: &T) -> bool {
        self == current
    }
}

impl Same<chrono::DateTime<chrono::Utc>> for crate::db::Stamp {
    fn same(&self, current: &chrono::DateTime<chrono::Utc>) -> bool {
        self.0 == *current
    }
}

impl Same<Option<chrono::DateTime<chrono::Utc>>> for Option<crate::db::Stamp> {
    fn same(&self, current: &Option<chrono::DateTime<chrono::Utc>>) -> bool {
        self.map(|s| s.0) == *current
    }
}

/// Whether a patch field leaves the row's value as it is: absent, or the value it has.
pub fn keeps<A: Same<B>, B>(change: &Option<A>, current: &B) -> bool {
    change.as_ref().is_none_or(|value| value.same(current))
}

/// Stores a domain type as TEXT it writes into a new `String` (a set of scopes, say), read back
/// through a parser: a stored text the parser refuses fails the row's read with its message.
/// A `String` made during a bind cannot be lent to `MultiBackend`'s output, so each backend is
/// written to on its own, as `STACK.md` records.
macro_rules! owned_text_column {
    ($ty:ty, |$value:ident| $write:expr, |$text:ident| $read:expr) => {
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                use std::io::Write;
                let $value = self;
                let text: String = $write;
                out.write_all(text.as_bytes())?;
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                let $value = self;
                let text: String = $write;
                out.set_value(text);
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((diesel::sql_types::Text, self));
                Ok(diesel::serialize::IsNull::No)
            }
        }

        $crate::domain::text_column::read_text!($ty, |$text| $read);
    };
}

owned_text_column!(
    crate::domain::scope::Scopes,
    |scopes| scopes.to_text(),
    |text| crate::domain::scope::Scopes::from_text(&text)
        .map_err(|word| format!("an unknown scope {word:?} in the database"))
);

owned_text_column!(
    crate::domain::enums::EventTypes,
    |events| events.to_text(),
    |text| crate::domain::enums::EventTypes::from_text(&text)
        .map_err(|word| format!("an unknown event type {word:?} in the database"))
);

/// `changes_nothing(&self, row)` for a patch type: whether every field it sets already has that
/// value, so that a write that changes nothing writes nothing (and keeps the version).
macro_rules! changes_nothing {
    ($changes:ty, $row:ty, [$($field:ident),+ $(,)?]) => {
        impl $changes {
            /// Whether applying these changes leaves `row` as it is.
            pub fn changes_nothing(&self, row: &$row) -> bool {
                $( $crate::store::keeps(&self.$field, &row.$field) )&&+
            }
        }
    };
}
pub(crate) use changes_nothing;

/// The answer when a row changed between our read and our write (a concurrent request).
pub fn changed_meanwhile() -> crate::store::error::StoreError {
    crate::store::error::StoreError::Conflict {
        field: None,
        detail: "The resource changed while this request ran; fetch it and try again".into(),
    }
}

/// What every versioned, owner-scoped table with tombstones shares: finding a live row of one
/// user, listing metadata for paging, an update applied only if the row is still at the version
/// it was read at, and a soft delete that leaves a tombstone for syncing clients. Writes bump
/// `version` and `updated_at`.
macro_rules! versioned_table {
    ($table:ident, $row:ty, $changes:ty, $missing:literal) => {
        $crate::listed!($row);

        impl $crate::store::Versioned for $row {
            fn find(conn: &mut DbConnection, user: &str, id: &str) -> StoreResult<Self> {
                find(conn, user, id)
            }
            fn id(&self) -> &$crate::domain::Id {
                &self.id
            }
            fn version(&self) -> i32 {
                self.version
            }
        }

        /// A live row of `user`; another user's, or a deleted one, is not found.
        pub fn find(conn: &mut DbConnection, user: &str, id: &str) -> StoreResult<$row> {
            let query = $table::table
                .filter($table::id.eq(id))
                .filter($table::user_id.eq(user))
                .filter($table::deleted_at.is_null())
                .select(<$row>::as_select());
            $crate::db::one_row(query, conn)?
                .ok_or_else(|| $crate::store::error::StoreError::NotFound($missing.into()))
        }

        /// Applies `changes` if the row is still at the version it was read at.
        pub fn update(
            conn: &mut DbConnection,
            current: &$row,
            changes: &$changes,
            now: DateTime<Utc>,
        ) -> StoreResult<$row> {
            diesel::update(
                $table::table
                    .filter($table::id.eq(&current.id))
                    .filter($table::user_id.eq(&current.user_id))
                    .filter($table::version.eq(current.version)),
            )
            .set((
                changes,
                $table::version.eq($table::version + 1),
                $table::updated_at.eq($crate::db::Stamp(now)),
            ))
            .returning($table::all_columns)
            .get_result(conn)
            .optional()?
            .ok_or_else($crate::store::changed_meanwhile)
        }

        /// Leaves a tombstone; what hangs off the row is the caller's to detach or cancel.
        fn mark_deleted(
            conn: &mut DbConnection,
            current: &$row,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            let deleted = diesel::update(
                $table::table
                    .filter($table::id.eq(&current.id))
                    .filter($table::version.eq(current.version)),
            )
            .set((
                $table::deleted_at.eq($crate::db::Stamp(now)),
                $table::version.eq($table::version + 1),
                $table::updated_at.eq($crate::db::Stamp(now)),
            ))
            .execute(conn)?;
            if deleted == 0 {
                return Err($crate::store::changed_meanwhile());
            }
            Ok(())
        }
    };
}
pub(crate) use versioned_table;
