//! Working time for people: working minutes written in working days, hours and minutes, in the same words as
//! the SOP's time standards (`hari`, `jam`, `menit`).

/// Writes `minutes` of working time as `2 hari 1 jam 5 menit`, a working day being `day_minutes` long;
/// zero is `0 menit`.
pub fn format_working_minutes(minutes: i64, day_minutes: u32) -> String {
    let day = i64::from(day_minutes.max(1));
    let minutes = minutes.max(0);
    let (days, rest) = (minutes / day, minutes % day);
    let (hours, mins) = (rest / 60, rest % 60);
    let parts: Vec<String> = [(days, "hari"), (hours, "jam"), (mins, "menit")]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 menit".to_owned()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::format_working_minutes;

    #[test]
    fn working_days_are_the_calendar_s_days() {
        assert_eq!(format_working_minutes(0, 480), "0 menit");
        assert_eq!(format_working_minutes(20, 480), "20 menit");
        assert_eq!(format_working_minutes(125, 480), "2 jam 5 menit");
        assert_eq!(format_working_minutes(480, 480), "1 hari");
        assert_eq!(format_working_minutes(1470, 480), "3 hari 30 menit");
        assert_eq!(format_working_minutes(1440, 1440), "1 hari");
    }
}
