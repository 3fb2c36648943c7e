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
    /// How many members' figures made it up.
    pub members: usize,
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
    /// is unchecked, when no member has a figure, or when a member that reported the
    /// month before has no figure for the month: a late return would make any sum
    /// wrong, so the month is neither checked nor derived. A member whose series
    /// starts later (added mid-year) is not expected before it starts; one that has
    /// stopped reporting (a team closed or merged) is not expected from its second
    /// month without a figure, so it holds up one month's checks, not every later one.
    pub fn from_members(&self, month: Month, unit: &Unit) -> Option<MembersMake> {
        if self.total == TotalRule::Unchecked {
            return None;
        }
        let mut present = Vec::new();
        for m in &self.members {
            let series = &m.indicator.series;
            match series.get(&month).filter(|o| o.value.is_some()) {
                Some(o) => present.push(o),
                None if series
                    .get(&month.minus(1))
                    .is_some_and(|o| o.value.is_some()) =>
                {
                    return None;
                }
                None => {}
            }
        }
        if present.is_empty() {
            return None;
        }
        match self.total {
            TotalRule::Sum => Some(MembersMake {
                value: present.iter().filter_map(|o| o.value).sum(),
                members: present.len(),
                fraction: None,
            }),
            TotalRule::Ratio => {
                let mut numerator = 0.0;
                let mut denominator = 0.0;
                let members = present.len();
                for o in present {
                    numerator += o.numerator?;
                    denominator += o.denominator?;
                }
                (denominator > 0.0).then(|| MembersMake {
                    value: numerator / denominator * ratio_base(unit),
                    members,
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
        differs_by(given, made.value, self.tolerance(&made, total.decimals))
            .then_some((given, made.value))
    }

    /// How far a total may be from what the members make up by rounding alone: half
    /// a unit of the last decimal for a ratio, which is worked out from whole counts;
    /// for a sum, that for each member, since each member's figure was rounded too.
    pub fn tolerance(&self, made: &MembersMake, decimals: u8) -> f64 {
        let half = 0.5 * 10f64.powi(-i32::from(decimals));
        match self.total {
            TotalRule::Sum => made.members.max(1) as f64 * half,
            _ => half,
        }
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
    differs_by(a, b, 0.5 * 10f64.powi(-i32::from(decimals)))
}

/// Whether two figures differ by more than `tolerance`.
pub fn differs_by(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() > tolerance + 1e-9
}

impl Indicator {
    /// Works the total out from the members for each month the members report but no
    /// row gives a total for, and lists those months in the breakdown's `derived`.
    /// Months derived before are worked out again, so that a member's correction
    /// reaches the total; a total given since (a revision) is kept, not derived.
    pub fn derive_total(&mut self) {
        let Some(mut breakdown) = self.breakdown.take() else {
            return;
        };
        let months: std::collections::BTreeSet<Month> = breakdown
            .members
            .iter()
            .flat_map(|m| m.indicator.series.keys().copied())
            .collect();
        let mut derived = Vec::new();
        for month in months {
            let given = self.series.get(&month);
            let was_derived = breakdown.derived.contains(&month);
            let no_total =
                was_derived || given.is_none_or(|o| o.value.is_none() && o.marker.is_none());
            if !no_total {
                continue;
            }
            let note = given.and_then(|o| o.note.clone());
            match breakdown.from_members(month, &self.unit) {
                Some(made) => {
                    self.series.insert(
                        month,
                        super::Observation {
                            value: Some(made.value),
                            numerator: made.fraction.map(|f| f.0),
                            denominator: made.fraction.map(|f| f.1),
                            note,
                            ..super::Observation::default()
                        },
                    );
                    derived.push(month);
                }
                // A month derived before that the members no longer make up: no total.
                None if was_derived => match note {
                    Some(note) => {
                        self.series.insert(
                            month,
                            super::Observation {
                                note: Some(note),
                                ..super::Observation::default()
                            },
                        );
                    }
                    None => {
                        self.series.remove(&month);
                    }
                },
                None => {}
            }
        }
        breakdown.derived = derived;
        self.breakdown = Some(breakdown);
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Observation;

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    fn observation(value: f64, parts: Option<(f64, f64)>) -> Observation {
        Observation {
            value: Some(value),
            numerator: parts.map(|p| p.0),
            denominator: parts.map(|p| p.1),
            ..Observation::default()
        }
    }

    /// A percentage by team: north and south from October, east from December.
    fn measure() -> Indicator {
        let mut total = Indicator::placeholder("1.4");
        total.unit = Unit::Percentage;
        total.decimals = 1;
        let dimension = Dimension {
            key: "team".into(),
            label: "Team".into(),
            members: ["north", "south", "east"]
                .map(|k| Member {
                    key: k.into(),
                    label: k.into(),
                })
                .to_vec(),
        };
        let members = dimension
            .members
            .iter()
            .map(|m| MemberSeries {
                member: m.clone(),
                indicator: total.for_member(m, false),
            })
            .collect();
        total.breakdown = Some(Breakdown {
            dimension,
            total: TotalRule::Ratio,
            member_targets: false,
            members,
            derived: Vec::new(),
        });
        let b = total.breakdown.as_mut().unwrap();
        for (i, rows) in [
            vec![("2015-10", 40.0), ("2015-11", 35.0), ("2015-12", 45.0)],
            vec![("2015-10", 40.0), ("2015-12", 35.0)],
            vec![("2015-12", 40.0)],
        ]
        .into_iter()
        .enumerate()
        {
            for (m, n) in rows {
                b.members[i]
                    .indicator
                    .series
                    .insert(month(m), observation(n * 2.0, Some((n, 50.0))));
            }
        }
        total
    }

    #[test]
    fn the_members_make_a_total_only_when_every_member_that_has_reported_has_a_figure() {
        let total = measure();
        let b = total.breakdown.as_ref().unwrap();
        // October: north and south; east, not yet started, is not expected.
        let made = b.from_members(month("2015-10"), &total.unit).unwrap();
        assert_eq!(made.fraction, Some((80.0, 100.0)));
        assert_eq!(made.value, 80.0);
        // November: south has reported before but not this month.
        assert_eq!(b.from_members(month("2015-11"), &total.unit), None);
        let made = b.from_members(month("2015-12"), &total.unit).unwrap();
        assert_eq!(made.fraction, Some((120.0, 150.0)));
        assert_eq!(b.from_members(month("2016-01"), &total.unit), None);
    }

    #[test]
    fn a_total_differs_only_beyond_rounding_to_its_decimals() {
        let mut total = measure();
        total
            .series
            .insert(month("2015-10"), observation(80.04, None));
        total
            .series
            .insert(month("2015-12"), observation(80.1, None));
        let b = total.breakdown.clone().unwrap();
        assert_eq!(b.value_mismatch(&total, month("2015-10")), None);
        assert_eq!(
            b.value_mismatch(&total, month("2015-12")),
            Some((80.1, 80.0))
        );
        assert!(differs(10.0, 11.0, 0) && !differs(10.0, 10.4, 0));
    }

    #[test]
    fn an_edition_sees_each_members_corrections_published_by_then() {
        let mut total = measure();
        let b = total.breakdown.as_mut().unwrap();
        b.members[0].indicator.revisions.insert(
            (month("2015-10"), month("2015-12")),
            observation(84.0, None),
        );
        let before = total.as_of(month("2015-11"));
        let after = total.as_of(month("2015-12"));
        let north = |i: &Indicator| {
            i.member_named("team", "north")
                .unwrap()
                .value(month("2015-10"))
        };
        assert_eq!(north(&before), Some(80.0));
        assert_eq!(north(&after), Some(84.0));
        assert_eq!(
            total.member_named("team", "NORTH").map(|m| m.id.as_str()),
            Some("1.4:north")
        );
        assert!(total.member_named("locality", "north").is_none());
    }

    #[test]
    fn a_derived_total_follows_the_members_corrections_and_yields_to_a_given_total() {
        let mut total = measure();
        total.derive_total();
        let b = total.breakdown.as_mut().unwrap();
        assert_eq!(b.derived, vec![month("2015-10"), month("2015-12")]);
        // North's October is corrected in the December edition, from 40 of 50 to 42.
        b.members[0].indicator.revisions.insert(
            (month("2015-10"), month("2015-12")),
            observation(84.0, Some((42.0, 50.0))),
        );
        // The total for October is given at last in the January edition.
        total.revisions.insert(
            (month("2015-10"), month("2016-01")),
            observation(81.0, None),
        );
        let before = total.as_of(month("2015-11"));
        let after = total.as_of(month("2015-12"));
        let given = total.as_of(month("2016-01"));
        assert_eq!(before.value(month("2015-10")), Some(80.0));
        assert_eq!(after.value(month("2015-10")), Some(82.0));
        assert_eq!(
            after.series[&month("2015-10")].numerator,
            Some(82.0),
            "the derived numerator is the corrected members' sum"
        );
        assert!(
            after
                .breakdown
                .as_ref()
                .unwrap()
                .derived
                .contains(&month("2015-10"))
        );
        assert_eq!(given.value(month("2015-10")), Some(81.0));
        assert_eq!(
            given.breakdown.as_ref().unwrap().derived,
            vec![month("2015-12")],
            "a total given by a revision is not derived"
        );
        // The given total now differs from the corrected members: the check sees it.
        let b = given.breakdown.as_ref().unwrap();
        assert_eq!(
            b.value_mismatch(&given, month("2015-10")),
            Some((81.0, 82.0))
        );
    }

    #[test]
    fn a_sum_allows_rounding_of_each_member() {
        let mut total = measure();
        let b = total.breakdown.as_mut().unwrap();
        b.total = TotalRule::Sum;
        // Three members of one decimal each, each rounded: 1.04 + 1.04 + 1.04 = 3.12,
        // written 1.0 + 1.0 + 1.0 against a total of 3.1.
        for m in &mut b.members {
            m.indicator.series.clear();
            m.indicator
                .series
                .insert(month("2016-01"), observation(1.0, None));
        }
        total
            .series
            .insert(month("2016-01"), observation(3.1, None));
        let b = total.breakdown.clone().unwrap();
        assert_eq!(b.value_mismatch(&total, month("2016-01")), None);
        total
            .series
            .insert(month("2016-01"), observation(3.2, None));
        assert_eq!(b.value_mismatch(&total, month("2016-01")), Some((3.2, 3.0)));
    }

    #[test]
    fn a_member_that_stops_reporting_holds_up_one_months_checks() {
        let total = measure();
        let mut b = total.breakdown.clone().unwrap();
        b.members[1].indicator.series.clear();
        for m in ["2015-10", "2015-11", "2015-12", "2016-01"] {
            b.members[0]
                .indicator
                .series
                .insert(month(m), observation(80.0, Some((40.0, 50.0))));
        }
        b.members[1]
            .indicator
            .series
            .insert(month("2015-10"), observation(80.0, Some((40.0, 50.0))));
        b.members[2].indicator.series.clear();
        // South last reported in October: November waits for it, December does not.
        assert_eq!(b.from_members(month("2015-11"), &total.unit), None);
        let made = b.from_members(month("2015-12"), &total.unit).unwrap();
        assert_eq!(made.fraction, Some((40.0, 50.0)));
    }
}
