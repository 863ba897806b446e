//! Dates, times and timestamps, without time zones or a calendar library.
//!
//! They are plain data with ISO 8601 text forms (`2024-02-29`, `13:05:09.250000`,
//! `2024-02-29 13:05:09.250000`), which is how SQLite stores them and how every engine reads
//! them in literals. Drivers convert them to each engine's binary forms.

use std::fmt;
use std::str::FromStr;

/// A calendar date (proleptic Gregorian), years 1 to 9999 (the range the three engines share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// A time of day with microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    hour: u8,
    minute: u8,
    second: u8,
    micro: u32,
}

/// A date and a time of day, with no time zone. As a [`Value::TimestampTz`](crate::Value)
/// it is an instant in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// The date.
    pub date: Date,
    /// The time of day.
    pub time: Time,
}

/// A date, time or timestamp that does not exist (month 13, 25:00, ...) or text that is not
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemporalError(pub String);

impl fmt::Display for TemporalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemporalError {}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date `year-month-day`.
    ///
    /// # Errors
    /// A [`TemporalError`] for a date that does not exist or a year outside 1..=9999.
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, TemporalError> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(TemporalError(format!("{year:04}-{month:02}-{day:02} is not a date between 0001 and 9999")));
        }
        Ok(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1..=31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_unix_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    ///
    /// # Errors
    /// A [`TemporalError`] outside years 1..=9999.
    pub fn from_days_since_unix_epoch(days: i64) -> Result<Self, TemporalError> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        let year = i32::try_from(year).map_err(|_| TemporalError(format!("{days} days is out of range")))?;
        Date::new(year, month as u8, day as u8)
    }
}

impl Time {
    /// The time `hour:minute:second.micro`.
    ///
    /// # Errors
    /// A [`TemporalError`] for an hour past 23, a minute or second past 59, or
    /// microseconds past 999999.
    pub fn new(hour: u8, minute: u8, second: u8, micro: u32) -> Result<Self, TemporalError> {
        if hour > 23 || minute > 59 || second > 59 || micro > 999_999 {
            return Err(TemporalError(format!("{hour:02}:{minute:02}:{second:02}.{micro:06} is not a time of day")));
        }
        Ok(Time { hour, minute, second, micro })
    }

    /// The hour, 0..=23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0..=59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The second, 0..=59.
    pub fn second(self) -> u8 {
        self.second
    }

    /// The microseconds, 0..=999999.
    pub fn micro(self) -> u32 {
        self.micro
    }

    /// Microseconds since midnight.
    pub fn micros_since_midnight(self) -> i64 {
        ((i64::from(self.hour) * 60 + i64::from(self.minute)) * 60 + i64::from(self.second)) * 1_000_000
            + i64::from(self.micro)
    }

    /// The time `micros` after midnight.
    ///
    /// # Errors
    /// A [`TemporalError`] for a negative value or one of a day or more.
    pub fn from_micros_since_midnight(micros: i64) -> Result<Self, TemporalError> {
        if !(0..86_400_000_000).contains(&micros) {
            return Err(TemporalError(format!("{micros} microseconds is not a time of day")));
        }
        let secs = micros / 1_000_000;
        Time::new((secs / 3600) as u8, (secs / 60 % 60) as u8, (secs % 60) as u8, (micros % 1_000_000) as u32)
    }
}

impl Timestamp {
    /// The timestamp of `date` at `time`.
    pub fn new(date: Date, time: Time) -> Self {
        Timestamp { date, time }
    }

    /// Microseconds since 1970-01-01 00:00:00.
    pub fn micros_since_unix_epoch(self) -> i64 {
        self.date.days_since_unix_epoch() * 86_400_000_000 + self.time.micros_since_midnight()
    }

    /// The timestamp `micros` after 1970-01-01 00:00:00.
    ///
    /// # Errors
    /// A [`TemporalError`] outside years 1..=9999.
    pub fn from_micros_since_unix_epoch(micros: i64) -> Result<Self, TemporalError> {
        let days = micros.div_euclid(86_400_000_000);
        let rest = micros.rem_euclid(86_400_000_000);
        Ok(Timestamp { date: Date::from_days_since_unix_epoch(days)?, time: Time::from_micros_since_midnight(rest)? })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Time {
    /// `HH:MM:SS`, with `.ffffff` when there are microseconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)?;
        if self.micro != 0 {
            write!(f, ".{:06}", self.micro)?;
        }
        Ok(())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.date, self.time)
    }
}

fn number<T: FromStr>(s: &str, what: &str, whole: &str) -> Result<T, TemporalError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TemporalError(format!("{whole:?} is not a {what}")));
    }
    s.parse().map_err(|_| TemporalError(format!("{whole:?} is not a {what}")))
}

impl FromStr for Date {
    type Err = TemporalError;
    /// Parses `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, TemporalError> {
        let mut parts = s.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(TemporalError(format!("{s:?} is not a date (YYYY-MM-DD)")));
        };
        Date::new(number(y, "date", s)?, number(m, "date", s)?, number(d, "date", s)?)
    }
}

impl FromStr for Time {
    type Err = TemporalError;
    /// Parses `HH:MM:SS` with optional `.f` to `.ffffff`.
    fn from_str(s: &str) -> Result<Self, TemporalError> {
        let (hms, frac) = match s.split_once('.') {
            Some((hms, frac)) => (hms, Some(frac)),
            None => (s, None),
        };
        let mut parts = hms.splitn(3, ':');
        let (Some(h), Some(m), Some(sec)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(TemporalError(format!("{s:?} is not a time (HH:MM:SS)")));
        };
        let micro = match frac {
            None => 0,
            Some(f) if f.len() <= 6 => {
                let digits: u32 = number(f, "time", s)?;
                digits * 10u32.pow(6 - f.len() as u32)
            }
            Some(_) => return Err(TemporalError(format!("{s:?} has more than 6 fractional digits"))),
        };
        Time::new(number(h, "time", s)?, number(m, "time", s)?, number(sec, "time", s)?, micro)
    }
}

impl FromStr for Timestamp {
    type Err = TemporalError;
    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]` (or with `T`); a trailing `Z` or `+00:00` is
    /// accepted (UTC), other offsets are not.
    fn from_str(s: &str) -> Result<Self, TemporalError> {
        let trimmed =
            s.strip_suffix('Z').or_else(|| s.strip_suffix("+00:00")).or_else(|| s.strip_suffix("+00")).unwrap_or(s);
        let Some((d, t)) = trimmed.split_once([' ', 'T']) else {
            return Err(TemporalError(format!("{s:?} is not a timestamp (YYYY-MM-DD HH:MM:SS)")));
        };
        Ok(Timestamp { date: d.parse()?, time: t.parse()? })
    }
}
