//! Golden tests: the engine reproduces every direction-of-travel, RAG and year-to-date
//! cell printed in the seeds' summary tables, from the sample site's data.
//!
//! Where a seed is itself wrong, `tests/golden/source-errors.csv` records the cell, the
//! correct answer and the working; the test then asserts the correct answer. No cell
//! is skipped silently: every row of a seed table is accounted for and counted.

use std::collections::HashMap;
use std::path::Path;

use scorecard::compute::{self, Arrow, Lifecycle};
use scorecard::model::{Indicator, Month, Site};

fn sample_site() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diagnostics = scorecard::diagnostics::Diagnostics::new();
    let input = scorecard::load::site(root, &mut diagnostics)
        .input
        .filter(|_| !diagnostics.has_errors());
    input
        .unwrap_or_else(|| panic!("the sample site does not load:\n{diagnostics}"))
        .site
}

fn read_csv(rel: &str) -> Vec<HashMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.trim().to_string()))
                .collect()
        })
        .collect()
}

/// A seed cell the engine must produce: what the seed printed, and what is right.
struct Expected {
    printed: String,
    correct: String,
}

/// The corrections to seed cells, keyed by (seed, number, column).
fn source_errors() -> HashMap<(String, String, String), String> {
    read_csv("tests/golden/source-errors.csv")
        .into_iter()
        .map(|r| {
            (
                (r["seed"].clone(), r["number"].clone(), r["column"].clone()),
                r["correct"].clone(),
            )
        })
        .collect()
}

fn dot_word(site: &Site, i: &Indicator, month: Month) -> String {
    let f = compute::figures(i, month, &site.settings);
    match (f.dot, f.lifecycle) {
        (Some(d), _) => match d.arrow {
            Arrow::Up => "up",
            Arrow::Down => "down",
            Arrow::Same => "same",
        }
        .into(),
        (None, Lifecycle::New) => "new".into(),
        (None, _) => String::new(),
    }
}

fn rag_word(site: &Site, i: &Indicator, month: Month, basis_ytd: Option<bool>) -> String {
    let fy = month.financial_year(site.settings.financial_year_start);
    let f = compute::figures(i, month, &site.settings);
    let rating = match basis_ytd {
        // The year-end column rates the year to date against the year's rule.
        Some(true) => i
            .targets_for(fy)
            .next()
            .and_then(|t| f.ytd.map(|v| compute::rate(i, t, v))),
        _ => f.rag,
    };
    rating.map_or("grey".into(), |r| r.rag.as_str().into())
}

/// Compares one seed table with the engine; returns (reproduced, corrected, mismatches).
fn compare(
    seed: &str,
    table: &str,
    month: &str,
    rag_columns: &[(&str, Option<bool>)],
) -> (usize, usize, Vec<String>) {
    let month: Month = month.parse().unwrap();
    // The edition is computed from the data as it stood at its month.
    let site = sample_site().as_of(month);
    let errors = source_errors();
    let mut reproduced = 0;
    let mut corrected = 0;
    let mut mismatches = Vec::new();
    for row in read_csv(table) {
        let number = &row["number"];
        let Some(indicator) = site
            .indicators()
            .find(|i| i.number_in(month) == number && i.is_shown_in(month))
        else {
            mismatches.push(format!(
                "{seed} {number}: no indicator is printed as {number} in {month}"
            ));
            continue;
        };
        let mut cells: Vec<(&str, Expected, String)> = Vec::new();
        if !row["dot"].is_empty() {
            cells.push((
                "dot",
                Expected {
                    printed: row["dot"].clone(),
                    correct: row["dot"].clone(),
                },
                dot_word(&site, indicator, month),
            ));
        }
        for (column, basis) in rag_columns {
            let printed = row[*column].clone();
            if printed.is_empty() {
                continue;
            }
            cells.push((
                column,
                Expected {
                    correct: printed.clone(),
                    printed,
                },
                rag_word(&site, indicator, month, *basis),
            ));
        }
        if !row["ytd"].is_empty() {
            let computed = compute::figures(indicator, month, &site.settings).ytd;
            let printed = row["ytd"].clone();
            let decimals = printed.split_once('.').map_or(0, |(_, f)| f.len());
            let matches = computed.is_some_and(|c| {
                let p: f64 = printed.parse().unwrap();
                (c - p).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
            });
            let shown = computed.map_or("none".into(), |c| format!("{c:.*}", decimals));
            cells.push((
                "ytd",
                Expected {
                    correct: printed.clone(),
                    printed: printed.clone(),
                },
                if matches { printed } else { shown },
            ));
        }
        for (column, mut expected, got) in cells {
            if let Some(correct) =
                errors.get(&(seed.to_string(), number.clone(), column.to_string()))
            {
                expected.correct = correct.clone();
                if got == expected.correct {
                    corrected += 1;
                    continue;
                }
            }
            if got == expected.correct {
                reproduced += 1;
            } else {
                mismatches.push(format!(
                    "{seed} {number} {column}: seed prints {}, expected {}, engine gives {got}",
                    expected.printed, expected.correct
                ));
            }
        }
    }
    (reproduced, corrected, mismatches)
}

/// Compares a seed's table with the engine and fails on any mismatch, or when too
/// few cells were compared for the comparison to mean anything.
fn assert_reproduces(seed: &str, table: &str, month: &str, rag_columns: &[(&str, Option<bool>)]) {
    let (reproduced, corrected, mismatches) = compare(seed, table, month, rag_columns);
    println!("seed {seed}: {reproduced} cells reproduced, {corrected} source errors corrected");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(reproduced > 50, "only {reproduced} cells compared");
}

#[test]
fn seed_000_december_2015_summary() {
    assert_reproduces(
        "000",
        "tests/golden/seed000-2015-12.csv",
        "2015-12",
        &[("rag", None)],
    );
}

#[test]
fn seed_002_march_2016_year_end_summary() {
    assert_reproduces(
        "002",
        "tests/golden/seed002-2016-03.csv",
        "2016-03",
        &[("rag", None), ("rag_year_end", Some(true))],
    );
}
