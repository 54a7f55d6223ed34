//! The label of each intake field as the reporter sees it, from `data/fields.toml`: the site's form labels its
//! controls with these and the intake's problems page names each problem by them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::lang::{Lang, Localized};

const FIELDS_TOML: &str = include_str!("../../data/fields.toml");

static LABELS: LazyLock<BTreeMap<String, Localized>> = LazyLock::new(|| {
    toml::from_str(FIELDS_TOML).unwrap_or_else(|e| panic!("data/fields.toml is invalid: {e}"))
});

/// The label of `field` (a field of the intake API, or `body`, `idempotency_key`, `tracking_code`).
pub fn field_label(field: &str) -> Option<&'static Localized> {
    LABELS.get(field)
}

/// Every field's label in `lang`, by field name.
pub fn field_labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(field, label)| (field.as_str(), label.get(lang)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FIELDS;

    #[test]
    fn every_field_has_a_label_in_both_languages() {
        for field in FIELDS
            .iter()
            .chain(&["body", "idempotency_key", "tracking_code"])
        {
            let label = field_label(field).unwrap_or_else(|| panic!("{field} has no label"));
            assert!(!label.id.is_empty() && !label.en.is_empty(), "{field}");
        }
        assert_eq!(field_labels(Lang::En)["description"], "What happened?");
        assert_eq!(field_labels(Lang::Id)["description"], "Apa yang terjadi?");
        assert!(
            field_label("website").is_none(),
            "the honeypot is not a field"
        );
    }
}
