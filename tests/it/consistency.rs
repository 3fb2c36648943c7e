//! Consistency: a figure reads the same wherever it appears. For every edition and
//! indicator of the sample site and the fixtures, every figure in every output (the
//! summary table, the section and print pages' tables and panels, each chart's data
//! table and CSV, the exceptions page, report.json, report.csv and the expanded
//! shortcodes) is compared with the figure the library computes for that edition, from
//! the data as it stood at its month.

use std::collections::BTreeMap;
use std::path::Path;

use scorecard::compute::{self, Arrow, Dot, EditionFigures, Figures, Rag};
use scorecard::model::shortcode::{self, Figure};
use scorecard::model::{ExtraFigure, Indicator, Month, Site, Unit, YtdMethod};

use crate::TestSite;

/// What was compared and what differed.
#[derive(Default)]
struct Tally {
    compared: usize,
    differences: Vec<String>,
}

impl Tally {
    fn check(&mut self, place: impl FnOnce() -> String, shown: &str, computed: &str) {
        self.compared += 1;
        if shown != computed {
            self.differences.push(format!(
                "{}: shows {shown:?}, computed {computed:?}",
                place()
            ));
        }
    }

    fn assert_none_differ(&self, site: &str) {
        // How many differ in each output, for a reader of the failure.
        let mut by_output: BTreeMap<String, usize> = BTreeMap::new();
        for d in &self.differences {
            let place = d.split(':').next().unwrap_or_default();
            let words: Vec<&str> = place.split(' ').skip(2).take(2).collect();
            *by_output.entry(words.join(" ")).or_default() += 1;
        }
        assert!(
            self.differences.is_empty(),
            "{site}: {} of {} figures differ from the computed figures ({by_output:?}):\n{}",
            self.differences.len(),
            self.compared,
            self.differences
                .iter()
                .take(60)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        eprintln!("{site}: {} figures compared, all agree", self.compared);
    }
}

fn load(root: &Path) -> Site {
    let mut diagnostics = scorecard::diagnostics::Diagnostics::new();
    let input = scorecard::load::site(root, &mut diagnostics)
        .input
        .filter(|_| !diagnostics.has_errors());
    input
        .unwrap_or_else(|| panic!("{} does not load:\n{diagnostics}", root.display()))
        .site
}

/// The text of a cell or element: tags dropped, entities decoded, spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of every `<table>` in `html`, each row its cells' text.
fn tables(html: &str) -> Vec<Vec<Vec<String>>> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<table") {
        let end = rest[start..].find("</table>").expect("closed table") + start;
        let table = &rest[start..end];
        let rows = table
            .split("<tr")
            .skip(1)
            .map(|row| {
                let mut cells = Vec::new();
                let mut r = row;
                while let Some(open) = r.find(['<']) {
                    let tag = &r[open..];
                    if tag.starts_with("<td") || tag.starts_with("<th") {
                        let close_tag = if tag.starts_with("<td") {
                            "</td>"
                        } else {
                            "</th>"
                        };
                        let body_start = open + tag.find('>').unwrap() + 1;
                        let body_end = r[body_start..]
                            .find(close_tag)
                            .map_or(r.len(), |e| e + body_start);
                        cells.push(text(&r[body_start..body_end]));
                        r = &r[body_end..];
                    } else {
                        r = &r[open + 1..];
                    }
                }
                cells
            })
            .collect();
        found.push(rows);
        rest = &rest[end..];
    }
    found
}

/// The HTML of the panel of indicator `anchor`, up to the next panel.
fn panel<'a>(html: &'a str, anchor: &str) -> Option<&'a str> {
    let start = html.find(&format!("<section class=\"panel\" id=\"{anchor}\""))?;
    let rest = &html[start + 1..];
    let end = rest
        .find("<section class=\"panel\"")
        .or_else(|| rest.find("</section>\n</section>"))
        .unwrap_or(rest.len());
    Some(&html[start..start + 1 + end])
}

/// The text of the `<dd>` after the `<dt>` reading `term` in a panel.
fn definition(panel: &str, term: &str) -> Option<String> {
    let at = panel.find(&format!("<dt>{term}</dt>"))?;
    let rest = &panel[at..];
    let open = rest.find("<dd")?;
    let body = open + rest[open..].find('>')? + 1;
    let close = rest.find("</dd>")?;
    Some(text(&rest[body..close]))
}

fn fmt(i: &Indicator, v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| i.format(v))
}

/// A number as report.json states it: four decimals, two for changes and means.
fn round(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

fn rag_word(site: &Site, f: &Figures) -> String {
    let labels = &site.settings.labels;
    match f.rag.as_ref().map(|r| r.rag) {
        Some(Rag::Red) => labels.red.clone(),
        Some(Rag::Amber) => labels.amber.clone(),
        Some(Rag::Green) => labels.green.clone(),
        None => labels.none.clone(),
    }
}

/// The direction of travel as a table shows it: the arrow, then its words. An Amber
/// rating is never "within target".
fn dot_text(site: &Site, d: Dot) -> String {
    let words = d.words(site.settings.direction.shows, &site.settings.words);
    assert!(
        !(d.rating == Some(Rag::Amber) && words.contains("within target")),
        "an Amber rating is described as within target: {words}"
    );
    let arrow = match d.arrow {
        Arrow::Up => "↑",
        Arrow::Down => "↓",
        Arrow::Same => "→",
    };
    format!("{arrow} {words}")
}

/// The JSON value of a field as text: numbers as the shortest text of the f64,
/// strings as themselves, null as empty.
fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.as_f64().unwrap().to_string(),
        other => other.to_string(),
    }
}

/// What a shortcode shows, from the computed figures.
fn shortcode_text(site: &Site, i: &Indicator, figure: Figure, f: &Figures) -> String {
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:+.1}%"));
    match figure {
        Figure::Value => fmt(i, f.value),
        Figure::Ytd => fmt(i, f.ytd),
        Figure::Previous => fmt(i, f.previous),
        Figure::Change => pct(f.change_month_pct),
        Figure::ChangeYear => pct(f.change_year_pct),
        Figure::Rag => rag_word(site, f),
        Figure::Dot => f.dot.map_or("–".into(), |d| {
            d.words(site.settings.direction.shows, &site.settings.words)
        }),
        Figure::Fraction => f.fraction.map_or("–".into(), compute::count_words),
    }
}

/// Checks every output of every edition of the built site against the computed figures.
fn check_site(test: &TestSite) -> Tally {
    let full = load(test.root());
    let mut tally = Tally::default();
    let latest = full.latest_edition().map(|e| e.month);
    let first = compute::FirstPublished::of(&full);
    for edition in &full.editions {
        let month = edition.month;
        let site = full.as_of(month);
        let settings = &site.settings;
        let fy = month.financial_year(settings.financial_year_start);
        let json: serde_json::Value =
            serde_json::from_str(&test.output(&format!("{month}/report.json"))).unwrap();
        let json_rows: BTreeMap<String, &serde_json::Value> = json["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), r))
            .collect();
        // The edition's counts agree with its ratings and directions as report.json
        // gives them.
        let computed = EditionFigures::compute(&site, edition, &first);
        let count = |field: &str, values: &[&str]| {
            json_rows
                .values()
                .filter(|r| values.contains(&json_text(&r[field]).as_str()))
                .count()
                .to_string()
        };
        let c = &computed.counts;
        for (what, shown, counted) in [
            ("red", c.red, count("rag", &["red"])),
            ("amber", c.amber, count("rag", &["amber"])),
            ("green", c.green, count("rag", &["green"])),
            ("unrated", c.unrated, count("rag", &[""])),
            ("not compared", c.not_compared, count("dot", &[""])),
        ] {
            tally.check(
                || format!("{month} counts {what}"),
                &shown.to_string(),
                &counted,
            );
        }
        let (csv_headers, csv_body) = csv_rows(&test.output(&format!("{month}/report.csv")));
        let csv_of = |id: &str| {
            csv_body.iter().find(|r| r[0] == id).map(|r| {
                csv_headers
                    .iter()
                    .cloned()
                    .zip(r.iter().cloned())
                    .collect::<BTreeMap<_, _>>()
            })
        };
        let edition_page = test.output(&format!("{month}/index.html"));
        let print_page = test.output(&format!("{month}/print/index.html"));
        let exceptions_page = test.output(&format!("{month}/exceptions/index.html"));
        let mut summaries = vec![("edition page", edition_page.clone())];
        summaries.push(("print page", print_page.clone()));
        if Some(month) == latest {
            summaries.push(("home page", test.output("index.html")));
        }
        let sections: BTreeMap<String, String> = site
            .sections
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    test.output(&format!("{month}/{}/index.html", s.id)),
                )
            })
            .collect();

        for i in site.indicators().filter(|i| i.is_shown_in(month)) {
            let f = compute::figures(i, month, settings);
            let number = i.number_in(month);
            let at = |what: &str| format!("{month} {} {what}", i.id);

            // report.json, against the computed figures at the stated precision.
            let row = json_rows.get(&i.id).copied();
            // Twelve months add up only for counts of events; a sum of percentages,
            // rates or month-end counts means nothing.
            let rolling = match (&i.unit, i.ytd) {
                (Unit::Count, YtdMethod::Sum | YtdMethod::Reported) => {
                    compute::rolling_12m(i, month)
                }
                _ => None,
            };
            let numbers = [
                ("value", f.value.map(|v| round(v, 4))),
                ("previous", f.previous.map(|v| round(v, 4))),
                ("ytd", f.ytd.map(|v| round(v, 4))),
                ("change_month_pct", f.change_month_pct.map(|v| round(v, 2))),
                ("change_year_pct", f.change_year_pct.map(|v| round(v, 2))),
                ("rolling_12m", rolling.map(|v| round(v, 4))),
                ("avg_12m", f.avg_12m.map(|v| round(v, 2))),
                ("max_12m", f.max_12m.map(|v| round(v, 4))),
                ("numerator", f.fraction.map(|x| round(x.0, 4))),
                ("denominator", f.fraction.map(|x| round(x.1, 4))),
            ];
            for (field, computed) in numbers {
                let shown = row.map_or("(no row)".into(), |r| json_text(&r[field]));
                let computed = computed.map(|v| v.to_string()).unwrap_or_default();
                tally.check(|| at(&format!("report.json {field}")), &shown, &computed);
            }
            // Revisions: every month the edition shows whose figure differs from the
            // one the earliest edition showing it published, worked out here from
            // the full data, edition by edition.
            let revised = revisions(&full, i, month);
            let shown = row.map_or("(no row)".into(), |r| {
                r["revised"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {} {} {}",
                            json_text(&r["month"]),
                            json_text(&r["value"]),
                            json_text(&r["first_published"]),
                            json_text(&r["first_edition"])
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            let computed = revised
                .iter()
                .map(|(m, first, edition)| {
                    format!(
                        "{m} {} {} {edition}",
                        i.value(*m)
                            .map(|v| round(v, 4).to_string())
                            .unwrap_or_default(),
                        round(*first, 4)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            tally.check(|| at("report.json revised"), &shown, &computed);
            let note = i.series.get(&month).and_then(|o| o.note.clone());
            let shown = row.map_or("(no row)".into(), |r| json_text(&r["note"]));
            tally.check(|| at("report.json note"), &shown, &note.unwrap_or_default());
            let words = f
                .dot
                .map(|d| d.words(settings.direction.shows, &settings.words));
            let shown = row.map_or("(no row)".into(), |r| json_text(&r["dot_meaning"]));
            tally.check(
                || at("report.json dot_meaning"),
                &shown,
                &words.unwrap_or_default(),
            );
            let rag = f.rag.as_ref().map(|r| r.rag.as_str()).unwrap_or_default();
            let shown = row.map_or("(no row)".into(), |r| json_text(&r["rag"]));
            tally.check(|| at("report.json rag"), &shown, rag);
            // The three fields kept for the default benchmarks say what the position
            // against each of the site's benchmarks says under their keys.
            for (field, key) in [
                ("vs_stat_neighbours", "stat_neighbour_avg"),
                ("vs_national", "national_avg"),
                ("vs_top_quartile", "national_top_quartile"),
            ] {
                let shown = row.map_or("(no row)".into(), |r| json_text(&r[field]));
                let listed = row.map_or("(no row)".into(), |r| json_text(&r["vs_benchmarks"][key]));
                tally.check(|| at(&format!("report.json {field}")), &shown, &listed);
            }

            // report.csv carries every field of report.json, with the same figure.
            let csv_row = csv_of(&i.id);
            if let Some(row) = row {
                for (field, value) in row.as_object().unwrap() {
                    // The benchmarks are one column each in the CSV, `benchmark_<key>`,
                    // and so are the positions against them, `vs_benchmark_<key>`.
                    if let (serde_json::Value::Object(benchmarks), Some(r)) = (value, &csv_row)
                        && (field == "benchmarks" || field == "vs_benchmarks")
                    {
                        let column = if field == "benchmarks" {
                            "benchmark"
                        } else {
                            "vs_benchmark"
                        };
                        for (key, value) in benchmarks {
                            let cell = r.get(&format!("{column}_{key}"));
                            let shown = cell.map_or("(no column)".into(), |c| match value {
                                serde_json::Value::Number(_) => {
                                    c.parse::<f64>().map_or(c.clone(), |v| v.to_string())
                                }
                                _ => c.trim_start_matches('\'').to_string(),
                            });
                            tally.check(
                                || at(&format!("report.csv {column}_{key}")),
                                &shown,
                                &json_text(value),
                            );
                        }
                        continue;
                    }
                    let shown = match &csv_row {
                        None => "(no row)".to_string(),
                        Some(r) => match r.get(field) {
                            None => "(no column)".to_string(),
                            Some(cell) => match value {
                                serde_json::Value::Number(_) => {
                                    cell.parse::<f64>().map_or(cell.clone(), |v| v.to_string())
                                }
                                _ => cell.trim_start_matches('\'').to_string(),
                            },
                        },
                    };
                    let json_value = match value {
                        // A list of revisions is one cell in the CSV.
                        serde_json::Value::Array(list) if field == "revised" => list
                            .iter()
                            .map(|r| {
                                format!(
                                    "{}: {}, first {} in {}",
                                    json_text(&r["month"]),
                                    json_text(&r["value"]),
                                    json_text(&r["first_published"]),
                                    json_text(&r["first_edition"])
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                        // So is the list of special causes (docs/spc.md).
                        serde_json::Value::Array(list) if field == "spc_signals" => list
                            .iter()
                            .map(|s| {
                                let rules: Vec<String> = s["rules"]
                                    .as_array()
                                    .unwrap()
                                    .iter()
                                    .map(json_text)
                                    .collect();
                                format!(
                                    "{} {}: {}",
                                    json_text(&s["month"]),
                                    json_text(&s["kind"]),
                                    rules.join(", ")
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                        _ => json_text(value),
                    };
                    let json_value = json_value.trim_start_matches('\'');
                    tally.check(|| at(&format!("report.csv {field}")), &shown, json_value);
                }
            }

            // The performance summary table, wherever it is shown.
            for (page, html) in &summaries {
                let summary = &tables(html)[0];
                let Some(cells) = summary
                    .iter()
                    .find(|r| r.first().map(String::as_str) == Some(number))
                else {
                    tally.check(|| at(&format!("{page} summary row")), "(no row)", number);
                    continue;
                };
                for (k, (m, v)) in f.last_three.iter().enumerate() {
                    tally.check(
                        || at(&format!("{page} summary {m}")),
                        &cells[3 + k],
                        &fmt(i, *v),
                    );
                }
                tally.check(
                    || at(&format!("{page} summary ytd")),
                    &cells[6],
                    &fmt(i, f.ytd),
                );
                tally.check(
                    || at(&format!("{page} summary rating")),
                    &cells[8],
                    &rag_word(&site, &f),
                );
                if let Some(d) = f.dot {
                    tally.check(
                        || at(&format!("{page} summary direction")),
                        &cells[7],
                        &dot_text(&site, d),
                    );
                }
            }

            // The section page and the printable report: tables, panel and chart data.
            let section_page = &sections[&i.section];
            let anchor = format!(
                "i-{}",
                i.id.chars()
                    .map(|c| if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    })
                    .collect::<String>()
            );
            for (page, html) in [("section page", section_page), ("print page", &print_page)] {
                let html = if *page == *"print page" {
                    // The print page's section begins at its title.
                    let start = html
                        .find(&format!("id=\"{}-title\"", i.section))
                        .unwrap_or(0);
                    &html[start..]
                } else {
                    html.as_str()
                };
                let all = tables(html);
                let monthly = &all[0];
                match monthly
                    .iter()
                    .find(|r| r.first().map(String::as_str) == Some(number))
                {
                    None => tally.check(|| at(&format!("{page} monthly row")), "(no row)", number),
                    Some(cells) => {
                        for (k, m) in fy.months().enumerate().filter(|(_, m)| *m <= month) {
                            // A revised figure is marked `r`, and only a revised one.
                            let marked = revised.iter().any(|(r, _, _)| *r == m);
                            let computed =
                                format!("{}{}", fmt(i, i.value(m)), if marked { "r" } else { "" });
                            tally.check(
                                || at(&format!("{page} monthly {m}")),
                                &cells[2 + k],
                                &computed,
                            );
                        }
                    }
                }
                let annual = &all[1];
                match annual
                    .iter()
                    .find(|r| r.first().map(String::as_str) == Some(number))
                {
                    None => tally.check(|| at(&format!("{page} annual row")), "(no row)", number),
                    Some(cells) => {
                        let ytd_column = cells.len() - 5;
                        tally.check(
                            || at(&format!("{page} annual ytd")),
                            &cells[ytd_column],
                            &fmt(i, f.ytd),
                        );
                    }
                }
                let Some(p) = panel(html, &anchor) else {
                    tally.check(|| at(&format!("{page} panel")), "(no panel)", &anchor);
                    continue;
                };
                let shown = definition(p, "This month").unwrap_or_default();
                let (value, count) = match shown.split_once(" (") {
                    Some((value, count)) => (value.to_string(), count.trim_end_matches(')')),
                    None => (shown.clone(), ""),
                };
                tally.check(
                    || at(&format!("{page} panel value")),
                    &value,
                    &fmt(i, f.value),
                );
                let computed = f
                    .fraction
                    .filter(|_| settings.show_fractions)
                    .map(compute::count_words)
                    .unwrap_or_default();
                tally.check(|| at(&format!("{page} panel count")), count, &computed);
                // Every figure the site asks for with `show:` is in the panel when it
                // was computed, and reads as computed.
                for extra in &settings.show {
                    let pct = |v: f64| format!("{v:+.1}%");
                    let computed = match extra {
                        ExtraFigure::Change => f.change_month_pct.map(pct),
                        ExtraFigure::ChangeYear => f.change_year_pct.map(pct),
                        ExtraFigure::Average12m => f.avg_12m.map(|v| i.format(v)),
                        ExtraFigure::Maximum12m => f.max_12m.map(|v| i.format(v)),
                        ExtraFigure::Rolling12m => f.rolling_12m.map(|v| i.format(v)),
                    };
                    let label = extra.label();
                    tally.check(
                        || at(&format!("{page} panel {label}")),
                        &definition(p, label).unwrap_or_default(),
                        &computed.unwrap_or_default(),
                    );
                }
                let shown = definition(p, "Year to date").unwrap_or_default();
                tally.check(|| at(&format!("{page} panel ytd")), &shown, &fmt(i, f.ytd));
                if let Some(d) = f.dot {
                    let shown = definition(p, "Direction of travel").unwrap_or_default();
                    tally.check(
                        || at(&format!("{page} panel direction")),
                        &shown,
                        &dot_text(&site, d),
                    );
                }
                let shown = definition(p, "RAG rating").unwrap_or_default();
                let word = rag_word(&site, &f);
                tally.check(
                    || at(&format!("{page} panel rating")),
                    shown.split(' ').next().unwrap_or_default(),
                    word.split(' ').next().unwrap_or_default(),
                );
                let chart_data = tables(p).into_iter().next().unwrap_or_default();
                let head = chart_data.first().cloned().unwrap_or_default();
                let column = |name: &str| head.iter().position(|h| h == name);
                for row in chart_data.iter().skip(1) {
                    let m: Month = parse_short_month(&row[0]);
                    tally.check(
                        || at(&format!("{page} chart data {m}")),
                        &row[1],
                        &fmt(i, i.value(m)),
                    );
                    let observation = i.series.get(&m);
                    let fraction = observation
                        .and_then(|o| Some((o.numerator?, o.denominator?)))
                        .filter(|_| settings.show_fractions);
                    let shown = column("Count").map_or("", |c| row[c].as_str());
                    let computed = fraction.map(compute::count_words).unwrap_or_default();
                    tally.check(|| at(&format!("{page} chart count {m}")), shown, &computed);
                    let shown = column("Revised").map_or("", |c| row[c].as_str());
                    let computed = revised
                        .iter()
                        .find(|(r, _, _)| *r == m)
                        .map(|(_, first, edition)| {
                            format!(
                                "First published as {} in the {} edition",
                                i.format(*first),
                                edition.long_name()
                            )
                        })
                        .unwrap_or_default();
                    tally.check(
                        || at(&format!("{page} chart revised {m}")),
                        shown,
                        &computed,
                    );
                }
            }

            // The chart's CSV beside the section page.
            let (headers, rows) =
                csv_rows(&test.output(&format!("{month}/{}/{anchor}.csv", i.section)));
            let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
            for r in &rows {
                let m: Month = r[column("month")].parse().unwrap();
                let shown = &r[column("value")];
                let computed = i.value(m).map(|v| v.to_string()).unwrap_or_default();
                let shown = shown
                    .parse::<f64>()
                    .map_or(shown.clone(), |v| v.to_string());
                tally.check(|| at(&format!("chart csv {m}")), &shown, &computed);
            }

            // The exceptions page lists the indicator's figure wherever it lists it.
            for cells in tables(&exceptions_page)
                .iter()
                .flatten()
                .filter(|r| r.first().map(String::as_str) == Some(number))
            {
                if let Some(value) = cells.get(3) {
                    tally.check(|| at("exceptions value"), value, &fmt(i, f.value));
                }
            }
        }

        // Shortcodes in the cover and the analysis, expanded from the computed figures.
        let texts = std::iter::once((format!("{month}/index.html"), edition.summary.as_str()))
            .chain(
                edition
                    .analysis
                    .iter()
                    .map(|(s, text)| (format!("{month}/{s}/index.html"), &**text)),
            );
        for (page, markdown) in texts {
            let html = text(&test.output(&page));
            for code in shortcode::scan(markdown).into_iter().flatten() {
                let Some(i) = site.indicators().find(|i| i.id == code.indicator) else {
                    continue;
                };
                let at_month = code.month.unwrap_or(month);
                let f = compute::figures(i, at_month, settings);
                let expected = shortcode_text(&site, i, code.figure, &f);
                // The words just before the shortcode, with the figure put after them.
                let line_start = markdown[..code.range.start]
                    .rfind(['\n', '}'])
                    .map_or(0, |k| k + 1);
                let before: Vec<char> = markdown[line_start..code.range.start].chars().collect();
                let lead: String = before[before.len().saturating_sub(15)..].iter().collect();
                let lead = lead.trim_start();
                let wanted = format!("{lead}{expected}");
                let shown = if html.contains(&wanted) {
                    wanted.clone()
                } else {
                    html.find(lead)
                        .map(|k| html[k..].chars().take(wanted.chars().count()).collect())
                        .unwrap_or_else(|| "(not found)".into())
                };
                tally.check(
                    || {
                        format!(
                            "{month} {} shortcode in {page}, line {}",
                            code.indicator, code.line
                        )
                    },
                    &shown,
                    &wanted,
                );
            }
        }
    }
    tally
}

/// The months indicator `i`'s tables and chart show in the edition of `month` whose
/// figure differs from the one first published, with that figure and the edition
/// that published it: worked out from `full`, the data with every revision, by
/// computing each earlier edition's view of the month independently of the library's
/// `FirstPublished`.
fn revisions(full: &Site, i: &Indicator, month: Month) -> Vec<(Month, f64, Month)> {
    let original = full.indicators().find(|x| x.id == i.id).unwrap();
    let fy = month.financial_year(full.settings.financial_year_start);
    // The monthly table and the chart both show the financial year to the edition.
    fy.months()
        .filter(|m| *m <= month)
        .filter_map(|m| {
            let (first, edition) = full
                .editions
                .iter()
                .filter(|e| e.month >= m)
                .find_map(|e| Some((original.as_of(e.month).value(m)?, e.month)))?;
            let now = i.value(m)?;
            (edition < month && now != first).then_some((m, first, edition))
        })
        .collect()
}

/// "Apr 2015", as the chart data tables head their rows.
fn parse_short_month(name: &str) -> Month {
    let (m, y) = name.split_once(' ').unwrap();
    let names = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let k = names.iter().position(|n| *n == m).unwrap() + 1;
    format!("{y}-{k:02}").parse().unwrap()
}

#[test]
fn every_output_of_the_sample_site_shows_the_computed_figures() {
    let site = TestSite::built_sample();
    check_site(site).assert_none_differ("sample site");
}

#[test]
fn every_output_of_the_fixtures_shows_the_computed_figures() {
    let site = TestSite::fixture("small");
    site.build();
    check_site(&site).assert_none_differ("small fixture");
}

#[test]
fn every_output_of_the_fixture_with_its_extras_and_raw_arrows_shows_the_computed_figures() {
    // The extras add a section with 24 months, a gap and a range target; raw arrows
    // and Yellow for Amber change the words every output must agree on.
    let site = TestSite::fixture("small");
    let extras = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extras");
    for entry in walkdir::WalkDir::new(&extras)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(&extras).unwrap();
        site.write(
            &rel.to_string_lossy(),
            &std::fs::read_to_string(entry.path()).unwrap(),
        );
    }
    let settings = site.output_of_fixture("site.yaml");
    site.write(
        "site.yaml",
        &format!("{settings}direction:\n  shows: raw\nlabels:\n  amber: Yellow\n"),
    );
    site.build();
    let summary = text(&site.output("2015-12/index.html"));
    assert!(
        summary.contains("An up arrow means the number rose"),
        "the note under the summary says how raw arrows read"
    );
    check_site(&site).assert_none_differ("fixture with extras");
}

/// The small site with a January edition that corrects December, the correction in
/// a file of its own.
fn corrected_site() -> TestSite {
    let site = TestSite::fixture("small");
    site.write(
        "content/editions/2016-01/index.md",
        "---\nstatus: Final\n---\nJanuary: {{ value 1.1 2015-12 }} referrals in December.\n",
    );
    let data = site.output_of_fixture("data/monthly/2015-16.csv");
    site.write(
        "data/monthly/2015-16.csv",
        &format!("{data}1.1,2016-01,470,,,,\n1.2,2016-01,75.0,300,400,,\n"),
    );
    site.write(
        "data/monthly/corrections.csv",
        "indicator,month,value,from_edition\n1.1,2015-12,491,2016-01\n",
    );
    site
}

impl TestSite {
    /// Reads a file of the site folder as text.
    fn output_of_fixture(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }
}

#[test]
fn a_correction_shows_in_every_output_of_later_editions_only() {
    let site = corrected_site();
    site.build();
    let tally = check_site(&site);
    tally.assert_none_differ("corrected site");
    // December as first published, in every output of the December edition; as
    // corrected, in every output of January's.
    // January marks December's figure as revised; December, which first published
    // it, does not.
    for (edition, figure, number, cell) in [
        ("2015-12", "485", 485.0, "485"),
        ("2016-01", "491", 491.0, "491r"),
    ] {
        let section = site.output(&format!("{edition}/referrals/index.html"));
        let p = panel(&section, "i-1-1").expect("panel of 1.1");
        let chart_rows = &tables(p)[0];
        let december = chart_rows
            .iter()
            .find(|r| r[0] == "Dec 2015")
            .expect("December in the chart data");
        assert_eq!(december[1], figure, "{edition} chart data table");
        let monthly = &tables(&section)[0];
        let row = monthly.iter().find(|r| r[0] == "1.1").unwrap();
        assert!(
            row.contains(&cell.to_string()),
            "{edition} monthly table: {row:?}"
        );
        let footnote = "Dec 2015: 491, first published as 485 in the December 2015 edition";
        assert_eq!(
            text(p).contains(footnote),
            edition == "2016-01",
            "{edition}: the revision's footnote in the panel"
        );
        let (headers, rows) = csv_rows(&site.output(&format!("{edition}/referrals/i-1-1.csv")));
        let m = headers.iter().position(|h| h == "month").unwrap();
        let v = headers.iter().position(|h| h == "value").unwrap();
        let dec = rows.iter().find(|r| r[m] == "2015-12").unwrap();
        assert_eq!(
            dec[v].parse::<f64>().unwrap(),
            number,
            "{edition} chart CSV"
        );
        let print = site.output(&format!("{edition}/print/index.html"));
        let p = panel(&print, "i-1-1").expect("panel of 1.1 in print");
        let dec = tables(p)[0]
            .iter()
            .find(|r| r[0] == "Dec 2015")
            .cloned()
            .unwrap();
        assert_eq!(dec[1], figure, "{edition} print chart data");
    }
    let json: serde_json::Value =
        serde_json::from_str(&site.output("2016-01/report.json")).unwrap();
    let row = &json["indicators"][0];
    assert_eq!(row["id"], "1.1");
    assert_eq!(row["previous"].as_f64(), Some(491.0));
    let json: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    assert_eq!(json["indicators"][0]["value"].as_f64(), Some(485.0));
    assert!(
        text(&site.output("2016-01/index.html")).contains("January: 491 referrals"),
        "the January cover's shortcode shows the corrected December"
    );
}
