//! `Id`: a row's id, a UUID from the moment it is read. Stored as its canonical text (lower-case,
//! hyphenated) on both backends, so the columns and every stored id stay as they were; the text
//! is kept inline, so an `Id` is `Copy` and reads as a `&str` wherever one is asked for. A stored
//! id that is not a UUID fails the row's read.

use std::fmt;
use std::ops::Deref;

use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use uuid::Uuid;

const LEN: usize = 36;

#[derive(
    Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = Text)]
pub struct Id([u8; LEN]);

impl Id {
    /// A fresh id: UUIDv7, so ids sort by creation time.
    pub fn new_v7() -> Self {
        Self::from(Uuid::now_v7())
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        Uuid::try_parse(text)
            .map(Self::from)
            .map_err(|_| format!("{text:?} is not a UUID"))
    }

    pub fn uuid(&self) -> Uuid {
        // The bytes were written from a UUID and never change.
        Uuid::try_parse_ascii(&self.0).unwrap_or_default()
    }

    pub fn as_str(&self) -> &str {
        // Only the ASCII of a hyphenated UUID is ever stored here.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl From<Uuid> for Id {
    fn from(id: Uuid) -> Self {
        let mut text = [0u8; LEN];
        id.hyphenated().encode_lower(&mut text);
        Self(text)
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.as_str())
    }
}

impl<DB> ToSql<Text, DB> for Id
where
    DB: diesel::backend::Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.as_str().to_sql(out)
    }
}

impl<DB> FromSql<Text, DB> for Id
where
    DB: diesel::backend::Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Self::parse(&String::from_sql(bytes)?).map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_canonical_text() {
        let id = Id::parse("01A21D0E-9EFA-723B-B2B7-7862C68198AE").expect("uuid");
        assert_eq!(id.as_str(), "01a21d0e-9efa-723b-b2b7-7862c68198ae");
        assert_eq!(Id::from(id.uuid()), id);
        assert!(Id::parse("not-a-uuid").is_err());
        assert_ne!(Id::new_v7(), Id::new_v7());
    }
}
