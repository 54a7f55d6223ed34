//! Reporting periods (month, quarter, year) in the team's local time, and their names: `2026-11`, `2026-Q4`,
//! `2026`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;

/// The length of a reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A calendar month, named like `2026-11` (also `bulan`).
    Month,
    /// A calendar quarter, named like `2026-Q4` (also `triwulan`).
    Quarter,
    /// A calendar year, named like `2026` (also `tahun`).
    Year,
}

/// A period name that is not `month`, `quarter` or `year`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown period {0:?}; choose month, quarter or year")]
pub struct UnknownPeriod(pub String);

impl FromStr for Period {
    type Err = UnknownPeriod;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw.trim().to_lowercase().as_str() {
            "month" | "bulan" => Ok(Period::Month),
            "quarter" | "triwulan" => Ok(Period::Quarter),
            "year" | "tahun" => Ok(Period::Year),
            _ => Err(UnknownPeriod(raw.to_owned())),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        })
    }
}

impl Period {
    /// The first day of the period that contains `date`.
    pub fn start_of(self, date: NaiveDate) -> NaiveDate {
        let month = match self {
            Period::Month => date.month(),
            Period::Quarter => (date.month0() / 3) * 3 + 1,
            Period::Year => 1,
        };
        first_of_month(date.year(), month)
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next_start(self, start: NaiveDate) -> NaiveDate {
        let months = match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        };
        let index = start.year() * 12 + start.month0() as i32 + months;
        first_of_month(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
    }

    /// The period's name: `2026-11`, `2026-Q4` or `2026`.
    pub fn name(self, start: NaiveDate) -> String {
        match self {
            Period::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Period::Quarter => format!("{:04}-Q{}", start.year(), start.month0() / 3 + 1),
            Period::Year => format!("{:04}", start.year()),
        }
    }

    /// The periods covering `from..=to` (local dates), each clipped to that range.
    pub fn windows(self, from: NaiveDate, to: NaiveDate) -> Vec<PeriodWindow> {
        let mut windows = Vec::new();
        let mut start = self.start_of(from);
        while start <= to {
            let next = self.next_start(start);
            let last = next.pred_opt().unwrap_or(next);
            windows.push(PeriodWindow {
                name: self.name(start),
                first_day: start.max(from),
                last_day: last.min(to),
            });
            start = next;
        }
        windows
    }
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

/// One period, possibly clipped to a requested date range: local days `first_day..=last_day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodWindow {
    /// The period's name, e.g. `2026-Q4`.
    pub name: String,
    /// Its first local day.
    pub first_day: NaiveDate,
    /// Its last local day.
    pub last_day: NaiveDate,
}

impl PeriodWindow {
    /// When the window starts: local midnight of its first day.
    pub fn starts_at(&self, offset: FixedOffset) -> DateTime<Utc> {
        local_midnight(self.first_day, offset)
    }

    /// When the window ends (exclusive): local midnight after its last day.
    pub fn ends_at(&self, offset: FixedOffset) -> DateTime<Utc> {
        local_midnight(self.last_day.succ_opt().unwrap_or(self.last_day), offset)
    }

    /// Whether `instant` falls in the window.
    pub fn contains(&self, instant: DateTime<Utc>, offset: FixedOffset) -> bool {
        self.starts_at(offset) <= instant && instant < self.ends_at(offset)
    }
}

fn local_midnight(date: NaiveDate, offset: FixedOffset) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::MIN);
    offset
        .from_local_datetime(&local)
        .single()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn names_and_bounds() {
        let date = day(2026, 11, 30);
        assert_eq!(Period::Month.name(Period::Month.start_of(date)), "2026-11");
        assert_eq!(
            Period::Quarter.name(Period::Quarter.start_of(date)),
            "2026-Q4"
        );
        assert_eq!(Period::Year.name(Period::Year.start_of(date)), "2026");
        assert_eq!(Period::Quarter.start_of(date), day(2026, 10, 1));
        assert_eq!(Period::Month.next_start(day(2026, 12, 1)), day(2027, 1, 1));
        assert_eq!(
            Period::Quarter.next_start(day(2026, 10, 1)),
            day(2027, 1, 1)
        );
    }

    #[test]
    fn windows_are_clipped_to_the_range() {
        let windows = Period::Month.windows(day(2026, 11, 15), day(2027, 1, 10));
        let names: Vec<_> = windows.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["2026-11", "2026-12", "2027-01"]);
        assert_eq!(windows[0].first_day, day(2026, 11, 15));
        assert_eq!(windows[1].last_day, day(2026, 12, 31));
        assert_eq!(windows[2].last_day, day(2027, 1, 10));
    }

    #[test]
    fn parsing_names_the_bad_value() {
        assert_eq!("Quarter".parse::<Period>().unwrap(), Period::Quarter);
        assert_eq!("tahun".parse::<Period>().unwrap(), Period::Year);
        let error = "week".parse::<Period>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown period \"week\"; choose month, quarter or year"
        );
    }
}
