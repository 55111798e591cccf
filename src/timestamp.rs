//! The date and time at the start of a text, read from its digits: the
//! shared part of reading a log line's leading time
//! (`sources/logs/time.rs`, lenient) and a journal entry's `at`
//! (`incident/entry_read.rs`, only the spelling the journal writes). No
//! format string parsed and nothing allocated: both read a million times.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// `YYYY-MM-DD?HH:MM:SS` at the start of `b`, `?` being `T`, `t` or a
/// space.
pub fn shaped(b: &[u8]) -> bool {
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
}

/// The value of a run of ASCII digits (checked by the caller).
pub fn num(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Nanoseconds from a fraction's digits: the first nine, padded with
/// zeros.
pub fn nanos(frac: &[u8]) -> u32 {
    let first = &frac[..frac.len().min(9)];
    num(first) * 10u32.pow(9 - first.len() as u32)
}

/// The date and time of a [`shaped`] text, with these seconds and
/// nanoseconds; `None` for a day or time that does not exist.
pub fn naive(b: &[u8], sec: u32, nanos: u32) -> Option<NaiveDateTime> {
    let date = NaiveDate::from_ymd_opt(num(&b[0..4]) as i32, num(&b[5..7]), num(&b[8..10]))?;
    Some(date.and_time(NaiveTime::from_hms_nano_opt(num(&b[11..13]), num(&b[14..16]), sec, nanos)?))
}
