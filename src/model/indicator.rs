//! Indicators: what is measured, how it is judged, and its monthly figures.

use std::collections::BTreeMap;

use super::{FinancialYear, Month, SpcChoice, SpcSettings};

/// What good performance is for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    High,
    Low,
    /// A volume: no good or bad, only up or down.
    Info,
    /// Within limits: a range is good.
    Range,
}

impl Polarity {
    pub fn label(self) -> &'static str {
        match self {
            Polarity::High => "High",
            Polarity::Low => "Low",
            Polarity::Info => "Info",
            Polarity::Range => "Within limits",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percentage,
    /// Per 10,000 population aged 0-17.
    Rate,
    Average,
    Days,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Percentage => "Percentage",
            Unit::Rate => "Rate per 10,000",
            Unit::Average => "Average",
            Unit::Days => "Days",
        }
    }
}

/// How the year-to-date figure is formed from the months of the financial year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YtdMethod {
    Sum,
    /// Summed numerators over summed denominators, never the mean of percentages.
    Ratio,
    Mean,
    Latest,
    /// As reported by the source system in the data's `ytd` column.
    Reported,
    None,
}

/// Which direction a target rule counts as good. Stated by the rule itself because
/// a target does not always follow the indicator's polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Good {
    High,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeSides {
    Above,
    Below,
    Both,
}

/// A RAG rule in one of the forms councils use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Green at or beyond `green`, Amber at or beyond `amber`, else Red.
    Threshold { good: Good, green: f64, amber: f64 },
    /// Green within `green` of `centre`, Amber within `amber`, else Red.
    Band { centre: f64, green: f64, amber: f64 },
    /// Green inside `[min, max]`, Amber up to `amber_margin_pct` per cent beyond it on
    /// the counted sides, else Red.
    Range {
        min: f64,
        max: f64,
        amber_margin_pct: f64,
        sides: RangeSides,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    Month,
    Ytd,
}

/// A target for one financial year.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub year: FinancialYear,
    pub applies_to: AppliesTo,
    pub rule: Rule,
}

/// Comparator figures for a stated year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Benchmarks {
    pub year: Option<FinancialYear>,
    pub stat_neighbour_avg: Option<f64>,
    pub best_stat_neighbour: Option<f64>,
    pub national_avg: Option<f64>,
    pub national_top_quartile: Option<f64>,
}

/// A number the indicator was printed with in earlier editions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbering {
    pub number: String,
    pub until: Month,
}

/// One month's figure and its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The year to date as the source system reports it.
    pub ytd: Option<f64>,
    pub note: Option<String>,
}

/// An indicator's monthly figures, ordered by month.
pub type Series = BTreeMap<Month, Observation>;

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    pub short: String,
    /// The id of the section the indicator belongs to.
    pub section: String,
    pub polarity: Polarity,
    pub unit: Unit,
    pub decimals: u8,
    pub data_note: Option<String>,
    pub ytd: YtdMethod,
    pub targets: Vec<Target>,
    pub outturns: BTreeMap<FinancialYear, f64>,
    pub benchmarks: Option<Benchmarks>,
    pub notes: Vec<String>,
    pub starts: Option<Month>,
    pub ends: Option<Month>,
    pub renumbered: Vec<Renumbering>,
    /// The figures as first published.
    pub series: Series,
    /// Later corrections: `(month, first edition showing it)` to the corrected figure.
    pub revisions: BTreeMap<(Month, Month), Observation>,
    /// What the definition says about statistical process control, if anything.
    pub spc: Option<SpcChoice>,
}

impl Indicator {
    /// The indicator as the edition of `edition` saw it: each month's figure is the
    /// latest revision published by then, so an old edition never changes.
    pub fn as_of(&self, edition: Month) -> Indicator {
        let mut indicator = self.clone();
        for ((month, from), observation) in &self.revisions {
            if *from <= edition {
                indicator.series.insert(*month, observation.clone());
            }
        }
        indicator.revisions.clear();
        indicator
    }

    /// The value for `month` as the edition of `edition` published it: the latest
    /// revision from that edition or before, else the figure as first given.
    pub fn value_as_of(&self, month: Month, edition: Month) -> Option<f64> {
        let revised = self
            .revisions
            .iter()
            .filter(|((m, from), _)| *m == month && *from <= edition)
            .map(|(_, o)| o)
            .next_back();
        revised.or_else(|| self.series.get(&month))?.value
    }

    /// The value for a month, if one was reported.
    pub fn value(&self, month: Month) -> Option<f64> {
        self.series.get(&month).and_then(|o| o.value)
    }

    /// The reference number as printed in the edition for `month`.
    pub fn number_in(&self, month: Month) -> &str {
        self.renumbered
            .iter()
            .filter(|r| month <= r.until)
            .min_by_key(|r| r.until)
            .map_or(self.id.as_str(), |r| r.number.as_str())
    }

    /// The target rules in force for a financial year.
    pub fn targets_for(&self, year: FinancialYear) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(move |t| t.year == year)
    }

    /// Whether the indicator gets an XmR analysis: its definition says so, or the site
    /// analyses every indicator and the definition does not opt out.
    pub fn uses_spc(&self, settings: &SpcSettings) -> bool {
        self.spc.map_or(settings.all, |c| c.on)
    }

    /// Whether the indicator is reported in `month`: not before it starts, not after it ends.
    pub fn is_live(&self, month: Month) -> bool {
        self.starts.is_none_or(|s| month >= s) && self.ends.is_none_or(|e| month <= e)
    }

    /// Whether the edition of `month` shows the indicator: it is live and has been
    /// published by then, or it has a figure for the month itself. A measure first
    /// published in a later edition is therefore absent from earlier ones.
    pub fn is_shown_in(&self, month: Month) -> bool {
        self.value(month).is_some()
            || (self.is_live(month) && self.series.range(..=month).any(|(_, o)| o.value.is_some()))
    }
}

impl Unit {
    /// Formats a figure in this unit at `decimals`: "46.6%", "1,041", "668.6".
    pub fn format(self, value: f64, decimals: u8) -> String {
        // Formatting is total: a figure that is not a finite number, which the loader
        // and the computations never let through, reads as no figure, never `inf`.
        if !value.is_finite() {
            return "–".to_string();
        }
        let text = group_thousands(&format!("{:.*}", decimals as usize, value));
        match self {
            Unit::Percentage => format!("{text}%"),
            _ => text,
        }
    }
}

impl Indicator {
    /// Formats a figure as this indicator shows it.
    pub fn format(&self, value: f64) -> String {
        self.unit.format(value, self.decimals)
    }
}

/// Inserts thousands separators into the integer part of a formatted number.
fn group_thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    // "-0.0" reads as a loss where there is none.
    let sign = if grouped.chars().all(|c| c == '0' || c == ',')
        && frac.is_none_or(|f| f.chars().all(|c| c == '0'))
    {
        ""
    } else {
        sign
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_unit() {
        assert_eq!(Unit::Percentage.format(46.6, 1), "46.6%");
        assert_eq!(Unit::Count.format(f64::INFINITY, 0), "–");
        assert_eq!(Unit::Percentage.format(f64::NAN, 1), "–");
        assert_eq!(Unit::Count.format(1041.0, 0), "1,041");
        assert_eq!(Unit::Count.format(12165.0, 0), "12,165");
        assert_eq!(Unit::Rate.format(668.63, 1), "668.6");
        assert_eq!(Unit::Rate.format(-0.01, 1), "0.0");
        assert_eq!(Unit::Count.format(-1234567.0, 0), "-1,234,567");
    }
}
