//! The indicator definition as councils write it: printed references apart from ids,
//! owner and accountable roles, units the council chooses, benchmark columns the site
//! names with words in place of figures, and qualitative measures judged each month.

use crate::{TestSite, assert_well_formed, svgs};

fn built() -> TestSite {
    let site = TestSite::fixture("fields");
    site.build();
    site
}

#[test]
fn prints_references_and_keys_data_by_id_or_reference() {
    let site = built();
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let rows = report["indicators"].as_array().unwrap();
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["number"].as_str().unwrap()))
        .collect();
    // Rows name ASC2A and M6-QL by reference, FIN1 and LAC10 by id.
    assert_eq!(
        pairs,
        [
            ("ASC2A-rate", "ASC2A (rate)"),
            ("FIN1", "FIN1 (£)"),
            ("M6-QL-val", "M6-QL (val)"),
            ("LAC10", "LAC10 (%)"),
        ]
    );
    let section = site.output("2015-12/adults/index.html");
    // The id makes the address, the reference is printed.
    assert!(section.contains("id=\"i-m6-ql-val\""), "anchor");
    assert!(section.contains("<span class=\"number\">M6-QL (val)</span>"));
    assert!(site.out().join("2015-12/adults/i-asc2a-rate.csv").is_file());
    let edition = site.output("2015-12/index.html");
    assert!(
        edition.contains("<td>LAC10 (%)</td>"),
        "summary prints the reference"
    );
}

#[test]
fn shows_owners_and_units_the_council_chose() {
    let site = built();
    let section = site.output("2015-12/adults/index.html");
    assert!(section.contains("<dt>Owner</dt><dd>Head of Service, Adult Social Care</dd>"));
    assert!(section.contains("<dt>Accountable</dt><dd>Director of Adult Social Services</dd>"));
    assert!(section.contains("Rate per 100,000 population aged 65+"));
    // The chart's axis reads the same unit; money has its symbol and separators.
    assert!(section.contains(">Rate per 100,000 population aged 65+</text>"));
    assert!(section.contains("£688"), "December's cost");
    assert!(
        section.contains("£1,211"),
        "thousands separated, no decimals"
    );
    assert!(section.contains(">Amount (£)</text>"));
    for svg in svgs(&section) {
        assert_well_formed(svg);
    }
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let asc = &report["indicators"][0];
    assert_eq!(asc["owner"], "Head of Service, Adult Social Care");
    assert_eq!(asc["unit"], "rate");
    assert_eq!(asc["unit_label"], "Rate per 100,000 population aged 65+");
    let csv = site.output("2015-12/report.csv");
    let header = csv.lines().next().unwrap();
    // The site's benchmark columns come last, after every fixed column.
    assert!(header.contains(",unit_label,owner,accountable,kind,judgement,"));
    assert!(header.contains(",benchmark_regional_avg,benchmark_national_avg"));
    // Then the position against each, and last the member of a breakdown a row is for.
    assert!(header.ends_with(
        ",benchmark_national_avg,vs_benchmark_regional_avg,vs_benchmark_national_avg,member"
    ));
}

#[test]
fn names_benchmark_columns_and_prints_words_for_a_benchmark() {
    let site = built();
    let edition = site.output("2015-12/index.html");
    assert!(
        edition.contains(">Regional average 2014/15</th>"),
        "the site's label, with the year"
    );
    assert!(edition.contains(">National average</th>"));
    assert!(!edition.contains("England top quartile"));
    assert!(edition.contains(">Local indicator</td>"));
    assert!(edition.contains(">580.2</td>"));
    let section = site.output("2015-12/adults/index.html");
    assert!(
        section.contains(">Regional average</th>"),
        "no year on the section page"
    );
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    assert_eq!(
        report["indicators"][1]["benchmarks"]["regional_avg"],
        "Local indicator"
    );
    assert_eq!(report["indicators"][0]["benchmarks"]["national_avg"], 668.8);
    // The figure against each benchmark, the site's own keys too: 62.5 is better than
    // 580.2 and 668.8 for a low-is-good measure. Words have no position.
    let asc = &report["indicators"][0]["vs_benchmarks"];
    assert_eq!(
        *asc,
        serde_json::json!({ "regional_avg": "better", "national_avg": "better" })
    );
    assert_eq!(report["indicators"][0]["vs_national"], "better");
    assert_eq!(
        report["indicators"][1]["vs_benchmarks"],
        serde_json::json!({})
    );
    let csv = site.output("2015-12/report.csv");
    let asc_row = csv.lines().nth(1).unwrap();
    assert!(
        asc_row.ends_with(",580.2,668.8,better,better,"),
        "{asc_row}"
    );
    // The chart's national line reads the `national_avg` key, named as the site names it.
    assert!(section.contains("National average 668.8"));
    assert!(!section.contains("England average"));
}

#[test]
fn judges_a_qualitative_measure_in_words_and_shapes() {
    let site = built();
    let section = site.output("2015-12/adults/index.html");
    // Three measured charts; the qualitative measure has a row of marks instead.
    assert_eq!(svgs(&section).len(), 3);
    assert!(section.contains("class=\"judgement-marks\""));
    assert!(section.contains("<strong class=\"tag judgement-positive\">Positive</strong>"));
    assert!(section.contains("<strong class=\"tag judgement-negative\">Negative</strong>"));
    let edition = site.output("2015-12/index.html");
    assert!(edition.contains("Qualitative measures, by judgement"));
    assert!(edition.contains(
        "<span class=\"tally__count\">1</span> <span class=\"tag judgement-positive\">Positive</span>"
    ));
    // October to December: Positive, same (Similar), Positive.
    let summary_row = edition
        .split("<tr>")
        .find(|row| row.contains("M6-QL (val)"))
        .unwrap();
    assert!(summary_row.contains(">Positive</td>") && summary_row.contains(">Similar</td>"));
    assert!(summary_row.contains("tag judgement-positive"));
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let ql = &report["indicators"][2];
    assert_eq!(
        (ql["kind"].as_str(), ql["judgement"].as_str()),
        (Some("qualitative"), Some("positive"))
    );
    assert!(ql["value"].is_null() && ql["rag"].is_null());
    let csv = site.output("2015-12/adults/i-m6-ql-val.csv");
    assert!(csv.contains("2015-07,negative\n"), "{csv}");
    assert!(csv.contains("2015-11,similar\n"), "{csv}");
}

#[test]
fn commentary_quotes_a_qualitative_measures_judgement_in_words() {
    let site = TestSite::fixture("fields");
    site.write(
        "content/editions/2015-12/adults.md",
        "Practice was judged {{ value M6-QL-val }} by audit, after {{ previous M6-QL-val }} in November and {{ value M6-QL-val 2015-07 }} in July.\n",
    );
    site.build();
    let section = site.output("2015-12/adults/index.html");
    // The words the panel's row of judgements shows, never a dash.
    assert!(
        section.contains(
            "Practice was judged Positive by audit, after Similar in November and Negative in July."
        ),
        "{section}"
    );
    // A figure a judgement has no meaning for is refused where it is written.
    site.write(
        "content/editions/2015-12/adults.md",
        "Practice is {{ rag M6-QL-val }}.\n",
    );
    let run = site.run("check", &[]);
    assert_ne!(run.code(), 0);
    for says in [
        "indicator M6-QL-val is qualitative, judged in words, so `rag` has nothing to show",
        "content/editions/2015-12/adults.md:1:13",
        "quote its judgement with {{ value M6-QL-val }}",
    ] {
        assert!(run.stderr().contains(says), "{says}\n{}", run.stderr());
    }
}

#[test]
fn the_exceptions_page_lists_a_negative_judgement_and_a_missing_one() {
    let exceptions = |site: &TestSite| {
        let page = site.output("2015-12/exceptions/index.html");
        let group = |heading: &str| {
            let at = page
                .find(heading)
                .unwrap_or_else(|| panic!("{heading}\n{page}"));
            let rest = &page[at..];
            rest[..rest.find("</section>").unwrap()].to_string()
        };
        (group("Judged negative"), group("No figure for this month"))
    };
    // December's judgement is Positive: listed nowhere.
    let site = built();
    let (negative, missing) = exceptions(&site);
    assert!(negative.contains("Judged negative (0)"), "{negative}");
    assert!(!missing.contains("M6-QL"), "{missing}");
    // Judged negative: listed with its judgement's word, not a dash and a rating.
    let site = judged_negative_in_december();
    let csv = "data/monthly/2015-16.csv";
    let text = std::fs::read_to_string(site.root().join(csv)).unwrap();
    let (negative, _) = exceptions(&site);
    assert!(negative.contains("Judged negative (1)"), "{negative}");
    assert!(
        negative.contains("M6-QL (val) Quality of practice found by case audit</a> <span class=\"data-note\">Adults&#39; Services: <strong class=\"tag judgement-negative\">Negative</strong></span>"),
        "{negative}"
    );
    // No judgement for a month the measure is live: listed as not judged.
    site.write(csv, &text.replace("M6-QL (val),2015-12,,Negative\n", ""));
    site.build();
    let (_, missing) = exceptions(&site);
    assert!(
        missing.contains("<strong class=\"tag judgement-none\">Not judged</strong>"),
        "{missing}"
    );
    // A site without qualitative measures has no such group.
    let small = TestSite::fixture("small");
    small.build();
    assert!(
        !small
            .output("2015-12/exceptions/index.html")
            .contains("Judged negative")
    );
}

/// A measure judged negative is one a reader must not miss: the edition's overview
/// lists it, with the reason the exceptions page files it under, on every page that
/// shows the overview, and its heading says the list holds such measures.
#[test]
fn the_overview_lists_a_negative_judgement_as_the_exceptions_page_does() {
    let attention = |page: &str| {
        let at = page
            .find("<h3 id=\"attention-heading\">")
            .unwrap_or_else(|| panic!("no attention list\n{page}"));
        let rest = &page[at..];
        rest[..rest.find("</section>").unwrap()].to_string()
    };
    let listed = "<span class=\"attention__number\">M6-QL (val)</span> Quality of practice found by case audit</a> <span class=\"attention__figures\"><strong class=\"tag judgement-negative\">Negative</strong></span> <span class=\"attention__why\">Judged negative</span>";
    // December's judgement is Positive: the heading names judgements, the list has none.
    let site = built();
    let overview = attention(&site.output("2015-12/index.html"));
    assert!(
        overview.contains("Rated red, judged negative, or declining and off target (0)"),
        "{overview}"
    );
    assert!(!overview.contains("M6-QL"), "{overview}");
    // Judged negative in December: listed on the exceptions page and in the overview of
    // the edition's page, the home page and the printable report alike.
    let site = judged_negative_in_december();
    let exceptions = site.output("2015-12/exceptions/index.html");
    assert!(exceptions.contains("Judged negative (1)"), "{exceptions}");
    for page in [
        "2015-12/index.html",
        "index.html",
        "2015-12/print/index.html",
    ] {
        let overview = attention(&site.output(page));
        assert!(
            overview.contains("Rated red, judged negative, or declining and off target (1)"),
            "{page}\n{overview}"
        );
        assert!(overview.contains(listed), "{page}\n{overview}");
    }
    // A site without qualitative measures keeps the heading it always had.
    let small = TestSite::fixture("small");
    small.build();
    let overview = attention(&small.output("2015-12/index.html"));
    assert!(
        overview.contains("<h3 id=\"attention-heading\">Rated red, or declining and off target ("),
        "{overview}"
    );
}

/// The fields fixture built with its qualitative measure judged Negative in December
/// (the fixture judges it Positive).
fn judged_negative_in_december() -> TestSite {
    let site = TestSite::fixture("fields");
    let csv = "data/monthly/2015-16.csv";
    let text = std::fs::read_to_string(site.root().join(csv)).unwrap();
    site.write(
        csv,
        &text.replace(
            "M6-QL (val),2015-12,,Positive",
            "M6-QL (val),2015-12,,Negative",
        ),
    );
    site.build();
    site
}
