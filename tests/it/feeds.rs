//! The Atom feed of editions, the sitemap and robots.txt.

use crate::{TestSite, assert_well_formed};

const BASE: &str = "https://www.example.gov.uk/performance/childrens/";

fn two_editions() -> TestSite {
    let site = TestSite::fixture("small");
    site.write(
        "site.yaml",
        "title: Children's Services & Schools\norganisation: Example Borough Council\n\
         base_url: https://www.example.gov.uk/performance/childrens/\n",
    );
    site.write(
        "content/editions/2015-11/index.md",
        "---\nstatus: Final\ncreated: 2015-12-14\n---\nNovember <em>was</em> quiet & calm.\n",
    );
    site
}

/// The text of every `<tag>` element in `xml`, in order.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(&open)
        .skip(1)
        .map(|rest| rest[..rest.find(&close).unwrap()].to_string())
        .collect()
}

#[test]
fn the_feed_lists_editions_newest_first_with_dates_from_the_content() {
    let site = two_editions();
    site.build();
    let feed = site.output("feed.xml");
    assert_well_formed(&feed);
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">"));
    // Escaped, not broken: a title with & and an apostrophe.
    assert!(
        feed.contains("<title>Children&#39;s Services &amp; Schools</title>"),
        "{feed}"
    );
    assert_eq!(
        elements(&feed, "id"),
        [
            BASE.to_string(),
            format!("{BASE}2015-12/"),
            format!("{BASE}2015-11/")
        ]
    );
    assert_eq!(
        elements(&feed, "published"),
        ["2016-01-18T00:00:00Z", "2015-12-14T00:00:00Z"]
    );
    // The feed's own date is its newest entry's, never the time of the build.
    assert_eq!(elements(&feed, "updated")[0], "2016-01-18T00:00:00Z");
    assert!(feed.contains(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{BASE}feed.xml\"/>"
    )));
    // The summary narrative travels as escaped HTML, sanitised.
    assert!(
        feed.contains("&lt;p&gt;November &lt;em&gt;was&lt;/em&gt; quiet &amp;amp; calm.&lt;/p&gt;"),
        "{feed}"
    );
    // Every page links to the feed so browsers and readers can find it.
    assert!(site.output("2015-12/referrals/index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Children&#39;s Services &amp; Schools: new reports\" href=\"../../feed.xml\">"
    ));
}

#[test]
fn a_correction_date_moves_the_entry_and_shows_on_the_edition() {
    let site = two_editions();
    site.write(
        "content/editions/2015-11/index.md",
        "---\nstatus: Issue 2\ncreated: 2015-12-14\nupdated: 2016-02-10\n---\nCorrected.\n",
    );
    site.build();
    let feed = site.output("feed.xml");
    let updated = elements(&feed, "updated");
    // Feed, December entry, November entry.
    assert_eq!(
        updated,
        [
            "2016-02-10T00:00:00Z",
            "2016-01-18T00:00:00Z",
            "2016-02-10T00:00:00Z"
        ]
    );
    assert_eq!(elements(&feed, "published")[1], "2015-12-14T00:00:00Z");
    let edition = site.output("2015-11/index.html");
    assert!(
        edition.contains("<dt>Corrected</dt><dd>10 February 2016</dd>"),
        "{edition}"
    );
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}2015-11/</loc><lastmod>2016-02-10</lastmod>"
    )));

    site.write(
        "content/editions/2015-11/index.md",
        "---\nstatus: Issue 2\nupdated: 10/02/2016\n---\nCorrected.\n",
    );
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("`updated: 10/02/2016` is not a date"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_sitemap_lists_every_page_and_robots_txt_points_at_it() {
    let site = two_editions();
    site.build();
    let sitemap = site.output("sitemap.xml");
    assert_well_formed(&sitemap);
    let locs = elements(&sitemap, "loc");
    assert_eq!(
        locs,
        [
            BASE.to_string(),
            format!("{BASE}2015-11/"),
            format!("{BASE}2015-11/exceptions/"),
            format!("{BASE}2015-11/print/"),
            format!("{BASE}2015-11/referrals/"),
            format!("{BASE}2015-12/"),
            format!("{BASE}2015-12/exceptions/"),
            format!("{BASE}2015-12/print/"),
            format!("{BASE}2015-12/referrals/"),
            format!("{BASE}about/"),
        ]
    );
    // Each listed page exists.
    for loc in &locs {
        let dir = loc.strip_prefix(BASE).unwrap();
        assert!(site.out().join(dir).join("index.html").is_file(), "{loc}");
    }
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}2015-11/referrals/</loc><lastmod>2015-12-14</lastmod>"
    )));
    assert!(sitemap.contains(&format!("<loc>{BASE}about/</loc></url>")));
    let robots = site.output("robots.txt");
    assert!(robots.contains("User-agent: *\nAllow: /\n"));
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
}

#[test]
fn a_preview_build_points_the_feed_and_sitemap_at_the_preview() {
    let site = two_editions();
    let preview = "https://deploy-preview-42--scorecard.netlify.app";
    site.run("build", &["--base-url", preview]).success();
    let feed = site.output("feed.xml");
    assert!(feed.contains(&format!("<id>{preview}/2015-12/</id>")));
    assert!(!feed.contains("www.example.gov.uk"));
    assert!(
        site.output("sitemap.xml")
            .contains(&format!("<loc>{preview}/about/</loc>"))
    );
}
