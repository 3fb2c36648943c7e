//! Reads the section files under `data/sections/`: sections and indicator definitions.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use serde::Deserialize;

use super::limits::{FIGURE_RANGE, MARKDOWN_BYTES, MARKDOWN_DEPTH, is_sane_figure};
use super::{SiteFiles, Unread, is_reserved_on_windows, is_safe_slug, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, Place};
use crate::model::{
    AppliesTo, Benchmark, Benchmarks, Breakdown, Dimension, FinancialYear, Good, Indicator, Kind,
    MemberSeries, Month, Polarity, RATE_BASES, RangeSides, Renumbering, Rule, Section, Series,
    SpcChoice, Target, TotalRule, Unit, YtdMethod, indicator_anchor,
};
use crate::routes;

pub(super) const SECTIONS_DIR: &str = "data/sections";

/// Checks that an indicator id can safely become part of an anchor and a file name,
/// while allowing the reference numbers councils print: `2.1`, `6.2a`, `M2-NI`.
fn is_safe_indicator_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !id.contains("..")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: yaml::Spanned<String>,
    title: String,
    order: i64,
    #[serde(default)]
    definition: String,
    /// The section's own members of a dimension, in place of the site's.
    #[serde(default)]
    breakdowns: Option<super::breakdowns::RawDimensions>,
    indicators: Vec<yaml::Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    #[serde(default)]
    id: Option<yaml::Spanned<String>>,
    title: String,
    #[serde(default)]
    short: Option<String>,
    #[serde(default)]
    polarity: Option<RawPolarity>,
    #[serde(default)]
    unit: Option<RawUnit>,
    #[serde(default)]
    decimals: Option<u8>,
    #[serde(default)]
    data_note: Option<String>,
    #[serde(default)]
    ytd: Option<RawYtd>,
    #[serde(default)]
    targets: Vec<yaml::Spanned<RawTarget>>,
    #[serde(default)]
    outturns: BTreeMap<String, Option<f64>>,
    #[serde(default)]
    benchmarks: Option<RawBenchmarks>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    starts: Option<yaml::Spanned<String>>,
    #[serde(default)]
    ends: Option<yaml::Spanned<String>>,
    #[serde(default)]
    renumbered: Vec<yaml::Spanned<RawRenumbering>>,
    /// The reference the report prints, any text; the id is made from it when the
    /// definition gives none.
    #[serde(default, rename = "ref")]
    reference: Option<yaml::Spanned<String>>,
    #[serde(default)]
    owner: Option<yaml::Spanned<String>>,
    #[serde(default)]
    accountable: Option<yaml::Spanned<String>>,
    /// For `unit: rate`: per 1,000, 10,000 or 100,000 ...
    #[serde(default)]
    per: Option<yaml::Spanned<u64>>,
    /// ... of this population, such as "population aged 65+".
    #[serde(default)]
    population: Option<String>,
    /// For `unit: currency`: the symbol, `£` unless given.
    #[serde(default)]
    symbol: Option<String>,
    /// For `unit: other`: the unit's name, such as "Tonnes".
    #[serde(default)]
    unit_label: Option<String>,
    #[serde(default)]
    kind: Option<RawKind>,
    #[serde(default)]
    spc: Option<yaml::Spanned<RawSpc>>,
    #[serde(default)]
    breakdown: Option<yaml::Spanned<RawBreakdown>>,
}

/// `breakdown: team`, or `breakdown: { by: team, total: sum, member_targets: true }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawBreakdown {
    By(String),
    Full(RawBreakdownFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreakdownFull {
    by: String,
    #[serde(default)]
    total: Option<RawTotal>,
    #[serde(default)]
    member_targets: Option<bool>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawTotal {
    Sum,
    Ratio,
    Unchecked,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Measured,
    Qualitative,
}

/// A benchmark as an indicator gives it: a figure or words.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawBenchmarkValue {
    Figure(f64),
    Text(String),
}

/// `spc: true`, `spc: false`, or the baseline: `spc: { from: 2015-10, fixed_to: 2016-09 }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawSpc {
    On(bool),
    Baseline(RawSpcBaseline),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpcBaseline {
    // Plain strings: an untagged enum loses the places of what it holds, so problems
    // are reported at the place of the `spc` value itself.
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    fixed_to: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawPolarity {
    High,
    Low,
    Info,
    Range,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawUnit {
    Count,
    Percentage,
    Rate,
    Average,
    Days,
    Currency,
    Ratio,
    Other,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawYtd {
    Sum,
    Ratio,
    Mean,
    Latest,
    Reported,
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    year: String,
    #[serde(default)]
    applies_to: Option<RawAppliesTo>,
    #[serde(default)]
    threshold: Option<RawThreshold>,
    #[serde(default)]
    band: Option<RawBand>,
    #[serde(default)]
    range: Option<RawRange>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawAppliesTo {
    Month,
    Ytd,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThreshold {
    good: RawGood,
    green: f64,
    amber: f64,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawGood {
    High,
    Low,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    centre: f64,
    green: f64,
    amber: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    min: f64,
    max: f64,
    #[serde(default)]
    amber_margin_pct: f64,
    #[serde(default)]
    sides: Option<RawSides>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawSides {
    Above,
    Below,
    Both,
}

/// An indicator's benchmarks: the year, and a figure or words under each key of the
/// site's benchmark columns.
#[derive(Deserialize)]
struct RawBenchmarks {
    #[serde(default)]
    year: Option<String>,
    #[serde(flatten)]
    values: BTreeMap<String, Option<RawBenchmarkValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRenumbering {
    number: String,
    until: String,
}

/// What reading the section files gives the other loaders.
#[derive(Clone)]
pub(super) struct Loaded {
    /// Sorted by `order`, indicators in file order.
    pub sections: Vec<Section>,
    /// Where each indicator is defined, by id, for problems found later.
    pub places: HashMap<String, Place>,
    /// What is known of the files that could not be read.
    pub unread: Unread,
}

/// What the site's settings tell the reading of indicator definitions.
pub(super) struct Rules {
    pub fy_start: u8,
    /// The keys of the site's benchmark columns.
    pub benchmark_keys: Vec<String>,
    /// The dimensions of the site's `breakdowns:`.
    pub breakdowns: Vec<Dimension>,
}

/// One section file, read and checked on its own.
struct Parsed {
    section: Section,
    /// Where the section's id is written.
    id_at: Place,
    /// Where each indicator's id is written, in file order.
    indicators_at: Vec<Place>,
    /// Whether each indicator gives its own id, rather than one made from its `ref`.
    ids_given: Vec<bool>,
}

/// How an indicator is named in messages about its id: "indicator id `X`", or, when
/// the id was made from the reference, "the id `X` made from reference `R`".
fn id_words(indicator: &Indicator, given_id: bool) -> String {
    if given_id || indicator.reference == indicator.id {
        format!("indicator id `{}`", indicator.id)
    } else {
        format!(
            "the id `{}` made from reference `{}`",
            indicator.id, indicator.reference
        )
    }
}

/// The ids a broken section file still shows, read leniently after its error was
/// reported, so that rows and commentary for them do not each report it again.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PartialSection {
    id: Option<String>,
    indicators: Vec<PartialIndicator>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PartialIndicator {
    id: Option<String>,
    #[serde(rename = "ref")]
    reference: Option<String>,
}

/// The id an indicator is known by: its own, or the one made from its reference.
fn partial_id(indicator: PartialIndicator) -> Option<String> {
    indicator
        .id
        .or_else(|| indicator.reference.as_deref().map(id_from_reference))
}

/// The id made from a printed reference when the definition gives none: each run of
/// characters other than ASCII letters, digits, `.`, `-` and `_` becomes one `-`, and
/// `-` and `.` are trimmed from the ends. `M6-QL (val)` is `M6-QL-val`, `LAC10 (%)`
/// is `LAC10`, `NI 117` is `NI-117`.
pub fn id_from_reference(reference: &str) -> String {
    let mut id = String::new();
    for c in reference.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.contains("..") {
        id = id.replace("..", ".");
    }
    id.trim_matches(['-', '.']).to_string()
}

/// The ids of a section file that is not even valid YAML, found line by line: the
/// section's `id:` at the start of a line, each indicator's indented or listed `id:`.
/// It is only used to quieten follow-on errors, so a miss costs one extra message.
fn scan_ids(text: &str) -> PartialSection {
    let mut partial = PartialSection::default();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let item = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
        let Some(value) = item.strip_prefix("id:") else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or_default().trim();
        let value = value.trim_matches(['"', '\'']);
        if value.is_empty() {
            continue;
        }
        if item.len() == line.len() {
            partial.id = Some(value.to_string());
        } else {
            partial.indicators.push(PartialIndicator {
                id: Some(value.to_string()),
                reference: None,
            });
        }
    }
    partial
}

/// Records a section file that could not be read, with the ids it still shows.
fn remember_unread(unread: &mut Unread, file: std::path::PathBuf, partial: PartialSection) {
    unread.sections.extend(partial.id);
    unread
        .indicators
        .extend(partial.indicators.into_iter().filter_map(partial_id));
    unread.files.push(file);
}

/// Reads every section file, sorted by `order`, with indicators in file order.
pub(super) fn load(files: &SiteFiles, rules: &Rules, diagnostics: &mut Diagnostics) -> Loaded {
    let paths = files.files_under(SECTIONS_DIR, "yaml", diagnostics);
    if paths.is_empty() {
        diagnostics.push(
            Diagnostic::error(SECTIONS_DIR, "no section files found")
                .with_hint("add at least one .yaml file describing a section and its indicators"),
        );
    }
    let mut loaded = Loaded {
        sections: Vec::new(),
        places: HashMap::new(),
        unread: Unread::default(),
    };
    let mut section_ids: HashMap<String, Place> = HashMap::new();
    // Each indicator's address, with the id and place that first took it.
    let mut anchors: HashMap<String, (String, Place)> = HashMap::new();
    // Each id's printed reference, to name both when two references make one id.
    let mut references: HashMap<String, String> = HashMap::new();
    // Each file is read and parsed on any core, the YAML parser being most of a
    // load's time at a small site; the checks across files then take them in order,
    // so the problems come out as from one file after another.
    let read: Vec<(PathBuf, Diagnostics, Result<Parsed, PartialSection>)> = paths
        .par_iter()
        .map(|path| {
            let display = files.display(path);
            let mut problems = Diagnostics::new();
            let parsed = read_file(files, path, &display, rules, &mut problems);
            (display, problems, parsed)
        })
        .collect();
    for (display, problems, parsed) in read {
        diagnostics.extend(problems);
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(partial) => {
                remember_unread(&mut loaded.unread, display, partial);
                continue;
            }
        };
        let id = &parsed.section.id;
        if let Some(first) = section_ids.get(id) {
            diagnostics.push(
                Diagnostic::error(&display, format!("section id `{id}` is used twice"))
                    .at_place(&parsed.id_at)
                    .with_hint(format!(
                        "it is also the id of the section at {}:{}",
                        first.file.display(),
                        first.line
                    )),
            );
        } else {
            section_ids.insert(id.clone(), parsed.id_at.clone());
        }
        for ((indicator, place), given) in parsed
            .section
            .indicators
            .iter()
            .zip(parsed.indicators_at)
            .zip(parsed.ids_given)
        {
            let id = &indicator.id;
            if let Some(first) = loaded.places.get(id) {
                let other = references.get(id).cloned().unwrap_or_default();
                let hint = if given && other.is_empty() {
                    format!(
                        "ids must be unique across the site; it is also at {}:{}",
                        first.file.display(),
                        first.line
                    )
                } else {
                    format!(
                        "ids must be unique across the site; it is also the id of `{other}` at {}:{}: give one of them its own `id:`",
                        first.file.display(),
                        first.line
                    )
                };
                diagnostics.push(
                    Diagnostic::error(
                        &display,
                        format!("{} is used twice", id_words(indicator, given)),
                    )
                    .at_place(&place)
                    .with_hint(hint),
                );
            } else if let Some((other, first)) = anchors.get(&indicator_anchor(id)) {
                // Their pages' fragment ids and chart CSV files would be the same.
                diagnostics.push(
                    Diagnostic::error(
                        &display,
                        format!(
                            "indicator ids `{id}` and `{other}` both become the address `{}`",
                            indicator_anchor(id)
                        ),
                    )
                    .at_place(&place)
                    .with_hint(format!(
                        "ids that differ only in punctuation or letter case share an anchor \
                         and a chart file; `{other}` is at {}:{}, so rename one of them",
                        first.file.display(),
                        first.line
                    )),
                );
            } else {
                anchors.insert(indicator_anchor(id), (id.clone(), place.clone()));
                loaded.places.insert(id.clone(), place);
                references.insert(id.clone(), indicator.reference.clone());
            }
        }
        loaded.sections.push(parsed.section);
    }
    loaded
        .sections
        .sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    loaded
}

/// Reads and checks one section file, `path`, shown as `display`. When it cannot be
/// read as a section at all, returns what could be made out of its ids, so that its
/// rows of data are not reported as unknown; every problem is reported to
/// `diagnostics`.
fn read_file(
    files: &SiteFiles,
    path: &Path,
    display: &Path,
    rules: &Rules,
    diagnostics: &mut Diagnostics,
) -> Result<Parsed, PartialSection> {
    let Some(text) = files.read(path, diagnostics) else {
        // The ids of a file that is not UTF-8 are usually still plain ASCII.
        return Err(files
            .read_leniently(path)
            .map(|text| yaml::parse_quietly(&text).unwrap_or_else(|| scan_ids(&text)))
            .unwrap_or_default());
    };
    parse_file(display, &text, rules, diagnostics)
        .ok_or_else(|| yaml::parse_quietly(&text).unwrap_or_else(|| scan_ids(&text)))
}

/// Reads and checks the text of one section file. Returns `None` when it cannot be
/// read as a section at all; every problem is reported to `diagnostics`.
fn parse_file(
    file: &Path,
    text: &str,
    rules: &Rules,
    diagnostics: &mut Diagnostics,
) -> Option<Parsed> {
    let mut raw = yaml::parse::<RawSection>(text, file, 0, diagnostics)?;
    // The section's own members of a dimension replace the site's for its indicators.
    let mut dimensions = rules.breakdowns.clone();
    if let Some(own) = raw.breakdowns.take() {
        for dimension in
            super::breakdowns::dimensions(own, &rules.breakdowns, file, text, diagnostics)
        {
            dimensions.retain(|d| d.key != dimension.key);
            dimensions.push(dimension);
        }
    }
    let mut cx = Cx {
        file,
        lines: LineIndex::new(text),
        fy_start: rules.fy_start,
        benchmark_keys: &rules.benchmark_keys,
        dimensions: &dimensions,
        diagnostics,
    };
    let id = raw.id.value.clone();
    if !is_safe_slug(&id) {
        cx.error_at(
            &raw.id,
            format!("section id `{id}` cannot be used in a web address"),
            "use lower-case letters, digits and `-` only, such as `contact-referral`",
        );
    } else if is_reserved_on_windows(&id) {
        cx.error_at(
            &raw.id,
            format!("section id `{id}` is a name Windows reserves for a device"),
            "the id names a folder of the built site, which could not be copied to or opened on Windows; choose another, such as `{id}-report`".replace("{id}", &id),
        );
    }
    // A section's page sits in its edition's folder beside the pages and files
    // scorecard makes there, so it may not take one of their names.
    if let Some(what) = routes::reserved(&id) {
        cx.error_at(
            &raw.id,
            format!("section id `{id}` is reserved for {what}"),
            format!(
                "choose another id; these are reserved: {}",
                routes::reserved_names().join(", ")
            ),
        );
    }
    // The definition is Markdown shown on every edition's section page, so it is held
    // to the limits of commentary files.
    if raw.definition.len() > MARKDOWN_BYTES
        || crate::render::markdown::too_deep(&raw.definition, MARKDOWN_DEPTH).is_some()
    {
        cx.error_at(
            &raw.id,
            format!(
                "section {id}: the `definition` is larger than {} KB or nests more than {MARKDOWN_DEPTH} deep",
                MARKDOWN_BYTES / 1024
            ),
            "a definition is a paragraph or two: shorten it, or flatten its lists and quotes",
        );
    }
    let mut indicators = Vec::new();
    let mut indicators_at = Vec::new();
    let mut ids_given = Vec::new();
    for raw_indicator in raw.indicators {
        let key = key_of(&raw_indicator);
        indicators_at.push(cx.place(&key));
        ids_given.push(raw_indicator.value.id.is_some());
        indicators.push(cx.indicator(raw_indicator.value, key, &id));
    }
    Some(Parsed {
        id_at: cx.place(&raw.id),
        section: Section {
            id,
            title: raw.title,
            order: raw.order,
            definition: raw.definition,
            indicators,
        },
        indicators_at,
        ids_given,
    })
}

/// An indicator's id with where it is written: its own `id`, else the id made from
/// its `ref`, placed at the reference; empty, placed at the indicator, when it has
/// neither (reported by [`Cx::indicator`]).
fn key_of(raw: &yaml::Spanned<RawIndicator>) -> yaml::Spanned<String> {
    if let Some(id) = &raw.value.id {
        return id.clone();
    }
    match &raw.value.reference {
        Some(r) => yaml::Spanned::new(id_from_reference(&r.value), r.referenced, r.defined),
        None => yaml::Spanned::new(String::new(), raw.referenced, raw.defined),
    }
}

/// Parses one section file's text as `load` would, touching no files: for fuzzing.
pub(super) fn parse_text(text: &str, diagnostics: &mut Diagnostics) -> Option<Section> {
    let rules = Rules {
        fy_start: 4,
        benchmark_keys: crate::model::BenchmarkColumn::defaults()
            .into_iter()
            .map(|c| c.key)
            .collect(),
        breakdowns: Vec::new(),
    };
    parse_file(Path::new("section.yaml"), text, &rules, diagnostics).map(|p| p.section)
}

/// The context of one section file while its indicators are converted.
struct Cx<'a> {
    file: &'a Path,
    /// The file's lines, for quoting the line of each of many problems.
    lines: LineIndex<'a>,
    fy_start: u8,
    benchmark_keys: &'a [String],
    /// The dimensions the section's indicators may be broken down by.
    dimensions: &'a [Dimension],
    diagnostics: &'a mut Diagnostics,
}

impl Cx<'_> {
    fn place<T>(&self, at: &yaml::Spanned<T>) -> Place {
        Place::at_index(
            self.file,
            &self.lines,
            yaml::line_of(at),
            at.referenced.column() as usize,
        )
    }

    fn error_at<T>(
        &mut self,
        at: &yaml::Spanned<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::error(self.file, message)
                .at_index(
                    &self.lines,
                    yaml::line_of(at),
                    at.referenced.column() as usize,
                )
                .with_hint(hint),
        );
    }

    fn month(
        &mut self,
        raw: &yaml::Spanned<String>,
        field: &str,
        indicator: &str,
    ) -> Option<Month> {
        match raw.value.parse::<Month>() {
            Ok(m) => Some(m),
            Err(e) => {
                self.error_at(
                    raw,
                    format!("indicator {indicator}: `{field}`: {e}"),
                    "write the month as YYYY-MM",
                );
                None
            }
        }
    }

    fn indicator(
        &mut self,
        raw: RawIndicator,
        key: yaml::Spanned<String>,
        section: &str,
    ) -> Indicator {
        let id = key.value.clone();
        let reference = match &raw.reference {
            Some(r) => r.value.trim().to_string(),
            None => id.clone(),
        };
        if raw.id.is_none() && raw.reference.is_none() {
            self.error_at(
                &key,
                format!("indicator `{}` has no `id` or `ref`", raw.title),
                "give the reference the report prints, `ref: \"LAC10 (%)\"`, or an `id:` such as `2.1`",
            );
        } else if raw.id.is_none() && id.is_empty() {
            self.error_at(
                &key,
                format!("indicator reference `{reference}` makes no id: it has no letter or digit"),
                "give the indicator an `id:` of letters, digits, `.`, `-` and `_`, such as `lac10`",
            );
        } else if raw.id.is_none() && !is_safe_indicator_id(&id) {
            self.error_at(
                &key,
                format!(
                    "the id `{id}` made from reference `{reference}` is longer than 40 characters"
                ),
                "give the indicator a shorter `id:` of letters, digits, `.`, `-` and `_`",
            );
        } else if !is_safe_indicator_id(&id) {
            self.error_at(
                &key,
                format!("indicator id `{id}` cannot be used in a web address"),
                "use letters, digits, `.`, `-` and `_`, starting with a letter or digit, such as `2.1` or `M2-NI`; for a reference printed with spaces or brackets, such as `M6-QL (val)`, write it as `ref:` and leave the id out",
            );
        }
        if let Some(r) = &raw.reference
            && (r.value.trim().is_empty() || r.value.chars().count() > 60)
        {
            self.error_at(
                r,
                format!("indicator {id}: `ref` must be 1 to 60 characters"),
                "the reference is printed in every table, such as `M6-QL (val)`",
            );
        }
        let kind = match raw.kind {
            Some(RawKind::Qualitative) => Kind::Qualitative,
            Some(RawKind::Measured) | None => Kind::Measured,
        };
        if kind == Kind::Measured {
            for (field, missing) in [
                ("polarity", raw.polarity.is_none()),
                ("unit", raw.unit.is_none()),
            ] {
                if missing {
                    self.error_at(
                        &key,
                        format!("indicator {id} has no `{field}`"),
                        match field {
                            "polarity" => "say what good performance is: `polarity: high`, `low`, `info` or `range`",
                            _ => "say what the figures count: `unit: count`, `percentage`, `rate`, `average`, `days`, `currency`, `ratio` or `other`",
                        },
                    );
                }
            }
        } else if !raw.targets.is_empty() {
            self.error_at(
                &key,
                format!("indicator {id} is qualitative, so it cannot have targets"),
                "a qualitative measure is judged positive, similar or negative in the data each month; remove its `targets:`, or its `kind: qualitative`",
            );
        }
        let unit = self.unit(&raw, &key, &id);
        let decimals = raw.decimals.unwrap_or(unit.default_decimals());
        if decimals > 6 {
            self.error_at(
                &key,
                format!("indicator {id}: `decimals` is {decimals}; expected 0 to 6"),
                "most reports show 0 to 2 decimals",
            );
        }
        let mut role = |field: &str, raw: &Option<yaml::Spanned<String>>| {
            let r = raw.as_ref()?;
            let text = r.value.trim();
            if text.contains('@') || text.bytes().filter(u8::is_ascii_digit).count() >= 6 {
                self.error_at(
                    r,
                    format!("indicator {id}: `{field}` looks like an e-mail address or a phone number"),
                    "name the role, such as `Head of Service, Early Help`, never a person or their contacts: the report is public",
                );
                return None;
            }
            (!text.is_empty()).then(|| text.to_string())
        };
        let owner = role("owner", &raw.owner);
        let accountable = role("accountable", &raw.accountable);
        let ytd = match raw.ytd {
            Some(RawYtd::Sum) => YtdMethod::Sum,
            Some(RawYtd::Ratio) => YtdMethod::Ratio,
            Some(RawYtd::Mean) => YtdMethod::Mean,
            Some(RawYtd::Latest) => YtdMethod::Latest,
            Some(RawYtd::Reported) => YtdMethod::Reported,
            Some(RawYtd::None) | None => YtdMethod::None,
        };
        let mut targets: Vec<Target> = Vec::new();
        for raw_target in &raw.targets {
            let Some(target) = self.target(raw_target, &id) else {
                continue;
            };
            let basis = match target.applies_to {
                AppliesTo::Month => "the month",
                AppliesTo::Ytd => "the year to date",
            };
            if target.applies_to == AppliesTo::Ytd && ytd == YtdMethod::None {
                self.error_at(
                    raw_target,
                    format!("indicator {id}: the {} target applies to the year to date, but the indicator has none, so it can never be evaluated", target.year),
                    "set `ytd:` for the indicator (sum, ratio, mean, latest or reported), or remove `applies_to: ytd`",
                );
            } else if targets
                .iter()
                .any(|t| t.year == target.year && t.applies_to == target.applies_to)
            {
                self.error_at(
                    raw_target,
                    format!(
                        "indicator {id} has a second {} target applying to {basis}",
                        target.year
                    ),
                    "only one rule can be in force for a year; remove one, or change its `year`",
                );
            } else {
                targets.push(target);
            }
        }
        let mut outturns = BTreeMap::new();
        for (year, value) in &raw.outturns {
            match FinancialYear::parse(year, self.fy_start) {
                Ok(fy) => match value {
                    Some(v) if !v.is_finite() => self.error_at(
                        &key,
                        format!("indicator {id}: the {fy} outturn is not a number"),
                        "write a plain number such as 69.6, or leave the year out",
                    ),
                    Some(v) if !is_sane_figure(*v) => self.error_at(
                        &key,
                        format!(
                            "indicator {id}: the {fy} outturn, {v:e}, is too large: {FIGURE_RANGE}"
                        ),
                        "check the figure under `outturns:`",
                    ),
                    Some(v) => {
                        outturns.insert(fy, *v);
                    }
                    None => {}
                },
                Err(e) => self.error_at(
                    &key,
                    format!("indicator {id}: outturns: {e}"),
                    "outturn keys are financial years such as 2014/15",
                ),
            }
        }
        let benchmarks = raw
            .benchmarks
            .as_ref()
            .map(|b| self.benchmarks(b, &key, &id));
        let starts = raw
            .starts
            .as_ref()
            .and_then(|m| self.month(m, "starts", &id));
        let ends = raw.ends.as_ref().and_then(|m| self.month(m, "ends", &id));
        if let (Some(s), Some(e)) = (starts, ends)
            && e < s
        {
            self.error_at(
                &key,
                format!("indicator {id}: `ends` ({e}) is before `starts` ({s})"),
                "check the two months",
            );
        }
        let renumbered = raw
            .renumbered
            .iter()
            .filter_map(|r| {
                let until = r.value.until.parse::<Month>();
                match until {
                    Ok(until) => Some(Renumbering {
                        number: r.value.number.clone(),
                        until,
                    }),
                    Err(e) => {
                        self.error_at(
                            r,
                            format!("indicator {id}: renumbered: {e}"),
                            "`until` is the last edition month, YYYY-MM",
                        );
                        None
                    }
                }
            })
            .collect();
        let spc = raw.spc.as_ref().map(|spc| match &spc.value {
            RawSpc::On(on) => SpcChoice {
                on: *on,
                ..SpcChoice::default()
            },
            RawSpc::Baseline(b) => {
                let mut month = |text: &Option<String>, field: &str| {
                    let text = text.as_deref()?;
                    match text.parse::<Month>() {
                        Ok(m) => Some(m),
                        Err(e) => {
                            self.error_at(
                                spc,
                                format!("indicator {id}: `spc.{field}`: {e}"),
                                "write the month as YYYY-MM",
                            );
                            None
                        }
                    }
                };
                let from = month(&b.from, "from");
                let fixed_to = month(&b.fixed_to, "fixed_to");
                if let (Some(f), Some(t)) = (from, fixed_to)
                    && t < f
                {
                    self.error_at(
                        spc,
                        format!("indicator {id}: `spc.fixed_to` ({t}) is before `spc.from` ({f})"),
                        "the baseline runs from `from` to `fixed_to`; check the two months",
                    );
                }
                SpcChoice {
                    on: true,
                    from,
                    fixed_to,
                }
            }
        });
        let breakdown = raw.breakdown.as_ref();
        let mut indicator = Indicator {
            short: raw.short.unwrap_or_else(|| raw.title.clone()),
            title: raw.title,
            section: section.to_string(),
            polarity: match raw.polarity {
                Some(RawPolarity::High) => Polarity::High,
                Some(RawPolarity::Low) => Polarity::Low,
                Some(RawPolarity::Info) | None => Polarity::Info,
                Some(RawPolarity::Range) => Polarity::Range,
            },
            unit,
            decimals,
            data_note: raw.data_note,
            ytd,
            targets,
            outturns,
            benchmarks,
            notes: raw.notes,
            starts,
            ends,
            renumbered,
            series: Series::new(),
            revisions: BTreeMap::new(),
            spc,
            id,
            reference,
            owner,
            accountable,
            kind,
            breakdown: None,
        };
        if let Some(raw) = breakdown {
            indicator.breakdown = self.breakdown(raw, &indicator);
        }
        indicator
    }

    /// The indicator's breakdown, with an empty series for each member of its
    /// dimension, which the data rows fill.
    fn breakdown(
        &mut self,
        raw: &yaml::Spanned<RawBreakdown>,
        indicator: &Indicator,
    ) -> Option<Breakdown> {
        let id = &indicator.id;
        let (by, total, member_targets) = match &raw.value {
            RawBreakdown::By(by) => (by.as_str(), None, None),
            RawBreakdown::Full(full) => (full.by.as_str(), full.total, full.member_targets),
        };
        let by = by.trim();
        let Some(dimension) = self.dimensions.iter().find(|d| d.key == by) else {
            let known: Vec<&str> = self.dimensions.iter().map(|d| d.key.as_str()).collect();
            let hint = match known.is_empty() {
                true => "declare the dimension and its members under `breakdowns:` in site.yaml, or in the section file".to_string(),
                false => format!(
                    "the dimensions declared are {}; declare others under `breakdowns:` in site.yaml",
                    known.join(", ")
                ),
            };
            self.error_at(
                raw,
                format!(
                    "indicator {id}: `breakdown` names `{by}`, which is not a dimension of the site"
                ),
                hint,
            );
            return None;
        };
        if indicator.is_qualitative() {
            self.error_at(
                raw,
                format!("indicator {id} is qualitative, so it cannot be broken down"),
                "a breakdown gives each member's figures; a qualitative measure has none",
            );
            return None;
        }
        // Counts add up; percentages and rates are the ratio of summed parts; other
        // figures (averages, days) do not make a total from their members.
        let total = match total {
            Some(RawTotal::Sum) => TotalRule::Sum,
            Some(RawTotal::Ratio) => TotalRule::Ratio,
            Some(RawTotal::Unchecked) => TotalRule::Unchecked,
            None => match indicator.unit {
                Unit::Count => TotalRule::Sum,
                Unit::Percentage | Unit::Rate { .. } => TotalRule::Ratio,
                _ => TotalRule::Unchecked,
            },
        };
        let member_targets = member_targets.unwrap_or(false);
        let members = dimension
            .members
            .iter()
            .map(|member| MemberSeries {
                member: member.clone(),
                indicator: indicator.for_member(member, member_targets),
            })
            .collect();
        Some(Breakdown {
            dimension: dimension.clone(),
            total,
            member_targets,
            members,
            derived: Vec::new(),
        })
    }

    /// The unit, with the rate's base and population, the currency's symbol or the
    /// council's own label; a qualitative measure, which has no figures, is counted.
    fn unit(&mut self, raw: &RawIndicator, key: &yaml::Spanned<String>, id: &str) -> Unit {
        let unit = match raw.unit.unwrap_or(RawUnit::Count) {
            RawUnit::Count => Unit::Count,
            RawUnit::Percentage => Unit::Percentage,
            RawUnit::Rate => {
                let per = match &raw.per {
                    None => 10_000,
                    Some(per) => match u32::try_from(per.value) {
                        Ok(p) if RATE_BASES.contains(&p) => p,
                        _ => {
                            self.error_at(
                                per,
                                format!("indicator {id}: `per: {}` is not a rate's base; expected 1000, 10000 or 100000", per.value),
                                "a rate is per 1,000, 10,000 or 100,000 of the population: write `per: 100000`",
                            );
                            10_000
                        }
                    },
                };
                Unit::Rate {
                    per,
                    population: raw
                        .population
                        .as_deref()
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(String::from),
                }
            }
            RawUnit::Average => Unit::Average,
            RawUnit::Days => Unit::Days,
            RawUnit::Currency => Unit::Currency {
                symbol: raw
                    .symbol
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .unwrap_or("£")
                    .to_string(),
            },
            RawUnit::Ratio => Unit::Ratio,
            RawUnit::Other => match raw.unit_label.as_deref().map(str::trim) {
                Some(label) if !label.is_empty() => Unit::Other {
                    label: label.to_string(),
                },
                _ => {
                    self.error_at(
                        key,
                        format!("indicator {id}: `unit: other` needs a `unit_label`"),
                        "name the unit as the report should print it, such as `unit_label: Tonnes`",
                    );
                    Unit::Count
                }
            },
        };
        // Settings of another unit are a mistake: say so rather than ignore them.
        let stray = [
            (
                "per",
                raw.per.is_some() && !matches!(unit, Unit::Rate { .. }),
                "rate",
            ),
            (
                "population",
                raw.population.is_some() && !matches!(unit, Unit::Rate { .. }),
                "rate",
            ),
            (
                "symbol",
                raw.symbol.is_some() && !matches!(unit, Unit::Currency { .. }),
                "currency",
            ),
            (
                "unit_label",
                raw.unit_label.is_some() && !matches!(unit, Unit::Other { .. }),
                "other",
            ),
        ];
        for (field, _, needs) in stray.iter().filter(|(_, stray, _)| *stray) {
            self.error_at(
                key,
                format!("indicator {id}: `{field}` is only for `unit: {needs}`"),
                format!("remove `{field}`, or set `unit: {needs}`"),
            );
        }
        unit
    }

    /// The benchmarks under the keys of the site's benchmark columns, each a figure
    /// or words such as "Local indicator".
    fn benchmarks(
        &mut self,
        b: &RawBenchmarks,
        key: &yaml::Spanned<String>,
        id: &str,
    ) -> Benchmarks {
        let year = b
            .year
            .as_deref()
            .and_then(|y| match FinancialYear::parse(y, self.fy_start) {
                Ok(fy) => Some(fy),
                Err(e) => {
                    self.error_at(
                        key,
                        format!("indicator {id}: benchmarks.year: {e}"),
                        "the year the benchmarks describe, such as 2014/15",
                    );
                    None
                }
            });
        let mut values = BTreeMap::new();
        for (name, value) in &b.values {
            if !self.benchmark_keys.contains(name) {
                let hint = format!(
                    "the site's benchmark columns are {}; name a new one under `benchmarks:` in site.yaml",
                    self.benchmark_keys.join(", ")
                );
                self.error_at(
                    key,
                    format!("indicator {id}: `benchmarks` has `{name}`, which is not a benchmark column of the site"),
                    hint,
                );
                continue;
            }
            match value {
                None => {}
                Some(RawBenchmarkValue::Figure(v)) if !v.is_finite() => self.error_at(
                    key,
                    format!("indicator {id}: the benchmark `{name}` is not a number"),
                    "write plain numbers such as 548.3, words such as \"Local indicator\", or leave the figure out",
                ),
                Some(RawBenchmarkValue::Figure(v)) if !is_sane_figure(*v) => self.error_at(
                    key,
                    format!("indicator {id}: the benchmark {v:e} is too large: {FIGURE_RANGE}"),
                    "check the figures under `benchmarks:`",
                ),
                Some(RawBenchmarkValue::Figure(v)) => {
                    values.insert(name.clone(), Benchmark::Figure(*v));
                }
                Some(RawBenchmarkValue::Text(t)) if t.trim().is_empty() => {}
                Some(RawBenchmarkValue::Text(t)) if t.chars().count() > 40 => self.error_at(
                    key,
                    format!("indicator {id}: the benchmark `{name}` is longer than 40 characters"),
                    "a benchmark's words fill a table cell: a few words, such as \"Local indicator\"",
                ),
                Some(RawBenchmarkValue::Text(t)) => {
                    values.insert(name.clone(), Benchmark::Text(t.trim().to_string()));
                }
            }
        }
        Benchmarks { year, values }
    }

    /// Converts one target rule, checking that its bands make sense.
    fn target(&mut self, raw: &yaml::Spanned<RawTarget>, id: &str) -> Option<Target> {
        let t = &raw.value;
        let year = match FinancialYear::parse(&t.year, self.fy_start) {
            Ok(y) => y,
            Err(e) => {
                self.error_at(
                    raw,
                    format!("indicator {id}: target year: {e}"),
                    "targets are set per financial year, such as 2015/16",
                );
                return None;
            }
        };
        let forms = [t.threshold.is_some(), t.band.is_some(), t.range.is_some()];
        if forms.iter().filter(|&&f| f).count() != 1 {
            self.error_at(
                raw,
                format!("indicator {id}: a target for {year} needs exactly one of `threshold`, `band` or `range`"),
                "see \"Targets\" in docs/format.md for the four forms",
            );
            return None;
        }
        let numbers = match (&t.threshold, &t.band, &t.range) {
            (Some(th), _, _) => vec![th.green, th.amber],
            (_, Some(b), _) => vec![b.centre, b.green, b.amber],
            (_, _, Some(r)) => vec![r.min, r.max, r.amber_margin_pct],
            _ => vec![],
        };
        if numbers.iter().any(|n| !n.is_finite()) {
            self.error_at(
                raw,
                format!("indicator {id}: the {year} target has a figure that is not a number, so it cannot be evaluated"),
                "write every figure of the rule as a plain number; `.nan` and `.inf` are not figures",
            );
            return None;
        }
        if let Some(n) = numbers.iter().find(|n| !is_sane_figure(**n)) {
            self.error_at(
                raw,
                format!("indicator {id}: the {year} target has the figure {n:e}, which is too large: {FIGURE_RANGE}"),
                "check the figures of the rule",
            );
            return None;
        }
        let rule = if let Some(th) = &t.threshold {
            let good = match th.good {
                RawGood::High => Good::High,
                RawGood::Low => Good::Low,
            };
            let overlaps = match good {
                Good::High => th.green < th.amber,
                Good::Low => th.green > th.amber,
            };
            if overlaps {
                let (word, hint) = match good {
                    Good::High => (
                        "below",
                        "when high is good, green is the higher figure: green 86, amber 83",
                    ),
                    Good::Low => (
                        "above",
                        "when low is good, green is the lower figure: green 23, amber 26",
                    ),
                };
                self.error_at(
                    raw,
                    format!("indicator {id}: the {year} threshold's green ({}) is {word} its amber ({}), so the bands overlap", th.green, th.amber),
                    hint,
                );
                return None;
            }
            Rule::Threshold {
                good,
                green: th.green,
                amber: th.amber,
            }
        } else if let Some(b) = &t.band {
            if b.green < 0.0 || b.amber < b.green {
                self.error_at(
                    raw,
                    format!("indicator {id}: the {year} band's green width ({}) must be 0 or more and no wider than its amber width ({})", b.green, b.amber),
                    "for \"Green within +/-5 of 158.8, Amber within +/-15\" write band: { centre: 158.8, green: 5, amber: 15 }",
                );
                return None;
            }
            Rule::Band {
                centre: b.centre,
                green: b.green,
                amber: b.amber,
            }
        } else {
            let r = t.range.as_ref()?;
            if r.min > r.max || r.amber_margin_pct < 0.0 {
                self.error_at(
                    raw,
                    format!("indicator {id}: the {year} range {}-{} with amber margin {}% cannot be evaluated", r.min, r.max, r.amber_margin_pct),
                    "`min` must not exceed `max`, and the margin is a percentage of 0 or more",
                );
                return None;
            }
            Rule::Range {
                min: r.min,
                max: r.max,
                amber_margin_pct: r.amber_margin_pct,
                sides: match r.sides {
                    Some(RawSides::Above) => RangeSides::Above,
                    Some(RawSides::Below) => RangeSides::Below,
                    Some(RawSides::Both) | None => RangeSides::Both,
                },
            }
        };
        Some(Target {
            year,
            applies_to: match t.applies_to {
                Some(RawAppliesTo::Ytd) => AppliesTo::Ytd,
                Some(RawAppliesTo::Month) | None => AppliesTo::Month,
            },
            rule,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_ids_from_printed_references() {
        assert_eq!(id_from_reference("M6-QL (val)"), "M6-QL-val");
        assert_eq!(id_from_reference("LAC10 (%)"), "LAC10");
        assert_eq!(id_from_reference("NI 117"), "NI-117");
        assert_eq!(id_from_reference("2.1"), "2.1");
        assert_eq!(id_from_reference("FIN1 (£)"), "FIN1");
        assert_eq!(id_from_reference("(%)"), "");
        assert_eq!(id_from_reference("A..B"), "A.B");
        assert_eq!(id_from_reference(".5 / 6."), "5-6");
        // The two spellings an officer might use for one measure make one id, which
        // loading reports as a collision naming both.
        assert_eq!(id_from_reference("R1 (%)"), id_from_reference("R1 %"));
    }

    #[test]
    fn reads_references_roles_units_and_text_benchmarks() {
        let text = "id: adults\ntitle: Adults\norder: 1\nindicators:\n  - ref: \"ASC2A (rate)\"\n    title: Admissions\n    owner: Head of Service\n    polarity: low\n    unit: rate\n    per: 100000\n    population: population aged 65+\n    benchmarks:\n      national_avg: 560.5\n      stat_neighbour_avg: Local indicator\n  - ref: M6-QL (val)\n    title: Audit\n    kind: qualitative\n";
        let mut diagnostics = Diagnostics::default();
        let section = parse_text(text, &mut diagnostics).unwrap();
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let [asc, ql] = &section.indicators[..] else {
            panic!("two indicators")
        };
        assert_eq!(
            (asc.id.as_str(), asc.reference.as_str()),
            ("ASC2A-rate", "ASC2A (rate)")
        );
        assert_eq!(asc.owner.as_deref(), Some("Head of Service"));
        assert_eq!(asc.unit.label(), "Rate per 100,000 population aged 65+");
        let b = asc.benchmarks.as_ref().unwrap();
        assert_eq!(b.figure("national_avg"), Some(560.5));
        assert_eq!(
            b.values.get("stat_neighbour_avg"),
            Some(&Benchmark::Text("Local indicator".into()))
        );
        assert_eq!((ql.id.as_str(), ql.kind), ("M6-QL-val", Kind::Qualitative));
    }

    #[test]
    fn scans_ids_from_a_file_that_is_not_yaml() {
        let partial = scan_ids(
            "id: referrals # the section\ntitle: \"Referrals\nindicators:\n  - id: \"1.1\"\n    title: [x\n  -   id: '6.2a'\n    notes:\n      - id: 3\n",
        );
        assert_eq!(partial.id.as_deref(), Some("referrals"));
        let ids: Vec<_> = partial
            .indicators
            .iter()
            .filter_map(|i| i.id.as_deref())
            .collect();
        assert_eq!(ids, ["1.1", "6.2a", "3"]);
    }
}
