//! Section pages tell what lies behind each figure: its count, its note, the extra
//! figures a site asks for, and the commentary attached to it, with a contents list.

use crate::TestSite;

const ANALYSIS: &str = "content/editions/2015-12/referrals.md";

/// The small fixture with a note, extra figures and commentary attached to indicators.
fn detailed_site() -> TestSite {
    let site = TestSite::fixture("small");
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{settings}show: [average_12m, change]\n"),
    );
    let data = std::fs::read_to_string(site.root().join("data/monthly/2015-16.csv")).unwrap();
    site.write(
        "data/monthly/2015-16.csv",
        &data.replace(
            "1.2,2015-12,87.2,423,485,,",
            "1.2,2015-12,87.2,423,485,,\"Includes <b>late</b> entries, as at 5 January\"",
        ),
    );
    site.write(
        ANALYSIS,
        "Referral numbers fell, as expected in December.\n\n\
         ### Assessments {1.2, 1.3}\n\n\
         {{ value 1.2 }} went on to assessment ({{ fraction 1.2 }}).\n\n\
         #### Why\n\nBetter triage.\n\n\
         ### Outlook\n\nSteady next year.\n",
    );
    site
}

/// The HTML of the panel of indicator `anchor`, up to the next panel.
fn panel<'a>(html: &'a str, anchor: &str) -> &'a str {
    let start = html
        .find(&format!("<section class=\"panel\" id=\"{anchor}\""))
        .unwrap_or_else(|| panic!("no panel {anchor}"));
    let rest = &html[start + 1..];
    let end = rest.find("<section class=\"panel\"").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn a_section_page_shows_counts_notes_extras_and_commentary_beside_its_indicators() {
    let site = detailed_site();
    site.build().success();
    let html = site.output("2015-12/referrals/index.html");

    // A contents list of the indicators, each linked to its panel with its rating,
    // and a way back to it from each panel.
    let contents = &html[html.find("class=\"section-contents\"").unwrap()..];
    let contents = &contents[..contents.find("</nav>").unwrap()];
    for anchor in ["i-1-1", "i-1-2", "i-1-3"] {
        assert!(
            contents.contains(&format!("href=\"#{anchor}\"")),
            "{contents}"
        );
    }
    assert!(contents.contains("class=\"tag rag-"), "{contents}");
    assert_eq!(
        html.matches("href=\"#referrals-contents\"").count(),
        3,
        "a link back to the contents after each indicator"
    );

    // The count behind the percentage, the note escaped, and the extra figures.
    let p = panel(&html, "i-1-2");
    assert!(
        p.contains("87.2% <span class=\"count\">(423 of 485)</span>"),
        "{p}"
    );
    assert!(
        p.contains("Includes &lt;b&gt;late&lt;&#x2F;b&gt; entries, as at 5 January")
            || p.contains("Includes &lt;b&gt;late&lt;/b&gt; entries, as at 5 January"),
        "{p}"
    );
    assert!(p.contains("<dt>12-month average</dt>"), "{p}");
    assert!(
        p.contains("<dt>Change from last month</dt><dd>+14.7%</dd>"),
        "{p}"
    );
    assert!(
        p.contains("<td class=\"num\">280 of 375</td>"),
        "the chart data's count: {p}"
    );

    // The passage sits in the panel of the first indicator its heading names, its
    // heading a level below the panel's, without the braces; the other links to it.
    let commentary = &p[p
        .find("id=\"i-1-2-commentary\"")
        .expect("commentary in 1.2")..];
    assert!(commentary.contains("<h4>Assessments</h4>"), "{commentary}");
    assert!(commentary.contains("<h5>Why</h5>"), "{commentary}");
    assert!(
        commentary.contains("87.2% went on to assessment (423 of 485)"),
        "{commentary}"
    );
    assert!(!html.contains("{1.2"), "the marker is never shown");
    let other = panel(&html, "i-1-3");
    assert!(other.contains("href=\"#i-1-2-commentary\""), "{other}");
    assert!(!panel(&html, "i-1-1").contains("commentary"));

    // The rest stays at the top, in order.
    let top = &html[html.find("id=\"referrals-analysis\"").unwrap()..];
    let top = &top[..top.find("</section>").unwrap()];
    assert!(top.contains("Referral numbers fell"), "{top}");
    assert!(top.contains("<h3>Outlook</h3>"), "{top}");
    assert!(!top.contains("Better triage"), "{top}");

    // report.json and report.csv carry the note.
    let json: serde_json::Value =
        serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    let row = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "1.2")
        .unwrap();
    assert_eq!(row["note"], "Includes <b>late</b> entries, as at 5 January");
    assert_eq!(row["revised"], serde_json::json!([]));
    assert!(
        site.output("2015-12/report.csv")
            .contains("\"Includes <b>late</b> entries, as at 5 January\""),
    );
}

#[test]
fn a_passage_attached_to_another_sections_indicator_is_an_error_at_its_line() {
    let site = TestSite::fixture("small");
    let extras = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extras");
    crate::copy_tree(&extras, site.root());
    site.write(
        ANALYSIS,
        "Intro.\n\nMore.\n\n## Caseloads {1.1 2.1}\n\nText.\n",
    );
    let run = site.run("check", &[]);
    assert_ne!(run.code(), 0);
    let stderr = run.stderr();
    assert!(
        stderr.contains("referrals.md:5:") && stderr.contains("which is in the section"),
        "{stderr}"
    );
}

#[test]
fn counts_can_be_turned_off() {
    let site = TestSite::fixture("small");
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{settings}show_fractions: false\n"));
    site.build().success();
    let html = site.output("2015-12/referrals/index.html");
    assert!(
        !html.contains("423 of 485</"),
        "no count in panels or tables"
    );
}
