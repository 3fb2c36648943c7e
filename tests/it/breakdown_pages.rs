//! Breakdowns as the pages show them (issue 18): the member table under a measure,
//! its small multiples with their title and description, its data file, and the worst
//! member named on the edition's overview and summary and on the exceptions page.
//!
//! The fixture is the small site with its referrals broken down by three teams:
//! 1.1 (a count, information only, whose December total is left for the members to
//! make up) and 1.2 (a percentage rated against its target, for its members too),
//! where West has no figure in December.

use crate::TestSite;

/// December 2015, by hand: 1.2 is 388 of 485 (80.0%, red: the amber band is 83 to
/// 86); North 160 of 180 (88.9%, green), South 100 of 160 (62.5%, red), West none.
/// 1.1's December total is not given: the teams make it up, 160 + 170 + 155 = 485.
fn site() -> TestSite {
    let site = TestSite::fixture("small");
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{settings}breakdowns:\n  team:\n    label: Team\n    members:\n      \
             - {{ key: north, label: North }}\n      - {{ key: south, label: South }}\n      \
             - {{ key: west, label: West }}\n"
        ),
    );
    let sections = std::fs::read_to_string(site.root().join("data/sections/01-referrals.yaml"))
        .unwrap()
        .replace(
            "    ytd: sum\n",
            "    ytd: sum\n    breakdown: { by: team, total: sum }\n",
        )
        .replace(
            "    ytd: ratio\n",
            "    ytd: ratio\n    breakdown: { by: team, total: ratio, member_targets: true }\n",
        );
    site.write("data/sections/01-referrals.yaml", &sections);
    site.write(
        "data/monthly/2015-16.csv",
        "indicator,month,value,numerator,denominator,ytd,note\n\
         1.1,2015-10,374,,,,\n\
         1.1,2015-11,509,,,,\n\
         1.2,2015-10,74.7,280,375,,\n\
         1.2,2015-11,76.0,387,509,,\n\
         1.2,2015-12,80.0,388,485,,\n\
         1.3,2015-10,30.6,,,,\n\
         1.3,2015-11,31.4,,,,\n\
         1.3,2015-12,22.0,,,,\n",
    );
    site.write(
        "data/monthly/teams.csv",
        "indicator,month,team,value,numerator,denominator\n\
         1.1,2015-10,north,150,,\n\
         1.1,2015-10,south,124,,\n\
         1.1,2015-10,west,100,,\n\
         1.1,2015-11,north,200,,\n\
         1.1,2015-11,south,159,,\n\
         1.1,2015-11,west,150,,\n\
         1.1,2015-12,north,160,,\n\
         1.1,2015-12,south,170,,\n\
         1.1,2015-12,west,155,,\n\
         1.2,2015-10,north,76.9,100,130\n\
         1.2,2015-10,south,72.0,90,125\n\
         1.2,2015-10,west,75.0,90,120\n\
         1.2,2015-11,north,77.8,140,180\n\
         1.2,2015-11,south,70.6,120,170\n\
         1.2,2015-11,west,79.9,127,159\n\
         1.2,2015-12,north,88.9,160,180\n\
         1.2,2015-12,south,62.5,100,160\n",
    );
    site.build();
    site
}

/// The HTML of the breakdown table of indicator `anchor` (`i-1-2`).
fn table<'h>(html: &'h str, anchor: &str) -> &'h str {
    let caption = format!("<caption id=\"{anchor}-breakdown-caption\">");
    let start = html
        .find(&caption)
        .unwrap_or_else(|| panic!("no breakdown table for {anchor}"));
    let end = start + html[start..].find("</table>").unwrap();
    &html[start..end]
}

/// Each row's cells as text, tags dropped.
fn cells(table: &str) -> Vec<Vec<String>> {
    const END: char = '\u{1}';
    table
        .split("<tr")
        .skip(1)
        .map(|row| {
            let row = row.replace("</td>", "\u{1}").replace("</th>", "\u{1}");
            // The rest of the row's own tag, up to its first `>`, is not a cell.
            let row = &row[row.find('>').map_or(0, |at| at + 1)..];
            let mut text = String::new();
            let mut in_tag = false;
            for c in row.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let mut cells: Vec<String> = text
                .split(END)
                .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            // What follows the last cell.
            cells.pop();
            cells
        })
        .collect()
}

#[test]
fn a_measure_shows_its_members_then_its_total_under_the_sites_columns() {
    let site = site();
    let html = site.output("2015-12/referrals/index.html");
    let t = table(&html, "i-1-2");
    assert!(
        t.contains("Referrals to assessment by team, December 2015"),
        "{t}"
    );
    let cells = cells(t);
    assert_eq!(
        cells[0],
        [
            "Team",
            "Dec 2015",
            "Count",
            "Change from last month",
            "Direction of travel",
            "RAG rating",
            "6-month average",
            "12-month average"
        ]
    );
    // North: 160 of 180; up from 77.8% by 14.3%, green against the measure's target.
    assert_eq!(cells[1][0], "North");
    assert_eq!(cells[1][1], "88.9%");
    assert_eq!(cells[1][2], "160 of 180");
    assert!(cells[1][3].contains("+14.3%"), "{:?}", cells[1]);
    assert!(
        cells[1].iter().any(|c| c.contains("Green")),
        "{:?}",
        cells[1]
    );
    // South is red, so the worst, and says so in words.
    assert_eq!(cells[2][0], "SouthWorst this month");
    assert_eq!(cells[2][1], "62.5%");
    assert!(cells[2].iter().any(|c| c.contains("Red")), "{:?}", cells[2]);
    assert!(t.contains("<tr class=\"breakdown-worst\"><th scope=\"row\">South"));
    // West has no figure this month: a dash, and words for a screen reader.
    assert_eq!(cells[3][0], "West");
    assert_eq!(cells[3][1], "–no figure");
    assert!(t.contains(
        "<td class=\"num\"><span aria-hidden=\"true\">–</span><span class=\"visually-hidden\">no figure</span></td>"
    ));
    // The total closes the table with the measure's own figures.
    assert_eq!(cells[4][0], "Total");
    assert_eq!(cells[4][1], "80.0%");
    assert_eq!(cells[4][2], "388 of 485");
    assert!(t.contains("<tr class=\"breakdown-total\">"));
    assert_eq!(cells.len(), 5);
}

#[test]
fn a_total_the_members_made_up_says_so_and_an_info_measure_has_no_worst_member() {
    let site = site();
    let html = site.output("2015-12/referrals/index.html");
    let t = table(&html, "i-1-1");
    let cells = cells(t);
    let total = cells.last().unwrap();
    // 160 + 170 + 155, from the teams: no data row gave December's total.
    assert!(
        total[0].starts_with("TotalWorked out from the teams"),
        "{total:?}"
    );
    assert_eq!(total[1], "485");
    assert!(
        html.contains(
            "<p class=\"table-note\">This month&#39;s total was worked out from the \
             teams&#39; figures, as no total was given: Dec 2015.</p>"
        ),
        "the note under the table"
    );
    // Information only: no member is worse than another, and the site's members are
    // not rated.
    assert!(!t.contains("breakdown-worst"));
    assert!(!t.contains("RAG rating"));
}

#[test]
fn the_small_multiples_name_the_highest_and_lowest_member_and_have_their_data() {
    let site = site();
    let html = site.output("2015-12/referrals/index.html");
    assert!(
        html.contains(
            "<title id=\"chart-i-1-2-breakdown-title\">Referrals to assessment by team, \
             December 2015: highest North, 88.9%; lowest South, 62.5%</title>"
        ),
        "the chart's title"
    );
    let desc_start = html
        .find("<desc id=\"chart-i-1-2-breakdown-desc\">")
        .unwrap();
    let desc = &html[desc_start..desc_start + html[desc_start..].find("</desc>").unwrap()];
    assert!(
        desc.contains("a line chart for each team of Referrals to assessment by month"),
        "{desc}"
    );
    assert!(
        desc.contains(
            "In December 2015 the highest was North, 88.9%, and the lowest South, 62.5%; \
             the total was 80.0%."
        ),
        "{desc}"
    );
    assert!(desc.contains("South is the worst this month."), "{desc}");
    // A count's total is its teams' sum, so its small multiples leave it out.
    let sum_start = html
        .find("<desc id=\"chart-i-1-1-breakdown-desc\">")
        .unwrap();
    let sum_desc = &html[sum_start..sum_start + html[sum_start..].find("</desc>").unwrap()];
    assert!(!sum_desc.contains("grey line"), "{sum_desc}");
    assert!(
        desc.contains("each with the total as a thinner grey line"),
        "{desc}"
    );
    assert!(html.contains("role=\"img\" aria-labelledby=\"chart-i-1-2-breakdown-title\""));
    // A panel for each team, each headed by its name and figure.
    for heading in ["North 88.9%", "South 62.5%", "West: no figure"] {
        assert!(html.contains(&format!(">{heading}</text>")), "{heading}");
    }
    // The data file: the total's row, its member empty, then each member's.
    let csv = site.output("2015-12/referrals/i-1-2-by-team.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "indicator,title,unit,month,team,value");
    assert!(lines.contains(&"1.2,% of referrals going onto assessment,percentage,2015-12,,80"));
    assert!(
        lines.contains(&"1.2,% of referrals going onto assessment,percentage,2015-12,north,88.9")
    );
    assert!(lines.contains(&"1.2,% of referrals going onto assessment,percentage,2015-12,west,"));
    assert!(html.contains("href=\"i-1-2-by-team.csv\""));
    // Two builds of the same input write the same page.
    let again = site.output("2015-12/referrals/index.html");
    site.build();
    assert_eq!(again, site.output("2015-12/referrals/index.html"));
}

#[test]
fn the_overview_summary_and_exceptions_name_the_worst_member() {
    let site = site();
    let worst = "Worst: South 62.5%, rated Red";
    let edition = site.output("2015-12/index.html");
    // In the overview's list of red indicators, and beside the title in the summary.
    assert!(
        edition.contains(&format!(
            "<span class=\"attention__worst worst-member\">{worst}</span>"
        )),
        "the overview"
    );
    assert!(
        edition.contains(&format!(
            "<span class=\"data-note worst-member\">{worst}</span>"
        )),
        "the summary"
    );
    let exceptions = site.output("2015-12/exceptions/index.html");
    assert!(
        exceptions.contains(&format!("<span class=\"worst-member\">{worst}</span>")),
        "the exceptions page"
    );
    // The printable report shows the table and the small multiples too.
    let print = site.output("2015-12/print/index.html");
    assert!(print.contains("<table class=\"breakdown\">"));
    assert!(print.contains("chart-i-1-2-breakdown-title"));
}
