//! A section of an edition: its tables, and a panel with a trend chart per indicator.

use super::*;
use crate::compute::BandEdges;
use crate::model::{AppliesTo, MonthlyWindow, NATIONAL_AVG, RangeSides, Unit};
use chart::{Scale, TargetBand};

#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub anchor: String,
    pub number: String,
    pub title: String,
    /// The short title, for the section's contents list.
    pub short: String,
    pub unit: String,
    pub polarity: String,
    pub data_note: String,
    pub notes: Vec<String>,
    pub value: String,
    /// The count behind the month's percentage, "48 of 425", or empty.
    pub count: String,
    /// The data's note for the month, or empty.
    pub note: String,
    pub ytd: String,
    /// The extra figures the site asks for (`show:`), each with its label.
    pub extras: Vec<Extra>,
    /// Each month shown whose figure was revised since first published:
    /// "Apr 2015: 879, first published as 880 in the December 2015 edition", then
    /// each member's of a breakdown: "South, Nov 2015: 12, first published as 10 in
    /// the November 2015 edition".
    pub revisions: Vec<String>,
    /// The commentary attached to this indicator, or to a group it leads.
    pub commentary_html: String,
    /// Where the commentary on this indicator sits when it leads a group's passage
    /// in another indicator's panel.
    pub commentary_elsewhere: Vec<Link>,
    pub dot: DotView,
    pub rag: RagView,
    pub target: String,
    pub chart_svg: String,
    /// The chart's key as HTML: a swatch and words for each line and band.
    pub chart_key: String,
    /// Whether the chart plots the year to date the rating judges, so its data table
    /// has a year-to-date column.
    pub chart_ytd: bool,
    pub chart_rows: Vec<ChartRow>,
    /// Whether the chart's data table needs a column for counts, notes or revisions.
    pub has_counts: bool,
    pub has_notes: bool,
    pub has_revised: bool,
    /// The chart's data as CSV: its address relative to the page, its absolute
    /// address (shown when printed) and its format and size, "CSV, 312 bytes".
    pub csv_href: String,
    pub csv_url: String,
    pub csv_size: String,
    /// The CSV file itself, written beside the section page.
    #[serde(skip)]
    pub csv: String,
    /// The CSV file's path from the site root.
    #[serde(skip)]
    pub csv_path: String,
    /// "Old measure" or "New measure from Aug 16", or empty.
    pub stage: String,
    /// The roles responsible for the measure, or empty.
    pub owner: String,
    pub accountable: String,
    /// A qualitative measure's judgement this month, shown in place of a figure and
    /// a rating; `None` for a measured indicator, which has a chart.
    pub judgement: Option<JudgementView>,
    /// A qualitative measure's judgement for each month of the trend, shown as a row
    /// of marks in place of a line chart.
    pub judgement_marks: Vec<JudgementMark>,
    /// The statistical process control of the indicator, where the site asks for it.
    pub spc: Option<super::spc::SpcPanel>,
    /// The measure's figures for each member of its breakdown, when it has one.
    pub breakdown: Option<super::breakdown::BreakdownView>,
}

/// One month of a qualitative measure's row of judgements.
#[derive(Debug, Clone, Serialize)]
pub struct JudgementMark {
    pub month: String,
    pub judgement: JudgementView,
}

/// An extra figure shown in a panel, such as the 12-month average.
#[derive(Debug, Clone, Serialize)]
pub struct Extra {
    pub label: String,
    pub value: String,
}

/// One row of a chart's data table.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    pub month: String,
    pub value: String,
    /// The year to date at the month, where the chart plots it.
    pub ytd: String,
    /// "48 of 425", or empty.
    pub count: String,
    pub note: String,
    /// "First published as 880 in the December 2015 edition", or empty.
    pub revised: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthlyRow {
    pub number: String,
    pub title: String,
    /// The indicator's panel, where a revised cell's footnote is.
    pub anchor: String,
    pub cells: Vec<MonthlyCell>,
}

/// One month's figure in the monthly table.
#[derive(Debug, Clone, Serialize)]
pub struct MonthlyCell {
    pub value: String,
    /// Whether the figure was revised since first published.
    pub revised: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnualRow {
    pub number: String,
    pub title: String,
    pub outturns: Vec<String>,
    pub ytd: String,
    pub benchmarks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SectionPage<'a> {
    pub layout: Layout,
    pub section: &'a SectionBody,
}

/// One section of an edition, shared by the section page and the printable report.
#[derive(Debug, Clone, Serialize)]
pub struct SectionBody {
    /// The section's id, which prefixes the ids of its headings.
    pub id: String,
    pub edition_label: String,
    pub title: String,
    pub definition_html: String,
    /// The commentary not attached to an indicator, shown at the top.
    pub analysis_html: String,
    /// Whether some of the commentary sits with the indicators it discusses.
    pub has_attached: bool,
    pub fy: String,
    pub months: Vec<String>,
    pub monthly: Vec<MonthlyRow>,
    pub outturn_years: Vec<String>,
    pub benchmark_year: String,
    pub annual: Vec<AnnualRow>,
    pub panels: Vec<Panel>,
    /// Whether any figure in the monthly table is marked as revised.
    pub has_revisions: bool,
    /// The monthly table's caption, which names its window of months.
    pub monthly_caption: String,
    /// The headings of the site's benchmark columns.
    pub benchmark_headings: Vec<String>,
}

impl SectionBody {
    /// The section as shown on the page `here`, with its links from there.
    pub fn seen_from(&self, here: &Route, base_url: &str) -> SectionBody {
        let mut body = self.clone();
        for panel in &mut body.panels {
            panel.csv_href = here.link_to_path(&panel.csv_path, base_url);
            if let Some(b) = &mut panel.breakdown {
                b.csv_href = here.link_to_path(&b.csv_path, base_url);
            }
        }
        body
    }

    /// The SVG of each of the section's charts, in the order the page shows them.
    pub fn chart_svgs(&self) -> impl Iterator<Item = &str> {
        // A qualitative measure's panel has none, but counts as one, as its data file
        // does when an unchanged edition's files are reused; an XmR chart and a
        // breakdown's small multiples count too.
        self.panels.iter().flat_map(|p| {
            std::iter::once(p.chart_svg.as_str())
                .chain(
                    p.spc
                        .iter()
                        .map(|s| s.chart_svg.as_str())
                        .filter(|svg| !svg.is_empty()),
                )
                .chain(p.breakdown.iter().map(|b| b.chart_svg.as_str()))
        })
    }
}

impl Views<'_> {
    /// `body` is the section's content as [`Views::section_body`] made it.
    pub fn section<'b>(
        &self,
        edition: &Edition,
        section: &Section,
        body: &'b SectionBody,
    ) -> SectionPage<'b> {
        let month = edition.month;
        let layout = self.layout(
            &Route::Section(month, section.id.clone()),
            &format!("{}, {}", section.title, month.long_name()),
            format!("{} performance as at {}", section.title, month.long_name()),
            Some(month),
            edition_crumbs(month),
        );
        SectionPage {
            layout,
            section: body,
        }
    }

    /// A section's content as its own page shows it: the charts and tables that are
    /// most of a build's work, made once and shown both on the section's page and in
    /// the printable report.
    pub fn section_body(
        &self,
        edition: &Edition,
        figures: &EditionFigures,
        section: &Section,
    ) -> SectionBody {
        let month = edition.month;
        let fy = figures.fy;
        let shown: Vec<&IndicatorFigures> = figures.in_section(&section.id).collect();
        let mut panels: Vec<Panel> = shown.iter().map(|s| self.panel(s, figures)).collect();
        // Passages attached to indicators go into the panel of the first of them
        // (as the heading lists them) that the edition shows; the others link to it. A passage none of whose
        // indicators is shown stays at the top with the rest.
        let split = edition
            .analysis_for(&section.id)
            .map(markdown::split_passages)
            .unwrap_or_default();
        let mut general = split.general.clone();
        let mut has_attached = false;
        for passage in &split.passages {
            // The first indicator the heading names is the one it discusses most.
            let mut hosts: Vec<usize> = Vec::new();
            for id in &passage.ids {
                if let Some(k) = shown.iter().position(|s| s.indicator.id == *id)
                    && !hosts.contains(&k)
                {
                    hosts.push(k);
                }
            }
            let Some(&host) = hosts.first() else {
                general.push_str("\n\n");
                general.push_str(&passage.text);
                continue;
            };
            has_attached = true;
            let text = narrative::expand(&passage.text, figures, self.settings());
            panels[host]
                .commentary_html
                .push_str(&markdown::to_html_from_level(&text, 4));
            let href = format!("#{}-commentary", panels[host].anchor);
            let label = format!("{} {}", panels[host].number, panels[host].title);
            for &k in &hosts[1..] {
                if !panels[k]
                    .commentary_elsewhere
                    .iter()
                    .any(|l| l.href == href)
                {
                    panels[k].commentary_elsewhere.push(Link {
                        href: href.clone(),
                        label: label.clone(),
                        current: false,
                    });
                }
            }
        }
        let general = general.trim();
        SectionBody {
            id: section.id.clone(),
            edition_label: format!("As at month end: {}", month.long_name()),
            title: section.title.clone(),
            definition_html: markdown::to_html(&section.definition),
            analysis_html: if general.is_empty() {
                String::new()
            } else {
                markdown::to_html(&narrative::expand(general, figures, self.settings()))
            },
            has_attached,
            fy: fy.to_string(),
            months: figures.window.iter().map(|m| m.short_name()).collect(),
            monthly_caption: match self.settings().monthly_window {
                MonthlyWindow::FinancialYear => format!("In-month figures for {fy}"),
                MonthlyWindow::Last13Months => format!(
                    "In-month figures, {} to {}",
                    figures
                        .window
                        .first()
                        .map(|m| m.long_name())
                        .unwrap_or_default(),
                    month.long_name()
                ),
            },
            monthly: shown
                .iter()
                .map(|s| MonthlyRow {
                    number: s.indicator.number_in(month).to_string(),
                    title: s.indicator.short.clone(),
                    anchor: anchor(&s.indicator.id),
                    // Months after the edition's are left blank, not shown as missing.
                    cells: figures
                        .window
                        .iter()
                        .map(|&m| MonthlyCell {
                            value: s
                                .year
                                .iter()
                                .find(|(shown, _)| *shown == m)
                                .map(|(_, v)| entry(s.indicator, *v, judgement_in(s, m)))
                                .unwrap_or_default(),
                            revised: s.details.get(&m).is_some_and(|d| d.revision.is_some()),
                        })
                        .collect(),
                })
                .collect(),
            outturn_years: figures
                .outturn_years
                .iter()
                .map(ToString::to_string)
                .collect(),
            benchmark_year: shown
                .iter()
                .find_map(|s| s.indicator.benchmarks.as_ref().and_then(|b| b.year))
                .map(|y| y.to_string())
                .unwrap_or_default(),
            annual: shown
                .iter()
                .map(|s| AnnualRow {
                    number: s.indicator.number_in(month).to_string(),
                    title: s.indicator.short.clone(),
                    outturns: s.outturns.iter().map(|v| fmt(s.indicator, *v)).collect(),
                    ytd: fmt(s.indicator, s.figures.ytd),
                    benchmarks: benchmarks(s.indicator, &self.settings().benchmarks),
                })
                .collect(),
            benchmark_headings: self
                .settings()
                .benchmarks
                .iter()
                .map(|c| c.heading(""))
                .collect(),
            // A member's correction is noted in the panel too, but marks no cell of
            // the monthly table, which shows only the measure's figures.
            has_revisions: shown
                .iter()
                .any(|s| s.details.values().any(|d| d.revision.is_some())),
            panels,
        }
    }

    fn panel(&self, shown: &IndicatorFigures, edition: &EditionFigures) -> Panel {
        let (i, figures) = (shown.indicator, &shown.figures);
        let month = edition.month;
        let target = i.targets_for(edition.fy).next();
        // A qualitative measure has no figures to plot: its judgements are a row of
        // marks, and its data file lists them.
        let (chart, csv) = if i.is_qualitative() {
            let months: Vec<Month> = shown.trend.iter().map(|(m, _)| *m).collect();
            (
                None,
                data::judgement_csv(i, &months, &shown.trend_judgements),
            )
        } else {
            let (chart, csv) = self.chart(shown, month);
            (Some(chart), csv)
        };
        let here = Route::Section(month, i.section.clone());
        let data = Route::ChartData(month, i.section.clone(), i.id.clone());
        let show_counts = self.settings().show_fractions;
        let count = |m: &Month| {
            shown
                .details
                .get(m)
                .and_then(|d| d.fraction)
                .filter(|_| show_counts)
                .map(compute::count_words)
                .unwrap_or_default()
        };
        let note = |m: &Month| {
            shown
                .details
                .get(m)
                .and_then(|d| d.note.clone())
                .unwrap_or_default()
        };
        let revised = |m: &Month| {
            shown
                .details
                .get(m)
                .and_then(|d| d.revision.as_ref())
                .map(|r| compute::revision_words(i, r))
        };
        let chart_rows = shown
            .trend
            .iter()
            .zip(&shown.trend_ytd)
            .map(|((m, v), ytd)| ChartRow {
                month: m.short_name(),
                value: fmt(i, *v),
                ytd: if shown.rated_on_ytd {
                    fmt(i, *ytd)
                } else {
                    String::new()
                },
                count: count(m),
                note: note(m),
                revised: revised(m).map(|r| upper_first(&r)).unwrap_or_default(),
            })
            .collect::<Vec<_>>();
        let has = |part: fn(&ChartRow) -> &String| chart_rows.iter().any(|r| !part(r).is_empty());
        let (has_counts, has_notes, has_revised) =
            (has(|r| &r.count), has(|r| &r.note), has(|r| &r.revised));
        // Every revised month of the year's table and the chart, once, oldest first.
        let revisions = shown
            .details
            .iter()
            .filter_map(|(m, d)| {
                let r = d.revision.as_ref()?;
                let now = shown
                    .year
                    .iter()
                    .chain(&shown.trend)
                    .find(|(shown, _)| shown == m)
                    .and_then(|(_, v)| *v);
                Some(format!(
                    "{}: {}, {}",
                    m.short_name(),
                    fmt(i, now),
                    compute::revision_words(i, r)
                ))
            })
            .chain(super::breakdown::member_revisions(shown))
            .collect();
        let extras = self
            .settings()
            .show
            .iter()
            .filter_map(|extra| {
                let pct = |v: f64| format!("{v:+.1}%");
                let value = match extra {
                    ExtraFigure::Change => figures.change_month_pct.map(pct),
                    ExtraFigure::ChangeYear => figures.change_year_pct.map(pct),
                    ExtraFigure::Average12m => figures.avg_12m.map(|v| i.format(v)),
                    ExtraFigure::Maximum12m => figures.max_12m.map(|v| i.format(v)),
                    ExtraFigure::Rolling12m => figures.rolling_12m.map(|v| i.format(v)),
                }?;
                Some(Extra {
                    label: extra.label().into(),
                    value,
                })
            })
            .collect();
        Panel {
            anchor: anchor(&i.id),
            number: i.number_in(month).to_string(),
            title: i.title.clone(),
            short: i.short.clone(),
            unit: if i.is_qualitative() {
                "judged each month as positive, similar or negative".into()
            } else {
                i.unit.label()
            },
            polarity: i.polarity.label().into(),
            data_note: i.data_note.clone().unwrap_or_default(),
            notes: i.notes.clone(),
            value: entry(i, figures.value, figures.judgement),
            count: count(&month),
            note: note(&month),
            ytd: fmt(i, figures.ytd),
            extras,
            revisions,
            commentary_html: String::new(),
            commentary_elsewhere: Vec::new(),
            dot: self.dot(figures),
            rag: self.rag(figures),
            target: target
                .map(|t| target_words(i, t))
                .unwrap_or_else(|| "No target".into()),
            chart_svg: chart.as_ref().map(chart::svg).unwrap_or_default(),
            chart_key: chart.as_ref().map(chart::key).unwrap_or_default(),
            chart_ytd: shown.rated_on_ytd,
            stage: super::columns::stage_words(self.settings(), shown.stage),
            chart_rows,
            has_counts,
            has_notes,
            has_revised,
            csv_href: self.link(&here, &data),
            csv_url: data.url(self.base_url()),
            csv_path: data.path(),
            csv_size: format!("CSV, {}", file_size(csv.len())),
            csv,
            owner: role(&i.owner),
            accountable: role(&i.accountable),
            judgement: i
                .is_qualitative()
                .then(|| JudgementView::of(figures.judgement)),
            judgement_marks: shown
                .trend
                .iter()
                .zip(&shown.trend_judgements)
                .map(|((m, _), j)| JudgementMark {
                    month: m.short_name(),
                    judgement: JudgementView::of(*j),
                })
                .collect(),
            spc: self.spc_panel(shown),
            breakdown: self.breakdown(shown, month),
        }
    }

    /// The trend chart: the months of the financial year to the edition, as the
    /// monthly table shows them, with the target and its amber band from the months
    /// they applied and the national average as a reference line; with its data as
    /// CSV. An indicator rated on its year to date plots that, with the months behind
    /// it, so the chart agrees with its rating.
    fn chart(&self, shown: &IndicatorFigures, month: Month) -> (Chart, String) {
        let (i, figures) = (shown.indicator, &shown.figures);
        let months: Vec<Month> = shown.trend.iter().map(|(m, _)| *m).collect();
        let values: Vec<Option<f64>> = shown.trend.iter().map(|(_, v)| *v).collect();
        // A target holds for a year of the chart's months: its band and words are
        // made once for each run of months it covers, not once a month.
        let mut last: Option<(&Target, TargetBand)> = None;
        let targets: Vec<Option<TargetBand>> = shown
            .trend_targets
            .iter()
            .map(|t| {
                let t = (*t)?;
                match &last {
                    Some((seen, band)) if *seen == t => Some(band.clone()),
                    _ => {
                        let band = target_band(i, t);
                        last = Some((t, band.clone()));
                        Some(band)
                    }
                }
            })
            .collect();
        // Each reference line with the CSV column that carries it.
        let mut references: Vec<(&str, Reference)> = Vec::new();
        let benchmarks = i.benchmarks.as_ref();
        if let Some(national) = benchmarks.and_then(|b| b.figure(NATIONAL_AVG)) {
            // Named as the site heads the column, "England average" unless it says.
            let name = self
                .settings()
                .benchmarks
                .iter()
                .find(|c| c.key == NATIONAL_AVG)
                .map_or_else(|| "England average".to_string(), |c| c.heading(""));
            references.push((
                "england_average",
                Reference {
                    label: format!("{name} {}", i.format(national)),
                    value: national,
                    stroke: Stroke::Dotted,
                },
            ));
        }
        let title = match (figures.value, figures.dot) {
            (Some(v), Some(dot)) => format!(
                "{}: {} in {}, {}",
                i.short,
                i.format(v),
                month.long_name(),
                dot.words(self.settings().direction.shows, &self.settings().words)
            ),
            (Some(v), None) => format!("{}: {} in {}", i.short, i.format(v), month.long_name()),
            (None, _) => format!("{}: no figure for {}", i.short, month.long_name()),
        };
        let rating = figures.rag.is_some().then(|| self.rag(figures));
        let description = chart_description(shown, &months, &values, rating.as_ref(), &references);
        // The CSV carries every line the chart draws, month by month: the target's
        // columns are empty in months it did not apply.
        let target_column = |pick: fn(&Rule) -> Option<f64>| -> Vec<Option<f64>> {
            shown
                .trend_targets
                .iter()
                .map(|t| t.and_then(|t| pick(&t.rule)))
                .collect()
        };
        let mut columns: Vec<(&str, Vec<Option<f64>>)> = Vec::new();
        if shown.rated_on_ytd {
            columns.push(("year_to_date", shown.trend_ytd.clone()));
        }
        let rules = || shown.trend_targets.iter().flatten().map(|t| &t.rule);
        if rules().any(|r| matches!(r, Rule::Threshold { .. } | Rule::Band { .. })) {
            columns.push((
                "target",
                target_column(|r| match *r {
                    Rule::Threshold { green, .. } => Some(green),
                    Rule::Band { centre, .. } => Some(centre),
                    Rule::Range { .. } => None,
                }),
            ));
        }
        // A range's ends, only those its rule counts, as the chart draws them.
        let top = target_column(|r| match *r {
            Rule::Range { max, sides, .. } if sides != RangeSides::Below => Some(max),
            _ => None,
        });
        let foot = target_column(|r| match *r {
            Rule::Range { min, sides, .. } if sides != RangeSides::Above => Some(min),
            _ => None,
        });
        for (column, values) in [("range_top", top), ("range_foot", foot)] {
            if values.iter().any(Option::is_some) {
                columns.push((column, values));
            }
        }
        for (column, r) in &references {
            columns.push((column, vec![Some(r.value); months.len()]));
        }
        let csv = data::chart_csv(i, &months, &values, &columns);
        let monthly = Line {
            label: "Monthly figure".into(),
            values: values.clone(),
        };
        let (line, secondary) = if shown.rated_on_ytd {
            let ytd = Line {
                label: "Year to date, the figure rated".into(),
                values: shown.trend_ytd.clone(),
            };
            (ytd, Some(monthly))
        } else {
            (monthly, None)
        };
        let chart = Chart {
            id: format!("chart-{}", anchor(&i.id)),
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
            line,
            secondary,
            targets,
            references: references.into_iter().map(|(_, r)| r).collect(),
        };
        (chart, csv)
    }
}

/// A qualitative measure's judgement in `month`, as the edition computed it.
fn judgement_in(shown: &IndicatorFigures, month: Month) -> Option<Judgement> {
    shown
        .trend
        .iter()
        .zip(&shown.trend_judgements)
        .find(|((m, _), _)| *m == month)
        .and_then(|(_, j)| *j)
}

/// What a target draws on a chart: its line or lines, and its amber band, between the
/// target and the tolerance, on the sides the rule counts.
pub(super) fn target_band(i: &Indicator, t: &Target) -> TargetBand {
    let words = BandWords::of(i, &t.rule);
    let BandEdges { lines, amber } = BandEdges::of(&t.rule);
    let rated = match t.applies_to {
        AppliesTo::Month => "",
        AppliesTo::Ytd => " for the year to date",
    };
    TargetBand {
        label: format!("Target {}{rated}: green {}", t.year, words.green),
        lines,
        amber_label: format!("Amber: {}", words.amber),
        amber,
    }
}

/// The chart's `<desc>`, read by screen readers after its title: what the chart
/// shows, the latest value and its change, the target and the benchmark, the range of
/// the series and its gaps.
fn chart_description(
    shown: &IndicatorFigures,
    months: &[Month],
    values: &[Option<f64>],
    rating: Option<&RagView>,
    references: &[(&str, Reference)],
) -> String {
    let (i, figures) = (shown.indicator, &shown.figures);
    let mut text = format!(
        "Line chart of {} by month, {} to {}.",
        i.short,
        months.first().map(|m| m.long_name()).unwrap_or_default(),
        months.last().map(|m| m.long_name()).unwrap_or_default()
    );
    if let Some(starts) = i.starts.filter(|s| months.first().is_some_and(|m| m < s)) {
        text.push_str(&format!(
            " The measure began in {}, so the months before have no figure.",
            starts.long_name()
        ));
    }
    if shown.rated_on_ytd {
        text.push_str(
            " It plots the year to date, which the rating judges, with the monthly \
             figures as a thinner grey line.",
        );
    }
    if let Some(v) = figures.value {
        text.push_str(&format!(" Latest {}", i.format(v)));
        match figures.previous {
            Some(p) if v > p => text.push_str(&format!(", up from {}", i.format(p))),
            Some(p) if v < p => text.push_str(&format!(", down from {}", i.format(p))),
            Some(_) => text.push_str(", the same as"),
            None => {}
        }
        if figures.previous.is_some() {
            text.push_str(" the month before");
        }
        text.push('.');
    }
    if let Some(r) = rating {
        text.push_str(&format!(" Rated {}: {}.", r.word, r.reason));
    }
    let first_target = months
        .iter()
        .zip(&shown.trend_targets)
        .find_map(|(m, t)| t.map(|t| (m, t)));
    if let Some((from, t)) = first_target {
        let band = target_band(i, t);
        let since = if Some(from) == months.first() {
            String::new()
        } else {
            format!(" from {}", from.long_name())
        };
        text.push_str(&format!(
            " {}, shown as a dashed line{since}, with the amber band, {}, shaded.",
            band.label,
            BandWords::of(i, &t.rule).amber
        ));
    }
    for (column, r) in references {
        let style = match r.stroke {
            Stroke::Solid => "a solid",
            Stroke::Dashed => "a dashed",
            Stroke::Dotted => "a dotted",
        };
        let what = if *column == "england_average" {
            let year = i
                .benchmarks
                .as_ref()
                .and_then(|b| b.year)
                .map(|y| format!(" ({y})"))
                .unwrap_or_default();
            format!("{}{year}", r.label)
        } else {
            r.label.clone()
        };
        text.push_str(&format!(" {what}, shown as {style} line."));
    }
    let present = values.iter().filter(|v| v.is_some()).count();
    if let (Some(h), Some(l)) = (shown.trend_highest, shown.trend_lowest)
        && present > 1
    {
        text.push_str(&format!(
            " Highest {} in {}, lowest {} in {}.",
            i.format(h.1),
            h.0.long_name(),
            i.format(l.1),
            l.0.long_name()
        ));
    }
    let missing = values.len() - present;
    if missing == 1 {
        text.push_str(" One month has no figure and shows as a gap.");
    } else if missing > 1 {
        text.push_str(&format!(
            " {missing} months have no figure and show as gaps."
        ));
    }
    text
}

/// `text` with its first letter in upper case, to start a sentence.
pub(super) fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A file size as people read it: "312 bytes", "1.4 KB", "23 KB", "1.2 MB".
pub(super) fn file_size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < 10.0 * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_read_as_people_write_them() {
        assert_eq!(file_size(312), "312 bytes");
        assert_eq!(file_size(1500), "1.5 KB");
        assert_eq!(file_size(23_000), "22 KB");
        assert_eq!(file_size(3 * 1024 * 1024), "3.0 MB");
    }
}
