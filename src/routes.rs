//! The site's address scheme: where every page and file is written, and how pages link.
//!
//! Every output path, every link between pages, every absolute address and the names
//! a section may not take are derived from [`Route`], so that they cannot disagree.
//! Links between pages are relative and name a page's `index.html`, so the site works
//! at any address and when opened from disk (`file://`), where a link to a folder
//! opens a folder listing; the absolute addresses (canonical, sitemap, feed) stay
//! folder addresses. The 404 page, which a server shows at any depth, links from the
//! base URL's path instead.

use crate::model::Month;

/// A page or file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The home page: the latest edition and the list of editions.
    Home,
    /// The page a server shows for an address that is not there.
    NotFound,
    /// An edition's cover and summary table.
    Edition(Month),
    /// A section of an edition, by the section's id.
    Section(Month, String),
    /// The data of one indicator's chart: the edition, the section id and the
    /// indicator id.
    ChartData(Month, String, String),
    Exceptions(Month),
    /// The whole edition on one page, for printing.
    Print(Month),
    /// The edition's print stylesheet, holding its running header.
    EditionCss(Month),
    ReportJson(Month),
    ReportCsv(Month),
    /// A free page, by its slug.
    Page(String),
    Feed,
    Sitemap,
    Robots,
    /// The stylesheet made from the brand settings.
    BrandCss,
    /// The brand logo, by its file name.
    Logo(String),
    /// A theme's stylesheet or script, by its name with the content hash in it,
    /// served with a long cache lifetime.
    Fingerprinted(String),
    /// Any other of the theme's static files, by its path under the theme's `static/`.
    Static(String),
    /// Any other file, by its path from the site root.
    File(String),
}

/// The folder of an edition's one-page printable report.
const PRINT: &str = "print";
/// The folder of an edition's exceptions page.
const EXCEPTIONS: &str = "exceptions";
/// The stem of an edition's report.json and report.csv.
const REPORT: &str = "report";
/// The folder of the files made from the settings (brand stylesheet, logo) and of
/// the theme's static files that are not fingerprinted.
const STATIC: &str = "static";
/// The folder of fingerprinted stylesheets and scripts.
const FINGERPRINTED: &str = "assets";

impl Route {
    /// The address from the site root: `2015-12/contact-referral/` for a page (a
    /// folder), `2015-12/report.json` for a file, empty for the home page.
    pub fn path(&self) -> String {
        match self {
            Route::Home => String::new(),
            Route::NotFound => "404.html".into(),
            Route::Edition(month) => format!("{month}/"),
            Route::Section(month, section) => format!("{month}/{section}/"),
            Route::ChartData(month, section, id) => {
                format!("{month}/{section}/{}.csv", anchor(id))
            }
            Route::Exceptions(month) => format!("{month}/{EXCEPTIONS}/"),
            Route::Print(month) => format!("{month}/{PRINT}/"),
            Route::EditionCss(month) => format!("{month}/{PRINT}.css"),
            Route::ReportJson(month) => format!("{month}/{REPORT}.json"),
            Route::ReportCsv(month) => format!("{month}/{REPORT}.csv"),
            Route::Page(slug) => format!("{slug}/"),
            Route::Feed => "feed.xml".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Robots => "robots.txt".into(),
            Route::BrandCss => format!("{STATIC}/brand.css"),
            Route::Logo(file) => format!("{STATIC}/{file}"),
            Route::Fingerprinted(name) => format!("{FINGERPRINTED}/{name}"),
            Route::Static(path) => format!("{STATIC}/{path}"),
            Route::File(path) => path.clone(),
        }
    }

    /// The output file's path from the output folder: a page is its folder's
    /// `index.html`.
    pub fn file(&self) -> String {
        let path = self.path();
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }

    /// The absolute address under `base_url` (which ends with `/`).
    pub fn url(&self, base_url: &str) -> String {
        format!("{base_url}{}", self.path())
    }

    /// The link from this page to `to`: relative and to the page's `index.html`, so
    /// that it opens from disk too, except from the 404 page, which links from the
    /// path of `base_url` to the folder, as only a server shows it.
    pub fn link_to(&self, to: &Route, base_url: &str) -> String {
        if *self == Route::NotFound {
            return self.link_to_path(&to.path(), base_url);
        }
        self.link_to_path(&to.file(), base_url)
    }

    /// The link from this page to the folder of page `to`, ending in `/`, or empty
    /// when `to` is in this page's folder: the prefix for links written relative to
    /// that page, such as those in an edition's commentary.
    pub fn folder_link_to(&self, to: &Route, base_url: &str) -> String {
        match self.link_to_path(&to.path(), base_url) {
            link if link == "./" => String::new(),
            link => link,
        }
    }

    /// The link from this page to where `link` leads from page `from`: `link` is one
    /// that [`Route::link_to`] or [`Route::link_to_path`] made on `from`, with a
    /// fragment or without, and the result is the string that the same call on this
    /// page would have made, fragment kept. A view made once for one page is shown
    /// on others this way without being made again. Neither page may be the 404
    /// page, whose links are not relative.
    pub fn relink(&self, link: &str, from: &Route, base_url: &str) -> String {
        debug_assert!(*self != Route::NotFound && *from != Route::NotFound);
        let (target, fragment) = link.split_at(link.find('#').unwrap_or(link.len()));
        // The link is undone into the path from the site root that it was made from:
        // `from`'s folders, less one for each `../`, then the rest of the link.
        let from_path = from.path();
        let mut folders: Vec<&str> = from_path.split('/').collect();
        folders.pop();
        let mut rest = target;
        while let Some(up) = rest.strip_prefix("../") {
            folders.pop();
            rest = up;
        }
        if rest == "./" {
            rest = "";
        }
        let mut path = String::with_capacity(from_path.len() + rest.len());
        for folder in folders {
            path.push_str(folder);
            path.push('/');
        }
        path.push_str(rest);
        let mut relinked = self.link_to_path(&path, base_url);
        relinked.push_str(fragment);
        relinked
    }

    /// [`Route::relink`] for many links made on `from`, shown on this page: a page's
    /// links to the same few pages differ in their fragments, and the address before
    /// the fragment is worked out again only when it is not the last one's.
    pub fn relinker<'r>(&'r self, from: &'r Route, base_url: &'r str) -> Relinker<'r> {
        Relinker {
            here: self,
            from,
            base_url,
            last: None,
        }
    }

    /// [`Route::link_to`] for an address given by its path from the site root.
    pub fn link_to_path(&self, to: &str, base_url: &str) -> String {
        if *self == Route::NotFound {
            return format!("{}{to}", base_path(base_url));
        }
        let here = self.path();
        let from: Vec<&str> = here.split('/').collect();
        // The folder segments of this page, without the trailing file name or empty.
        let from = &from[..from.len() - 1];
        let target: Vec<&str> = to.split('/').collect();
        let common = from
            .iter()
            .zip(&target[..target.len() - 1])
            .take_while(|(a, b)| a == b)
            .count();
        let link = format!(
            "{}{}",
            "../".repeat(from.len() - common),
            target[common..].join("/")
        );
        if link.is_empty() { "./".into() } else { link }
    }
}

/// Links made on one page made again for another: [`Route::relinker`].
pub struct Relinker<'r> {
    here: &'r Route,
    from: &'r Route,
    base_url: &'r str,
    /// The last link relinked, without its fragment, and what it became.
    last: Option<(String, String)>,
}

impl Relinker<'_> {
    /// `link`, made on the page this relinks from, as the page it relinks for makes
    /// it: [`Route::relink`].
    pub fn relink(&mut self, link: &str) -> String {
        let (target, fragment) = link.split_at(link.find('#').unwrap_or(link.len()));
        let relinked = match &self.last {
            Some((last, relinked)) if last == target => relinked,
            _ => {
                let relinked = self.here.relink(target, self.from, self.base_url);
                &self.last.insert((target.to_string(), relinked)).1
            }
        };
        let mut link = String::with_capacity(relinked.len() + fragment.len());
        link.push_str(relinked);
        link.push_str(fragment);
        link
    }
}

/// The pages and files whose names a section id or a free page may not take, with
/// what each is for the message: those scorecard writes in an edition's folder beside
/// its sections, and the folders it writes at the site's root beside the free pages.
fn reserving_routes() -> [(Route, &'static str); 8] {
    let month = Month::new(2000, 1).expect("a valid month");
    let static_folder = "the folder of the theme's static files, the brand stylesheet and the logo";
    [
        (Route::Exceptions(month), "each edition's exceptions page"),
        (Route::Print(month), "each edition's printable report"),
        (Route::EditionCss(month), "each edition's print stylesheet"),
        (
            Route::ReportJson(month),
            "each edition's report.json and report.csv",
        ),
        (
            Route::ReportCsv(month),
            "each edition's report.json and report.csv",
        ),
        (Route::BrandCss, static_folder),
        (Route::Static(String::new()), static_folder),
        (
            Route::Fingerprinted(String::new()),
            "the folder of the site's stylesheets",
        ),
    ]
}

/// The name a reserving route takes from its neighbours: the first segment of its
/// path within an edition's folder, or from the site root.
fn reserved_name(route: &Route) -> String {
    let month = Month::new(2000, 1).expect("a valid month");
    let path = route.path();
    let edition_folder = Route::Edition(month).path();
    let within = path.strip_prefix(&edition_folder).unwrap_or(&path);
    within
        .split(['/', '.'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The names a section id or a free page may not take, from the routes themselves.
pub fn reserved_names() -> Vec<String> {
    let mut names: Vec<String> = reserving_routes()
        .iter()
        .map(|(r, _)| reserved_name(r))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// What the reserved `name` is, if a section id or free page named so would take the
/// address of a page or folder scorecard makes.
pub fn reserved(name: &str) -> Option<&'static str> {
    reserving_routes()
        .into_iter()
        .find(|(route, _)| reserved_name(route) == name)
        .map(|(_, what)| what)
}

/// The path part of the base URL: `/` or `/performance/childrens/`.
pub fn base_path(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match without_scheme.find('/') {
        Some(i) if base_url.contains("://") => without_scheme[i..].to_string(),
        _ if base_url.starts_with('/') => base_url.to_string(),
        _ => "/".to_string(),
    }
}

/// A fragment id for an indicator, also naming its chart's data file: `2.1` becomes
/// `i-2-1`. Defined in the model, so that loading can refuse two ids that share one.
pub use crate::model::indicator_anchor as anchor;

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    #[test]
    fn pages_are_folders_and_files_are_files() {
        let m = month("2015-12");
        assert_eq!(Route::Home.file(), "index.html");
        assert_eq!(
            Route::Section(m, "contact-referral".into()).file(),
            "2015-12/contact-referral/index.html"
        );
        assert_eq!(
            Route::ChartData(m, "contact-referral".into(), "2.1".into()).file(),
            "2015-12/contact-referral/i-2-1.csv"
        );
        assert_eq!(Route::EditionCss(m).file(), "2015-12/print.css");
        assert_eq!(
            Route::Print(m).url("https://example.org/r/"),
            "https://example.org/r/2015-12/print/"
        );
    }

    #[test]
    fn links_are_relative_and_shortest() {
        let base = "https://example.org/r/";
        let m = month("2015-12");
        let section = Route::Section(m, "s".into());
        let data = Route::ChartData(m, "s".into(), "2.1".into());
        assert_eq!(Route::Home.link_to(&Route::Home, base), "index.html");
        assert_eq!(Route::Home.link_to(&section, base), "2015-12/s/index.html");
        assert_eq!(section.link_to(&Route::Home, base), "../../index.html");
        assert_eq!(section.link_to(&Route::Edition(m), base), "../index.html");
        assert_eq!(section.link_to(&data, base), "i-2-1.csv");
        assert_eq!(Route::Print(m).link_to(&data, base), "../s/i-2-1.csv");
        assert_eq!(Route::Edition(m).link_to(&section, base), "s/index.html");
        assert_eq!(
            Route::Edition(m).link_to(&Route::Edition(m), base),
            "index.html"
        );
        assert_eq!(
            Route::Home.folder_link_to(&Route::Edition(m), base),
            "2015-12/"
        );
        assert_eq!(
            Route::Edition(m).folder_link_to(&Route::Edition(m), base),
            ""
        );
        assert_eq!(Route::NotFound.link_to(&section, base), "/r/2015-12/s/");
        assert_eq!(
            Route::Page("about".into()).link_to(&Route::Feed, base),
            "../feed.xml"
        );
        assert_eq!(
            Route::NotFound.link_to(&Route::BrandCss, base),
            "/r/static/brand.css"
        );
    }

    #[test]
    fn a_link_relinked_is_the_link_made_on_the_other_page() {
        let base = "https://example.org/r/";
        let (m, n) = (month("2015-12"), month("2016-01"));
        let pages = [
            Route::Home,
            Route::Edition(m),
            Route::Print(m),
            Route::Exceptions(m),
            Route::Section(m, "s".into()),
            Route::Section(n, "t".into()),
            Route::Page("about".into()),
        ];
        let targets = [
            Route::Home,
            Route::Edition(m),
            Route::Print(m),
            Route::Exceptions(m),
            Route::Section(m, "s".into()),
            Route::Section(m, "print-notes".into()),
            Route::Section(n, "s".into()),
            Route::ChartData(m, "s".into(), "2.1".into()),
            Route::ReportJson(m),
            Route::EditionCss(n),
            Route::Page("about".into()),
            Route::Feed,
            Route::Logo("logo.svg".into()),
        ];
        for from in &pages {
            for here in &pages {
                for to in &targets {
                    let mut relinker = here.relinker(from, base);
                    for fragment in ["", "#i-2-1", "#i-3"] {
                        let made = format!("{}{fragment}", from.link_to(to, base));
                        let expected = format!("{}{fragment}", here.link_to(to, base));
                        assert_eq!(
                            here.relink(&made, from, base),
                            expected,
                            "{to:?} from {from:?}, shown on {here:?}"
                        );
                        assert_eq!(relinker.relink(&made), expected);
                    }
                    let folder = from.link_to_path(&to.path(), base);
                    assert_eq!(
                        here.relink(&folder, from, base),
                        here.link_to_path(&to.path(), base),
                        "the folder of {to:?} from {from:?}, shown on {here:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn reserved_names_come_from_the_routes() {
        assert_eq!(
            reserved_names(),
            ["assets", "exceptions", "print", "report", "static"]
        );
        assert_eq!(reserved("print"), Some("each edition's printable report"));
        assert_eq!(reserved("about"), None);
    }

    #[test]
    fn base_paths_and_anchors() {
        assert_eq!(
            base_path("https://www.example.gov.uk/performance/childrens/"),
            "/performance/childrens/"
        );
        assert_eq!(base_path("https://example.org/"), "/");
        assert_eq!(base_path("/"), "/");
        assert_eq!(anchor("6.2a"), "i-6-2a");
    }
}
