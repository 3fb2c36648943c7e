//! Breakdowns: a measure's figures for each team, locality or other member of a dimension.

use super::{Indicator, Month, Unit};

/// A dimension the site breaks measures down by (`breakdowns:` in site.yaml, or a
/// section's own members), such as team, locality or age band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    /// The key indicators and data files name it by: `team`.
    pub key: String,
    /// Its heading in tables: "Team".
    pub label: String,
    /// Its members, in the order the site lists them, which every table and chart keeps.
    pub members: Vec<Member>,
}

/// One member of a dimension: a team, a locality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The key data rows and shortcodes name it by: `south`.
    pub key: String,
    /// What pages print: "South".
    pub label: String,
}

/// How an indicator's total relates to its members' figures, which decides how the
/// total is checked against them and derived when missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalRule {
    /// The total is the sum of the members' figures (counts).
    Sum,
    /// The total is the ratio of the members' summed numerators to their summed
    /// denominators (percentages and rates).
    Ratio,
    /// The members do not make up the total (a mean, a median, overlapping members):
    /// nothing is checked or derived.
    Unchecked,
}

/// An indicator's breakdown by one dimension.
#[derive(Debug, Clone)]
pub struct Breakdown {
    /// The dimension, as the site or the indicator's section declares it.
    pub dimension: Dimension,
    pub total: TotalRule,
    /// Whether the indicator's targets rate each member too; when not, members show
    /// figures and direction but no RAG.
    pub member_targets: bool,
    /// Each member of the dimension with data, in the dimension's order. Each is an
    /// [`Indicator`] with the measure's definition and the member's own series, so
    /// that every figure of a member is computed by the same code as the measure's.
    pub members: Vec<MemberSeries>,
    /// The months whose total no data row gave, worked out from the members.
    pub derived: Vec<Month>,
}

/// One member's figures for a measure.
#[derive(Debug, Clone)]
pub struct MemberSeries {
    pub member: Member,
    /// The measure as it applies to the member: its definition (targets only when
    /// `member_targets`), and the member's series and revisions. Its `id` is the
    /// measure's id and the member's key (`3.1:south`), never an address.
    pub indicator: Indicator,
}

/// A column of the member table under a broken-down measure (`breakdown_columns:` in
/// site.yaml), in the order the site lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakdownColumn {
    /// The member's name.
    Member,
    /// The edition month's figure.
    Value,
    /// The month's numerator and denominator, "40 of 50".
    Count,
    /// The change from the month before.
    Change,
    /// The direction of travel from the month before.
    Direction,
    /// The RAG rating, shown only where the measure's targets rate members.
    Rag,
    /// The mean of the six months to the edition.
    Average6m,
    /// The mean of the twelve months to the edition.
    Average12m,
}

impl BreakdownColumn {
    /// Each column with the name site.yaml gives it by.
    pub const NAMES: [(&'static str, BreakdownColumn); 8] = [
        ("member", BreakdownColumn::Member),
        ("value", BreakdownColumn::Value),
        ("count", BreakdownColumn::Count),
        ("change", BreakdownColumn::Change),
        ("direction", BreakdownColumn::Direction),
        ("rag", BreakdownColumn::Rag),
        ("average_6m", BreakdownColumn::Average6m),
        ("average_12m", BreakdownColumn::Average12m),
    ];

    /// The columns a site gets unless it names its own: all of them, in this order.
    pub fn defaults() -> Vec<BreakdownColumn> {
        BreakdownColumn::NAMES.iter().map(|(_, c)| *c).collect()
    }

    /// The name site.yaml gives the column by.
    pub fn name(self) -> &'static str {
        BreakdownColumn::NAMES
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("", |(n, _)| n)
    }
}

/// What a breakdown's members make up in one month: the total they imply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MembersMake {
    pub value: f64,
    /// For a ratio, the members' summed numerators and denominators.
    pub fraction: Option<(f64, f64)>,
}

impl Dimension {
    /// The member a data cell or shortcode names: by its key, or, ignoring capitals,
    /// by its key or its label.
    pub fn member(&self, name: &str) -> Option<&Member> {
        let name = name.trim();
        self.members.iter().find(|m| m.key == name).or_else(|| {
            self.members
                .iter()
                .find(|m| m.key.eq_ignore_ascii_case(name) || m.label.eq_ignore_ascii_case(name))
        })
    }

    /// The members' keys, for messages that say which are expected: "north, south".
    pub fn keys(&self) -> String {
        let keys: Vec<&str> = self.members.iter().map(|m| m.key.as_str()).collect();
        keys.join(", ")
    }
}

impl Breakdown {
    /// The member with the key `key`, when it has data.
    pub fn member(&self, key: &str) -> Option<&MemberSeries> {
        self.members.iter().find(|m| m.member.key == key)
    }

    /// What the members make up in `month` by the total rule. Nothing when the total
    /// is unchecked, when no member has a figure, or when a member that has reported
    /// by then has no figure for the month: a late return would make any sum wrong,
    /// so the month is neither checked nor derived. A member whose series starts later
    /// (added mid-year) is not expected before it starts.
    pub fn from_members(&self, month: Month, unit: &Unit) -> Option<MembersMake> {
        if self.total == TotalRule::Unchecked {
            return None;
        }
        let mut present = Vec::new();
        for m in &self.members {
            let series = &m.indicator.series;
            match series.get(&month).filter(|o| o.value.is_some()) {
                Some(o) => present.push(o),
                None if series.range(..month).any(|(_, o)| o.value.is_some()) => return None,
                None => {}
            }
        }
        if present.is_empty() {
            return None;
        }
        match self.total {
            TotalRule::Sum => Some(MembersMake {
                value: present.iter().filter_map(|o| o.value).sum(),
                fraction: None,
            }),
            TotalRule::Ratio => {
                let mut numerator = 0.0;
                let mut denominator = 0.0;
                for o in present {
                    numerator += o.numerator?;
                    denominator += o.denominator?;
                }
                (denominator > 0.0).then(|| MembersMake {
                    value: numerator / denominator * ratio_base(unit),
                    fraction: Some((numerator, denominator)),
                })
            }
            TotalRule::Unchecked => None,
        }
    }

    /// The total `total` gives for `month` and what the members make up, when the
    /// two differ by more than rounding to the measure's decimals; nothing for a
    /// month whose total was derived, or that cannot be checked.
    pub fn value_mismatch(&self, total: &Indicator, month: Month) -> Option<(f64, f64)> {
        if self.derived.contains(&month) {
            return None;
        }
        let given = total.value(month)?;
        let made = self.from_members(month, &total.unit)?;
        differs(given, made.value, total.decimals).then_some((given, made.value))
    }
}

/// What a ratio's numerator over its denominator is multiplied by: 100 for a
/// percentage, the base of a rate, else 1.
pub fn ratio_base(unit: &Unit) -> f64 {
    match unit {
        Unit::Percentage => 100.0,
        Unit::Rate { per, .. } => f64::from(*per),
        _ => 1.0,
    }
}

/// Whether two figures differ by more than rounding to `decimals` places explains.
pub fn differs(a: f64, b: f64, decimals: u8) -> bool {
    (a - b).abs() > 0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9
}

impl Indicator {
    /// The series of the member `name` (its key or label) of the indicator's
    /// breakdown by `dimension`, when the member has data.
    pub fn member_named(&self, dimension: &str, name: &str) -> Option<&Indicator> {
        let b = self
            .breakdown
            .as_ref()
            .filter(|b| b.dimension.key == dimension)?;
        let key = &b.dimension.member(name)?.key;
        Some(&b.member(key)?.indicator)
    }

    /// The measure as it applies to `member`: its definition, with its targets only
    /// when they rate members, no benchmarks, outturns or SPC, and an empty series for
    /// the member's own figures.
    pub fn for_member(&self, member: &Member, member_targets: bool) -> Indicator {
        Indicator {
            id: format!("{}:{}", self.id, member.key),
            title: self.title.clone(),
            short: self.short.clone(),
            section: self.section.clone(),
            polarity: self.polarity,
            unit: self.unit.clone(),
            decimals: self.decimals,
            data_note: None,
            ytd: self.ytd,
            targets: if member_targets {
                self.targets.clone()
            } else {
                Vec::new()
            },
            outturns: Default::default(),
            benchmarks: None,
            notes: Vec::new(),
            starts: self.starts,
            ends: self.ends,
            renumbered: Vec::new(),
            series: Default::default(),
            revisions: Default::default(),
            reference: format!("{}:{}", self.reference, member.key),
            owner: None,
            accountable: None,
            kind: self.kind,
            spc: None,
            breakdown: None,
        }
    }
}
