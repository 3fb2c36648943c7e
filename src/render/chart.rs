//! Trend charts and sparklines: a plain chart description in, an accessible SVG string out.
//!
//! This is the only module that knows about plotters. It is built without font
//! support, so text widths are estimated, output does not depend on the fonts a
//! machine has, and the browser draws the text with the page's own font. plotters lays
//! a chart out (its plot area, coordinates and axes) and draws onto `canvas.rs`, our
//! own backend, which writes the chart's SVG compactly as it goes.

use crate::model::decimal;
use plotters::coord::Shift;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod canvas;
mod small_multiples;
use canvas::{Canvas, Verbatim};
pub use small_multiples::{SmallMultiples, small_multiples_key, small_multiples_svg};

/// How a line is drawn, so that series are told apart without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    Dotted,
}

/// A data series: one value per slot on the x axis, `None` for a missing month.
#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// A horizontal reference line across the whole chart, such as a benchmark.
#[derive(Debug, Clone)]
pub struct Reference {
    pub label: String,
    pub value: f64,
    pub stroke: Stroke,
}

/// What a target draws in one month: its line or lines, and its amber band.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetBand {
    /// Words for the key: "Target 86%", "Range 14 to 20".
    pub label: String,
    /// The target's lines: a threshold, a band's centre, or a range's two ends.
    pub lines: Vec<f64>,
    /// Words for the amber band in the key: "Amber 83% to 86%".
    pub amber_label: String,
    /// The amber bands, each `(low, high)`: between the target and its tolerance.
    pub amber: Vec<(f64, f64)>,
}

/// The rule that sets the y axis, stated in docs/charts.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// From zero (or the lowest figure, if below zero) to a round number above the
    /// highest figure, target or band.
    FromZero,
    /// As `FromZero`, but never above 100% unless a figure is.
    Percentage,
}

/// Everything needed to draw one chart, already in words and numbers.
#[derive(Debug, Clone)]
pub struct Chart {
    /// A unique id within the page, for `aria-labelledby`.
    pub id: String,
    /// The chart's message, read first by screen readers.
    pub title: String,
    /// A summary of the series: latest value, change, target, benchmark.
    pub description: String,
    pub x_labels: Vec<String>,
    /// The y axis's title, with the unit: "Percentage (%)", "Count", "Days".
    pub y_title: String,
    /// Written after the numbers of the y axis: `%` for percentages.
    pub y_suffix: String,
    /// Written before the numbers of the y axis: `£` for money.
    pub y_prefix: String,
    pub scale: Scale,
    /// The series' colour as red, green and blue, or `None` for the default blue. It
    /// must have 3:1 contrast with white (WCAG 1.4.11); the brand colour has 4.5:1.
    pub colour: Option<(u8, u8, u8)>,
    /// The line the rating judges: the months, or the year to date.
    pub line: Line,
    /// A thinner grey line behind it: the monthly figures when `line` is the year to
    /// date.
    pub secondary: Option<Line>,
    /// The target in force in each slot, `None` where none applied.
    pub targets: Vec<Option<TargetBand>>,
    pub references: Vec<Reference>,
}

/// The chart's size in SVG units. Drawn narrow enough that its text stays legible
/// when the chart shrinks to a phone's width: text 17.6 units high is 11.6 px at a
/// 343 px column, and 18 px at the widest the stylesheet lets a chart grow.
const WIDTH: u32 = 520;
const HEIGHT: u32 = 320;
/// Room above the plot for the y axis's title.
const MARGIN_TOP: u32 = 36;
const MARGIN_RIGHT: u32 = 14;
const X_LABEL_AREA: u32 = 34;
const Y_LABEL_AREA: u32 = 62;
const MARGIN_BOTTOM: u32 = 4;
/// Plotters writes text at 0.8 of the size asked, so 22 gives text 17.6 units high.
const FONT_SIZE: f64 = 22.0;
/// The least room between two month labels' centres, in SVG units: "Sep 15" is about
/// 58 units wide.
const X_LABEL_ROOM: i32 = 70;
/// Dark enough for 3:1 contrast against white for lines and marks (WCAG 1.4.11).
const LINE: RGBColor = RGBColor(0x1d, 0x4f, 0x91);
/// The monthly figures behind a year-to-date line: 4.5:1 against white.
const SECONDARY: RGBColor = RGBColor(0x6f, 0x6f, 0x6f);
const REFERENCE: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
const AXIS: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
/// The amber band's fill: light, so the lines over it keep their contrast; the band's
/// meaning is told in words by the key and the description, never by colour alone.
const AMBER_FILL: &str = "#FBE3A1";

/// The chart's coordinates: slots along x, the figure's value up y, with the y axis's
/// numbers worked out here (see [`ticks`]) rather than by plotters.
type Plot<'a, 'b> = ChartContext<'a, Canvas<'b>, Cartesian2d<RangedCoordf64, YAxis>>;

/// The most numbers on the y axis.
const Y_TICKS: usize = 6;

/// The largest size of figure a chart draws: a figure beyond it is drawn at the edge
/// of that range. The loader refuses figures anywhere near so large (see
/// docs/format.md), so this only keeps every coordinate finite whatever a chart is
/// given: plotters' own choice of axis numbers never ends on an infinite range.
const LARGEST: f64 = 1e15;

type DrawResult<T> = Result<T, DrawingAreaErrorKind<canvas::Failure>>;

/// The font of every text in a chart, which its `<svg>` element states once.
const FONT: (&str, f64) = ("sans-serif", FONT_SIZE);

/// Draws the chart as an SVG document fragment ready to place inline in a page.
///
/// plotters draws dashes as one element each, which made a dashed target line most
/// of a page's weight, and has no dash pattern. So plotters draws the grid and axes,
/// then the amber bands, target lines and reference lines are written as plain SVG
/// elements ([`Verbatim`]), and plotters draws the figures' lines over them, all
/// onto one [`Canvas`], which writes the SVG.
pub fn svg(chart: &Chart) -> String {
    svg_marked(chart, &[])
}

/// A special-cause point of an XmR chart, marked by its shape as well as its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A square.
    Improvement,
    /// A diamond.
    Concern,
    /// A triangle: a special cause in a measure with no better direction.
    Neither,
}

impl Mark {
    /// The mark's colour, each with at least 4.5:1 contrast against white.
    fn colour(self) -> &'static str {
        match self {
            Mark::Improvement => "#005EB8",
            Mark::Concern => "#B45F06",
            Mark::Neither => "#6B2C91",
        }
    }

    fn key(self) -> (&'static str, &'static str) {
        match self {
            Mark::Improvement => ("key-improvement", "Special cause, improvement (square)"),
            Mark::Concern => ("key-concern", "Special cause, concern (diamond)"),
            Mark::Neither => (
                "key-neither",
                "Special cause, neither better nor worse (triangle)",
            ),
        }
    }
}

/// An XmR chart: the chart as [`svg`] draws it, with the mean and the process limits
/// as its reference lines, and each month's special cause in `marks` (one a slot)
/// drawn over its point.
pub fn xmr_svg(chart: &Chart, marks: &[Option<Mark>]) -> String {
    svg_marked(chart, marks)
}

/// The key of an XmR chart: the chart's key, with the shape of each kind of special
/// cause it marks.
pub fn xmr_key(chart: &Chart, marks: &[Option<Mark>]) -> String {
    let mut html = key(chart);
    html.truncate(html.len() - "</ul>".len());
    for mark in [Mark::Improvement, Mark::Concern, Mark::Neither] {
        if marks.contains(&Some(mark)) {
            let (class, label) = mark.key();
            html.push_str(&format!(
                "<li><span class=\"key-swatch {class}\" aria-hidden=\"true\"></span>{label}</li>"
            ));
        }
    }
    html.push_str("</ul>");
    html
}

fn svg_marked(chart: &Chart, marks: &[Option<Mark>]) -> String {
    let chart = &bounded(chart);
    let words = Words {
        id: &chart.id,
        title: &chart.title,
        description: &chart.description,
    };
    let mut out = String::with_capacity(3072);
    open(&mut out, &words, (WIDTH, HEIGHT));
    // Drawing into a String cannot fail for IO reasons; a failure here means a bug in
    // the description (no slots), which we turn into an empty chart with its text.
    let _ = draw(chart, marks, &mut out);
    out.push_str("</svg>\n");
    out
}

/// Draws the chart into `out`: the grid, axes and their words, then the amber bands,
/// target lines and reference lines, then the figures' lines and any special causes.
fn draw(chart: &Chart, marks: &[Option<Mark>], out: &mut String) -> DrawResult<()> {
    let root = Canvas::new(out, (WIDTH, HEIGHT), FONT).into_drawing_area();
    root.fill(&WHITE)?;
    let mut cx = plot(chart, &root)?;
    let between = draw_under(chart, &root, &mut cx)?;
    root.draw(&Verbatim(&between))?;
    let marked = draw_over(chart, marks, &mut cx)?;
    root.draw(&Verbatim(&marked))?;
    root.present()?;
    Ok(())
}

/// The chart's key as HTML, to place under it: a swatch and words for each line and
/// band, so no line is told apart by colour alone and the words reflow on a phone.
pub fn key(chart: &Chart) -> String {
    let mut items: Vec<(&str, String)> = vec![("key-line", chart.line.label.clone())];
    if let Some(secondary) = &chart.secondary {
        items.push(("key-secondary", secondary.label.clone()));
    }
    let mut seen: Vec<&TargetBand> = Vec::new();
    for band in chart.targets.iter().flatten() {
        if seen.contains(&band) {
            continue;
        }
        seen.push(band);
        items.push(("key-target", band.label.clone()));
        if !band.amber.is_empty() {
            items.push(("key-amber", band.amber_label.clone()));
        }
    }
    for r in &chart.references {
        let class = match r.stroke {
            Stroke::Solid => "key-solid",
            Stroke::Dashed => "key-target",
            Stroke::Dotted => "key-reference",
        };
        items.push((class, r.label.clone()));
    }
    let mut html = String::from("<ul class=\"chart-key\">");
    for (class, label) in items.iter().filter(|(_, l)| !l.is_empty()) {
        html.push_str(&format!(
            "<li><span class=\"key-swatch {class}\" aria-hidden=\"true\"></span>{}</li>",
            escape(label)
        ));
    }
    html.push_str("</ul>");
    html
}

/// The plot area, placed the same way on both layers so that their coordinates agree.
/// Each month is a slot one unit wide, centred on its index, so a single month sits in
/// the middle and a target drawn for a month covers the whole of its slot.
fn plot<'a, 'b>(
    chart: &Chart,
    root: &'a DrawingArea<Canvas<'b>, Shift>,
) -> DrawResult<Plot<'a, 'b>> {
    let slots = chart.x_labels.len().max(1);
    let (low, high) = y_range(chart);
    let y_axis = YAxis {
        linear: (low..high).into(),
        ticks: ticks(low, high, Y_TICKS),
    };
    ChartBuilder::on(root)
        .margin_top(MARGIN_TOP)
        .margin_left(8)
        .margin_right(MARGIN_RIGHT)
        .margin_bottom(MARGIN_BOTTOM)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(-0.5..slots as f64 - 0.5, y_axis)
}

/// The y axis: plotters' linear axis, with its numbers given rather than searched for.
struct YAxis {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for YAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    /// The numbers for the bold grid lines; there are no light ones.
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}

/// Draws the background, grid, axes, the y axis's title and the month labels, and
/// returns the amber bands, target lines and reference lines as SVG elements to lay
/// over them.
fn draw_under(
    chart: &Chart,
    root: &DrawingArea<Canvas, Shift>,
    cx: &mut Plot,
) -> DrawResult<String> {
    let font = FONT;
    let (first, last, low) = (cx.x_range().start, cx.x_range().end, cx.y_range().start);
    let (prefix, suffix) = (chart.y_prefix.as_str(), chart.y_suffix.as_str());
    cx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xe6, 0xe6, 0xe6))
        .axis_style(AXIS)
        .x_labels(0)
        .y_labels(Y_TICKS)
        .y_label_formatter(&|y| format!("{prefix}{}{suffix}", axis_number(*y)))
        .label_style(font.into_font().color(&AXIS))
        .draw()?;
    // The axis title sits above the axis, read before the numbers, as the ONS and the
    // Analysis Function's guidance place it, rather than turned on its side.
    root.draw(&Text::new(
        chart.y_title.as_str(),
        (8, MARGIN_TOP as i32 / 2),
        font.into_font()
            .color(&AXIS)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    // Label as many months as fit, counted back from the edition month so that the
    // latest month is always labelled. They are drawn here rather than by plotters,
    // which may show fewer labels than asked and not the ones wanted.
    let labels = &chart.x_labels;
    let slot_width = (cx.backend_coord(&(1.0, low)).0 - cx.backend_coord(&(0.0, low)).0).max(1);
    let step = ((X_LABEL_ROOM + slot_width - 1) / slot_width).max(1) as usize;
    for k in (0..labels.len()).rev().step_by(step) {
        let (x, y) = cx.backend_coord(&(k as f64, low));
        root.draw(&PathElement::new([(x, y), (x, y + 5)], AXIS))?;
        root.draw(&Text::new(
            labels[k].as_str(),
            (x, y + 9),
            font.into_font()
                .color(&AXIS)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    let mut between = String::new();
    let at = |x: f64, y: f64| cx.backend_coord(&(x, y));
    let stroke = |style: Stroke| match style {
        Stroke::Solid => "",
        Stroke::Dashed => " stroke-dasharray=\"8 5\"",
        Stroke::Dotted => " stroke-dasharray=\"2 4\"",
    };
    // Amber bands first, so every line is drawn over them.
    let runs = runs(&chart.targets);
    for (from, to, band) in &runs {
        for &(bottom, top) in &band.amber {
            let (x1, y1) = at(*from as f64 - 0.5, top);
            let (x2, y2) = at(*to as f64 + 0.5, bottom);
            between.push_str(&format!(
                "<rect class=\"amber\" x=\"{x1}\" y=\"{y1}\" width=\"{}\" height=\"{}\" fill=\"{AMBER_FILL}\"/>\n",
                x2 - x1,
                (y2 - y1).max(1)
            ));
        }
    }
    // The target and reference lines share their colour and width, said once.
    let mut lines = String::new();
    for (from, to, band) in &runs {
        for &value in &band.lines {
            let (x1, y) = at(*from as f64 - 0.5, value);
            let (x2, _) = at(*to as f64 + 0.5, value);
            lines.push_str(&format!(
                "<line class=\"target\" x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\"{}/>",
                stroke(Stroke::Dashed)
            ));
        }
    }
    for reference in &chart.references {
        let (x1, y) = at(first, reference.value);
        let (x2, _) = at(last, reference.value);
        lines.push_str(&format!(
            "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\"{}/>",
            stroke(reference.stroke)
        ));
    }
    if !lines.is_empty() {
        let RGBColor(r, g, b) = REFERENCE;
        between.push_str(&format!(
            "<g stroke=\"#{r:02X}{g:02X}{b:02X}\" stroke-width=\"2\">{lines}</g>\n"
        ));
    }
    Ok(between)
}

/// The runs of consecutive slots with the same target: `(first, last, band)`.
fn runs(targets: &[Option<TargetBand>]) -> Vec<(usize, usize, &TargetBand)> {
    let mut out: Vec<(usize, usize, &TargetBand)> = Vec::new();
    for (k, band) in targets.iter().enumerate() {
        let Some(band) = band else { continue };
        match out.last_mut() {
            Some((_, to, last)) if *to + 1 == k && *last == band => *to = k,
            _ => out.push((k, k, band)),
        }
    }
    out
}

/// Draws the figures' lines with their points: the secondary line first, thin and
/// grey, then the line the rating judges over it.
fn draw_over(chart: &Chart, marks: &[Option<Mark>], cx: &mut Plot) -> DrawResult<String> {
    let line = chart.colour.map_or(LINE, |(r, g, b)| RGBColor(r, g, b));
    if let Some(secondary) = &chart.secondary {
        let style = ShapeStyle::from(&SECONDARY).stroke_width(2);
        for segment in segments(&secondary.values) {
            cx.draw_series(LineSeries::new(segment.iter().copied(), style))?;
            cx.draw_series(
                segment
                    .iter()
                    .map(|&p| Circle::new(p, 3, SECONDARY.filled())),
            )?;
        }
    }
    let style = ShapeStyle::from(&line).stroke_width(3);
    for segment in segments(&chart.line.values) {
        cx.draw_series(LineSeries::new(segment.iter().copied(), style))?;
        cx.draw_series(segment.iter().map(|&p| Circle::new(p, 4, line.filled())))?;
    }
    // Special causes are drawn over the line as plain SVG shapes, each outlined in
    // white so it stands apart from the line it sits on.
    let mut marked = String::new();
    for (k, mark) in marks.iter().enumerate() {
        let (Some(mark), Some(Some(value))) = (mark, chart.line.values.get(k)) else {
            continue;
        };
        let (x, y) = cx.backend_coord(&(k as f64, *value));
        let fill = mark.colour();
        let shape = match mark {
            Mark::Improvement => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\"",
                x - 7,
                y - 7
            ),
            Mark::Concern => format!(
                "<polygon points=\"{x},{} {},{y} {x},{} {},{y}\"",
                y - 10,
                x + 10,
                y + 10,
                x - 10
            ),
            Mark::Neither => format!(
                "<polygon points=\"{x},{} {},{} {},{}\"",
                y - 10,
                x + 9,
                y + 7,
                x - 9,
                y + 7
            ),
        };
        marked.push_str(&format!(
            "{shape} class=\"special-cause\" fill=\"{fill}\" stroke=\"#FFFFFF\" stroke-width=\"2\"/>\n"
        ));
    }
    Ok(marked)
}

/// A y axis number: as few decimals as the tick needs, with thousands separated as
/// every other figure is.
fn axis_number(value: f64) -> String {
    let decimals = if (value - value.round()).abs() < 1e-9 {
        0
    } else if (value * 10.0 - (value * 10.0).round()).abs() < 1e-9 {
        1
    } else {
        2
    };
    crate::model::Unit::Count.format(value, decimals)
}

/// The y axis range, by the rule in docs/charts.md: from zero, or from the lowest
/// figure with a little room when one is below zero, to a round number above every
/// figure, target line, amber band and reference line; for a percentage never above
/// 100% unless a figure is. Starting from zero keeps a change in proportion: 403 to
/// 423 reads as the 5% rise it is, not as a spike.
fn y_range(chart: &Chart) -> (f64, f64) {
    let bands = chart.targets.iter().flatten();
    let values = chart
        .line
        .values
        .iter()
        .chain(chart.secondary.iter().flat_map(|l| &l.values))
        .flatten()
        .copied()
        .chain(chart.references.iter().map(|r| r.value))
        .chain(bands.clone().flat_map(|b| b.lines.iter().copied()))
        .chain(bands.flat_map(|b| b.amber.iter().flat_map(|&(l, h)| [l, h])));
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !min.is_finite() {
        return (
            0.0,
            if chart.scale == Scale::Percentage {
                100.0
            } else {
                1.0
            },
        );
    }
    let span = (max - min.min(0.0)).max(max.abs() * 0.1).max(1.0);
    let low = if min >= 0.0 { 0.0 } else { min - span * 0.1 };
    let mut high = if max > 0.0 {
        max + span * 0.08
    } else {
        span * 0.1
    };
    // A round top: the next number of the axis's step above the highest figure.
    if let [a, b, ..] = ticks(low, high, Y_TICKS)[..] {
        let step = b - a;
        high = ((high / step).ceil() * step).max(high);
    }
    if chart.scale == Scale::Percentage && max <= 100.0 && high > 100.0 {
        high = 100.0;
    }
    (low, high)
}

/// The chart with every figure finite and within [`LARGEST`]: a figure that is not a
/// number is left out, as a missing month is.
fn bounded(chart: &Chart) -> Chart {
    let within = |v: f64| (!v.is_nan()).then(|| v.clamp(-LARGEST, LARGEST));
    let mut chart = chart.clone();
    let lines = std::iter::once(&mut chart.line).chain(chart.secondary.as_mut());
    for v in lines.flat_map(|l| &mut l.values) {
        *v = v.and_then(within);
    }
    let clamp = |v: f64| v.clamp(-LARGEST, LARGEST);
    for band in chart.targets.iter_mut().flatten() {
        band.lines.retain(|v| !v.is_nan());
        band.amber.retain(|(l, h)| !(l.is_nan() || h.is_nan()));
        band.lines.iter_mut().for_each(|v| *v = clamp(*v));
        band.amber
            .iter_mut()
            .for_each(|(l, h)| (*l, *h) = (clamp(*l), clamp(*h)));
    }
    chart.references.retain(|r| !r.value.is_nan());
    for r in &mut chart.references {
        r.value = r.value.clamp(-LARGEST, LARGEST);
    }
    chart
}

/// The numbers on the y axis: at most `most` round numbers (1, 2 or 5 times a power
/// of ten apart) between `low` and `high`. The step is worked out, not searched for,
/// so a range of any size takes a handful of steps; plotters' own search loops
/// forever on a range too large for floating point.
fn ticks(low: f64, high: f64, most: usize) -> Vec<f64> {
    let span = high - low;
    if !(span.is_finite() && span > 0.0 && most > 1) {
        return if low.is_finite() { vec![low] } else { vec![] };
    }
    // A step of `base` gives at least `most` numbers, and one 100 times larger at most
    // most / 10 + 1, so one of these fits.
    let base = 10f64.powf((span / most as f64).log10().floor());
    for factor in [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0] {
        let step = base * factor;
        let (first, last) = ((low / step).ceil(), (high / step).floor());
        let count = last - first + 1.0;
        if count <= most as f64 {
            return (0..count.max(0.0) as usize)
                .map(|k| (first + k as f64) * step)
                .collect();
        }
    }
    vec![low, high]
}

/// Splits a series at missing months, so the chart shows a gap rather than a line
/// drawn across months with no figure.
fn segments(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((i as f64, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The part of a chart's SVG, as [`svg`] made it, that was drawn: shapes and text
/// after the `<title>` and `<desc>`, with no link and no id, so the link checker need
/// not read it. It is most of the chart.
pub(crate) fn drawing(svg: &str) -> &str {
    const DESC_END: &str = "</desc>";
    // The title and description are escaped, so neither holds `</desc>`.
    let start = svg
        .find(DESC_END)
        .map_or(svg.len(), |at| at + DESC_END.len());
    let end = svg
        .rfind("</svg>")
        .filter(|&end| end >= start)
        .unwrap_or(start);
    &svg[start..end]
}

/// What a chart says of itself: its id in the page, its title and its description.
struct Words<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
}

/// Opens a chart's SVG, responsive and accessible: a `viewBox` in place of a fixed
/// size, `role="img"`, the font every text in it shares, and a `<title>` and `<desc>`
/// that screen readers announce: the title as the chart's name, the description after
/// it. The drawing and `</svg>` follow.
fn open(out: &mut String, words: &Words, (width, height): (u32, u32)) {
    let id = escape(words.id);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" class=\"chart\"{}>\
         <title id=\"{id}-title\">",
        Canvas::font(FONT)
    ));
    push_escaped(out, words.title);
    out.push_str(&format!("</title><desc id=\"{id}-desc\">"));
    push_escaped(out, words.description);
    out.push_str("</desc>");
}

/// A sparkline: a small line of the figures, for a summary row, whose name says
/// what it shows in words: "Trend Apr 2015 to Dec 2015: 403 to 423, highest 430".
///
/// `name` says which figures it plots ("Trend" for the months, "Year to date"),
/// `months` names the first and last month shown; `format` writes a figure as the
/// indicator shows it. A sparkline shows the shape of the year, not its size: its
/// scale runs from its lowest to its highest figure, which its name states in words,
/// because from zero a year of 403 to 430 would be a flat line 24 units high, and
/// the row beside it gives the figures. Missing months are gaps.
pub fn sparkline(
    name: &str,
    months: (&str, &str),
    values: &[Option<f64>],
    format: &dyn Fn(f64) -> String,
) -> String {
    const W: f64 = 96.0;
    const H: f64 = 24.0;
    const PAD: f64 = 3.0;
    let values: Vec<Option<f64>> = values.iter().map(|v| v.filter(|v| v.is_finite())).collect();
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let text = match (present.first(), present.last()) {
        (Some(first), Some(last)) if present.len() > 1 => {
            let highest = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lowest = present.iter().copied().fold(f64::INFINITY, f64::min);
            format!(
                "{name} {} to {}: {} to {}, highest {}, lowest {}",
                months.0,
                months.1,
                format(*first),
                format(*last),
                format(highest),
                format(lowest)
            )
        }
        (Some(only), _) => format!(
            "{name} {} to {}: {} only",
            months.0,
            months.1,
            format(*only)
        ),
        _ => format!("{name} {} to {}: no figures", months.0, months.1),
    };
    let low = present.iter().copied().fold(f64::INFINITY, f64::min);
    let high = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // A flat year is drawn across the middle.
    let (low, span) = if high > low {
        (low, high - low)
    } else {
        (low - 1.0, 2.0)
    };
    let slots = values.len().max(2) - 1;
    let x = |k: usize| PAD + (W - 2.0 * PAD) * k as f64 / slots as f64;
    let y = |v: f64| H - PAD - (H - 2.0 * PAD) * (v - low) / span;
    // The edition page draws one sparkline a measure: its points are written into one
    // buffer rather than formatted one by one.
    let mut path = String::with_capacity(values.len() * 12);
    for segment in segments(&values) {
        for (n, (k, v)) in segment.iter().enumerate() {
            path.push(if n == 0 { 'M' } else { 'L' });
            decimal::push_fixed(&mut path, x(*k as usize), 1);
            path.push(' ');
            decimal::push_fixed(&mut path, y(*v), 1);
        }
    }
    let last = values
        .iter()
        .enumerate()
        .rev()
        .find_map(|(k, v)| v.map(|v| (x(k), y(v))));
    let dot = last
        .map(|(cx, cy)| {
            let (cx, cy) = (decimal::fixed(cx, 1), decimal::fixed(cy, 1));
            format!("<circle cx=\"{cx}\" cy=\"{cy}\" r=\"2.5\" fill=\"currentColor\"/>")
        })
        .unwrap_or_default();
    let text = escape(&text);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" viewBox=\"0 0 {W} {H}\" \
         role=\"img\" aria-label=\"{text}\"><title>{text}</title>\
         <path d=\"{path}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/>{dot}</svg>"
    )
}

/// Escapes text for the SVG, replacing the control characters XML forbids.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// [`escape`] into the end of `out`.
fn push_escaped(out: &mut String, text: &str) {
    let mut kept_from = 0;
    for (at, c) in text.char_indices() {
        let with = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            c if crate::model::is_stray_control(c) => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[kept_from..at]);
        out.push_str(with);
        kept_from = at + c.len_utf8();
    }
    out.push_str(&text[kept_from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(target: f64, amber: f64) -> TargetBand {
        TargetBand {
            label: format!("Target {target}"),
            lines: vec![target],
            amber_label: format!("Amber {amber} to {target}"),
            amber: vec![(amber.min(target), amber.max(target))],
        }
    }

    fn sample() -> Chart {
        Chart {
            id: "c-2-1".into(),
            title: "Contacts rose to 1,041 in December 2015".into(),
            description: "Monthly contacts <April to December>".into(),
            x_labels: (1..=12).map(|m| format!("M{m}")).collect(),
            y_title: "Count".into(),
            y_suffix: String::new(),
            y_prefix: String::new(),
            scale: Scale::FromZero,
            colour: None,
            line: Line {
                label: "Monthly figure".into(),
                values: vec![
                    Some(880.0),
                    Some(860.0),
                    None,
                    Some(1032.0),
                    Some(1030.0),
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                ],
            },
            secondary: None,
            targets: vec![Some(band(900.0, 950.0)); 12],
            references: vec![Reference {
                label: "England 950".into(),
                value: 950.0,
                stroke: Stroke::Dotted,
            }],
        }
    }

    #[test]
    fn charts_are_deterministic_and_accessible() {
        let a = svg(&sample());
        assert_eq!(a, svg(&sample()));
        assert!(a.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 520 320\" role=\"img\""
        ));
        // No fixed size: the stylesheet scales it to its column.
        assert!(!a[..a.find('>').unwrap()].contains(" width="), "{a}");
        assert!(
            a.contains("<title id=\"c-2-1-title\">Contacts rose to 1,041 in December 2015</title>")
        );
        assert!(a.contains("&lt;April to December&gt;"));
        assert!(a.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn the_y_axis_has_a_title_with_the_unit() {
        let mut chart = sample();
        chart.y_title = "Percentage (%)".into();
        assert!(svg(&chart).contains(">Percentage (%)</text>"));
    }

    #[test]
    fn bands_and_lines_sit_between_grid_and_figures() {
        let svg = svg(&sample());
        let amber = svg.find("<rect class=\"amber\"").expect("an amber band");
        let dashed = svg
            .find("stroke-dasharray=\"8 5\"")
            .expect("a dashed target");
        let dotted = svg
            .find("stroke-dasharray=\"2 4\"")
            .expect("a dotted benchmark");
        assert_eq!(svg.matches("stroke-dasharray").count(), 2, "{svg}");
        // Over the grid and under the figures' line, as plotters would have drawn them.
        assert!(svg.find("#E6E6E6").unwrap() < amber);
        assert!(amber < dashed.min(dotted));
        assert!(dashed.max(dotted) < svg.find("#1D4F91").unwrap());
        assert_eq!(svg.matches("<svg").count(), 1);
        assert_eq!(svg.matches("</svg>").count(), 1);
    }

    /// The x coordinates of the target line: where it starts and ends.
    fn target_span(svg: &str) -> Vec<(i32, i32)> {
        svg.match_indices("<line class=\"target\"")
            .map(|(at, _)| {
                let tag = &svg[at..at + svg[at..].find("/>").unwrap()];
                let attr = |name: &str| -> i32 {
                    let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    tag[start..start + tag[start..].find('"').unwrap()]
                        .parse()
                        .unwrap()
                };
                (attr("x1"), attr("x2"))
            })
            .collect()
    }

    #[test]
    fn a_target_is_drawn_only_over_the_months_it_applies_to() {
        let whole = target_span(&svg(&sample()));
        assert_eq!(whole.len(), 1);
        let mut chart = sample();
        for t in &mut chart.targets[..5] {
            *t = None;
        }
        let late = target_span(&svg(&chart));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].1, whole[0].1, "it still runs to the last month");
        // Five of twelve slots later: starting at the sixth month's slot.
        let slot = (whole[0].1 - whole[0].0) as f64 / 12.0;
        let expected = whole[0].0 as f64 + 5.0 * slot;
        assert!(
            ((late[0].0 as f64) - expected).abs() <= 1.0,
            "{late:?} {whole:?}"
        );
        // A new target for a later month is a new segment, and the key names both.
        chart.targets[9] = Some(band(850.0, 900.0));
        assert_eq!(target_span(&svg(&chart)).len(), 3);
        let key = key(&chart);
        assert!(
            key.contains("Target 900") && key.contains("Target 850"),
            "{key}"
        );
        chart.targets = vec![None; 12];
        assert!(target_span(&svg(&chart)).is_empty());
        assert!(!svg(&chart).contains("class=\"amber\""));
    }

    #[test]
    fn counts_start_from_zero_and_percentages_stop_at_100() {
        let (low, high) = y_range(&of(&[403.0, 415.0, 423.0], 410.0));
        assert_eq!(low, 0.0);
        assert!((423.0..=600.0).contains(&high), "{high}");
        let mut pct = of(&[92.0, 96.0, 97.5], 95.0);
        pct.scale = Scale::Percentage;
        assert_eq!(y_range(&pct), (0.0, 100.0));
        pct.scale = Scale::FromZero;
        assert!(y_range(&pct).1 > 100.0);
        let mut small = of(&[4.0, 6.5], 5.0);
        small.scale = Scale::Percentage;
        let (low, high) = y_range(&small);
        assert_eq!(low, 0.0);
        assert!((6.5..=10.0).contains(&high), "{high}");
        // The amber band's edge is inside the axis as well as the figures.
        let mut chart = of(&[10.0, 12.0], 11.0);
        chart.targets = vec![Some(band(11.0, 40.0)); 2];
        assert!(y_range(&chart).1 >= 40.0);
        // Below zero, from a little under the lowest figure.
        let (low, _) = y_range(&of(&[-20.0, 15.0], 0.0));
        assert!(low < -20.0);
    }

    #[test]
    fn a_year_to_date_line_is_drawn_over_the_months() {
        let mut chart = sample();
        chart.line.label = "Year to date (rated)".into();
        chart.secondary = Some(Line {
            label: "Monthly figure".into(),
            values: vec![Some(700.0), Some(20.0), None],
        });
        let svg = svg(&chart);
        let grey = svg.find("#6F6F6F").expect("the monthly line");
        assert!(grey < svg.find("#1D4F91").expect("the year-to-date line"));
        let key = key(&chart);
        assert!(key.find("Year to date (rated)").unwrap() < key.find("Monthly figure").unwrap());
        assert!(key.contains("key-secondary"), "{key}");
    }

    #[test]
    fn the_key_names_every_line_in_words() {
        let key = key(&sample());
        for words in [
            "Monthly figure",
            "Target 900",
            "Amber 950 to 900",
            "England 950",
        ] {
            assert!(key.contains(words), "{words}: {key}");
        }
        assert_eq!(key.matches("<li>").count(), 4);
        assert!(key.contains("aria-hidden=\"true\""));
    }

    #[test]
    fn shared_attributes_are_written_once() {
        let svg = svg(&sample());
        assert!(!svg.contains("opacity=\"1\""), "{svg}");
        assert_eq!(svg.matches("font-family").count(), 1, "{svg}");
        let open = &svg[..svg.find('>').unwrap()];
        assert!(
            open.contains(" font-family=\"sans-serif\" font-size=\""),
            "{open}"
        );
        assert!(svg.contains("<text "));
        // The grid's lines are one path, the axes and their ticks another, each run
        // of months of the figures' line (two here) a path and its points a group, and
        // no text has a line break.
        assert_eq!(svg.matches("#E6E6E6").count(), 1, "{svg}");
        assert_eq!(svg.matches("<path stroke=\"#505A5F\"").count(), 1, "{svg}");
        assert_eq!(svg.matches("stroke=\"#1D4F91\"").count(), 2, "{svg}");
        assert_eq!(
            svg.matches("<g fill=\"#1D4F91\"><circle").count(),
            2,
            "{svg}"
        );
        assert_eq!(svg.matches("<circle").count(), 4, "{svg}");
        assert!(
            !svg.contains("<polyline") && !svg.contains("\n</text>"),
            "{svg}"
        );
        let words = svg.matches("<text ").count();
        assert!(
            words >= 1 + 6 + 2,
            "the title, the axis's numbers, months: {svg}"
        );
    }

    #[test]
    fn words_drawn_in_the_chart_are_escaped_for_xml() {
        let mut chart = sample();
        chart.y_title = "A\0<B> & \"C\" 'D'".into();
        chart.x_labels[11] = "M\u{7}<12>".into();
        let svg = svg(&chart);
        assert!(
            svg.contains(">A\u{FFFD}&lt;B&gt; &amp; &quot;C&quot; 'D'</text>"),
            "{svg}"
        );
        assert!(svg.contains(">M\u{FFFD}&lt;12&gt;</text>"), "{svg}");
    }

    #[test]
    fn titles_are_escaped_for_xml() {
        let mut chart = sample();
        chart.title = "A\0B\u{b}<C> & \"D\"".into();
        let svg = svg(&chart);
        assert!(
            svg.contains(">A\u{FFFD}B\u{FFFD}&lt;C&gt; &amp; &quot;D&quot;</title>"),
            "{svg}"
        );
    }

    #[test]
    fn axis_numbers_show_only_the_decimals_they_need() {
        assert_eq!(axis_number(400.0), "400");
        assert_eq!(axis_number(1500.0), "1,500");
        assert_eq!(axis_number(12.5), "12.5");
        assert_eq!(axis_number(-0.0), "0");
        assert_eq!(axis_number(0.25), "0.25");
    }

    #[test]
    fn missing_months_split_the_line() {
        let parts = segments(&sample().line.values);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].len(), 2);
        assert_eq!(parts[1].len(), 2);
    }

    /// A chart of `values` with a target at `target`.
    fn of(values: &[f64], target: f64) -> Chart {
        let mut chart = sample();
        chart.line.values = values.iter().map(|v| Some(*v)).collect();
        chart.x_labels.truncate(values.len());
        chart.targets = vec![None; values.len()];
        chart.references[0].value = target;
        chart
    }

    #[test]
    fn extreme_figures_draw_a_finite_chart() {
        // Each of these made plotters' search for axis numbers loop forever.
        let cases = [
            of(&[1e308, 1.7e308, 5.0], 900.0),
            of(&[-9e307, 9e307, 0.0], 900.0),
            of(&[f64::MAX, f64::MIN], f64::MAX),
            of(&[880.0, 860.0], 1e308),
            of(&[f64::INFINITY, f64::NEG_INFINITY], f64::NAN),
            of(&[1e-300, -1e-300], 0.0),
            of(&[5e-324, 0.0], 5e-324),
        ];
        for mut chart in cases {
            chart.targets = vec![Some(band(f64::MAX, f64::NAN)); chart.x_labels.len()];
            let svg = svg(&chart);
            assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
    }

    #[test]
    fn a_flat_series_gets_an_axis() {
        let mut chart = of(&[42.0; 12], 42.0);
        chart.y_suffix = "%".into();
        let svg = svg(&chart);
        assert!(svg.contains(">40%</text>"), "{svg}");
    }

    #[test]
    fn axis_numbers_are_few_and_round_for_any_range() {
        assert_eq!(
            ticks(0.0, 1144.0, 6),
            [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]
        );
        assert_eq!(ticks(20.0, 31.0, 6), [20.0, 22.0, 24.0, 26.0, 28.0, 30.0]);
        assert_eq!(ticks(5.0, 5.0, 6), [5.0]);
        for (low, high) in [
            (-9e307, 9e307),
            (-f64::MAX, f64::MAX),
            (0.0, 1e308),
            (-1e15, 1e15),
            (0.1, 0.1000000001),
            (-3.0, 1e12),
        ] {
            let numbers = ticks(low, high, 6);
            assert!(numbers.len() <= 6, "{low}..{high}: {numbers:?}");
            assert!(numbers.iter().all(|n| n.is_finite()), "{numbers:?}");
            assert!(
                numbers.iter().all(|n| (low..=high).contains(n)),
                "{low}..{high}: {numbers:?}"
            );
        }
        assert!(ticks(f64::NEG_INFINITY, 1.0, 6).is_empty());
    }

    #[test]
    fn the_y_range_is_finite_once_figures_are_bounded() {
        for chart in [of(&[-9e307, 9e307], 0.0), of(&[1.7e308], -1.7e308)] {
            let (low, high) = y_range(&bounded(&chart));
            assert!(
                low.is_finite() && high.is_finite() && low < high,
                "{low} {high}"
            );
        }
    }

    #[test]
    fn sparklines_say_their_trend_in_words() {
        let format = |v: f64| format!("{v:.0}");
        let values = [Some(403.0), None, Some(430.0), Some(423.0)];
        let spark = sparkline("Trend", ("Apr 2015", "Dec 2015"), &values, &format);
        assert_eq!(
            spark,
            sparkline("Trend", ("Apr 2015", "Dec 2015"), &values, &format)
        );
        let text = "Trend Apr 2015 to Dec 2015: 403 to 423, highest 430, lowest 403";
        assert!(spark.contains(&format!("aria-label=\"{text}\"")), "{spark}");
        assert!(spark.contains(&format!("<title>{text}</title>")), "{spark}");
        assert!(spark.contains("role=\"img\""));
        // From its lowest figure at the foot to its highest at the top.
        assert!(
            spark.contains("d=\"M3.0 21.0M63.0 3.0L93.0 7.7\""),
            "{spark}"
        );
        // The gap splits the line into two pieces.
        assert_eq!(spark.matches('M').count(), 2, "{spark}");
        let none = sparkline("Trend", ("Apr 2015", "Dec 2015"), &[None, None], &format);
        assert!(none.contains("no figures"), "{none}");
        let odd = sparkline("Trend", ("A", "B"), &[Some(f64::NAN), Some(1.0)], &format);
        assert!(odd.contains(": 1 only") && !odd.contains("NaN"), "{odd}");
    }
}
