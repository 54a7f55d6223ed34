//! The report as submitted: the intake API's flat fields as text, before any parsing. JSON,
//! form-urlencoded and multipart bodies all become a [`ReportInput`]; only then is the report parsed.

use serde_json::Value;

use crate::field_error::{FieldError, FieldErrors};

/// The flat field names of a report, as the form, JSON and multipart bodies use them.
pub const FIELDS: [&str; 21] = [
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "reporter_kind",
    "reporter_organisation",
    "incident_class",
    "incident_type",
    "title",
    "description",
    "chronology",
    "impact",
    "noticed_at",
    "affected_url",
    "affected_ip",
    "affected_application",
    "affected_agency",
    "hall_of_fame_consent",
    "hall_of_fame_alias",
    "tlp",
    "evidence",
    "lang",
];

/// A submitted report's text fields, unparsed. Absent fields are `None`; unknown fields are dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportInput {
    values: Vec<(&'static str, String)>,
}

impl ReportInput {
    /// An empty submission.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `field` (one of [`FIELDS`]) to `value`; a second value for the same field replaces the first.
    /// Unknown field names are ignored, so the form may carry extra controls.
    pub fn set(&mut self, field: &str, value: impl Into<String>) -> &mut Self {
        if let Some(known) = FIELDS.iter().find(|f| **f == field) {
            let value = value.into();
            match self.values.iter_mut().find(|(f, _)| f == known) {
                Some(slot) => slot.1 = value,
                None => self.values.push((known, value)),
            }
        }
        self
    }

    /// Builds the input from name/value pairs (form-urlencoded and multipart text parts).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut input = Self::new();
        for (name, value) in pairs {
            input.set(name, value);
        }
        input
    }

    /// Builds the input from a JSON object. Strings are taken as they are; booleans and numbers are accepted for
    /// `hall_of_fame_consent` only; any other type is an error on its field. A body that is not an object is an
    /// error on the field `body`.
    pub fn from_json(body: &Value) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(object) = body.as_object() else {
            errors.push(FieldError::new(
                "body",
                "Isi permintaan harus berupa objek JSON.",
                "The request body must be a JSON object.",
            ));
            return Err(errors);
        };
        let mut input = Self::new();
        for (name, value) in object {
            let Some(field) = FIELDS.iter().find(|f| *f == name) else {
                continue;
            };
            match (value, *field) {
                (Value::String(text), _) => {
                    input.set(field, text.as_str());
                }
                (Value::Null, _) => {}
                (Value::Bool(flag), "hall_of_fame_consent") => {
                    input.set(field, flag.to_string());
                }
                _ => errors.push(FieldError::new(
                    field,
                    "Jenis nilai salah: isian ini berupa teks.",
                    "Wrong type of value: this field is text.",
                )),
            }
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    /// The submitted text of `field`, or `""` when absent.
    pub fn get(&self, field: &str) -> &str {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_strings_booleans_and_nulls() {
        let input = ReportInput::from_json(&json!({
            "description": "x",
            "hall_of_fame_consent": true,
            "chronology": null,
            "unknown": 5,
        }))
        .unwrap();
        assert_eq!(input.get("description"), "x");
        assert_eq!(input.get("hall_of_fame_consent"), "true");
        assert_eq!(input.get("chronology"), "");
        assert_eq!(input.get("unknown"), "");
    }

    #[test]
    fn json_wrong_types_name_their_fields() {
        let errors = ReportInput::from_json(&json!({
            "description": ["x"],
            "reporter_email": 42,
            "title": {"nested": true},
            "tlp": false,
        }))
        .unwrap_err();
        let fields: Vec<_> = errors.fields().collect();
        assert_eq!(fields, ["description", "reporter_email", "title", "tlp"]);
        assert_eq!(
            ReportInput::from_json(&json!([1, 2]))
                .unwrap_err()
                .fields()
                .collect::<Vec<_>>(),
            ["body"]
        );
    }

    #[test]
    fn pairs_keep_the_last_value_and_drop_unknown_names() {
        let input = ReportInput::from_pairs([("title", "a"), ("title", "b"), ("website", "bot")]);
        assert_eq!(input.get("title"), "b");
        assert_eq!(input.get("website"), "");
    }
}
