//! Breakdowns (issue 18): a measure's figures for each team, checked against its total,
//! from long and wide data files, in report.json, report.csv and the commentary.

use serde_json::Value;

use crate::TestSite;

const SECTIONS: &str = "data/sections/01-referrals.yaml";
const TEAMS: &str = "data/monthly/teams.csv";
const ANALYSIS: &str = "content/editions/2015-12/referrals.md";

/// Two measures broken down by team: a percentage whose total is the ratio of the
/// teams' summed parts, rated for each team, and a count whose total is their sum.
const INDICATORS: &str = r#"  - id: "1.4"
    title: Assessments completed within timescale
    polarity: high
    unit: percentage
    ytd: ratio
    breakdown: { by: team, member_targets: true }
    targets:
      - year: 2015/16
        threshold: { good: high, green: 85, amber: 80 }
  - id: "1.5"
    title: Assessments completed outside timescale
    polarity: low
    unit: count
    ytd: sum
    breakdown: team
"#;

const SETTINGS: &str = "breakdowns:
  team:
    label: Team
    members:
      - { key: north, label: North }
      - { key: south, label: South }
      - { key: east, label: East }
";

/// The teams' figures in long form. East starts in December; every total agrees
/// with its teams.
const LONG: &str = "indicator,month,team,value,numerator,denominator,note
1.4,2015-10,,80.0,80,100,
1.4,2015-10,north,80.0,40,50,
1.4,2015-10,south,80.0,40,50,
1.4,2015-11,,75.0,75,100,
1.4,2015-11,north,70.0,35,50,
1.4,2015-11,south,80.0,40,50,
1.4,2015-12,,80.0,120,150,
1.4,2015-12,north,90.0,45,50,
1.4,2015-12,south,70.0,35,50,
1.4,2015-12,east,80.0,40,50,
1.5,2015-10,,20,,,
1.5,2015-10,north,10,,,
1.5,2015-10,south,10,,,
1.5,2015-11,,25,,,
1.5,2015-11,north,15,,,
1.5,2015-11,south,10,,,
1.5,2015-12,,30,,,
1.5,2015-12,north,5,,,
1.5,2015-12,south,15,,,
1.5,2015-12,east,10,,,
";

/// The same figures with each team's in its own columns beside the total.
const WIDE: &str = "indicator,month,value,numerator,denominator,note,North,North numerator,North denominator,south,south numerator,south denominator,East,East numerator,East denominator
1.4,2015-10,80.0,80,100,,80.0,40,50,80.0,40,50,,,
1.4,2015-11,75.0,75,100,,70.0,35,50,80.0,40,50,,,
1.4,2015-12,80.0,120,150,,90.0,45,50,70.0,35,50,80.0,40,50
1.5,2015-10,20,,,,10,,,10,,,,,
1.5,2015-11,25,,,,15,,,10,,,,,
1.5,2015-12,30,,,,5,,,15,,,10,,
";

/// The small fixture with the two measures, and `data` as their teams' figures.
fn site_with(data: &str) -> TestSite {
    let site = TestSite::fixture("small");
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{settings}{SETTINGS}"));
    let sections = std::fs::read_to_string(site.root().join(SECTIONS)).unwrap();
    site.write(SECTIONS, &format!("{sections}{INDICATORS}"));
    site.write(TEAMS, data);
    site
}

/// report.json's row for indicator `id`.
fn row(site: &TestSite, id: &str) -> Value {
    let report: Value = serde_json::from_str(&site.output("2015-12/report.json")).unwrap();
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row for {id}"))
        .clone()
}

/// The breakdown member `key` of `row`.
fn member<'a>(row: &'a Value, key: &str) -> &'a Value {
    row["breakdown"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
        .unwrap_or_else(|| panic!("no member {key} in {row}"))
}

#[test]
fn totals_that_agree_with_their_teams_build_without_a_warning() {
    let site = site_with(LONG);
    let run = site.build();
    assert!(!run.stderr().contains("teams'"), "{}", run.stderr());
    assert!(
        row(&site, "1.4")["breakdown"]["mismatches"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_total_that_is_not_the_sum_of_its_teams_is_a_warning_naming_the_month_and_figures() {
    // East has no figures before December, so November is still checked.
    let site = site_with(&LONG.replace("1.5,2015-11,,25,", "1.5,2015-11,,27,"));
    let run = site.build();
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "warning: indicator 1.5: for November 2015, the total is 27 but the teams' figures add up to 25"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> data/monthly/teams.csv:15"), "{stderr}");
    let mismatches = &row(&site, "1.5")["breakdown"]["mismatches"];
    assert_eq!(mismatches[0]["month"], "2015-11");
    assert_eq!(mismatches[0]["total"].as_f64(), Some(27.0));
    assert_eq!(mismatches[0]["from_members"].as_f64(), Some(25.0));
}

#[test]
fn a_percentage_that_is_not_the_ratio_of_its_teams_parts_is_a_warning() {
    let site = site_with(&LONG.replace("1.4,2015-11,,75.0,75,100,", "1.4,2015-11,,78.0,78,100,"));
    let stderr = site.build().stderr();
    assert!(
        stderr.contains("indicator 1.4: for November 2015, the total is 78.0% but the teams' summed numerators over denominators make 75.0%; the total's numerator is 78 but the teams' add up to 75"),
        "{stderr}"
    );
    // Within rounding to the measure's one decimal is no mismatch.
    let site = site_with(&LONG.replace("1.4,2015-11,,75.0,", "1.4,2015-11,,75.04,"));
    assert!(!site.build().stderr().contains("teams'"));
}

#[test]
fn a_team_missing_in_a_month_has_no_figure_and_the_month_is_not_checked() {
    // North's December row is missing: the total of 30 is not what South and East
    // make, but with a team missing the month cannot be checked.
    let site = site_with(&LONG.replace("1.5,2015-12,north,5,,,\n", ""));
    let stderr = site.build().stderr();
    assert!(!stderr.contains("teams'"), "{stderr}");
    let row = row(&site, "1.5");
    let north = member(&row, "north");
    assert!(north["value"].is_null(), "never zero: {north}");
    assert_eq!(member(&row, "south")["value"].as_f64(), Some(15.0));
    assert_eq!(row["value"].as_f64(), Some(30.0));
}

#[test]
fn a_team_added_mid_year_starts_its_series_then() {
    let site = site_with(LONG);
    site.build();
    let row = row(&site, "1.4");
    let east = member(&row, "east");
    assert_eq!(east["value"].as_f64(), Some(80.0));
    assert!(
        east["direction"].is_null(),
        "no month before to compare: {east}"
    );
    assert_eq!(east["avg_6m"].as_f64(), Some(80.0));
    let north = member(&row, "north");
    assert_eq!(north["direction"], "up");
    assert_eq!(north["rag"], "green");
    assert_eq!(member(&row, "south")["rag"], "red");
    // The red team is the one to look at first.
    assert_eq!(row["breakdown"]["worst"], "south");
    assert_eq!(north["avg_6m"].as_f64(), Some(80.0));
}

#[test]
fn long_and_wide_member_columns_build_the_same_site() {
    let long = site_with(LONG);
    let long_run = long.build();
    let wide = site_with(WIDE);
    let wide_run = wide.build();
    assert_eq!(long_run.stderr(), wide_run.stderr());
    let files = |site: &TestSite| {
        let mut files = crate::tree(&site.out());
        files.retain(|path, _| !path.to_string_lossy().starts_with('.'));
        files
    };
    let (a, b) = (files(&long), files(&wide));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{} differs", path.display());
    }
    assert!(long.output("2015-12/report.json").contains("\"breakdown\""));
}

#[test]
fn a_missing_total_is_worked_out_from_the_teams() {
    let site = site_with(
        &LONG
            .replace("1.4,2015-12,,80.0,120,150,\n", "")
            .replace("1.5,2015-12,,30,,,\n", ""),
    );
    let stderr = site.build().stderr();
    assert!(!stderr.contains("no figure for December 2015"), "{stderr}");
    let ratio = row(&site, "1.4");
    assert_eq!(ratio["value"].as_f64(), Some(80.0));
    assert_eq!(ratio["numerator"].as_f64(), Some(120.0));
    assert_eq!(ratio["denominator"].as_f64(), Some(150.0));
    assert_eq!(ratio["breakdown"]["derived"][0], "2015-12");
    let sum = row(&site, "1.5");
    assert_eq!(sum["value"].as_f64(), Some(30.0));
    assert_eq!(sum["breakdown"]["derived"][0], "2015-12");
}

#[test]
fn a_member_not_declared_is_an_error_naming_the_members() {
    let site = site_with(&LONG.replace("1.5,2015-11,north,", "1.5,2015-11,nroth,"));
    let run = site.run("check", &[]);
    assert_ne!(run.code(), 0);
    let stderr = run.stderr();
    assert!(
        stderr.contains("error: indicator 1.5: `nroth` is not a member of the dimension `team`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> data/monthly/teams.csv:16:13"),
        "{stderr}"
    );
    assert!(stderr.contains("north, south, east"), "{stderr}");
}

#[test]
fn a_shortcode_names_a_members_figure() {
    let site = site_with(LONG);
    let analysis = std::fs::read_to_string(site.root().join(ANALYSIS)).unwrap();
    site.write(
        ANALYSIS,
        &format!(
            "{analysis}\nSouth completed {{{{ value 1.4 team=south }}}} ({{{{ fraction 1.4 team=South }}}}), North {{{{ value 1.4 2015-11 team=north }}}} in November.\n"
        ),
    );
    site.build();
    let page = site.output("2015-12/referrals/index.html");
    assert!(
        page.contains("South completed 70.0% (35 of 50), North 70.0% in November."),
        "{page}"
    );
    let site = site_with(LONG);
    site.write(
        ANALYSIS,
        &format!("{analysis}\n{{{{ value 1.4 team=nowhere }}}}\n"),
    );
    let run = site.run("check", &[]);
    assert!(
        run.stderr()
            .contains("`nowhere` is not a member of the dimension `team`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn report_json_and_csv_carry_each_members_figures() {
    let site = site_with(LONG);
    site.build();
    let row = row(&site, "1.4");
    let b = &row["breakdown"];
    assert_eq!(b["dimension"], "team");
    assert_eq!(b["total"], "ratio");
    let keys: Vec<&str> = b["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["north", "south", "east"]);
    let south = member(&row, "south");
    assert_eq!(south["label"], "South");
    assert_eq!(south["value"].as_f64(), Some(70.0));
    assert_eq!(south["numerator"].as_f64(), Some(35.0));
    assert_eq!(south["denominator"].as_f64(), Some(50.0));
    assert_eq!(south["direction"], "down");
    // A measure without a breakdown has no `breakdown` field.
    let plain = self::row(&site, "1.1");
    assert!(plain.get("breakdown").is_none());
    let csv = site.output("2015-12/report.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let of_14: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| &r[at("id")] == "1.4")
        .map(|r| (r.get(at("member")).unwrap(), r.get(at("value")).unwrap()))
        .collect();
    assert_eq!(
        of_14,
        [("", "80"), ("north", "90"), ("south", "70"), ("east", "80")]
    );
}

#[test]
fn a_month_wide_sheet_with_a_member_column_builds_the_same_site_as_long_rows() {
    let long = site_with(LONG);
    long.build();
    // The count's rows a month to a column, a row per team, the total's team empty;
    // the percentage, which needs its parts, stays in long form beside it.
    let ratio_rows: String = LONG
        .lines()
        .filter(|l| !l.starts_with("1.5,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let wide = site_with(&ratio_rows);
    wide.write(
        "data/monthly/outside.csv",
        "indicator,Team,Oct 15,Nov 15,Dec 15\n1.5,,20,25,30\n1.5,North,10,15,5\n1.5,South,10,10,15\n1.5,East,,,10\n",
    );
    let settings = std::fs::read_to_string(wide.root().join("site.yaml")).unwrap();
    wide.write(
        "site.yaml",
        &format!("{settings}data:\n  - file: data/monthly/outside.csv\n    member: Team\n"),
    );
    wide.build();
    assert_eq!(row(&long, "1.5"), row(&wide, "1.5"));
    assert_eq!(
        long.output("2015-12/referrals/index.html"),
        wide.output("2015-12/referrals/index.html")
    );
}

/// The site with a November edition beside December's.
fn with_november(site: &TestSite) {
    let index =
        std::fs::read_to_string(site.root().join("content/editions/2015-12/index.md")).unwrap();
    site.write(
        "content/editions/2015-11/index.md",
        &index.replace("created: 2016-01-18", "created: 2015-12-14"),
    );
}

/// report.json's row for indicator `id` in the edition of `edition`.
fn row_in(site: &TestSite, edition: &str, id: &str) -> Value {
    let report: Value =
        serde_json::from_str(&site.output(&format!("{edition}/report.json"))).unwrap();
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row for {id}"))
        .clone()
}

/// `long` with a `from_edition` column, and `more` rows after it.
fn with_revisions(long: &str, more: &str) -> String {
    long.replace(
        "indicator,month,team,value,numerator,denominator,note",
        "indicator,month,team,value,numerator,denominator,note,from_edition",
    )
    .replace(",\n", ",,\n")
        + more
}

#[test]
fn an_old_edition_lists_only_its_own_derived_months() {
    let site = site_with(&LONG.replace("1.5,2015-12,,30,,,\n", ""));
    with_november(&site);
    site.build();
    let november = row_in(&site, "2015-11", "1.5");
    assert_eq!(november["breakdown"]["derived"], serde_json::json!([]));
    let december = row_in(&site, "2015-12", "1.5");
    assert_eq!(december["breakdown"]["derived"][0], "2015-12");
}

#[test]
fn a_derived_total_follows_a_members_correction_in_later_editions() {
    // November's total for 1.5 is worked out from the teams; December's edition
    // corrects south's November from 10 to 12.
    let data = with_revisions(
        &LONG.replace("1.5,2015-11,,25,,,\n", ""),
        "1.5,2015-11,south,12,,,,2015-12\n",
    );
    let site = site_with(&data);
    with_november(&site);
    let stderr = site.build().stderr();
    assert!(!stderr.contains("teams'"), "{stderr}");
    let november = row_in(&site, "2015-11", "1.5");
    assert_eq!(november["value"].as_f64(), Some(25.0));
    assert_eq!(november["breakdown"]["derived"][0], "2015-11");
    let csv = site.output("2015-12/report.csv");
    assert!(
        csv.lines()
            .any(|l| l.contains("2015-11: 27, first 25 in 2015-11")),
        "the corrected total is marked revised:\n{csv}"
    );
}

#[test]
fn a_members_correction_is_marked_revised_and_checked_against_the_total() {
    // South's November is corrected in December from 10 to 12; the total, 25, is not.
    let site = site_with(&with_revisions(LONG, "1.5,2015-11,south,12,,,,2015-12\n"));
    with_november(&site);
    let stderr = site.build().stderr();
    assert!(
        stderr.contains("for November 2015 (as corrected by the December 2015 edition), the total is 25 but the teams' figures add up to 27"),
        "{stderr}"
    );
    let csv = site.output("2015-12/report.csv");
    assert!(
        csv.lines()
            .any(|l| l.contains("2015-11: 12, first 10 in 2015-11") && l.ends_with(",south")),
        "south's row is marked revised:\n{csv}"
    );
}

#[test]
fn a_members_correction_is_marked_in_the_breakdowns_table_and_noted_in_the_panel() {
    // South's November for 1.5 is corrected in December from 10 to 12, and the total
    // with it, from 25 to 27: both are marked where the breakdown's months are shown.
    let data = with_revisions(
        LONG,
        "1.5,2015-11,,27,,,,2015-12\n1.5,2015-11,south,12,,,,2015-12\n",
    );
    let site = site_with(&data);
    with_november(&site);
    site.build();
    let html = site.output("2015-12/referrals/index.html");
    let mark = r##"<a class="revised" href="#i-1-5-revisions" aria-label="r, revised: see the note">r</a>"##;
    // The breakdown's table by month: North, South, East, then the total.
    let table = html
        .split(r#"id="i-1-5-breakdown-data-caption""#)
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("1.5's breakdown has a table by month");
    let november = table
        .split("<tr>")
        .find(|row| row.contains(">Nov 2015<"))
        .expect("a row for November");
    assert_eq!(november.matches(mark).count(), 2, "{november}");
    assert!(
        november.contains(&format!(r#"<td class="num">12{mark}</td>"#))
            && november.contains(&format!(r#"<td class="num">27{mark}</td>"#))
            && november.contains(r#"<td class="num">15</td>"#),
        "South's and the total's November are marked, North's is not: {november}"
    );
    let october = table
        .split("<tr>")
        .find(|row| row.contains(">Oct 2015<"))
        .unwrap();
    assert!(!october.contains("revised"), "{october}");
    assert!(
        html.contains("marks a figure revised since an earlier edition first published it; the indicator's notes below say what was first published."),
        "the table says what r means"
    );
    let note = html
        .split(r#"id="i-1-5-revisions""#)
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("1.5 has a revisions note");
    assert!(
        note.contains("<li>Nov 2015: 27, first published as 25 in the November 2015 edition</li>")
            && note.contains(
                "<li>South, Nov 2015: 12, first published as 10 in the November 2015 edition</li>"
            ),
        "{note}"
    );
    // 1.4 has no correction: its breakdown's table marks nothing, and its panel has
    // no note.
    assert!(!html.contains(r#"id="i-1-4-revisions""#));
    // November's own edition published those figures first: nothing is marked.
    let html = site.output("2015-11/referrals/index.html");
    assert!(
        !html.contains("class=\"revised\""),
        "November marks nothing"
    );
}

#[test]
fn a_ratio_whose_teams_give_no_parts_is_one_warning() {
    let data = LONG
        .replace("1.4,2015-10,north,80.0,40,50,", "1.4,2015-10,north,80.0,,,")
        .replace("1.4,2015-11,north,70.0,35,50,", "1.4,2015-11,north,70.0,,,");
    let stderr = site_with(&data).build().stderr();
    let said = "some of the teams' rows give no numerator and denominator";
    assert_eq!(stderr.matches(said).count(), 1, "{stderr}");
}

#[test]
fn a_team_that_stops_reporting_is_one_warning_naming_it_and_its_last_month() {
    let data = LONG
        .replace("1.5,2015-11,south,10,,,\n", "")
        .replace("1.5,2015-12,south,15,,,\n", "")
        .replace("1.5,2015-12,,30,,,", "1.5,2015-12,,15,,,");
    let stderr = site_with(&data).build().stderr();
    let said = "South has no figures after October 2015";
    assert_eq!(stderr.matches(said).count(), 1, "{stderr}");
    // December is checked without south, and agrees.
    assert!(!stderr.contains("add up to"), "{stderr}");
}

#[test]
fn a_shortcode_names_a_member_of_a_measure_the_edition_no_longer_shows() {
    let site = site_with(
        &LONG
            .lines()
            .filter(|l| !l.starts_with("1.5,2015-11") && !l.starts_with("1.5,2015-12"))
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    let sections = std::fs::read_to_string(site.root().join(SECTIONS)).unwrap();
    site.write(
        SECTIONS,
        &sections.replace(
            "    breakdown: team\n",
            "    breakdown: team\n    ends: 2015-10\n",
        ),
    );
    let analysis = std::fs::read_to_string(site.root().join(ANALYSIS)).unwrap();
    site.write(
        ANALYSIS,
        &format!("{analysis}\nSouth had {{{{ value 1.5 2015-10 Team=south }}}} in October.\n"),
    );
    site.build();
    let page = site.output("2015-12/referrals/index.html");
    assert!(page.contains("South had 10 in October."), "{page}");
}

#[test]
fn member_shortcodes_that_cannot_show_a_figure_are_errors() {
    for (code, says) in [
        (
            "{{ rag 1.5 team=south }}",
            "the members of 1.5 are not rated",
        ),
        (
            "{{ value 1.4 team=Front door }}",
            "name a member by its key",
        ),
        (
            "{{ value 1.1 team=south }}",
            "indicator 1.1 is not broken down",
        ),
        (
            "{{ value 1.4 area=south }}",
            "indicator 1.4 is broken down by team, not area",
        ),
    ] {
        let site = site_with(LONG);
        let analysis = std::fs::read_to_string(site.root().join(ANALYSIS)).unwrap();
        site.write(ANALYSIS, &format!("{analysis}\n{code}\n"));
        let stderr = site.run("check", &[]).stderr();
        assert!(stderr.contains(says), "{code}: {stderr}");
    }
}

#[test]
fn a_total_from_a_workbook_that_disagrees_is_a_warning_naming_the_sheet_and_row() {
    use crate::workbook::{B, D, N, S, xlsx};
    let ratio_rows: String = LONG
        .lines()
        .filter(|l| !l.starts_with("1.5,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let site = site_with(&ratio_rows);
    let rows = vec![
        vec![
            S("indicator"),
            S("Team"),
            D(2015, 10, 1),
            D(2015, 11, 1),
            D(2015, 12, 1),
        ],
        vec![S("1.5"), B, N(20.0), N(25.0), N(31.0)],
        vec![S("1.5"), S("North"), N(10.0), N(15.0), N(5.0)],
        vec![S("1.5"), S("South"), N(10.0), N(10.0), N(15.0)],
        vec![S("1.5"), S("East"), B, B, N(10.0)],
    ];
    let path = site.root().join("data/monthly/outside.xlsx");
    std::fs::write(&path, xlsx("Teams", &rows, &[])).unwrap();
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{settings}data:\n  - file: data/monthly/outside.xlsx\n    sheet: Teams\n    key: indicator\n    member: Team\n"
        ),
    );
    let stderr = site.build().stderr();
    assert!(
        stderr.contains("sheet `Teams`, row 2: indicator 1.5: for December 2015, the total is 31"),
        "{stderr}"
    );
    assert!(stderr.contains("outside.xlsx:2"), "{stderr}");
}

#[test]
fn a_sections_own_breakdowns_replace_the_sites_members() {
    let site = site_with(LONG);
    let sections = std::fs::read_to_string(site.root().join(SECTIONS)).unwrap();
    site.write(
        SECTIONS,
        &sections.replace(
            "indicators:\n",
            "breakdowns:\n  team:\n    members:\n      - { key: north, label: North }\n      - { key: south, label: South }\nindicators:\n",
        ),
    );
    let stderr = site.run("check", &[]).stderr();
    assert!(
        stderr.contains("`east` is not a member of the dimension `team`")
            && stderr.contains("the members of `team` are north, south;"),
        "{stderr}"
    );
}

#[test]
fn a_rate_is_checked_against_its_teams_parts_on_the_rates_base() {
    // 1.4 as a rate per 10,000: north 40 of 50,000 (8.0), south 60 of 50,000 (12.0),
    // so the total is 100 of 100,000, 10.0; a total of 11.0 is a warning.
    let data = "indicator,month,team,value,numerator,denominator,note
1.4,2015-12,,11.0,100,100000,
1.4,2015-12,north,8.0,40,50000,
1.4,2015-12,south,12.0,60,50000,
1.4,2015-11,,10.0,100,100000,
1.4,2015-11,north,8.0,40,50000,
1.4,2015-11,south,12.0,60,50000,
";
    let site = site_with(data);
    let sections = std::fs::read_to_string(site.root().join(SECTIONS)).unwrap();
    site.write(
        SECTIONS,
        &sections.replace(
            "    unit: percentage\n    ytd: ratio\n    breakdown: { by: team, member_targets: true }",
            "    unit: rate\n    per: 10000\n    decimals: 1\n    ytd: ratio\n    breakdown: team",
        ),
    );
    let stderr = site.build().stderr();
    assert!(
        stderr.contains("for December 2015, the total is 11.0")
            && !stderr.contains("for November 2015"),
        "{stderr}"
    );
}

#[test]
fn a_members_json_carries_the_fields_of_its_csv_row_and_its_note() {
    let site = site_with(&LONG.replace(
        "1.4,2015-12,south,70.0,35,50,",
        "1.4,2015-12,south,70.0,35,50,late return",
    ));
    site.build();
    let ratio = row(&site, "1.4");
    let south = member(&ratio, "south");
    assert_eq!(south["note"], "late return");
    for field in ["ytd", "change_month_pct", "change_year_pct", "dot_year"] {
        assert!(south.get(field).is_some(), "no {field} in {south}");
    }
    let csv = site.output("2015-12/report.csv");
    assert!(
        csv.lines()
            .any(|l| l.contains("late return") && l.ends_with(",south")),
        "{csv}"
    );
}
