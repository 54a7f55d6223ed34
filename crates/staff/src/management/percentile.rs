//! Percentiles of a handful of durations, by the nearest-rank method: always one of the measured values.

/// The `percent`-th percentile of `values` by nearest rank (the smallest value with at least `percent` % of the
/// values at or below it); `None` when there are no values. The median is `nearest_rank(values, 50)`.
pub fn nearest_rank(values: &[i64], percent: u32) -> Option<i64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let percent = usize::try_from(percent.clamp(1, 100)).unwrap_or(100);
    let rank = (percent * n).div_ceil(100);
    sorted.get(rank.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::nearest_rank;

    #[test]
    fn nearest_rank_picks_a_measured_value() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[120, 20, 20], 50), Some(20));
        assert_eq!(nearest_rank(&[120, 20, 20], 90), Some(120));
        assert_eq!(nearest_rank(&[4, 1, 3, 2], 50), Some(2));
        let hundred: Vec<i64> = (1..=100).collect();
        assert_eq!(nearest_rank(&hundred, 90), Some(90));
        assert_eq!(nearest_rank(&hundred, 100), Some(100));
    }
}
