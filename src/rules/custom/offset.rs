//! ISO 8601 durations as a custom rule's offset: `P2D`, `PT4H`, `P1W`, `P1DT12H`, and a leading
//! minus for "before" (`-PT2H`). Years and months are refused: their length depends on the date.

use chrono::Duration;

/// The longest offset either way.
const MAX_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset(pub Duration);

impl Offset {
    pub fn parse(text: &str) -> Result<Self, String> {
        let malformed = || {
            format!(
                "`{text}` is not an ISO 8601 duration in weeks, days, hours, minutes or seconds, \
                 such as P2D, PT4H, P1DT12H or -PT2H"
            )
        };
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let rest = rest.strip_prefix('P').ok_or_else(malformed)?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) if !time.is_empty() => (date, Some(time)),
            Some(_) => return Err(malformed()),
            None => (rest, None),
        };
        if date.is_empty() && time.is_none() {
            return Err(malformed());
        }
        let mut seconds: i64 = 0;
        for (part, units) in [(date, "WD"), (time.unwrap_or(""), "HMS")] {
            let mut number = String::new();
            let mut last = None;
            for c in part.chars() {
                if c.is_ascii_digit() {
                    number.push(c);
                    continue;
                }
                let at = units.find(c).ok_or_else(|| {
                    if units == "WD" && matches!(c, 'Y' | 'M') {
                        format!("`{text}`: years and months vary in length; use days or weeks")
                    } else {
                        malformed()
                    }
                })?;
                if number.is_empty() || last.is_some_and(|l| at <= l) || number.len() > 9 {
                    return Err(malformed());
                }
                last = Some(at);
                let value: i64 = number.parse().map_err(|_| malformed())?;
                let unit = match c {
                    'W' => 7 * 86_400,
                    'D' => 86_400,
                    'H' => 3_600,
                    'M' => 60,
                    _ => 1,
                };
                seconds += value * unit;
                number.clear();
            }
            if !number.is_empty() {
                return Err(malformed());
            }
        }
        if seconds > MAX_DAYS * 86_400 {
            return Err(format!(
                "`{text}` is more than a year; at most {MAX_DAYS} days either way"
            ));
        }
        Ok(Self(Duration::seconds(if negative {
            -seconds
        } else {
            seconds
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse_or_say_why_not() {
        let ok = |t: &str| Offset::parse(t).map(|o| o.0.num_seconds());
        assert_eq!(ok("P2D"), Ok(2 * 86_400));
        assert_eq!(ok("PT4H"), Ok(4 * 3_600));
        assert_eq!(ok("-PT2H30M"), Ok(-(2 * 3_600 + 1_800)));
        assert_eq!(ok("P1W"), Ok(7 * 86_400));
        assert_eq!(ok("P1DT12H"), Ok(36 * 3_600));
        assert_eq!(ok("PT0S"), Ok(0));
        assert_eq!(ok("P366D"), Ok(366 * 86_400));
        for bad in [
            "", "P", "PT", "2D", "P2", "PD", "P2H", "PT2D", "P1D2W", "P 2D", "p2d", "P2DT",
        ] {
            assert!(Offset::parse(bad).is_err(), "{bad}");
        }
        assert!(Offset::parse("P1M").unwrap_err().contains("months"));
        assert!(Offset::parse("P367D").unwrap_err().contains("year"));
        assert!(Offset::parse("-P53W").unwrap_err().contains("year"));
    }
}
