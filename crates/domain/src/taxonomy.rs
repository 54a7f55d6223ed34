//! The ENISA Reference Security Incident Taxonomy (RSIT): incident classes and types with labels in id and en,
//! read from the data file shipped with the crate.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;
use crate::lang::Localized;

const RSIT_TOML: &str = include_str!("../data/taxonomy.toml");

/// The whole taxonomy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// The incident classes, in the taxonomy's order.
    pub classes: Vec<IncidentClassInfo>,
}

/// One class of incidents, e.g. `intrusions`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentClassInfo {
    /// Machine key, e.g. `intrusions`.
    pub key: String,
    /// Display name.
    pub label: Localized,
    /// The types of this class.
    pub types: Vec<IncidentTypeInfo>,
}

/// One incident type, e.g. `application-compromise`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentTypeInfo {
    /// Machine key, unique within its class.
    pub key: String,
    /// Display name.
    pub label: Localized,
    /// What the type covers, with an example.
    pub description: Localized,
}

static RSIT: LazyLock<Taxonomy> = LazyLock::new(|| {
    toml::from_str(RSIT_TOML).unwrap_or_else(|e| panic!("data/taxonomy.toml is invalid: {e}"))
});

impl Taxonomy {
    /// The RSIT taxonomy shipped with the crate.
    pub fn rsit() -> &'static Taxonomy {
        &RSIT
    }

    /// The class with machine key `key`.
    pub fn class(&self, key: &str) -> Option<&IncidentClassInfo> {
        self.classes.iter().find(|c| c.key == key)
    }
}

impl IncidentClassInfo {
    /// The type with machine key `key` in this class.
    pub fn incident_type(&self, key: &str) -> Option<&IncidentTypeInfo> {
        self.types.iter().find(|t| t.key == key)
    }
}

/// A valid RSIT class and type pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawIncidentType", into = "RawIncidentType")]
pub struct IncidentType {
    class: String,
    kind: String,
}

#[derive(Serialize, Deserialize)]
struct RawIncidentType {
    class: String,
    #[serde(rename = "type")]
    kind: String,
}

impl IncidentType {
    /// Parses the `incident_class` and `incident_type` fields against the taxonomy.
    pub fn parse(class: &str, kind: &str) -> Result<Self, FieldError> {
        let (class, kind) = (class.trim(), kind.trim());
        if class.is_empty() {
            return Err(crate::text::required("incident_class"));
        }
        let Some(class_info) = Taxonomy::rsit().class(class) else {
            return Err(FieldError::new(
                "incident_class",
                "Kelas insiden tidak dikenal; pilih salah satu dari daftar.",
                "Unknown incident class; choose one from the list.",
            ));
        };
        if kind.is_empty() {
            return Err(crate::text::required("incident_type"));
        }
        if class_info.incident_type(kind).is_none() {
            return Err(FieldError::new(
                "incident_type",
                format!(
                    "Jenis insiden ini bukan bagian dari kelas \u{201c}{}\u{201d}.",
                    class_info.label.id
                ),
                format!(
                    "This incident type is not part of the class \u{201c}{}\u{201d}.",
                    class_info.label.en
                ),
            ));
        }
        Ok(IncidentType {
            class: class.to_owned(),
            kind: kind.to_owned(),
        })
    }

    /// The class's machine key.
    pub fn class(&self) -> &str {
        &self.class
    }

    /// The type's machine key.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The class's entry in the taxonomy.
    pub fn class_info(&self) -> &'static IncidentClassInfo {
        Taxonomy::rsit()
            .class(&self.class)
            .expect("an IncidentType is only built from a class of the taxonomy")
    }

    /// The type's entry in the taxonomy.
    pub fn type_info(&self) -> &'static IncidentTypeInfo {
        self.class_info()
            .incident_type(&self.kind)
            .expect("an IncidentType is only built from a type of its class")
    }
}

impl TryFrom<RawIncidentType> for IncidentType {
    type Error = FieldError;
    fn try_from(raw: RawIncidentType) -> Result<Self, FieldError> {
        IncidentType::parse(&raw.class, &raw.kind)
    }
}

impl From<IncidentType> for RawIncidentType {
    fn from(value: IncidentType) -> Self {
        RawIncidentType {
            class: value.class,
            kind: value.kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_taxonomy_has_every_rsit_class_with_unique_keys() {
        let rsit = Taxonomy::rsit();
        let keys: Vec<&str> = rsit.classes.iter().map(|c| c.key.as_str()).collect();
        for expected in [
            "abusive-content",
            "malicious-code",
            "information-gathering",
            "intrusion-attempts",
            "intrusions",
            "availability",
            "information-content-security",
            "fraud",
            "vulnerable",
            "other",
            "test",
        ] {
            assert!(keys.contains(&expected), "missing class {expected}");
        }
        for class in &rsit.classes {
            assert!(!class.types.is_empty(), "{} has no types", class.key);
            let mut type_keys: Vec<&str> = class.types.iter().map(|t| t.key.as_str()).collect();
            type_keys.sort_unstable();
            type_keys.dedup();
            assert_eq!(
                type_keys.len(),
                class.types.len(),
                "duplicate type in {}",
                class.key
            );
            for t in &class.types {
                assert!(
                    !t.label.id.is_empty()
                        && !t.label.en.is_empty()
                        && !t.description.id.is_empty()
                );
            }
        }
    }

    #[test]
    fn parses_known_pairs_and_names_the_wrong_field() {
        let t = IncidentType::parse("intrusions", "application-compromise").unwrap();
        assert_eq!(
            (t.class(), t.kind()),
            ("intrusions", "application-compromise")
        );
        assert_eq!(
            IncidentType::parse("", "x").unwrap_err().field,
            "incident_class"
        );
        assert_eq!(
            IncidentType::parse("<script>", "x").unwrap_err().field,
            "incident_class"
        );
        assert_eq!(
            IncidentType::parse("intrusions", "").unwrap_err().field,
            "incident_type"
        );
        assert_eq!(
            IncidentType::parse("intrusions", "phishing")
                .unwrap_err()
                .field,
            "incident_type"
        );
        assert_eq!(
            IncidentType::parse("intrusions", "{{ x }}")
                .unwrap_err()
                .field,
            "incident_type"
        );
    }

    #[test]
    fn serialises_as_class_and_type() {
        let t = IncidentType::parse("fraud", "phishing").unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"class":"fraud","type":"phishing"}"#);
        assert!(serde_json::from_str::<IncidentType>(r#"{"class":"fraud","type":"dos"}"#).is_err());
    }
}
