//! A measure's figures for each member of its breakdown, and the checks of its total.

use super::{Figures, Rag, figures};
use crate::model::{Breakdown, Indicator, MemberSeries, Month, Polarity, Settings, TotalRule};

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
    /// The months to the edition whose total was worked out from the members, as the
    /// edition sees them: read this, not `breakdown.derived`, which also lists later
    /// months.
    pub derived: Vec<Month>,
}

/// Everything computed for one member in one edition: the same figures as the measure's.
#[derive(Debug)]
pub struct MemberFigures<'a> {
    pub member: &'a MemberSeries,
    /// The edition month's figures: value, count, direction, RAG (only where the
    /// measure's targets rate members), changes, six- and 12-month figures.
    pub figures: Figures,
    /// The months of the measure's trend, with the member's figure for each.
    pub trend: Vec<(Month, Option<f64>)>,
    /// The months of the trend whose member figure differs from the one an earlier
    /// edition published, with the figure as first published.
    pub revised: Vec<(Month, super::Revision)>,
}

impl MemberFigures<'_> {
    /// The member's figure for `month` of the trend, as computed: what its data
    /// table, its CSV row and the revisions note all show for the month.
    pub fn trend_value(&self, month: Month) -> Option<f64> {
        self.trend
            .iter()
            .find(|(m, _)| *m == month)
            .and_then(|(_, v)| *v)
    }
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

/// Computes the breakdown of `indicator` for the edition of `month`: each member's
/// figures by the same code as the measure's, over the measure's trend `months`.
pub(super) fn breakdown_figures<'a>(
    indicator: &'a Indicator,
    breakdown: &'a Breakdown,
    month: Month,
    months: &[Month],
    settings: &Settings,
    first: &super::FirstPublished,
) -> BreakdownFigures<'a> {
    let members: Vec<MemberFigures> = breakdown
        .members
        .iter()
        // A member whose first figure comes after the edition is not in it yet.
        .filter(|m| {
            m.indicator
                .series
                .range(..=month)
                .any(|(_, o)| o.value.is_some())
        })
        .map(|member| {
            let series = &member.indicator;
            MemberFigures {
                member,
                figures: figures(series, month, settings),
                trend: months.iter().map(|&m| (m, series.value(m))).collect(),
                revised: months
                    .iter()
                    .filter_map(|&m| {
                        let r = first.revision(&series.id, m, series.value(m), month)?;
                        Some((m, r))
                    })
                    .collect(),
            }
        })
        .collect();
    let mismatches = months
        .iter()
        .filter_map(|&m| {
            let (total, from_members) = breakdown.value_mismatch(indicator, m)?;
            Some(TotalMismatch {
                month: m,
                total,
                from_members,
            })
        })
        .collect();
    BreakdownFigures {
        derived: breakdown
            .derived
            .iter()
            .copied()
            .filter(|m| *m <= month)
            .collect(),
        worst: worst(&members, indicator.polarity, breakdown.total),
        breakdown,
        members,
        mismatches,
    }
}

/// The member a reader should look at first: among the red members if any, else
/// among all with a figure, the one furthest from good by the measure's polarity,
/// the first in the dimension's order on a tie. An information-only measure has no
/// worst member, nor has a measure within limits with no red member, since its
/// figures alone do not say which is further out.
///
/// A sum's members are counts, and the biggest team always has the most of anything:
/// their figures say nothing about which is worse, so a sum's worst member is the
/// first red one, and none without a red member.
fn worst(members: &[MemberFigures], polarity: Polarity, total: TotalRule) -> Option<usize> {
    let standing: Vec<(bool, Option<f64>)> = members
        .iter()
        .map(|m| {
            let red = m.figures.rag.as_ref().is_some_and(|r| r.rag == Rag::Red);
            (red, m.figures.value)
        })
        .collect();
    match total {
        TotalRule::Sum => worst_by_rag(&standing, polarity),
        _ => worst_of(&standing, polarity),
    }
}

/// The first red member, for members whose figures cannot be ranked.
fn worst_by_rag(standing: &[(bool, Option<f64>)], polarity: Polarity) -> Option<usize> {
    if polarity == Polarity::Info {
        return None;
    }
    standing.iter().position(|(red, _)| *red)
}

/// [`worst`] of each member's (whether it is red, its figure).
fn worst_of(standing: &[(bool, Option<f64>)], polarity: Polarity) -> Option<usize> {
    if polarity == Polarity::Info {
        return None;
    }
    let any_red = standing.iter().any(|(red, _)| *red);
    if polarity == Polarity::Range && !any_red {
        return None;
    }
    let mut worst: Option<(usize, f64)> = None;
    let pool = standing
        .iter()
        .enumerate()
        .filter(|(_, (red, _))| !any_red || *red)
        .filter_map(|(i, (_, value))| Some((i, (*value)?)));
    for (i, value) in pool {
        let further = match (worst, polarity) {
            (None, _) => true,
            (Some((_, w)), Polarity::High) => value < w,
            (Some((_, w)), Polarity::Low) => value > w,
            (Some(_), _) => false,
        };
        if further {
            worst = Some((i, value));
        }
    }
    worst.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Observation;

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    #[test]
    fn the_worst_member_is_red_first_then_furthest_by_polarity() {
        let standing = [(false, Some(70.0)), (false, Some(60.0)), (false, None)];
        assert_eq!(worst_of(&standing, Polarity::High), Some(1));
        assert_eq!(worst_of(&standing, Polarity::Low), Some(0));
        assert_eq!(worst_of(&standing, Polarity::Info), None);
        assert_eq!(worst_of(&standing, Polarity::Range), None);
        // A red member comes first, though another's figure is further from good.
        let standing = [(false, Some(50.0)), (true, Some(60.0)), (true, Some(65.0))];
        assert_eq!(worst_of(&standing, Polarity::High), Some(1));
        assert_eq!(worst_of(&standing, Polarity::Low), Some(2));
        assert_eq!(worst_of(&standing, Polarity::Range), Some(1));
        // Ties go to the first in the dimension's order.
        let standing = [(false, Some(50.0)), (false, Some(50.0))];
        assert_eq!(worst_of(&standing, Polarity::High), Some(0));
        assert_eq!(worst_of(&[], Polarity::High), None);
        assert_eq!(worst_of(&[(false, None)], Polarity::High), None);
    }

    #[test]
    fn a_sums_worst_member_is_its_first_red_one_or_none() {
        let standing = [(false, Some(500.0)), (false, Some(20.0))];
        assert_eq!(worst_by_rag(&standing, Polarity::Low), None);
        let standing = [(false, Some(500.0)), (true, Some(20.0)), (true, Some(30.0))];
        assert_eq!(worst_by_rag(&standing, Polarity::Low), Some(1));
        assert_eq!(worst_by_rag(&standing, Polarity::Info), None);
    }

    #[test]
    fn the_six_month_average_takes_the_months_present() {
        let mut indicator = Indicator::placeholder("1.1:north");
        for (m, v) in [
            ("2015-07", 100.0),
            ("2015-08", 10.0),
            ("2015-10", 20.0),
            ("2016-01", 30.0),
        ] {
            indicator.series.insert(
                month(m),
                Observation {
                    value: Some(v),
                    ..Observation::default()
                },
            );
        }
        // August to January: three months present of six; July is outside.
        assert_eq!(
            super::super::aggregate::mean_of(&indicator, month("2016-01"), 6),
            Some(20.0)
        );
        assert_eq!(
            super::super::aggregate::mean_of(&indicator, month("2015-06"), 6),
            None
        );
    }
}
