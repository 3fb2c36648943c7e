//! The exceptions page: what a reader must not miss in an edition.

use super::*;

#[derive(Debug, Serialize)]
pub struct ExceptionGroup {
    pub heading: String,
    pub items: Vec<ExceptionItem>,
}

#[derive(Debug, Serialize)]
pub struct ExceptionItem {
    pub number: String,
    pub title: String,
    pub href: String,
    pub section: String,
    pub value: String,
    pub dot: DotView,
    pub rag: RagView,
    /// A qualitative measure's judgement for the month, shown in place of its value,
    /// rating and direction, which it has none of; none for a measured indicator.
    pub judgement: Option<JudgementView>,
    /// The worst member of its breakdown, "Worst: West 62.1%", or empty.
    pub worst: String,
}

#[derive(Debug, Serialize)]
pub struct ExceptionsPage {
    pub layout: Layout,
    pub edition_label: String,
    /// Whether the edition shows a qualitative measure, whose negative judgements
    /// have a group of their own (shown only then, as the SPC groups are).
    pub judged: bool,
    pub groups: Vec<ExceptionGroup>,
}

impl Views<'_> {
    pub fn exceptions(&self, edition: &Edition, figures: &EditionFigures) -> ExceptionsPage {
        let month = edition.month;
        let found = &figures.exceptions;
        let section_title = |id: &str| {
            self.sections
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.title.clone())
                .unwrap_or_default()
        };
        let here = Route::Exceptions(month);
        let judged = figures.judges();
        ExceptionsPage {
            layout: self.layout(
                &here,
                &format!("Exceptions, {}", month.long_name()),
                format!(
                    "Red ratings, declines and missing figures as at {}",
                    month.long_name()
                ),
                None,
                edition_crumbs(month),
            ),
            edition_label: format!("As at month end: {}", month.long_name()),
            judged,
            // The SPC groups are shown only on a site that uses SPC, and negative
            // judgements only in an edition with qualitative measures.
            groups: compute::ExceptionKind::ALL
                .iter()
                .filter(|kind| match kind {
                    compute::ExceptionKind::SpecialCauseConcern
                    | compute::ExceptionKind::ConsistentlyFail => {
                        figures.indicators.iter().any(|i| i.spc.is_some())
                    }
                    compute::ExceptionKind::JudgedNegative => judged,
                    _ => true,
                })
                .map(|kind| ExceptionGroup {
                    heading: kind.heading().into(),
                    items: found
                        .iter()
                        .filter(|(k, _)| k == kind)
                        .map(|(_, k)| {
                            let shown = &figures.indicators[*k];
                            let (i, f) = (shown.indicator, &shown.figures);
                            ExceptionItem {
                                number: i.number_in(month).to_string(),
                                title: i.title.clone(),
                                href: format!(
                                    "{}#{}",
                                    self.link(&here, &Route::Section(month, i.section.clone())),
                                    anchor(&i.id)
                                ),
                                section: section_title(&i.section),
                                value: fmt(i, f.value),
                                dot: self.dot(f),
                                rag: self.rag(f),
                                judgement: i
                                    .is_qualitative()
                                    .then(|| JudgementView::of(f.judgement)),
                                worst: self.worst_member(shown),
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
