//! No build record can serve a stale page: after each kind of edit, a rebuild in place
//! (which skips what it finds unchanged) writes exactly what a clean build writes.
//!
//! Each case builds a site, checks that a second build finds nothing changed, edits
//! the site, rebuilds it in place, and compares every file and the list of files
//! with a clean build of the edited site in a fresh folder. Most cases use a small
//! site of three editions (built in a fraction of a second) with the default theme
//! copied in; one case edits the sample site, whose many sections and corrections
//! the small one does not have.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{TestSite, tree};

/// The marker holds the build record, whose stamp of the output names modification
/// times; everything else must be byte-identical.
const MARKER: &str = ".scorecard-build";

/// The words `scorecard build` prints when it finds nothing changed.
const UNCHANGED: &str = "Nothing changed since the last build";

/// The small fixture with three editions (2015-11, 2015-12 and 2016-01), figures
/// for four months, two corrections published from the latest edition (one of a
/// month the 2015-12 edition was the first to show, so that removing that edition
/// changes which figure the latest marks as revised) and the default theme's files,
/// so that a template can be edited.
fn small() -> TestSite {
    let site = TestSite::fixture("small");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::copy_tree(&root.join("themes"), &site.root().join("themes"));
    site.write(
        "data/monthly/2015-16.csv",
        "indicator,month,value,numerator,denominator,ytd,note,from_edition\n\
         1.1,2015-10,374,,,,,\n\
         1.1,2015-11,509,,,,,\n\
         1.1,2015-11,515,,,,,2016-01\n\
         1.1,2015-12,485,,,,,\n\
         1.1,2016-01,470,,,,,\n\
         1.2,2015-10,74.7,280,375,,,\n\
         1.2,2015-11,76.0,387,509,,,\n\
         1.2,2015-12,87.2,423,485,,,\n\
         1.2,2016-01,85.1,400,470,,,\n\
         1.3,2015-10,30.6,,,,,\n\
         1.3,2015-11,31.4,,,,,\n\
         1.3,2015-12,22.0,,,,,\n\
         1.3,2015-12,22.5,,,,,2016-01\n\
         1.3,2016-01,24.0,,,,,\n",
    );
    for month in ["2015-11", "2016-01"] {
        site.write(
            &format!("content/editions/{month}/index.md"),
            "---\nstatus: Final\ncreated: 2016-02-18\nauthor: Performance Manager\n---\n\
             ## Key points\n\n1. Referrals were as expected.\n",
        );
    }
    site
}

/// Replaces `from` with `to` in the site's file `rel`, which must hold `from`.
fn replace(site: &TestSite, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not hold {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every output file but the marker.
fn published(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = tree(dir);
    files.remove(Path::new(MARKER));
    files
}

/// Builds `site` after `before`, rebuilds it unchanged, edits it with `edit` and
/// checks the rebuild in place against a clean build. Returns the rebuild's summary
/// line.
fn rebuilds_like_a_clean_build(
    site: TestSite,
    before: impl Fn(&TestSite),
    edit: impl Fn(&TestSite),
) -> String {
    before(&site);
    let mut serving = Serving::start(&site);
    site.build();
    let again = site.build().stdout();
    assert!(again.contains(UNCHANGED), "{again}");
    edit(&site);
    let serve_reused = serving.rebuild();
    let rebuilt = site.build().stdout();
    // serve reuses, from memory, at least the editions build takes from its output
    // (more when the edit was to the output, which serve does not read; none when no
    // input changed, as it then builds nothing).
    if let Some(serve_reused) = serve_reused {
        assert!(
            serve_reused >= reused(&rebuilt),
            "{serve_reused}: {rebuilt}"
        );
    }
    let clean = tempfile::tempdir().unwrap();
    let fresh = clean.path().join("public");
    site.run("build", &["--out", fresh.to_str().unwrap()])
        .success();
    let (incremental, clean) = (published(&site.out()), published(&fresh));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "the rebuilt folder has other files than a clean build"
    );
    for (path, bytes) in &clean {
        assert!(
            incremental[path] == *bytes,
            "{} differs from a clean build after: {rebuilt}",
            path.display()
        );
    }
    // `serve`'s rebuild, which keeps what it reuses in memory, holds the same files.
    assert_eq!(
        serving.files.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "serve holds other files than a clean build"
    );
    for (path, bytes) in &clean {
        assert!(
            serving.files[path] == *bytes,
            "{} differs in serve from a clean build after: {rebuilt}",
            path.display()
        );
    }
    // And once rebuilt, it is up to date.
    let third = site.build().stdout();
    assert!(third.contains(UNCHANGED), "{third}");
    assert_eq!(
        serving.rebuild(),
        None,
        "serve rebuilt a site with nothing changed"
    );
    rebuilt
}

/// Whether a serve's build with `reuse` succeeded, and the problems it reported, as
/// text to compare with a clean build's.
fn reported(options: &scorecard::BuildOptions, reuse: &mut scorecard::Reuse) -> String {
    match scorecard::render_site_reusing(options, reuse) {
        Ok((_, warnings)) => format!("built\n{warnings}"),
        Err(errors) => format!("failed\n{errors}"),
    }
}

/// What `serve` holds of a site: its files, kept from one build to the next as
/// [`scorecard::render_site_reusing`] asks, and what that reuses.
struct Serving {
    options: scorecard::BuildOptions,
    reuse: scorecard::Reuse,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Serving {
    /// Asserts that serve holds exactly the files a clean build of `site` writes.
    fn assert_as_clean_build(&self, site: &TestSite) {
        let clean = tempfile::tempdir().unwrap();
        let fresh = clean.path().join("public");
        site.run("build", &["--out", fresh.to_str().unwrap()])
            .success();
        assert!(
            self.files == published(&fresh),
            "serve holds other files than a clean build"
        );
    }

    fn start(site: &TestSite) -> Serving {
        let mut serving = Serving {
            options: scorecard::BuildOptions {
                site: site.root().to_path_buf(),
                out: site.out(),
                base_url: None,
                strict: false,
                timings: false,
            },
            reuse: scorecard::Reuse::default(),
            files: BTreeMap::new(),
        };
        assert_eq!(serving.rebuild(), Some(0));
        serving
    }

    /// Builds the site again; returns how many editions it reused, or `None` when it
    /// found no input changed.
    fn rebuild(&mut self) -> Option<usize> {
        let (output, _) = scorecard::render_site_reusing(&self.options, &mut self.reuse)
            .unwrap_or_else(|d| panic!("{d}"));
        if output.unchanged {
            return None;
        }
        let reused = output.reused.len();
        self.files.retain(|path, _| {
            let top = path.components().next().unwrap().as_os_str();
            output.reused.iter().any(|month| top == month.as_str())
        });
        for file in output.files {
            self.files.insert(PathBuf::from(file.path), file.bytes);
        }
        Some(reused)
    }
}

/// Edits the small site with `f` and checks its rebuild.
fn edit(f: impl Fn(&TestSite)) -> String {
    rebuilds_like_a_clean_build(small(), |_| {}, f)
}

/// A summary line's count of editions taken from the previous build: none when the
/// line does not mention any, and a panic when it mentions them in words this cannot
/// read, so that a change of wording cannot make a test pass.
fn reused(summary: &str) -> usize {
    let Some((before, _)) = summary.split_once(" unchanged, taken from the last build") else {
        assert!(
            !summary.contains("last build"),
            "cannot read the reused editions in {summary:?}"
        );
        return 0;
    };
    before
        .rsplit('(')
        .next()
        .and_then(|n| n.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("cannot read the reused editions in {summary:?}"))
}

#[test]
fn a_figure_in_the_sample_sites_latest_month_changes_only_the_latest_edition() {
    let summary = rebuilds_like_a_clean_build(
        TestSite::sample(),
        |_| {},
        |s| {
            replace(
                s,
                "data/monthly/sections-02-06.csv",
                "2.1,2016-03,1092,",
                "2.1,2016-03,1093,",
            )
        },
    );
    assert!(!summary.contains(UNCHANGED), "{summary}");
    assert_eq!(reused(&summary), 1, "{summary}");
}

const CSV: &str = "data/monthly/2015-16.csv";
const SECTION: &str = "data/sections/01-referrals.yaml";

#[test]
fn a_figure_in_the_latest_month_changes_only_the_latest_edition() {
    let summary = edit(|s| replace(s, CSV, "1.1,2016-01,470,", "1.1,2016-01,471,"));
    assert!(!summary.contains(UNCHANGED), "{summary}");
    assert_eq!(reused(&summary), 2, "{summary}");
}

#[test]
fn a_figure_in_an_old_month_changes_every_edition_showing_it() {
    let summary = edit(|s| replace(s, CSV, "1.2,2015-11,76.0,387,", "1.2,2015-11,76.1,387,"));
    assert_eq!(reused(&summary), 0, "{summary}");
}

#[test]
fn a_correction_published_from_a_later_edition_leaves_the_earlier_ones() {
    let summary = edit(|s| replace(s, CSV, "1.1,2015-11,515,", "1.1,2015-11,516,"));
    assert_eq!(reused(&summary), 2, "{summary}");
}

#[test]
fn a_target() {
    edit(|s| replace(s, SECTION, "green: 86, amber: 83", "green: 87, amber: 83"));
}

#[test]
fn an_indicator_name() {
    edit(|s| {
        replace(
            s,
            SECTION,
            "title: Number of referrals",
            "title: Number of referrals received",
        )
    });
}

#[test]
fn an_indicator_added() {
    edit(|s| {
        let text = std::fs::read_to_string(s.root().join(SECTION)).unwrap();
        s.write(
            SECTION,
            &format!(
                "{text}  - id: \"1.4\"\n    title: Referrals from schools\n    short: From schools\n    polarity: info\n    unit: count\n    ytd: sum\n"
            ),
        );
    });
}

#[test]
fn a_template() {
    edit(|s| {
        replace(
            s,
            "themes/default/templates/section.html",
            "<h1>{{ section.title }}</h1>",
            "<h1 class=\"changed\">{{ section.title }}</h1>",
        )
    });
}

#[test]
fn the_site_title() {
    edit(|s| {
        replace(
            s,
            "site.yaml",
            "title: Small Test Report",
            "title: Small Report",
        )
    });
}

#[test]
fn the_brand_colour() {
    edit(|s| {
        let settings = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
        s.write(
            "site.yaml",
            &format!("{settings}\nbrand:\n  colour: \"#1d4f91\"\n"),
        );
    });
}

#[test]
fn a_section_commentary_in_an_old_edition() {
    let summary = edit(|s| {
        let rel = "content/editions/2015-12/referrals.md";
        let text = std::fs::read_to_string(s.root().join(rel)).unwrap();
        s.write(rel, &format!("{text}\nOne more sentence of analysis.\n"));
    });
    assert_eq!(reused(&summary), 2, "{summary}");
}

#[test]
fn an_edition_removed_changes_which_figures_later_ones_mark_as_revised() {
    edit(|s| std::fs::remove_dir_all(s.root().join("content/editions/2015-12")).unwrap());
}

#[test]
fn an_edition_added() {
    let saved = tempfile::tempdir().unwrap();
    let kept = saved.path().join("2015-12");
    rebuilds_like_a_clean_build(
        small(),
        |s| {
            crate::copy_tree(&s.root().join("content/editions/2015-12"), &kept);
            std::fs::remove_dir_all(s.root().join("content/editions/2015-12")).unwrap();
        },
        |s| crate::copy_tree(&kept, &s.root().join("content/editions/2015-12")),
    );
}

#[test]
fn a_free_page_added() {
    edit(|s| {
        s.write(
            "content/pages/contact.md",
            "---\ntitle: Contact us\n---\nWrite to the performance team.\n",
        );
    });
}

#[test]
fn a_file_saved_unchanged_is_nothing_changed() {
    let summary = edit(|s| {
        let rel = "content/editions/2016-01/index.md";
        let text = std::fs::read_to_string(s.root().join(rel)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        s.write(rel, &text);
    });
    assert!(summary.contains(UNCHANGED), "{summary}");
}

#[test]
fn an_output_file_changed_or_removed_is_built_again() {
    let summary = edit(|s| {
        std::fs::write(s.out().join("2016-01/index.html"), "edited by hand").unwrap();
        std::fs::remove_file(s.out().join("feed.xml")).unwrap();
    });
    assert!(!summary.contains(UNCHANGED), "{summary}");
}

/// A page of the build's own edited in place inside the output, with nothing else
/// changed, may be left as it is: a build that finds its inputs unchanged checks only
/// the output's folders, which an edit in place does not touch (the trade-off is
/// described in `write::record`). The next build that has anything to do must not
/// take that edition's files from the output, although its key is unchanged.
#[test]
fn an_old_editions_output_edited_in_place_is_not_taken_by_the_next_build() {
    let summary = edit(|s| {
        std::fs::write(s.out().join("2015-11/index.html"), "edited by hand").unwrap();
        replace(s, CSV, "1.1,2016-01,470,", "1.1,2016-01,471,");
    });
    assert!(!summary.contains(UNCHANGED), "{summary}");
}

/// An SVG logo in one colour.
fn logo(colour: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><rect width=\"40\" height=\"40\" fill=\"{colour}\"/></svg>\n"
    )
}

#[test]
fn the_logo_outside_the_input_folders() {
    rebuilds_like_a_clean_build(
        small(),
        |s| {
            let settings = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
            s.write(
                "site.yaml",
                &format!("{settings}\nbrand:\n  logo: logo.svg\n"),
            );
            s.write("logo.svg", &logo("#1d4f91"));
        },
        |s| {
            s.write("logo.svg", &logo("#00594f"));
        },
    );
}

#[test]
fn a_shortcode_quoting_an_earlier_month_that_a_later_correction_changes() {
    let summary = rebuilds_like_a_clean_build(
        small(),
        |s| {
            s.write(
                "content/editions/2016-01/referrals.md",
                "Referrals in November were {{ value 1.1 2015-11 }}.\n",
            );
        },
        |s| replace(s, CSV, "1.1,2015-11,515,", "1.1,2015-11,516,"),
    );
    assert_eq!(reused(&summary), 2, "{summary}");
}

#[test]
fn the_base_url_given_on_the_command_line() {
    let site = small();
    site.build();
    let out = site.out();
    let preview = ["--out", out.to_str().unwrap(), "--base-url", "/preview/"];
    let rebuilt = site.run("build", &preview).success().stdout();
    assert!(!rebuilt.contains(UNCHANGED), "{rebuilt}");
    let clean = tempfile::tempdir().unwrap();
    let fresh = clean.path().join("public");
    let fresh_args = ["--out", fresh.to_str().unwrap(), "--base-url", "/preview/"];
    site.run("build", &fresh_args).success();
    assert_eq!(published(&out), published(&fresh));
    let again = site.run("build", &preview).success().stdout();
    assert!(again.contains(UNCHANGED), "{again}");
    let back = site.build().stdout();
    assert!(!back.contains(UNCHANGED), "{back}");
}

/// The quick stamps in the marker's record (see `write::record`): empty when the
/// build did not trust them.
fn quick_stamps(site: &TestSite) -> (String, String) {
    let marker = std::fs::read_to_string(site.out().join(MARKER)).unwrap();
    let json = marker.split_once("---\n").unwrap().1;
    // The link scans of each edition's pages follow the record.
    let json = json.split("\n--- link scans").next().unwrap();
    let record: serde_json::Value = serde_json::from_str(json).unwrap();
    let text = |key: &str| record[key].as_str().unwrap().to_string();
    (text("inputs_stamp"), text("folders_stamp"))
}

/// Once the inputs have settled, a build that finds nothing changed trusts the
/// stamps of the inputs' metadata and of the output's folders alone; it must still
/// notice a file put into the output, and an input rewritten at the same size with
/// its modification time put back.
#[test]
fn a_settled_site_is_checked_by_its_quick_stamps_and_still_rebuilds_after_an_edit() {
    let site = small();
    site.build();
    // Just written, the inputs are not yet trusted by their metadata.
    assert_eq!(quick_stamps(&site).0, "");
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    let again = site.build().stdout();
    assert!(again.contains(UNCHANGED), "{again}");
    let (inputs, folders) = quick_stamps(&site);
    assert!(!inputs.is_empty() && !folders.is_empty());
    let marker = std::fs::read(site.out().join(MARKER)).unwrap();
    let quick = site.build().stdout();
    assert!(quick.contains(UNCHANGED), "{quick}");
    assert_eq!(std::fs::read(site.out().join(MARKER)).unwrap(), marker);

    // A file put into an edition's folder.
    let stray = site.out().join("2015-11/stray.html");
    std::fs::write(&stray, "not the build's").unwrap();
    let rebuilt = site.build().stdout();
    assert!(!rebuilt.contains(UNCHANGED), "{rebuilt}");
    assert!(!stray.exists());
    // The inputs had not changed, so the rebuild trusts their stamp at once.
    assert!(!quick_stamps(&site).0.is_empty());

    // An input rewritten at the same size, with its old modification time.
    rewrite_keeping_modified(&site, CSV, "1.1,2016-01,470,", "1.1,2016-01,471,");
    let rebuilt = site.build().stdout();
    assert!(!rebuilt.contains(UNCHANGED), "{rebuilt}");
    let clean = tempfile::tempdir().unwrap();
    let fresh = clean.path().join("public");
    site.run("build", &["--out", fresh.to_str().unwrap()])
        .success();
    assert_eq!(published(&site.out()), published(&fresh));
}

/// A build keeps the link scans of each edition's pages in its record, and the next
/// one checks the links of the editions it takes from the output with them instead
/// of scanning those pages again: a link from an edition rendered again into one
/// taken from the output is still checked, ids and all.
#[test]
fn a_link_into_an_edition_taken_from_the_output_is_still_checked() {
    let site = small();
    site.build();
    // A link to an id the November section page has: only known from its scan.
    site.write(
        "content/editions/2016-01/referrals.md",
        "See [November's first indicator](../../2015-11/referrals/#i-1-1).\n",
    );
    let good = site.build().stdout();
    assert_eq!(reused(&good), 2, "{good}");
    site.write(
        "content/editions/2016-01/referrals.md",
        "See [November's first indicator](../../2015-11/referrals/#no-such-id).\n",
    );
    let before = published(&site.out());
    let run = site.run("build", &[]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "error: broken link `../../2015-11/referrals/#no-such-id`: \
             `2015-11/referrals/index.html` has no element with the id `no-such-id`"
        ),
        "{stderr}"
    );
    assert_eq!(
        published(&site.out()),
        before,
        "a failed build changed the output"
    );
}

/// An edition taken from the output whose link leads to a page that is gone: the
/// scan kept of it is checked against the pages this build made.
#[test]
fn a_page_removed_that_an_edition_taken_from_the_output_links_to_is_caught() {
    let site = small();
    site.write(
        "content/editions/2015-11/referrals.md",
        "Compare [January](../../2016-01/referrals/).\n",
    );
    site.build();
    std::fs::remove_dir_all(site.root().join("content/editions/2016-01")).unwrap();
    let run = site.run("build", &[]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "error: broken link `../../2016-01/referrals/`: \
             the site has no file `2016-01/referrals/index.html`"
        ),
        "{stderr}"
    );
    // The other editions are taken from the output (their keys do not depend on
    // later editions), and with January back the link is whole again.
    site.write(
        "content/editions/2016-01/index.md",
        "---\nstatus: Final\ncreated: 2016-02-18\nauthor: Performance Manager\n---\n\
         ## Key points\n\n1. Referrals were lower.\n",
    );
    let rebuilt = site.build().stdout();
    assert_eq!(reused(&rebuilt), 2, "{rebuilt}");
}

// An edition rendered again keeps, in `serve`, the sections whose own commentary and
// figures are unchanged: these cases edit one part of the sample's latest edition,
// whose other sections are then taken from the last build.

const LATEST: &str = "content/editions/2016-03";

#[test]
fn a_section_commentary_in_the_sample_sites_latest_edition() {
    rebuilds_like_a_clean_build(
        TestSite::sample(),
        |_| {},
        |s| {
            replace(
                s,
                &format!("{LATEST}/caseloads.md"),
                "Weekly performance meetings",
                "Weekly performance reviews",
            )
        },
    );
}

#[test]
fn the_cover_of_the_sample_sites_latest_edition() {
    rebuilds_like_a_clean_build(
        TestSite::sample(),
        |_| {},
        |s| {
            replace(
                s,
                &format!("{LATEST}/index.md"),
                "annual performance report",
                "yearly performance report",
            )
        },
    );
}

#[test]
fn a_figure_that_another_sections_commentary_quotes() {
    rebuilds_like_a_clean_build(
        TestSite::sample(),
        // The caseloads commentary quotes a figure of the contacts section.
        |s| {
            replace(
                s,
                &format!("{LATEST}/caseloads.md"),
                "Weekly performance meetings",
                "With {{ value 2.1 }} contacts, weekly performance meetings",
            )
        },
        |s| {
            replace(
                s,
                "data/monthly/sections-02-06.csv",
                "2.1,2016-03,1092,",
                "2.1,2016-03,1093,",
            )
        },
    );
}

#[test]
fn the_logo_after_another_edit_while_serving() {
    // serve reads the settings and data again only when one of their files changed:
    // the logo is one of them, though outside the input folders, and the second
    // edit is the one where serve has kept them.
    let site = small();
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{settings}\nbrand:\n  logo: logo.svg\n"),
    );
    site.write("logo.svg", &logo("#1d4f91"));
    let mut serving = Serving::start(&site);
    let rel = "content/editions/2015-12/referrals.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(rel, &format!("{text}\nOne more sentence of analysis.\n"));
    assert!(serving.rebuild().is_some());
    site.write("logo.svg", &logo("#00594f"));
    assert!(serving.rebuild().is_some());
    serving.assert_as_clean_build(&site);
}

#[test]
fn a_data_warning_is_shown_again_after_a_commentary_edit() {
    // The warnings of the settings and data serve kept are those a fresh load finds.
    let site = small();
    replace(
        &site,
        "data/monthly/2015-16.csv",
        "1.2,2015-10,74.7,280,375",
        "1.2,2015-10,74.7,380,375",
    );
    // The options serve builds with, and a new reuse for this test's own loads.
    let options = Serving::start(&site).options;
    let mut reuse = scorecard::Reuse::default();
    let warnings = |reuse: &mut scorecard::Reuse| {
        let (_, warnings) = scorecard::render_site_reusing(&options, reuse).unwrap();
        warnings.to_string()
    };
    let first = warnings(&mut reuse);
    assert!(first.contains("2015-16.csv"), "{first}");
    let rel = "content/editions/2015-12/referrals.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(rel, &format!("{text}\nOne more sentence of analysis.\n"));
    assert_eq!(warnings(&mut reuse), first);
    site.write(rel, &format!("{text}\nAnother sentence.\n"));
    assert_eq!(warnings(&mut reuse), first);
    assert_eq!(warnings(&mut scorecard::Reuse::default()), first);
}

#[test]
fn figures_in_one_data_file_then_another_and_their_definitions_while_serving() {
    // serve parses again only the CSV files whose text changed, and takes every
    // file's rows into the series again: after each save, one file edited, the other
    // not, or the definitions the rows are checked against, it holds what a clean
    // build makes and reports what a fresh load reports.
    let site = small();
    let data = "data/monthly/2015-16.csv";
    let text = std::fs::read_to_string(site.root().join(data)).unwrap();
    let (rates, others): (Vec<&str>, Vec<&str>) =
        text.lines().skip(1).partition(|l| l.starts_with("1.3,"));
    let header = text.lines().next().unwrap();
    site.write(data, &format!("{header}\n{}\n", others.join("\n")));
    let rates_file = "data/monthly/2015-16-rates.csv";
    site.write(rates_file, &format!("{header}\n{}\n", rates.join("\n")));
    let mut serving = Serving::start(&site);
    let options = serving.options.clone();
    let mut reuse = scorecard::Reuse::default();
    let report = |reuse: &mut scorecard::Reuse| reported(&options, reuse);
    assert_eq!(report(&mut reuse), report(&mut scorecard::Reuse::default()));
    let same_as_clean = |serving: &mut Serving, reuse: &mut scorecard::Reuse| {
        let reported = report(reuse);
        assert_eq!(reported, report(&mut scorecard::Reuse::default()));
        if !reported.starts_with("built") {
            let failed = scorecard::render_site_reusing(&serving.options, &mut serving.reuse);
            assert!(failed.is_err(), "serve built a site with errors");
            return;
        }
        // After a failed save, a site put back as it was at the last successful build
        // is nothing changed, and serve keeps that build's files.
        serving.rebuild();
        serving.assert_as_clean_build(&site);
    };
    replace(&site, data, "1.1,2016-01,470", "1.1,2016-01,471");
    same_as_clean(&mut serving, &mut reuse);
    replace(&site, rates_file, "1.3,2016-01,24.0", "1.3,2016-01,25.5");
    same_as_clean(&mut serving, &mut reuse);
    // A warning in one file (a numerator above its denominator) is reported again
    // when only the other changed.
    replace(
        &site,
        data,
        "1.2,2015-10,74.7,280,375",
        "1.2,2015-10,74.7,380,375",
    );
    same_as_clean(&mut serving, &mut reuse);
    replace(&site, rates_file, "1.3,2016-01,25.5", "1.3,2016-01,26.5");
    same_as_clean(&mut serving, &mut reuse);
    assert!(report(&mut reuse).contains("2015-16.csv"));
    // The rows of an unchanged file are checked against the definitions as they now
    // are: an indicator renamed leaves them unknown, and named back takes them again.
    let yaml = "data/sections/01-referrals.yaml";
    replace(&site, yaml, "id: \"1.3\"", "id: \"1.4\"");
    same_as_clean(&mut serving, &mut reuse);
    assert!(report(&mut reuse).starts_with("failed"));
    replace(&site, yaml, "id: \"1.4\"", "id: \"1.3\"");
    same_as_clean(&mut serving, &mut reuse);
    // A file's rows are read again when it is edited back to text seen before.
    replace(&site, rates_file, "1.3,2016-01,26.5", "1.3,2016-01,24.0");
    same_as_clean(&mut serving, &mut reuse);
}

#[test]
fn a_figure_and_a_correction_edited_and_edited_back_while_serving() {
    // serve hashes again only the indicators whose figures or corrections changed,
    // and takes the others' as they were: every save shows its own figures, and zero
    // and minus zero (equal numbers) are told apart as a clean build tells them.
    let site = small();
    let data = "data/monthly/2015-16.csv";
    let mut serving = Serving::start(&site);
    let report = |serving: &Serving| {
        let json = serving.files.get(Path::new("2016-01/report.json"));
        String::from_utf8(json.expect("the latest edition's report.json").clone()).unwrap()
    };
    let mut figure = "470";
    for value in ["471", "470", "0", "-0", "0", "471"] {
        replace(
            &site,
            data,
            &format!("1.1,2016-01,{figure},"),
            &format!("1.1,2016-01,{value},"),
        );
        figure = value;
        assert!(serving.rebuild().is_some(), "{value}");
        serving.assert_as_clean_build(&site);
    }
    assert!(report(&serving).contains("471"));
    let mut corrected = "515";
    for value in ["516", "515", "517"] {
        replace(
            &site,
            data,
            &format!("1.1,2015-11,{corrected},,,,,2016-01"),
            &format!("1.1,2015-11,{value},,,,,2016-01"),
        );
        corrected = value;
        assert!(serving.rebuild().is_some(), "{value}");
        serving.assert_as_clean_build(&site);
    }
    assert!(report(&serving).contains("517"));
}

#[test]
fn figures_in_the_later_of_three_data_files_while_serving() {
    // serve keeps what taking the rows of the files before the one a save changed
    // gave, and the next save takes only the rows from that file on: after each save
    // (a figure, a warning, a row given twice across files, the definitions) it holds
    // what a clean build makes and reports what a fresh load reports.
    let site = small();
    let data = "data/monthly/2015-16.csv";
    let text = std::fs::read_to_string(site.root().join(data)).unwrap();
    let header = text.lines().next().unwrap();
    std::fs::remove_file(site.root().join(data)).unwrap();
    let [first, second, third] =
        ["a-referrals", "b-rates", "c-other"].map(|name| format!("data/monthly/{name}.csv"));
    for (file, id) in [(&first, "1.1,"), (&second, "1.2,"), (&third, "1.3,")] {
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(id)).collect();
        site.write(file, &format!("{header}\n{}\n", lines.join("\n")));
    }
    let mut serving = Serving::start(&site);
    let options = serving.options.clone();
    let mut reuse = scorecard::Reuse::default();
    let report = |reuse: &mut scorecard::Reuse| reported(&options, reuse);
    assert_eq!(report(&mut reuse), report(&mut scorecard::Reuse::default()));
    let mut same_as_clean = |reuse: &mut scorecard::Reuse| {
        let reported = report(reuse);
        assert_eq!(reported, report(&mut scorecard::Reuse::default()));
        if reported.starts_with("built") {
            serving.rebuild();
            serving.assert_as_clean_build(&site);
        }
        reported
    };
    for (from, to) in [("24.0", "25.0"), ("25.0", "26.0"), ("26.0", "24.5")] {
        replace(
            &site,
            &third,
            &format!("1.3,2016-01,{from}"),
            &format!("1.3,2016-01,{to}"),
        );
        same_as_clean(&mut reuse);
    }
    // A warning in the second file, then a figure in the third, then the warning gone.
    replace(
        &site,
        &second,
        "1.2,2015-10,74.7,280,375",
        "1.2,2015-10,74.7,380,375",
    );
    assert!(same_as_clean(&mut reuse).contains("b-rates.csv"));
    replace(&site, &third, "1.3,2016-01,24.5", "1.3,2016-01,24.0");
    assert!(same_as_clean(&mut reuse).contains("b-rates.csv"));
    replace(
        &site,
        &second,
        "1.2,2015-10,74.7,380,375",
        "1.2,2015-10,74.7,280,375",
    );
    assert!(!same_as_clean(&mut reuse).contains("b-rates.csv"));
    // A row of the first file given again in the third: the message names the first.
    replace(
        &site,
        &third,
        "1.3,2016-01,24.0,,,,,",
        "1.3,2016-01,24.0,,,,,\n1.1,2015-12,486,,,,,",
    );
    let reported = same_as_clean(&mut reuse);
    assert!(reported.contains("a-referrals.csv:5"), "{reported}");
    replace(&site, &third, "\n1.1,2015-12,486,,,,,", "");
    same_as_clean(&mut reuse);
    // The definitions the rows are taken into: every file's rows are taken again.
    let yaml = "data/sections/01-referrals.yaml";
    replace(&site, yaml, "id: \"1.3\"", "id: \"1.4\"");
    assert!(same_as_clean(&mut reuse).starts_with("failed"));
    replace(&site, yaml, "id: \"1.4\"", "id: \"1.3\"");
    same_as_clean(&mut reuse);
    replace(&site, &third, "1.3,2016-01,24.0", "1.3,2016-01,23.0");
    same_as_clean(&mut reuse);
}

#[test]
fn an_input_rewritten_at_its_size_and_modification_time_after_it_settled() {
    // serve takes the bytes of an input from its last reading when the file's
    // metadata is as it was then, long enough after its last change: a file written
    // again at the same size and given back its modification time still shows, by its
    // change time, which no program can set back.
    let site = small();
    std::thread::sleep(scorecard::load::inputs::SETTLED + std::time::Duration::from_millis(200));
    let mut serving = Serving::start(&site);
    rewrite_keeping_modified(
        &site,
        "data/monthly/2015-16.csv",
        "1.1,2016-01,470",
        "1.1,2016-01,471",
    );
    assert!(serving.rebuild().is_some());
    serving.assert_as_clean_build(&site);
}

/// Replaces `from` with `to` (of the same length) in the input `rel` and gives the
/// file back its modification time, as a tool that preserves times would: only its
/// change time shows the edit.
fn rewrite_keeping_modified(site: &TestSite, rel: &str, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let path = site.root().join(rel);
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    replace(site, rel, from, to);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn commentary_and_figures_edited_one_after_the_other_while_serving() {
    // A save that changed no commentary file takes what the save before found of the
    // commentary, and a save of commentary alone the months with no figure that it
    // found: after each save, of either kind, serve holds what a clean build makes and
    // reports what a fresh load reports, including a figure the commentary quotes
    // taken away and put back.
    let site = small();
    let data = "data/monthly/2015-16.csv";
    let commentary = "content/editions/2015-12/referrals.md";
    let mut serving = Serving::start(&site);
    let options = serving.options.clone();
    let mut reuse = scorecard::Reuse::default();
    let report = |reuse: &mut scorecard::Reuse| reported(&options, reuse);
    assert_eq!(report(&mut reuse), report(&mut scorecard::Reuse::default()));
    let same_as_clean = |serving: &mut Serving, reuse: &mut scorecard::Reuse| {
        let reported = report(reuse);
        assert_eq!(reported, report(&mut scorecard::Reuse::default()));
        assert!(reported.starts_with("built"), "{reported}");
        assert!(serving.rebuild().is_some());
        serving.assert_as_clean_build(&site);
        reported
    };
    let mut sentences = 0;
    let mut add_sentence = || {
        sentences += 1;
        let text = std::fs::read_to_string(site.root().join(commentary)).unwrap();
        site.write(
            commentary,
            &format!("{text}\nSentence {sentences} of analysis.\n"),
        );
    };
    replace(&site, data, "1.1,2016-01,470", "1.1,2016-01,471");
    same_as_clean(&mut serving, &mut reuse);
    add_sentence();
    same_as_clean(&mut serving, &mut reuse);
    // A month with no figure any more: the 2015-12 edition shows none for 1.1, which
    // is reported after every save until it is back.
    replace(&site, data, "1.1,2015-12,485,", "1.1,2015-12,,");
    let missing = same_as_clean(&mut serving, &mut reuse);
    assert!(missing.contains("no figure"), "{missing}");
    add_sentence();
    assert_eq!(same_as_clean(&mut serving, &mut reuse), missing);
    replace(&site, data, "1.1,2016-01,471", "1.1,2016-01,472");
    assert_eq!(same_as_clean(&mut serving, &mut reuse), missing);
    replace(&site, data, "1.1,2015-12,,", "1.1,2015-12,485,");
    let back = same_as_clean(&mut serving, &mut reuse);
    assert!(!back.contains("no figure"), "{back}");
    add_sentence();
    assert_eq!(same_as_clean(&mut serving, &mut reuse), back);
}
