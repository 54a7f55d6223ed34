//! Per-field parse errors, worded in both languages, as the intake API returns them (`422 {"errors": {...}}`).

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::lang::{Lang, Localized};

/// Why one field was refused, in Bahasa Indonesia and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The flat field name of the intake API, e.g. `reporter_email`.
    pub field: &'static str,
    /// The message for the person who filled in the field.
    pub message: Localized,
}

impl FieldError {
    /// An error on `field` with its two translations.
    pub fn new(field: &'static str, id: impl Into<String>, en: impl Into<String>) -> Self {
        FieldError {
            field,
            message: Localized::new(id, en),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message.en)
    }
}

impl std::error::Error for FieldError {}

/// Every problem found in one submission, at most one per field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<&'static str, Localized>);

impl FieldErrors {
    /// No problem yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `error`; the first error on a field wins.
    pub fn push(&mut self, error: FieldError) {
        self.0.entry(error.field).or_insert(error.message);
    }

    /// Keeps the value of `result`, recording its error.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    /// Keeps the value of `result`, recording all its errors (the first error on a field wins).
    pub fn take_all<T>(&mut self, result: Result<T, FieldErrors>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(errors) => {
                for (field, message) in errors.0 {
                    self.0.entry(field).or_insert(message);
                }
                None
            }
        }
    }

    /// True when no field was refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for `field`, if it was refused.
    pub fn get(&self, field: &str) -> Option<&Localized> {
        self.0.get(field)
    }

    /// The refused fields' names, in order.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }

    /// Field name → message in `lang`, the body of a `422` answer.
    pub fn in_language(&self, lang: Lang) -> BTreeMap<&'static str, &str> {
        self.0
            .iter()
            .map(|(field, message)| (*field, message.get(lang)))
            .collect()
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (field, message) in &self.0 {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            write!(f, "{field}: {}", message.en)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
