//! Text sparklines: a series as `▁▂▃▅▇` in as many cells as there is room,
//! on a scale that means something: from `floor` (zero for counts and
//! ratios) to `ceiling` (a threshold), widened to hold every value. A
//! pool at 100 of 100 is a full bar, not a floor; a value under its
//! threshold stays low however much it wobbles.

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The last `width` values, scaled between `floor` and `ceiling` (each
/// widened to the values' own range).
pub fn sparkline(
    values: impl DoubleEndedIterator<Item = f64>,
    width: usize,
    floor: f64,
    ceiling: Option<f64>,
) -> String {
    let mut v: Vec<f64> = values.rev().filter(|x| x.is_finite()).take(width).collect();
    v.reverse();
    if v.is_empty() {
        return String::new();
    }
    let (lo, hi) = v.iter().fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
    let lo = if floor.is_finite() { lo.min(floor) } else { lo };
    let hi = ceiling.filter(|c| c.is_finite()).map_or(hi, |c| hi.max(c));
    let span = hi - lo;
    v.iter()
        .map(|x| {
            if span <= f64::EPSILON {
                BARS[0]
            } else {
                BARS[(((x - lo) / span) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn a_scale_from_zero_and_the_threshold() {
        assert_eq!(sparkline([0.0, 7.0, 3.5].into_iter(), 10, 0.0, None), "▁█▅");
        assert_eq!(sparkline([1.0, 2.0, 3.0, 4.0].into_iter(), 2, 0.0, None), "▆█");
        // A pool at 100 of 100 is full, not flat on the floor.
        assert_eq!(sparkline([100.0, 100.0].into_iter(), 5, 0.0, None), "██");
        // Well under a threshold of 5, a wobble stays low.
        assert_eq!(sparkline([0.1, 0.3, 0.2].into_iter(), 5, 0.0, Some(5.0)), "▁▁▁");
        // Over it, the scale grows to hold the value.
        assert_eq!(sparkline([1.0, 10.0].into_iter(), 5, 0.0, Some(5.0)), "▂█");
        assert_eq!(sparkline([0.0, 0.0].into_iter(), 5, 0.0, None), "▁▁");
        assert_eq!(sparkline([f64::NAN].into_iter(), 5, 0.0, None), "");
    }
}
