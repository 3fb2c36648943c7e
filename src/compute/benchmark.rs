//! Where a figure stands against each of the site's benchmarks, judged by polarity.

use crate::model::{BenchmarkColumn, Indicator, Polarity};

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

/// The figure against each benchmark the indicator gives a figure for, by the key
/// of the site's column, in the site's order. Words in place of a figure, and a
/// benchmark the indicator does not give, have no position.
pub fn benchmark_positions<'s>(
    indicator: &Indicator,
    value: f64,
    columns: &'s [BenchmarkColumn],
) -> Vec<(&'s str, Position)> {
    let Some(b) = &indicator.benchmarks else {
        return Vec::new();
    };
    columns
        .iter()
        .filter_map(|c| {
            let comparator = b.figure(&c.key)?;
            Some((
                c.key.as_str(),
                position(indicator.polarity, value, comparator),
            ))
        })
        .collect()
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
