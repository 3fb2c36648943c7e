//! Trend charts: a plain chart description in, an accessible SVG string out.
//!
//! This is the only module that knows about plotters. It is built without font
//! support, so text widths are estimated, output does not depend on the fonts a
//! machine has, and the browser draws the text with the page's own font.

use plotters::coord::Shift;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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

/// A horizontal reference line, such as a target or a benchmark.
#[derive(Debug, Clone)]
pub struct Reference {
    pub label: String,
    pub value: f64,
    pub stroke: Stroke,
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
    /// Written after the numbers of the y axis: `%` for percentages.
    pub y_suffix: String,
    /// The series' colour as red, green and blue, or `None` for the default blue. It
    /// must have 3:1 contrast with white (WCAG 1.4.11); the brand colour has 4.5:1.
    pub colour: Option<(u8, u8, u8)>,
    pub line: Line,
    pub references: Vec<Reference>,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 320;
/// Room on the right for the direct labels of the lines.
const LABELS_WIDTH: u32 = 124;
const MARGIN_TOP: u32 = 16;
const X_LABEL_AREA: u32 = 34;
const MARGIN_BOTTOM: u32 = 4;
/// Plotters writes text at 0.8 of the size asked, so 17 gives text 13.7 units high:
/// legible where the chart is drawn 30rem wide or more.
const FONT_SIZE: f64 = 17.0;
/// The least vertical distance between two direct labels, in SVG units.
const LABEL_GAP: i32 = 16;
/// Dark enough for 3:1 contrast against white for lines and marks (WCAG 1.4.11).
const LINE: RGBColor = RGBColor(0x1d, 0x4f, 0x91);
const REFERENCE: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
const AXIS: RGBColor = RGBColor(0x50, 0x5a, 0x5f);

/// The chart's coordinates: slots along x, the figure's value up y, with the y axis's
/// numbers worked out here (see [`ticks`]) rather than by plotters.
type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, YAxis>>;

/// The most numbers on the y axis.
const Y_TICKS: usize = 6;

/// The largest size of figure a chart draws: a figure beyond it is drawn at the edge
/// of that range. The loader refuses figures anywhere near so large (see
/// docs/format.md), so this only keeps every coordinate finite whatever a chart is
/// given: plotters' own choice of axis numbers never ends on an infinite range.
const LARGEST: f64 = 1e15;

type DrawResult<T> = Result<T, DrawingAreaErrorKind<std::io::Error>>;

/// Draws the chart as an SVG document fragment ready to place inline in a page.
///
/// plotters draws dashes as one element each, which made a dashed target line most
/// of a page's weight, and its SVG output has no dash pattern. So the chart is drawn
/// in two layers, grid and axes under, the figures' line over, and each reference line
/// is written between them as one SVG `<line>` with a `stroke-dasharray`.
pub fn svg(chart: &Chart) -> String {
    let chart = &bounded(chart);
    let mut under = String::new();
    let mut over = String::new();
    // Drawing into a String cannot fail for IO reasons; a failure here means a bug in
    // the description (no slots), which we turn into an empty chart with its text.
    let references = draw_under(chart, &mut under).unwrap_or_default();
    let _ = draw_over(chart, &mut over);
    let body = format!("{}{}{}", svg_body(&under), references, svg_body(&over));
    // plotters writes the font and a full opacity on every element; said once, on the
    // `<svg>` element, they make the chart a third smaller and draw the same.
    let font = text_font(&body).map(str::to_owned).unwrap_or_default();
    let mut body = body.replace(" opacity=\"1\"", "");
    if !font.is_empty() {
        body = body.replace(&font, "");
    }
    accessible(chart, &font, &body)
}

/// The plot area, placed the same way on both layers so that their coordinates agree.
fn plot<'a, 'b>(
    chart: &Chart,
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
) -> DrawResult<Plot<'a, 'b>> {
    let slots = chart.x_labels.len().max(2);
    let (low, high) = y_range(chart);
    let y_axis = YAxis {
        linear: (low..high).into(),
        ticks: ticks(low, high, Y_TICKS),
    };
    ChartBuilder::on(root)
        .margin_top(MARGIN_TOP)
        .margin_left(8)
        .margin_right(LABELS_WIDTH)
        .margin_bottom(MARGIN_BOTTOM)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..(slots - 1) as f64, y_axis)
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

/// Draws the background, grid, axes and month labels, and returns the reference lines
/// as SVG elements to lay over them.
fn draw_under(chart: &Chart, out: &mut String) -> DrawResult<String> {
    let font = ("sans-serif", FONT_SIZE);
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut cx = plot(chart, &root)?;
    let (first, last, low) = (cx.x_range().start, cx.x_range().end, cx.y_range().start);
    let suffix = chart.y_suffix.as_str();
    cx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xe6, 0xe6, 0xe6))
        .axis_style(AXIS)
        .x_labels(0)
        .y_labels(Y_TICKS)
        .y_label_formatter(&|y| format!("{}{suffix}", axis_number(*y)))
        .label_style(font.into_font().color(&AXIS))
        .draw()?;
    // Label every month on a short axis, else every second or third one, counted
    // back from the edition month so that the latest month is always labelled. They
    // are drawn here rather than by plotters, which may show fewer labels than asked
    // and not the ones wanted.
    let labels = &chart.x_labels;
    let step = match labels.len() {
        0..=8 => 1,
        9..=14 => 2,
        _ => 3,
    };
    for k in (0..labels.len()).rev().step_by(step) {
        let (x, y) = cx.backend_coord(&(k as f64, low));
        root.draw(&PathElement::new([(x, y), (x, y + 5)], AXIS))?;
        root.draw(&Text::new(
            labels[k].clone(),
            (x, y + 9),
            font.into_font()
                .color(&AXIS)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    root.present()?;
    let mut lines = String::new();
    for reference in &chart.references {
        let (x1, y) = cx.backend_coord(&(first, reference.value));
        let (x2, _) = cx.backend_coord(&(last, reference.value));
        let dashes = match reference.stroke {
            Stroke::Solid => "",
            Stroke::Dashed => " stroke-dasharray=\"8 5\"",
            Stroke::Dotted => " stroke-dasharray=\"2 4\"",
        };
        let RGBColor(r, g, b) = REFERENCE;
        lines.push_str(&format!(
            "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#{r:02X}{g:02X}{b:02X}\" \
             stroke-width=\"2\"{dashes}/>\n"
        ));
    }
    Ok(lines)
}

/// Draws the figures' line with its points, and the direct labels of every line.
fn draw_over(chart: &Chart, out: &mut String) -> DrawResult<()> {
    let line = chart.colour.map_or(LINE, |(r, g, b)| RGBColor(r, g, b));
    let font = ("sans-serif", FONT_SIZE);
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    let mut cx = plot(chart, &root)?;
    let low = cx.y_range().start;
    let style = ShapeStyle::from(&line).stroke_width(3);
    for segment in segments(&chart.line.values) {
        cx.draw_series(LineSeries::new(segment.clone(), style))?;
        cx.draw_series(segment.iter().map(|&p| Circle::new(p, 4, line.filled())))?;
    }
    // Direct labels at the right end of each line, so no legend or colour is needed
    // to tell the lines apart, moved apart where lines lie close together.
    let row = |value: f64| cx.backend_coord(&(0.0, value)).1;
    let mut direct: Vec<(i32, &str, RGBColor)> = chart
        .references
        .iter()
        .map(|r| (row(r.value), r.label.as_str(), REFERENCE))
        .collect();
    let latest = chart.line.values.iter().rev().find_map(|v| *v);
    if let Some(v) = latest
        && !chart.line.label.is_empty()
    {
        direct.push((row(v), chart.line.label.as_str(), line));
    }
    let wanted: Vec<i32> = direct.iter().map(|d| d.0).collect();
    let placed = spread(&wanted, LABEL_GAP, MARGIN_TOP as i32, row(low));
    for ((_, text, colour), y) in direct.iter().zip(placed) {
        root.draw(&Text::new(
            text.to_string(),
            ((WIDTH - LABELS_WIDTH) as i32 + 8, y),
            font.into_font()
                .color(colour)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// The font attributes plotters wrote on the first text, such as
/// ` font-family="sans-serif" font-size="13.7"`, with their leading space.
fn text_font(body: &str) -> Option<&str> {
    const FAMILY: &str = " font-family=\"";
    const SIZE: &str = " font-size=\"";
    let start = body.find(FAMILY)?;
    let family_end = start + FAMILY.len() + body[start + FAMILY.len()..].find('"')? + 1;
    let size_value = family_end + body[family_end..].strip_prefix(SIZE).map(|_| SIZE.len())?;
    let end = size_value + body[size_value..].find('"')? + 1;
    Some(&body[start..end])
}

/// What plotters wrote between its `<svg>` and `</svg>` tags.
fn svg_body(svg: &str) -> &str {
    let start = match (svg.find("<svg"), svg.find('>')) {
        (Some(open), Some(end)) if end > open => end + 1,
        _ => return "",
    };
    let end = svg
        .rfind("</svg>")
        .filter(|&e| e >= start)
        .unwrap_or(svg.len());
    svg[start..end].trim_start()
}

/// Moves label rows apart so that no two are closer than `gap`: of two close labels
/// the lower moves down, or near the foot of the chart the upper moves up, and all
/// stay between `top` and `bottom`. Returns the rows in the order given.
fn spread(wanted: &[i32], gap: i32, top: i32, bottom: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i], i));
    let mut rows: Vec<i32> = order.iter().map(|&i| wanted[i]).collect();
    // Push down from the top, then up from the bottom, so a crowd near either edge
    // stays inside the chart.
    for k in 0..rows.len() {
        let floor = if k == 0 { top } else { rows[k - 1] + gap };
        rows[k] = rows[k].max(floor);
    }
    for k in (0..rows.len()).rev() {
        let ceiling = if k + 1 == rows.len() {
            bottom
        } else {
            rows[k + 1] - gap
        };
        rows[k] = rows[k].min(ceiling);
    }
    let mut placed = vec![0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        placed[i] = rows[k];
    }
    placed
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

/// The y axis range: every value and reference line with a little room, from zero
/// when the figures are all positive and not far from it.
fn y_range(chart: &Chart) -> (f64, f64) {
    let values = chart
        .line
        .values
        .iter()
        .flatten()
        .copied()
        .chain(chart.references.iter().map(|r| r.value));
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !min.is_finite() {
        return (0.0, 1.0);
    }
    let span = (max - min).max(max.abs() * 0.1).max(1.0);
    let low = if min >= 0.0 && min < span * 2.0 {
        0.0
    } else {
        min - span * 0.1
    };
    (low, max + span * 0.1)
}

/// The chart with every figure finite and within [`LARGEST`]: a figure that is not a
/// number is left out, as a missing month is.
fn bounded(chart: &Chart) -> Chart {
    let within = |v: f64| (!v.is_nan()).then(|| v.clamp(-LARGEST, LARGEST));
    let mut chart = chart.clone();
    for v in &mut chart.line.values {
        *v = v.and_then(within);
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

/// Makes the SVG responsive and accessible: a `viewBox` in place of the fixed size,
/// `role="img"`, and a `<title>` and `<desc>` that screen readers announce: the title
/// as the chart's name, the description after it.
fn accessible(chart: &Chart, font: &str, body: &str) -> String {
    let id = escape(&chart.id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" class=\"chart\"{font}>\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{body}</svg>\n",
        escape(&chart.title),
        escape(&chart.description),
    )
}

/// Escapes text for the SVG, replacing the control characters XML forbids.
fn escape(text: &str) -> String {
    text.replace(crate::model::is_stray_control, "\u{FFFD}")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Chart {
        Chart {
            id: "c-2-1".into(),
            title: "Contacts rose to 1,041 in December 2015".into(),
            description: "Monthly contacts <April to December>".into(),
            x_labels: (1..=12).map(|m| format!("M{m}")).collect(),
            y_suffix: "%".into(),
            colour: None,
            line: Line {
                label: "Contacts".into(),
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
            references: vec![Reference {
                label: "Target".into(),
                value: 900.0,
                stroke: Stroke::Dashed,
            }],
        }
    }

    #[test]
    fn charts_are_deterministic_and_accessible() {
        let a = svg(&sample());
        assert_eq!(a, svg(&sample()));
        assert!(a.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 320\" role=\"img\""
        ));
        assert!(
            a.contains("<title id=\"c-2-1-title\">Contacts rose to 1,041 in December 2015</title>")
        );
        assert!(a.contains("&lt;April to December&gt;"));
        assert!(a.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn reference_lines_are_one_element_each_between_grid_and_figures() {
        let mut chart = sample();
        chart.references.push(Reference {
            label: "England".into(),
            value: 950.0,
            stroke: Stroke::Dotted,
        });
        let svg = svg(&chart);
        let dashed = svg
            .find("stroke-dasharray=\"8 5\"")
            .expect("a dashed target");
        let dotted = svg
            .find("stroke-dasharray=\"2 4\"")
            .expect("a dotted benchmark");
        assert_eq!(svg.matches("stroke-dasharray").count(), 2, "{svg}");
        // Over the grid and under the figures' line, as plotters would have drawn them.
        assert!(svg.find("#E6E6E6").unwrap() < dashed.min(dotted));
        assert!(dashed.max(dotted) < svg.find("#1D4F91").unwrap());
        assert_eq!(svg.matches("<svg").count(), 1);
        assert_eq!(svg.matches("</svg>").count(), 1);
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
    fn close_labels_are_moved_apart_and_kept_inside() {
        assert_eq!(spread(&[100, 104, 50], 16, 16, 282), vec![100, 116, 50]);
        assert_eq!(spread(&[10, 12], 16, 16, 282), vec![16, 32]);
        assert_eq!(spread(&[280, 282], 16, 16, 282), vec![266, 282]);
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
        for chart in &cases {
            let svg = svg(chart);
            assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
    }

    #[test]
    fn a_flat_series_gets_an_axis() {
        let svg = svg(&of(&[42.0; 12], 42.0));
        assert!(svg.contains("\n42%\n</text>"), "{svg}");
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
}
