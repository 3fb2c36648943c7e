//! Statistical process control: an XmR analysis of an indicator's months, with the special-cause rules of Making Data Count.
//!
//! The calculation follows the NHS-R community's NHSRplotthedots package (its
//! `ptd_spc_standard`, `ptd_calculate_point_type` and `ptd_calculate_assurance_type`),
//! which implements NHS England's Making Data Count guidance; docs/spc.md states the
//! rules and their sources for readers.

use crate::model::{
    AppliesTo, Good, Indicator, Month, Polarity, RangeSides, Rule, SpcSettings, Target,
};

/// Three sigma from the average moving range: 3 / d2, where d2 = 1.128 for ranges of
/// two consecutive points.
pub const LIMIT_FACTOR: f64 = 2.66;
/// Moving ranges above this many times their average are left out of it when
/// screening (D4 for ranges of two points, the upper limit of the moving range chart).
pub const OUTLIER_FACTOR: f64 = 3.267;

/// Where a point lies against the mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Above,
    Below,
    On,
}

/// The special-cause rules a point is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Signals {
    /// The point is above the upper or below the lower process limit.
    pub outside: bool,
    /// The point is part of a run of `shift` points on one side of the mean.
    pub shift: bool,
    /// The point is part of a run of `trend` points, each higher (or each lower)
    /// than the one before.
    pub trend: bool,
    /// The point is beyond two sigma, and one of two such points in three in a row
    /// on the same side of the mean.
    pub two_of_three: bool,
}

impl Signals {
    pub fn any(self) -> bool {
        self.outside || self.shift || self.trend || self.two_of_three
    }

    /// The rules, in words: "outside the limits", "part of a shift" ...
    pub fn words(self) -> Vec<&'static str> {
        [
            (self.outside, "outside the process limits"),
            (self.shift, "part of a shift"),
            (self.trend, "part of a trend"),
            (self.two_of_three, "two of three near a limit"),
        ]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect()
    }
}

/// What a point's variation means, judged by the indicator's polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// Common cause: no rule fires.
    Common,
    Improvement,
    Concern,
    /// A special cause in an indicator with no better direction (a volume, a range),
    /// or one on the mean itself.
    Neither,
}

/// The variation icon: what the latest point says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variation {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    NeitherHigh,
    NeitherLow,
}

impl Variation {
    /// The name report.json and report.csv use.
    pub fn as_str(self) -> &'static str {
        match self {
            Variation::CommonCause => "common_cause",
            Variation::ImprovementHigh => "improvement_high",
            Variation::ImprovementLow => "improvement_low",
            Variation::ConcernHigh => "concern_high",
            Variation::ConcernLow => "concern_low",
            Variation::NeitherHigh => "neither_high",
            Variation::NeitherLow => "neither_low",
        }
    }

    /// The words beside the icon.
    pub fn words(self) -> &'static str {
        match self {
            Variation::CommonCause => "Common cause",
            Variation::ImprovementHigh => "Improving: special cause, high",
            Variation::ImprovementLow => "Improving: special cause, low",
            Variation::ConcernHigh => "Concern: special cause, high",
            Variation::ConcernLow => "Concern: special cause, low",
            Variation::NeitherHigh => "Special cause, high",
            Variation::NeitherLow => "Special cause, low",
        }
    }

    pub fn is_concern(self) -> bool {
        matches!(self, Variation::ConcernHigh | Variation::ConcernLow)
    }

    pub fn is_improvement(self) -> bool {
        matches!(self, Variation::ImprovementHigh | Variation::ImprovementLow)
    }
}

/// The assurance icon: whether the process, as it runs, will meet the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assurance {
    /// Both limits are on the good side of the target: it will be met every month.
    Pass,
    /// Both limits are on the wrong side: it will be missed every month unless the
    /// process changes.
    Fail,
    /// The target lies between the limits: it will be met in some months and missed
    /// in others by chance alone.
    HitAndMiss,
}

impl Assurance {
    pub fn as_str(self) -> &'static str {
        match self {
            Assurance::Pass => "consistently_pass",
            Assurance::Fail => "consistently_fail",
            Assurance::HitAndMiss => "hit_and_miss",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Assurance::Pass => "Will consistently pass the target",
            Assurance::Fail => "Will consistently fail the target",
            Assurance::HitAndMiss => "Hit and miss against the target",
        }
    }
}

/// The mean and limits of a baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub mean: f64,
    /// The average moving range, after screening where asked.
    pub mr_bar: f64,
    /// Mean ± 2.66 × the average moving range, not clipped.
    pub upper: f64,
    pub lower: f64,
}

impl Limits {
    /// Works out the limits of `baseline`, the baseline's values in month order, at
    /// least two. `consecutive[i]` says whether value `i + 1` is the month after value
    /// `i`: a moving range is only taken between neighbouring months.
    pub fn of(baseline: &[f64], consecutive: &[bool], screen_outliers: bool) -> Limits {
        let mean = baseline.iter().sum::<f64>() / baseline.len() as f64;
        let ranges: Vec<f64> = baseline
            .windows(2)
            .zip(consecutive)
            .filter(|(_, next)| **next)
            .map(|(w, _)| (w[1] - w[0]).abs())
            .collect();
        let average = |r: &[f64]| {
            if r.is_empty() {
                0.0
            } else {
                r.iter().sum::<f64>() / r.len() as f64
            }
        };
        let mut mr_bar = average(&ranges);
        if screen_outliers {
            let kept: Vec<f64> = ranges
                .iter()
                .copied()
                .filter(|r| *r < OUTLIER_FACTOR * mr_bar)
                .collect();
            mr_bar = average(&kept);
        }
        Limits {
            mean,
            mr_bar,
            upper: mean + LIMIT_FACTOR * mr_bar,
            lower: mean - LIMIT_FACTOR * mr_bar,
        }
    }

    /// The two-sigma lines, two thirds of the way from the mean to each limit.
    fn near(&self) -> (f64, f64) {
        let sigma2 = 2.0 * LIMIT_FACTOR / 3.0 * self.mr_bar;
        (self.mean + sigma2, self.mean - sigma2)
    }

    pub fn side(&self, value: f64) -> Side {
        if value > self.mean {
            Side::Above
        } else if value < self.mean {
            Side::Below
        } else {
            Side::On
        }
    }
}

/// The rules that fire at each of `values` (every point analysed, in month order)
/// against `limits`, with run lengths from `settings`.
pub fn signals(values: &[f64], limits: &Limits, settings: &SpcSettings) -> Vec<Signals> {
    let n = values.len();
    let mut found = vec![Signals::default(); n];
    let sides: Vec<Side> = values.iter().map(|v| limits.side(*v)).collect();
    let (near_upper, near_lower) = limits.near();
    let outside = |v: f64| v > limits.upper || v < limits.lower;
    let near = |v: f64| !outside(v) && (v > near_upper || v < near_lower);
    for (i, v) in values.iter().enumerate() {
        found[i].outside = outside(*v);
    }
    // A shift: `shift` points in a row on the same side; a point on the mean breaks it.
    let shift = settings.shift.max(1);
    for end in shift.saturating_sub(1)..n {
        let run = &sides[end + 1 - shift..=end];
        if run[0] != Side::On && run.iter().all(|s| *s == run[0]) {
            run.iter()
                .enumerate()
                .for_each(|(k, _)| found[end + 1 - shift + k].shift = true);
        }
    }
    // A trend: `trend` points, each strictly higher (or each strictly lower) than the
    // one before; an equal neighbour breaks it.
    let trend = settings.trend.max(2);
    for end in trend.saturating_sub(1)..n {
        let run = &values[end + 1 - trend..=end];
        let rising = run.windows(2).all(|w| w[1] > w[0]);
        let falling = run.windows(2).all(|w| w[1] < w[0]);
        if rising || falling {
            (end + 1 - trend..=end).for_each(|k| found[k].trend = true);
        }
    }
    // Two of three: in three points in a row all on one side of the mean, at least two
    // are beyond two sigma (and inside the limits); those two are marked.
    for start in 0..n.saturating_sub(2) {
        let window = start..start + 3;
        let same_side =
            sides[window.clone()].iter().all(|s| *s == sides[start]) && sides[start] != Side::On;
        let close: Vec<usize> = window.filter(|k| near(values[*k])).collect();
        if same_side && close.len() >= 2 {
            close.iter().for_each(|k| found[*k].two_of_three = true);
        }
    }
    found
}

/// The kind of a point with `signals` on `side`, for an indicator of `polarity`.
pub fn kind(signals: Signals, side: Side, polarity: Polarity) -> PointKind {
    if !signals.any() {
        return PointKind::Common;
    }
    match (polarity, side) {
        (_, Side::On) | (Polarity::Info | Polarity::Range, _) => PointKind::Neither,
        (Polarity::High, Side::Above) | (Polarity::Low, Side::Below) => PointKind::Improvement,
        (Polarity::High, Side::Below) | (Polarity::Low, Side::Above) => PointKind::Concern,
    }
}

/// One analysed month.
#[derive(Debug, Clone, PartialEq)]
pub struct XmrPoint {
    pub month: Month,
    pub value: f64,
    pub side: Side,
    pub signals: Signals,
    pub kind: PointKind,
}

/// An indicator's XmR analysis in one edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Xmr {
    /// The first and last month of the baseline the limits come from.
    pub baseline: (Month, Month),
    /// How many months of the baseline have a figure.
    pub baseline_points: usize,
    /// Whether the limits were fixed at the end of the baseline (`spc.fixed_to`).
    pub fixed: bool,
    pub mean: f64,
    pub mr_bar: f64,
    /// The upper process limit.
    pub upper: f64,
    /// The lower process limit, clipped at zero for a series that cannot go below it.
    pub lower: f64,
    /// Every month analysed, oldest first: the baseline and any months after it.
    pub points: Vec<XmrPoint>,
    /// The variation icon: what the latest point says.
    pub variation: Variation,
    /// The assurance icon, where a monthly target applies to the edition's month.
    pub assurance: Option<Assurance>,
}

impl Xmr {
    /// The points where a rule fires, oldest first.
    pub fn special_causes(&self) -> impl Iterator<Item = &XmrPoint> {
        self.points.iter().filter(|p| p.signals.any())
    }
}

/// An indicator's statistical process control in one edition.
#[derive(Debug, Clone, PartialEq)]
pub enum Spc {
    Analysed(Xmr),
    /// The baseline has too few months for limits that mean anything.
    TooFew {
        have: usize,
        need: usize,
    },
}

impl Spc {
    pub fn xmr(&self) -> Option<&Xmr> {
        match self {
            Spc::Analysed(x) => Some(x),
            Spc::TooFew { .. } => None,
        }
    }

    /// Why there is no analysis, in words, when there is none.
    pub fn reason(&self) -> Option<String> {
        match self {
            Spc::Analysed(_) => None,
            Spc::TooFew { have, need } => Some(format!(
                "No SPC analysis: {have} months of data; limits need at least {need}"
            )),
        }
    }
}

/// The analysis of `indicator` in the edition of `month`, when the site or its
/// definition asks for one; `target` is the target in force in that month.
pub fn analyse(
    indicator: &Indicator,
    month: Month,
    target: Option<&Target>,
    settings: &SpcSettings,
) -> Option<Spc> {
    if !indicator.uses_spc(settings) {
        return None;
    }
    let choice = indicator.spc.unwrap_or_default();
    let points: Vec<(Month, f64)> = indicator
        .series
        .range(..=month)
        .filter(|(m, _)| choice.from.is_none_or(|from| **m >= from))
        .filter_map(|(m, o)| Some((*m, o.value?)))
        .collect();
    let in_baseline = points
        .iter()
        .take_while(|(m, _)| choice.fixed_to.is_none_or(|to| *m <= to))
        .count();
    let need = settings.minimum_points.max(2);
    if in_baseline < need {
        return Some(Spc::TooFew {
            have: in_baseline,
            need,
        });
    }
    let values: Vec<f64> = points.iter().map(|(_, v)| *v).collect();
    let consecutive: Vec<bool> = points.windows(2).map(|w| w[0].0.next() == w[1].0).collect();
    let limits = Limits::of(
        &values[..in_baseline],
        &consecutive[..in_baseline - 1],
        settings.screen_outliers,
    );
    let found = signals(&values, &limits, settings);
    let points: Vec<XmrPoint> = points
        .iter()
        .zip(found)
        .map(|(&(month, value), signals)| {
            let side = limits.side(value);
            XmrPoint {
                month,
                value,
                side,
                signals,
                kind: kind(signals, side, indicator.polarity),
            }
        })
        .collect();
    // A count, a percentage, a rate, an average or a number of days cannot be below
    // zero, so a lower limit below it would be drawn where no month can fall; a
    // series that does go below zero keeps it.
    let lower = if points.iter().all(|p| p.value >= 0.0) {
        limits.lower.max(0.0)
    } else {
        limits.lower
    };
    let last = points.last().expect("a baseline has at least two points");
    let variation = variation(last);
    let assurance = target.and_then(|t| assurance(t, lower, limits.upper));
    Some(Spc::Analysed(Xmr {
        baseline: (points[0].month, points[in_baseline - 1].month),
        baseline_points: in_baseline,
        fixed: in_baseline < points.len(),
        mean: limits.mean,
        mr_bar: limits.mr_bar,
        upper: limits.upper,
        lower,
        variation,
        assurance,
        points,
    }))
}

/// The variation icon for the latest point.
fn variation(last: &XmrPoint) -> Variation {
    let high = last.side != Side::Below;
    match (last.kind, high) {
        (PointKind::Common, _) => Variation::CommonCause,
        (PointKind::Improvement, true) => Variation::ImprovementHigh,
        (PointKind::Improvement, false) => Variation::ImprovementLow,
        (PointKind::Concern, true) => Variation::ConcernHigh,
        (PointKind::Concern, false) => Variation::ConcernLow,
        (PointKind::Neither, true) => Variation::NeitherHigh,
        (PointKind::Neither, false) => Variation::NeitherLow,
    }
}

/// The assurance of a process with limits `lower` to `upper` against `target`. The
/// target's rule says which side is good, so this holds for a volume with a target
/// too. A target on the year to date judges another figure than the months, so it
/// gives no assurance.
pub fn assurance(target: &Target, lower: f64, upper: f64) -> Option<Assurance> {
    if target.applies_to != AppliesTo::Month {
        return None;
    }
    // The green band: from `low` to `high`, either end open.
    let (low, high) = match target.rule {
        Rule::Threshold {
            good: Good::High,
            green,
            ..
        } => (Some(green), None),
        Rule::Threshold {
            good: Good::Low,
            green,
            ..
        } => (None, Some(green)),
        Rule::Band { centre, green, .. } => (Some(centre - green), Some(centre + green)),
        Rule::Range {
            min, max, sides, ..
        } => match sides {
            RangeSides::Both => (Some(min), Some(max)),
            RangeSides::Above => (None, Some(max)),
            RangeSides::Below => (Some(min), None),
        },
    };
    let fails = low.is_some_and(|l| upper < l) || high.is_some_and(|h| lower > h);
    let passes = low.is_none_or(|l| lower > l) && high.is_none_or(|h| upper < h);
    Some(if fails {
        Assurance::Fail
    } else if passes {
        Assurance::Pass
    } else {
        Assurance::HitAndMiss
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FinancialYear, Observation};
    use proptest::prelude::*;

    fn rules() -> SpcSettings {
        SpcSettings::default()
    }

    /// Limits with the given mean and a moving range that puts the limits at
    /// mean ± 2.66 and the two-sigma lines at mean ± 1.773.
    fn unit_limits(mean: f64) -> Limits {
        Limits {
            mean,
            mr_bar: 1.0,
            upper: mean + LIMIT_FACTOR,
            lower: mean - LIMIT_FACTOR,
        }
    }

    fn fired(values: &[f64], pick: fn(Signals) -> bool) -> Vec<usize> {
        signals(values, &unit_limits(10.0), &rules())
            .into_iter()
            .enumerate()
            .filter_map(|(i, s)| pick(s).then_some(i))
            .collect()
    }

    #[test]
    fn a_point_outside_the_limits_fires_and_one_on_the_limit_does_not() {
        let upper = 10.0 + LIMIT_FACTOR;
        let out = fired(
            &[10.0, upper + 0.01, 10.0, 10.0 - LIMIT_FACTOR - 0.01],
            |s| s.outside,
        );
        assert_eq!(out, [1, 3]);
        assert!(fired(&[10.0, upper, 10.0 - LIMIT_FACTOR], |s| s.outside).is_empty());
    }

    #[test]
    fn a_shift_needs_seven_points_on_one_side() {
        // Seven above the mean: all seven are part of the shift.
        let seven = [9.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 9.0];
        assert_eq!(fired(&seven, |s| s.shift), (1..=7).collect::<Vec<_>>());
        // Six above, then one on the mean: no shift.
        let six = [9.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 10.0, 11.0];
        assert!(fired(&six, |s| s.shift).is_empty());
        // Below the mean counts too, and the length is a setting.
        let below = [9.0, 9.0, 9.0, 9.0, 9.0];
        let five = SpcSettings {
            shift: 5,
            ..rules()
        };
        assert!(
            signals(&below, &unit_limits(10.0), &five)
                .iter()
                .all(|s| s.shift)
        );
        assert!(fired(&below, |s| s.shift).is_empty());
    }

    #[test]
    fn a_trend_needs_seven_points_each_beyond_the_last() {
        let rising = [5.0, 6.0, 7.0, 8.0, 9.0, 10.5, 11.0];
        assert_eq!(fired(&rising, |s| s.trend), (0..7).collect::<Vec<_>>());
        let falling = [12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 9.2];
        assert_eq!(fired(&falling, |s| s.trend), (0..7).collect::<Vec<_>>());
        // Six rising points, or seven with one equal step, make no trend.
        assert!(fired(&rising[1..], |s| s.trend).is_empty());
        let flat_step = [5.0, 6.0, 7.0, 7.0, 9.0, 10.5, 11.0];
        assert!(fired(&flat_step, |s| s.trend).is_empty());
    }

    #[test]
    fn two_of_three_beyond_two_sigma_on_one_side_fire() {
        // Two sigma is 10 + 1.773; the limit is 12.66.
        let two = [10.0, 12.0, 10.5, 12.2, 10.0];
        assert_eq!(fired(&two, |s| s.two_of_three), [1, 3]);
        // Only one of three beyond two sigma: nothing.
        assert!(fired(&[10.0, 12.0, 10.5, 11.7, 10.0], |s| s.two_of_three).is_empty());
        // Two beyond two sigma, but on opposite sides: nothing.
        assert!(fired(&[12.0, 7.9, 11.0], |s| s.two_of_three).is_empty());
        // Two beyond two sigma on one side, but the third point of the window is
        // across the mean: nothing (as NHSRplotthedots, all three on one side).
        assert!(fired(&[12.0, 9.0, 12.0], |s| s.two_of_three).is_empty());
    }

    #[test]
    fn polarity_decides_improvement_or_concern() {
        let fire = Signals {
            outside: true,
            ..Signals::default()
        };
        assert_eq!(
            kind(fire, Side::Above, Polarity::High),
            PointKind::Improvement
        );
        assert_eq!(kind(fire, Side::Above, Polarity::Low), PointKind::Concern);
        assert_eq!(kind(fire, Side::Below, Polarity::High), PointKind::Concern);
        assert_eq!(
            kind(fire, Side::Below, Polarity::Low),
            PointKind::Improvement
        );
        assert_eq!(kind(fire, Side::Below, Polarity::Info), PointKind::Neither);
        assert_eq!(
            kind(Signals::default(), Side::Above, Polarity::High),
            PointKind::Common
        );
    }

    #[test]
    fn screening_leaves_out_a_moving_range_beyond_3_267_times_the_average() {
        // Ranges 1, 1, 1, 1, 20: average 4.8, and 20 > 3.267 × 4.8, so it goes.
        let values = [10.0, 11.0, 10.0, 11.0, 10.0, 30.0];
        let all = [true; 5];
        assert_eq!(Limits::of(&values, &all, false).mr_bar, 4.8);
        assert_eq!(Limits::of(&values, &all, true).mr_bar, 1.0);
        // No moving range across a missing month.
        let gap = [true, true, true, true, false];
        assert_eq!(Limits::of(&values, &gap, false).mr_bar, 1.0);
    }

    fn target(rule: Rule) -> Target {
        Target {
            year: FinancialYear::new(2015, 4),
            applies_to: AppliesTo::Month,
            rule,
        }
    }

    #[test]
    fn assurance_compares_the_target_with_the_limits() {
        let high = |green| {
            target(Rule::Threshold {
                good: Good::High,
                green,
                amber: green - 1.0,
            })
        };
        assert_eq!(assurance(&high(50.0), 60.0, 80.0), Some(Assurance::Pass));
        assert_eq!(assurance(&high(90.0), 60.0, 80.0), Some(Assurance::Fail));
        assert_eq!(
            assurance(&high(70.0), 60.0, 80.0),
            Some(Assurance::HitAndMiss)
        );
        let low = target(Rule::Threshold {
            good: Good::Low,
            green: 50.0,
            amber: 55.0,
        });
        assert_eq!(assurance(&low, 60.0, 80.0), Some(Assurance::Fail));
        let band = target(Rule::Band {
            centre: 70.0,
            green: 15.0,
            amber: 20.0,
        });
        assert_eq!(assurance(&band, 60.0, 80.0), Some(Assurance::Pass));
        assert_eq!(assurance(&band, 50.0, 80.0), Some(Assurance::HitAndMiss));
        assert_eq!(assurance(&band, 90.0, 99.0), Some(Assurance::Fail));
        let mut ytd = high(50.0);
        ytd.applies_to = AppliesTo::Ytd;
        assert_eq!(assurance(&ytd, 60.0, 80.0), None);
    }

    fn indicator(values: &[f64], polarity: Polarity) -> Indicator {
        let start: Month = "2014-01".parse().unwrap();
        Indicator {
            polarity,
            series: values
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let o = Observation {
                        value: Some(*v),
                        ..Observation::default()
                    };
                    (start.plus_months(k as u32), o)
                })
                .collect(),
            spc: Some(crate::model::SpcChoice {
                on: true,
                ..Default::default()
            }),
            ..Indicator::placeholder("1.1")
        }
    }

    #[test]
    fn too_few_months_give_a_reason_not_limits() {
        let i = indicator(&[1.0; 14], Polarity::High);
        let spc = analyse(&i, "2015-12".parse().unwrap(), None, &rules()).unwrap();
        assert_eq!(spc, Spc::TooFew { have: 14, need: 15 });
        assert_eq!(
            spc.reason().unwrap(),
            "No SPC analysis: 14 months of data; limits need at least 15"
        );
        let off = Indicator { spc: None, ..i };
        assert_eq!(
            analyse(&off, "2015-12".parse().unwrap(), None, &rules()),
            None
        );
    }

    #[test]
    fn the_latest_point_sets_the_variation_and_polarity_swaps_it() {
        let mut values = vec![10.0, 12.0, 11.0, 9.0, 10.0, 12.0, 8.0, 11.0, 9.0, 10.0];
        values.extend([11.0, 10.0, 9.0, 12.0, 10.0, 40.0]);
        let month = "2015-04".parse().unwrap();
        let high = analyse(&indicator(&values, Polarity::High), month, None, &rules());
        let low = analyse(&indicator(&values, Polarity::Low), month, None, &rules());
        let info = analyse(&indicator(&values, Polarity::Info), month, None, &rules());
        let v = |s: Option<Spc>| s.unwrap().xmr().unwrap().variation;
        assert_eq!(v(high), Variation::ImprovementHigh);
        assert_eq!(v(low), Variation::ConcernHigh);
        assert_eq!(v(info), Variation::NeitherHigh);
    }

    #[test]
    fn a_fixed_baseline_holds_its_limits_for_later_months() {
        let mut values = [10.0, 11.0].repeat(8);
        values.extend([20.0, 20.0]);
        let mut i = indicator(&values, Polarity::High);
        i.spc = Some(crate::model::SpcChoice {
            on: true,
            from: None,
            fixed_to: Some("2015-04".parse().unwrap()),
        });
        let spc = analyse(&i, "2015-06".parse().unwrap(), None, &rules()).unwrap();
        let x = spc.xmr().unwrap();
        assert_eq!(x.baseline_points, 16);
        assert!(x.fixed);
        assert_eq!(x.mean, 10.5);
        assert!(x.points[16].signals.outside && x.points[17].signals.outside);
    }

    /// Nothing is decided by floating-point rounding at a boundary in these tests.
    fn clear_of_boundaries(values: &[f64], l: &Limits) -> bool {
        let (a, b) = l.near();
        values.iter().all(|v| {
            [l.mean, l.upper, l.lower, a, b]
                .iter()
                .all(|edge| (v - edge).abs() > 1e-6)
        })
    }

    proptest! {
        #[test]
        fn the_limits_contain_the_mean(values in prop::collection::vec(-1e6f64..1e6, 2..40)) {
            let consecutive = vec![true; values.len() - 1];
            for screen in [false, true] {
                let l = Limits::of(&values, &consecutive, screen);
                prop_assert!(l.lower <= l.mean && l.mean <= l.upper);
                prop_assert!(l.mr_bar >= 0.0);
            }
        }

        #[test]
        fn shifting_every_value_shifts_the_mean_and_limits_and_no_signal(
            values in prop::collection::vec(0i32..200, 15..40),
            shift in -1000i32..1000,
        ) {
            let values: Vec<f64> = values.into_iter().map(f64::from).collect();
            let shifted: Vec<f64> = values.iter().map(|v| v + f64::from(shift)).collect();
            let consecutive = vec![true; values.len() - 1];
            let a = Limits::of(&values, &consecutive, true);
            let b = Limits::of(&shifted, &consecutive, true);
            prop_assume!(clear_of_boundaries(&values, &a) && clear_of_boundaries(&shifted, &b));
            let close = |x: f64, y: f64| (x - y).abs() < 1e-6;
            prop_assert!(close(b.mean, a.mean + f64::from(shift)));
            prop_assert!(close(b.upper, a.upper + f64::from(shift)));
            prop_assert!(close(b.lower, a.lower + f64::from(shift)));
            prop_assert!(close(b.mr_bar, a.mr_bar));
            prop_assert_eq!(signals(&values, &a, &rules()), signals(&shifted, &b, &rules()));
        }
    }
}
