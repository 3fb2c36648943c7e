//! The printable report: the whole edition on one page.

use super::edition::EditionBody;
use super::*;

/// The whole edition on one page: the cover and summary, then every section.
#[derive(Debug, Serialize)]
pub struct PrintPage {
    pub layout: Layout,
    pub edition: EditionBody,
    pub sections: Vec<SectionBody>,
}

impl Views<'_> {
    /// The whole edition on one page, to print as a committee paper.
    /// `cover` is the edition's body as [`Views::edition_body`] made it, and
    /// `sections` are its section bodies as [`Views::section_body`] made them.
    pub fn print(
        &self,
        edition: &Edition,
        cover: &EditionBody,
        sections: &[SectionBody],
    ) -> PrintPage {
        let month = edition.month;
        let here = Route::Print(month);
        let layout = self.layout(
            &here,
            &format!("Performance report, {}", month.long_name()),
            format!(
                "The whole performance report as at {}, for printing",
                month.long_name()
            ),
            Some(month),
            edition_crumbs(month),
        );
        let mut body = cover.seen_from(&here, self.base_url());
        // The page does not link to itself.
        body.print = String::new();
        PrintPage {
            layout,
            edition: body,
            sections: sections
                .iter()
                .map(|s| s.seen_from(&here, self.base_url()))
                .collect(),
        }
    }
}
