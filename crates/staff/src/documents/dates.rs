//! Dates and times as Indonesian letters write them: `23 November 2026`, `09.30 WIB`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// Formats instants in the team's time zone.
#[derive(Debug, Clone, Copy)]
pub struct LocalTime {
    offset: FixedOffset,
}

impl LocalTime {
    /// Times at `offset` (the SOP profile's clock).
    pub fn new(offset: FixedOffset) -> Self {
        LocalTime { offset }
    }

    /// The zone's Indonesian abbreviation (WIB, WITA, WIT), or `UTC+hh:mm` elsewhere.
    pub fn zone(&self) -> String {
        match self.offset.local_minus_utc() {
            25_200 => "WIB".into(),
            28_800 => "WITA".into(),
            32_400 => "WIT".into(),
            _ => format!("UTC{}", self.offset),
        }
    }

    /// The local date of `at`.
    pub fn date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset).date_naive()
    }

    /// `23 November 2026`.
    pub fn date(&self, at: DateTime<Utc>) -> String {
        long_date(self.date_of(at))
    }

    /// `23 November 2026 pukul 09.30 WIB`.
    pub fn date_time(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.offset);
        format!(
            "{} pukul {:02}.{:02} {}",
            long_date(local.date_naive()),
            local.hour(),
            local.minute(),
            self.zone()
        )
    }
}

/// `23 November 2026`.
pub fn long_date(date: NaiveDate) -> String {
    let month = usize::try_from(date.month0())
        .ok()
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or_default();
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn dates_in_the_teams_zone() {
        let wib = LocalTime::new(FixedOffset::east_opt(7 * 3600).unwrap());
        let wita = LocalTime::new(FixedOffset::east_opt(8 * 3600).unwrap());
        let at = Utc.with_ymd_and_hms(2026, 8, 16, 17, 5, 0).unwrap();
        assert_eq!(wib.date_time(at), "17 Agustus 2026 pukul 00.05 WIB");
        assert_eq!(wita.date(at), "17 Agustus 2026");
        assert_eq!(
            LocalTime::new(FixedOffset::east_opt(0).unwrap()).zone(),
            "UTC+00:00"
        );
    }
}
