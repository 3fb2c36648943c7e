//! Direction of travel: the latest month against the month before, judged by polarity.

use super::{Rag, Rating};
use crate::model::{
    ArrowShows, DirectionSettings, FinancialYear, Indicator, NoChange, Polarity, Rule, Words,
};

/// Which way the arrow points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Down,
    Same,
}

impl Arrow {
    /// The value written to `report.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Arrow::Up => "up",
            Arrow::Down => "down",
            Arrow::Same => "same",
        }
    }
}

/// What the movement means for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Improved,
    Declined,
    NoChange,
    /// For volumes (Info polarity), which have no good or bad.
    Increased,
    Decreased,
    Stable,
}

impl Meaning {
    pub fn as_str(self) -> &'static str {
        match self {
            Meaning::Improved => "improved",
            Meaning::Declined => "declined",
            Meaning::NoChange => "no change",
            Meaning::Increased => "increased",
            Meaning::Decreased => "decreased",
            Meaning::Stable => "stable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dot {
    pub arrow: Arrow,
    pub meaning: Meaning,
    /// Whether the indicator is on target (not Red) this month, when it is rated:
    /// the year-end key colours a decline by it.
    pub on_target: Option<bool>,
    /// The month's rating, when it is rated and not a volume: it words the key.
    pub rating: Option<Rag>,
}

impl Dot {
    /// The plain-words form of the key: "declined but still within target", in the
    /// site's `words` for improved, declined and no change. An Amber rating is close
    /// to target, never "within" it.
    pub fn description(self, words: &Words) -> String {
        let (declined, same) = (&words.declined, &words.no_change);
        match (self.meaning, self.rating) {
            (Meaning::Declined, Some(Rag::Green)) => format!("{declined} but still within target"),
            (Meaning::Declined, Some(Rag::Amber)) => format!("{declined}, close to target (amber)"),
            (Meaning::Declined, Some(Rag::Red)) => format!("{declined} and not on target"),
            (Meaning::NoChange, Some(Rag::Green)) => format!("{same}, within target"),
            (Meaning::NoChange, Some(Rag::Amber)) => format!("{same}, close to target (amber)"),
            (Meaning::NoChange, Some(Rag::Red)) => format!("{same}, not on target"),
            (Meaning::Improved, _) => words.improved.clone(),
            (Meaning::Declined, _) => declined.clone(),
            (Meaning::NoChange, _) => same.clone(),
            (meaning, _) => meaning.as_str().into(),
        }
    }

    /// The words shown beside the arrow, on every page and in report.json. Where the
    /// arrow shows the number's own direction, the words say first whether it rose or
    /// fell, then what that means.
    pub fn words(self, shows: ArrowShows, words: &Words) -> String {
        match shows {
            ArrowShows::Judgement => self.description(words),
            ArrowShows::Raw => {
                let moved = match self.arrow {
                    Arrow::Up => "rose",
                    Arrow::Down => "fell",
                    Arrow::Same => "unchanged",
                };
                match self.meaning {
                    Meaning::Increased | Meaning::Decreased | Meaning::Stable => moved.into(),
                    _ => format!("{moved}, {}", self.description(words)),
                }
            }
        }
    }
}

/// What the arrows mean, for the note under the summary table.
pub fn arrow_note(shows: ArrowShows) -> &'static str {
    match shows {
        ArrowShows::Judgement => {
            "An up arrow means performance improved, judged by what good performance is \
             for the measure; for volumes it means the number rose."
        }
        ArrowShows::Raw => {
            "An up arrow means the number rose and a down arrow that it fell; the words \
             beside it say whether that is better or worse."
        }
    }
}

/// Compares `current` with `previous` for an indicator in financial year `fy`.
pub fn direction_of_travel(
    indicator: &Indicator,
    fy: FinancialYear,
    previous: f64,
    current: f64,
    rating: Option<&Rating>,
    settings: &DirectionSettings,
) -> Dot {
    let unchanged = match settings.no_change {
        NoChange::Precision => {
            let scale = 10f64.powi(indicator.decimals as i32);
            (previous * scale).round() == (current * scale).round()
        }
        NoChange::Relative(tolerance) => (current - previous).abs() <= tolerance * previous.abs(),
    };
    let raw = if unchanged {
        Arrow::Same
    } else if current > previous {
        Arrow::Up
    } else {
        Arrow::Down
    };
    let better = |improved: bool| {
        if improved {
            Meaning::Improved
        } else {
            Meaning::Declined
        }
    };
    let meaning = match (raw, indicator.polarity) {
        (Arrow::Same, Polarity::Info) => Meaning::Stable,
        (Arrow::Same, _) => Meaning::NoChange,
        (Arrow::Up, Polarity::Info) => Meaning::Increased,
        (Arrow::Down, Polarity::Info) => Meaning::Decreased,
        (_, Polarity::High) => better(raw == Arrow::Up),
        (_, Polarity::Low) => better(raw == Arrow::Down),
        (_, Polarity::Range) => match good_middle(indicator, fy) {
            // Moving toward the middle of the good range is an improvement.
            Some(middle) => {
                let (before, after) = ((previous - middle).abs(), (current - middle).abs());
                if before == after {
                    Meaning::NoChange
                } else {
                    better(after < before)
                }
            }
            None if raw == Arrow::Up => Meaning::Increased,
            None => Meaning::Decreased,
        },
    };
    let arrow = match settings.shows {
        ArrowShows::Raw => raw,
        ArrowShows::Judgement => match meaning {
            Meaning::Improved | Meaning::Increased => Arrow::Up,
            Meaning::Declined | Meaning::Decreased => Arrow::Down,
            Meaning::NoChange | Meaning::Stable => Arrow::Same,
        },
    };
    let rating = match indicator.polarity {
        Polarity::Info => None,
        _ => rating.map(|r| r.rag),
    };
    Dot {
        arrow,
        meaning,
        on_target: rating.map(|r| r != Rag::Red),
        rating,
    }
}

/// The middle of the good range for a within-limits indicator, from its target.
fn good_middle(indicator: &Indicator, fy: FinancialYear) -> Option<f64> {
    indicator.targets_for(fy).find_map(|t| match t.rule {
        Rule::Range { min, max, .. } => Some((min + max) / 2.0),
        Rule::Band { centre, .. } => Some(centre),
        Rule::Threshold { .. } => None,
    })
}
