//! One reporting period named the way the reports name it — `2026-11`, `2026-Q4`, `2026` — or by its length
//! alone (`month`, `quarter`, `year`, or `bulan`, `triwulan`, `tahun`) for the one running today.

use chrono::NaiveDate;

use super::period::{Period, PeriodWindow};

/// A period that is neither a name like `2026-11`, `2026-Q4` or `2026` nor a length.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "--period {0:?} is no period: give a month (2026-11), a quarter (2026-Q4), a year (2026), or month, quarter \
     or year for the current one"
)]
pub struct UnknownPeriodName(pub String);

/// The whole period named `raw`, or for a length the one containing the local day `today`; with its length.
pub fn named_period(
    raw: &str,
    today: NaiveDate,
) -> Result<(Period, PeriodWindow), UnknownPeriodName> {
    let bad = || UnknownPeriodName(raw.to_owned());
    let text = raw.trim();
    let (length, start) = if let Ok(length) = text.parse::<Period>() {
        (length, length.start_of(today))
    } else if let Some((year, rest)) = text.split_once('-') {
        let year: i32 = year.parse().map_err(|_| bad())?;
        if let Some(quarter) = rest.strip_prefix(['Q', 'q']) {
            let quarter: u32 = quarter.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&quarter) {
                return Err(bad());
            }
            let start = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).ok_or_else(bad)?;
            (Period::Quarter, start)
        } else {
            let month: u32 = rest.parse().map_err(|_| bad())?;
            let start = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
            (Period::Month, start)
        }
    } else if text.len() == 4 {
        let year: i32 = text.parse().map_err(|_| bad())?;
        let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
        (Period::Year, start)
    } else {
        return Err(bad());
    };
    let next = length.next_start(start);
    let last = next.pred_opt().ok_or_else(bad)?;
    let window = length
        .windows(start, last)
        .into_iter()
        .next()
        .ok_or_else(bad)?;
    Ok((length, window))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn names_and_lengths_give_whole_periods() {
        let today = day(2026, 11, 30);
        for (raw, length, name, first, last) in [
            (
                "2026-11",
                Period::Month,
                "2026-11",
                day(2026, 11, 1),
                day(2026, 11, 30),
            ),
            (
                "2026-02",
                Period::Month,
                "2026-02",
                day(2026, 2, 1),
                day(2026, 2, 28),
            ),
            (
                "2026-Q4",
                Period::Quarter,
                "2026-Q4",
                day(2026, 10, 1),
                day(2026, 12, 31),
            ),
            (
                "2026-q1",
                Period::Quarter,
                "2026-Q1",
                day(2026, 1, 1),
                day(2026, 3, 31),
            ),
            (
                "2025",
                Period::Year,
                "2025",
                day(2025, 1, 1),
                day(2025, 12, 31),
            ),
            (
                "bulan",
                Period::Month,
                "2026-11",
                day(2026, 11, 1),
                day(2026, 11, 30),
            ),
            (
                "quarter",
                Period::Quarter,
                "2026-Q4",
                day(2026, 10, 1),
                day(2026, 12, 31),
            ),
        ] {
            let (got, window) = named_period(raw, today).unwrap();
            assert_eq!(got, length, "{raw}");
            assert_eq!(window.name, name, "{raw}");
            assert_eq!((window.first_day, window.last_day), (first, last), "{raw}");
        }
    }

    #[test]
    fn anything_else_is_refused_naming_the_value() {
        for raw in ["2026-13", "2026-Q5", "2026-Q0", "26", "week", "2026/11", ""] {
            let error = named_period(raw, day(2026, 11, 30)).unwrap_err();
            assert!(error.to_string().contains(&format!("{raw:?}")), "{error}");
        }
    }
}
