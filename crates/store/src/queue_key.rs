//! The queue's sort key, shared by both backends: priority rank, then received time, then code key. A cursor
//! is the sort key of the last case of a page.

use serde::{Deserialize, Serialize};

use csirt_domain::case::{Case, Priority};

/// The sort key of a case in its state's queue, e.g. `1#2026-11-23T02:00:00.000000Z#7KQ3M9XD2FHR`.
pub fn queue_sort_key(case: &Case) -> String {
    let rank = Priority::rank(case.classification.as_ref().map(|c| c.priority));
    format!(
        "{rank}#{}#{}",
        case.received_at.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
        case.code.key()
    )
}

/// Where the next page of a queue starts: the sort key of the previous page's last case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(String);

impl Cursor {
    /// The cursor after `case`.
    pub fn after(case: &Case) -> Self {
        Cursor(queue_sort_key(case))
    }

    /// Reads a cursor handed out earlier (e.g. from a command line); `None` if it is not one.
    pub fn parse(raw: &str) -> Option<Self> {
        let mut parts = raw.split('#');
        let rank = parts.next()?;
        let time = parts.next()?;
        let key = parts.next()?;
        let well_formed = rank.len() == 1
            && rank.bytes().all(|b| b.is_ascii_digit())
            && chrono::DateTime::parse_from_rfc3339(time).is_ok()
            && csirt_domain::tracking::TrackingCode::parse(key).is_ok()
            && parts.next().is_none();
        well_formed.then(|| Cursor(raw.to_owned()))
    }

    /// The sort key it stands for.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use csirt_domain::tracking::{TrackingCode, TrackingPrefix};

    #[test]
    fn cursors_read_back_only_when_well_formed() {
        let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
        let good = format!("2#2026-11-23T02:00:00.000000Z#{}", code.key());
        assert_eq!(Cursor::parse(&good).unwrap().as_str(), good);
        for bad in [
            String::new(),
            "2".to_owned(),
            format!("12#2026-11-23T02:00:00.000000Z#{}", code.key()),
            format!("2#yesterday#{}", code.key()),
            "2#2026-11-23T02:00:00.000000Z#NOTACODE".to_owned(),
            format!("2#2026-11-23T02:00:00.000000Z#{}#extra", code.key()),
            "<script>#{{x}}#'--".to_owned(),
        ] {
            assert_eq!(Cursor::parse(&bad), None, "{bad}");
        }
    }
}
