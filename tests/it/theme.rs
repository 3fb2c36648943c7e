//! The default theme's output: brand settings, chart data files, the printable report
//! and the footer, checked in the files the real binary writes.

use crate::TestSite;

fn html_files(site: &TestSite) -> Vec<(String, String)> {
    walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn with_brand(brand: &str) -> TestSite {
    let site = TestSite::fixture("small");
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{settings}brand:\n{brand}"));
    site
}

#[test]
fn brand_settings_become_a_stylesheet_and_the_logo_is_published() {
    let site = with_brand(
        "  colour: \"#00594F\"\n  logo: assets/logo.svg\n  font: Verdana, \"DejaVu Sans\", sans-serif\n",
    );
    site.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build();
    let css = site.output("static/brand.css");
    assert!(css.contains("--brand: #00594f;"), "{css}");
    assert!(css.contains("--font: Verdana, \"DejaVu Sans\", sans-serif;"));
    assert!(site.out().join("static/logo.svg").is_file());
    let section = site.output("2015-12/referrals/index.html");
    assert!(section.contains("<link rel=\"stylesheet\" href=\"../../static/brand.css\">"));
    assert!(section.contains("src=\"../../static/logo.svg\" alt=\"\""));
    // The series line is drawn in the brand colour.
    assert!(section.contains("stroke=\"#00594F\""));
    // Nothing inline, so a Content-Security-Policy need not allow inline styles.
    for (path, html) in html_files(&site) {
        assert!(
            !html.contains("<style") && !html.contains(" style="),
            "{path}"
        );
    }
}

#[test]
fn without_brand_settings_the_stylesheet_is_empty_of_rules() {
    let site = TestSite::fixture("small");
    site.build();
    assert!(!site.output("static/brand.css").contains(":root"));
}

#[test]
fn a_brand_colour_too_light_for_white_text_is_an_error() {
    let site = with_brand("  colour: \"#ffdd00\"\n");
    let run = site.run("build", &[]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("site.yaml:5"), "{}", run.stderr());
    assert!(
        run.stderr().contains("contrast of 1.3:1 with white"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_brand_font_cannot_break_out_of_its_declaration() {
    let site = with_brand("  font: \"Arial; } body { display: none\"\n");
    let run = site.run("build", &[]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("is not a font stack"),
        "{}",
        run.stderr()
    );
}

#[test]
fn each_chart_links_its_data_and_states_its_size() {
    let site = TestSite::fixture("small");
    site.build();
    let page = site.output("2015-12/referrals/index.html");
    let mut links = 0;
    for part in page.split("<p class=\"download\"><a href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        let size = part.split("(CSV, ").nth(1).unwrap();
        let size = &size[..size.find(')').unwrap()];
        let bytes = std::fs::metadata(site.out().join("2015-12/referrals").join(href))
            .unwrap()
            .len();
        assert_eq!(size, format!("{bytes} bytes"), "{href}");
        links += 1;
    }
    assert_eq!(links, 3);
    let csv = site.output("2015-12/referrals/i-1-2.csv");
    assert!(csv.starts_with("indicator,title,unit,month,value,target,england_average\n"));
    assert!(
        csv.contains(
            "\n1.2,% of referrals going onto assessment,percentage,2015-12,87.2,86,87.1\n"
        )
    );
}

#[test]
fn the_printable_report_holds_every_section_under_a_running_header() {
    let site = TestSite::fixture("small");
    site.build();
    let report = site.output("2015-12/print/index.html");
    assert!(
        report.contains("<section class=\"report-section\" aria-labelledby=\"referrals-title\">")
    );
    assert!(report.contains("<h2 id=\"referrals-title\">Referrals</h2>"));
    // Its charts, not the summary's sparklines.
    let charts = crate::svgs(&report)
        .into_iter()
        .filter(|svg| svg.contains("class=\"chart\""))
        .count();
    assert_eq!(charts, 3);
    assert!(report.contains("href=\"../print.css\" media=\"print\""));
    let header = site.output("2015-12/print.css");
    assert!(header.contains("@top-left { content: \"Small Test Report\"; }"));
    assert!(header.contains("\"As at month end: December 2015\" \", page \" counter(page)"));
    assert!(
        site.output("2015-12/index.html").contains(
            "<a href=\"print/index.html\">The whole report on one page, for printing</a>"
        )
    );
}

#[test]
fn the_accessibility_statement_is_linked_from_every_footer() {
    let site = TestSite::fixture("small");
    site.write(
        "content/pages/accessibility-statement.md",
        "---\ntitle: Accessibility statement\n---\nThis statement applies to this site.\n",
    );
    site.build();
    for (path, html) in html_files(&site) {
        let footer = &html[html.find("<footer").unwrap()..];
        assert!(footer.contains("Accessibility statement</a>"), "{path}");
    }
    assert!(
        site.output("404.html")
            .contains("<a href=\"/accessibility-statement/\">")
    );
}
