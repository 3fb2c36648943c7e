//! Where a figure stands against each benchmark, judged by polarity.

use crate::model::{Indicator, NATIONAL_AVG, NATIONAL_TOP_QUARTILE, Polarity, STAT_NEIGHBOUR_AVG};

/// Better or worse than a comparator, from the reader's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Better,
    Same,
    Worse,
    /// For volumes, which have no better or worse.
    Higher,
    Lower,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Better => "better",
            Position::Same => "same",
            Position::Worse => "worse",
            Position::Higher => "higher",
            Position::Lower => "lower",
        }
    }
}

/// The figure against the statistical-neighbour average, the national average and
/// the national top-quartile threshold (`Better` or `Same` there means inside the
/// top quartile), in that order. A comparator that is absent gives `None`.
pub fn benchmark_positions(indicator: &Indicator, value: f64) -> [Option<Position>; 3] {
    let Some(b) = &indicator.benchmarks else {
        return [None; 3];
    };
    let against =
        |comparator: Option<f64>| comparator.map(|c| position(indicator.polarity, value, c));
    [
        against(b.figure(STAT_NEIGHBOUR_AVG)),
        against(b.figure(NATIONAL_AVG)),
        against(b.figure(NATIONAL_TOP_QUARTILE)),
    ]
}

fn position(polarity: Polarity, value: f64, comparator: f64) -> Position {
    if value == comparator {
        return Position::Same;
    }
    let higher = value > comparator;
    match polarity {
        Polarity::High => {
            if higher {
                Position::Better
            } else {
                Position::Worse
            }
        }
        Polarity::Low => {
            if higher {
                Position::Worse
            } else {
                Position::Better
            }
        }
        Polarity::Info | Polarity::Range => {
            if higher {
                Position::Higher
            } else {
                Position::Lower
            }
        }
    }
}
