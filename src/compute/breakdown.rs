//! A measure's figures for each member of its breakdown, and the checks of its total.

use super::{Figures, Rag, figures};
use crate::model::{Breakdown, Indicator, MemberSeries, Month, Polarity, Settings};

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
    /// measure's targets rate members), changes and 12-month figures.
    pub figures: Figures,
    /// The months of the measure's trend, with the member's figure for each.
    pub trend: Vec<(Month, Option<f64>)>,
    /// The mean of the months present among the six to the edition.
    pub avg_6m: Option<f64>,
    /// The months of the trend whose member figure differs from the one an earlier
    /// edition published, with the figure as first published.
    pub revised: Vec<(Month, super::Revision)>,
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
                avg_6m: avg_6m(series, month),
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
        worst: worst(&members, indicator.polarity),
        breakdown,
        members,
        mismatches,
        avg_6m: avg_6m(indicator, month),
    }
}

/// The mean of the figures present among the six months to `month`.
fn avg_6m(indicator: &Indicator, month: Month) -> Option<f64> {
    let values: Vec<f64> = (0..6)
        .filter_map(|back| indicator.value(month.minus(back)))
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The member a reader should look at first: among the red members if any, else
/// among all with a figure, the one furthest from good by the measure's polarity,
/// the first in the dimension's order on a tie. An information-only measure has no
/// worst member, nor has a measure within limits with no red member, since its
/// figures alone do not say which is further out.
fn worst(members: &[MemberFigures], polarity: Polarity) -> Option<usize> {
    let standing: Vec<(bool, Option<f64>)> = members
        .iter()
        .map(|m| {
            let red = m.figures.rag.as_ref().is_some_and(|r| r.rag == Rag::Red);
            (red, m.figures.value)
        })
        .collect();
    worst_of(&standing, polarity)
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
        assert_eq!(avg_6m(&indicator, month("2016-01")), Some(20.0));
        assert_eq!(avg_6m(&indicator, month("2015-06")), None);
    }
}
