//! Reads the section files under `data/sections/`: sections and indicator definitions.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::{SiteFiles, is_safe_slug, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{
    AppliesTo, Benchmarks, FinancialYear, Good, Indicator, Month, Polarity, RangeSides,
    Renumbering, Rule, Section, Series, Target, Unit, YtdMethod,
};

pub(super) const SECTIONS_DIR: &str = "data/sections";

/// Names used for pages inside an edition's folder, which a section id would clash with.
const RESERVED: [&str; 4] = ["exceptions", "print", "static", "report"];

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

/// Reads every section file, sorted by `order`, with indicators in file order.
pub(super) fn load(files: &SiteFiles, fy_start: u8, diagnostics: &mut Diagnostics) -> Vec<Section> {
    let paths = files.files_under(SECTIONS_DIR, "yaml");
    if paths.is_empty() {
        diagnostics.push(
            Diagnostic::error(SECTIONS_DIR, "no section files found")
                .with_hint("add at least one .yaml file describing a section and its indicators"),
        );
    }
    let mut sections = Vec::new();
    let mut section_ids: HashMap<String, std::path::PathBuf> = HashMap::new();
    let mut indicator_ids: HashMap<String, std::path::PathBuf> = HashMap::new();
    for path in paths {
        let display = files.display(&path);
        let Some(text) = files.read(&path, diagnostics) else {
            continue;
        };
        let Some(raw) = yaml::parse::<RawSection>(&text, &display, 0, diagnostics) else {
            continue;
        };
        let mut cx = Cx {
            file: &display,
            text: &text,
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
        }
        if RESERVED.contains(&id.as_str()) {
            cx.error_at(
                &raw.id,
                format!("section id `{id}` is reserved for a page scorecard makes"),
                format!(
                    "choose another id; these are reserved: {}",
                    RESERVED.join(", ")
                ),
            );
        }
        if let Some(first) = section_ids.insert(id.clone(), display.clone()) {
            cx.error_at(
                &raw.id,
                format!("section id `{id}` is used twice"),
                format!("it is also the id of the section in {}", first.display()),
            );
        }
        let mut indicators = Vec::new();
        for raw_indicator in raw.indicators {
            let indicator_id = raw_indicator.value.id.value.clone();
            if let Some(first) = indicator_ids.insert(indicator_id.clone(), display.clone()) {
                cx.error_at(
                    &raw_indicator.value.id,
                    format!("indicator id `{indicator_id}` is used twice"),
                    format!(
                        "ids must be unique across the site; it is also in {}",
                        first.display()
                    ),
                );
            }
            indicators.push(cx.indicator(raw_indicator.value, &id));
        }
        sections.push(Section {
            id,
            title: raw.title,
            order: raw.order,
            definition: raw.definition,
            indicators,
        });
    }
    sections.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    sections
}

/// The context of one section file while its indicators are converted.
struct Cx<'a> {
    file: &'a Path,
    text: &'a str,
    fy_start: u8,
    diagnostics: &'a mut Diagnostics,
}

impl Cx<'_> {
    fn error_at<T>(
        &mut self,
        at: &yaml::Spanned<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::error(self.file, message)
                .at(
                    self.text,
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
        if id.trim().is_empty() || id.contains(['/', '\\']) || id.contains("..") {
            self.error_at(
                &raw.id,
                format!("indicator id `{id}` cannot be used in a file name"),
                "use letters, digits, `.`, `-` and `_`, such as `2.1` or `M2-NI`",
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
        let targets = raw
            .targets
            .iter()
            .filter_map(|t| self.target(t, &id))
            .collect();
        let mut outturns = BTreeMap::new();
        for (year, value) in &raw.outturns {
            match FinancialYear::parse(year, self.fy_start) {
                Ok(fy) => {
                    if let Some(v) = value {
                        outturns.insert(fy, *v);
                    }
                }
                Err(e) => self.error_at(
                    &raw.id,
                    format!("indicator {id}: outturns: {e}"),
                    "outturn keys are financial years such as 2014/15",
                ),
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
            ytd: match raw.ytd {
                Some(RawYtd::Sum) => YtdMethod::Sum,
                Some(RawYtd::Ratio) => YtdMethod::Ratio,
                Some(RawYtd::Mean) => YtdMethod::Mean,
                Some(RawYtd::Latest) => YtdMethod::Latest,
                Some(RawYtd::Reported) => YtdMethod::Reported,
                Some(RawYtd::None) | None => YtdMethod::None,
            },
            targets,
            outturns,
            benchmarks,
            notes: raw.notes,
            starts,
            ends,
            renumbered,
            series: Series::new(),
            revisions: BTreeMap::new(),
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
