//! RAG ratings: a value against the target rule in force, with the reason in words.

use crate::model::{AppliesTo, Good, Indicator, RangeSides, Rule, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    /// The value written to `report.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }
}

/// A rating and why it was given.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub rag: Rag,
    pub applies_to: AppliesTo,
    /// "90.3% is in the green band, 90% or more, for 2015/16".
    pub reason: String,
}

/// Rates `value` against `rule`. A value exactly on a boundary gets the better rating.
pub fn rag_for(rule: &Rule, value: f64) -> Rag {
    match *rule {
        Rule::Threshold {
            good: Good::High,
            green,
            amber,
        } => {
            if value >= green {
                Rag::Green
            } else if value >= amber {
                Rag::Amber
            } else {
                Rag::Red
            }
        }
        Rule::Threshold {
            good: Good::Low,
            green,
            amber,
        } => {
            if value <= green {
                Rag::Green
            } else if value <= amber {
                Rag::Amber
            } else {
                Rag::Red
            }
        }
        Rule::Band {
            centre,
            green,
            amber,
        } => {
            let distance = (value - centre).abs();
            if distance <= green {
                Rag::Green
            } else if distance <= amber {
                Rag::Amber
            } else {
                Rag::Red
            }
        }
        Rule::Range {
            min,
            max,
            amber_margin_pct,
            sides,
        } => {
            let above = value > max && sides != RangeSides::Below;
            let below = value < min && sides != RangeSides::Above;
            let margin = amber_margin_pct / 100.0;
            if above {
                if value <= max * (1.0 + margin) {
                    Rag::Amber
                } else {
                    Rag::Red
                }
            } else if below {
                if value >= min * (1.0 - margin) {
                    Rag::Amber
                } else {
                    Rag::Red
                }
            } else {
                Rag::Green
            }
        }
    }
}

/// Rates `value` for `indicator` against `target`, with the reason in plain words.
pub fn rate(indicator: &Indicator, target: &Target, value: f64) -> Rating {
    let rag = rag_for(&target.rule, value);
    let f = |v: f64| indicator.format(v);
    let band = match (rag, target.rule) {
        (
            Rag::Green,
            Rule::Threshold {
                good: Good::High,
                green,
                ..
            },
        ) => format!("{} or more", f(green)),
        (
            Rag::Amber,
            Rule::Threshold {
                good: Good::High,
                green,
                amber,
            },
        ) => format!("{} up to {}", f(amber), f(green)),
        (
            Rag::Red,
            Rule::Threshold {
                good: Good::High,
                amber,
                ..
            },
        ) => format!("below {}", f(amber)),
        (
            Rag::Green,
            Rule::Threshold {
                good: Good::Low,
                green,
                ..
            },
        ) => format!("{} or less", f(green)),
        (
            Rag::Amber,
            Rule::Threshold {
                good: Good::Low,
                green,
                amber,
            },
        ) => format!("over {} up to {}", f(green), f(amber)),
        (
            Rag::Red,
            Rule::Threshold {
                good: Good::Low,
                amber,
                ..
            },
        ) => format!("over {}", f(amber)),
        (Rag::Green, Rule::Band { centre, green, .. }) => {
            format!("within {} of {}", f(green), f(centre))
        }
        (Rag::Amber, Rule::Band { centre, amber, .. }) => {
            format!("within {} of {}", f(amber), f(centre))
        }
        (Rag::Red, Rule::Band { centre, amber, .. }) => {
            format!("more than {} from {}", f(amber), f(centre))
        }
        (
            Rag::Green,
            Rule::Range {
                min, max, sides, ..
            },
        ) => match sides {
            RangeSides::Both => format!("{} to {}", f(min), f(max)),
            RangeSides::Above => format!("{} or less", f(max)),
            RangeSides::Below => format!("{} or more", f(min)),
        },
        (
            Rag::Amber,
            Rule::Range {
                amber_margin_pct, ..
            },
        ) => format!("up to {amber_margin_pct}% outside the range"),
        (
            Rag::Red,
            Rule::Range {
                amber_margin_pct, ..
            },
        ) => format!("more than {amber_margin_pct}% outside the range"),
    };
    let basis = match target.applies_to {
        AppliesTo::Month => "",
        AppliesTo::Ytd => " year to date",
    };
    Rating {
        rag,
        applies_to: target.applies_to,
        reason: format!(
            "{}{basis} is in the {} band, {band}, for {}",
            f(value),
            rag.as_str(),
            target.year
        ),
    }
}
