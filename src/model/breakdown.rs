//! Breakdowns: a measure's figures for each team, locality or other member of a dimension.

use super::{Indicator, Month};

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

/// A column of a breakdown's member table (`breakdown_columns:` in site.yaml), in the
/// order the site lists them. The member's name always heads its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakdownColumn {
    /// The member's name; it heads each row wherever the site lists it.
    Member,
    /// The month's figure.
    Value,
    /// The count behind a percentage, "40 of 50".
    Count,
    /// The change from the month before, as a percentage with the site's word.
    Change,
    /// The direction of travel from the month before.
    Direction,
    /// The RAG rating, shown only where the measure's targets rate its members.
    Rag,
    /// The mean of the six months to the edition.
    Average6m,
    /// The mean of the twelve months to the edition.
    Average12m,
}

impl BreakdownColumn {
    /// Every column, with the name site.yaml gives it, in the default order.
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

    /// The columns a site has unless it names its own: all of them.
    pub fn defaults() -> Vec<BreakdownColumn> {
        Self::NAMES.iter().map(|(_, c)| *c).collect()
    }
}
