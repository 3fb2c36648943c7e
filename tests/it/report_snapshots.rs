//! Snapshot tests (insta) for output that is long and read as a whole: a report of
//! problems and a rendered table. The expected text lives in tests/it/snapshots/; after
//! an intended change, `INSTA_UPDATE=always cargo test --test it report_snapshots` (or
//! `cargo insta review`) rewrites it, and the diff is reviewed like any other.

use crate::{TestSite, write_a_problem_in_every_kind_of_file};

/// The whole report `check` prints for problems in every kind of input file at once.
#[test]
fn a_report_of_problems_in_every_kind_of_file() {
    let site = TestSite::fixture("small");
    write_a_problem_in_every_kind_of_file(&site);
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let root = site.root().display().to_string();
    insta::assert_snapshot!(run.stderr().replace(&root, "[site]"));
}

/// An edition's summary table: every figure, arrow and rating of the small fixture's
/// latest month, as the reader sees them.
#[test]
fn the_summary_table_of_an_edition() {
    let site = TestSite::fixture("small");
    site.build();
    let page = site.output("2015-12/index.html");
    // The table of figures and the table of previous years and benchmarks.
    let start = page
        .find("<table class=\"summary ")
        .expect("a summary table");
    let benchmarks = page
        .find("<table class=\"summary summary--benchmarks\"")
        .expect("a table of benchmarks");
    let end = page[benchmarks..].find("</table>").expect("a closed table")
        + benchmarks
        + "</table>".len();
    insta::assert_snapshot!(&page[start..end]);
}

/// An edition's overview: its indicators counted by rating and by direction, and
/// those a reader must not miss, as the small fixture's latest month has them.
#[test]
fn the_overview_of_an_edition() {
    let site = TestSite::fixture("small");
    // The re-referral rate (low is good, red over 26%) rises from amber to red, so
    // that the list has an indicator both red and declining off target.
    let csv = site.root().join("data/monthly/2015-16.csv");
    let data = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(
        &csv,
        data.replace("1.3,2015-11,31.4", "1.3,2015-11,24.0")
            .replace("1.3,2015-12,22.0", "1.3,2015-12,29.0"),
    )
    .unwrap();
    site.build();
    let page = site.output("2015-12/index.html");
    let start = page
        .find("<section class=\"overview\"")
        .expect("an overview");
    let end = page[start..].find("</section>").expect("a closed section") + start;
    insta::assert_snapshot!(&page[start..end + "</section>".len()]);
}
