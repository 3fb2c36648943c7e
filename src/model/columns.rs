//! What the report's tables show: the summary's columns, the monthly window, the words for change, and how long an ended measure stays.

/// One column of a summary table, as site.yaml names it. Each variant becomes one or
/// more cells of a row (`last_months: 3` is three), built by one match in the edition
/// view, so a new kind of column is one more variant there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryColumn {
    /// The indicator's printed number.
    Reference,
    /// The indicator's title, linked to its panel, with its data note.
    Indicator,
    /// What good performance is: high, low, or a volume.
    Polarity,
    /// The figures of the last N months to the edition, one column each.
    LastMonths(u8),
    /// The months of the site's monthly window (`monthly_window`), one column each.
    Window,
    /// The edition month's figure alone.
    Latest,
    Ytd,
    /// Direction of travel from the month before.
    Direction,
    /// Direction of travel from the same month a year before.
    DirectionYear,
    Rag,
    /// The sparkline of the trend.
    Trend,
    /// The target and its Red, Amber and Green bands.
    Target,
    /// Percentage change from the month before, with its word.
    Change,
    /// Percentage change from the same month a year before, with its word.
    ChangeYear,
    Average12m,
    Maximum12m,
    Rolling12m,
    /// The outturns of the two years before, one column each.
    Outturns,
    /// Every benchmark of the site's `benchmarks:` columns, one column each.
    Benchmarks,
    /// One benchmark, by the key of one of the site's benchmark columns.
    Benchmark(String),
    /// The data's note for the edition month.
    Note,
    /// The role that owns the measure's data.
    Owner,
    /// The role accountable for the measure's performance.
    Accountable,
    /// The statistical process control icons, variation and assurance; shown only in
    /// editions where some indicator has SPC.
    Spc,
}

impl SummaryColumn {
    /// The columns named by a word alone in site.yaml; `last_months: N` and
    /// `benchmark: KEY` take a value.
    pub const NAMES: [(&'static str, SummaryColumn); 22] = [
        ("reference", SummaryColumn::Reference),
        ("indicator", SummaryColumn::Indicator),
        ("polarity", SummaryColumn::Polarity),
        ("window", SummaryColumn::Window),
        ("latest", SummaryColumn::Latest),
        ("ytd", SummaryColumn::Ytd),
        ("direction", SummaryColumn::Direction),
        ("direction_year", SummaryColumn::DirectionYear),
        ("rag", SummaryColumn::Rag),
        ("trend", SummaryColumn::Trend),
        ("target", SummaryColumn::Target),
        ("change", SummaryColumn::Change),
        ("change_year", SummaryColumn::ChangeYear),
        ("average_12m", SummaryColumn::Average12m),
        ("maximum_12m", SummaryColumn::Maximum12m),
        ("rolling_12m", SummaryColumn::Rolling12m),
        ("outturns", SummaryColumn::Outturns),
        ("benchmarks", SummaryColumn::Benchmarks),
        ("note", SummaryColumn::Note),
        ("owner", SummaryColumn::Owner),
        ("accountable", SummaryColumn::Accountable),
        ("spc", SummaryColumn::Spc),
    ];

    /// The names that take a value, as `name: value`.
    pub const WITH_VALUE: [&'static str; 2] = ["last_months", "benchmark"];

    /// The performance table as the report has always shown it.
    pub fn default_performance() -> Vec<SummaryColumn> {
        use SummaryColumn::*;
        vec![
            Reference,
            Indicator,
            Polarity,
            LastMonths(3),
            Ytd,
            Direction,
            Rag,
            Trend,
            Target,
            Spc,
        ]
    }

    /// The table of outturns and benchmarks as the report has always shown it.
    pub fn default_benchmarks() -> Vec<SummaryColumn> {
        use SummaryColumn::*;
        vec![Reference, Indicator, Latest, Outturns, Benchmarks]
    }
}

/// The columns of the edition's two summary tables, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummarySettings {
    /// The performance table.
    pub columns: Vec<SummaryColumn>,
    /// The table of outturns and benchmarks; empty when the site shows none.
    pub benchmark_columns: Vec<SummaryColumn>,
}

impl Default for SummarySettings {
    fn default() -> Self {
        SummarySettings {
            columns: SummaryColumn::default_performance(),
            benchmark_columns: SummaryColumn::default_benchmarks(),
        }
    }
}

/// The months the monthly tables and the trend charts show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MonthlyWindow {
    /// Every month of the edition's financial year, those after the edition blank.
    #[default]
    FinancialYear,
    /// The same month a year before to the edition month: thirteen months.
    Last13Months,
}

impl MonthlyWindow {
    pub const NAMES: [(&'static str, MonthlyWindow); 2] = [
        ("financial_year", MonthlyWindow::FinancialYear),
        ("last_13_months", MonthlyWindow::Last13Months),
    ];
}

/// The site's own words for movements and for a measure's lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// A direction of travel that improved, declined, or did not change.
    pub improved: String,
    pub declined: String,
    pub no_change: String,
    /// A percentage change at or above the threshold, at or below minus it, or between.
    pub up: String,
    pub down: String,
    pub similar: String,
    /// An ended measure shown after its last month.
    pub old_measure: String,
    /// A measure's first months: "New measure from" and the month.
    pub new_measure: String,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            improved: "improved".into(),
            declined: "declined".into(),
            no_change: "no change".into(),
            up: "Up".into(),
            down: "Down".into(),
            similar: "Similar".into(),
            old_measure: "Old measure".into(),
            new_measure: "New measure from".into(),
        }
    }
}

/// How a percentage change is put into words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeSettings {
    /// The fraction of change, up or down, that counts as up or down (0.10 is 10%).
    pub threshold: f64,
}

impl Default for ChangeSettings {
    fn default() -> Self {
        ChangeSettings { threshold: 0.10 }
    }
}

/// How measures that start or end are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LifecycleSettings {
    /// For how many months after its last month an ended measure is still shown, as
    /// "Old measure" with its last figures. None by default: it disappears.
    pub old_measure_months: u32,
    /// For how many months from its first month (`starts:`) a measure is labelled "New
    /// measure from `<month>`". None by default.
    pub new_measure_months: u32,
}
