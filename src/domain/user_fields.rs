//! Which fields of a generated task the user changed themselves. The engine keeps every open task
//! on what the plan says now (RULES.md, "level-triggered"), except these, field by field: a
//! snoozed task stays snoozed, an edited title stays edited. Stored as a bit set; a stored value
//! with an unknown bit fails the read.

use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Integer;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = Integer)]
pub struct UserFields(i32);

impl UserFields {
    pub const NONE: Self = Self(0);
    pub const TITLE: Self = Self(1);
    pub const DRAFT: Self = Self(2);
    pub const DUE_AT: Self = Self(4);
    pub const NOT_BEFORE: Self = Self(8);
    pub const CHANNEL: Self = Self(16);
    const KNOWN: i32 = 31;

    pub fn contains(self, field: Self) -> bool {
        self.0 & field.0 == field.0
    }

    /// These fields and `other`'s.
    pub fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// `field` if `changed`, else none.
    pub fn when(changed: bool, field: Self) -> Self {
        if changed { field } else { Self::NONE }
    }

    fn from_bits(bits: i32) -> Result<Self, String> {
        if bits & !Self::KNOWN != 0 {
            return Err(format!("{bits} is not a set of a task's fields"));
        }
        Ok(Self(bits))
    }
}

impl<DB> ToSql<Integer, DB> for UserFields
where
    DB: diesel::backend::Backend,
    i32: ToSql<Integer, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.0.to_sql(out)
    }
}

impl<DB> FromSql<Integer, DB> for UserFields
where
    DB: diesel::backend::Backend,
    i32: FromSql<Integer, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Self::from_bits(i32::from_sql(bytes)?).map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_add_up_and_unknown_bits_are_refused() {
        let owned = UserFields::NONE
            .with(UserFields::TITLE)
            .with(UserFields::when(true, UserFields::DUE_AT))
            .with(UserFields::when(false, UserFields::DRAFT));
        assert!(owned.contains(UserFields::TITLE) && owned.contains(UserFields::DUE_AT));
        assert!(!owned.contains(UserFields::DRAFT));
        assert_eq!(UserFields::from_bits(owned.0), Ok(owned));
        assert!(UserFields::from_bits(64).is_err());
    }
}
