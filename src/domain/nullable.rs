//! PATCH bodies tell "leave as is" (field absent) from "clear it" (`null`): such fields are
//! `Option<Option<T>>` deserialized with `#[serde(default, deserialize_with = "nullable::de")]`.

use serde::{Deserialize, Deserializer};

pub fn de<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "super::de")]
        notes: Option<Option<String>>,
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
