//! Option values that name a domain enum (`--priority high`, `--kind suspend-domain`): the values clap offers
//! and checks, turned into the domain type through its own serde names.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use serde::de::DeserializeOwned;

/// A parser that accepts exactly `names` (kebab-case, as typed) and turns one into `T` through serde's
/// snake_case name.
pub fn parser<T>(names: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(names).map(|name: String| {
        serde_json::from_value(serde_json::Value::String(name.replace('-', "_")))
            .unwrap_or_else(|e| panic!("{name} is offered but is not a value: {e}"))
    })
}

/// `--priority`.
pub const PRIORITIES: &[&str] = &["critical", "high", "medium", "low"];
/// `--kind` of a mitigation item.
pub const MITIGATIONS: &[&str] = &[
    "suspend-domain",
    "backup-data",
    "isolate-application",
    "close-ports",
    "maintenance-page",
    "other",
];
/// `--status` of a mitigation item.
pub const MITIGATION_STATUSES: &[&str] = &["planned", "in-progress", "done", "dropped"];
/// `--to` of an escalation.
pub const PARTNERS: &[&str] = &["provincial", "bssn", "vendor"];
/// The documents `csirt case issue` issues.
pub const DOCUMENTS: &[&str] = &[
    "analysis-report",
    "escalation-report",
    "notification-letter",
    "certificate-of-appreciation",
    "final-report",
    "verification-report",
    "reply-letter",
    "head-of-agency-report",
];
/// `--channel` of a report recorded by staff.
pub const STAFF_CHANNELS: &[&str] = &["email", "letter", "phone"];

#[cfg(test)]
mod tests {
    use super::*;
    use csirt_domain::case::{MitigationKind, MitigationStatus, PartnerKind, Priority};
    use csirt_domain::channel::Channel;

    fn every<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        names: &'static [&'static str],
    ) -> usize {
        let command =
            clap::Command::new("t").arg(clap::Arg::new("v").value_parser(parser::<T>(names)));
        names
            .iter()
            .filter(|name| command.clone().try_get_matches_from(["t", name]).is_ok())
            .count()
    }

    #[test]
    fn every_offered_value_is_a_domain_value() {
        assert_eq!(every::<Priority>(PRIORITIES), PRIORITIES.len());
        assert_eq!(every::<MitigationKind>(MITIGATIONS), MITIGATIONS.len());
        assert_eq!(
            every::<MitigationStatus>(MITIGATION_STATUSES),
            MITIGATION_STATUSES.len()
        );
        assert_eq!(every::<PartnerKind>(PARTNERS), PARTNERS.len());
        assert_eq!(every::<Channel>(STAFF_CHANNELS), STAFF_CHANNELS.len());
        assert_eq!(
            every::<csirt_domain::case::DocumentKind>(DOCUMENTS),
            DOCUMENTS.len()
        );
    }
}
