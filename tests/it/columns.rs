//! The tables a site chooses: its summary columns, a thirteen-month window, change
//! words at the threshold, its own words, and old and new measures, built from the
//! `columns` fixture.

use crate::TestSite;

/// The text of the edition page's performance table.
fn performance_table(page: &str) -> &str {
    let start = page
        .find(r#"<table class="summary summary--performance">"#)
        .expect("the performance table");
    let end = start + page[start..].find("</table>").unwrap();
    &page[start..end]
}

/// The cells of indicator `number`'s row of a table.
fn row<'a>(table: &'a str, number: &str) -> &'a str {
    let start = table
        .find(&format!("<td>{number}</td>"))
        .unwrap_or_else(|| panic!("a row for {number}"));
    let end = start + table[start..].find("</tr>").unwrap();
    &table[start..end]
}

#[test]
fn a_site_chooses_its_columns_window_words_and_lifecycle() {
    let site = TestSite::fixture("columns");
    let run = site.build().success();
    // The row before the new measure starts is a warning, at its line.
    assert!(
        run.stderr()
            .contains("indicator 1.4: the row for 2015-07 is outside the measure's life"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("figures.csv:43:1"),
        "{}",
        run.stderr()
    );

    let december = site.output("2015-12/index.html");
    let table = performance_table(&december);
    // The columns in the order site.yaml lists them, thirteen months first.
    let headings: Vec<&str> = table
        .split(r#"<th scope="col""#)
        .skip(1)
        .map(|h| &h[h.find('>').unwrap() + 1..h.find("</th>").unwrap()])
        .collect();
    assert_eq!(headings.len(), 2 + 13 + 10, "{headings:?}");
    assert_eq!(headings[2], "Dec 2014");
    assert_eq!(headings[14], "Dec 2015");
    assert_eq!(
        &headings[15..],
        [
            "Change from last month",
            "Change from a year before",
            "Direction of travel",
            "Direction of travel from a year before",
            "12-month average",
            "12-month maximum",
            "RAG rating",
            "Statistical neighbours 2014/15",
            "England average",
            "Note",
        ]
    );
    assert!(table.contains(r#"colspan="25""#));
    // No table of outturns and benchmarks, and no link to it.
    assert!(!december.contains("benchmarks-caption"));

    // 100 to 110 is exactly the 10% threshold: up, in the site's words.
    let rereferrals = row(table, "1.5");
    assert!(
        rereferrals.contains(r#"+10.0%</span> <span class="change-word">Up 10% or more</span>"#),
        "{rereferrals}"
    );
    // The site's words for the direction of travel.
    assert!(row(table, "1.2").contains(r#"<span class="dot-label">Better</span>"#));
    // The data's note for the month has its column.
    assert!(row(table, "1.1").contains("Includes a backlog from the MASH"));

    // A new measure is labelled from its start; the row before it counts nowhere.
    let new = row(table, "1.4");
    assert!(new.contains(r#"<span class="stage">New measure from Aug 15</span>"#));
    assert!(!new.contains("999"), "{new}");
    assert!(
        new.contains(r#"data-label="12-month maximum">318.4<"#),
        "{new}"
    );
    // Before it ended, the old measure is not yet old.
    assert!(!table.contains("Old measure"));

    // In the month after it ended, the old measure is shown with its last figures.
    let january = site.output("2016-01/index.html");
    let table = performance_table(&january);
    let old = row(table, "1.3");
    assert!(
        old.contains(r#"<span class="stage">Old measure</span>"#),
        "{old}"
    );
    assert!(old.contains(r#"data-label="Dec 2015">341.0<"#), "{old}");
    // It is shown but not reported this month, so it is in no count.
    assert!(january.contains("4 indicators reported as at month end: January 2016."));

    // The section's monthly table shows the thirteen months, none of them empty
    // months after the edition.
    let section = site.output("2015-12/children/index.html");
    assert!(section.contains("In-month figures, December 2014 to December 2015"));
    let monthly = &section[section.find("-monthly-caption").unwrap()..];
    let monthly = &monthly[..monthly.find("</thead>").unwrap()];
    assert_eq!(
        monthly.matches(r#"<th scope="col" class="num">"#).count(),
        13
    );
    assert!(section.contains(r#"<span class="stage">New measure from Aug 15</span>"#));

    // report.json and report.csv carry the words and the year-on-year direction.
    let json: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let r = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "1.5")
        .unwrap();
    assert_eq!(r["change_month_word"], "up");
    // December is 110 both years: no change, in the site's word.
    assert_eq!(r["change_year_word"], "similar");
    assert_eq!(r["dot_year"], "same");
    assert_eq!(r["dot_year_meaning"], "Similar");
    let csv = site.output("2015-12/report.csv");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("lifecycle,change_month_word,change_year_word,dot_year,dot_year_meaning,")
    );
}

#[test]
fn by_default_an_ended_measure_disappears_and_rows_outside_its_life_count_nowhere() {
    let site = TestSite::fixture("columns");
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let at = settings.find("lifecycle:").unwrap();
    site.write("site.yaml", &settings[..at]);
    site.build().success();
    let january = site.output("2016-01/index.html");
    assert!(!january.contains("Old measure"));
    assert!(!january.contains("(old definition)"));
    assert!(!january.contains("New measure from"));
}
