//! Reporting months and financial years.

use std::fmt;
use std::str::FromStr;

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The years a report may speak of. Outside them a year is a typing mistake, and the
/// arithmetic of financial years and axis labels would print years such as `-001`.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// The message for a month or financial year whose year is outside [`YEARS`].
fn out_of_range(text: &str, year: i32) -> String {
    format!(
        "`{text}` is outside the years a report can cover: the year {year} is not between {} and {}",
        YEARS.start(),
        YEARS.end()
    )
}

/// A calendar month, the unit of reporting. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u8,
}

impl Month {
    pub fn new(year: i32, month: u8) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The same month a number of months earlier.
    pub fn minus(self, months: u32) -> Month {
        let index = self.index() - months as i64;
        Month::from_index(index)
    }

    /// The same month one year earlier.
    pub fn year_before(self) -> Month {
        Month {
            year: self.year - 1,
            month: self.month,
        }
    }

    fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    fn from_index(index: i64) -> Month {
        Month {
            year: index.div_euclid(12) as i32,
            month: (index.rem_euclid(12) + 1) as u8,
        }
    }

    /// The financial year this month falls in, for a year starting in `start_month`.
    pub fn financial_year(self, start_month: u8) -> FinancialYear {
        let start_year = if self.month >= start_month {
            self.year
        } else {
            self.year - 1
        };
        FinancialYear {
            start_year,
            start_month,
        }
    }

    /// "December 2015".
    pub fn long_name(self) -> String {
        format!("{} {}", MONTH_NAMES[self.month as usize - 1], self.year)
    }

    /// "Dec 2015", for table headings.
    pub fn short_name(self) -> String {
        format!(
            "{} {}",
            &MONTH_NAMES[self.month as usize - 1][..3],
            self.year
        )
    }

    /// "Dec 15", for chart axes where space is short.
    pub fn axis_name(self) -> String {
        format!(
            "{} {:02}",
            &MONTH_NAMES[self.month as usize - 1][..3],
            self.year.rem_euclid(100)
        )
    }
}

impl fmt::Display for Month {
    /// `YYYY-MM`, the form used in data files and web addresses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;

    /// Parses exactly `YYYY-MM`; anything else is an error that says so.
    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("`{s}` is not a month: expected YYYY-MM, such as 2015-12");
        let bytes = s.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return Err(bad());
        }
        if !s[..4].bytes().all(|b| b.is_ascii_digit())
            || !s[5..].bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = s[..4].parse().map_err(|_| bad())?;
        let month: u8 = s[5..].parse().map_err(|_| bad())?;
        if !YEARS.contains(&year) {
            return Err(out_of_range(s, year));
        }
        Month::new(year, month).ok_or_else(bad)
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A financial year, such as April 2015 to March 2016 ("2015/16").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear {
    start_year: i32,
    start_month: u8,
}

impl FinancialYear {
    pub fn new(start_year: i32, start_month: u8) -> FinancialYear {
        FinancialYear {
            start_year,
            start_month,
        }
    }

    pub fn first_month(self) -> Month {
        Month {
            year: self.start_year,
            month: self.start_month,
        }
    }

    pub fn last_month(self) -> Month {
        self.first_month().plus_months(11)
    }

    /// The twelve months of the year in order.
    pub fn months(self) -> impl Iterator<Item = Month> {
        let first = self.first_month();
        (0..12).map(move |i| first.plus_months(i))
    }

    pub fn contains(self, month: Month) -> bool {
        month >= self.first_month() && month <= self.last_month()
    }

    pub fn previous(self) -> FinancialYear {
        FinancialYear {
            start_year: self.start_year - 1,
            ..self
        }
    }

    /// Parses "2015/16" (or "2015" for a year that starts in January).
    pub fn parse(s: &str, start_month: u8) -> Result<FinancialYear, String> {
        let bad = || format!("`{s}` is not a financial year: expected the form 2015/16");
        let s = s.trim();
        let (first, second) = match s.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        if first.len() != 4 || !first.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let start_year: i32 = first.parse().map_err(|_| bad())?;
        if !YEARS.contains(&start_year) {
            return Err(out_of_range(s, start_year));
        }
        if let Some(second) = second {
            let expected = format!("{:02}", (start_year + 1).rem_euclid(100));
            if second != expected && second != (start_year + 1).to_string() {
                return Err(format!(
                    "`{s}` is not a financial year: {start_year} is followed by {expected}"
                ));
            }
        } else if start_month != 1 {
            return Err(bad());
        }
        Ok(FinancialYear {
            start_year,
            start_month,
        })
    }
}

impl Month {
    /// The month a number of months later.
    pub fn plus_months(self, months: u32) -> Month {
        Month::from_index(self.index() + months as i64)
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start_month == 1 {
            write!(f, "{}", self.start_year)
        } else {
            write!(
                f,
                "{}/{:02}",
                self.start_year,
                (self.start_year + 1).rem_euclid(100)
            )
        }
    }
}

/// Whether `text` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    let Some((month, day)) = text.rsplit_once('-') else {
        return false;
    };
    let Ok(month) = month.parse::<Month>() else {
        return false;
    };
    let year = month.year();
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month.month() {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day.len() == 2 && day.parse::<u32>().is_ok_and(|d| (1..=days).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_months() {
        let m: Month = "2015-12".parse().unwrap();
        assert_eq!(m.to_string(), "2015-12");
        assert_eq!(m.next().to_string(), "2016-01");
        assert_eq!(m.prev().to_string(), "2015-11");
        assert_eq!(m.minus(12).to_string(), "2014-12");
        assert_eq!(m.long_name(), "December 2015");
        for bad in [
            "2015-13", "2015-1", "15-12", "2015/12", "Dec-15", "2015-00", "", "0000-01", "1899-12",
            "2201-01", "9999-12",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
        assert!("1900-01".parse::<Month>().is_ok());
        assert!("2200-12".parse::<Month>().is_ok());
        assert!(
            "0000-12"
                .parse::<Month>()
                .unwrap_err()
                .contains("not between 1900 and 2200")
        );
        assert!(FinancialYear::parse("0000/01", 4).is_err());
    }

    #[test]
    fn financial_years_start_in_april_by_default() {
        let dec: Month = "2015-12".parse().unwrap();
        let fy = dec.financial_year(4);
        assert_eq!(fy.to_string(), "2015/16");
        assert_eq!(fy.first_month().to_string(), "2015-04");
        assert_eq!(fy.last_month().to_string(), "2016-03");
        let mar: Month = "2016-03".parse().unwrap();
        assert_eq!(mar.financial_year(4), fy);
        assert_eq!(FinancialYear::parse("2015/16", 4).unwrap(), fy);
        assert!(FinancialYear::parse("2015/17", 4).is_err());
        assert_eq!(dec.financial_year(1).to_string(), "2015");
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(is_date("2016-02-29"));
        assert!(is_date("2016-01-18"));
        assert!(!is_date("2015-02-29"));
        assert!(!is_date("2016-04-31"));
        assert!(!is_date("2016-1-18"));
        assert!(!is_date("18 January 2016"));
    }
}
