//! Small multiples: a breakdown's members each as a small trend, on one shared scale.
//!
//! A grouped chart of five members over twelve months is sixty marks that a phone
//! squeezes into a tangle; a small trend per member, two to a row, each with the
//! total drawn faintly behind it (where a member's figure compares with the total's:
//! a percentage, not a count), lets a reader compare a team with the whole and,
//! because every panel has the same y axis, one team with another.

use super::*;

/// A breakdown's small multiples, already in words and numbers.
#[derive(Debug, Clone)]
pub struct SmallMultiples {
    /// A unique id within the page, for `aria-labelledby`.
    pub id: String,
    /// The chart's message, read first by screen readers.
    pub title: String,
    /// What it shows, with the highest and lowest member this month.
    pub description: String,
    /// The months, one slot each, shared by every panel.
    pub x_labels: Vec<String>,
    /// The y axis's title, with the unit: "Percentage (%)", "Count".
    pub y_title: String,
    pub y_suffix: String,
    pub y_prefix: String,
    pub scale: Scale,
    /// The members' colour, as [`Chart::colour`].
    pub colour: Option<(u8, u8, u8)>,
    /// The measure's total, drawn thin and grey in every panel for comparison; none
    /// where the total is the members' sum, whose line would flatten every member's.
    pub total: Option<Line>,
    /// One panel per member, in the dimension's order; each line's label heads its
    /// panel ("North 80.0%").
    pub members: Vec<Line>,
}

/// Panels to a row: two stay legible at a phone's width.
const COLUMNS: usize = 2;
/// Between the two columns of panels, in SVG units.
const GUTTER: u32 = 22;
/// The height of one panel: its heading, its plot and its month labels.
const PANEL_HEIGHT: u32 = 150;
/// Between rows of panels.
const ROW_GAP: u32 = 14;
/// Room above each plot for the member's name and figure.
const PANEL_HEADING: u32 = 30;
/// The most numbers on a panel's y axis: fewer than a full chart's, as a panel is short.
const PANEL_TICKS: usize = 4;

/// The chart's size in SVG units: as wide as a trend chart, as tall as its rows.
fn size(chart: &SmallMultiples) -> (u32, u32) {
    let rows = chart.members.len().div_ceil(COLUMNS).max(1) as u32;
    (
        WIDTH,
        MARGIN_TOP + rows * PANEL_HEIGHT + (rows - 1) * ROW_GAP + MARGIN_BOTTOM,
    )
}

/// Draws the small multiples as an SVG fragment ready to place inline in a page, with
/// the same `role="img"`, title and description as every other chart.
pub fn small_multiples_svg(chart: &SmallMultiples) -> String {
    let chart = &bounded_multiples(chart);
    let size = size(chart);
    let words = Words {
        id: &chart.id,
        title: &chart.title,
        description: &chart.description,
    };
    let mut out = String::with_capacity(2048 + 1536 * chart.members.len());
    open(&mut out, &words, size);
    // Drawing into a String cannot fail for IO reasons; as for a trend chart, a
    // failure leaves the chart with its words and no drawing.
    let _ = draw(chart, &mut out, size);
    out.push_str("</svg>\n");
    out
}

/// The key under the small multiples: the member's line and the total's.
pub fn small_multiples_key(chart: &SmallMultiples, member: &str) -> String {
    let mut html = String::from("<ul class=\"chart-key\">");
    let lines = std::iter::once(("key-line", member)).chain(
        chart
            .total
            .iter()
            .map(|t| ("key-secondary", t.label.as_str())),
    );
    for (class, label) in lines {
        html.push_str(&format!(
            "<li><span class=\"key-swatch {class}\" aria-hidden=\"true\"></span>{}</li>",
            escape(label)
        ));
    }
    html.push_str("</ul>");
    html
}

/// The chart with every figure finite and within [`LARGEST`], as [`bounded`] makes a
/// trend chart.
fn bounded_multiples(chart: &SmallMultiples) -> SmallMultiples {
    let within = |v: f64| (!v.is_nan()).then(|| v.clamp(-LARGEST, LARGEST));
    let mut chart = chart.clone();
    for v in chart
        .total
        .iter_mut()
        .chain(chart.members.iter_mut())
        .flat_map(|l| &mut l.values)
    {
        *v = v.and_then(within);
    }
    chart
}

/// The one y range every panel shares: by the rule of a trend chart's, over every
/// member's figures and the total's.
fn shared_range(chart: &SmallMultiples) -> (f64, f64) {
    let values = chart
        .total
        .iter()
        .chain(&chart.members)
        .flat_map(|l| l.values.iter().copied())
        .collect();
    y_range(&Chart {
        id: String::new(),
        title: String::new(),
        description: String::new(),
        x_labels: chart.x_labels.clone(),
        y_title: String::new(),
        y_suffix: String::new(),
        y_prefix: String::new(),
        scale: chart.scale,
        colour: None,
        line: Line {
            label: String::new(),
            values,
        },
        secondary: None,
        targets: Vec::new(),
        references: Vec::new(),
    })
}

/// Draws every panel: the axis title once, then for each member its heading, a grid
/// on the shared scale (numbered in the left column only), the total thin and grey,
/// the member's line over it, and the first and last months under it; then the panels'
/// headings, in bold.
fn draw(chart: &SmallMultiples, out: &mut String, (width, height): (u32, u32)) -> DrawResult<()> {
    let font = FONT;
    let root = Canvas::new(out, (width, height), font).into_drawing_area();
    root.fill(&WHITE)?;
    root.draw(&Text::new(
        chart.y_title.as_str(),
        (8, MARGIN_TOP as i32 / 2),
        font.into_font()
            .color(&AXIS)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    let (low, high) = shared_range(chart);
    let slots = chart.x_labels.len().max(1);
    let plot_width = (width - Y_LABEL_AREA - GUTTER - MARGIN_RIGHT) / COLUMNS as u32;
    let colour = chart.colour.map_or(LINE, |(r, g, b)| RGBColor(r, g, b));
    let (prefix, suffix) = (chart.y_prefix.as_str(), chart.y_suffix.as_str());
    let number = |y: &f64| format!("{prefix}{}{suffix}", axis_number(*y));
    let mut headings = String::new();
    for (k, member) in chart.members.iter().enumerate() {
        let (row, column) = ((k / COLUMNS) as u32, (k % COLUMNS) as u32);
        let top = MARGIN_TOP + row * (PANEL_HEIGHT + ROW_GAP);
        // The left column carries the y axis's numbers for its row; the right one
        // shares them, so its plot starts where the numbers would end.
        let (left, label_area) = match column {
            0 => (0, Y_LABEL_AREA),
            _ => (Y_LABEL_AREA + plot_width + GUTTER, 0),
        };
        let area = root
            .clone()
            .shrink((left, top), (label_area + plot_width, PANEL_HEIGHT));
        let mut cx = ChartBuilder::on(&area)
            .margin_top(PANEL_HEADING)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(label_area)
            .build_cartesian_2d(
                -0.5..slots as f64 - 0.5,
                YAxis {
                    linear: (low..high).into(),
                    ticks: ticks(low, high, PANEL_TICKS),
                },
            )?;
        let mut mesh = cx.configure_mesh();
        mesh.disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(0xe6, 0xe6, 0xe6))
            .axis_style(AXIS)
            .x_labels(0)
            .y_labels(PANEL_TICKS)
            .y_label_formatter(&number)
            .label_style(font.into_font().color(&AXIS));
        if column > 0 {
            mesh.disable_y_axis();
        }
        mesh.draw()?;
        let grey = ShapeStyle::from(&SECONDARY).stroke_width(2);
        let total = chart
            .total
            .as_ref()
            .map_or(&[][..], |t| t.values.as_slice());
        for segment in segments(total) {
            cx.draw_series(LineSeries::new(segment, grey))?;
        }
        let style = ShapeStyle::from(&colour).stroke_width(3);
        for segment in segments(&member.values) {
            cx.draw_series(LineSeries::new(segment.iter().copied(), style))?;
            cx.draw_series(segment.iter().map(|&p| Circle::new(p, 3, colour.filled())))?;
        }
        // The first and the last month under each panel, at the plot's edges: a
        // panel is too narrow for more, and every panel has the same months.
        let foot = cx.backend_coord(&(0.0, low)).1 + 9;
        let edge = |slot: f64| cx.backend_coord(&(slot, low)).0;
        let first_last = match (chart.x_labels.first(), chart.x_labels.last()) {
            (Some(first), _) if slots == 1 => vec![(first, edge(0.0), HPos::Center)],
            (Some(first), Some(last)) => vec![
                (first, edge(-0.5), HPos::Left),
                (last, edge(slots as f64 - 0.5), HPos::Right),
            ],
            _ => Vec::new(),
        };
        for (label, x, anchor) in first_last {
            root.draw(&Text::new(
                label.as_str(),
                (x, foot),
                font.into_font()
                    .color(&AXIS)
                    .pos(Pos::new(anchor, VPos::Top)),
            ))?;
        }
        let x = left + label_area;
        headings.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\">",
            top + PANEL_HEADING / 2 + 6
        ));
        push_escaped(&mut headings, &member.label);
        headings.push_str("</text>");
    }
    if !headings.is_empty() {
        root.draw(&Verbatim(&format!(
            "<g class=\"panel-heading\" font-weight=\"bold\" fill=\"#0B0C0C\">{headings}</g>\n"
        )))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, values: &[Option<f64>]) -> Line {
        Line {
            label: label.into(),
            values: values.to_vec(),
        }
    }

    fn sample() -> SmallMultiples {
        SmallMultiples {
            id: "chart-i-4-2-breakdown".into(),
            title: "Assessments by team, March 2016: highest North, 85.0%; lowest West, 62.1%"
                .into(),
            description: "Small multiples.".into(),
            x_labels: vec!["Jan 16".into(), "Feb 16".into(), "Mar 16".into()],
            y_title: "Percentage (%)".into(),
            y_suffix: "%".into(),
            y_prefix: String::new(),
            scale: Scale::Percentage,
            colour: None,
            total: Some(line("Total", &[Some(75.0), Some(76.0), Some(78.5)])),
            members: vec![
                line("North 85.0%", &[Some(80.0), Some(82.0), Some(85.0)]),
                line("South 80.0%", &[Some(79.0), Some(81.0), Some(80.0)]),
                line("West 62.1%", &[Some(70.0), Some(66.0), Some(62.1)]),
                // A member added in the last month: a single point.
                line("Front door 90.0%", &[None, None, Some(90.0)]),
                line("East: no figure", &[Some(71.0), Some(72.0), None]),
            ],
        }
    }

    #[test]
    fn small_multiples_are_deterministic_and_accessible() {
        let chart = sample();
        let svg = small_multiples_svg(&chart);
        assert_eq!(svg, small_multiples_svg(&chart));
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(
            "<title id=\"chart-i-4-2-breakdown-title\">Assessments by team, March 2016: \
             highest North, 85.0%; lowest West, 62.1%</title>"
        ));
        assert!(svg.contains("<desc id=\"chart-i-4-2-breakdown-desc\">Small multiples.</desc>"));
        // Five members two to a row make three rows.
        assert!(svg.contains(&format!(
            "viewBox=\"0 0 {WIDTH} {}\"",
            MARGIN_TOP + 3 * PANEL_HEIGHT + 2 * ROW_GAP + MARGIN_BOTTOM
        )));
        for heading in ["North 85.0%", "Front door 90.0%", "East: no figure"] {
            assert!(svg.contains(&format!(">{heading}</text>")), "{heading}");
        }
    }

    #[test]
    fn every_panel_shares_one_scale_numbered_once_a_row() {
        let svg = small_multiples_svg(&sample()).replace('\n', "");
        // The y axis's numbers are written in the left column only: three rows of the
        // same numbers, so each number appears three times.
        let count = |text: &str| svg.matches(&format!(">{text}</text>")).count();
        assert_eq!(count("0%"), 3, "{svg}");
        assert_eq!(count("100%"), 3, "{svg}");
        // Every panel's first and last month.
        assert_eq!(count("Jan 16"), 5);
        assert_eq!(count("Mar 16"), 5);
    }

    #[test]
    fn the_key_names_the_member_and_the_total() {
        let key = small_multiples_key(&sample(), "The team's figure");
        assert!(
            key.contains("key-line\" aria-hidden=\"true\"></span>The team&#39;s figure")
                || key.contains("key-line\" aria-hidden=\"true\"></span>The team's figure")
        );
        assert!(key.contains("key-secondary\" aria-hidden=\"true\"></span>Total"));
        // A count's total is its members' sum: not drawn, and not in the key.
        let counts = SmallMultiples {
            total: None,
            ..sample()
        };
        assert!(!small_multiples_key(&counts, "The team's figure").contains("key-secondary"));
        assert_ne!(small_multiples_svg(&counts), small_multiples_svg(&sample()));
    }
}
