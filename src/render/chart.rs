//! Trend charts: a plain chart description in, an accessible SVG string out.
//!
//! This is the only module that knows about plotters. It is built without font
//! support, so text widths are estimated, output does not depend on the fonts a
//! machine has, and the browser draws the text with the page's own font.

use plotters::prelude::*;

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
    pub line: Line,
    pub references: Vec<Reference>,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;
/// Dark enough for 3:1 contrast against white for lines and marks (WCAG 1.4.11).
const LINE: RGBColor = RGBColor(0x1d, 0x4f, 0x91);
const REFERENCE: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
const AXIS: RGBColor = RGBColor(0x50, 0x5a, 0x5f);

/// Draws the chart as an SVG document fragment ready to place inline in a page.
pub fn svg(chart: &Chart) -> String {
    let mut body = String::new();
    // Drawing into a String cannot fail for IO reasons; a failure here means a bug in
    // the description (no slots), which we turn into an empty chart with its text.
    let _ = draw(chart, &mut body);
    accessible(chart, &body)
}

fn draw<'a>(chart: &Chart, out: &'a mut String) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let slots = chart.x_labels.len().max(2);
    let (low, high) = y_range(chart);
    {
        let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut cx = ChartBuilder::on(&root)
            .margin_top(14)
            .margin_left(8)
            .margin_right(110)
            .margin_bottom(6)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..(slots - 1) as f64, low..high)?;
        let labels = &chart.x_labels;
        // Every other label when the axis is crowded, chosen explicitly because
        // plotters may otherwise show fewer labels than asked.
        let step = if labels.len() > 12 { 2 } else { 1 };
        let keys: Vec<f64> = (0..labels.len())
            .rev()
            .step_by(step)
            .map(|i| i as f64)
            .collect();
        cx.configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(0xe6, 0xe6, 0xe6))
            .axis_style(AXIS)
            .x_labels(labels.len())
            .x_label_formatter(&|x| {
                let i = x.round() as usize;
                labels.get(i).cloned().unwrap_or_default()
            })
            .y_labels(6)
            .label_style(("sans-serif", 12).into_font().color(&AXIS))
            .draw()?;
        let _ = keys;
        for reference in &chart.references {
            let points = [
                (0.0, reference.value),
                ((slots - 1) as f64, reference.value),
            ];
            let style = ShapeStyle::from(&REFERENCE).stroke_width(2);
            match reference.stroke {
                Stroke::Solid => {
                    cx.draw_series(LineSeries::new(points, style))?;
                }
                Stroke::Dashed => {
                    cx.draw_series(DashedLineSeries::new(points, 8, 5, style))?;
                }
                Stroke::Dotted => {
                    cx.draw_series(DashedLineSeries::new(points, 2, 4, style))?;
                }
            }
            // A direct label at the line's right end, so no legend or colour is needed.
            root.draw(&Text::new(
                reference.label.clone(),
                (WIDTH as i32 - 106, y_pixel(reference.value, low, high) - 6),
                ("sans-serif", 12).into_font().color(&REFERENCE),
            ))?;
        }
        let style = ShapeStyle::from(&LINE).stroke_width(3);
        for segment in segments(&chart.line.values) {
            cx.draw_series(LineSeries::new(segment.clone(), style))?;
            cx.draw_series(segment.iter().map(|&p| Circle::new(p, 4, LINE.filled())))?;
        }
        if let Some((i, v)) = chart
            .line
            .values
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, v)| v.map(|v| (i, v)))
        {
            let _ = i;
            root.draw(&Text::new(
                chart.line.label.clone(),
                (WIDTH as i32 - 106, y_pixel(v, low, high) + 14),
                ("sans-serif", 12).into_font().color(&LINE),
            ))?;
        }
        root.present()?;
    }
    Ok(())
}

/// Maps a value to the pixel row of the plotting area, for direct labels drawn on
/// the root area. Mirrors the margins given to the chart builder.
fn y_pixel(value: f64, low: f64, high: f64) -> i32 {
    let top = 14.0;
    let bottom = (HEIGHT - 6 - 28) as f64;
    let share = if high > low {
        (value - low) / (high - low)
    } else {
        0.5
    };
    (bottom - share * (bottom - top)).round() as i32
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

/// Makes the SVG responsive and accessible: a `viewBox` in place of the fixed size,
/// `role="img"`, and a `<title>` and `<desc>` that screen readers announce.
fn accessible(chart: &Chart, svg: &str) -> String {
    let body = match (svg.find("<svg"), svg.find('>')) {
        (Some(start), Some(end)) if end > start => &svg[end + 1..],
        _ => "</svg>",
    };
    let id = escape(&chart.id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" focusable=\"false\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        escape(&chart.title),
        escape(&chart.description),
        body.trim_start()
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
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
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 300\" role=\"img\""
        ));
        assert!(
            a.contains("<title id=\"c-2-1-title\">Contacts rose to 1,041 in December 2015</title>")
        );
        assert!(a.contains("&lt;April to December&gt;"));
        assert!(a.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn missing_months_split_the_line() {
        let parts = segments(&sample().line.values);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].len(), 2);
        assert_eq!(parts[1].len(), 2);
    }
}
