//! Working time: the team's working days and hours in its local time, and the public holidays on which the
//! SOP clocks stand still.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday,
};
use serde::Deserialize;

use crate::lang::Localized;

const HOLIDAYS_TOML: &str = include_str!("../../data/holidays.toml");

/// A national public holiday.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Its name.
    pub name: Localized,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayData {
    holidays: Vec<Holiday>,
}

static NATIONAL_HOLIDAYS: LazyLock<Vec<Holiday>> = LazyLock::new(|| {
    toml::from_str::<HolidayData>(HOLIDAYS_TOML)
        .unwrap_or_else(|e| panic!("data/holidays.toml is invalid: {e}"))
        .holidays
});

/// Indonesia's national public holidays and collective leave days shipped with the crate.
pub fn national_holidays() -> &'static [Holiday] {
    &NATIONAL_HOLIDAYS
}

/// The team's working time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    offset: FixedOffset,
    days: [bool; 7],
    start: NaiveTime,
    /// End of the working day, as minutes after midnight (1440 for "24:00").
    end_minutes: u32,
    holidays: BTreeSet<NaiveDate>,
}

/// How far ahead [`WorkingCalendar::add_working_minutes`] looks before giving up (ten years).
const MAX_DAYS_AHEAD: u32 = 3_660;

impl WorkingCalendar {
    /// A calendar; `hours` is `"HH:MM-HH:MM"` (end may be `24:00`), `days` names at least one weekday.
    pub fn new(
        offset: FixedOffset,
        days: impl IntoIterator<Item = Weekday>,
        hours: &str,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, String> {
        let mut working = [false; 7];
        for day in days {
            working[day.num_days_from_monday() as usize] = true;
        }
        if !working.contains(&true) {
            return Err("working_days must name at least one day".into());
        }
        let bad = || {
            format!("working_hours {hours:?} is not \"HH:MM-HH:MM\" with the start before the end")
        };
        let (start, end) = hours.split_once('-').ok_or_else(bad)?;
        let start = NaiveTime::parse_from_str(start.trim(), "%H:%M").map_err(|_| bad())?;
        let end_minutes = match end.trim() {
            "24:00" => 1440,
            other => {
                let t = NaiveTime::parse_from_str(other, "%H:%M").map_err(|_| bad())?;
                minutes_of(t)
            }
        };
        if end_minutes <= minutes_of(start) {
            return Err(bad());
        }
        Ok(WorkingCalendar {
            offset,
            days: working,
            start,
            end_minutes,
            holidays: holidays.into_iter().collect(),
        })
    }

    /// The team's UTC offset.
    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// Minutes in one working day.
    pub fn day_minutes(&self) -> u32 {
        self.end_minutes - minutes_of(self.start)
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.days[date.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&date)
    }

    /// The instant `minutes` of working time after `from`. Time outside working hours does not count.
    pub fn add_working_minutes(&self, from: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        let mut remaining = minutes.max(0);
        let local = from.with_timezone(&self.offset);
        let mut date = local.date_naive();
        let mut cursor = i64::from(minutes_of(local.time()));
        for _ in 0..MAX_DAYS_AHEAD {
            if self.is_working_day(date) {
                let open = i64::from(minutes_of(self.start)).max(cursor);
                let close = i64::from(self.end_minutes);
                if open < close {
                    if remaining <= close - open {
                        return self.instant(date, open + remaining);
                    }
                    remaining -= close - open;
                }
            }
            date = date.succ_opt().unwrap_or(date);
            cursor = 0;
        }
        self.instant(date, 0)
    }

    /// Working minutes between two instants (zero when `to` is not after `from`).
    pub fn working_minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let (from, to) = (
            from.with_timezone(&self.offset),
            to.with_timezone(&self.offset),
        );
        let mut total = 0;
        let mut date = from.date_naive();
        for _ in 0..MAX_DAYS_AHEAD {
            if date > to.date_naive() {
                break;
            }
            if self.is_working_day(date) {
                let day_start = if date == from.date_naive() {
                    i64::from(minutes_of(from.time()))
                } else {
                    0
                };
                let day_end = if date == to.date_naive() {
                    i64::from(minutes_of(to.time()))
                } else {
                    1440
                };
                let open = i64::from(minutes_of(self.start)).max(day_start);
                let close = i64::from(self.end_minutes).min(day_end);
                total += (close - open).max(0);
            }
            date = date.succ_opt().unwrap_or(date);
        }
        total
    }

    fn instant(&self, date: NaiveDate, minutes: i64) -> DateTime<Utc> {
        let midnight = self
            .offset
            .from_local_datetime(&date.and_time(NaiveTime::MIN))
            .single()
            .map_or_else(
                || date.and_time(NaiveTime::MIN).and_utc(),
                |t| t.with_timezone(&Utc),
            );
        midnight + TimeDelta::minutes(minutes)
    }
}

fn minutes_of(time: NaiveTime) -> u32 {
    use chrono::Timelike;
    time.hour() * 60 + time.minute()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wib() -> WorkingCalendar {
        let offset = FixedOffset::east_opt(7 * 3600).unwrap();
        let weekdays = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        let holiday = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        WorkingCalendar::new(offset, weekdays, "08:00-16:00", [holiday]).unwrap()
    }

    /// An instant given in WIB (UTC+7).
    fn wib_at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn minutes_inside_a_working_day() {
        // Monday 7 December 2026, 09:00 WIB + 30 minutes.
        assert_eq!(
            wib().add_working_minutes(wib_at(7, 9, 0), 30),
            wib_at(7, 9, 30)
        );
    }

    #[test]
    fn after_hours_waits_for_the_next_morning() {
        assert_eq!(
            wib().add_working_minutes(wib_at(7, 15, 50), 30),
            wib_at(8, 8, 20)
        );
        assert_eq!(
            wib().add_working_minutes(wib_at(7, 22, 0), 10),
            wib_at(8, 8, 10)
        );
    }

    #[test]
    fn weekends_and_holidays_do_not_count() {
        // Friday 11 December 15:00 + 2 hours → Monday 14 December 09:00.
        assert_eq!(
            wib().add_working_minutes(wib_at(11, 15, 0), 120),
            wib_at(14, 9, 0)
        );
        // Thursday 24 December 15:00 + 1 working day: Friday 25th is Christmas → Monday 28th 15:00.
        assert_eq!(
            wib().add_working_minutes(wib_at(24, 15, 0), 480),
            wib_at(28, 15, 0)
        );
    }

    #[test]
    fn working_minutes_between_skips_nights_weekends_and_holidays() {
        let cal = wib();
        assert_eq!(
            cal.working_minutes_between(wib_at(7, 9, 0), wib_at(7, 9, 45)),
            45
        );
        assert_eq!(
            cal.working_minutes_between(wib_at(7, 15, 0), wib_at(8, 9, 0)),
            120
        );
        assert_eq!(
            cal.working_minutes_between(wib_at(11, 15, 0), wib_at(14, 9, 0)),
            120
        );
        assert_eq!(
            cal.working_minutes_between(wib_at(24, 8, 0), wib_at(28, 8, 0)),
            480
        );
        assert_eq!(
            cal.working_minutes_between(wib_at(8, 0, 0), wib_at(7, 0, 0)),
            0
        );
    }

    #[test]
    fn round_the_clock_teams() {
        let all = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        let cal = WorkingCalendar::new(FixedOffset::east_opt(0).unwrap(), all, "00:00-24:00", [])
            .unwrap();
        let t = Utc.with_ymd_and_hms(2026, 12, 12, 23, 50, 0).unwrap();
        assert_eq!(cal.add_working_minutes(t, 20), t + TimeDelta::minutes(20));
        assert_eq!(cal.day_minutes(), 1440);
    }

    #[test]
    fn bad_settings_are_refused() {
        let offset = FixedOffset::east_opt(0).unwrap();
        assert!(WorkingCalendar::new(offset, [], "08:00-16:00", []).is_err());
        for hours in ["16:00-08:00", "8-16", "", "08:00-25:00", "08:00-08:00"] {
            assert!(
                WorkingCalendar::new(offset, [Weekday::Mon], hours, []).is_err(),
                "{hours}"
            );
        }
    }

    #[test]
    fn the_national_holiday_calendar_loads() {
        let holidays = national_holidays();
        assert!(
            holidays
                .iter()
                .any(|h| h.date == NaiveDate::from_ymd_opt(2026, 8, 17).unwrap())
        );
        assert!(
            holidays
                .iter()
                .all(|h| !h.name.id.is_empty() && !h.name.en.is_empty())
        );
    }
}
