//! The site as a whole: settings, sections, editions and free pages.

use std::sync::Arc;

use super::{
    Brand, ChangeSettings, Indicator, LifecycleSettings, Month, MonthlyWindow, SpcSettings,
    SummarySettings, Words,
};

/// What counts as "no change" for the direction of travel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoChange {
    /// Equal when both values are equal at the indicator's shown decimals.
    Precision,
    /// A change smaller than this fraction of the earlier value (0.10 is 10%).
    Relative(f64),
}

/// What the direction-of-travel arrow shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrowShows {
    /// Up means better, by polarity.
    Judgement,
    /// Up means the number rose; the judgement is told in words and colour.
    Raw,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectionSettings {
    pub no_change: NoChange,
    pub shows: ArrowShows,
}

/// The words shown for each rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub red: String,
    pub amber: String,
    pub green: String,
    pub none: String,
}

/// A figure that is computed for every indicator but shown on the section pages only
/// where the site asks for it (`show:` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraFigure {
    /// Change from the month before, as a percentage.
    Change,
    /// Change from the same month a year before, as a percentage.
    ChangeYear,
    /// The mean of the twelve months to the edition.
    Average12m,
    /// The highest of the twelve months to the edition.
    Maximum12m,
    /// The sum of the twelve months to the edition, for counts of events.
    Rolling12m,
}

impl ExtraFigure {
    /// Every extra figure, with the name site.yaml gives it.
    pub const NAMES: [(&'static str, ExtraFigure); 5] = [
        ("change", ExtraFigure::Change),
        ("change_year", ExtraFigure::ChangeYear),
        ("average_12m", ExtraFigure::Average12m),
        ("maximum_12m", ExtraFigure::Maximum12m),
        ("rolling_12m", ExtraFigure::Rolling12m),
    ];

    /// The words that head the figure on a page.
    pub fn label(self) -> &'static str {
        match self {
            ExtraFigure::Change => "Change from last month",
            ExtraFigure::ChangeYear => "Change from a year before",
            ExtraFigure::Average12m => "12-month average",
            ExtraFigure::Maximum12m => "12-month maximum",
            ExtraFigure::Rolling12m => "Rolling 12 months",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub title: String,
    pub organisation: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub financial_year_start: u8,
    pub theme: String,
    pub direction: DirectionSettings,
    pub labels: Labels,
    /// Whether "48 of 425" is shown beside a figure that has both parts.
    pub show_fractions: bool,
    /// The extra figures the section pages show, in the order the site lists them.
    pub show: Vec<ExtraFigure>,
    pub brand: Brand,
    /// The columns of the edition's summary tables (`summary:`).
    pub summary: SummarySettings,
    /// The months the monthly tables and the trend charts show (`monthly_window:`).
    pub monthly_window: MonthlyWindow,
    /// The site's words for movements and lifecycle (`words:`).
    pub words: Words,
    /// How a percentage change is put into words (`change_threshold:`).
    pub change: ChangeSettings,
    /// How measures that start or end are shown (`lifecycle:`).
    pub lifecycle: LifecycleSettings,
    /// The benchmark columns the tables show, in order (`benchmarks:`); the four of
    /// the children's services' report unless the site names its own.
    pub benchmarks: Vec<BenchmarkColumn>,
    /// Statistical process control: which indicators get an XmR analysis, and its rules.
    pub spc: SpcSettings,
    /// The dimensions measures may be broken down by (`breakdowns:`), each with its
    /// members; a section may list its own members of a dimension.
    pub breakdowns: Vec<super::Dimension>,
    /// The columns of the member table under a broken-down measure, in order
    /// (`breakdown_columns:`).
    pub breakdown_columns: Vec<super::BreakdownColumn>,
}

/// A benchmark column the site names: the key indicators give its figure under, and
/// its heading, where `{year}` stands for the benchmarks' year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchmarkColumn {
    pub key: String,
    pub label: String,
}

impl BenchmarkColumn {
    /// The columns a site has unless it names its own.
    pub fn defaults() -> Vec<BenchmarkColumn> {
        [
            (super::STAT_NEIGHBOUR_AVG, "Statistical neighbours {year}"),
            (super::BEST_STAT_NEIGHBOUR, "Best statistical neighbour"),
            (super::NATIONAL_AVG, "England average"),
            (super::NATIONAL_TOP_QUARTILE, "England top quartile"),
        ]
        .into_iter()
        .map(|(key, label)| BenchmarkColumn {
            key: key.into(),
            label: label.into(),
        })
        .collect()
    }

    /// The heading, with the benchmarks' year where the label asks for it.
    pub fn heading(&self, year: &str) -> String {
        self.label.replace("{year}", year).trim().to_string()
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub order: i64,
    /// Markdown.
    pub definition: String,
    pub indicators: Vec<Indicator>,
}

/// One published report, for one month.
#[derive(Debug, Clone)]
pub struct Edition {
    pub month: Month,
    pub status: String,
    /// As written in the front matter, `YYYY-MM-DD`.
    pub created: Option<String>,
    pub author: Option<String>,
    /// As written in the front matter, `YYYY-MM-DD`: when a published edition was
    /// last corrected.
    pub updated: Option<String>,
    /// Markdown: the cover's summary narrative.
    pub summary: String,
    /// Markdown performance analysis per section id, in section order. Shared with
    /// the load's cache, which keeps each file's reading between `serve`'s reloads.
    pub analysis: Vec<(String, Arc<str>)>,
    /// The latest month a shortcode of the summary or the analysis names, if any
    /// names one: worked out when the commentary is read, since an edition's pages
    /// read the figures up to that month.
    pub named: Option<Month>,
}

impl Edition {
    pub fn analysis_for(&self, section: &str) -> Option<&str> {
        self.analysis
            .iter()
            .find(|(id, _)| id == section)
            .map(|(_, text)| &**text)
    }
}

/// A free page such as "About" or the accessibility statement.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub body: String,
}

/// Everything loaded from a site folder; the input to compute and render.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    /// In report order. Shared with `serve`'s load cache, which keeps them between
    /// saves: a save that reads no data copies no series.
    pub sections: Arc<Vec<Section>>,
    /// Oldest first.
    pub editions: Vec<Edition>,
    pub pages: Vec<Page>,
    /// The commentary's Markdown as written, with where it was written, so that a
    /// problem found in the rendered pages (a broken link) can point at its source.
    pub commentary: Vec<Commentary>,
}

/// One file's commentary Markdown and where in the site folder it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commentary {
    /// The file, relative to the site folder.
    pub file: std::path::PathBuf,
    /// The line of the file that `text` starts on (after any front matter).
    pub first_line: usize,
    /// Shared with the load's cache, like [`Edition::analysis`].
    pub text: Arc<str>,
}

impl Site {
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.sections.iter().flat_map(|s| s.indicators.iter())
    }

    /// The site's figures as the edition of `edition` saw them (see
    /// [`Indicator::as_of`]): the settings, and the sections with each indicator as it
    /// stood. The editions, free pages and commentary, which no figure depends on, are
    /// left out, so that a snapshot costs its figures alone, however many editions the
    /// site has.
    pub fn as_of(&self, edition: Month) -> Site {
        let sections = self
            .sections
            .iter()
            .map(|section| Section {
                id: section.id.clone(),
                title: section.title.clone(),
                order: section.order,
                definition: section.definition.clone(),
                indicators: section
                    .indicators
                    .iter()
                    .map(|i| i.as_of(edition))
                    .collect(),
            })
            .collect();
        Site {
            settings: self.settings.clone(),
            sections: Arc::new(sections),
            editions: Vec::new(),
            pages: Vec::new(),
            commentary: Vec::new(),
        }
    }

    pub fn latest_edition(&self) -> Option<&Edition> {
        self.editions.last()
    }
}
