//! Statistical process control settings: which indicators get an XmR analysis, and its rules.

use super::Month;

/// The site's settings for statistical process control (`spc:` in site.yaml). The
/// defaults are those of the NHS-R community's NHSRplotthedots package, which follows
/// NHS England's Making Data Count guidance (docs/spc.md gives the sources).
#[derive(Debug, Clone, PartialEq)]
pub struct SpcSettings {
    /// Whether every indicator is analysed, rather than only those whose definition
    /// asks for it.
    pub all: bool,
    /// The fewest months a baseline needs before limits are worked out from it.
    pub minimum_points: usize,
    /// How many points in a row on one side of the mean make a shift.
    pub shift: usize,
    /// How many points in a row, each higher (or each lower) than the one before,
    /// make a trend.
    pub trend: usize,
    /// Whether moving ranges above 3.267 times their mean are left out of the average
    /// moving range, so one outlier does not widen the limits.
    pub screen_outliers: bool,
}

impl Default for SpcSettings {
    fn default() -> Self {
        SpcSettings {
            all: false,
            minimum_points: 15,
            shift: 7,
            trend: 7,
            screen_outliers: true,
        }
    }
}

/// What an indicator's definition says about its analysis (`spc:` in its YAML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpcChoice {
    /// Whether the indicator is analysed: `spc: false` opts one out of `all`.
    pub on: bool,
    /// The first month analysed: the baseline is rebased here, for example when a new
    /// service model started, and months before it are left out.
    pub from: Option<Month>,
    /// The last month of the baseline: the mean and limits are worked out from the
    /// months up to it and held for the months after.
    pub fixed_to: Option<Month>,
}
