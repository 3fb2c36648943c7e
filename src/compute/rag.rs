//! RAG ratings: a value against the target rule in force, with the reason in words.

use crate::model::{AppliesTo, Good, Indicator, Labels, RangeSides, Rule, Target};

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

/// Where a rule's bands meet, for drawing: the target's line or lines, and the amber
/// band between the target and the tolerance on each side the rule counts. Worked out
/// here, beside [`rag_for`], so that a chart draws the edges the rating uses.
#[derive(Debug, Clone, PartialEq)]
pub struct BandEdges {
    pub lines: Vec<f64>,
    pub amber: Vec<(f64, f64)>,
}

impl BandEdges {
    pub fn of(rule: &Rule) -> BandEdges {
        let (lines, amber) = match *rule {
            Rule::Threshold { green, amber, .. } => {
                (vec![green], vec![(green.min(amber), green.max(amber))])
            }
            Rule::Band {
                centre,
                green,
                amber,
            } => (
                vec![centre],
                vec![
                    (centre - amber, centre - green),
                    (centre + green, centre + amber),
                ],
            ),
            Rule::Range {
                min,
                max,
                amber_margin_pct,
                sides,
            } => {
                // Only the ends the rule counts: a range judged only above has no foot.
                let margin = amber_margin_pct / 100.0;
                let (mut lines, mut amber) = (Vec::new(), Vec::new());
                if sides != RangeSides::Above {
                    lines.push(min);
                    amber.push((min * (1.0 - margin), min));
                }
                if sides != RangeSides::Below {
                    lines.push(max);
                    amber.push((max, max * (1.0 + margin)));
                }
                (lines, amber)
            }
        };
        BandEdges { lines, amber }
    }
}

/// The words for each band of a rule, shared by the rating's reason, the summary
/// table's band columns and the target under each chart, so that they always agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandWords {
    pub red: String,
    pub amber: String,
    pub green: String,
}

impl BandWords {
    /// The words for `rule`'s bands, with figures formatted as `indicator` shows them.
    pub fn of(indicator: &Indicator, rule: &Rule) -> BandWords {
        let f = |v: f64| indicator.format(v);
        let (red, amber, green) = match *rule {
            Rule::Threshold {
                good: Good::High,
                green,
                amber,
            } => (
                format!("below {}", f(amber)),
                format!("{} up to {}", f(amber), f(green)),
                format!("{} or more", f(green)),
            ),
            Rule::Threshold {
                good: Good::Low,
                green,
                amber,
            } => (
                format!("over {}", f(amber)),
                format!("over {} up to {}", f(green), f(amber)),
                format!("{} or less", f(green)),
            ),
            Rule::Band {
                centre,
                green,
                amber,
            } => (
                format!("more than {} from {}", f(amber), f(centre)),
                format!("within {} of {}", f(amber), f(centre)),
                format!("within {} of {}", f(green), f(centre)),
            ),
            Rule::Range {
                min,
                max,
                amber_margin_pct: pct,
                sides,
            } => match sides {
                RangeSides::Both => (
                    format!("more than {pct}% outside {} to {}", f(min), f(max)),
                    format!("up to {pct}% outside {} to {}", f(min), f(max)),
                    format!("{} to {}", f(min), f(max)),
                ),
                RangeSides::Above => (
                    format!("more than {pct}% over {}", f(max)),
                    format!("up to {pct}% over {}", f(max)),
                    format!("{} or less", f(max)),
                ),
                RangeSides::Below => (
                    format!("more than {pct}% under {}", f(min)),
                    format!("up to {pct}% under {}", f(min)),
                    format!("{} or more", f(min)),
                ),
            },
        };
        BandWords { red, amber, green }
    }

    /// The words for the band of `rag`.
    pub fn band(&self, rag: Rag) -> &str {
        match rag {
            Rag::Red => &self.red,
            Rag::Amber => &self.amber,
            Rag::Green => &self.green,
        }
    }
}

/// The site's word for a rating, or for no rating: "Green", "Amber", "Yellow".
pub fn rag_word(labels: &Labels, rag: Option<Rag>) -> &str {
    match rag {
        Some(Rag::Red) => &labels.red,
        Some(Rag::Amber) => &labels.amber,
        Some(Rag::Green) => &labels.green,
        None => &labels.none,
    }
}

/// Rates `value` for `indicator` against `target`, with the reason in plain words.
pub fn rate(indicator: &Indicator, target: &Target, value: f64) -> Rating {
    let rag = rag_for(&target.rule, value);
    let words = BandWords::of(indicator, &target.rule);
    let basis = match target.applies_to {
        AppliesTo::Month => "",
        AppliesTo::Ytd => " year to date",
    };
    Rating {
        rag,
        applies_to: target.applies_to,
        reason: format!(
            "{}{basis} is in the {} band, {}, for {}",
            indicator.format(value),
            rag.as_str(),
            words.band(rag),
            target.year
        ),
    }
}
