//! A measure's breakdown as the pages show it: the member table, the small multiples and the worst member in words.

use super::columns::{CellContent, Heading, SummaryCell, change_cell};
use super::*;
use crate::compute::{BreakdownFigures, MemberFigures, Rag};
use crate::model::{BreakdownColumn, TotalRule, Unit};
use chart::{Scale, SmallMultiples};

/// A measure's breakdown under its panel: the table of members, then their small
/// multiples.
#[derive(Debug, Clone, Serialize)]
pub struct BreakdownView {
    /// The id of the table's caption, unique in the page.
    pub id: String,
    /// "Assessments within timescale by team, March 2016".
    pub caption: String,
    /// The table's headings: the dimension's label first, then the site's columns.
    pub headings: Vec<Heading>,
    /// A row per member with data, in the dimension's order, then the total's row:
    /// the measure's own figures under the same columns.
    pub rows: Vec<BreakdownRow>,
    /// Notes under the table: the months whose total was worked out from the members,
    /// and the months whose total differs from what the members make up.
    pub notes: Vec<String>,
    /// "Worst: West 62.1%", or empty when no member is worst (an information-only
    /// measure, or no member with a figure).
    pub worst: String,
    pub chart_svg: String,
    pub chart_key: String,
    /// The headings of the chart's data table after "Month": each member, then "Total".
    pub chart_headings: Vec<String>,
    /// The chart's data table: a row per month of the trend.
    pub chart_rows: Vec<BreakdownMonth>,
    /// Whether any figure of the chart's data table is marked as revised.
    pub has_revised: bool,
    /// The chart's data as CSV, as a trend chart's: its address from the page, its
    /// absolute address and its format and size.
    pub csv_href: String,
    pub csv_url: String,
    pub csv_size: String,
    #[serde(skip)]
    pub csv: String,
    #[serde(skip)]
    pub csv_path: String,
}

/// One row of a breakdown's table: a member, or the total.
#[derive(Debug, Clone, Serialize)]
pub struct BreakdownRow {
    /// The member's name, or "Total".
    pub label: String,
    /// Words under the name: "Worst this month", "Worked out from the teams'
    /// figures", or empty.
    pub note: String,
    /// "breakdown-worst" for the worst member, "breakdown-total" for the total, or
    /// empty.
    pub class: String,
    /// A cell for each heading after the first.
    pub cells: Vec<SummaryCell>,
}

/// One month of the small multiples' data table.
#[derive(Debug, Clone, Serialize)]
pub struct BreakdownMonth {
    pub month: String,
    /// Each member's figure, then the total's; a dash for none.
    pub values: Vec<String>,
    /// For each of `values`, whether the figure was revised since an earlier edition
    /// first published it: marked, as in the monthly table, with a link to the
    /// panel's revisions note. Beside `values`, not in it, so that a theme's
    /// template written for the text alone still reads it.
    pub revised: Vec<bool>,
}

/// The figures one row of the table is made from.
struct RowFigures<'f> {
    indicator: &'f Indicator,
    figures: &'f Figures,
    avg_6m: Option<f64>,
}

impl Views<'_> {
    /// The breakdown of an indicator's panel, when it has one.
    pub(super) fn breakdown(
        &self,
        shown: &IndicatorFigures,
        month: Month,
    ) -> Option<BreakdownView> {
        let b = shown.breakdown.as_ref()?;
        let i = shown.indicator;
        let dimension = &b.breakdown.dimension;
        let columns = self.breakdown_columns(b);
        let id = format!("{}-breakdown", anchor(&i.id));
        let member_row = |k: usize, m: &MemberFigures| {
            let row = RowFigures {
                indicator: &m.member.indicator,
                figures: &m.figures,
                avg_6m: m.figures.avg_6m,
            };
            let worst = b.worst == Some(k);
            BreakdownRow {
                label: m.member.member.label.clone(),
                note: if worst {
                    "Worst this month".into()
                } else {
                    String::new()
                },
                class: if worst { "breakdown-worst" } else { "" }.into(),
                cells: self.breakdown_cells(&columns, &row),
            }
        };
        let total = RowFigures {
            indicator: i,
            figures: &shown.figures,
            avg_6m: shown.figures.avg_6m,
        };
        let from_members = format!("worked out from the {}' figures", plural(&dimension.label));
        let total = BreakdownRow {
            label: "Total".into(),
            note: if b.derived.contains(&month) {
                section::upper_first(&from_members)
            } else {
                String::new()
            },
            class: "breakdown-total".into(),
            cells: self.breakdown_cells(&columns, &total),
        };
        let mut headings = vec![Heading {
            text: dimension.label.clone(),
            class: String::new(),
        }];
        headings.extend(columns.iter().map(|c| {
            Heading {
                text: column_heading(*c, month),
                class: match c {
                    BreakdownColumn::Value
                    | BreakdownColumn::Count
                    | BreakdownColumn::Average6m
                    | BreakdownColumn::Average12m => "num",
                    _ => "",
                }
                .into(),
            }
        }));
        let (chart, csv) = self.small_multiples(shown, b, month);
        let chart_rows: Vec<BreakdownMonth> = shown
            .trend
            .iter()
            .enumerate()
            .map(|(k, (m, total))| BreakdownMonth {
                month: m.short_name(),
                values: chart
                    .members
                    .iter()
                    .zip(&b.members)
                    .map(|(line, member)| {
                        fmt(
                            &member.member.indicator,
                            line.values.get(k).copied().flatten(),
                        )
                    })
                    .chain(std::iter::once(fmt(i, *total)))
                    .collect(),
                revised: b
                    .members
                    .iter()
                    .map(|member| member.revised.iter().any(|(r, _)| r == m))
                    .chain(std::iter::once(
                        shown.details.get(m).is_some_and(|d| d.revision.is_some()),
                    ))
                    .collect(),
            })
            .collect();
        let has_revised = chart_rows
            .iter()
            .any(|r| r.revised.iter().any(|revised| *revised));
        let here = Route::Section(month, i.section.clone());
        let data = Route::ChartData(
            month,
            i.section.clone(),
            format!("{}:by-{}", i.id, dimension.key),
        );
        Some(BreakdownView {
            caption: format!(
                "{} by {}, {}",
                i.short,
                dimension.label.to_lowercase(),
                month.long_name()
            ),
            id,
            headings,
            rows: b
                .members
                .iter()
                .enumerate()
                .map(|(k, m)| member_row(k, m))
                .chain(std::iter::once(total))
                .collect(),
            notes: notes(i, b, shown, month, &from_members),
            worst: self.worst_member(shown),
            chart_svg: chart::small_multiples_svg(&chart),
            chart_headings: b
                .members
                .iter()
                .map(|m| m.member.member.label.clone())
                .chain(std::iter::once("Total".to_string()))
                .collect(),
            chart_rows,
            has_revised,
            chart_key: chart::small_multiples_key(
                &chart,
                &format!("The {}'s figure", dimension.label.to_lowercase()),
            ),
            csv_href: self.link(&here, &data),
            csv_url: data.url(self.base_url()),
            csv_path: data.path(),
            csv_size: format!("CSV, {}", section::file_size(csv.len())),
            csv,
        })
    }

    /// The site's columns for this breakdown: the member's name heads each row, so it
    /// is not a column; the count only where a member or the total has one, and the
    /// rating only where the measure's targets rate its members.
    fn breakdown_columns(&self, b: &BreakdownFigures) -> Vec<BreakdownColumn> {
        let has_count = self.settings().show_fractions
            && b.members.iter().any(|m| m.figures.fraction.is_some());
        self.settings()
            .breakdown_columns
            .iter()
            .copied()
            .filter(|c| match c {
                BreakdownColumn::Member => false,
                BreakdownColumn::Count => has_count,
                BreakdownColumn::Rag => b.breakdown.member_targets,
                _ => true,
            })
            .collect()
    }

    /// A row's cells under `columns`, each with its heading for the narrow layout.
    fn breakdown_cells(&self, columns: &[BreakdownColumn], row: &RowFigures) -> Vec<SummaryCell> {
        let (i, f) = (row.indicator, row.figures);
        let words = &self.settings().words;
        let figure = |v: Option<f64>| match v {
            Some(v) => CellContent::Text { value: i.format(v) },
            None => CellContent::Missing {
                value: MISSING.into(),
                hidden: "no figure".into(),
            },
        };
        columns
            .iter()
            .map(|column| {
                let (content, class) = match column {
                    BreakdownColumn::Member => (
                        CellContent::Text {
                            value: String::new(),
                        },
                        "",
                    ),
                    BreakdownColumn::Value => (figure(f.value), "num"),
                    BreakdownColumn::Count => (
                        CellContent::Text {
                            value: f.fraction.map(compute::count_words).unwrap_or_default(),
                        },
                        "num",
                    ),
                    BreakdownColumn::Change => (
                        change_cell(f.change_month_pct, f.change_month_word, words),
                        "",
                    ),
                    BreakdownColumn::Direction => {
                        let dot = self.dot(f);
                        return SummaryCell {
                            class: format!("dot {}", dot.class),
                            label: String::new(),
                            content: CellContent::Dot {
                                arrow: dot.arrow,
                                words: dot.label,
                            },
                        };
                    }
                    BreakdownColumn::Rag => {
                        let rag = self.rag(f);
                        (
                            CellContent::Rag {
                                word: rag.word,
                                rag_class: rag.class,
                                reason: rag.reason,
                            },
                            "",
                        )
                    }
                    BreakdownColumn::Average6m => (figure(row.avg_6m), "num"),
                    BreakdownColumn::Average12m => (figure(f.avg_12m), "num"),
                };
                SummaryCell {
                    class: class.into(),
                    label: String::new(),
                    content,
                }
            })
            .collect()
    }

    /// The small multiples of a breakdown, and their data as CSV.
    fn small_multiples(
        &self,
        shown: &IndicatorFigures,
        b: &BreakdownFigures,
        month: Month,
    ) -> (SmallMultiples, String) {
        let i = shown.indicator;
        let dimension = &b.breakdown.dimension;
        let months: Vec<Month> = shown.trend.iter().map(|(m, _)| *m).collect();
        let total: Vec<Option<f64>> = shown.trend.iter().map(|(_, v)| *v).collect();
        // Each member's figures in the measure's months, whatever months its own
        // trend lists: a member added mid-year has gaps before it started.
        let values = |m: &MemberFigures| -> Vec<Option<f64>> {
            months
                .iter()
                .map(|month| {
                    m.trend
                        .iter()
                        .find(|(shown, _)| shown == month)
                        .and_then(|(_, v)| *v)
                })
                .collect()
        };
        let series: Vec<Vec<Option<f64>>> = b.members.iter().map(values).collect();
        let members: Vec<chart::Line> = b
            .members
            .iter()
            .zip(&series)
            .map(|(m, values)| chart::Line {
                label: match m.figures.value {
                    Some(v) => format!("{} {}", m.member.member.label, i.format(v)),
                    None => format!("{}: no figure", m.member.member.label),
                },
                values: values.clone(),
            })
            .collect();
        let lowered = dimension.label.to_lowercase();
        let range = highest_and_lowest(b).map(|(high, low)| {
            let name = |m: &MemberFigures| {
                format!(
                    "{}, {}",
                    m.member.member.label,
                    fmt(&m.member.indicator, m.figures.value)
                )
            };
            (name(high), name(low))
        });
        let title = match &range {
            Some((high, low)) => format!(
                "{} by {lowered}, {}: highest {high}; lowest {low}",
                i.short,
                month.long_name()
            ),
            None => format!(
                "{} by {lowered}, {}: no {lowered} has a figure",
                i.short,
                month.long_name()
            ),
        };
        let with_total = if b.breakdown.total == TotalRule::Sum {
            ""
        } else {
            ", each with the total as a thinner grey line"
        };
        let mut description = format!(
            "Small multiples: a line chart for each {lowered} of {} by month, {} to {}, all \
             on the same scale{with_total}.",
            i.short,
            months.first().map(|m| m.long_name()).unwrap_or_default(),
            months.last().map(|m| m.long_name()).unwrap_or_default(),
        );
        if let Some((high, low)) = &range {
            description.push_str(&format!(
                " In {} the highest was {high}, and the lowest {low}",
                month.long_name()
            ));
            match shown.figures.value {
                Some(v) => description.push_str(&format!("; the total was {}.", i.format(v))),
                None => description.push('.'),
            }
        }
        if let Some(w) = b.worst.and_then(|k| b.members.get(k)) {
            description.push_str(&format!(
                " {} is the worst this month.",
                w.member.member.label
            ));
        }
        let chart = SmallMultiples {
            id: format!("chart-{}-breakdown", anchor(&i.id)),
            title,
            description,
            x_labels: months.iter().map(|m| m.axis_name()).collect(),
            y_title: i.unit.axis_title(),
            y_suffix: i.unit.affixes().1,
            y_prefix: i.unit.affixes().0,
            scale: match i.unit {
                Unit::Percentage => Scale::Percentage,
                _ => Scale::FromZero,
            },
            colour: self
                .settings()
                .brand
                .colour
                .map(|c| (c.red, c.green, c.blue)),
            // A count's total is its members' sum: on their scale it would flatten
            // each member's line, and it is not what a member is compared with.
            total: (b.breakdown.total != TotalRule::Sum).then(|| chart::Line {
                label: "Total, the thinner grey line".into(),
                values: total.clone(),
            }),
            members,
        };
        let keyed: Vec<(&str, &[Option<f64>])> = b
            .members
            .iter()
            .zip(&series)
            .map(|(m, v)| (m.member.member.key.as_str(), v.as_slice()))
            .collect();
        let csv = data::breakdown_csv(i, &dimension.key, &months, &total, &keyed);
        (chart, csv)
    }
}

/// The heading of a column of the member table.
fn column_heading(column: BreakdownColumn, month: Month) -> String {
    match column {
        BreakdownColumn::Member => String::new(),
        BreakdownColumn::Value => month.short_name(),
        BreakdownColumn::Count => "Count".into(),
        BreakdownColumn::Change => "Change from last month".into(),
        BreakdownColumn::Direction => "Direction of travel".into(),
        BreakdownColumn::Rag => "RAG rating".into(),
        BreakdownColumn::Average6m => "6-month average".into(),
        BreakdownColumn::Average12m => "12-month average".into(),
    }
}

/// The members with the highest and the lowest figure this month (the first of
/// equals, in the dimension's order), if any has one.
fn highest_and_lowest<'b, 'a>(
    b: &'b BreakdownFigures<'a>,
) -> Option<(&'b MemberFigures<'a>, &'b MemberFigures<'a>)> {
    let with_value = || {
        b.members
            .iter()
            .filter_map(|m| m.figures.value.map(|v| (v, m)))
    };
    let high = with_value().fold(
        None,
        |best: Option<(f64, &MemberFigures)>, (v, m)| match best {
            Some((b, _)) if b >= v => best,
            _ => Some((v, m)),
        },
    )?;
    let low = with_value().fold(
        None,
        |best: Option<(f64, &MemberFigures)>, (v, m)| match best {
            Some((b, _)) if b <= v => best,
            _ => Some((v, m)),
        },
    )?;
    Some((high.1, low.1))
}

/// "Worst: West 62.1%", with its rating when the measure's targets rate members and
/// it is red ("Worst: West 62.1%, rated Red"); empty when no member is worst.
pub(super) fn worst_words_in(b: &BreakdownFigures, red: &str) -> String {
    let Some(m) = b.worst.and_then(|k| b.members.get(k)) else {
        return String::new();
    };
    let mut words = format!(
        "Worst: {} {}",
        m.member.member.label,
        fmt(&m.member.indicator, m.figures.value)
    );
    if m.figures.rag.as_ref().is_some_and(|r| r.rag == Rag::Red) {
        words.push_str(&format!(", rated {red}"));
    }
    words
}

impl Views<'_> {
    /// The worst member of an indicator's breakdown in words, in the site's word for
    /// red, for the overview, the summary and the exceptions page; empty without one.
    pub(super) fn worst_member(&self, shown: &IndicatorFigures) -> String {
        shown
            .breakdown
            .as_ref()
            .map(|b| worst_words_in(b, &self.settings().labels.red))
            .unwrap_or_default()
    }
}

/// The notes under a breakdown's table: the months of the trend whose total was
/// worked out from the members, and those whose total differs from what the members
/// make up.
fn notes(
    i: &Indicator,
    b: &BreakdownFigures,
    shown: &IndicatorFigures,
    month: Month,
    from_members: &str,
) -> Vec<String> {
    let mut notes = Vec::new();
    let derived: Vec<String> = shown
        .trend
        .iter()
        .map(|(m, _)| *m)
        .filter(|m| b.derived.contains(m))
        .map(|m| m.short_name())
        .collect();
    if !derived.is_empty() {
        let this = if b.derived.contains(&month) {
            "This month's total was"
        } else {
            "The total was"
        };
        notes.push(format!(
            "{this} {from_members}, as no total was given: {}.",
            derived.join(", ")
        ));
    }
    let members = plural(&b.breakdown.dimension.label);
    for mismatch in &b.mismatches {
        notes.push(format!(
            "{}: the total, {}, differs from what the {members} make up, {}.",
            mismatch.month.short_name(),
            i.format(mismatch.total),
            i.format(mismatch.from_members)
        ));
    }
    notes
}

/// The revisions note's lines for the members of an indicator's breakdown: each
/// member's corrected months of the trend, in the dimension's order, oldest first,
/// "South, Nov 2015: 12, first published as 10 in the November 2015 edition".
pub(super) fn member_revisions(shown: &IndicatorFigures) -> Vec<String> {
    let Some(b) = &shown.breakdown else {
        return Vec::new();
    };
    b.members
        .iter()
        .flat_map(|m| {
            let series = &m.member.indicator;
            m.revised.iter().map(move |(month, r)| {
                format!(
                    "{}, {}: {}, {}",
                    m.member.member.label,
                    month.short_name(),
                    fmt(series, m.trend_value(*month)),
                    compute::revision_words(series, r)
                )
            })
        })
        .collect()
}

/// The dimension's label as the plural of its members, in lower case: "Team" is
/// "teams", "Locality" is "localities", "Age band" is "age bands".
fn plural(label: &str) -> String {
    let lower = label.to_lowercase();
    if let Some(stem) = lower.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if lower.ends_with(['s', 'x']) || lower.ends_with("ch") || lower.ends_with("sh") {
        return format!("{lower}es");
    }
    format!("{lower}s")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::{Lifecycle, Rating};
    use crate::model::{AppliesTo, Breakdown, Dimension, Member, MemberSeries};

    fn member(key: &str, label: &str) -> MemberSeries {
        let mut indicator = Indicator::placeholder(&format!("4.2:{key}"));
        indicator.unit = Unit::Percentage;
        indicator.decimals = 1;
        MemberSeries {
            member: Member {
                key: key.into(),
                label: label.into(),
            },
            indicator,
        }
    }

    fn breakdown() -> Breakdown {
        let members = vec![
            member("north", "North"),
            member("south", "South"),
            member("west", "West"),
            member("front-door", "Front door"),
        ];
        Breakdown {
            dimension: Dimension {
                key: "team".into(),
                label: "Team".into(),
                members: members.iter().map(|m| m.member.clone()).collect(),
            },
            total: TotalRule::Ratio,
            member_targets: true,
            members,
            derived: Vec::new(),
        }
    }

    /// A member's figures this month: only the value and rating matter here.
    fn figures(value: Option<f64>, rag: Option<Rag>) -> Figures {
        let month: Month = "2016-03".parse().unwrap();
        Figures {
            month,
            value,
            previous: None,
            last_three: [(month.minus(2), None), (month.prev(), None), (month, value)],
            ytd: None,
            dot: None,
            rag: rag.map(|rag| Rating {
                rag,
                applies_to: AppliesTo::Month,
                reason: String::new(),
            }),
            lifecycle: Lifecycle::Live,
            change_month_pct: None,
            change_year_pct: None,
            rolling_12m: None,
            avg_6m: None,
            avg_12m: None,
            max_12m: None,
            fraction: None,
            change_month_word: None,
            change_year_word: None,
            dot_year: None,
            judgement: None,
            last_three_judgements: [None; 3],
        }
    }

    fn computed<'a>(
        b: &'a Breakdown,
        values: &[(Option<f64>, Option<Rag>)],
        worst: Option<usize>,
    ) -> BreakdownFigures<'a> {
        BreakdownFigures {
            breakdown: b,
            members: b
                .members
                .iter()
                .zip(values)
                .map(|(m, (v, rag))| MemberFigures {
                    member: m,
                    figures: figures(*v, *rag),
                    trend: Vec::new(),
                    revised: Vec::new(),
                })
                .collect(),
            worst,
            mismatches: Vec::new(),
            derived: Vec::new(),
        }
    }

    #[test]
    fn the_worst_member_is_named_with_its_figure_and_a_red_rating() {
        let b = breakdown();
        let values = [
            (Some(80.0), Some(Rag::Green)),
            (None, None),
            (Some(62.1), Some(Rag::Red)),
            (Some(71.26), Some(Rag::Amber)),
        ];
        let f = computed(&b, &values, Some(2));
        assert_eq!(worst_words_in(&f, "Red"), "Worst: West 62.1%, rated Red");
        // The site's word for red, and no rating where the worst is not red.
        assert_eq!(worst_words_in(&f, "Poor"), "Worst: West 62.1%, rated Poor");
        let f = computed(&b, &values, Some(3));
        assert_eq!(worst_words_in(&f, "Red"), "Worst: Front door 71.3%");
        // An information-only measure has no worst member.
        let f = computed(&b, &values, None);
        assert_eq!(worst_words_in(&f, "Red"), "");
    }

    #[test]
    fn the_highest_and_lowest_members_skip_those_without_a_figure() {
        let b = breakdown();
        let values = [
            (Some(80.0), None),
            (None, None),
            (Some(62.1), None),
            (Some(80.0), None),
        ];
        let f = computed(&b, &values, None);
        let (high, low) = highest_and_lowest(&f).unwrap();
        // The first of equals, in the dimension's order.
        assert_eq!(high.member.member.label, "North");
        assert_eq!(low.member.member.label, "West");
        let none = computed(&b, &[(None, None); 4], None);
        assert!(highest_and_lowest(&none).is_none());
    }

    #[test]
    fn a_dimension_names_its_members_in_the_plural() {
        assert_eq!(plural("Team"), "teams");
        assert_eq!(plural("Locality"), "localities");
        assert_eq!(plural("Age band"), "age bands");
        assert_eq!(plural("Day"), "days");
        assert_eq!(plural("Church"), "churches");
    }

    #[test]
    fn the_value_column_is_headed_by_the_month() {
        let month: Month = "2016-03".parse().unwrap();
        assert_eq!(column_heading(BreakdownColumn::Value, month), "Mar 2016");
        assert_eq!(
            column_heading(BreakdownColumn::Average6m, month),
            "6-month average"
        );
    }
}
