//! Free pages, such as the accessibility statement, and the page for an address that is not there.

use super::*;

#[derive(Debug, Serialize)]
pub struct FreePage {
    pub layout: Layout,
    pub title: String,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct NotFoundPage {
    pub layout: Layout,
}

impl Views<'_> {
    pub fn not_found(&self) -> NotFoundPage {
        NotFoundPage {
            layout: self.layout(
                &Route::NotFound,
                "Page not found",
                "The page you asked for is not here.".into(),
                None,
                vec![],
            ),
        }
    }

    pub fn free_page(&self, page: &Page) -> FreePage {
        let here = Route::Page(page.slug.clone());
        FreePage {
            layout: self.layout(&here, &page.title, page.title.clone(), None, vec![]),
            title: page.title.clone(),
            body_html: markdown::to_html(&page.body),
        }
    }
}
