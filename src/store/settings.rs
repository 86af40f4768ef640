//! Server-wide key/value settings, such as the JWT secret generated on first start.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::server_settings;
use crate::store::error::{StoreError, StoreResult};

pub fn get(conn: &mut DbConnection, key: &str) -> StoreResult<Option<String>> {
    let query = server_settings::table
        .find(key)
        .select(server_settings::value);
    Ok(crate::db::one_row(query, conn)?)
}

/// Stores `value` unless the key exists, then returns what is stored: when several instances
/// start at once, all of them end up with the first one's value.
pub fn get_or_insert(conn: &mut DbConnection, key: &str, value: &str) -> StoreResult<String> {
    if let Some(existing) = get(conn, key)? {
        return Ok(existing);
    }
    let inserted = crate::db::insert_unless_exists(conn, |conn| {
        diesel::insert_into(server_settings::table)
            .values((
                server_settings::key.eq(key),
                server_settings::value.eq(value),
            ))
            .execute(conn)
    })?;
    if inserted {
        return Ok(value.to_string());
    }
    get(conn, key)?
        .ok_or_else(|| StoreError::Corrupt("a setting vanished after a conflict on its key".into()))
}
