//! Building the repository's own sample site: the real report from the seeds.

use crate::{TestSite, assert_well_formed, svgs};

/// The December 2015 summary shows every indicator of seed 000's summary table with
/// the figures the seed printed for October to December.
#[test]
fn december_2015_shows_every_indicator_of_seed_000() {
    let site = TestSite::built_sample();
    let page = site.output("2015-12/index.html");
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let rows = report["indicators"].as_array().unwrap();
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/seed000-2015-12.csv"
    ))
    .unwrap();
    let mut checked = 0;
    for record in reader.deserialize::<std::collections::HashMap<String, String>>() {
        let seed = record.unwrap();
        let number = &seed["number"];
        assert!(
            page.contains(&format!("<td>{number}</td>")),
            "indicator {number} is not in the summary table"
        );
        let row = rows
            .iter()
            .find(|r| r["number"] == number.as_str())
            .unwrap_or_else(|| panic!("indicator {number} is not in report.json"));
        if !seed["m3"].is_empty() {
            let printed: f64 = seed["m3"].parse().unwrap();
            assert_eq!(
                row["value"].as_f64(),
                Some(printed),
                "indicator {number}'s December value"
            );
        }
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} indicators checked");
}

#[test]
fn every_section_page_of_every_edition_has_its_charts() {
    let site = TestSite::built_sample();
    let sections = std::fs::read_dir(site.root().join("data/sections"))
        .unwrap()
        .count();
    for edition in ["2015-12", "2016-03"] {
        assert!(site.out().join(edition).join("report.json").is_file());
        assert!(site.out().join(edition).join("report.csv").is_file());
        let mut pages = 0;
        let mut total_charts = 0;
        for entry in std::fs::read_dir(site.out().join(edition)).unwrap() {
            let path = entry.unwrap().path().join("index.html");
            let dir = path.parent().unwrap();
            if !path.is_file() || dir.ends_with("exceptions") || dir.ends_with("print") {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            // XmR charts (docs/spc.md) are told apart by their ids, and checked in
            // `the_sample_site_has_xmr_charts_where_it_asks_for_them`.
            let (xmr, charts): (Vec<&str>, Vec<&str>) = svgs(&html)
                .into_iter()
                .partition(|svg| svg.contains("aria-labelledby=\"spc-"));
            xmr.iter().for_each(|svg| assert_well_formed(svg));
            // A chart for every indicator the edition shows in the section; a section
            // whose measures all ended shows none.
            let panels = html.matches("<section class=\"panel\"").count();
            assert_eq!(charts.len(), panels, "{}", path.display());
            total_charts += charts.len();
            let last = if edition == "2015-12" {
                "December 2015"
            } else {
                "March 2016"
            };
            for svg in charts {
                assert_well_formed(svg);
                // The financial year to the edition, as the monthly table shows it,
                // on an axis from zero (docs/charts.md).
                assert!(
                    svg.contains(&format!("by month, April 2015 to {last}.")),
                    "{}: {svg}",
                    path.display()
                );
                assert!(
                    svg.contains(">0</text>") || svg.contains(">0%</text>"),
                    "{}: {svg}",
                    path.display()
                );
            }
            pages += 1;
        }
        assert_eq!(pages, sections, "{edition} should have a page per section");
        assert!(
            total_charts >= 70,
            "{edition} has only {total_charts} charts"
        );
    }
}

/// 7.5 is rated on its year to date: its chart plots that line, names it in its key,
/// and its data table and CSV carry it, so the chart agrees with its rating.
#[test]
fn a_year_to_date_rating_is_charted_on_its_year_to_date() {
    let site = TestSite::built_sample();
    let page = site.output("2015-12/looked-after-children/index.html");
    let start = page.find("<section class=\"panel\" id=\"i-7-5\"").unwrap();
    let panel = &page[start..start + page[start..].find("</section>").unwrap()];
    assert!(panel.contains("Year to date, the figure rated"), "{panel}");
    assert!(panel.contains("Monthly figure"), "{panel}");
    assert!(panel.contains("It plots the year to date, which the rating judges"));
    assert!(panel.contains("<th scope=\"col\" class=\"num\">Year to date</th>"));
    assert!(panel.contains("Target 2015/16 for the year to date: green 35.0% or more"));
    let csv = site.output("2015-12/looked-after-children/i-7-5.csv");
    assert!(
        csv.lines().next().unwrap().contains(",year_to_date,target"),
        "{csv}"
    );
}
