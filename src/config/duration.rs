//! Durations in config files: `250ms`, `5s`, `1m`, `1h30m`, `7d`.

use std::time::Duration;

use serde::Deserialize;

/// A duration written the way operators write them; checked while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Dur(pub Duration);

impl TryFrom<String> for Dur {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        parse(&s).map(Dur)
    }
}

impl Dur {
    pub const fn secs(s: u64) -> Self {
        Dur(Duration::from_secs(s))
    }
}

/// Durations written in a config are at most this long (a year and a day):
/// anything longer is a typo, and larger values would overflow.
pub const MAX: Duration = Duration::from_secs(366 * 86400);

/// A duration kept within bounds, checked while parsing so that serde
/// names the field's line: `bounded!(Name, min, max, "message")`.
macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
        #[serde(try_from = "String")]
        pub struct $name(pub Duration);

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                let d = parse(&s)?;
                if d < $min || d > $max {
                    return Err(format!($what, s));
                }
                Ok($name(d))
            }
        }

        impl $name {
            pub const fn secs(s: u64) -> Self {
                $name(Duration::from_secs(s))
            }
        }
    };
}

bounded!(
    /// How often a source polls: at least 100ms (a zero interval would
    /// spin), at most a day.
    Interval,
    Duration::from_millis(100),
    Duration::from_secs(86400),
    "interval `{}` must be from 100ms to 1d"
);

bounded!(
    /// How long a request or command may take: more than 0, at most an hour.
    Timeout,
    Duration::from_nanos(1),
    Duration::from_secs(3600),
    "timeout `{}` must be more than 0 and at most 1h"
);

/// Parses `1h30m`, `250ms`, `7d`; a bare number is seconds.
pub fn parse(input: &str) -> Result<Duration, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(n) = s.parse::<u64>() {
        let d = Duration::from_secs(n);
        return if d <= MAX { Ok(d) } else { Err(format!("`{input}` is longer than {} days", MAX.as_secs() / 86400)) };
    }
    let mut total = Duration::ZERO;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        if digits == 0 {
            return Err(format!("`{input}` is not a duration (like 500ms, 5s, 2m, 1h, 7d)"));
        }
        let n: f64 = rest[..digits].parse().map_err(|_| format!("`{input}` is not a duration"))?;
        if !n.is_finite() {
            return Err(format!("`{input}` is not a duration"));
        }
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let secs = match unit {
            "ms" => n / 1000.0,
            "s" | "sec" => n,
            "m" | "min" => n * 60.0,
            "h" => n * 3600.0,
            "d" => n * 86400.0,
            "w" => n * 7.0 * 86400.0,
            _ => return Err(format!("`{input}`: unknown unit `{unit}` (use ms, s, m, h, d, w)")),
        };
        let too_long = || format!("`{input}` is longer than {} days", MAX.as_secs() / 86400);
        let part = Duration::try_from_secs_f64(secs).map_err(|_| too_long())?;
        total = total.checked_add(part).filter(|t| *t <= MAX).ok_or_else(too_long)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operator_durations() {
        assert_eq!(parse("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse("5s").unwrap(), Duration::from_secs(5));
        assert_eq!(parse("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse("7d").unwrap(), Duration::from_secs(7 * 86400));
        assert_eq!(parse("1.5s").unwrap(), Duration::from_millis(1500));
        for bad in ["", "s", "5x", "fast", "5 s"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        // Huge values are refused, never a panic.
        for huge in ["99999999999999999999d", "1e400s", "367d", "99999999999", "366d1s", "53w"] {
            assert!(parse(huge).is_err(), "{huge}");
        }
        assert_eq!(parse("366d").unwrap(), MAX);
        assert!(Interval::try_from("0s".to_string()).unwrap_err().contains("from 100ms to 1d"));
        assert!(Interval::try_from("50ms".to_string()).is_err() && Interval::try_from("2d".to_string()).is_err());
        assert!(Timeout::try_from("0s".to_string()).unwrap_err().contains("more than 0"));
        assert_eq!(Interval::try_from("250ms".to_string()).unwrap(), Interval(Duration::from_millis(250)));
    }
}
