//! The cells of the summary tables: one match over the site's columns (`summary.columns`) makes each heading and each cell, formatted.

use super::*;
use crate::compute::{ChangeWord, Stage};
use crate::model::{Benchmark, SummaryColumn};

/// A summary table's headings and column count, in the order the site listed them.
#[derive(Debug, Serialize)]
pub struct SummaryTable {
    /// The headings of each listed column: one for most, one a month for
    /// `last_months`, one a year for `outturns`.
    pub headings: Vec<Vec<Heading>>,
    /// How many cells a row has, for the section rows that span them all.
    pub columns: String,
}

/// What a summary row works out once and shows both on its own and in the cells of
/// its two tables, which may each have a column for it.
pub(super) struct RowParts<'a> {
    /// The link to the indicator's panel.
    pub href: &'a str,
    /// The sparkline, empty for a judged measure.
    pub trend: &'a str,
    pub dot: &'a DotView,
    pub rag: &'a RagView,
}

/// One column heading.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub text: String,
    /// "num" for figures, aligned right on a wide screen; empty for none.
    pub class: String,
}

/// One cell of a summary row: its class, the heading the stacked layout of a narrow
/// screen shows beside it (empty for none), and what it holds.
///
/// A template sees one flat map: `class`, `label`, the content's `kind` and its
/// fields, as `#[serde(flatten)]` would make it. It is written by hand because
/// flatten goes through serde's buffering map serializer, and the summary tables'
/// cells, thousands an edition, made it a few per cent of a build.
#[derive(Debug, Clone)]
pub struct SummaryCell {
    pub class: String,
    pub label: String,
    pub content: CellContent,
}

impl Serialize for SummaryCell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = match &self.content {
            CellContent::Spc { .. } | CellContent::Text { .. } | CellContent::Chart { .. } => 1,
            CellContent::Dot { .. } | CellContent::Missing { .. } => 2,
            CellContent::Rag { .. } | CellContent::Bands { .. } | CellContent::Change { .. } => 3,
            CellContent::Heading { .. } => 4,
        };
        let mut cell = serializer.serialize_struct("SummaryCell", 3 + fields)?;
        cell.serialize_field("class", &self.class)?;
        cell.serialize_field("label", &self.label)?;
        match &self.content {
            CellContent::Text { value } => {
                cell.serialize_field("kind", "text")?;
                cell.serialize_field("value", value)?;
            }
            CellContent::Heading {
                href,
                title,
                note,
                stage,
                worst,
            } => {
                cell.serialize_field("kind", "heading")?;
                cell.serialize_field("href", href)?;
                cell.serialize_field("title", title)?;
                cell.serialize_field("note", note)?;
                cell.serialize_field("stage", stage)?;
                cell.serialize_field("worst", worst)?;
            }
            CellContent::Dot { arrow, words } => {
                cell.serialize_field("kind", "dot")?;
                cell.serialize_field("arrow", arrow)?;
                cell.serialize_field("words", words)?;
            }
            CellContent::Rag {
                word,
                rag_class,
                reason,
            } => {
                cell.serialize_field("kind", "rag")?;
                cell.serialize_field("word", word)?;
                cell.serialize_field("rag_class", rag_class)?;
                cell.serialize_field("reason", reason)?;
            }
            CellContent::Chart { svg } => {
                cell.serialize_field("kind", "chart")?;
                cell.serialize_field("svg", svg)?;
            }
            CellContent::Bands { red, amber, green } => {
                cell.serialize_field("kind", "bands")?;
                cell.serialize_field("red", red)?;
                cell.serialize_field("amber", amber)?;
                cell.serialize_field("green", green)?;
            }
            CellContent::Change { arrow, value, word } => {
                cell.serialize_field("kind", "change")?;
                cell.serialize_field("arrow", arrow)?;
                cell.serialize_field("value", value)?;
                cell.serialize_field("word", word)?;
            }
            CellContent::Spc { icons } => {
                cell.serialize_field("kind", "spc")?;
                cell.serialize_field("icons", icons)?;
            }
            CellContent::Missing { value, hidden } => {
                cell.serialize_field("kind", "missing")?;
                cell.serialize_field("value", value)?;
                cell.serialize_field("hidden", hidden)?;
            }
        }
        cell.end()
    }
}

/// What a cell holds; `kind` tells the template how to place it. [`SummaryCell`]
/// writes it for templates; the derived form, the same fields, is what its test
/// checks that against.
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(test, serde(tag = "kind", rename_all = "snake_case"))]
pub enum CellContent {
    /// A formatted figure or words.
    Text { value: String },
    /// The indicator's title, linked to its panel, with its data note and its
    /// lifecycle label ("Old measure"), either of which may be empty.
    Heading {
        href: String,
        title: String,
        note: String,
        stage: String,
        /// The worst member of the measure's breakdown, "Worst: West 62.1%", or
        /// empty.
        worst: String,
    },
    /// A direction of travel: its arrow (or empty) and words.
    Dot { arrow: String, words: String },
    Rag {
        word: String,
        rag_class: String,
        reason: String,
    },
    /// A sparkline: SVG ready to place.
    Chart { svg: String },
    /// The target's Red, Amber and Green bands, empty when no target applies.
    Bands {
        red: String,
        amber: String,
        green: String,
    },
    /// A percentage change with its arrow and the site's word for it.
    Change {
        arrow: String,
        value: String,
        word: String,
    },
    /// The SPC icons, or why there are none ("Not analysed").
    Spc { icons: Option<super::spc::SpcIcons> },
    /// No figure: a dash, and the words a screen reader says for it ("no figure").
    /// Only a breakdown's member table has it.
    Missing { value: String, hidden: String },
}

/// A percentage change as a cell: its arrow, the figure and the site's word for it;
/// a dash where there is none.
pub(super) fn change_cell(
    pct_value: Option<f64>,
    word: Option<ChangeWord>,
    words: &crate::model::Words,
) -> CellContent {
    match (pct_value, word) {
        (Some(v), Some(w)) => CellContent::Change {
            arrow: match w {
                ChangeWord::Up => "↑",
                ChangeWord::Down => "↓",
                ChangeWord::Similar => "→",
            }
            .into(),
            value: format!("{v:+.1}%"),
            word: w.word(words).to_string(),
        },
        _ => CellContent::Text {
            value: MISSING.into(),
        },
    }
}

/// One summary table of an edition: the columns and the facts every row's cells
/// are made from.
pub(super) struct TableSpec<'c> {
    pub columns: &'c [SummaryColumn],
    /// The headings of each column, as [`Views::summary_table`] made them: the same
    /// for every row, so made once a table rather than once a row.
    pub headings: &'c [Vec<Heading>],
    /// Whether this table shows the indicator's data note beside its title: only the
    /// first table that names the indicator does.
    pub with_note: bool,
}

/// The headings the edition of `figures` gives a column.
fn headings(views: &Views, column: &SummaryColumn, figures: &EditionFigures) -> Vec<Heading> {
    let month = figures.month;
    let h = |text: String, class: &str| Heading {
        text,
        class: class.into(),
    };
    let num = |text: String| h(text, "num");
    match column {
        SummaryColumn::Reference => vec![h("No.".into(), "summary__number")],
        SummaryColumn::Indicator => vec![h("Indicator".into(), "row-heading")],
        SummaryColumn::Polarity => vec![h("Good performance is".into(), "")],
        SummaryColumn::LastMonths(n) => (0..u32::from(*n))
            .rev()
            .map(|k| num(month.minus(k).short_name()))
            .collect(),
        SummaryColumn::Window => window_months(figures)
            .map(|m| num(m.short_name()))
            .collect(),
        SummaryColumn::Latest => vec![num(month.short_name())],
        SummaryColumn::Ytd => vec![num(format!("Year to date {}", figures.fy))],
        SummaryColumn::Direction => vec![h("Direction of travel".into(), "")],
        SummaryColumn::DirectionYear => {
            vec![h("Direction of travel from a year before".into(), "")]
        }
        SummaryColumn::Rag => vec![h("RAG rating".into(), "")],
        SummaryColumn::Trend => vec![h("Trend".into(), "")],
        SummaryColumn::Target => vec![h("Target and tolerances".into(), "")],
        SummaryColumn::Change => vec![num(ExtraFigure::Change.label().into())],
        SummaryColumn::ChangeYear => vec![num(ExtraFigure::ChangeYear.label().into())],
        SummaryColumn::Average12m => vec![num(ExtraFigure::Average12m.label().into())],
        SummaryColumn::Maximum12m => vec![num(ExtraFigure::Maximum12m.label().into())],
        SummaryColumn::Rolling12m => vec![num(ExtraFigure::Rolling12m.label().into())],
        SummaryColumn::Outturns => figures
            .outturn_years
            .iter()
            .map(|y| num(format!("Outturn {y}")))
            .collect(),
        SummaryColumn::Benchmarks => views
            .settings()
            .benchmarks
            .iter()
            .map(|c| num(benchmark_heading(views, &c.key)))
            .collect(),
        SummaryColumn::Benchmark(k) => vec![num(benchmark_heading(views, k))],
        SummaryColumn::Note => vec![h("Note".into(), "")],
        SummaryColumn::Owner => vec![h("Data owner".into(), "")],
        SummaryColumn::Accountable => vec![h("Accountable officer".into(), "")],
        SummaryColumn::Spc => vec![h("Variation and assurance (SPC)".into(), "")],
    }
}

/// The label of an old or a new measure, in the site's words: "Old measure", "New
/// measure from Aug 16"; empty for any other.
pub(super) fn stage_words(settings: &Settings, stage: Option<Stage>) -> String {
    let words = &settings.words;
    match stage {
        Some(Stage::Old) => words.old_measure.clone(),
        Some(Stage::New(from)) => format!("{} {}", words.new_measure, from.axis_name()),
        None => String::new(),
    }
}

/// The months of the monthly window up to the edition: a summary never shows the
/// empty months after it.
fn window_months<'f>(figures: &'f EditionFigures) -> impl Iterator<Item = Month> + 'f {
    figures
        .window
        .iter()
        .copied()
        .filter(move |m| *m <= figures.month)
}

/// The heading of the site's benchmark column `key`, with the benchmarks' year where
/// its label asks for it.
fn benchmark_heading(views: &Views, key: &str) -> String {
    let year = views.benchmark_year();
    views
        .settings()
        .benchmarks
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.heading(&year))
        .unwrap_or_default()
}

/// An indicator's benchmark under the site's column `key`, as the tables show it: a
/// figure in the indicator's unit, or the words it gives, such as "Local indicator".
fn benchmark_cell(i: &Indicator, key: &str) -> Option<String> {
    match i.benchmarks.as_ref()?.values.get(key)? {
        Benchmark::Figure(v) => Some(i.format(*v)),
        Benchmark::Text(t) => Some(t.clone()),
    }
}

impl Views<'_> {
    /// The headings of a summary table.
    pub(super) fn summary_table(
        &self,
        columns: &[SummaryColumn],
        figures: &EditionFigures,
    ) -> SummaryTable {
        let headings: Vec<Vec<Heading>> =
            columns.iter().map(|c| headings(self, c, figures)).collect();
        SummaryTable {
            columns: headings.iter().map(Vec::len).sum::<usize>().to_string(),
            headings,
        }
    }

    /// The cells of one indicator's row of a summary table, grouped by column.
    /// `row` is what the row shows on its own too, made once for it and both tables.
    pub(super) fn summary_cells(
        &self,
        spec: &TableSpec,
        shown: &IndicatorFigures,
        figures: &EditionFigures,
        row: &RowParts,
    ) -> Vec<Vec<SummaryCell>> {
        spec.columns
            .iter()
            .zip(spec.headings)
            .map(|(column, labels)| {
                let contents = self.contents(column, spec, shown, figures, row);
                labels
                    .iter()
                    .zip(contents)
                    .map(|(heading, (content, cell_class))| SummaryCell {
                        class: cell_class.unwrap_or_else(|| heading.class.clone()),
                        // The number opens the row and the title heads it: neither
                        // needs its column's name beside it on a narrow screen.
                        label: match column {
                            SummaryColumn::Reference | SummaryColumn::Indicator => String::new(),
                            _ => heading.text.clone(),
                        },
                        content,
                    })
                    .collect()
            })
            .collect()
    }

    /// What each cell of `column` holds, with its class where the column's heading
    /// class is not the cell's.
    fn contents(
        &self,
        column: &SummaryColumn,
        spec: &TableSpec,
        shown: &IndicatorFigures,
        figures: &EditionFigures,
        row: &RowParts,
    ) -> Vec<(CellContent, Option<String>)> {
        let (i, f) = (shown.indicator, &shown.figures);
        let month = figures.month;
        let words = &self.settings().words;
        let text = |value: String| (CellContent::Text { value }, None);
        let figure = |v: Option<f64>| text(fmt(i, v));
        // A month of a qualitative measure shows its judgement in words.
        let month_entry = |m: Month| text(super::entry(i, i.value(m), i.judgement(m)));
        let text_figure = |v: Option<String>| text(v.unwrap_or_else(|| MISSING.into()));
        let plain = |value: String| (CellContent::Text { value }, Some(String::new()));
        let change = |pct_value: Option<f64>, word: Option<ChangeWord>| {
            (change_cell(pct_value, word, words), None)
        };
        let dot = |view: DotView| {
            (
                CellContent::Dot {
                    arrow: view.arrow,
                    words: view.label,
                },
                Some(format!("dot {}", view.class)),
            )
        };
        match column {
            SummaryColumn::Reference => vec![plain(i.number_in(month).to_string())],
            SummaryColumn::Indicator => vec![(
                CellContent::Heading {
                    href: row.href.to_string(),
                    title: i.title.clone(),
                    note: if spec.with_note {
                        i.data_note.clone().unwrap_or_default()
                    } else {
                        String::new()
                    },
                    stage: stage_words(self.settings(), shown.stage),
                    worst: if spec.with_note {
                        self.worst_member(shown)
                    } else {
                        String::new()
                    },
                },
                None,
            )],
            SummaryColumn::Polarity if i.is_qualitative() => vec![plain("Judged".into())],
            SummaryColumn::Polarity => vec![plain(i.polarity.label().into())],
            SummaryColumn::LastMonths(n) => (0..u32::from(*n))
                .rev()
                .map(|k| month_entry(month.minus(k)))
                .collect(),
            SummaryColumn::Window => window_months(figures).map(month_entry).collect(),
            SummaryColumn::Latest => vec![month_entry(month)],
            SummaryColumn::Ytd => vec![figure(f.ytd)],
            SummaryColumn::Direction => vec![dot(row.dot.clone())],
            SummaryColumn::DirectionYear => vec![dot(self.dot_year(f))],
            SummaryColumn::Rag if i.is_qualitative() => {
                let judged = super::JudgementView::of(f.judgement);
                vec![(
                    CellContent::Rag {
                        word: judged.word,
                        rag_class: judged.class,
                        reason: String::new(),
                    },
                    Some(String::new()),
                )]
            }
            SummaryColumn::Rag => {
                let rag = row.rag.clone();
                vec![(
                    CellContent::Rag {
                        word: rag.word,
                        rag_class: rag.class,
                        reason: rag.reason,
                    },
                    Some(String::new()),
                )]
            }
            SummaryColumn::Trend if i.is_qualitative() => {
                vec![plain(String::new())]
            }
            SummaryColumn::Trend => vec![(
                CellContent::Chart {
                    svg: row.trend.into(),
                },
                Some("summary__trend".into()),
            )],
            SummaryColumn::Target => {
                let (red, amber, green) = i
                    .targets_for(figures.fy)
                    .next()
                    .map(|t| bands(i, t))
                    .unwrap_or_default();
                vec![(
                    CellContent::Bands { red, amber, green },
                    Some("summary__target".into()),
                )]
            }
            SummaryColumn::Change => vec![change(f.change_month_pct, f.change_month_word)],
            SummaryColumn::ChangeYear => vec![change(f.change_year_pct, f.change_year_word)],
            SummaryColumn::Average12m => vec![figure(f.avg_12m)],
            SummaryColumn::Maximum12m => vec![figure(f.max_12m)],
            SummaryColumn::Rolling12m => vec![figure(f.rolling_12m)],
            SummaryColumn::Outturns => shown.outturns.iter().map(|v| figure(*v)).collect(),
            SummaryColumn::Benchmarks => self
                .settings()
                .benchmarks
                .iter()
                .map(|c| text_figure(benchmark_cell(i, &c.key)))
                .collect(),
            SummaryColumn::Benchmark(k) => vec![text_figure(benchmark_cell(i, k))],
            SummaryColumn::Owner => vec![plain(i.owner.clone().unwrap_or_default())],
            SummaryColumn::Accountable => vec![plain(i.accountable.clone().unwrap_or_default())],
            SummaryColumn::Spc => vec![(
                CellContent::Spc {
                    icons: self.spc_icons(shown),
                },
                Some("summary__spc".into()),
            )],
            SummaryColumn::Note => vec![plain(
                shown
                    .details
                    .get(&month)
                    .and_then(|d| d.note.clone())
                    .unwrap_or_default(),
            )],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_its_class_and_label_with_its_content_flattened() {
        let s = |text: &str| text.to_string();
        let contents = [
            CellContent::Text { value: s("46.6%") },
            CellContent::Heading {
                href: s("#i-2-1"),
                title: s("Delayed transfers"),
                note: s("Provisional"),
                stage: s("Old measure"),
                worst: s("Worst: West 62.1%"),
            },
            CellContent::Dot {
                arrow: s("↑"),
                words: s("Better"),
            },
            CellContent::Rag {
                word: s("Green"),
                rag_class: s("rag-green"),
                reason: s("On target"),
            },
            CellContent::Chart { svg: s("<svg/>") },
            CellContent::Bands {
                red: s("below 40%"),
                amber: s("40% to 45%"),
                green: s("45% or more"),
            },
            CellContent::Change {
                arrow: s("→"),
                value: s("+0.4%"),
                word: s("similar"),
            },
            CellContent::Spc { icons: None },
            CellContent::Missing {
                value: s("–"),
                hidden: s("no figure"),
            },
        ];
        for content in contents {
            let mut expected = serde_json::to_value(&content).unwrap();
            let fields = expected.as_object_mut().unwrap();
            fields.insert(s("class"), s("num").into());
            fields.insert(s("label"), s("Latest").into());
            let cell = SummaryCell {
                class: s("num"),
                label: s("Latest"),
                content,
            };
            assert_eq!(serde_json::to_value(&cell).unwrap(), expected);
        }
    }
}
