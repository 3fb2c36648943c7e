//! The edition page and the home page: the cover, the narrative and the performance summary.

use super::columns::{RowParts, SummaryCell, SummaryTable, TableSpec};
use super::*;
use crate::model::SummaryColumn;

/// One row of the performance summary: its figures in the performance table, and its
/// outturns and benchmarks in the benchmarks table.
#[derive(Debug, Serialize)]
pub struct SummaryRow {
    pub number: String,
    pub title: String,
    pub href: String,
    pub polarity: String,
    pub data_note: String,
    pub last_three: Vec<Cell>,
    pub ytd: Cell,
    pub dot: DotView,
    pub rag: RagView,
    pub red: String,
    pub amber: String,
    pub green: String,
    /// The trend as a small SVG with its text equivalent, ready to place in the page.
    pub sparkline: String,
    /// The month's figure, beside the outturns and benchmarks.
    pub latest: Cell,
    pub outturns: Vec<Cell>,
    pub benchmarks: Vec<Cell>,
    /// The row's cells in the performance table, grouped by the site's columns.
    pub cells: Vec<Vec<SummaryCell>>,
    /// The row's cells in the table of outturns and benchmarks.
    pub benchmark_cells: Vec<Vec<SummaryCell>>,
    /// The roles responsible for the measure, or empty.
    pub owner: String,
    pub accountable: String,
    /// A qualitative measure's judgement this month, shown in place of a rating;
    /// `None` for a measured indicator.
    pub judgement: Option<JudgementView>,
    /// The variation and assurance icons, where the indicator has SPC.
    pub spc: Option<super::spc::SpcIcons>,
}

/// A figure of a summary row with its column's heading, which the stacked layout of
/// a narrow screen shows beside it.
#[derive(Debug, Serialize)]
pub struct Cell {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryGroup {
    pub id: String,
    pub title: String,
    pub href: String,
    pub rows: Vec<SummaryRow>,
}

/// The performance summary table of one edition.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub caption: String,
    pub months: Vec<String>,
    pub ytd_heading: String,
    pub outturn_years: Vec<String>,
    pub benchmark_year: String,
    /// What the direction-of-travel arrows mean on this site.
    pub arrow_note: String,
    pub groups: Vec<SummaryGroup>,
    /// How many columns the performance table has, for the section rows that span
    /// them all.
    pub columns: String,
    /// The caption of the table of outturns and benchmarks.
    pub benchmark_caption: String,
    /// The headings of the benchmark columns, with the benchmarks' year.
    pub benchmark_headings: Vec<String>,
    /// How many columns the table of outturns and benchmarks has.
    pub benchmark_columns: String,
    /// The headings of the performance table, as the site lists its columns.
    pub table: SummaryTable,
    /// The headings of the table of outturns and benchmarks; it has none when the
    /// site shows no such table.
    pub benchmark_table: SummaryTable,
    /// Whether any indicator has SPC, so the table has its column.
    pub has_spc: bool,
}

/// The edition at a glance: how many indicators have each rating and each direction
/// of travel, and the ones a reader must not miss, each linked to its place.
#[derive(Debug, Serialize)]
pub struct Overview {
    /// "76 indicators reported as at month end: March 2016."
    pub total: String,
    pub ratings: Vec<Tally>,
    pub directions: Vec<Tally>,
    /// "Rated red, or declining and off target (17)"; in an edition with qualitative
    /// measures, "Rated red, judged negative, or declining and off target (17)".
    pub attention_heading: String,
    pub attention: Vec<AttentionItem>,
    /// Qualitative measures by their judgement, "2 Positive, 1 Similar, 0 Negative";
    /// empty when the edition has none.
    pub judgements: Vec<Tally>,
    /// The analysed indicators by variation and assurance, when any has SPC.
    pub spc: Vec<super::spc::SpcTally>,
}

/// One count of the overview: "14" indicators "Red".
#[derive(Debug, Serialize)]
pub struct Tally {
    pub count: String,
    pub label: String,
    /// The rating's or direction's class, for its colour and shape.
    pub class: String,
}

/// An indicator the overview lists, with its figure, rating and direction.
#[derive(Debug, Serialize)]
pub struct AttentionItem {
    pub number: String,
    pub title: String,
    pub href: String,
    pub value: String,
    pub rag: RagView,
    pub dot: DotView,
    /// A qualitative measure's judgement for the month, shown in place of its value,
    /// rating and direction, which it has none of; none for a measured indicator.
    pub judgement: Option<JudgementView>,
    /// Why it is listed: "Rated red; declined three months running", or "Judged
    /// negative".
    pub reasons: String,
    /// The worst member of its breakdown, "Worst: West 62.1%", or empty.
    pub worst: String,
}

#[derive(Debug, Serialize)]
pub struct EditionLink {
    pub href: String,
    pub label: String,
    pub status: String,
}

/// An edition's page. Its template's context also holds `edition`, the edition's
/// [`EditionBody`], which the renderer turns into the template engine's values once
/// for the three pages that show it.
#[derive(Debug, Serialize)]
pub struct EditionPage {
    pub layout: Layout,
}

/// The cover, narrative and summary table, shared by an edition, its printable report
/// and the home page. It is made once an edition, for the edition's page, and shown on
/// the others with its links made again ([`BodyTop::fields_seen_from`]): it differs
/// between them only in those.
#[derive(Debug, Serialize)]
pub struct EditionBody {
    pub month: String,
    /// The edition's own page, from the page showing it.
    pub page: String,
    /// "December 2015".
    pub month_name: String,
    pub label: String,
    pub status: String,
    pub created: String,
    /// When the edition was last corrected, as "10 February 2016", or empty.
    pub updated: String,
    pub author: String,
    pub summary_html: String,
    pub sections: Vec<Link>,
    pub overview: Overview,
    pub summary: Summary,
    pub report_json: String,
    pub report_csv: String,
    /// The absolute addresses of the two data files, shown when printed.
    pub report_json_url: String,
    pub report_csv_url: String,
    pub exceptions: String,
    /// The whole report on one page, for printing.
    pub print: String,
    /// The page whose links these are.
    #[serde(skip)]
    shown_on: Route,
    /// The edition's month, whose folder the commentary's links are written from.
    #[serde(skip)]
    edition_month: Month,
    /// The commentary's Markdown with its figures in, which `summary_html` is made
    /// from on each page that shows it.
    #[serde(skip)]
    summary_markdown: String,
}

impl EditionBody {
    /// What of the body differs between the pages that show it, but for the links
    /// deeper in, each under the name `href`: kept once the body is made into the
    /// template engine's values, so that the rest is not held while its pages render.
    pub fn into_top(self) -> BodyTop {
        BodyTop {
            shown_on: self.shown_on,
            edition_month: self.edition_month,
            page: self.page,
            report_json: self.report_json,
            report_csv: self.report_csv,
            exceptions: self.exceptions,
            print: self.print,
            summary_markdown: self.summary_markdown,
        }
    }
}

/// The links at the top of an edition's body and its commentary's Markdown:
/// [`EditionBody::into_top`].
#[derive(Debug)]
pub struct BodyTop {
    shown_on: Route,
    edition_month: Month,
    page: String,
    report_json: String,
    report_csv: String,
    exceptions: String,
    print: String,
    summary_markdown: String,
}

impl BodyTop {
    /// The page the body's links are made from.
    pub fn links_from(&self) -> &Route {
        &self.shown_on
    }

    /// The fields at the top of the body that differ on the page `here`, by name,
    /// as `here` shows them: its links, each made again by [`Route::relink`] (the
    /// string a body made for `here` would hold), and the commentary, whose links are
    /// written from the edition's folder. Every link deeper in is under the name
    /// `href`, and the one showing the body makes it again the same way.
    pub fn fields_seen_from(&self, here: &Route, base_url: &str) -> Vec<(&'static str, String)> {
        let relink = |link: &str| here.relink(link, &self.shown_on, base_url);
        let month = self.edition_month;
        let edition_folder = here.folder_link_to(&Route::Edition(month), base_url);
        vec![
            ("page", relink(&self.page)),
            ("report_json", relink(&self.report_json)),
            ("report_csv", relink(&self.report_csv)),
            ("exceptions", relink(&self.exceptions)),
            // The printable report does not link to itself.
            (
                "print",
                if *here == Route::Print(month) {
                    String::new()
                } else {
                    relink(&self.print)
                },
            ),
            (
                "summary_html",
                markdown::to_html_under(&self.summary_markdown, &edition_folder),
            ),
        ]
    }
}

#[derive(Debug, Serialize)]
pub struct LandingPage {
    pub layout: Layout,
    // The context also holds `edition`, the latest edition's body, as for
    // [`EditionPage`].
    pub editions: Vec<EditionLink>,
    /// How many editions there are, formatted.
    pub editions_count: String,
}

impl Views<'_> {
    /// The home page, showing the latest edition, whose body the renderer places in
    /// its context.
    pub fn landing(&self) -> Option<LandingPage> {
        let latest = self.site.latest_edition()?;
        let here = Route::Home;
        let editions: Vec<EditionLink> = self
            .site
            .editions
            .iter()
            .rev()
            .map(|e| EditionLink {
                href: self.link(&here, &Route::Edition(e.month)),
                label: e.month.long_name(),
                status: e.status.clone(),
            })
            .collect();
        let editions_count = crate::diagnostics::grouped(editions.len());
        let layout = self.layout(
            &here,
            &self.settings().title,
            format!("Performance reports of {}", self.settings().organisation),
            Some(latest.month),
            vec![],
        );
        Some(LandingPage {
            layout,
            editions,
            editions_count,
        })
    }

    /// The edition page, but for its body, which the renderer places in its context.
    pub fn edition(&self, edition: &Edition) -> EditionPage {
        let month = edition.month;
        let here = Route::Edition(month);
        let layout = self.layout(
            &here,
            &format!("Performance report, {}", month.long_name()),
            format!("As at month end: {}", month.long_name()),
            Some(month),
            vec![(Route::Home, "Home".into())],
        );
        EditionPage { layout }
    }

    /// The edition's content as its own page shows it: the other pages that show it
    /// take it from there (`Cover::seen_from` in the renderer).
    pub fn edition_body(&self, edition: &Edition, figures: &EditionFigures) -> EditionBody {
        let month = edition.month;
        let here = &Route::Edition(month);
        let label = format!("As at month end: {}", month.long_name());
        let base_url = self.base_url();
        // Links in the narrative are written relative to the edition's folder.
        let edition_folder = here.folder_link_to(&Route::Edition(month), base_url);
        let summary_markdown = narrative::expand(&edition.summary, figures, self.settings());
        EditionBody {
            month: month.to_string(),
            page: self.link(here, &Route::Edition(month)),
            month_name: month.long_name(),
            label,
            status: edition.status.clone(),
            created: edition
                .created
                .as_deref()
                .map(long_date)
                .unwrap_or_default(),
            updated: edition
                .updated
                .as_deref()
                .map(long_date)
                .unwrap_or_default(),
            author: edition.author.clone().unwrap_or_default(),
            summary_html: markdown::to_html_under(&summary_markdown, &edition_folder),
            summary_markdown,
            edition_month: month,
            shown_on: here.clone(),
            sections: self
                .sections
                .iter()
                .map(|s| Link {
                    href: self.link(here, &Route::Section(month, s.id.clone())),
                    label: s.title.clone(),
                    current: false,
                })
                .collect(),
            overview: self.overview(figures, here),
            summary: self.summary(figures, here),
            report_json: self.link(here, &Route::ReportJson(month)),
            report_csv: self.link(here, &Route::ReportCsv(month)),
            report_json_url: Route::ReportJson(month).url(base_url),
            report_csv_url: Route::ReportCsv(month).url(base_url),
            exceptions: self.link(here, &Route::Exceptions(month)),
            print: self.link(here, &Route::Print(month)),
        }
    }

    fn summary(&self, figures: &EditionFigures, here: &Route) -> Summary {
        let month = figures.month;
        let fy = figures.fy;
        let outturn_years = figures.outturn_years;
        let benchmark_year = self.benchmark_year();
        let months: Vec<String> = [month.minus(2), month.prev(), month]
            .iter()
            .map(|m| m.short_name())
            .collect();
        let ytd_heading = format!("Year to date {fy}");
        let outturn_headings: Vec<String> = outturn_years
            .iter()
            .map(|y| format!("Outturn {y}"))
            .collect();
        let benchmark_columns_of_site = &self.settings().benchmarks;
        let benchmark_headings: Vec<String> = benchmark_columns_of_site
            .iter()
            .map(|c| c.heading(&benchmark_year))
            .collect();
        let latest_heading = month.short_name();
        let has_spc = figures.indicators.iter().any(|i| i.spc.is_some());
        // The SPC column is left out of an edition where no indicator has SPC, so a
        // site that does not use it sees no empty column.
        let chosen = &self.settings().summary;
        let shown_columns = |columns: &[SummaryColumn]| -> Vec<SummaryColumn> {
            columns
                .iter()
                .filter(|c| has_spc || **c != SummaryColumn::Spc)
                .cloned()
                .collect()
        };
        let (columns, benchmark_columns) = (
            shown_columns(&chosen.columns),
            shown_columns(&chosen.benchmark_columns),
        );
        let table = self.summary_table(&columns, figures);
        let benchmark_table = self.summary_table(&benchmark_columns, figures);
        let performance = TableSpec {
            columns: &columns,
            headings: &table.headings,
            with_note: true,
        };
        let comparisons = TableSpec {
            columns: &benchmark_columns,
            headings: &benchmark_table.headings,
            // The data note is told once, in the first table that names the indicator.
            with_note: !columns.contains(&SummaryColumn::Indicator),
        };
        let cells = |labels: &[String], values: Vec<String>| -> Vec<Cell> {
            labels
                .iter()
                .zip(values)
                .map(|(label, value)| Cell {
                    label: label.clone(),
                    value,
                })
                .collect()
        };
        Summary {
            caption: format!("Performance summary as at month end: {}", month.long_name()),
            months: months.clone(),
            ytd_heading: ytd_heading.clone(),
            outturn_years: outturn_years.iter().map(ToString::to_string).collect(),
            benchmark_year,
            arrow_note: compute::arrow_note(self.settings().direction.shows).into(),
            groups: self
                .sections
                .iter()
                .map(|section| SummaryGroup {
                    id: section.id.clone(),
                    title: section.title.clone(),
                    href: self.link(here, &Route::Section(month, section.id.clone())),
                    rows: figures
                        .in_section(&section.id)
                        .map(|shown| {
                            let (i, f) = (shown.indicator, &shown.figures);
                            let target = i.targets_for(fy).next();
                            let (red, amber, green) =
                                target.map(|t| bands(i, t)).unwrap_or_default();
                            let href = format!(
                                "{}#{}",
                                self.link(here, &Route::Section(month, section.id.clone())),
                                anchor(&i.id)
                            );
                            // Judgements have no line to draw. The row shows its
                            // sparkline, and so may a column of either table.
                            let trend = if i.is_qualitative() {
                                String::new()
                            } else {
                                sparkline(shown)
                            };
                            let (dot, rag) = (self.dot(f), self.rag(f));
                            let parts = RowParts {
                                href: &href,
                                trend: &trend,
                                dot: &dot,
                                rag: &rag,
                            };
                            SummaryRow {
                                number: i.number_in(month).to_string(),
                                title: i.title.clone(),
                                cells: self.summary_cells(&performance, shown, figures, &parts),
                                benchmark_cells: self.summary_cells(
                                    &comparisons,
                                    shown,
                                    figures,
                                    &parts,
                                ),
                                href,
                                polarity: if i.is_qualitative() {
                                    "Judged".into()
                                } else {
                                    i.polarity.label().into()
                                },
                                data_note: i.data_note.clone().unwrap_or_default(),
                                last_three: cells(
                                    &months,
                                    f.last_three
                                        .iter()
                                        .zip(f.last_three_judgements)
                                        .map(|((_, v), j)| entry(i, *v, j))
                                        .collect(),
                                ),
                                ytd: Cell {
                                    label: ytd_heading.clone(),
                                    value: fmt(i, f.ytd),
                                },
                                dot,
                                rag,
                                red,
                                amber,
                                green,
                                sparkline: trend,
                                latest: Cell {
                                    label: latest_heading.clone(),
                                    value: entry(i, f.value, f.judgement),
                                },
                                outturns: cells(
                                    &outturn_headings,
                                    shown.outturns.iter().map(|v| fmt(i, *v)).collect(),
                                ),
                                benchmarks: cells(
                                    &benchmark_headings,
                                    benchmarks(i, benchmark_columns_of_site),
                                ),
                                owner: role(&i.owner),
                                accountable: role(&i.accountable),
                                judgement: i
                                    .is_qualitative()
                                    .then(|| JudgementView::of(f.judgement)),
                                spc: self.spc_icons(shown),
                            }
                        })
                        .collect(),
                })
                .collect(),
            columns: table.columns.clone(),
            has_spc,
            benchmark_caption: format!(
                "Previous years and benchmarks as at month end: {}",
                month.long_name()
            ),
            benchmark_columns: benchmark_table.columns.clone(),
            benchmark_headings,
            table,
            benchmark_table,
        }
    }

    /// The edition at a glance, from the counts and exceptions the edition computed.
    fn overview(&self, figures: &EditionFigures, here: &Route) -> Overview {
        let month = figures.month;
        let c = &figures.counts;
        let labels = &self.settings().labels;
        let word = |rag: Option<compute::Rag>| compute::rag_word(labels, rag).to_string();
        let tally = |count: usize, label: String, class: &str| Tally {
            count: count.to_string(),
            label,
            class: class.into(),
        };
        let ratings = vec![
            tally(c.red, word(Some(compute::Rag::Red)), "rag-red"),
            tally(c.amber, word(Some(compute::Rag::Amber)), "rag-amber"),
            tally(c.green, word(Some(compute::Rag::Green)), "rag-green"),
            tally(c.unrated, word(None), "rag-none"),
        ];
        let words = &self.settings().words;
        let mut directions = vec![
            tally(c.improved, capitalised(&words.improved), "dot-improved"),
            tally(c.no_change, capitalised(&words.no_change), "dot-same-on"),
            tally(c.declined, capitalised(&words.declined), "dot-declined-off"),
        ];
        // Volumes and indicators without two months to compare are counted only
        // where there are some, so that the usual case reads in three numbers.
        if c.volumes > 0 {
            directions.push(tally(c.volumes, "Volumes, rose or fell".into(), "dot-info"));
        }
        if c.not_compared > 0 {
            directions.push(tally(c.not_compared, "Not compared".into(), "dot-none"));
        }
        // An indicator is listed once, in report order, with every reason it is listed.
        // A negative judgement is a qualitative measure's worst, which the exceptions
        // page lists beside red, so it is listed here too.
        let listed = [
            compute::ExceptionKind::Red,
            compute::ExceptionKind::JudgedNegative,
            compute::ExceptionKind::DeclineOffTarget,
            compute::ExceptionKind::DeclineThreeMonths,
        ];
        let mut reasons: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for (kind, k) in figures
            .exceptions
            .iter()
            .filter(|(k, _)| listed.contains(k))
        {
            reasons.entry(*k).or_default().push(kind.heading());
        }
        let attention: Vec<AttentionItem> = reasons
            .into_iter()
            .map(|(k, why)| {
                let shown = &figures.indicators[k];
                let (i, f) = (shown.indicator, &shown.figures);
                AttentionItem {
                    number: i.number_in(month).to_string(),
                    title: i.title.clone(),
                    href: format!(
                        "{}#{}",
                        self.link(here, &Route::Section(month, i.section.clone())),
                        anchor(&i.id)
                    ),
                    value: fmt(i, f.value),
                    rag: self.rag(f),
                    dot: self.dot(f),
                    worst: self.worst_member(shown),
                    judgement: i.is_qualitative().then(|| JudgementView::of(f.judgement)),
                    // "Rated red; declined and not on target": one sentence.
                    reasons: why
                        .iter()
                        .enumerate()
                        .map(|(n, heading)| match n {
                            0 => heading.to_string(),
                            _ => heading.to_lowercase(),
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })
            .collect();
        let judged = c.positive + c.similar + c.negative + c.not_judged;
        let mut judgements = Vec::new();
        if judged > 0 {
            for (count, judgement) in [
                (c.positive, Some(Judgement::Positive)),
                (c.similar, Some(Judgement::Similar)),
                (c.negative, Some(Judgement::Negative)),
            ] {
                let view = JudgementView::of(judgement);
                judgements.push(tally(count, view.word, &view.class));
            }
            if c.not_judged > 0 {
                judgements.push(tally(c.not_judged, "Not judged".into(), "judgement-none"));
            }
        }
        Overview {
            judgements,
            total: format!(
                "{} reported as at month end: {}.",
                crate::diagnostics::count_of(figures.reported(), "indicator"),
                month.long_name()
            ),
            ratings,
            directions,
            // The heading names negative judgements only where the edition has a
            // measure that can be judged, as the exceptions page does, so that a
            // site without them reads as it always has.
            attention_heading: format!(
                "Rated red, {}or declining and off target ({})",
                if figures.judges() {
                    "judged negative, "
                } else {
                    ""
                },
                attention.len()
            ),
            attention,
            spc: self.spc_tallies(figures),
        }
    }
}

/// A word as it opens a line: "improved" heads its count as "Improved".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
