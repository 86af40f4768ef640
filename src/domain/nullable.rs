//! PATCH bodies tell "leave as is" (field absent) from "clear it" (`null`): such fields are
//! `Option<Option<T>>` deserialized with `#[serde(default, deserialize_with = "nullable::de")]`.
//! An optional field that cannot be null (DESIGN.md, "Nulls and no-ops") is `Option<T>` with
//! `#[serde(default, deserialize_with = "nullable::present")]`: left out is `None`, `null` a 422.

use serde::{Deserialize, Deserializer};

pub fn de<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    match Option::<T>::deserialize(deserializer)? {
        Some(value) => Ok(Some(value)),
        None => Err(serde::de::Error::custom(
            "must not be null: leave the field out instead",
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "super::de")]
        notes: Option<Option<String>>,
    }

    #[derive(Deserialize)]
    struct Create {
        #[serde(default, deserialize_with = "super::present")]
        company: Option<String>,
    }

    #[test]
    fn a_field_that_cannot_be_null_refuses_null_but_may_be_left_out() {
        let absent: Create = serde_json::from_str("{}").expect("json");
        assert_eq!(absent.company, None);
        assert!(serde_json::from_str::<Create>(r#"{"company": null}"#).is_err());
        let value: Create = serde_json::from_str(r#"{"company": "Acme"}"#).expect("json");
        assert_eq!(value.company.as_deref(), Some("Acme"));
    }

    #[test]
    fn absent_null_and_value_differ() {
        let absent: Patch = serde_json::from_str("{}").expect("json");
        let null: Patch = serde_json::from_str(r#"{"notes": null}"#).expect("json");
        let value: Patch = serde_json::from_str(r#"{"notes": "hi"}"#).expect("json");
        assert_eq!(absent.notes, None);
        assert_eq!(null.notes, Some(None));
        assert_eq!(value.notes, Some(Some("hi".into())));
    }
}
