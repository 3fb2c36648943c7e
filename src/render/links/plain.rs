//! A quick reader for plain HTML, such as the templates and the Markdown renderer write, that finds each start tag's attributes with byte searches, and gives up, so that the tokenizer reads the page instead, at anything it would read differently from the tokenizer.
//!
//! Where it answers, it finds what the tokenizer (html5gum, with its states switched
//! naively after raw-text elements) reports: the same attributes of the same start
//! tags, with their values' character references decoded, at the same offsets. It
//! answers only for text the tokenizer reads without a parse error inside a tag, since
//! such an error makes the checker drop the rest of the tag; anything else (an
//! unusual character reference, a `\r`, a script holding `<!--`, a quote in a doctype,
//! a tag cut off by the end of the text, ...) gives `None`, and the page is read by
//! the tokenizer. Tests compare the two on every page of the sample sites.

use std::borrow::Cow;
use std::ops::Range;

use memchr::{memchr, memchr2, memmem};

/// What the reader reports of one attribute of a start tag: whether the tag is an
/// `<a>`, the attribute's name as written, its value with character references
/// decoded (never empty), and the offset the tokenizer gives it.
pub(super) type Visit<'v> = dyn FnMut(bool, &[u8], Cow<'_, [u8]>, usize) + 'v;

/// Reads the ranges `pieces` of `html`, each from the tokenizer's data state, calling
/// `visit` for each attribute with a value. `None` when the tokenizer must read it.
pub(super) fn read(html: &str, pieces: &[Range<usize>], visit: &mut Visit) -> Option<()> {
    let html = html.as_bytes();
    // The tokenizer reads `\r\n` as `\n`, which would move its offsets, and a NUL is a
    // parse error wherever it is.
    if memchr2(b'\r', b'\0', html).is_some() {
        return None;
    }
    for piece in pieces {
        read_piece(&html[..piece.end], piece.start, visit)?;
    }
    Some(())
}

/// Reads `html[start..]` from the data state.
fn read_piece(html: &[u8], start: usize, visit: &mut Visit) -> Option<()> {
    let end = html.len();
    let mut i = start;
    while let Some(found) = memchr(b'<', &html[i..]) {
        let lt = i + found;
        i = match html.get(lt + 1) {
            None => end,
            Some(b'!') => declaration(html, lt)?,
            Some(b'?') => bogus_comment(html, lt + 2),
            Some(b'/') => match html.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => tag(html, lt + 2, None)?.next,
                Some(b'>') => lt + 3,
                None => end,
                Some(_) => bogus_comment(html, lt + 2),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let read = tag(html, lt + 1, Some(visit))?;
                match raw_text(read.name) {
                    Some(kind) => skip_raw_text(html, read.next, read.name, kind)?,
                    None => read.next,
                }
            }
            // A `<` that starts no tag is text.
            Some(_) => lt + 1,
        };
    }
    Some(())
}

/// After `<!` at `lt`: a comment, a doctype or a bogus comment. Returns where the
/// text goes on.
fn declaration(html: &[u8], lt: usize) -> Option<usize> {
    let rest = &html[lt + 2..];
    if let Some(body) = rest.strip_prefix(b"--") {
        // `<!-->` and `<!--->` end at once, and `--!>` ends a comment too: left to
        // the tokenizer.
        if body.starts_with(b">") || body.starts_with(b"->") {
            return None;
        }
        let start = lt + 4;
        return match memmem::find(body, b"-->") {
            Some(at) if memmem::find(&body[..at], b"--!").is_none() => Some(start + at + 3),
            Some(_) => None,
            // A comment left open runs to the end of the text.
            None if memmem::find(body, b"--!").is_none() => Some(html.len()),
            None => None,
        };
    }
    if rest.starts_with(b"[CDATA[") {
        return None;
    }
    // A doctype's quoted identifiers may hold a `>`.
    let end = memchr(b'>', rest).map_or(rest.len(), |at| at + 1);
    if memchr2(b'"', b'\'', &rest[..end]).is_some() {
        return None;
    }
    Some(lt + 2 + end)
}

/// A bogus comment starting at `from` runs to the next `>`.
fn bogus_comment(html: &[u8], from: usize) -> usize {
    memchr(b'>', &html[from..]).map_or(html.len(), |at| from + at + 1)
}

/// A tag read: its name as written and where the text after it starts.
struct Read<'h> {
    name: &'h [u8],
    next: usize,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// The bytes of the tag and attribute names this reader accepts: any other is left
/// to the tokenizer.
fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b':' | b'.')
}

/// Reads the tag whose name starts at `start`, up to and including its `>`, calling
/// `visit` for each attribute with a value when it is a start tag.
fn tag<'h>(html: &'h [u8], start: usize, mut visit: Option<&mut Visit>) -> Option<Read<'h>> {
    let len = html.len();
    let skip_spaces = |mut at: usize| {
        while at < len && is_space(html[at]) {
            at += 1;
        }
        at
    };
    let name_end = |mut at: usize| {
        while at < len && is_name_byte(html[at]) {
            at += 1;
        }
        at
    };
    let mut j = name_end(start);
    let name = &html[start..j];
    let anchor = name.eq_ignore_ascii_case(b"a");
    loop {
        // A name must end at a space, `/`, `>` or, for an attribute, `=`.
        if !matches!(html.get(j), Some(&c) if is_space(c) || c == b'/' || c == b'>') {
            return None;
        }
        j = skip_spaces(j);
        match *html.get(j)? {
            b'>' => return Some(Read { name, next: j + 1 }),
            b'/' if html.get(j + 1) == Some(&b'>') => return Some(Read { name, next: j + 2 }),
            c if c.is_ascii_alphabetic() => {}
            _ => return None,
        }
        let attribute_start = j;
        j = name_end(j);
        let attribute = &html[attribute_start..j];
        let after = skip_spaces(j);
        if html.get(after) != Some(&b'=') {
            // An attribute without a value.
            continue;
        }
        if !matches!(html.get(j), Some(&c) if is_space(c) || c == b'=') {
            return None;
        }
        let open = skip_spaces(after + 1);
        let (value, at, next) = match *html.get(open)? {
            quote @ (b'"' | b'\'') => {
                let close = open + 1 + memchr(quote, &html[open + 1..])?;
                (&html[open + 1..close], open + 1, close + 1)
            }
            b'>' => return None,
            _ => {
                let mut end = open;
                while end < len && !is_space(html[end]) && html[end] != b'>' {
                    if matches!(html[end], b'"' | b'\'' | b'<' | b'=' | b'`') {
                        return None;
                    }
                    end += 1;
                }
                // The tokenizer gives an unquoted value the offset after its first byte.
                (&html[open..end], open + 1, end)
            }
        };
        let value = decode(value)?;
        if let Some(visit) = visit.as_mut()
            && !value.is_empty()
        {
            visit(anchor, attribute, value, at);
        }
        j = next;
    }
}

/// An attribute's value with its character references decoded, or `None` when the
/// tokenizer would find a parse error in it or decode it in a way this does not.
fn decode(value: &[u8]) -> Option<Cow<'_, [u8]>> {
    if value
        .iter()
        .any(|&b| (b < 0x20 && !is_space(b)) || b == 0x7F)
    {
        return None;
    }
    if !value.is_ascii() {
        let text = std::str::from_utf8(value).ok()?;
        if text.chars().any(|c| !allowed(u32::from(c))) {
            return None;
        }
    }
    let Some(first) = memchr(b'&', value) else {
        return Some(Cow::Borrowed(value));
    };
    let mut decoded = Vec::with_capacity(value.len());
    decoded.extend_from_slice(&value[..first]);
    let mut i = first;
    while i < value.len() {
        if value[i] != b'&' {
            decoded.push(value[i]);
            i += 1;
            continue;
        }
        let rest = &value[i + 1..];
        match rest.first() {
            Some(b'#') => {
                let (digits, radix) = match rest.get(1) {
                    Some(b'x' | b'X') => (&rest[2..], 16),
                    _ => (&rest[1..], 10),
                };
                let count = digits
                    .iter()
                    .take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit()))
                    .count();
                if count == 0 || count > 8 || digits.get(count) != Some(&b';') {
                    return None;
                }
                let text = std::str::from_utf8(&digits[..count]).ok()?;
                let code = u32::from_str_radix(text, radix).ok()?;
                if !allowed(code) {
                    return None;
                }
                let c = char::from_u32(code)?;
                let mut buffer = [0; 4];
                decoded.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                i += 1 + (rest.len() - digits.len()) + count + 1;
            }
            Some(c) if c.is_ascii_alphanumeric() => {
                let (name, text): (&[u8], &[u8]) = [
                    (&b"amp;"[..], &b"&"[..]),
                    (b"lt;", b"<"),
                    (b"gt;", b">"),
                    (b"quot;", b"\""),
                    (b"apos;", b"'"),
                    (b"nbsp;", "\u{A0}".as_bytes()),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name))?;
                decoded.extend_from_slice(text);
                i += 1 + name.len();
            }
            // An `&` that starts no reference is itself.
            _ => {
                decoded.push(b'&');
                i += 1;
            }
        }
    }
    Some(Cow::Owned(decoded))
}

/// Whether a character is one the tokenizer takes in an attribute without a parse
/// error: no control character other than the spaces, no surrogate, no noncharacter.
fn allowed(code: u32) -> bool {
    match code {
        0x09 | 0x0A | 0x0C => true,
        0x20..=0x7E => true,
        0xA0..=0x10_FFFF => {
            !(0xD800..=0xDFFF).contains(&code)
                && !(0xFDD0..=0xFDEF).contains(&code)
                && code & 0xFFFE != 0xFFFE
        }
        _ => false,
    }
}

/// How the tokenizer reads what follows a start tag, when it is not markup.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawText {
    /// Up to the matching end tag (`<title>`, `<style>`, ...).
    UntilEndTag,
    /// Up to the matching end tag, unless it opens a comment-like escape.
    Script,
    /// To the end of the text.
    Plain,
}

/// The elements whose content the tokenizer reads as text, as html5gum's naive state
/// switching names them.
fn raw_text(name: &[u8]) -> Option<RawText> {
    let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
    if [
        "textarea", "title", "style", "iframe", "xmp", "noembed", "noframe", "noscript",
    ]
    .into_iter()
    .any(is)
    {
        Some(RawText::UntilEndTag)
    } else if is("script") {
        Some(RawText::Script)
    } else if is("plaintext") {
        Some(RawText::Plain)
    } else {
        None
    }
}

/// Skips the text content of the raw-text element `name`, from `from`: returns the
/// offset of its end tag's `<`, or the end of the text.
fn skip_raw_text(html: &[u8], from: usize, name: &[u8], kind: RawText) -> Option<usize> {
    if kind == RawText::Plain {
        return Some(html.len());
    }
    let mut at = from;
    while let Some(found) = memmem::find(&html[at..], b"</") {
        let lt = at + found;
        let after = lt + 2 + name.len();
        if html
            .get(lt + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && matches!(html.get(after), Some(&c) if is_space(c) || c == b'/' || c == b'>')
        {
            if kind == RawText::Script && memmem::find(&html[from..lt], b"<!--").is_some() {
                return None;
            }
            return Some(lt);
        }
        at = lt + 2;
    }
    if kind == RawText::Script && memmem::find(&html[from..], b"<!--").is_some() {
        return None;
    }
    Some(html.len())
}
