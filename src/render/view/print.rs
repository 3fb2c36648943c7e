//! The printable report: the whole edition on one page.

use super::*;

/// The whole edition on one page: the cover and summary, then every section. Its
/// template's context also holds `edition`, the edition's body, as the edition's page
/// has it ([`super::edition::EditionPage`]), its links made from this page.
#[derive(Debug, Serialize)]
pub struct PrintPage {
    pub layout: Layout,
    pub sections: Vec<SectionBody>,
}

impl Views<'_> {
    /// The whole edition on one page, to print as a committee paper.
    /// `sections` are the edition's section bodies as [`Views::section_body`] made
    /// them.
    pub fn print(&self, edition: &Edition, sections: &[SectionBody]) -> PrintPage {
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
        PrintPage {
            layout,
            sections: sections
                .iter()
                .map(|s| s.seen_from(&here, self.base_url()))
                .collect(),
        }
    }
}
