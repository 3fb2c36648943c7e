//! The surface plotters draws a chart on: a backend writing compact SVG straight into the page's string.
//!
//! plotters' own SVG backend writes every line, tick and point as an element of its
//! own carrying its whole style, and every text with its font and a newline either
//! side of the words, which made charts half of a section page. This backend writes
//! the same picture with each style said once: the lines of one colour and width as
//! one `<path>`, the points of one colour and the texts of one colour and alignment
//! each in one `<g>`, and the font on the `<svg>` element, so nothing has to be taken
//! out of the drawing afterwards.

use crate::model::decimal::push_whole;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    FontTransform,
};
use std::fmt::Write;

/// What drawing into a string can fail with: nothing in practice.
pub(super) type Failure = std::fmt::Error;

/// plotters sizes text for its bitmap fonts; its SVG backend divided the size asked by
/// this, and so does this one, so that text in a chart is the size it always was.
const FONT_SCALE: f64 = 1.24;

/// A colour as red, green and blue.
type Rgb = (u8, u8, u8);

/// What the shapes of one group share, and so what says it once for all of them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// Lines and outlines: one `<path>`.
    Stroke { colour: Rgb, width: u32 },
    /// Filled rectangles and polygons: one `<path>`.
    Fill { colour: Rgb },
    /// Filled circles: `<circle>`s in a `<g>` that gives their colour.
    Discs { colour: Rgb },
    /// Circles drawn as an outline: `<circle>`s in a `<g>` that gives their stroke.
    Rings { colour: Rgb, width: u32 },
}

/// Consecutive shapes of one style, as one element or group.
struct Shapes {
    style: Style,
    /// The path's data, or the group's elements.
    body: String,
    /// Whether a stroked path encloses an area, which it must then say not to fill:
    /// a path of straight two-point lines encloses none.
    area: bool,
}

/// Texts of one colour and alignment, as one `<g>`.
struct Texts {
    colour: Rgb,
    /// The `text-anchor` attribute with its leading space, or nothing for the start.
    anchor: &'static str,
    body: String,
}

/// A plotters drawing backend writing SVG elements into `out`; the caller writes the
/// `<svg>` element around them, with the font of [`Canvas::font`] on it.
///
/// Shapes are kept in the order they were drawn, but for a shape of the same style as
/// the last one, which joins it, so that a run of grid lines or ticks is one path. Texts
/// are gathered by colour and alignment and written over the shapes drawn before the
/// next [`Verbatim`] or the end: a chart never draws a shape across its words, so
/// lifting them over the shapes draws the same picture.
pub(super) struct Canvas<'a> {
    out: &'a mut String,
    size: (u32, u32),
    /// The font family and size (as plotters asks it) that the `<svg>` element states,
    /// which text in that font need not repeat.
    font: (&'static str, f64),
    shapes: Vec<Shapes>,
    texts: Vec<Texts>,
}

impl<'a> Canvas<'a> {
    pub(super) fn new(out: &'a mut String, size: (u32, u32), font: (&'static str, f64)) -> Self {
        Canvas {
            out,
            size,
            font,
            shapes: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// The font attributes, with their leading space, for the `<svg>` element around a
    /// drawing whose text is mostly in `font`.
    pub(super) fn font((family, size): (&str, f64)) -> String {
        format!(
            " font-family=\"{family}\" font-size=\"{}\"",
            size / FONT_SCALE
        )
    }

    /// The group for a shape of `style`: the last one if it has that style, or a new one.
    fn shapes(&mut self, style: Style) -> &mut Shapes {
        if self.shapes.last().is_none_or(|last| last.style != style) {
            self.shapes.push(Shapes {
                style,
                body: String::with_capacity(256),
                area: false,
            });
        }
        let last = self.shapes.len() - 1;
        &mut self.shapes[last]
    }

    /// Writes out the shapes and then the texts gathered so far.
    fn flush(&mut self) {
        let out = &mut *self.out;
        for shapes in self.shapes.drain(..) {
            match shapes.style {
                Style::Stroke { colour, width } => {
                    out.push_str("<path");
                    if shapes.area {
                        out.push_str(" fill=\"none\"");
                    }
                    push_colour(out, " stroke", colour);
                    if width != 1 {
                        let _ = write!(out, " stroke-width=\"{width}\"");
                    }
                    out.push_str(" d=\"");
                    out.push_str(&shapes.body);
                    out.push_str("\"/>");
                }
                Style::Fill { colour } => {
                    out.push_str("<path");
                    push_colour(out, " fill", colour);
                    out.push_str(" d=\"");
                    out.push_str(&shapes.body);
                    out.push_str("\"/>");
                }
                Style::Discs { colour } => {
                    out.push_str("<g");
                    push_colour(out, " fill", colour);
                    out.push('>');
                    out.push_str(&shapes.body);
                    out.push_str("</g>");
                }
                Style::Rings { colour, width } => {
                    out.push_str("<g fill=\"none\"");
                    push_colour(out, " stroke", colour);
                    if width != 1 {
                        let _ = write!(out, " stroke-width=\"{width}\"");
                    }
                    out.push('>');
                    out.push_str(&shapes.body);
                    out.push_str("</g>");
                }
            }
            out.push('\n');
        }
        for texts in self.texts.drain(..) {
            out.push_str("<g");
            push_colour(out, " fill", texts.colour);
            out.push_str(texts.anchor);
            out.push('>');
            out.push_str(&texts.body);
            out.push_str("</g>\n");
        }
    }
}

/// Writes ` name="#RRGGBB"`, or `#RGB` where that says the same colour.
fn push_colour(out: &mut String, name: &str, (r, g, b): Rgb) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let short = [r, g, b].iter().all(|c| c >> 4 == c & 0xf);
    out.push_str(name);
    out.push_str("=\"#");
    for c in [r, g, b] {
        if !short {
            out.push(HEX[usize::from(c >> 4)] as char);
        }
        out.push(HEX[usize::from(c & 0xf)] as char);
    }
    out.push('"');
}

/// Writes `x` and `y`, the space between them left out where a minus sign separates
/// them.
fn push_pair(out: &mut String, (x, y): BackendCoord) {
    push_whole(out, x.into());
    if y >= 0 {
        out.push(' ');
    }
    push_whole(out, y.into());
}

/// How many characters `n` is written in.
fn width(n: i32) -> usize {
    n.unsigned_abs()
        .checked_ilog10()
        .map_or(1, |digits| digits as usize + 1)
        + usize::from(n < 0)
}

/// Appends `points` to a path's data as one subpath. Each step is written by whichever
/// is shorter, where it ends or how far it goes (`L`/`l`), a horizontal or vertical
/// step by its one coordinate (`H`/`h`, `V`/`v`), and a step of the same kind as the
/// last without its letter; the points are the same either way, so is the picture.
/// Returns how many points there were.
fn push_subpath(data: &mut String, points: impl IntoIterator<Item = BackendCoord>) -> usize {
    let mut last: Option<BackendCoord> = None;
    // The command a bare pair would continue: after `M` it is `L`, after `H` or `V`
    // none that a pair can continue.
    let mut command = ' ';
    let mut count = 0;
    for (x, y) in points {
        count += 1;
        let Some((lx, ly)) = last else {
            data.push('M');
            push_pair(data, (x, y));
            command = 'L';
            last = Some((x, y));
            continue;
        };
        let (dx, dy) = (x - lx, y - ly);
        if dy == 0 {
            let (letter, n) = if width(dx) < width(x) {
                ('h', dx)
            } else {
                ('H', x)
            };
            data.push(letter);
            push_whole(data, n.into());
            command = ' ';
        } else if dx == 0 {
            let (letter, n) = if width(dy) < width(y) {
                ('v', dy)
            } else {
                ('V', y)
            };
            data.push(letter);
            push_whole(data, n.into());
            command = ' ';
        } else {
            // What each costs: its numbers, and its letter or the space before a bare
            // pair (none before a minus sign).
            let cost = |letter: char, (a, b): BackendCoord| {
                let lead = usize::from(command != letter || a >= 0);
                lead + width(a) + usize::from(b >= 0) + width(b)
            };
            let (relative, absolute) = (cost('l', (dx, dy)), cost('L', (x, y)));
            let (letter, pair) = if relative < absolute || (relative == absolute && command == 'l')
            {
                ('l', (dx, dy))
            } else {
                ('L', (x, y))
            };
            if command != letter {
                data.push(letter);
            } else if pair.0 >= 0 {
                data.push(' ');
            }
            push_pair(data, pair);
            command = letter;
        }
        last = Some((x, y));
    }
    count
}

impl DrawingBackend for Canvas<'_> {
    type ErrorType = Failure;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Failure>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Failure>> {
        self.flush();
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Failure>> {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Failure>> {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Failure>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
        let shapes = self.shapes(if fill {
            Style::Fill { colour: color.rgb }
        } else {
            Style::Stroke {
                colour: color.rgb,
                width: style.stroke_width(),
            }
        });
        push_subpath(&mut shapes.body, corners);
        shapes.body.push('Z');
        shapes.area = true;
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Failure>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let shapes = self.shapes(Style::Stroke {
            colour: color.rgb,
            width: style.stroke_width(),
        });
        let before = shapes.body.len();
        match push_subpath(&mut shapes.body, path) {
            // A single point draws nothing.
            0 | 1 => shapes.body.truncate(before),
            2 => {}
            _ => shapes.area = true,
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Failure>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let shapes = self.shapes(Style::Fill { colour: color.rgb });
        push_subpath(&mut shapes.body, vertices);
        shapes.body.push('Z');
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Failure>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let shapes = self.shapes(if fill {
            Style::Discs { colour: color.rgb }
        } else {
            Style::Rings {
                colour: color.rgb,
                width: style.stroke_width(),
            }
        });
        let body = &mut shapes.body;
        body.push_str("<circle cx=\"");
        push_whole(body, x.into());
        body.push_str("\" cy=\"");
        push_whole(body, y.into());
        body.push_str("\" r=\"");
        push_whole(body, radius.into());
        body.push_str("\"/>");
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Failure>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let colour = color.rgb;
        let anchor = match style.anchor().h_pos {
            HPos::Left => "",
            HPos::Center => " text-anchor=\"middle\"",
            HPos::Right => " text-anchor=\"end\"",
        };
        let at = match self
            .texts
            .iter()
            .position(|t| t.colour == colour && t.anchor == anchor)
        {
            Some(at) => at,
            None => {
                self.texts.push(Texts {
                    colour,
                    anchor,
                    body: String::with_capacity(256),
                });
                self.texts.len() - 1
            }
        };
        let body = &mut self.texts[at].body;
        // The offsets plotters' SVG backend gave each vertical alignment.
        let dy = match style.anchor().v_pos {
            VPos::Top => ".76em",
            VPos::Center => ".5ex",
            VPos::Bottom => "-.5ex",
        };
        body.push_str("<text x=\"");
        push_whole(body, x.into());
        body.push_str("\" y=\"");
        push_whole(body, y.into());
        body.push_str("\" dy=\"");
        body.push_str(dy);
        body.push('"');
        let family = style.family();
        let (family, size) = (family.as_str(), style.size());
        if (family, size) != self.font {
            let _ = write!(
                body,
                " font-family=\"{}\" font-size=\"{}\"",
                super::escape(family),
                size / FONT_SCALE
            );
        }
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => body.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(body, " font-style=\"{}\"", other.as_str());
            }
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
            _ => 0,
        };
        if turn != 0 {
            let _ = write!(body, " transform=\"rotate({turn},{x},{y})\"");
        }
        body.push('>');
        super::push_escaped(body, text);
        body.push_str("</text>");
        Ok(())
    }
}

/// SVG written as it is into the drawing, over everything drawn before it: the parts
/// of a chart plotters has no element for, such as a dashed line.
pub(super) struct Verbatim<'a>(pub(super) &'a str);

impl<'a> plotters::element::PointCollection<'a, BackendCoord> for &'a Verbatim<'_> {
    type Point = BackendCoord;
    type IntoIter = std::iter::Empty<BackendCoord>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::empty()
    }
}

impl<'a> plotters::element::Drawable<Canvas<'a>> for Verbatim<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        _: I,
        canvas: &mut Canvas<'a>,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<Failure>> {
        canvas.flush();
        canvas.out.push_str(self.0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_along_an_axis_are_written_short() {
        let mut data = String::new();
        assert_eq!(
            push_subpath(
                &mut data,
                [(1, 2), (5, 2), (5, 9), (7, 11), (8, 12), (8, 3)]
            ),
            6
        );
        assert_eq!(data, "M1 2H5V9l2 2 1 1V3");
        // Farther from the origin, how far a step goes is shorter than where it ends.
        data.clear();
        push_subpath(
            &mut data,
            [
                (88, 116),
                (124, 116),
                (160, 104),
                (196, 90),
                (233, 167),
                (233, 286),
                (64, 286),
            ],
        );
        assert_eq!(data, "M88 116h36l36-12 36-14 37 77V286H64");
        data.clear();
        push_subpath(
            &mut data,
            [(0, 0), (-5, -5), (-10, 0), (1000, 1000), (999, 1001)],
        );
        assert_eq!(data, "M0 0-5-5-10 0 1000 1000l-1 1");
    }

    #[test]
    fn a_path_written_short_draws_the_same_points() {
        // Reads the data back, as a browser would, into the points it names.
        fn points(data: &str) -> Vec<BackendCoord> {
            let mut out: Vec<BackendCoord> = Vec::new();
            let mut command = 'M';
            let mut numbers = Vec::new();
            let mut rest = data;
            while let Some(c) = rest.chars().next() {
                if c.is_ascii_alphabetic() || c == ' ' {
                    if c != ' ' {
                        command = c;
                    }
                    rest = &rest[1..];
                    continue;
                }
                let end = rest[1..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(rest.len(), |e| e + 1);
                numbers.push(rest[..end].parse::<i32>().unwrap());
                rest = &rest[end..];
                let (lx, ly) = out.last().copied().unwrap_or((0, 0));
                let point = match (command, numbers.as_slice()) {
                    ('M' | 'L', [x, y]) => Some((*x, *y)),
                    ('l', [dx, dy]) => Some((lx + dx, ly + dy)),
                    ('H', [x]) => Some((*x, ly)),
                    ('h', [dx]) => Some((lx + dx, ly)),
                    ('V', [y]) => Some((lx, *y)),
                    ('v', [dy]) => Some((lx, ly + dy)),
                    _ => None,
                };
                if let Some(point) = point {
                    out.push(point);
                    numbers.clear();
                    if command == 'M' {
                        command = 'L';
                    }
                }
            }
            out
        }
        let mut seed = 7u32;
        for _ in 0..500 {
            let walk: Vec<BackendCoord> = (0..12)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    let n = (seed >> 8) as i32;
                    // Often a step along an axis, sometimes far, sometimes negative.
                    match n % 4 {
                        0 => (n % 600 - 40, 50),
                        1 => (70, n % 300),
                        _ => (n % 2000 - 500, n / 7 % 900 - 100),
                    }
                })
                .collect();
            let mut data = String::new();
            push_subpath(&mut data, walk.iter().copied());
            assert_eq!(points(&data), walk, "{data}");
        }
    }

    #[test]
    fn colours_are_written_short_where_that_says_the_same() {
        let mut out = String::new();
        push_colour(&mut out, " fill", (0xff, 0xff, 0xff));
        push_colour(&mut out, " stroke", (0x1d, 0x4f, 0x91));
        push_colour(&mut out, " fill", (0x00, 0x11, 0xee));
        assert_eq!(out, " fill=\"#FFF\" stroke=\"#1D4F91\" fill=\"#01E\"");
    }
}
