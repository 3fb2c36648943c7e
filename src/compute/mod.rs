//! The compute stage: every figure of an edition, worked out once, with no IO.
//!
//! [`EditionFigures::compute`] takes the site as it stood at an edition and works out
//! everything any output shows: each indicator's monthly series for the windows shown,
//! value, previous month, year to date, direction of travel, RAG rating with its
//! reason, changes, 12-month figures, outturns and benchmark comparisons, lifecycle,
//! and the edition's counts and exceptions, and, where asked, the statistical process
//! control of its months ([`Spc`]: an XmR analysis with its variation and assurance). Rendering only reads and formats it. The
//! words for a band, a rating and a direction are made here too ([`BandWords`],
//! [`rag_word`], [`Dot::words`], [`arrow_note`]), so they agree wherever they appear.

mod aggregate;
mod benchmark;
mod breakdown;
mod direction;
mod edition;
mod edition_key;
mod exceptions;
mod rag;
mod spc;

use crate::model::{AppliesTo, Indicator, Judgement, Month, Settings, Unit, Words, YtdMethod};

pub use aggregate::rolling_12m;
use aggregate::{change_pct, year_to_date};
pub use benchmark::Position;
use benchmark::benchmark_positions;
pub use breakdown::{BreakdownFigures, MemberFigures, TotalMismatch};
pub use direction::{Arrow, Dot, Meaning, arrow_note, direction_of_travel};
pub use edition::{
    Counts, EditionFigures, FirstPublished, IndicatorFigures, MonthDetail, Revision, SpcCounts,
    Stage, window,
};
pub use edition_key::{FigureKeys, HashedSeries, edition_keys, section_keys, shared_key};
pub use exceptions::ExceptionKind;
use exceptions::exceptions;
pub use rag::{BandEdges, BandWords, Rag, Rating, rag_for, rag_word, rate};
pub use spc::{Assurance, PointKind, Side, Signals, Spc, Variation, Xmr, XmrPoint};

/// Where an indicator stands in its lifecycle in an edition's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// Reported as usual.
    Live,
    /// First reported this month: there is no previous month to compare with.
    New,
    /// Not yet started in this month.
    NotStarted,
    /// No longer reported: its last month is before this one.
    Ended,
}

/// Everything computed for one indicator in one edition.
#[derive(Debug, Clone)]
pub struct Figures {
    pub month: Month,
    pub value: Option<f64>,
    /// The value for the month before.
    pub previous: Option<f64>,
    /// The three months up to and including the edition month, oldest first.
    pub last_three: [(Month, Option<f64>); 3],
    pub ytd: Option<f64>,
    pub dot: Option<Dot>,
    pub rag: Option<Rating>,
    pub lifecycle: Lifecycle,
    /// Percentage change from the month before.
    pub change_month_pct: Option<f64>,
    /// Percentage change from the same month a year before.
    pub change_year_pct: Option<f64>,
    /// The sum of the twelve months to the edition, only for a count whose months add
    /// up to a year (`ytd: sum` or `reported`): summed percentages, rates or
    /// month-end snapshots would mean nothing.
    pub rolling_12m: Option<f64>,
    pub avg_12m: Option<f64>,
    /// The mean of the months present among the six to the edition.
    pub avg_6m: Option<f64>,
    pub max_12m: Option<f64>,
    /// The month's numerator and denominator, for "67 of 542".
    pub fraction: Option<(f64, f64)>,
    /// `change_month_pct` against the site's threshold: up, down or similar.
    pub change_month_word: Option<ChangeWord>,
    /// `change_year_pct` against the site's threshold.
    pub change_year_word: Option<ChangeWord>,
    /// Direction of travel from the same month a year before.
    pub dot_year: Option<Dot>,
    /// A qualitative measure's judgement for the month, as the data gives it.
    pub judgement: Option<Judgement>,
    /// The judgements of the months of `last_three`, for a qualitative measure.
    pub last_three_judgements: [Option<Judgement>; 3],
}

/// A percentage change put into words by the site's threshold: up by at least the
/// threshold, down by at least it, or similar in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeWord {
    Up,
    Down,
    Similar,
}

impl ChangeWord {
    /// The word for a change of `pct` percent, where `threshold` is a fraction (0.10 is
    /// 10%). A change of exactly the threshold counts as up or down: councils word it
    /// "up 10% or more".
    pub fn of(pct: f64, threshold: f64) -> ChangeWord {
        // Percentages are worked out in floating point: 10% may come out a hair
        // under 10, which must still read as 10% or more.
        let edge = threshold * 100.0 - 1e-9;
        if pct >= edge {
            ChangeWord::Up
        } else if pct <= -edge {
            ChangeWord::Down
        } else {
            ChangeWord::Similar
        }
    }

    /// The value written to report.json and report.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeWord::Up => "up",
            ChangeWord::Down => "down",
            ChangeWord::Similar => "similar",
        }
    }

    /// The site's word for it.
    pub fn word(self, words: &Words) -> &str {
        match self {
            ChangeWord::Up => &words.up,
            ChangeWord::Down => &words.down,
            ChangeWord::Similar => &words.similar,
        }
    }
}

/// A computed figure only when it is a finite number. The loader bounds every figure
/// it reads, but a ratio over a tiny denominator can still overflow, and an infinity
/// must never be published: with none here, every page, CSV and JSON file shows the
/// same "no figure".
fn finite(figure: Option<f64>) -> Option<f64> {
    figure.filter(|v| v.is_finite())
}

/// Computes an indicator's figures for the edition of `month`.
pub fn figures(indicator: &Indicator, month: Month, settings: &Settings) -> Figures {
    let fy = month.financial_year(settings.financial_year_start);
    let value = indicator.value(month);
    let previous = indicator.value(month.prev());
    let ytd = finite(year_to_date(
        indicator,
        month,
        settings.financial_year_start,
    ));
    let rag = indicator.targets_for(fy).find_map(|target| {
        let basis = match target.applies_to {
            AppliesTo::Month => value,
            AppliesTo::Ytd => ytd,
        }?;
        Some(rate(indicator, target, basis))
    });
    let lifecycle = if indicator.starts.is_some_and(|s| month < s) {
        Lifecycle::NotStarted
    } else if indicator.ends.is_some_and(|e| month > e) {
        Lifecycle::Ended
    } else if indicator.is_reported(month) && !indicator.is_reported(month.prev()) {
        Lifecycle::New
    } else {
        Lifecycle::Live
    };
    // Direction of travel from an earlier month's figure: the month before, or the
    // same month a year before.
    let travel = |earlier: Option<f64>| match (earlier, value) {
        (Some(p), Some(v)) => Some(direction_of_travel(
            indicator,
            fy,
            p,
            v,
            rag.as_ref(),
            &settings.direction,
        )),
        _ => None,
    };
    let dot = travel(previous);
    let year_before = indicator.value(month.year_before());
    let dot_year = travel(year_before);
    let change_month_pct = finite(change_pct(previous, value));
    let change_year_pct = finite(change_pct(year_before, value));
    let threshold = settings.change.threshold;
    let twelve = aggregate::mean_and_max_12m(indicator, month);
    let fraction = indicator
        .series
        .get(&month)
        .and_then(|o| Some((o.numerator?, o.denominator?)));
    Figures {
        month,
        value,
        previous,
        change_month_pct,
        change_year_pct,
        change_month_word: change_month_pct.map(|p| ChangeWord::of(p, threshold)),
        change_year_word: change_year_pct.map(|p| ChangeWord::of(p, threshold)),
        dot_year,
        rolling_12m: finite(
            months_add_up(indicator)
                .then(|| rolling_12m(indicator, month))
                .flatten(),
        ),
        avg_12m: finite(twelve.map(|t| t.0)),
        avg_6m: finite(aggregate::mean_of(indicator, month, 6)),
        max_12m: finite(twelve.map(|t| t.1)),
        fraction,
        last_three: [
            (month.minus(2), indicator.value(month.minus(2))),
            (month.prev(), previous),
            (month, value),
        ],
        ytd,
        dot,
        rag,
        lifecycle,
        judgement: indicator.judgement(month),
        last_three_judgements: [month.minus(2), month.prev(), month]
            .map(|m| indicator.judgement(m)),
    }
}

/// A month's count behind its percentage, as every page and shortcode writes it:
/// "1,234 of 5,000". Parts that are not whole numbers keep one decimal.
pub fn count_words((numerator, denominator): (f64, f64)) -> String {
    let part = |v: f64| Unit::Count.format(v, if v.fract() == 0.0 { 0 } else { 1 });
    format!("{} of {}", part(numerator), part(denominator))
}

/// The words a revised figure is footnoted with: "first published as 412 in the
/// June 2015 edition".
pub fn revision_words(indicator: &Indicator, revision: &Revision) -> String {
    format!(
        "first published as {} in the {} edition",
        indicator.format(revision.first),
        revision.edition.long_name()
    )
}

/// Whether an indicator's months add up to a meaningful total: a count of events,
/// not a rate, a percentage or a count at month end.
fn months_add_up(indicator: &Indicator) -> bool {
    indicator.unit == Unit::Count && matches!(indicator.ytd, YtdMethod::Sum | YtdMethod::Reported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_exactly_the_threshold_is_up_or_down() {
        assert_eq!(ChangeWord::of(10.0, 0.10), ChangeWord::Up);
        assert_eq!(ChangeWord::of(-10.0, 0.10), ChangeWord::Down);
        assert_eq!(ChangeWord::of(9.99, 0.10), ChangeWord::Similar);
        assert_eq!(ChangeWord::of(-9.99, 0.10), ChangeWord::Similar);
        assert_eq!(ChangeWord::of(0.0, 0.10), ChangeWord::Similar);
        // 110 from 100 is 10% even where floating point makes it 9.999...
        let pct = change_pct(Some(100.0), Some(110.0)).unwrap();
        assert_eq!(ChangeWord::of(pct, 0.10), ChangeWord::Up);
        let pct = change_pct(Some(0.3), Some(0.33)).unwrap();
        assert_eq!(ChangeWord::of(pct, 0.10), ChangeWord::Up);
        assert_eq!(ChangeWord::of(5.0, 0.05), ChangeWord::Up);
    }

    #[test]
    fn a_figure_that_overflows_is_no_figure() {
        assert_eq!(finite(Some(f64::INFINITY)), None);
        assert_eq!(finite(Some(f64::NAN)), None);
        assert_eq!(finite(Some(2.5)), Some(2.5));
    }
}
