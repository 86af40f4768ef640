//! Domain values parsed from requests: once built, they cannot hold an invalid value.
//! Each parser returns the message a client sees for that field; `Fields` gathers them so a
//! request with three bad fields hears about all three at once.

mod account;
mod text;

pub use account::{Email, Password, Strengths, TimeZone};
pub use text::{bounded, optional_bounded, required};

use crate::error::{ApiError, FieldError};

/// Collects field errors while a request is converted into domain values.
#[derive(Debug, Default)]
pub struct Fields {
    errors: Vec<FieldError>,
}

impl Fields {
    /// Keeps the value, or records why `field` is invalid.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.push(FieldError::new(field, message));
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The validation error to answer; call when some `check` returned `None`.
    pub fn into_error(self) -> ApiError {
        ApiError::Validation(self.errors)
    }
}
