//! Building the small fixture site and checking what it writes.

use crate::{TestSite, assert_well_formed, svgs};

#[test]
fn builds_every_page_of_the_small_site() {
    let site = TestSite::fixture("small");
    let run = site.build();
    assert!(
        run.stdout()
            .starts_with("Built 1 edition: 7 pages, 3 charts"),
        "{}",
        run.stdout()
    );
    for page in [
        "index.html",
        "404.html",
        "2015-12/index.html",
        "2015-12/referrals/index.html",
        "about/index.html",
    ] {
        assert!(site.out().join(page).is_file(), "{page} missing");
    }
    let edition = site.output("2015-12/index.html");
    assert!(edition.contains("As at month end: December 2015"));
    assert!(edition.contains("Referrals fell in December."));
    // 1.2 moved from 76.0% to 87.2% against a green threshold of 86%: improved, green.
    assert!(edition.contains("87.2%"));
    assert!(edition.contains("improved"));
    assert!(edition.contains("rag-green"));
}

#[test]
fn section_pages_have_accessible_well_formed_charts() {
    let site = TestSite::fixture("small");
    site.build();
    let page = site.output("2015-12/referrals/index.html");
    let charts = svgs(&page);
    assert_eq!(charts.len(), 3);
    for svg in charts {
        assert_well_formed(svg);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id="));
        assert!(svg.contains("<desc id="));
    }
    assert!(page.contains("Referral numbers fell, as expected in December."));
    assert!(page.contains("A referral is a request for services."));
}

#[test]
fn report_json_carries_the_computed_figures() {
    let site = TestSite::fixture("small");
    site.build();
    let report: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let rows = report["indicators"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    let contacts = by_id("1.1");
    assert_eq!(contacts["section"], "referrals");
    assert_eq!(contacts["month"], "2015-12");
    assert_eq!(contacts["value"], 485.0);
    assert_eq!(contacts["previous"], 509.0);
    assert_eq!(contacts["dot"], "down");
    assert_eq!(contacts["rag"], serde_json::Value::Null);
    assert_eq!(contacts["ytd"], 1368.0);
    // Ratio year to date: summed numerators over summed denominators.
    let ratio = by_id("1.2");
    let expected = (280.0 + 387.0 + 423.0) / (375.0 + 509.0 + 485.0) * 100.0;
    // report.json states figures to four decimals.
    assert_eq!(
        ratio["ytd"].as_f64(),
        Some((expected * 1e4_f64).round() / 1e4)
    );
    assert_eq!(ratio["rag"], "green");
    // A falling low-is-good rate is an improvement: an up arrow.
    let rereferrals = by_id("1.3");
    assert_eq!(rereferrals["dot"], "up");
    assert_eq!(rereferrals["rag"], "green");
    let csv = site.output("2015-12/report.csv");
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with("id,number,section,title"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = TestSite::fixture("small");
    let b = TestSite::fixture("small");
    a.build();
    b.build();
    let files = |site: &TestSite| {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(site.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(site.out())
                        .unwrap()
                        .display()
                        .to_string(),
                    marker_without_stamp(std::fs::read(e.path()).unwrap()),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(files(&a), files(&b));
}

/// A file's bytes, but for the marker's stamp of the output, which names the
/// files' modification times: everything else, the marker included, is the same.
fn marker_without_stamp(bytes: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&bytes);
    match text.find("\"output\":") {
        Some(at) if text.contains("scorecard build record") => text[..at].as_bytes().to_vec(),
        _ => bytes,
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("small");
    site.build();
    let before = site.output("2015-12/index.html");
    site.write(
        "data/monthly/broken.csv",
        "indicator,month,value\n1.1,2015-13,12\n",
    );
    let run = site.run("build", &[]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("data/monthly/broken.csv:2"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("expected YYYY-MM"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.output("2015-12/index.html"), before);
}

#[test]
fn a_site_template_overrides_one_built_in_template() {
    let site = TestSite::fixture("small");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>Custom {{ title }}</h1>{% endblock content %}");
    site.build();
    assert!(
        site.output("about/index.html")
            .contains("<h1>Custom About this report</h1>")
    );
    // The other templates still come from the built-in theme.
    assert!(
        site.output("2015-12/index.html")
            .contains("Performance summary")
    );
}

#[test]
fn a_correction_changes_later_editions_but_never_an_old_one() {
    let site = TestSite::fixture("small");
    site.build();
    let december = site.output("2015-12/index.html");
    let original = std::fs::read_to_string(site.root().join("data/monthly/2015-16.csv")).unwrap();
    // Every existing row gains an empty `from_edition` cell; then a correction to
    // December published in January, and January's own figure.
    let mut csv: String = original.lines().map(|line| format!("{line},\n")).collect();
    csv = csv.replacen("note,\n", "note,from_edition\n", 1);
    csv.push_str("1.1,2015-12,490,,,,,2016-01\n1.1,2016-01,500,,,,,\n");
    site.write("data/monthly/2015-16.csv", &csv);
    site.write(
        "content/editions/2016-01/index.md",
        "---\nstatus: Draft\n---\nJanuary.\n",
    );
    site.build();
    // The December edition is byte-for-byte what it was.
    assert_eq!(site.output("2015-12/index.html"), december);
    let january: serde_json::Value =
        serde_json::from_str(&site.output("2016-01/report.json")).unwrap();
    let contacts = january["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "1.1")
        .unwrap()
        .clone();
    assert_eq!(
        contacts["previous"], 490.0,
        "January compares with the corrected December figure"
    );
    assert_eq!(contacts["value"], 500.0);
}

/// The names of the phases `--timings` printed, in order, after checking that each
/// line has a wall time, a CPU time and a count of cores (or a mark saying there is
/// none). The times themselves are not checked: no test here depends on a clock.
fn timed_phases(stdout: &str) -> Vec<String> {
    let mut lines = stdout.lines().skip_while(|l| !l.starts_with("timings: "));
    assert!(lines.next().is_some(), "no timings:\n{stdout}");
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["phase", "wall", "s", "CPU", "s", "cores", "spread"]
    );
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [name @ .., wall, cpu, cores, spread] = fields.as_slice() else {
                panic!("a short timings line: {line}");
            };
            assert!(wall.parse::<f64>().is_ok(), "{line}");
            assert!(cpu.parse::<f64>().is_ok() || *cpu == "n/a", "{line}");
            for ratio in [cores, spread] {
                assert!(
                    ratio.parse::<f64>().is_ok() || ["-", "n/a"].contains(ratio),
                    "{line}"
                );
            }
            name.join(" ")
        })
        .collect()
}

#[test]
fn build_and_check_print_a_line_per_phase_with_timings() {
    let site = TestSite::fixture("small");
    let built = site.run("build", &["--timings"]).success();
    assert_eq!(
        timed_phases(&built.stdout()),
        [
            "stamp",
            "load",
            "keys",
            "editions",
            "site files",
            "link check",
            "record",
            "swap",
            "total"
        ]
    );
    let again = site.run("build", &["--timings"]).success();
    assert!(again.stdout().starts_with("Nothing changed"));
    assert_eq!(timed_phases(&again.stdout()), ["stamp", "total"]);
    let checked = site.run("check", &["--timings"]).success();
    assert_eq!(
        timed_phases(&checked.stdout()),
        [
            "load",
            "keys",
            "editions",
            "site files",
            "link check",
            "total"
        ]
    );
    // Without the option, the summary stands alone.
    assert!(!site.build().stdout().contains("timings"));
}
