//! Statistical process control as the pages show it: the variation and assurance icons, and the XmR chart with its words.

use super::*;
use crate::compute::{Assurance, PointKind, Spc, Variation, Xmr};
use crate::model::Unit;
use chart::{Mark, Scale};

/// The two icons of an analysed indicator, each a shape and words, so neither is told
/// by colour alone; or why it has no analysis.
#[derive(Debug, Clone, Serialize)]
pub struct SpcIcons {
    /// "Common cause", "Concern: special cause, low"; empty without an analysis.
    pub variation: String,
    /// "spc-common", "spc-improvement", "spc-concern" or "spc-neither", for colour.
    pub variation_class: String,
    /// The icon's shape, hidden from screen readers, which read the words: a circle
    /// for common cause, a triangle pointing up for a special cause high, down for low.
    pub variation_shape: String,
    /// "Will consistently pass the target", or "No monthly target".
    pub assurance: String,
    /// "spc-pass", "spc-fail", "spc-hit-and-miss" or "spc-none".
    pub assurance_class: String,
    /// A tick, a cross, or a wave for hit and miss; empty without a target.
    pub assurance_shape: String,
    /// Why there is no analysis, when there is none.
    pub reason: String,
}

/// The SPC part of an indicator's panel.
#[derive(Debug, Clone, Serialize)]
pub struct SpcPanel {
    pub icons: SpcIcons,
    /// "Mean 412; process limits 380 to 444, from the 18 months October 2014 to
    /// March 2016."
    pub summary: String,
    /// Each special cause in words, oldest first: "Mar 2016: 9.8%, concern, outside
    /// the process limits".
    pub signals: Vec<String>,
    pub chart_svg: String,
    pub chart_key: String,
    /// The chart's months, figures and signals, for its data table.
    pub rows: Vec<SpcRow>,
}

/// One month of the XmR chart's data table.
#[derive(Debug, Clone, Serialize)]
pub struct SpcRow {
    pub month: String,
    pub value: String,
    /// "Concern: part of a shift", or empty.
    pub signal: String,
}

/// One count of the overview's SPC group: "3" indicators "Concern".
#[derive(Debug, Clone, Serialize)]
pub struct SpcTally {
    pub count: String,
    pub label: String,
    /// The icon's class and shape, as [`SpcIcons`] has them.
    pub class: String,
    pub shape: String,
}

impl Views<'_> {
    /// The overview's counts by variation and assurance, only where some indicator
    /// has SPC; the kinds no indicator has are left out.
    pub fn spc_tallies(&self, figures: &EditionFigures) -> Vec<SpcTally> {
        let c = &figures.counts.spc;
        let tally = |count: usize, label: &str, class: &str, shape: &str| SpcTally {
            count: count.to_string(),
            label: label.into(),
            class: class.into(),
            shape: shape.into(),
        };
        [
            tally(c.common_cause, "Common cause", "spc-common", "○"),
            tally(
                c.improvement,
                "Improving (special cause)",
                "spc-improvement",
                "▲",
            ),
            tally(c.concern, "Concern (special cause)", "spc-concern", "▼"),
            tally(
                c.neither,
                "Special cause, neither better nor worse",
                "spc-neither",
                "△",
            ),
            tally(c.pass, "Will consistently pass the target", "spc-pass", "✓"),
            tally(c.fail, "Will consistently fail the target", "spc-fail", "✗"),
            tally(
                c.hit_and_miss,
                "Hit and miss against the target",
                "spc-hit-and-miss",
                "≈",
            ),
            tally(c.too_few, "Too few months to analyse", "spc-none", ""),
        ]
        .into_iter()
        .filter(|t| t.count != "0")
        .collect()
    }

    /// The icons of an indicator, if the site or its definition asks for SPC.
    pub fn spc_icons(&self, shown: &IndicatorFigures) -> Option<SpcIcons> {
        let spc = shown.spc.as_ref()?;
        let Some(x) = spc.xmr() else {
            return Some(SpcIcons {
                variation: String::new(),
                variation_class: "spc-none".into(),
                variation_shape: String::new(),
                assurance: String::new(),
                assurance_class: "spc-none".into(),
                assurance_shape: String::new(),
                reason: spc.reason().unwrap_or_default(),
            });
        };
        let (class, shape) = match x.variation {
            Variation::CommonCause => ("spc-common", "○"),
            Variation::ImprovementHigh => ("spc-improvement", "▲"),
            Variation::ImprovementLow => ("spc-improvement", "▼"),
            Variation::ConcernHigh => ("spc-concern", "▲"),
            Variation::ConcernLow => ("spc-concern", "▼"),
            Variation::NeitherHigh => ("spc-neither", "▲"),
            Variation::NeitherLow => ("spc-neither", "▼"),
        };
        let (assurance, assurance_class, assurance_shape) = match x.assurance {
            Some(a @ Assurance::Pass) => (a.words(), "spc-pass", "✓"),
            Some(a @ Assurance::Fail) => (a.words(), "spc-fail", "✗"),
            Some(a @ Assurance::HitAndMiss) => (a.words(), "spc-hit-and-miss", "≈"),
            None => ("No monthly target to assure", "spc-none", ""),
        };
        Some(SpcIcons {
            variation: x.variation.words().into(),
            variation_class: class.into(),
            variation_shape: shape.into(),
            assurance: assurance.into(),
            assurance_class: assurance_class.into(),
            assurance_shape: assurance_shape.into(),
            reason: String::new(),
        })
    }

    /// The SPC part of an indicator's panel: the icons, the figures in words and the
    /// XmR chart.
    pub fn spc_panel(&self, shown: &IndicatorFigures) -> Option<SpcPanel> {
        let icons = self.spc_icons(shown)?;
        let i = shown.indicator;
        let Some(Spc::Analysed(x)) = &shown.spc else {
            return Some(SpcPanel {
                icons,
                summary: String::new(),
                signals: Vec::new(),
                chart_svg: String::new(),
                chart_key: String::new(),
                rows: Vec::new(),
            });
        };
        let signal = |kind: PointKind, rules: Vec<&str>| {
            let kind = match kind {
                PointKind::Improvement => "improvement",
                PointKind::Concern => "concern",
                PointKind::Neither | PointKind::Common => "special cause",
            };
            format!("{}: {}", section::upper_first(kind), rules.join(", "))
        };
        let signals: Vec<String> = x
            .special_causes()
            .map(|p| {
                format!(
                    "{}: {}, {}",
                    p.month.short_name(),
                    i.format(p.value),
                    signal(p.kind, p.signals.words()).to_lowercase()
                )
            })
            .collect();
        let rows = x
            .points
            .iter()
            .map(|p| SpcRow {
                month: p.month.short_name(),
                value: i.format(p.value),
                signal: if p.signals.any() {
                    signal(p.kind, p.signals.words())
                } else {
                    String::new()
                },
            })
            .collect();
        let (chart, marks) = self.xmr_chart(shown, x, &icons, &signals);
        Some(SpcPanel {
            icons,
            summary: limits_words(i, x),
            signals,
            chart_svg: chart::xmr_svg(&chart, &marks),
            chart_key: chart::xmr_key(&chart, &marks),
            rows,
        })
    }

    /// The XmR chart: every month analysed, the mean and the process limits, the
    /// target in force in the edition's month, and each special cause marked.
    fn xmr_chart(
        &self,
        shown: &IndicatorFigures,
        x: &Xmr,
        icons: &SpcIcons,
        signals: &[String],
    ) -> (Chart, Vec<Option<Mark>>) {
        let i = shown.indicator;
        let target = shown.trend_targets.last().copied().flatten();
        let band = target.map(|t| section::target_band(i, t));
        let mut description = format!(
            "XmR chart of {} by month, {} to {}. {}",
            i.short,
            x.points
                .first()
                .map(|p| p.month.long_name())
                .unwrap_or_default(),
            x.points
                .last()
                .map(|p| p.month.long_name())
                .unwrap_or_default(),
            limits_words(i, x)
        );
        if let Some(band) = &band {
            description.push_str(&format!(" {}, shown as a dashed line.", band.label));
        }
        if signals.is_empty() {
            description
                .push_str(" No special causes: every month is within common-cause variation.");
        } else {
            description.push_str(&format!(" Special causes: {}.", signals.join("; ")));
        }
        let reference = |label: String, value: f64, stroke| Reference {
            label,
            value,
            stroke,
        };
        let chart = Chart {
            id: format!("spc-{}", anchor(&i.id)),
            title: format!(
                "{}: {}; {}",
                i.short,
                icons.variation.to_lowercase(),
                icons.assurance.to_lowercase()
            ),
            description,
            x_labels: x.points.iter().map(|p| p.month.axis_name()).collect(),
            y_title: i.unit.axis_title(),
            y_suffix: i.unit.affixes().1,
            y_prefix: i.unit.affixes().0,
            scale: if i.unit == Unit::Percentage {
                Scale::Percentage
            } else {
                Scale::FromZero
            },
            colour: self
                .settings()
                .brand
                .colour
                .map(|c| (c.red, c.green, c.blue)),
            line: Line {
                label: "Monthly figure".into(),
                values: x.points.iter().map(|p| Some(p.value)).collect(),
            },
            secondary: None,
            targets: vec![band; x.points.len()],
            references: vec![
                reference(format!("Mean {}", i.format(x.mean)), x.mean, Stroke::Solid),
                reference(
                    format!("Upper process limit {}", i.format(x.upper)),
                    x.upper,
                    Stroke::Dotted,
                ),
                reference(
                    format!("Lower process limit {}", i.format(x.lower)),
                    x.lower,
                    Stroke::Dotted,
                ),
            ],
        };
        let marks = x
            .points
            .iter()
            .map(|p| match p.kind {
                PointKind::Common => None,
                PointKind::Improvement => Some(Mark::Improvement),
                PointKind::Concern => Some(Mark::Concern),
                PointKind::Neither => Some(Mark::Neither),
            })
            .collect();
        (chart, marks)
    }
}

/// "Mean 412; process limits 380 to 444, from the 18 months October 2014 to March 2016."
fn limits_words(i: &Indicator, x: &Xmr) -> String {
    let held = if x.fixed {
        ", held for the months after"
    } else {
        ""
    };
    format!(
        "Mean {}; process limits {} to {}, from the {} months {} to {}{held}.",
        i.format(x.mean),
        i.format(x.lower),
        i.format(x.upper),
        x.baseline_points,
        x.baseline.0.long_name(),
        x.baseline.1.long_name()
    )
}
