//! Reads the section files under `data/sections/`: sections and indicator definitions.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::limits::{FIGURE_RANGE, MARKDOWN_BYTES, MARKDOWN_DEPTH, is_sane_figure};
use super::{SiteFiles, Unread, is_reserved_on_windows, is_safe_slug, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, Place};
use crate::model::{
    AppliesTo, Benchmarks, FinancialYear, Good, Indicator, Month, Polarity, RangeSides,
    Renumbering, Rule, Section, Series, SpcChoice, Target, Unit, YtdMethod, indicator_anchor,
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
    indicators: Vec<yaml::Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: yaml::Spanned<String>,
    title: String,
    #[serde(default)]
    short: Option<String>,
    polarity: RawPolarity,
    unit: RawUnit,
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
    #[serde(default)]
    spc: Option<yaml::Spanned<RawSpc>>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBenchmarks {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    stat_neighbour_avg: Option<f64>,
    #[serde(default)]
    best_stat_neighbour: Option<f64>,
    #[serde(default)]
    national_avg: Option<f64>,
    #[serde(default)]
    national_top_quartile: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRenumbering {
    number: String,
    until: String,
}

/// What reading the section files gives the other loaders.
pub(super) struct Loaded {
    /// Sorted by `order`, indicators in file order.
    pub sections: Vec<Section>,
    /// Where each indicator is defined, by id, for problems found later.
    pub places: HashMap<String, Place>,
    /// What is known of the files that could not be read.
    pub unread: Unread,
}

/// One section file, read and checked on its own.
struct Parsed {
    section: Section,
    /// Where the section's id is written.
    id_at: Place,
    /// Where each indicator's id is written, in file order.
    indicators_at: Vec<Place>,
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
        .extend(partial.indicators.into_iter().filter_map(|i| i.id));
    unread.files.push(file);
}

/// Reads every section file, sorted by `order`, with indicators in file order.
pub(super) fn load(files: &SiteFiles, fy_start: u8, diagnostics: &mut Diagnostics) -> Loaded {
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
    for path in paths {
        let display = files.display(&path);
        let Some(text) = files.read(&path, diagnostics) else {
            // The ids of a file that is not UTF-8 are usually still plain ASCII.
            let partial = files
                .read_leniently(&path)
                .map(|text| yaml::parse_quietly(&text).unwrap_or_else(|| scan_ids(&text)))
                .unwrap_or_default();
            remember_unread(&mut loaded.unread, display, partial);
            continue;
        };
        let Some(parsed) = parse_file(&display, &text, fy_start, diagnostics) else {
            let partial = yaml::parse_quietly(&text).unwrap_or_else(|| scan_ids(&text));
            remember_unread(&mut loaded.unread, display, partial);
            continue;
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
        for (indicator, place) in parsed.section.indicators.iter().zip(parsed.indicators_at) {
            let id = &indicator.id;
            if let Some(first) = loaded.places.get(id) {
                diagnostics.push(
                    Diagnostic::error(&display, format!("indicator id `{id}` is used twice"))
                        .at_place(&place)
                        .with_hint(format!(
                            "ids must be unique across the site; it is also at {}:{}",
                            first.file.display(),
                            first.line
                        )),
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
            }
        }
        loaded.sections.push(parsed.section);
    }
    loaded
        .sections
        .sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    loaded
}

/// Reads and checks the text of one section file. Returns `None` when it cannot be
/// read as a section at all; every problem is reported to `diagnostics`.
fn parse_file(
    file: &Path,
    text: &str,
    fy_start: u8,
    diagnostics: &mut Diagnostics,
) -> Option<Parsed> {
    let raw = yaml::parse::<RawSection>(text, file, 0, diagnostics)?;
    let mut cx = Cx {
        file,
        lines: LineIndex::new(text),
        fy_start,
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
    for raw_indicator in raw.indicators {
        indicators_at.push(cx.place(&raw_indicator.value.id));
        indicators.push(cx.indicator(raw_indicator.value, &id));
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
    })
}

/// Parses one section file's text as `load` would, touching no files: for fuzzing.
pub(super) fn parse_text(text: &str, diagnostics: &mut Diagnostics) -> Option<Section> {
    parse_file(Path::new("section.yaml"), text, 4, diagnostics).map(|p| p.section)
}

/// The context of one section file while its indicators are converted.
struct Cx<'a> {
    file: &'a Path,
    /// The file's lines, for quoting the line of each of many problems.
    lines: LineIndex<'a>,
    fy_start: u8,
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

    fn indicator(&mut self, raw: RawIndicator, section: &str) -> Indicator {
        let id = raw.id.value.clone();
        if !is_safe_indicator_id(&id) {
            self.error_at(
                &raw.id,
                format!("indicator id `{id}` cannot be used in a web address"),
                "use letters, digits, `.`, `-` and `_`, starting with a letter or digit, such as `2.1` or `M2-NI`",
            );
        }
        let unit = match raw.unit {
            RawUnit::Count => Unit::Count,
            RawUnit::Percentage => Unit::Percentage,
            RawUnit::Rate => Unit::Rate,
            RawUnit::Average => Unit::Average,
            RawUnit::Days => Unit::Days,
        };
        let decimals = raw
            .decimals
            .unwrap_or(if unit == Unit::Count { 0 } else { 1 });
        if decimals > 6 {
            self.error_at(
                &raw.id,
                format!("indicator {id}: `decimals` is {decimals}; expected 0 to 6"),
                "most reports show 0 to 2 decimals",
            );
        }
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
                        &raw.id,
                        format!("indicator {id}: the {fy} outturn is not a number"),
                        "write a plain number such as 69.6, or leave the year out",
                    ),
                    Some(v) if !is_sane_figure(*v) => self.error_at(
                        &raw.id,
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
                    &raw.id,
                    format!("indicator {id}: outturns: {e}"),
                    "outturn keys are financial years such as 2014/15",
                ),
            }
        }
        if let Some(b) = &raw.benchmarks {
            let figures = [
                b.stat_neighbour_avg,
                b.best_stat_neighbour,
                b.national_avg,
                b.national_top_quartile,
            ];
            if figures.iter().flatten().any(|v| !v.is_finite()) {
                self.error_at(
                    &raw.id,
                    format!("indicator {id}: a benchmark is not a number"),
                    "write plain numbers such as 548.3, or leave the figure out",
                );
            } else if let Some(v) = figures.iter().flatten().find(|v| !is_sane_figure(**v)) {
                self.error_at(
                    &raw.id,
                    format!("indicator {id}: the benchmark {v:e} is too large: {FIGURE_RANGE}"),
                    "check the figures under `benchmarks:`",
                );
            }
        }
        let benchmarks = raw.benchmarks.map(|b| Benchmarks {
            year: b
                .year
                .as_deref()
                .and_then(|y| match FinancialYear::parse(y, self.fy_start) {
                    Ok(fy) => Some(fy),
                    Err(e) => {
                        self.error_at(
                            &raw.id,
                            format!("indicator {id}: benchmarks.year: {e}"),
                            "the year the benchmarks describe, such as 2014/15",
                        );
                        None
                    }
                }),
            stat_neighbour_avg: b.stat_neighbour_avg,
            best_stat_neighbour: b.best_stat_neighbour,
            national_avg: b.national_avg,
            national_top_quartile: b.national_top_quartile,
        });
        let starts = raw
            .starts
            .as_ref()
            .and_then(|m| self.month(m, "starts", &id));
        let ends = raw.ends.as_ref().and_then(|m| self.month(m, "ends", &id));
        if let (Some(s), Some(e)) = (starts, ends)
            && e < s
        {
            self.error_at(
                &raw.id,
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
        Indicator {
            short: raw.short.unwrap_or_else(|| raw.title.clone()),
            title: raw.title,
            section: section.to_string(),
            polarity: match raw.polarity {
                RawPolarity::High => Polarity::High,
                RawPolarity::Low => Polarity::Low,
                RawPolarity::Info => Polarity::Info,
                RawPolarity::Range => Polarity::Range,
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
        }
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
