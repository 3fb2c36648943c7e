//! Breakdowns: the dimensions of `breakdowns:`, and the checks and derived totals of each broken-down measure once its rows are read.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::yaml;
use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::model::{
    BreakdownColumn, Dimension, Indicator, Member, Month, Section, TotalRule, differs, differs_by,
};

/// One dimension as site.yaml or a section file declares it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDimension {
    #[serde(default)]
    label: Option<String>,
    members: Vec<yaml::Spanned<RawMember>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMember {
    key: String,
    #[serde(default)]
    label: Option<String>,
}

/// `breakdowns:` as written: each dimension's key to its members.
pub(super) type RawDimensions = BTreeMap<String, yaml::Spanned<RawDimension>>;

/// The long-form CSV columns, which a dimension's column may not take the name of.
const TAKEN: [&str; 9] = super::monthly::COLUMNS;

/// Reads and checks the dimensions of `breakdowns:` in `file`. `inherited` are the
/// site's, whose labels a section's own members of a dimension keep.
pub(super) fn dimensions(
    raw: RawDimensions,
    inherited: &[Dimension],
    file: &Path,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<Dimension> {
    let mut dimensions = Vec::new();
    for (key, raw) in raw {
        let at = |line: usize, column: u64| Place::new(file, text, line, column as usize);
        let place = at(yaml::line_of(&raw), raw.referenced.column());
        let mut error = |place: &Place, message: String, hint: &str| {
            diagnostics.push(
                Diagnostic::error(file, message)
                    .at_place(place)
                    .with_hint(hint),
            );
        };
        if !is_key(&key) {
            error(
                &place,
                format!("breakdown dimension `{key}` is not a plain name"),
                "name it with lower-case letters, digits, `-` and `_`, such as `team` or `locality`: data files head its column with the name",
            );
            continue;
        }
        if TAKEN.contains(&key.as_str()) {
            error(
                &place,
                format!("breakdown dimension `{key}` has the name of a data column"),
                "a data file heads the member column with the dimension's name, so it cannot be one of indicator, month, value, numerator, denominator, ytd, note, from_edition or judgement",
            );
            continue;
        }
        let mut members: Vec<Member> = Vec::new();
        for member in &raw.value.members {
            let place = at(yaml::line_of(member), member.referenced.column());
            let key = member.value.key.trim();
            if !super::is_safe_slug(key) {
                error(
                    &place,
                    format!("member key `{key}` is not a plain name"),
                    "name it with lower-case letters, digits and `-`, such as `front-door`: shortcodes and addresses use it",
                );
            } else if members.iter().any(|m| m.key == key) {
                error(
                    &place,
                    format!("member `{key}` is listed twice"),
                    "list each member of the dimension once",
                );
            } else {
                let label = member
                    .value
                    .label
                    .as_deref()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .unwrap_or(key);
                members.push(Member {
                    key: key.to_string(),
                    label: label.to_string(),
                });
            }
        }
        if raw.value.members.is_empty() {
            error(
                &place,
                format!("breakdown dimension `{key}` has no members"),
                "list its members: `members: [{ key: north, label: North }, ...]`",
            );
        }
        let label = raw
            .value
            .label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .or_else(|| {
                inherited
                    .iter()
                    .find(|d| d.key == key)
                    .map(|d| d.label.clone())
            })
            .unwrap_or_else(|| capitalised(&key));
        dimensions.push(Dimension {
            key,
            label,
            members,
        });
    }
    dimensions
}

/// Reads `breakdown_columns:`, reporting names that are no column and columns
/// listed twice; the default columns when not given.
pub(super) fn columns(
    raw: Option<Vec<yaml::Spanned<String>>>,
    file: &Path,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<BreakdownColumn> {
    let Some(raw) = raw else {
        return BreakdownColumn::defaults();
    };
    let mut columns = Vec::new();
    for named in raw {
        let name = named.value.trim();
        match BreakdownColumn::NAMES.iter().find(|(n, _)| *n == name) {
            Some((_, c)) if !columns.contains(c) => columns.push(*c),
            found => {
                let names: Vec<&str> = BreakdownColumn::NAMES.iter().map(|(n, _)| *n).collect();
                let message = match found {
                    Some(_) => format!("`breakdown_columns` lists `{name}` twice"),
                    None => format!(
                        "`breakdown_columns` lists `{name}`, which is not a column of the member table"
                    ),
                };
                diagnostics.push(
                    Diagnostic::error(file, message)
                        .at(
                            text,
                            yaml::line_of(&named),
                            named.referenced.column() as usize,
                        )
                        .with_hint(format!("list each once, from: {}", names.join(", "))),
                );
            }
        }
    }
    columns
}

/// A dimension's key: lower-case letters, digits, `-` and `_`.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 40
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && key.starts_with(|c: char| c.is_ascii_lowercase())
}

/// "team" as a heading: "Team".
fn capitalised(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('_', " "),
        None => String::new(),
    }
}

/// A count as written: whole numbers without decimals, others with one.
fn whole(v: f64) -> String {
    crate::model::Unit::Count.format(v, if v.fract() == 0.0 { 0 } else { 1 })
}

/// A dimension's label as the plural of its members: "teams", "localities".
fn plural(label: &str) -> String {
    match label.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ if label.ends_with('s') => label.to_string(),
        _ => format!("{label}s"),
    }
}

/// Where the row of a measure's total for a month was given (and the edition of a
/// revision's row), for the warnings about it.
pub(super) type TotalRows = HashMap<(String, Month, Option<Month>), (PathBuf, usize)>;

/// Finishes each broken-down measure once every data row is read: drops the members
/// with no data, derives the totals no row gave from the members, and warns about
/// each month whose total does not agree with its members, in the data as first
/// published and again as each edition that publishes a correction of the total or of
/// a member sees it.
pub(super) fn finish(
    sections: &mut [Section],
    rows: &TotalRows,
    places: &HashMap<String, Place>,
    diagnostics: &mut Diagnostics,
) {
    for indicator in sections.iter_mut().flat_map(|s| &mut s.indicators) {
        let Some(breakdown) = indicator.breakdown.as_mut() else {
            continue;
        };
        breakdown
            .members
            .retain(|m| !m.indicator.series.is_empty() || !m.indicator.revisions.is_empty());
        indicator.derive_total();
        unmade(indicator, places, diagnostics);
        let mut said = HashSet::new();
        check(indicator, None, rows, places, &mut said, diagnostics);
        let corrections: BTreeSet<Month> = indicator
            .revisions
            .keys()
            .chain(
                indicator
                    .breakdown
                    .iter()
                    .flat_map(|b| &b.members)
                    .flat_map(|m| m.indicator.revisions.keys()),
            )
            .map(|(_, from)| *from)
            .collect();
        for edition in corrections {
            check(
                &indicator.as_of(edition),
                Some(edition),
                rows,
                places,
                &mut said,
                diagnostics,
            );
        }
    }
}

/// Warns, once for each, about what stops a measure's total being checked against its
/// members without a month's warning saying so: a ratio whose members' rows give no
/// numerator and denominator, and a member that stopped reporting before the others.
fn unmade(indicator: &Indicator, places: &HashMap<String, Place>, diagnostics: &mut Diagnostics) {
    let Some(breakdown) = &indicator.breakdown else {
        return;
    };
    let label = plural(&breakdown.dimension.label.to_lowercase());
    let mut said = Vec::new();
    let observations = || {
        breakdown
            .members
            .iter()
            .flat_map(|m| m.indicator.series.values())
    };
    if breakdown.total == TotalRule::Ratio
        && observations()
            .any(|o| o.value.is_some() && (o.numerator.is_none() || o.denominator.is_none()))
    {
        said.push((
            format!(
                "indicator {}: some of the {label}' rows give no numerator and denominator, so the total is neither checked against the {label} nor worked out from them in those months",
                indicator.id
            ),
            format!(
                "give each of the {label}' rows its numerator and denominator, or write `breakdown: {{ by: {}, total: unchecked }}`",
                breakdown.dimension.key
            ),
        ));
    }
    let last = |m: &crate::model::MemberSeries| {
        m.indicator
            .series
            .iter()
            .rev()
            .find(|(_, o)| o.value.is_some())
            .map(|(m, _)| *m)
    };
    let latest = breakdown.members.iter().filter_map(last).max();
    for member in &breakdown.members {
        let (Some(stopped), Some(latest)) = (last(member), latest) else {
            continue;
        };
        if stopped >= latest {
            continue;
        }
        said.push((
            format!(
                "indicator {}: {} has no figures after {}, so the total for {} is not checked, and from {} on is checked and worked out without it",
                indicator.id,
                member.member.label,
                stopped.long_name(),
                stopped.next().long_name(),
                stopped.next().next().long_name()
            ),
            format!(
                "if {} still reports, add its rows; if it has closed or merged, nothing needs doing",
                member.member.label
            ),
        ));
    }
    for (message, hint) in said {
        let d = match places.get(&indicator.id) {
            Some(place) => Diagnostic::warning(&place.file, message).at_place(place),
            None => Diagnostic::warning(super::monthly::MONTHLY_DIR, message),
        };
        diagnostics.push(d.with_hint(hint));
    }
}

/// Warns about each month whose total in `indicator` (the data as first published,
/// or as the edition of `edition` sees it) does not agree with its members; `said`
/// holds the months and figures already warned about, so that each is said once.
fn check(
    indicator: &Indicator,
    edition: Option<Month>,
    rows: &TotalRows,
    places: &HashMap<String, Place>,
    said: &mut HashSet<(Month, String)>,
    diagnostics: &mut Diagnostics,
) {
    let Some(breakdown) = &indicator.breakdown else {
        return;
    };
    let months: BTreeSet<Month> = breakdown
        .members
        .iter()
        .flat_map(|m| m.indicator.series.keys().copied())
        .filter(|m| edition.is_none_or(|e| *m <= e))
        .collect();
    let label = &plural(&breakdown.dimension.label.to_lowercase());
    for month in months {
        if breakdown.derived.contains(&month) {
            continue;
        }
        let Some(made) = breakdown.from_members(month, &indicator.unit) else {
            continue;
        };
        let Some(total) = indicator.series.get(&month) else {
            continue;
        };
        let mut problems = Vec::new();
        if let Some(value) = total.value
            && differs_by(
                value,
                made.value,
                breakdown.tolerance(&made, indicator.decimals),
            )
        {
            let what = match breakdown.total {
                TotalRule::Sum => format!("{label}' figures add up to"),
                _ => format!("{label}' summed numerators over denominators make"),
            };
            problems.push(format!(
                "the total is {} but the {what} {}",
                indicator.format(value),
                indicator.format(made.value)
            ));
        }
        if let (Some((n, d)), Some(tn), Some(td)) =
            (made.fraction, total.numerator, total.denominator)
        {
            for (name, given, sum) in [("numerator", tn, n), ("denominator", td, d)] {
                if differs(given, sum, 0) {
                    problems.push(format!(
                        "the total's {name} is {} but the {label}' add up to {}",
                        whole(given),
                        whole(sum)
                    ));
                }
            }
        }
        if problems.is_empty() || !said.insert((month, problems.join("; "))) {
            continue;
        }
        let seen = match edition {
            Some(e) => format!(" (as corrected by the {} edition)", e.long_name()),
            None => String::new(),
        };
        let message = format!(
            "indicator {}: for {}{seen}, {}",
            indicator.id,
            month.long_name(),
            problems.join("; ")
        );
        let hint = format!(
            "check the total's row and the {label}' rows for {month}: a total made from the members agrees with them within rounding to the measure's {} decimals; if the {label} do not make up the total, write `breakdown: {{ by: {}, total: unchecked }}`",
            indicator.decimals, breakdown.dimension.key
        );
        // The row of the total the edition reads: its latest revision by then, else
        // the row first given.
        let revised = edition.and_then(|e| {
            rows.iter()
                .filter(|((id, m, from), _)| {
                    *id == indicator.id && *m == month && from.is_some_and(|f| f <= e)
                })
                .max_by_key(|((_, _, from), _)| *from)
                .map(|(_, at)| at)
        });
        let row = revised.or_else(|| rows.get(&(indicator.id.clone(), month, None)));
        let d = match (row, places.get(&indicator.id)) {
            (Some((file, line)), _) => Diagnostic::warning(file, message).at_line(*line),
            (None, Some(place)) => Diagnostic::warning(&place.file, message).at_place(place),
            (None, None) => Diagnostic::warning(super::monthly::MONTHLY_DIR, message),
        };
        diagnostics.push(d.with_hint(hint));
    }
}
