//! The printable report: the whole edition on one page.

use super::*;

/// The whole edition on one page: the cover and summary, then every section. Its
/// template's context also holds `edition`, the edition's body, as the edition's page
/// has it ([`super::edition::EditionPage`]), and `sections`, each of the edition's
/// section bodies ([`SectionBody`]), both with their links made from this page: they
/// are turned into the template engine's values before the page is rendered, each
/// section on any core ([`Views::print_section`]).
#[derive(Debug, Serialize)]
pub struct PrintPage {
    pub layout: Layout,
}

impl Views<'_> {
    /// The whole edition on one page, to print as a committee paper.
    pub fn print(&self, edition: &Edition) -> PrintPage {
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
        PrintPage { layout }
    }

    /// The section `section`, one of those of `edition` as [`Views::section_body`]
    /// made them, as the printable report shows it: with its links made from there.
    pub fn print_section(&self, edition: &Edition, section: &SectionBody) -> SectionBody {
        section.seen_from(&Route::Print(edition.month), self.base_url())
    }
}
