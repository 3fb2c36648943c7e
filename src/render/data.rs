//! The machine-readable figures of an edition: `report.json`, `report.csv` and the
//! data behind each chart.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::compute::{BreakdownFigures, EditionFigures, Figures, Lifecycle, PointKind};
use crate::model::{
    Benchmark, Edition, Indicator, Judgement, Month, NATIONAL_AVG, NATIONAL_TOP_QUARTILE,
    STAT_NEIGHBOUR_AVG, Settings, TotalRule,
};

#[derive(Serialize)]
struct Report<'a> {
    edition: String,
    status: &'a str,
    financial_year: String,
    indicators: Vec<Row<'a>>,
}

/// One indicator's computed figures; the schema is documented in docs/format.md.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    number: &'a str,
    section: &'a str,
    title: &'a str,
    unit: &'static str,
    polarity: &'static str,
    month: String,
    value: Option<f64>,
    previous: Option<f64>,
    dot: Option<&'static str>,
    dot_meaning: Option<String>,
    rag: Option<&'static str>,
    rag_reason: Option<String>,
    ytd: Option<f64>,
    change_month_pct: Option<f64>,
    change_year_pct: Option<f64>,
    rolling_12m: Option<f64>,
    avg_12m: Option<f64>,
    max_12m: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    note: Option<String>,
    revised: Vec<Revised>,
    vs_stat_neighbours: Option<&'static str>,
    vs_national: Option<&'static str>,
    vs_top_quartile: Option<&'static str>,
    lifecycle: &'static str,
    change_month_word: Option<&'static str>,
    change_year_word: Option<&'static str>,
    dot_year: Option<&'static str>,
    dot_year_meaning: Option<String>,
    /// The unit as the pages name it: "Rate per 100,000 population aged 65+".
    unit_label: String,
    owner: Option<&'a str>,
    accountable: Option<&'a str>,
    /// "measured", or "qualitative" for a measure judged in words.
    kind: &'static str,
    /// A qualitative measure's judgement for the month: positive, similar, negative.
    judgement: Option<&'static str>,
    /// The benchmark under each of the site's benchmark columns: a figure or words.
    benchmarks: BTreeMap<&'a str, BenchmarkValue<'a>>,
    /// The month's figure against each benchmark that is a figure, by the same keys.
    vs_benchmarks: BTreeMap<&'a str, &'static str>,
    /// The statistical process control fields (docs/spc.md): all empty for an
    /// indicator without an analysis.
    spc_variation: Option<&'static str>,
    spc_assurance: Option<&'static str>,
    spc_mean: Option<f64>,
    spc_average_moving_range: Option<f64>,
    spc_lower_limit: Option<f64>,
    spc_upper_limit: Option<f64>,
    spc_baseline_from: Option<String>,
    spc_baseline_to: Option<String>,
    /// Each month where a special-cause rule fires, with the rules.
    spc_signals: Vec<Signal>,
    /// Why an indicator that asks for an analysis has none.
    spc_note: Option<String>,
    /// The measure's figures for each member of its breakdown, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    breakdown: Option<BreakdownData<'a>>,
    /// In report.csv, the member a row is for; empty on the measure's own row.
    #[serde(skip)]
    member: Option<&'a str>,
}

/// A measure's breakdown as report.json gives it (docs/format.md).
#[derive(Serialize)]
struct BreakdownData<'a> {
    dimension: &'a str,
    /// "sum", "ratio" or "unchecked": how the total relates to the members.
    total: &'static str,
    members: Vec<MemberData<'a>>,
    /// The key of the member to look at first (red, else furthest from good).
    worst: Option<&'a str>,
    /// The months whose total was worked out from the members.
    derived: Vec<String>,
    /// The months of the trend whose total disagrees with the members.
    mismatches: Vec<MismatchData>,
}

/// One member's figures for the edition month.
#[derive(Serialize)]
struct MemberData<'a> {
    key: &'a str,
    label: &'a str,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    direction: Option<&'static str>,
    direction_meaning: Option<String>,
    rag: Option<&'static str>,
    avg_6m: Option<f64>,
    avg_12m: Option<f64>,
    /// The figures report.csv's member rows carry too, as the measure's row has them.
    ytd: Option<f64>,
    change_month_pct: Option<f64>,
    change_year_pct: Option<f64>,
    dot_year: Option<&'static str>,
    /// The note of the member's row for the month.
    note: Option<String>,
    /// The member's figures corrected since first published, as for the measure.
    revised: Vec<Revised>,
}

#[derive(Serialize)]
struct MismatchData {
    month: String,
    total: f64,
    from_members: f64,
}

/// A benchmark as report.json gives it: a number, or words such as "Local indicator".
#[derive(Serialize)]
#[serde(untagged)]
enum BenchmarkValue<'a> {
    Figure(f64),
    Text(&'a str),
}

impl BenchmarkValue<'_> {
    fn cell(&self) -> String {
        match self {
            BenchmarkValue::Figure(v) => v.to_string(),
            BenchmarkValue::Text(t) => inert(t),
        }
    }
}

/// A month where a special-cause rule fires.
#[derive(Serialize)]
struct Signal {
    month: String,
    value: f64,
    /// "improvement", "concern" or "neither".
    kind: &'static str,
    rules: Vec<&'static str>,
}

impl Signal {
    /// The signal as part of one CSV cell: `2015-04 concern: part of a shift`.
    fn cell(&self) -> String {
        format!("{} {}: {}", self.month, self.kind, self.rules.join(", "))
    }
}

/// A month of the edition's tables or chart whose figure differs from the one an
/// earlier edition first published.
#[derive(Serialize)]
struct Revised {
    month: String,
    value: Option<f64>,
    first_published: f64,
    first_edition: String,
}

impl Revised {
    /// The revision as one CSV cell: `2015-04: 879, first 880 in 2015-12`.
    fn cell(&self) -> String {
        let value = self.value.map(|v| v.to_string()).unwrap_or_default();
        format!(
            "{}: {value}, first {} in {}",
            self.month, self.first_published, self.first_edition
        )
    }
}

/// The fields of a row that come from an indicator's definition and one set of its
/// figures: a measure's own, or one member's. The rest are left empty.
fn figures_row<'a>(i: &'a Indicator, f: &Figures, settings: &'a Settings) -> Row<'a> {
    let (shows, words) = (settings.direction.shows, &settings.words);
    let month = f.month;
    Row {
        id: &i.id,
        number: i.number_in(month),
        section: &i.section,
        title: &i.title,
        unit: unit_name(i),
        polarity: match i.polarity {
            crate::model::Polarity::High => "high",
            crate::model::Polarity::Low => "low",
            crate::model::Polarity::Info => "info",
            crate::model::Polarity::Range => "range",
        },
        month: month.to_string(),
        value: f.value.map(figure),
        previous: f.previous.map(figure),
        dot: f.dot.map(|d| d.arrow.as_str()),
        dot_meaning: f.dot.map(|d| d.words(shows, words)),
        rag: f.rag.as_ref().map(|r| r.rag.as_str()),
        rag_reason: f.rag.as_ref().map(|r| r.reason.clone()),
        ytd: f.ytd.map(figure),
        change_month_pct: f.change_month_pct.map(round2),
        change_year_pct: f.change_year_pct.map(round2),
        rolling_12m: f.rolling_12m.map(figure),
        avg_12m: f.avg_12m.map(round2),
        max_12m: f.max_12m.map(figure),
        numerator: f.fraction.map(|x| figure(x.0)),
        denominator: f.fraction.map(|x| figure(x.1)),
        note: None,
        revised: Vec::new(),
        vs_stat_neighbours: None,
        vs_national: None,
        vs_top_quartile: None,
        lifecycle: match f.lifecycle {
            Lifecycle::Live => "live",
            Lifecycle::New => "new",
            Lifecycle::NotStarted => "not started",
            Lifecycle::Ended => "ended",
        },
        change_month_word: f.change_month_word.map(|w| w.as_str()),
        change_year_word: f.change_year_word.map(|w| w.as_str()),
        dot_year: f.dot_year.map(|d| d.arrow.as_str()),
        dot_year_meaning: f.dot_year.map(|d| d.words(shows, words)),
        unit_label: i.unit.label(),
        owner: i.owner.as_deref(),
        accountable: i.accountable.as_deref(),
        kind: if i.is_qualitative() {
            "qualitative"
        } else {
            "measured"
        },
        judgement: f.judgement.map(Judgement::as_str),
        benchmarks: BTreeMap::new(),
        vs_benchmarks: BTreeMap::new(),
        spc_variation: None,
        spc_assurance: None,
        spc_mean: None,
        spc_average_moving_range: None,
        spc_lower_limit: None,
        spc_upper_limit: None,
        spc_baseline_from: None,
        spc_baseline_to: None,
        spc_signals: Vec::new(),
        spc_note: None,
        breakdown: None,
        member: None,
    }
}

/// A breakdown's figures for report.json.
fn breakdown_data<'a>(
    b: &BreakdownFigures<'a>,
    indicator: &'a Indicator,
    month: Month,
    settings: &'a Settings,
) -> BreakdownData<'a> {
    let (shows, words) = (settings.direction.shows, &settings.words);
    BreakdownData {
        dimension: &b.breakdown.dimension.key,
        total: match b.breakdown.total {
            TotalRule::Sum => "sum",
            TotalRule::Ratio => "ratio",
            TotalRule::Unchecked => "unchecked",
        },
        members: b
            .members
            .iter()
            .map(|m| {
                let f = &m.figures;
                // The same figures as the member's report.csv row.
                let member_row = figures_row(indicator, f, settings);
                MemberData {
                    key: &m.member.member.key,
                    label: &m.member.member.label,
                    value: f.value.map(figure),
                    numerator: f.fraction.map(|x| figure(x.0)),
                    denominator: f.fraction.map(|x| figure(x.1)),
                    direction: f.dot.map(|d| d.arrow.as_str()),
                    direction_meaning: f.dot.map(|d| d.words(shows, words)),
                    rag: f.rag.as_ref().map(|r| r.rag.as_str()),
                    avg_6m: m.figures.avg_6m.map(round2),
                    avg_12m: f.avg_12m.map(round2),
                    ytd: member_row.ytd,
                    change_month_pct: member_row.change_month_pct,
                    change_year_pct: member_row.change_year_pct,
                    dot_year: member_row.dot_year,
                    note: member_note(m, month),
                    revised: member_revised(m),
                }
            })
            .collect(),
        worst: b.worst.map(|w| b.members[w].member.member.key.as_str()),
        derived: b.derived.iter().map(Month::to_string).collect(),
        mismatches: b
            .mismatches
            .iter()
            .map(|m| MismatchData {
                month: m.month.to_string(),
                total: figure(m.total),
                from_members: figure(m.from_members),
            })
            .collect(),
    }
}

fn rows<'a>(figures: &EditionFigures<'a>, settings: &'a Settings) -> Vec<Row<'a>> {
    let month = figures.month;
    figures
        .indicators
        .iter()
        .map(|shown| {
            let (i, f) = (shown.indicator, &shown.figures);
            let xmr = shown.spc.as_ref().and_then(|s| s.xmr());
            let revised = shown
                .details
                .iter()
                .filter_map(|(m, d)| {
                    let r = d.revision?;
                    let value = shown
                        .year
                        .iter()
                        .chain(&shown.trend)
                        .find(|(shown, _)| shown == m)
                        .and_then(|(_, v)| *v);
                    Some(Revised {
                        month: m.to_string(),
                        value: value.map(figure),
                        first_published: figure(r.first),
                        first_edition: r.edition.to_string(),
                    })
                })
                .collect();
            Row {
                note: shown.details.get(&month).and_then(|d| d.note.clone()),
                revised,
                vs_stat_neighbours: shown.position(STAT_NEIGHBOUR_AVG).map(|p| p.as_str()),
                vs_national: shown.position(NATIONAL_AVG).map(|p| p.as_str()),
                vs_top_quartile: shown.position(NATIONAL_TOP_QUARTILE).map(|p| p.as_str()),
                vs_benchmarks: shown
                    .benchmarks
                    .iter()
                    .map(|(key, p)| (*key, p.as_str()))
                    .collect(),
                breakdown: shown
                    .breakdown
                    .as_ref()
                    .map(|b| breakdown_data(b, i, month, settings)),
                benchmarks: settings
                    .benchmarks
                    .iter()
                    .filter_map(|column| {
                        let value = match i.benchmarks.as_ref()?.values.get(&column.key)? {
                            Benchmark::Figure(v) => BenchmarkValue::Figure(figure(*v)),
                            Benchmark::Text(t) => BenchmarkValue::Text(t),
                        };
                        Some((column.key.as_str(), value))
                    })
                    .collect(),
                spc_variation: xmr.map(|x| x.variation.as_str()),
                spc_assurance: xmr.and_then(|x| x.assurance).map(|a| a.as_str()),
                spc_mean: xmr.map(|x| figure(x.mean)),
                spc_average_moving_range: xmr.map(|x| figure(x.mr_bar)),
                spc_lower_limit: xmr.map(|x| figure(x.lower)),
                spc_upper_limit: xmr.map(|x| figure(x.upper)),
                spc_baseline_from: xmr.map(|x| x.baseline.0.to_string()),
                spc_baseline_to: xmr.map(|x| x.baseline.1.to_string()),
                spc_signals: xmr
                    .map(|x| {
                        x.special_causes()
                            .map(|p| Signal {
                                month: p.month.to_string(),
                                value: figure(p.value),
                                kind: match p.kind {
                                    PointKind::Improvement => "improvement",
                                    PointKind::Concern => "concern",
                                    PointKind::Neither | PointKind::Common => "neither",
                                },
                                rules: p.signals.words(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                spc_note: shown.spc.as_ref().and_then(|s| s.reason()),
                ..figures_row(i, f, settings)
            }
        })
        .collect()
}

/// report.csv's rows: each measure's, followed by a row for each member of its
/// breakdown, with the member's key in the `member` column.
fn csv_rows<'a>(figures: &EditionFigures<'a>, settings: &'a Settings) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for (row, shown) in rows(figures, settings).into_iter().zip(&figures.indicators) {
        out.push(row);
        for m in shown.breakdown.iter().flat_map(|b| &b.members) {
            out.push(Row {
                member: Some(&m.member.member.key),
                note: member_note(m, figures.month),
                revised: member_revised(m),
                ..figures_row(shown.indicator, &m.figures, settings)
            });
        }
    }
    out
}

/// The note of a member's row for `month`.
fn member_note(m: &crate::compute::MemberFigures, month: Month) -> Option<String> {
    m.member.indicator.series.get(&month)?.note.clone()
}

/// A member's corrected figures, as the measure's `revised` gives them: each figure
/// as compute made it for the member's trend, which the data table and the revisions
/// note show too, so that none of them can read the month differently.
fn member_revised(m: &crate::compute::MemberFigures) -> Vec<Revised> {
    m.revised
        .iter()
        .map(|(month, r)| Revised {
            month: month.to_string(),
            value: m.trend_value(*month).map(figure),
            first_published: figure(r.first),
            first_edition: r.edition.to_string(),
        })
        .collect()
}

/// Figures are rounded to four decimals, so that a sum of monthly figures reads
/// 6990.9, not 6990.900000000001: the digits beyond are floating-point noise and could
/// differ between platforms.
fn figure(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// Percentage changes and means are rounded to two decimals.
fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

pub(crate) fn json(settings: &Settings, edition: &Edition, figures: &EditionFigures) -> String {
    let report = Report {
        edition: edition.month.to_string(),
        status: &edition.status,
        financial_year: figures.fy.to_string(),
        indicators: rows(figures, settings),
    };
    let mut text = script_safe(&serde_json::to_string_pretty(&report).unwrap_or_default());
    text.push('\n');
    text
}

/// JSON from serde_json, which escapes quotes, backslashes and control characters,
/// with `<`, `>`, `&`, U+2028 and U+2029 escaped as well. They can only occur inside
/// strings, where their escapes mean the same; escaped, the file is safe even if a
/// page ever inlines it in a `<script>`, and older JavaScript reads the line
/// separators as line breaks that end a string.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The same rows as report.json, one per indicator, with a column for every field.
pub(crate) fn csv(settings: &Settings, figures: &EditionFigures) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "id",
        "number",
        "section",
        "title",
        "unit",
        "polarity",
        "month",
        "value",
        "previous",
        "dot",
        "dot_meaning",
        "rag",
        "rag_reason",
        "ytd",
        "change_month_pct",
        "change_year_pct",
        "rolling_12m",
        "avg_12m",
        "max_12m",
        "numerator",
        "denominator",
        "note",
        "revised",
        "vs_stat_neighbours",
        "vs_national",
        "vs_top_quartile",
        "lifecycle",
        "change_month_word",
        "change_year_word",
        "dot_year",
        "dot_year_meaning",
        "unit_label",
        "owner",
        "accountable",
        "kind",
        "judgement",
        "spc_variation",
        "spc_assurance",
        "spc_mean",
        "spc_average_moving_range",
        "spc_lower_limit",
        "spc_upper_limit",
        "spc_baseline_from",
        "spc_baseline_to",
        "spc_signals",
        "spc_note",
    ]
    .map(String::from)
    .to_vec();
    // A column for each of the site's benchmarks, in its order.
    header.extend(
        settings
            .benchmarks
            .iter()
            .map(|c| format!("benchmark_{}", c.key)),
    );
    // Then the figure against each of them, `vs_benchmark_<key>`: a key of the site's
    // own could be `national`, whose `vs_<key>` would clash with `vs_national`.
    header.extend(
        settings
            .benchmarks
            .iter()
            .map(|c| format!("vs_benchmark_{}", c.key)),
    );
    // The member of a breakdown a row is for, empty on a measure's own row.
    header.push("member".to_string());
    let _ = writer.write_record(&header);
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in csv_rows(figures, settings) {
        let mut record: Vec<String> = [
            r.id,
            &inert(r.number),
            r.section,
            &inert(r.title),
            r.unit,
            r.polarity,
            &r.month,
            &num(r.value),
            &num(r.previous),
            r.dot.unwrap_or(""),
            r.dot_meaning.as_deref().unwrap_or(""),
            r.rag.unwrap_or(""),
            r.rag_reason.as_deref().unwrap_or(""),
            &num(r.ytd),
            &num(r.change_month_pct),
            &num(r.change_year_pct),
            &num(r.rolling_12m),
            &num(r.avg_12m),
            &num(r.max_12m),
            &num(r.numerator),
            &num(r.denominator),
            &inert(r.note.as_deref().unwrap_or("")),
            &r.revised
                .iter()
                .map(Revised::cell)
                .collect::<Vec<_>>()
                .join("; "),
            r.vs_stat_neighbours.unwrap_or(""),
            r.vs_national.unwrap_or(""),
            r.vs_top_quartile.unwrap_or(""),
            r.lifecycle,
            r.change_month_word.unwrap_or(""),
            r.change_year_word.unwrap_or(""),
            r.dot_year.unwrap_or(""),
            r.dot_year_meaning.as_deref().unwrap_or(""),
            &inert(&r.unit_label),
            &inert(r.owner.unwrap_or("")),
            &inert(r.accountable.unwrap_or("")),
            r.kind,
            r.judgement.unwrap_or(""),
            r.spc_variation.unwrap_or(""),
            r.spc_assurance.unwrap_or(""),
            &num(r.spc_mean),
            &num(r.spc_average_moving_range),
            &num(r.spc_lower_limit),
            &num(r.spc_upper_limit),
            r.spc_baseline_from.as_deref().unwrap_or(""),
            r.spc_baseline_to.as_deref().unwrap_or(""),
            &r.spc_signals
                .iter()
                .map(Signal::cell)
                .collect::<Vec<_>>()
                .join("; "),
            r.spc_note.as_deref().unwrap_or(""),
        ]
        .map(String::from)
        .to_vec();
        record.extend(settings.benchmarks.iter().map(|c| {
            r.benchmarks
                .get(c.key.as_str())
                .map(BenchmarkValue::cell)
                .unwrap_or_default()
        }));
        record.extend(settings.benchmarks.iter().map(|c| {
            r.vs_benchmarks
                .get(c.key.as_str())
                .map(|p| p.to_string())
                .unwrap_or_default()
        }));
        record.push(r.member.unwrap_or_default().to_string());
        let _ = writer.write_record(&record);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The data of one trend chart: a row per month shown, with the reference lines as
/// columns, so the file can be read on its own. `references` are `(column, values)`,
/// a value for each month, empty where the line was not drawn.
pub(crate) fn chart_csv(
    indicator: &Indicator,
    months: &[Month],
    values: &[Option<f64>],
    references: &[(&str, Vec<Option<f64>>)],
) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["indicator", "title", "unit", "month", "value"];
    header.extend(references.iter().map(|(column, _)| *column));
    let _ = writer.write_record(&header);
    let unit = unit_name(indicator);
    for (k, (month, value)) in months.iter().zip(values).enumerate() {
        let mut row = vec![
            inert(&indicator.id),
            inert(&indicator.title),
            unit.to_string(),
            month.to_string(),
            value.map(|v| v.to_string()).unwrap_or_default(),
        ];
        row.extend(references.iter().map(|(_, v)| {
            v.get(k)
                .copied()
                .flatten()
                .map(|v| v.to_string())
                .unwrap_or_default()
        }));
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The data of a breakdown's small multiples: for each month, the total's row (its
/// member column empty, as in report.csv) and then each member's, in the dimension's
/// order.
pub(crate) fn breakdown_csv(
    indicator: &Indicator,
    dimension: &str,
    months: &[Month],
    total: &[Option<f64>],
    members: &[(&str, &[Option<f64>])],
) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["indicator", "title", "unit", "month", dimension, "value"]);
    let unit = unit_name(indicator);
    let figure = |v: Option<&Option<f64>>| v.copied().flatten().map(|v| v.to_string());
    for (k, month) in months.iter().enumerate() {
        let rows = std::iter::once(("", total)).chain(members.iter().copied());
        for (member, values) in rows {
            let _ = writer.write_record([
                inert(&indicator.id),
                inert(&indicator.title),
                unit.to_string(),
                month.to_string(),
                inert(member),
                figure(values.get(k)).unwrap_or_default(),
            ]);
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The data of a qualitative measure's row of judgements: a row per month shown.
pub(crate) fn judgement_csv(
    indicator: &Indicator,
    months: &[Month],
    judgements: &[Option<Judgement>],
) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["indicator", "title", "month", "judgement"]);
    for (month, judgement) in months.iter().zip(judgements) {
        let _ = writer.write_record([
            inert(&indicator.id),
            inert(&indicator.title),
            month.to_string(),
            judgement.map(Judgement::as_str).unwrap_or("").to_string(),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn unit_name(i: &Indicator) -> &'static str {
    use crate::model::Unit;
    match i.unit {
        Unit::Count => "count",
        Unit::Percentage => "percentage",
        Unit::Rate { .. } => "rate",
        Unit::Average => "average",
        Unit::Days => "days",
        Unit::Currency { .. } => "currency",
        Unit::Ratio => "ratio",
        Unit::Other { .. } => "other",
    }
}

/// Text that a spreadsheet will show rather than run: a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is read as a formula by Excel, so it gets a
/// leading apostrophe, which spreadsheets hide.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_character_reads_back_from_json() {
        let classes = [
            "plain words, 46.6% (Dec)",
            "\u{0}\u{1}\u{7}\u{8}\t\u{b}\u{c}\u{e}\u{1b}\u{1f}\u{7f}\u{80}\u{85}\u{9f}",
            "\"'`\\ \\u0000 \\\"",
            "</script><!-- <script>alert(1)</script> & &amp;",
            "line\nbreak\r\nand\rreturn",
            "\u{2028}\u{2029}\u{feff}\u{200b}\u{202e}\u{fffe}\u{ffff}",
            "Café naïve Ŵales 日本 \u{1F600}\u{10FFFF}",
        ];
        for text in classes {
            let json = script_safe(&serde_json::to_string_pretty(&[text]).unwrap());
            let back: Vec<String> = serde_json::from_str(&json).unwrap();
            assert_eq!(back, [text], "{json}");
            assert!(
                !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}'])
                    && json.chars().all(|c| c == '\n' || c >= ' '),
                "{json:?}"
            );
        }
    }

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("% of referrals"), "% of referrals");
    }
}
