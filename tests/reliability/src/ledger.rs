//! The reckoning after a load: every `201` answer (report number and tracking code) against every stored case
//! (its code and the report number written in its description).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use csirt_domain::case::Case;

/// What was acknowledged against what was stored.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ledger {
    /// Distinct reports answered `201` at least once.
    pub acknowledged: u64,
    /// Cases in the store that belong to the load.
    pub stored: u64,
    /// Acknowledged reports whose code is not in the store, or holds another report.
    pub lost: u64,
    /// Reports stored more than once (by a retry or otherwise), counted once per extra case.
    pub duplicated: u64,
    /// Reports that got different codes in different `201` answers (a retry answered with a new code).
    pub recoded: u64,
    /// Codes given to more than one report.
    pub shared_codes: u64,
    /// Stored reports never answered `201` (sent, then the server died or answered `503` after storing): allowed,
    /// as no one was told the report was taken.
    pub stored_unacknowledged: u64,
}

impl Ledger {
    /// Compares `receipts` (report number, code of every `201` answer) with the store's `cases`.
    pub fn tally(receipts: &[(u64, String)], cases: &[Case]) -> Ledger {
        let mut codes_by_number: BTreeMap<u64, BTreeSet<&str>> = BTreeMap::new();
        let mut numbers_by_code: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
        for (number, code) in receipts {
            codes_by_number.entry(*number).or_default().insert(code);
            numbers_by_code.entry(code).or_default().insert(*number);
        }
        let mut stored_by_code: BTreeMap<String, Option<u64>> = BTreeMap::new();
        let mut stored_per_number: BTreeMap<u64, u64> = BTreeMap::new();
        for case in cases {
            let number = report_number(case.report.description.as_str());
            stored_by_code.insert(case.code.to_string(), number);
            if let Some(number) = number {
                *stored_per_number.entry(number).or_default() += 1;
            }
        }
        let mut ledger = Ledger {
            acknowledged: codes_by_number.len() as u64,
            stored: stored_per_number.values().sum(),
            ..Ledger::default()
        };
        for (number, codes) in &codes_by_number {
            if codes.len() > 1 {
                ledger.recoded += 1;
            }
            let kept = codes
                .iter()
                .all(|code| stored_by_code.get(*code) == Some(&Some(*number)));
            if !kept {
                ledger.lost += 1;
            }
        }
        ledger.shared_codes = numbers_by_code.values().filter(|n| n.len() > 1).count() as u64;
        for (number, count) in &stored_per_number {
            ledger.duplicated += count - 1;
            if !codes_by_number.contains_key(number) {
                ledger.stored_unacknowledged += 1;
            }
        }
        ledger
    }

    /// Whether nothing acknowledged was lost, nothing stored twice, and every code is its report's alone.
    pub fn holds(&self) -> bool {
        self.lost == 0 && self.duplicated == 0 && self.recoded == 0 && self.shared_codes == 0
    }
}

impl fmt::Display for Ledger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "acknowledged {} / stored {} / lost {} / duplicated {} (codes changed on retry {}, codes shared {}, \
             stored without a 201 {})",
            self.acknowledged,
            self.stored,
            self.lost,
            self.duplicated,
            self.recoded,
            self.shared_codes,
            self.stored_unacknowledged
        )
    }
}

/// The number in a load-test report's description (`… report number N; …`).
fn report_number(description: &str) -> Option<u64> {
    let rest = description.split("report number ").nth(1)?;
    rest.split(';').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_is_read_from_the_generated_description() {
        let description = String::from_utf8(csirt_bench::load::report(42)).unwrap_or_default();
        let value: Option<u64> = description
            .split("\"description\":\"")
            .nth(1)
            .and_then(report_number);
        assert_eq!(value, Some(42));
        assert_eq!(report_number("a report without a number"), None);
    }
}
