//! `text_column!`: stores a domain type as TEXT on any diesel backend (`MultiBackend` included),
//! written as a `&'static str` and read back through a parser. A stored string the parser refuses
//! fails the row's read with its message: a value outside its domain is never read as a default.

macro_rules! text_column {
    ($ty:ty, |$value:ident| $write:expr, |$text:ident| $read:expr) => {
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $ty
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                let $value = self;
                let text: &'static str = $write;
                text.to_sql(out)
            }
        }

        $crate::domain::text_column::read_text!($ty, |$text| $read);
    };
}

/// Reading a TEXT column through a parser, for `text_column!` and `store::owned_text_column!`.
macro_rules! read_text {
    ($ty:ty, |$text:ident| $read:expr) => {
        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $ty
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let $text = String::from_sql(bytes)?;
                let read: Result<Self, String> = $read;
                read.map_err(Into::into)
            }
        }
    };
}

pub(crate) use {read_text, text_column};
