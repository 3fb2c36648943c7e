//! Reads the settings of what the tables show: `summary`, `monthly_window`, `words`, `change_threshold` and `lifecycle`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::yaml;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{
    ChangeSettings, LifecycleSettings, MonthlyWindow, SummaryColumn, SummarySettings, Words,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSummary {
    #[serde(default)]
    columns: Option<Vec<yaml::Spanned<RawColumn>>>,
    #[serde(default)]
    benchmark_columns: Option<Vec<yaml::Spanned<RawColumn>>>,
}

/// A column is a name, or a name with a value such as `last_months: 13`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawColumn {
    Name(String),
    Valued(BTreeMap<String, RawValue>),
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawValue {
    Number(i64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWords {
    improved: Option<String>,
    declined: Option<String>,
    no_change: Option<String>,
    up: Option<String>,
    down: Option<String>,
    similar: Option<String>,
    old_measure: Option<String>,
    new_measure: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLifecycle {
    #[serde(default)]
    old_measure_months: Option<yaml::Spanned<i64>>,
    #[serde(default)]
    new_measure_months: Option<yaml::Spanned<i64>>,
}

/// The most months a summary table may show one column each: two years.
const MAX_MONTHS: i64 = 24;

/// Where diagnostics about site.yaml point.
pub(super) struct At<'a> {
    pub text: &'a str,
    pub file: &'a Path,
}

impl At<'_> {
    fn error<T>(&self, spanned: &yaml::Spanned<T>, message: String, hint: String) -> Diagnostic {
        Diagnostic::error(self.file, message)
            .at(
                self.text,
                yaml::line_of(spanned),
                spanned.referenced.column() as usize,
            )
            .with_hint(hint)
    }
}

/// Reads `summary:`; `benchmark_keys` are the keys of the site's benchmark columns,
/// which `benchmark: KEY` must name.
pub(super) fn summary(
    raw: Option<RawSummary>,
    benchmark_keys: &[&str],
    at: &At,
    diagnostics: &mut Diagnostics,
) -> SummarySettings {
    let mut settings = SummarySettings::default();
    let Some(raw) = raw else {
        return settings;
    };
    if let Some(list) = raw.columns {
        settings.columns = columns(&list, "summary.columns", benchmark_keys, at, diagnostics);
    }
    if let Some(list) = raw.benchmark_columns {
        settings.benchmark_columns = columns(
            &list,
            "summary.benchmark_columns",
            benchmark_keys,
            at,
            diagnostics,
        );
    }
    settings
}

/// Every name a column can have, for the hint under a name that is not one.
fn column_names() -> Vec<&'static str> {
    SummaryColumn::NAMES
        .iter()
        .map(|(n, _)| *n)
        .chain(SummaryColumn::WITH_VALUE)
        .collect()
}

fn columns(
    list: &[yaml::Spanned<RawColumn>],
    setting: &str,
    benchmark_keys: &[&str],
    at: &At,
    diagnostics: &mut Diagnostics,
) -> Vec<SummaryColumn> {
    let mut out = Vec::new();
    for item in list {
        let column = match &item.value {
            RawColumn::Name(name) => named(name.trim()).ok_or_else(|| {
                (
                    format!("`{setting}` lists `{name}`, which is not a column scorecard can show"),
                    unknown_hint(name.trim()),
                )
            }),
            RawColumn::Valued(map) => valued(map, setting, benchmark_keys),
        };
        match column {
            Ok(column) => out.push(column),
            Err((message, hint)) => diagnostics.push(at.error(item, message, hint)),
        }
    }
    out
}

fn named(name: &str) -> Option<SummaryColumn> {
    SummaryColumn::NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| c.clone())
}

fn unknown_hint(name: &str) -> String {
    let names = column_names();
    let listed: Vec<&str> = SummaryColumn::NAMES
        .iter()
        .map(|(n, _)| *n)
        .chain(["last_months: N", "benchmark: KEY"])
        .collect();
    let all = format!("the columns are: {}", listed.join(", "));
    match yaml::closest(name, &names) {
        Some(near) => format!("did you mean `{near}`? {all}"),
        None => all,
    }
}

fn valued(
    map: &BTreeMap<String, RawValue>,
    setting: &str,
    benchmark_keys: &[&str],
) -> Result<SummaryColumn, (String, String)> {
    let mut entries = map.iter();
    let (Some((name, value)), None) = (entries.next(), entries.next()) else {
        return Err((
            format!("`{setting}` has an entry with more than one name"),
            "write each column as its own list item, such as `- last_months: 13`".into(),
        ));
    };
    match (name.trim(), value) {
        ("last_months", RawValue::Number(n)) if (1..=MAX_MONTHS).contains(n) => {
            Ok(SummaryColumn::LastMonths(*n as u8))
        }
        ("last_months", RawValue::Number(n)) => Err((
            format!(
                "`{setting}`: `last_months` is {n}; expected a number of months from 1 to {MAX_MONTHS}"
            ),
            "write `last_months: 13` for the same month last year to this month".into(),
        )),
        ("last_months", RawValue::Text(t)) => Err((
            format!(
                "`{setting}`: `last_months` is `{t}`; expected a number of months from 1 to {MAX_MONTHS}"
            ),
            "write `last_months: 13` for the same month last year to this month".into(),
        )),
        ("benchmark", RawValue::Text(key)) => match benchmark_keys.contains(&key.trim()) {
            true => Ok(SummaryColumn::Benchmark(key.trim().to_string())),
            false => Err((
                format!("`{setting}`: `benchmark: {key}` names no benchmark column"),
                format!(
                    "name one of the site's benchmark columns (`benchmarks:`): {}",
                    benchmark_keys.join(", ")
                ),
            )),
        },
        ("benchmark", RawValue::Number(n)) => Err((
            format!("`{setting}`: `benchmark: {n}` names no benchmark"),
            "name a benchmark column, such as `benchmark: national_avg`".into(),
        )),
        (other, _) => Err((
            format!("`{setting}` lists `{other}: ...`, which is not a column scorecard can show"),
            match named(other) {
                Some(_) => format!("`{other}` takes no value: write `- {other}`"),
                None => unknown_hint(other),
            },
        )),
    }
}

pub(super) fn monthly_window(
    raw: Option<yaml::Spanned<String>>,
    at: &At,
    diagnostics: &mut Diagnostics,
) -> MonthlyWindow {
    let Some(raw) = raw else {
        return MonthlyWindow::default();
    };
    match MonthlyWindow::NAMES
        .iter()
        .find(|(n, _)| *n == raw.value.trim())
    {
        Some((_, window)) => *window,
        None => {
            let names: Vec<&str> = MonthlyWindow::NAMES.iter().map(|(n, _)| *n).collect();
            diagnostics.push(at.error(
                &raw,
                format!(
                    "`monthly_window` is `{}`, which is not a window scorecard knows",
                    raw.value
                ),
                format!(
                    "write one of: {} (the same month last year to this month)",
                    names.join(", ")
                ),
            ));
            MonthlyWindow::default()
        }
    }
}

pub(super) fn words(raw: Option<RawWords>) -> Words {
    let d = Words::default();
    let Some(raw) = raw else {
        return d;
    };
    Words {
        improved: raw.improved.unwrap_or(d.improved),
        declined: raw.declined.unwrap_or(d.declined),
        no_change: raw.no_change.unwrap_or(d.no_change),
        up: raw.up.unwrap_or(d.up),
        down: raw.down.unwrap_or(d.down),
        similar: raw.similar.unwrap_or(d.similar),
        old_measure: raw.old_measure.unwrap_or(d.old_measure),
        new_measure: raw.new_measure.unwrap_or(d.new_measure),
    }
}

pub(super) fn change(
    raw: Option<yaml::Spanned<f64>>,
    at: &At,
    diagnostics: &mut Diagnostics,
) -> ChangeSettings {
    match raw {
        None => ChangeSettings::default(),
        Some(t) if t.value > 0.0 && t.value < 10.0 => ChangeSettings { threshold: t.value },
        Some(t) => {
            diagnostics.push(at.error(
                &t,
                format!(
                    "`change_threshold` is {}; expected a fraction above 0, such as 0.10 for 10%",
                    t.value
                ),
                "a change of at least this fraction, up or down, is worded as up or down".into(),
            ));
            ChangeSettings::default()
        }
    }
}

pub(super) fn lifecycle(
    raw: Option<RawLifecycle>,
    at: &At,
    diagnostics: &mut Diagnostics,
) -> LifecycleSettings {
    let Some(raw) = raw else {
        return LifecycleSettings::default();
    };
    let mut months = |value: Option<yaml::Spanned<i64>>, name: &str| -> u32 {
        match value {
            None => 0,
            Some(n) if (0..=120).contains(&n.value) => n.value as u32,
            Some(n) => {
                diagnostics.push(at.error(
                    &n,
                    format!(
                        "`lifecycle.{name}` is {}; expected a number of months from 0 to 120",
                        n.value
                    ),
                    "0 turns it off; 1 is the month after, or the first month".into(),
                ));
                0
            }
        }
    };
    LifecycleSettings {
        old_measure_months: months(raw.old_measure_months, "old_measure_months"),
        new_measure_months: months(raw.new_measure_months, "new_measure_months"),
    }
}
