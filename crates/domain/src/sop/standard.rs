//! A step's time standard (*Waktu* in the SOP tables): "10 menit", "2 hari", "10-30 menit", "1-3 hari".

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The unit of a time standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Working minutes.
    Minutes,
    /// Working hours.
    Hours,
    /// Working days.
    Days,
}

/// How long a step may take: a number or a range of minutes, hours or days, counted in working time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeStandard {
    /// The lower bound (equal to `max` when the SOP gives one number).
    pub min: u32,
    /// The upper bound: the deadline.
    pub max: u32,
    /// Their unit.
    pub unit: Unit,
}

impl TimeStandard {
    /// Parses `<n> <unit>` or `<n>-<m> <unit>`, units `menit`/`jam`/`hari` or `minutes`/`hours`/`days`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let error = || {
            format!(
                "time standard {raw:?} is not \"<n> menit|jam|hari\" or \"<n>-<m> menit|jam|hari\""
            )
        };
        let lowered = raw.trim().to_lowercase();
        let (amount, unit) = lowered.split_once(char::is_whitespace).ok_or_else(error)?;
        let unit = match unit.trim() {
            "menit" | "minute" | "minutes" => Unit::Minutes,
            "jam" | "hour" | "hours" => Unit::Hours,
            "hari" | "day" | "days" => Unit::Days,
            _ => return Err(error()),
        };
        let number = |s: &str| {
            s.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=10_000).contains(n))
        };
        let (min, max) = match amount.split_once('-') {
            Some((a, b)) => (number(a).ok_or_else(error)?, number(b).ok_or_else(error)?),
            None => {
                let n = number(amount).ok_or_else(error)?;
                (n, n)
            }
        };
        if min > max {
            return Err(format!("time standard {raw:?} has its range backwards"));
        }
        Ok(TimeStandard { min, max, unit })
    }

    /// The deadline in working minutes, given the length of a working day in minutes.
    pub fn working_minutes(&self, day_minutes: u32) -> i64 {
        let per_unit = match self.unit {
            Unit::Minutes => 1,
            Unit::Hours => 60,
            Unit::Days => day_minutes,
        };
        i64::from(self.max) * i64::from(per_unit)
    }
}

impl TimeStandard {
    /// The standard as a reader of `lang` sees it: "10-30 menit", "1 hari"; "10-30 minutes", "1 working day",
    /// "1-3 working days".
    pub fn in_language(&self, lang: Lang) -> String {
        if lang == Lang::Id {
            return self.to_string();
        }
        let (one, many) = match self.unit {
            Unit::Minutes => ("minute", "minutes"),
            Unit::Hours => ("hour", "hours"),
            Unit::Days => ("working day", "working days"),
        };
        match (self.min == self.max, self.max) {
            (true, 1) => format!("1 {one}"),
            (true, n) => format!("{n} {many}"),
            (false, n) => format!("{}-{n} {many}", self.min),
        }
    }
}

impl fmt::Display for TimeStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Minutes => "menit",
            Unit::Hours => "jam",
            Unit::Days => "hari",
        };
        if self.min == self.max {
            write!(f, "{} {unit}", self.max)
        } else {
            write!(f, "{}-{} {unit}", self.min, self.max)
        }
    }
}

impl TryFrom<String> for TimeStandard {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        TimeStandard::parse(&raw)
    }
}

impl From<TimeStandard> for String {
    fn from(standard: TimeStandard) -> String {
        standard.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_says_one_working_day_and_indonesian_keeps_the_sop_words() {
        let say = |raw: &str, lang| TimeStandard::parse(raw).unwrap().in_language(lang);
        assert_eq!(say("1 hari", Lang::En), "1 working day");
        assert_eq!(say("1-3 hari", Lang::En), "1-3 working days");
        assert_eq!(say("1 jam", Lang::En), "1 hour");
        assert_eq!(say("10-30 menit", Lang::En), "10-30 minutes");
        assert_eq!(say("1-3 hari", Lang::Id), "1-3 hari");
    }

    #[test]
    fn parses_the_seeds_forms() {
        assert_eq!(
            TimeStandard::parse("10 menit").unwrap(),
            TimeStandard {
                min: 10,
                max: 10,
                unit: Unit::Minutes
            }
        );
        assert_eq!(
            TimeStandard::parse("1-3 hari").unwrap(),
            TimeStandard {
                min: 1,
                max: 3,
                unit: Unit::Days
            }
        );
        assert_eq!(TimeStandard::parse("10-30 Menit").unwrap().max, 30);
        assert_eq!(TimeStandard::parse("2 days").unwrap().unit, Unit::Days);
        assert_eq!(
            TimeStandard::parse("1-3 hari").unwrap().to_string(),
            "1-3 hari"
        );
        assert_eq!(
            TimeStandard::parse("3 hari").unwrap().working_minutes(480),
            1440
        );
        assert_eq!(
            TimeStandard::parse("2 jam").unwrap().working_minutes(480),
            120
        );
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "",
            "10",
            "menit",
            "0 menit",
            "3-1 hari",
            "10 minggu",
            "-5 menit",
            "{{x}} hari",
            "99999 hari",
        ] {
            assert!(TimeStandard::parse(bad).is_err(), "{bad}");
        }
    }
}
