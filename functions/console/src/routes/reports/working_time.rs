//! Working time in the page's language: the table's figures (`2 hari 1 jam 5 menit`, `2 d 1 h 5 min`) and the
//! chart axis's round units.

use csirt_domain::lang::Lang;
use csirt_staff::management::format_working_minutes;

/// `minutes` of working time in working days (`day_minutes` long), hours and minutes, in `lang`.
pub fn working_time(minutes: i64, day_minutes: u32, lang: Lang) -> String {
    match lang {
        Lang::Id => format_working_minutes(minutes, day_minutes),
        Lang::En => {
            let day = i64::from(day_minutes.max(1));
            let minutes = minutes.max(0);
            let (days, rest) = (minutes / day, minutes % day);
            let parts: Vec<String> = [(days, "d"), (rest / 60, "h"), (rest % 60, "min")]
                .into_iter()
                .filter(|&(n, _)| n > 0)
                .map(|(n, unit)| format!("{n} {unit}"))
                .collect();
            if parts.is_empty() {
                "0 min".to_owned()
            } else {
                parts.join(" ")
            }
        }
    }
}

/// The unit a chart axis counts working time in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Minutes, for spans up to two hours.
    Minutes,
    /// Hours, for spans up to two working days.
    Hours,
    /// Working days of this many minutes.
    Days(u32),
}

impl TimeUnit {
    /// The unit for an axis up to `minutes`, with working days `day_minutes` long.
    pub fn for_span(minutes: i64, day_minutes: u32) -> TimeUnit {
        if minutes <= 120 {
            TimeUnit::Minutes
        } else if minutes <= 2 * i64::from(day_minutes) {
            TimeUnit::Hours
        } else {
            TimeUnit::Days(day_minutes.max(1))
        }
    }

    /// `minutes` in this unit.
    pub fn of(self, minutes: i64) -> f64 {
        let minutes = minutes as f64;
        match self {
            TimeUnit::Minutes => minutes,
            TimeUnit::Hours => minutes / 60.0,
            TimeUnit::Days(day) => minutes / f64::from(day),
        }
    }

    /// A tick's label: `value` of this unit, in `lang`.
    pub fn label(self, value: f64, lang: Lang) -> String {
        let unit = match (self, lang) {
            (TimeUnit::Minutes, Lang::Id) => "mnt",
            (TimeUnit::Minutes, Lang::En) => "min",
            (TimeUnit::Hours, Lang::Id) => "jam",
            (TimeUnit::Hours, Lang::En) => "h",
            (TimeUnit::Days(_), Lang::Id) => "hari",
            (TimeUnit::Days(_), Lang::En) => "d",
        };
        format!("{value} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_time_in_both_languages() {
        assert_eq!(working_time(125, 480, Lang::Id), "2 jam 5 menit");
        assert_eq!(working_time(1470, 480, Lang::En), "3 d 30 min");
        assert_eq!(working_time(0, 480, Lang::En), "0 min");
        assert_eq!(TimeUnit::for_span(90, 480), TimeUnit::Minutes);
        assert_eq!(TimeUnit::for_span(600, 480), TimeUnit::Hours);
        assert_eq!(TimeUnit::for_span(2400, 480), TimeUnit::Days(480));
        assert_eq!(TimeUnit::Days(480).label(2.0, Lang::Id), "2 hari");
    }
}
