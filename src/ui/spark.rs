//! Text sparklines: a series as `▁▂▃▅▇` in as many cells as there is room.

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The last `width` values, scaled between their min and max.
pub fn sparkline(values: impl DoubleEndedIterator<Item = f64>, width: usize) -> String {
    let mut v: Vec<f64> = values.rev().filter(|x| x.is_finite()).take(width).collect();
    v.reverse();
    if v.is_empty() {
        return String::new();
    }
    let (lo, hi) = v.iter().fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
    let span = hi - lo;
    v.iter()
        .map(|x| if span <= f64::EPSILON { BARS[0] } else { BARS[(((x - lo) / span) * 7.0).round() as usize] })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn scales_to_the_range_and_keeps_the_newest() {
        assert_eq!(sparkline([0.0, 7.0, 3.5].into_iter(), 10), "▁█▅");
        assert_eq!(sparkline([1.0, 2.0, 3.0, 4.0].into_iter(), 2), "▁█");
        assert_eq!(sparkline([5.0, 5.0].into_iter(), 5), "▁▁");
        assert_eq!(sparkline([f64::NAN].into_iter(), 5), "");
    }
}
