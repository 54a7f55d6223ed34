//! Traffic Light Protocol 2.0 markings on reports, cases, letters and advisories, with labels from the data file.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;
use crate::lang::Localized;

const TLP_TOML: &str = include_str!("../data/tlp.toml");

/// A TLP 2.0 marking.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tlp {
    /// `TLP:CLEAR`: may be shared freely.
    Clear,
    /// `TLP:GREEN`: within the community.
    Green,
    /// `TLP:AMBER`: within the recipient's organisation and its clients, on a need-to-know basis. The default.
    #[default]
    Amber,
    /// `TLP:AMBER+STRICT`: within the recipient's organisation only.
    AmberStrict,
    /// `TLP:RED`: for the named recipients only.
    Red,
}

/// A marking's display text and definition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlpLabel {
    /// The marking's key.
    pub key: Tlp,
    /// The marking as printed, e.g. `TLP:AMBER+STRICT`.
    pub marking: String,
    /// Short name.
    pub label: Localized,
    /// FIRST's definition.
    pub definition: Localized,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TlpData {
    labels: Vec<TlpLabel>,
}

static LABELS: LazyLock<Vec<TlpLabel>> = LazyLock::new(|| {
    toml::from_str::<TlpData>(TLP_TOML)
        .unwrap_or_else(|e| panic!("data/tlp.toml is invalid: {e}"))
        .labels
});

impl std::fmt::Display for Tlp {
    /// The marking as printed, e.g. `TLP:AMBER+STRICT`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label().marking)
    }
}

impl Tlp {
    /// Every marking, least to most restricted.
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// Parses `TLP:AMBER+STRICT`, `amber+strict`, `amber-strict` and the like; empty gives the default.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let normal = raw.trim().to_ascii_lowercase();
        let key = normal
            .strip_prefix("tlp:")
            .unwrap_or(&normal)
            .replace('+', "-");
        match key.as_str() {
            "" => Ok(Tlp::default()),
            "clear" | "white" => Ok(Tlp::Clear),
            "green" => Ok(Tlp::Green),
            "amber" => Ok(Tlp::Amber),
            "amber-strict" => Ok(Tlp::AmberStrict),
            "red" => Ok(Tlp::Red),
            _ => Err(FieldError::new(
                "tlp",
                "Label TLP tidak dikenal; pilih CLEAR, GREEN, AMBER, AMBER+STRICT, atau RED.",
                "Unknown TLP label; choose CLEAR, GREEN, AMBER, AMBER+STRICT or RED.",
            )),
        }
    }

    /// The marking's label and definition.
    pub fn label(self) -> &'static TlpLabel {
        LABELS
            .iter()
            .find(|l| l.key == self)
            .expect("data/tlp.toml has every TLP marking (checked by a test)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marking_has_its_label() {
        for tlp in Tlp::ALL {
            let label = tlp.label();
            assert!(label.marking.starts_with("TLP:"));
            assert!(!label.definition.id.is_empty() && !label.definition.en.is_empty());
        }
        assert_eq!(Tlp::AmberStrict.label().marking, "TLP:AMBER+STRICT");
    }

    #[test]
    fn parses_the_usual_spellings() {
        assert_eq!(Tlp::parse("TLP:AMBER+STRICT").unwrap(), Tlp::AmberStrict);
        assert_eq!(Tlp::parse("amber-strict").unwrap(), Tlp::AmberStrict);
        assert_eq!(Tlp::parse(" green ").unwrap(), Tlp::Green);
        assert_eq!(Tlp::parse("").unwrap(), Tlp::Amber);
        assert_eq!(Tlp::parse("TLP:WHITE").unwrap(), Tlp::Clear);
        for bad in ["purple", "<b>red</b>", "{{red}}", "r\u{0}ed"] {
            assert_eq!(Tlp::parse(bad).unwrap_err().field, "tlp");
        }
    }
}
