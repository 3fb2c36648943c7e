//! The files for other programs: the Atom feed, the sitemap and robots.txt.

use super::*;

/// The Atom feed of editions, newest first, so readers can subscribe to new reports.
#[derive(Debug, Serialize)]
pub struct Feed {
    pub lang: String,
    pub title: String,
    pub subtitle: String,
    /// The site's address, which is also the feed's id.
    pub site_url: String,
    pub self_url: String,
    pub author: String,
    /// RFC 3339: the newest entry's date.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    /// RFC 3339: the created date, or the month after the edition's month.
    pub published: String,
    /// RFC 3339: the correction date when there is one, else `published`.
    pub updated: String,
    pub summary: String,
    /// The edition's summary narrative as HTML; the template escapes it for Atom.
    pub content_html: String,
}

/// `sitemap.xml`: every page a search engine should know, by its absolute address.
#[derive(Debug, Serialize)]
pub struct Sitemap {
    pub urls: Vec<SitemapUrl>,
}

#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    /// `YYYY-MM-DD`, or empty when a page has no date of its own.
    pub lastmod: String,
}

/// `robots.txt`.
#[derive(Debug, Serialize)]
pub struct Robots {
    pub sitemap: String,
}

impl Views<'_> {
    /// The feed's entry for `edition`, with its `figures`.
    pub fn feed_entry(&self, e: &Edition, figures: &EditionFigures) -> FeedEntry {
        let s = self.settings();
        let published = timestamp(&published_date(e));
        FeedEntry {
            title: format!("Performance report, {}", e.month.long_name()),
            url: Route::Edition(e.month).url(&s.base_url),
            updated: e
                .updated
                .as_deref()
                .map(timestamp)
                .unwrap_or_else(|| published.clone()),
            published,
            summary: format!(
                "As at month end: {}. Status: {}.",
                e.month.long_name(),
                e.status
            ),
            // Feed readers resolve links against the feed's address.
            content_html: markdown::to_html_under(
                &narrative::expand(&e.summary, figures, s),
                &Route::Edition(e.month).url(&s.base_url),
            ),
        }
    }

    /// The feed, with each edition's entry ([`Views::feed_entry`]) in edition order.
    pub fn feed(&self, entries: impl DoubleEndedIterator<Item = FeedEntry>) -> Feed {
        let s = self.settings();
        let entries: Vec<FeedEntry> = entries.rev().collect();
        Feed {
            lang: s.language.clone(),
            title: s.title.clone(),
            subtitle: format!("Monthly performance reports of {}", s.organisation),
            site_url: s.base_url.clone(),
            self_url: Route::Feed.url(&s.base_url),
            author: s.organisation.clone(),
            updated: entries
                .iter()
                .map(|e| e.updated.clone())
                .max()
                .unwrap_or_else(|| timestamp("1970-01-01")),
            entries,
        }
    }

    /// The sitemap of the given pages (output paths ending in `index.html`).
    pub fn sitemap<'p>(&self, pages: impl Iterator<Item = &'p str>) -> Sitemap {
        let s = self.settings();
        let date_of = |month: Month| {
            self.site
                .editions
                .iter()
                .find(|e| e.month == month)
                .map(last_changed)
        };
        let urls = pages
            .map(|path| {
                let dir = path.strip_suffix("index.html").unwrap_or(path);
                let lastmod = match dir.split('/').next().map(str::parse::<Month>) {
                    Some(Ok(month)) => date_of(month),
                    // The home page shows the latest edition.
                    _ if dir.is_empty() => self.site.latest_edition().map(last_changed),
                    _ => None,
                };
                SitemapUrl {
                    loc: Route::File(dir.to_string()).url(&s.base_url),
                    lastmod: lastmod.unwrap_or_default(),
                }
            })
            .collect();
        Sitemap { urls }
    }

    pub fn robots(&self) -> Robots {
        Robots {
            sitemap: Route::Sitemap.url(self.base_url()),
        }
    }
}

/// The date an edition was published: its `created` date when that is a date, else
/// the first day of the month after its month, when it could first have been.
fn published_date(edition: &Edition) -> String {
    match edition.created.as_deref() {
        Some(date) if crate::model::is_date(date) => date.to_string(),
        _ => format!("{}-01", edition.month.next()),
    }
}

/// The date an edition last changed: its correction date, else its publication.
fn last_changed(edition: &Edition) -> String {
    edition
        .updated
        .clone()
        .unwrap_or_else(|| published_date(edition))
}

/// `2016-01-18` as the RFC 3339 time Atom needs. Never the clock: two builds of the
/// same input give the same feed.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}
