//! A measure's figures for each member of its breakdown, and the checks of its total.

use super::Figures;
use crate::model::{Breakdown, MemberSeries, Month};

/// Everything computed for an indicator's breakdown in one edition.
#[derive(Debug)]
pub struct BreakdownFigures<'a> {
    pub breakdown: &'a Breakdown,
    /// Each member with data, in the dimension's order.
    pub members: Vec<MemberFigures<'a>>,
    /// The member a reader should look at first: a red one, else the one furthest
    /// from good by the measure's polarity this month; none for an information-only
    /// measure or when no member has a figure.
    pub worst: Option<usize>,
    /// The months of the trend where the total differs from what the members make
    /// up beyond rounding (also reported as warnings when the site is loaded).
    pub mismatches: Vec<TotalMismatch>,
    /// The total's own mean of the months present among the six to the edition, for
    /// the total row beside the members' `avg_6m`.
    pub avg_6m: Option<f64>,
}

/// Everything computed for one member in one edition: the same figures as the measure's.
#[derive(Debug)]
pub struct MemberFigures<'a> {
    pub member: &'a MemberSeries,
    /// The edition month's figures: value, count, direction, RAG (only where the
    /// measure's targets rate members), changes and 12-month figures.
    pub figures: Figures,
    /// The months of the measure's trend, with the member's figure for each.
    pub trend: Vec<(Month, Option<f64>)>,
    /// The mean of the months present among the six to the edition.
    pub avg_6m: Option<f64>,
}

/// A month whose total does not agree with its members.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TotalMismatch {
    pub month: Month,
    /// The total as the data gives it.
    pub total: f64,
    /// What the members make up: their sum, or their summed numerators over their
    /// summed denominators.
    pub from_members: f64,
}
