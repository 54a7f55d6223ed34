//! Dates and times as readers in Indonesia write them, in the team's zone: `5 Oktober 2026, 09.10 WIB` and
//! `5 October 2026, 09:10 WIB` on pages, `23 November 2026 pukul 09.30 WIB` in letters. The zone is named by
//! its Indonesian abbreviation (WIB, WITA, WIT) from the SOP profile's clock, or `UTC+hh:mm` elsewhere.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};

use crate::lang::Lang;

const MONTHS_ID: [&str; 12] = [
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

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
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

    /// When the local day of `at` ends: the next midnight in the team's zone. Daily limits (reports, evidence,
    /// e-mails to one address) run from one such midnight to the next.
    pub fn day_end(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let next = self.date_of(at).succ_opt().unwrap_or(NaiveDate::MAX);
        next.and_hms_opt(0, 0, 0)
            .and_then(|midnight| midnight.and_local_timezone(self.offset).single())
            .map_or(at, |midnight| midnight.with_timezone(&Utc))
    }

    /// `23 November 2026` (letters are in Indonesian).
    pub fn date(&self, at: DateTime<Utc>) -> String {
        long_date(self.date_of(at))
    }

    /// `23 November 2026 pukul 09.30 WIB`, as letters write it.
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

    /// `5 Oktober 2026, 09.10 WIB` in Indonesian, `5 October 2026, 09:10 WIB` in English: a moment on a page.
    pub fn moment(&self, at: DateTime<Utc>, lang: Lang) -> String {
        let local = at.with_timezone(&self.offset);
        let separator = lang.pick(".", ":");
        format!(
            "{}, {:02}{separator}{:02} {}",
            long_date_in(local.date_naive(), lang),
            local.hour(),
            local.minute(),
            self.zone()
        )
    }
}

/// `23 November 2026`.
pub fn long_date(date: NaiveDate) -> String {
    long_date_in(date, Lang::Id)
}

/// `5 Oktober 2026` in Indonesian, `5 October 2026` in English.
pub fn long_date_in(date: NaiveDate, lang: Lang) -> String {
    let months = lang.pick(&MONTHS_ID, &MONTHS_EN);
    let month = usize::try_from(date.month0())
        .ok()
        .and_then(|m| months.get(m))
        .copied()
        .unwrap_or_default();
    format!("{} {month} {}", date.day(), date.year())
}

/// An instant to the second, as an HTML `datetime` attribute takes it (at most three fraction digits are
/// valid; a page needs none).
pub fn machine_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn dates_in_the_teams_zone() {
        let wib = LocalTime::new(FixedOffset::east_opt(7 * 3600).unwrap());
        let wita = LocalTime::new(FixedOffset::east_opt(8 * 3600).unwrap());
        let wit = LocalTime::new(FixedOffset::east_opt(9 * 3600).unwrap());
        let at = Utc.with_ymd_and_hms(2026, 8, 16, 17, 5, 0).unwrap();
        assert_eq!(wib.date_time(at), "17 Agustus 2026 pukul 00.05 WIB");
        assert_eq!(wita.date(at), "17 Agustus 2026");
        assert_eq!(
            LocalTime::new(FixedOffset::east_opt(0).unwrap()).zone(),
            "UTC+00:00"
        );
        let october = Utc.with_ymd_and_hms(2026, 10, 5, 2, 10, 0).unwrap();
        assert_eq!(wib.moment(october, Lang::Id), "5 Oktober 2026, 09.10 WIB");
        assert_eq!(wib.moment(october, Lang::En), "5 October 2026, 09:10 WIB");
        assert_eq!(wit.moment(october, Lang::Id), "5 Oktober 2026, 11.10 WIT");
    }

    #[test]
    fn a_day_ends_at_the_next_local_midnight() {
        let wib = LocalTime::new(FixedOffset::east_opt(7 * 3600).unwrap());
        // 16 August 2026, 23.59 WIB ends at 17 August 00.00 WIB; one minute later the next day has begun.
        let late = Utc.with_ymd_and_hms(2026, 8, 16, 16, 59, 0).unwrap();
        assert_eq!(
            wib.day_end(late),
            Utc.with_ymd_and_hms(2026, 8, 16, 17, 0, 0).unwrap()
        );
        let midnight = Utc.with_ymd_and_hms(2026, 8, 16, 17, 0, 0).unwrap();
        assert_eq!(
            wib.day_end(midnight),
            Utc.with_ymd_and_hms(2026, 8, 17, 17, 0, 0).unwrap()
        );
    }

    #[test]
    fn machine_times_have_no_fraction() {
        let at = Utc.with_ymd_and_hms(2026, 11, 29, 10, 28, 32).unwrap()
            + chrono::TimeDelta::nanoseconds(274_382_756);
        assert_eq!(machine_time(at), "2026-11-29T10:28:32Z");
    }
}
