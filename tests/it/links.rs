//! Base URLs and links: the site works at a domain root and under a sub-path, and
//! `check` stops a broken link.
//!
//! The resolver here is deliberately independent of the library's link checker: it
//! reads attributes textually (the templates and the sanitiser always write
//! double-quoted attributes) and looks each target up on disk, as a static file
//! server would.

use std::path::Path;

use url::Url;

use crate::TestSite;

const ROOT: &str = "https://www.example.gov.uk/";
const SUB_PATH: &str = "https://www.example.gov.uk/performance/childrens/";

/// Every `href="..."` and `src="..."` value in `html`.
fn addresses(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').expect("closing quote");
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}

/// Resolves every internal address of every page of the built site at `out`, built
/// for `base`, against the files on disk. Returns the number of links followed and
/// every one that misses.
fn resolve_all(out: &Path, base: &str) -> (usize, Vec<String>) {
    let base = Url::parse(base).unwrap();
    let mut followed = 0;
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let relative = path
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let page = base.join(&relative).unwrap();
        let html = std::fs::read_to_string(path).unwrap();
        for address in addresses(&html) {
            let target = page.join(&address).unwrap();
            if target.origin() != base.origin() {
                continue;
            }
            followed += 1;
            let Some(rest) = target.path().strip_prefix(base.path()) else {
                missing.push(format!("{relative}: {address} leaves {}", base.path()));
                continue;
            };
            let mut file = out.join(rest);
            if rest.is_empty() || rest.ends_with('/') {
                file = file.join("index.html");
            }
            if !file.is_file() {
                missing.push(format!("{relative}: {address} -> no {}", file.display()));
                continue;
            }
            if let Some(fragment) = target.fragment().filter(|f| !f.is_empty()) {
                let text = std::fs::read_to_string(&file).unwrap();
                if !text.contains(&format!("id=\"{fragment}\"")) {
                    missing.push(format!("{relative}: {address} -> no #{fragment}"));
                }
            }
        }
    }
    (followed, missing)
}

/// A two-edition site with a free page, so links cross editions, sections and pages.
fn two_editions() -> TestSite {
    let site = TestSite::fixture("small");
    site.write(
        "content/editions/2015-11/index.md",
        "---\nstatus: Final\ncreated: 2015-12-14\n---\nNovember. See [the re-referral rate](referrals/#i-1-3) and [December](../2015-12/).\n",
    );
    site
}

#[test]
fn the_site_works_at_a_domain_root_and_under_a_sub_path() {
    for base in [ROOT, SUB_PATH] {
        let site = two_editions();
        site.run("check", &["--base-url", base]).success();
        site.run("build", &["--base-url", base]).success();
        let (followed, missing) = resolve_all(&site.out(), base);
        assert!(
            missing.is_empty(),
            "built for {base}:\n{}",
            missing.join("\n")
        );
        // Navigation, breadcrumbs, summary rows, anchors, stylesheets, canonical links.
        assert!(followed > 100, "only {followed} links followed for {base}");
        let edition = site.output("2015-12/index.html");
        assert!(edition.contains(&format!("<link rel=\"canonical\" href=\"{base}2015-12/\">")));
        assert!(edition.contains(&format!(
            "<meta property=\"og:url\" content=\"{base}2015-12/\">"
        )));
    }
}

/// Opened from disk, a link to a folder shows a folder listing, so every link one
/// page of the theme makes to another names its `index.html`. Only the 404 page,
/// which a server shows, and links written in the commentary may name folders.
#[test]
fn pages_link_to_files_so_the_site_opens_from_disk() {
    let site = TestSite::fixture("small");
    site.build();
    let mut folders = Vec::new();
    for page in [
        "index.html",
        "2015-12/index.html",
        "2015-12/referrals/index.html",
        "2015-12/exceptions/index.html",
        "2015-12/print/index.html",
        "about/index.html",
    ] {
        for address in addresses(&site.output(page)) {
            let path = address.split(['#', '?']).next().unwrap_or_default();
            // A folder is an address whose last segment is empty ("../referrals/")
            // or names no file ("../referrals"); "../" and ".." are folders too.
            let last = path.rsplit('/').next().unwrap_or_default();
            let names_file = last.contains('.') && last != "." && last != "..";
            if !address.contains("://") && !path.is_empty() && !names_file {
                folders.push(format!("{page}: {address}"));
            }
        }
    }
    assert!(folders.is_empty(), "{}", folders.join("\n"));
}

#[test]
fn the_404_page_works_at_any_depth_under_the_base_path() {
    let site = two_editions();
    site.run("build", &["--base-url", SUB_PATH]).success();
    let page = site.output("404.html");
    // Served in place of /performance/childrens/2015-12/nope/, so relative links
    // would resolve against that address: its links must be absolute paths.
    let served_at = Url::parse(SUB_PATH).unwrap().join("2015-12/nope/").unwrap();
    let mut followed = 0;
    for address in addresses(&page) {
        if let Some(fragment) = address.strip_prefix('#') {
            assert!(page.contains(&format!("id=\"{fragment}\"")), "{address}");
            continue;
        }
        let target = served_at.join(&address).unwrap();
        if target.origin() != served_at.origin() {
            continue;
        }
        followed += 1;
        let rest = target
            .path()
            .strip_prefix("/performance/childrens/")
            .unwrap_or_else(|| panic!("{address} leaves the base path"));
        let file = site.out().join(rest);
        assert!(
            file.is_file() || file.join("index.html").is_file(),
            "{address} -> {}",
            file.display()
        );
    }
    assert!(followed >= 5, "{followed}");
    assert!(page.contains("href=\"/performance/childrens/assets/style."));
}

#[test]
fn check_reports_a_broken_link_at_the_markdown_that_made_it_once() {
    let site = TestSite::fixture("small");
    site.write(
        "content/editions/2015-12/referrals.md",
        "Analysis.\n\nCompare [November](../../2015-11/referrals/) and [rate](#i-9-9).\n",
    );
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "error: broken link `../../2015-11/referrals/`: \
             the site has no file `2015-11/referrals/index.html`\n  \
             --> content/editions/2015-12/referrals.md:3:9"
        ),
        "{stderr}"
    );
    // The edition's print page carries the same commentary, so each link is broken
    // there too: it is reported once, naming both pages.
    assert_eq!(
        stderr.matches("error: broken link `#i-9-9`").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/editions/2015-12/referrals.md:3:50"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`2015-12/print/index.html`, `2015-12/referrals/index.html`"),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors"), "{stderr}");
    // The build refuses too, and writes nothing.
    let build = site.run("build", &[]);
    assert_eq!(build.code(), 1);
    assert!(!site.out().exists());
}

#[test]
fn a_custom_template_that_links_to_the_old_stylesheet_path_is_caught() {
    let site = TestSite::fixture("small");
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<link rel=\"stylesheet\" href=\"{{ layout.root }}static/style.css\">{% endblock content %}",
    );
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("the site has no file `static/style.css`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_latest_summary_keeps_its_links_on_the_home_page_and_in_the_feed() {
    let site = TestSite::fixture("small");
    site.write(
        "content/editions/2015-12/index.md",
        "---\nstatus: Final\ncreated: 2016-01-18\n---\nSee [re-referrals](referrals/#i-1-3) and [the summary](#summary-heading).\n",
    );
    site.run("build", &["--base-url", SUB_PATH]).success();
    // Written for the edition's folder, shown again at the site root.
    assert!(
        site.output("2015-12/index.html")
            .contains("href=\"referrals/#i-1-3\"")
    );
    let home = site.output("index.html");
    assert!(home.contains("href=\"2015-12/referrals/#i-1-3\""), "{home}");
    assert!(home.contains("href=\"#summary-heading\""));
    let feed = site.output("feed.xml");
    assert!(feed.contains(&format!(
        "href=&quot;{SUB_PATH}2015-12/referrals/#i-1-3&quot;"
    )));
    let (_, missing) = resolve_all(&site.out(), SUB_PATH);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
