//! Monthly data in wide form, as councils keep it: a wide CSV file and an `.xlsx`
//! workbook give the same report as the same figures in long form.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::workbook::{council_settings, council_sheet, small_settings_with, xlsx};
use crate::{TestSite, tree};

const CSV: &str = "data/monthly/2015-16.csv";
const XLSX: &str = "data/monthly/scorecard.xlsx";

/// The small fixture's figures in long form, without numerators and denominators,
/// which the wide form does not carry.
const LONG: &str = "indicator,month,value
1.1,2015-10,374
1.1,2015-11,509
1.1,2015-12,485
1.2,2015-10,74.7
1.2,2015-11,76.0
1.2,2015-12,87.2
1.3,2015-10,30.6
1.3,2015-11,31.4
1.3,2015-12,22.0
";

/// The same figures in wide form, with month headings written three ways.
const WIDE: &str = "indicator,Oct 15,Nov-15,December 2015
1.1,374,509,485
1.2,74.7,76.0,87.2
1.3,30.6,31.4,22.0
";

/// The built site's files, without the build record, which names the inputs.
fn built(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = tree(&site.out());
    files.retain(|path, _| !path.to_string_lossy().starts_with('.'));
    files
}

fn long_site() -> TestSite {
    let site = TestSite::fixture("small");
    site.write(CSV, LONG);
    site
}

fn assert_same(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in a {
        assert!(
            b[path] == *bytes,
            "{} differs:\n{}\n---\n{}",
            path.display(),
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[path])
        );
    }
}

#[test]
fn a_wide_csv_file_builds_the_same_site_as_the_long_form() {
    let long = long_site();
    let run = long.build();
    let wide = TestSite::fixture("small");
    wide.write(CSV, WIDE);
    let wide_run = wide.build();
    assert_eq!(run.stderr(), wide_run.stderr());
    assert!(wide.output("2015-12/report.json").contains("87.2"));
    assert_same(&built(&long), &built(&wide));
}

#[test]
fn a_councils_workbook_builds_the_same_site_as_the_long_form() {
    let long = long_site();
    long.build();
    let site = TestSite::fixture("small");
    std::fs::remove_file(site.root().join(CSV)).unwrap();
    let bytes = xlsx("Scorecard", &council_sheet(), &[]);
    std::fs::write(site.root().join(XLSX), bytes).unwrap();
    site.write("site.yaml", &small_settings_with(&council_settings(XLSX)));
    let run = site.build();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    assert_same(&built(&long), &built(&site));
}

#[test]
fn words_in_a_months_cell_are_listed_and_never_zero() {
    let site = TestSite::fixture("small");
    site.write(
        CSV,
        "indicator,Oct 15,Nov 15,Dec 15
1.1,n/a,509,485
1.2,New measure from Nov 15,76.0,87.2
1.3,30.6,tbc,22.0
",
    );
    let run = site.build();
    let stderr = run.stderr();
    for says in [
        "indicator 1.1 has no figure for October 2015: the cell says `n/a`",
        "indicator 1.2 has no figure for October 2015: the cell says `New measure from Nov 15`",
        "add `starts: 2015-11` to indicator 1.2",
        "indicator 1.3 has no figure for November 2015: the cell says `tbc`",
        "data/monthly/2015-16.csv:2:5",
        "data/monthly/2015-16.csv:4:10",
    ] {
        assert!(stderr.contains(says), "{says}\n{stderr}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    assert!(!report.to_string().contains(":0,"), "{report}");
}

#[test]
fn words_in_a_long_forms_value_cell_read_as_in_a_months_cell() {
    let wide = TestSite::fixture("small");
    wide.write(
        CSV,
        "indicator,Oct 15,Nov 15,Dec 15
1.1,n/a,509,485
1.2,New measure from Nov 15,76.0,87.2
1.3,30.6,tbc,22.0
",
    );
    let wide_run = wide.build();
    let long = TestSite::fixture("small");
    long.write(
        CSV,
        "indicator,month,value
1.1,2015-10,n/a
1.1,2015-11,509
1.1,2015-12,485
1.2,2015-10,New measure from Nov 15
1.2,2015-11,76.0
1.2,2015-12,87.2
1.3,2015-10,30.6
1.3,2015-11,tbc
1.3,2015-12,22.0
",
    );
    let long_run = long.build();
    // The same warnings, each pointing at the value cell of its row.
    for says in [
        "indicator 1.1 has no figure for October 2015: the cell says `n/a`",
        "indicator 1.2 has no figure for October 2015: the cell says `New measure from Nov 15`",
        "add `starts: 2015-11` to indicator 1.2",
        "indicator 1.3 has no figure for November 2015: the cell says `tbc`",
    ] {
        assert!(
            wide_run.stderr().contains(says),
            "{says}\n{}",
            wide_run.stderr()
        );
        assert!(
            long_run.stderr().contains(says),
            "{says}\n{}",
            long_run.stderr()
        );
    }
    for at in [
        "data/monthly/2015-16.csv:2:13",
        "data/monthly/2015-16.csv:5:13",
        "data/monthly/2015-16.csv:9:13",
    ] {
        assert!(
            long_run.stderr().contains(at),
            "{at}\n{}",
            long_run.stderr()
        );
    }
    // A month without a figure, never a zero: the same site as the wide form's.
    assert_same(&built(&wide), &built(&long));
}

#[test]
fn a_judgement_in_a_long_forms_value_cell_reads_as_in_the_judgement_column() {
    let site = TestSite::fixture("fields");
    site.build();
    let moved = TestSite::fixture("fields");
    let text = std::fs::read_to_string(moved.root().join(CSV)).unwrap();
    let mut judgements = 0;
    let text: String = text
        .lines()
        .map(|line| match line.strip_prefix("M6-QL (val),") {
            Some(rest) => {
                let (month, judgement) = rest.split_once(",,").unwrap();
                judgements += 1;
                format!("M6-QL (val),{month},{judgement},\n")
            }
            None => format!("{line}\n"),
        })
        .collect();
    assert_eq!(judgements, 9);
    moved.write(CSV, &text);
    let run = moved.build();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    assert_same(&built(&site), &built(&moved));
}

#[test]
fn a_workbooks_commentary_column_can_be_the_latest_months_note() {
    let site = TestSite::fixture("small");
    std::fs::remove_file(site.root().join(CSV)).unwrap();
    std::fs::write(
        site.root().join(XLSX),
        xlsx("Scorecard", &council_sheet(), &[]),
    )
    .unwrap();
    let settings = council_settings(XLSX).replace(", Commentary]", "]\n    note: Commentary");
    site.write("site.yaml", &small_settings_with(&settings));
    site.build();
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    assert!(report.to_string().contains("Fell in December"), "{report}");
}
