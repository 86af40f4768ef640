//! Whole numbers as JSON Schema counts them: `237` and `237.0` are the same integer, so a body
//! that a schema-following client writes either way is read the same.

use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Whole(pub i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        if let Some(n) = number.as_i64() {
            return Ok(Self(n));
        }
        match number.as_f64() {
            // Within ±2^53 every whole f64 is exact, and the server's bounds are far inside.
            Some(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => Ok(Self(f as i64)),
            _ => Err(serde::de::Error::custom(format!(
                "invalid value: {number}, expected a whole number"
            ))),
        }
    }
}

impl Whole {
    /// The number as an `i32` when it lies within `min..=max`.
    pub fn within(self, min: i32, max: i32) -> Result<i32, String> {
        i32::try_from(self.0)
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| format!("must be between {min} and {max}"))
    }
}

impl utoipa::PartialSchema for Whole {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .into()
    }
}

impl utoipa::ToSchema for Whole {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_float_is_an_integer() {
        let read = |text: &str| serde_json::from_str::<Whole>(text).map(|w| w.0).ok();
        assert_eq!(read("237"), Some(237));
        assert_eq!(read("237.0"), Some(237));
        assert_eq!(read("-5"), Some(-5));
        assert_eq!(read("237.5"), None);
        assert_eq!(read("1e300"), None);
        assert_eq!(read("\"3\""), None);
        assert_eq!(Whole(1441).within(1, 1440).ok(), None);
        assert_eq!(Whole(60).within(1, 1440).ok(), Some(60));
    }
}
