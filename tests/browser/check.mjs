// Browser checks of a built report site, in real headless Chromium.
//
//   node tests/browser/check.mjs [NAME=]OUT_DIR... [--screenshots DIR]
//                                [--chromium PATH | --cdp URL] [--only layout|print]
//
// Several sites can be checked in one run, in one browser, their pages side by side;
// each check is then named with its site's NAME (the folder's name if not given),
// and --screenshots keeps each site's in a folder of that name.
// --only runs a part of the checks, for working on a page: `layout` the pages at
// every width without axe, `print` the printed PDF. --jobs N checks up to N pages at
// once (3 unless told). It ends with the time each part took.
// --cdp connects to a running Chromium (http://127.0.0.1:PORT of its DevTools
// protocol), as the cargo tests share one; otherwise the script starts its own.
//
// Each OUT_DIR is the output of `scorecard build`. Each site is served from 127.0.0.1
// by a small static server in this script, with a Content-Security-Policy that allows no
// inline style or script, and these checks run on every page type (landing, edition,
// printable report, each section of the latest edition, exceptions, each free page,
// and the 404 page):
//
// - axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules finds no violation, with
//   every <details> open, at 1280 CSS pixels wide on every page and at 320 on every
//   page but the section pages beyond a representative few (see
//   representativeSections); on the printable report, axe skips the bodies of the
//   second and later sections, which it checks on their own pages;
// - at 320 and 1280 CSS pixels on every page, and at 375, 768 and 1024 on every page
//   but the section pages beyond the representative few (one browser context a
//   width; up to --jobs pages, 3 unless told, checked at once): the page never scrolls
//   sideways and nothing sticks out of the
//   viewport except inside a scrolling box a keyboard can reach; no text is cut off by
//   the viewport or a box that hides its overflow, nor wider than its own box, outside
//   a designated scroll region (class `table-scroll`, the wide tables); no text
//   overlaps other text anywhere, a RAG tag counting as its whole framed box and
//   each box counting only as far as its scrolling or clipping boxes show it (a
//   self-test first checks that real overlaps are still found); every
//   chart (an `svg` in a `figure`) is within the viewport with all its labels, the
//   y-axis values among them, in sight;
// - at 375 and 1280 pixels the edition and landing pages open with the overview
//   (`#overview` or `[data-overview]`) within the first screen; its position is
//   printed at the end;
// - on section pages at every width every chart is within the viewport, whole, with
//   its text at least 9 px high;
// - no request fails and the browser reports no error, such as a CSP violation;
// - the charts' names and descriptions in Chromium's accessibility tree are their
//   <title> and <desc>;
// - tabbing through an edition page and a section page, every element that takes
//   focus is on screen, and looks different when focused (compared in screenshots for
//   the first two stops of each kind, see tabThrough); the skip link comes first
//   and moves focus to the main content;
// - the printable report, printed to PDF (A4), opens with a contents list linking
//   every section, has every section, each starting a new page under a running header
//   with the edition and page number, shows its charts, prints no download link or
//   data file address, prints every column header of the summary in full and within
//   the paper (read back with `pdftotext -bbox`), and leaves no page more than half
//   empty except the last page of a part (before a section, before the paper turns
//   to landscape, and the last). Every failure names the page, the width, the element
//   and its box, so it can be found in a screenshot.
//
// It prints one line per check and ends with "N passed, N failed"; the exit code is
// 0 only when nothing failed. Run by tests/it/browser.rs as part of `cargo test`.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
// What a strict host would send: nothing inline, nothing from elsewhere.
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; " +
  "script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// The widths pages are laid out at: a small phone (and 1280 at 400% zoom), a common
// phone, a tablet upright, a tablet on its side or small laptop, a desktop. axe runs
// at the widest and the narrowest only, as its rules barely depend on width and it is
// most of the checks' time.
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 640 };
const VIEWPORTS = [NARROW, { width: 375, height: 812 }, { width: 768, height: 1024 }, { width: 1024, height: 768 }, WIDE];
// The widths at which the overview must be within the first screen (issue 14).
const OVERVIEW_WIDTHS = [375, 1280];
const EDITION = /^\d{4}-\d{2}$/;

function usage(message) {
  console.error(`${message}\nusage: node tests/browser/check.mjs [NAME=]OUT_DIR... [--screenshots DIR] [--chromium PATH | --cdp URL] [--only layout|print] [--jobs N]`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { outs: [], screenshots: null, chromium: '/usr/bin/chromium', cdp: null, only: null, jobs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--screenshots') options.screenshots = argv[++i];
    else if (arg === '--chromium') options.chromium = argv[++i];
    else if (arg === '--cdp') options.cdp = argv[++i];
    else if (arg === '--jobs' && Number(argv[i + 1]) >= 1) options.jobs = Number(argv[++i]);
    else if (arg === '--only' && ['layout', 'print'].includes(argv[i + 1])) options.only = argv[++i];
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else options.outs.push(arg);
  }
  if (!options.outs.length) usage('no output folder given');
  return options;
}

/// Fails at once, with how to install, when a tool the checks need is missing.
function requireTools(options) {
  const missing = [];
  let playwright;
  let axe;
  try {
    playwright = require('playwright-core');
    axe = require('axe-core');
  } catch {
    missing.push('the npm packages playwright-core and axe-core: run `npm ci` in the repository');
  }
  if (!options.cdp && !fs.existsSync(options.chromium)) {
    missing.push(`Chromium at ${options.chromium}: run \`apt-get install -y chromium\``);
  }
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    missing.push('pdftotext: run `apt-get install -y poppler-utils`');
  }
  if (missing.length) {
    console.error(`cannot run the browser checks; missing:\n  - ${missing.join('\n  - ')}`);
    process.exit(3);
  }
  return { chromium: playwright.chromium, axeSource: axe.source };
}

/// The pages to check, by type, found in the built site.
function discover(out) {
  const isPage = (rel) => fs.existsSync(path.join(out, rel, 'index.html'));
  const top = fs.readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory());
  const editions = top.map((d) => d.name).filter((n) => EDITION.test(n)).sort();
  const latest = editions[editions.length - 1];
  const pages = [{ type: 'landing', url: '' }];
  if (latest) {
    pages.push({ type: 'edition', url: `${latest}/` });
    const sections = fs
      .readdirSync(path.join(out, latest), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !['exceptions', 'print'].includes(d.name))
      .map((d) => d.name)
      .filter((n) => isPage(path.join(latest, n)))
      .sort();
    for (const s of sections) pages.push({ type: 'section', url: `${latest}/${s}/` });
    pages.push({ type: 'exceptions', url: `${latest}/exceptions/` });
    pages.push({ type: 'print', url: `${latest}/print/` });
  }
  for (const d of top.map((d) => d.name).sort()) {
    if (!EDITION.test(d) && d !== 'static' && isPage(d)) pages.push({ type: 'free page', url: `${d}/` });
  }
  pages.push({ type: '404', url: 'no-such-page/', status: 404 });
  return pages;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
};

/// A static file server for the built site under `base`, as a host would serve it:
/// folders by their index.html, anything else missing by 404.html with status 404.
function serve(out, base) {
  const root = fs.realpathSync(out);
  const server = http.createServer((req, res) => {
    const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' };
    let rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    let file = null;
    if (rel.startsWith(base)) {
      rel = rel.slice(base.length);
      let candidate = path.resolve(root, rel);
      if (candidate.endsWith(path.sep) || (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory())) {
        candidate = path.join(candidate, 'index.html');
      }
      if ((candidate === root || candidate.startsWith(root + path.sep)) && fs.existsSync(candidate)) file = candidate;
    }
    if (!file) {
      res.writeHead(404, { ...headers, 'content-type': CONTENT_TYPES['.html'] });
      res.end(fs.readFileSync(path.join(root, '404.html')));
      return;
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { ...headers, 'content-type': type });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/// The site's base path, read from the 404 page, which links its stylesheet by
/// absolute path because it is served at any depth.
function basePath(out) {
  const html = fs.readFileSync(path.join(out, '404.html'), 'utf8');
  const m = html.match(/href="([^"]*)static\/style\.css"/);
  return m && m[1].startsWith('/') ? m[1] : '/';
}

class Results {
  constructor() {
    this.passed = 0;
    this.failed = 0;
    this.axe = new Map();
    this.overview = [];
    this.times = [];
  }
  axeCount(type, width, count) {
    const row = this.axe.get(type) || { wide: 0, narrow: 0 };
    row[width === WIDE.width ? 'wide' : 'narrow'] += count;
    this.axe.set(type, row);
  }
}

/// One piece of the checks, run beside others: it counts into the shared results and
/// keeps its lines, which are printed in the order the pieces were listed, so the
/// report reads the same however the pieces interleave.
class Part {
  // `prefix` names the site, when several are checked in one run.
  constructor(results, prefix = '') {
    this.results = results;
    this.prefix = prefix;
    this.lines = [];
    this.overview = { push: (o) => results.overview.push({ ...o, label: prefix + o.label }) };
  }
  check(ok, name, detail = '') {
    if (ok) this.results.passed++;
    else this.results.failed++;
    this.lines.push(`${ok ? 'ok' : 'FAIL'} - ${this.prefix}${name}${!ok && detail ? `\n    ${detail.replace(/\n/g, '\n    ')}` : ''}`);
  }
  note(line) {
    this.lines.push(line);
  }
  axeCount(type, width, count) {
    this.results.axeCount(this.prefix + type, width, count);
  }
  // How long a part of the checks took, in milliseconds, for the timing table.
  took(part, type, width, since) {
    this.results.times.push({ part, type, width, ms: performance.now() - since });
  }
}

/// Runs `pieces` (each an async function `run` of a Part, and the `prefix` its checks
/// are named with), at most `jobs` at a time, and prints each one's lines once it and
/// every piece before it are done. A piece that throws fails with its error rather
/// than ending the run.
async function runPieces(jobs, pieces, results) {
  const parts = pieces.map((piece) => new Part(results, piece.prefix));
  const done = pieces.map(() => false);
  let next = 0;
  let printed = 0;
  const worker = async () => {
    while (next < pieces.length) {
      const i = next++;
      try {
        await pieces[i].run(parts[i]);
      } catch (e) {
        parts[i].check(false, 'a check ran to completion', String(e?.stack ?? e));
      }
      done[i] = true;
      for (; printed < pieces.length && done[printed]; printed++) for (const line of parts[printed].lines) console.log(line);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, pieces.length) }, worker));
}

/// Opens `url` in `page`, recording failed requests and browser errors.
async function open(page, url, expectStatus) {
  const problems = [];
  // The site names no icon, and Chromium asks for /favicon.ico now and then anyway,
  // which a host answers with its 404 page: that is not the site's request.
  const favicon = (u) => /\/favicon\.ico$/.test(u ?? '');
  const onResponse = (r) => {
    if (r.status() >= 400 && !(r.url() === url && r.status() === expectStatus) && !favicon(r.url())) problems.push(`${r.status()} ${r.url()}`);
  };
  const onFailed = (r) => problems.push(`failed ${r.url()}: ${r.failure()?.errorText}`);
  const onConsole = (m) => {
    // The 404 page's own status is logged as an error; it is expected.
    if (m.type() === 'error' && !(expectStatus === 404 && /404/.test(m.text())) && !favicon(m.location()?.url)) {
      problems.push(`console: ${m.text()}${m.location()?.url ? ` (${m.location().url})` : ''}`);
    }
  };
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  page.on('console', onConsole);
  const response = await page.goto(url, { waitUntil: 'load' });
  page.off('response', onResponse);
  page.off('requestfailed', onFailed);
  page.off('console', onConsole);
  return { status: response.status(), problems };
}

/// axe on the page with every <details> open; on the printable report, without the
/// bodies of its second and later sections (see `axeSkipsRepeatedSections`), which
/// are removed from the page first: axe's slowest rules (contrast, target size, links
/// in text) look at the whole document whatever it is told to exclude. axe comes last
/// among a page's checks, so the others see the page whole.
async function runAxe(page, axeSource, skipRepeatedSections) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to axe.
  await page.evaluate(axeSource);
  await page.evaluate((skip) => {
    document.querySelectorAll('details').forEach((d) => (d.open = true));
    if (!skip) return;
    for (const section of [...document.querySelectorAll('.report-section')].slice(1)) {
      for (const child of [...section.children]) {
        if (!/^H[1-6]$/.test(child.tagName) && !child.classList.contains('caption')) child.remove();
      }
    }
  }, skipRepeatedSections);
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
}

function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `  at ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'))
    .join('\n');
}

/// The layout at the current width, as a reader sees it: whether the page scrolls
/// sideways, which elements stick out of the viewport without a scrolling box of their
/// own that a keyboard can reach, which text is clipped or overlaps other text, and
/// whether each chart fits the viewport with all its labels in sight.
///
/// The designated scroll regions are the elements with class `table-scroll` (wide
/// tables, which WCAG 1.4.10 lets scroll in two dimensions): text inside one may run
/// past the viewport, as the reader scrolls it into view, but it may still not overlap
/// other text. Everything else must fit: charts scale to their container.
async function layout(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    const px = (n) => Math.round(n);
    const box = (r) => `[${px(r.left)},${px(r.top)} to ${px(r.right)},${px(r.bottom)}]`;
    const name = (el) => {
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + cls;
    };
    const quote = (t) => `"${t.replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    const SCROLL_REGION = '.table-scroll';
    // Visually hidden text (read by screen readers) and anything not rendered is skipped.
    const hiddenCache = new Map();
    const hidden = (el) => {
      if (!el || el === document.body) return false;
      if (hiddenCache.has(el)) return hiddenCache.get(el);
      const s = getComputedStyle(el);
      // checkVisibility also sees the inside of a closed <details>, which keeps its
      // boxes but is not painted.
      const h = !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) ||
        s.clipPath.startsWith('inset(50%') || hidden(el.parentElement);
      hiddenCache.set(el, h);
      return h;
    };

    // Elements sticking out of the viewport, as at 400% zoom (WCAG 1.4.10).
    const outside = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || r.right <= width + 1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.clipPath.startsWith('inset(50%')) continue;
      let scroller = null;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') {
          scroller = a;
          break;
        }
      }
      const reachable = scroller && ['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX) &&
        (scroller.tabIndex >= 0 || scroller.querySelector('a[href], button, input, [tabindex]'));
      if (!reachable) {
        outside.push(`${name(el)} ends at ${px(r.right)}px${scroller ? ` (cut off by ${name(scroller)})` : ''}`);
      }
    }

    // Every piece of text, one box per line it takes; an inline-block with a border or
    // background (a RAG tag) counts as its whole box, as that is what the eye sees.
    const texts = [];
    const clipped = [];
    const overflowing = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const boxed = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || el.closest('svg, script, style, template') || hidden(el)) continue;
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
      if (!rects.length) continue;
      const inRegion = !!el.closest(SCROLL_REGION);
      // Off-screen on purpose, as the skip link is until focused.
      if (rects.every((r) => r.right <= 0 || r.bottom <= 0)) continue;
      const s = getComputedStyle(el);
      const framed = s.display === 'inline-block' &&
        (s.backgroundColor !== 'rgba(0, 0, 0, 0)' || parseFloat(s.borderTopWidth) > 0);
      if (framed) {
        if (!boxed.has(el)) {
          boxed.add(el);
          texts.push({ el, text: node.textContent, r: el.getBoundingClientRect() });
        }
      } else {
        for (const r of rects) texts.push({ el, text: node.textContent, r });
      }
      // Cut off at the edge of the viewport, outside a scroll region.
      if (!inRegion) {
        const cut = rects.find((r) => r.right > width + 1 || (r.left < -1 && r.right > 0));
        if (cut) clipped.push(`${name(el)} ${quote(node.textContent)} at ${box(cut)} runs past the viewport (0 to ${width})`);
      }
      // Cut off by an ancestor that hides its overflow, other than a scroll region.
      for (let a = el; a && a !== document.body; a = a.parentElement) {
        const as = getComputedStyle(a);
        if (as.overflowX === 'visible' && as.overflowY === 'visible') continue;
        if (a.matches(SCROLL_REGION)) break;
        const ar = a.getBoundingClientRect();
        const cut = rects.find((r) => r.left < ar.left - 1 || r.right > ar.right + 1 || r.top < ar.top - 1 || r.bottom > ar.bottom + 1);
        if (cut) clipped.push(`${name(el)} ${quote(node.textContent)} at ${box(cut)} is cut off by ${name(a)} at ${box(ar)}`);
        break;
      }
      // Text wider than the box that holds it spills over its neighbours.
      if (!inRegion && !['inline', 'contents'].includes(s.display) && el.scrollWidth > el.clientWidth + 1 && !overflowing.has(el)) {
        overflowing.add(el);
        clipped.push(`${name(el)} ${quote(el.textContent)} is ${el.scrollWidth}px wide in a box of ${el.clientWidth}px`);
      }
    }

    // What of each box the reader can see: a box scrolled out of a scrolling box, or
    // cut away by a box that hides its overflow, is not on screen where its geometry
    // says (the rows of a summary table below the fold of its .summary-scroll region
    // lie under whatever follows the region), so only the part inside the padding box
    // of every such ancestor is compared. Text wholly out of sight is not compared.
    const clipCache = new Map();
    const clipOf = (el) => {
      if (!el || el === document.body || el === document.documentElement) return null;
      if (clipCache.has(el)) return clipCache.get(el);
      let clip = clipOf(el.parentElement);
      const s = getComputedStyle(el);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const r = el.getBoundingClientRect();
        const own = { left: r.left + el.clientLeft, top: r.top + el.clientTop };
        own.right = own.left + el.clientWidth;
        own.bottom = own.top + el.clientHeight;
        clip = clip ? {
          left: Math.max(clip.left, own.left), top: Math.max(clip.top, own.top),
          right: Math.min(clip.right, own.right), bottom: Math.min(clip.bottom, own.bottom),
        } : own;
      }
      clipCache.set(el, clip);
      return clip;
    };
    const inSight = [];
    for (const t of texts) {
      const c = clipOf(t.el);
      if (!c) {
        inSight.push(t);
        continue;
      }
      const r = {
        left: Math.max(t.r.left, c.left), top: Math.max(t.r.top, c.top),
        right: Math.min(t.r.right, c.right), bottom: Math.min(t.r.bottom, c.bottom),
      };
      if (r.right - r.left > 0.5 && r.bottom - r.top > 0.5) inSight.push({ ...t, r });
    }
    // A sticky header that has stuck, because its scrolling box is scrolled, paints
    // over what scrolls beneath it: that is covering, not overlapping. At rest (not
    // scrolled, as these checks leave every box) a sticky element is where the flow
    // puts it, and an overlap with it is a real one.
    const stuckCache = new Map();
    const stuck = (el) => {
      if (stuckCache.has(el)) return stuckCache.get(el);
      let found = null;
      for (let a = el; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).position !== 'sticky') continue;
        let scroller = a.parentElement;
        while (scroller && scroller !== document.body && getComputedStyle(scroller).overflowY === 'visible' &&
          getComputedStyle(scroller).overflowX === 'visible') scroller = scroller.parentElement;
        const scrolled = scroller && scroller !== document.body
          ? scroller.scrollTop > 0 || scroller.scrollLeft > 0
          : window.scrollY > 0 || window.scrollX > 0;
        if (scrolled && getComputedStyle(a).backgroundColor !== 'rgba(0, 0, 0, 0)') found = a;
        break;
      }
      stuckCache.set(el, found);
      return found;
    };
    const covered = (a, b) => {
      const sa = stuck(a.el);
      const sb = stuck(b.el);
      return sa !== sb && ((sa && !sa.contains(b.el)) || (sb && !sb.contains(a.el)));
    };

    // Overlapping text: a sweep down the page, comparing each box with those that start
    // above its bottom edge.
    texts.length = 0;
    texts.push(...inSight);
    texts.sort((a, b) => a.r.top - b.r.top);
    const overlaps = [];
    for (let i = 0; i < texts.length && overlaps.length < 10; i++) {
      const a = texts[i];
      for (let j = i + 1; j < texts.length && texts[j].r.top < a.r.bottom; j++) {
        const b = texts[j];
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el) || covered(a, b)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 2) {
          overlaps.push(`${name(a.el)} ${quote(a.text)} at ${box(a.r)} overlaps ${name(b.el)} ${quote(b.text)} at ${box(b.r)}`);
          if (overlaps.length >= 10) break;
        }
      }
    }

    // Charts: each fits the viewport, and each of its labels (the y-axis values first
    // among them) is in sight, not scrolled or cut away.
    const charts = [];
    for (const svg of document.querySelectorAll('figure svg')) {
      if (hidden(svg)) continue;
      const r = svg.getBoundingClientRect();
      const label = name(svg) + (svg.querySelector('title') ? ` ${quote(svg.querySelector('title').textContent)}` : '');
      if (r.left < -1 || r.right > width + 1) {
        charts.push(`${label} at ${box(r)} is not within the viewport (0 to ${width})`);
        continue;
      }
      let view = { left: 0, right: width };
      for (let a = svg.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') {
          const ar = a.getBoundingClientRect();
          view = { left: Math.max(view.left, ar.left), right: Math.min(view.right, ar.right) };
        }
      }
      const lost = [...svg.querySelectorAll('text')].filter((t) => {
        const tr = t.getBoundingClientRect();
        return tr.width > 0 && (tr.left < view.left - 1 || tr.right > view.right + 1);
      });
      if (lost.length) {
        charts.push(`${label}: labels out of sight: ${lost.slice(0, 4).map((t) => `${quote(t.textContent)} at ${box(t.getBoundingClientRect())}`).join(', ')} (visible ${px(view.left)} to ${px(view.right)})`);
      }
    }
    return { width, scrollWidth, outside: outside.slice(0, 10), clipped: clipped.slice(0, 10), clippedCount: clipped.length, overlaps, charts: charts.slice(0, 10), chartCount: document.querySelectorAll('figure svg').length };
  });
}

/// Where the edition's overview sits: the element `#overview` (or `[data-overview]`),
/// which issue 14 asks for at the top of every edition and of the landing page.
async function overviewPosition(page) {
  return page.evaluate(() => {
    const el = document.querySelector('#overview, [data-overview]');
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top + window.scrollY), height: window.innerHeight };
  });
}

/// Charts that do not fit the viewport whole, or whose text is drawn too small to
/// read: each chart scales to its column, so its y axis and numbers are always in view.
async function chartFit(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const bad = [];
    for (const svg of document.querySelectorAll('svg.chart')) {
      const r = svg.getBoundingClientRect();
      const name = svg.querySelector('title')?.textContent.trim().slice(0, 40) ?? 'a chart';
      if (r.left < 0 || r.right > width + 0.5) bad.push(`${name}: spans ${Math.round(r.left)} to ${Math.round(r.right)}px`);
      const text = svg.querySelector('text');
      const units = svg.viewBox.baseVal?.width || r.width;
      const px = text ? parseFloat(getComputedStyle(text).fontSize) * (r.width / units) : 99;
      if (px < 9) bad.push(`${name}: text ${px.toFixed(1)}px high`);
    }
    return bad;
  });
}

/// The computed accessible name and description of every chart, from Chromium's
/// accessibility tree (what a screen reader is given), beside its <title> and <desc>.
async function chartAccessibility(page) {
  const expected = await page.evaluate(() =>
    [...document.querySelectorAll('svg.chart')].map((svg) => ({
      title: svg.querySelector('title')?.textContent.trim() ?? '',
      desc: svg.querySelector('desc')?.textContent.trim() ?? '',
    })),
  );
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const images = nodes
    .filter((n) => !n.ignored && (n.role?.value === 'image' || n.role?.value === 'img'))
    .map((n) => ({ name: n.name?.value ?? '', description: n.description?.value ?? '' }));
  return { expected, images };
}

/// Tabs through the page; returns each stop and any stop whose focus is not seen.
///
/// Every stop must be on screen. Whether focus shows is compared in screenshots
/// (focused, then not) for the first two stops of each kind: the same tag with the
/// same attributes (other than the ones naming where it leads or what it says) under
/// the same chain of tags and classes, which the same style rules draw the same way.
/// The summary table's many links were most of this check's time, each the same link
/// in another row.
async function tabThrough(page) {
  const stops = [];
  const problems = [];
  const kinds = new Map();
  let compared = 0;
  const viewport = page.viewportSize();
  // A real Tab key, as page.keyboard.press sends it (the DevTools protocol's key events),
  // but its key down and key up sent together: the walk waits on the browser twice a
  // stop rather than three times, and the edition page has over 200 stops. The key up
  // is answered once the page has handled both, so the focus has moved by then.
  const cdp = await page.context().newCDPSession(page);
  const tabKey = { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9 };
  const tab = () => Promise.all([
    cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...tabKey }),
    cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...tabKey }),
  ]);
  for (let i = 0; i < 1000; i++) {
    await tab();
    const info = await page.evaluate(() => {
      const e = document.activeElement;
      const r = e.getBoundingClientRect();
      const label = (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
      const own = ['href', 'id', 'title', 'aria-label', 'aria-labelledby', 'aria-describedby', 'download', 'data-url'];
      const attributes = e.getAttributeNames().filter((n) => !own.includes(n)).sort().map((n) => `${n}=${e.getAttribute(n)}`);
      const chain = [];
      for (let a = e; a && a !== document.documentElement; a = a.parentElement) chain.push(`${a.tagName}.${[...a.classList].sort().join('.')}`);
      const kind = `${chain.join('<')} [${attributes.join(' ')}]`;
      return { tag: e.tagName.toLowerCase(), label, kind, x: r.left, y: r.top, right: r.right, bottom: r.bottom, body: e === document.body };
    });
    if (info.body) break;
    const key = `${info.tag} "${info.label}"`;
    if (stops.length && stops[0].key === key && stops[0].y === info.y) break;
    stops.push({ key, y: info.y });
    const onScreen = info.right > 0 && info.bottom > 0 && info.x < viewport.width && info.y < viewport.height && info.right - info.x > 1;
    if (!onScreen) {
      problems.push(`${key} is focused off screen (${Math.round(info.x)}, ${Math.round(info.y)})`);
      continue;
    }
    const seen = kinds.get(info.kind) ?? 0;
    kinds.set(info.kind, seen + 1);
    if (seen >= 2) continue;
    compared++;
    // Only the element and a margin for its focus outline are compared: two shots of
    // the whole viewport per tab stop were most of this check's time.
    const margin = 8;
    const x = Math.max(0, info.x - margin);
    const y = Math.max(0, info.y - margin);
    const clip = {
      x,
      y,
      width: Math.max(1, Math.min(viewport.width, info.right + margin) - x),
      height: Math.max(1, Math.min(viewport.height, info.bottom + margin) - y),
    };
    const focused = await page.screenshot({ clip });
    await page.evaluate(() => {
      window.__focused = document.activeElement;
      window.__focused.blur();
    });
    const blurred = await page.screenshot({ clip });
    await page.evaluate(() => window.__focused.focus());
    if (focused.equals(blurred)) problems.push(`${key} looks the same focused and not focused`);
  }
  await cdp.detach();
  return { stops, compared, problems };
}

async function screenshots(page, dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  const { width } = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const chunk = width < 600 ? 1200 : 1000;
  for (let y = 0, k = 0; y < height; y += chunk, k++) {
    await page.screenshot({
      path: path.join(dir, `${name}-${width}-${k}.png`),
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(chunk, height - y) },
    });
  }
}

/// The overlap check, tried on a page made to overlap: text laid over other text is
/// found, while rows hidden below the fold of a scrolling box, which lie under the
/// caption that follows it, and rows scrolled under a stuck sticky header are not.
async function selfTest(browser, results) {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  await page.setContent(`<!doctype html><html lang="en"><body style="margin:0;font:16px/20px sans-serif">
    <p style="position:relative;margin:0;height:20px"><span>Overlapped text</span><span style="position:absolute;left:10px;top:4px">Laid over it</span></p>
    <div style="max-height:60px;overflow:auto"><table style="border-collapse:collapse">
      <thead><tr><th style="position:sticky;top:0;background:#fff">Header</th></tr></thead>
      <tbody>${'<tr><td>Hidden row</td></tr>'.repeat(8)}</tbody></table></div>
    <p style="margin:0">Caption after the region</p>
    <div id="scrolled" style="max-height:60px;overflow:auto"><table style="border-collapse:collapse">
      <thead><tr><th style="position:sticky;top:0;background:#fff">Stuck header</th></tr></thead>
      <tbody>${'<tr><td>Scrolled row</td></tr>'.repeat(8)}</tbody></table></div>
    </body></html>`);
  await page.evaluate(() => { document.getElementById('scrolled').scrollTop = 7; });
  const r = await layout(page);
  const found = r.overlaps.filter((o) => o.includes('Overlapped text') && o.includes('Laid over it'));
  results.check(found.length === 1 && r.overlaps.length === 1,
    'self-test: the overlap check finds text laid over text, and not what a scrolling box hides or a stuck header covers',
    r.overlaps.join('\n') || 'no overlap found');
  await context.close();
}

/// The section pages to lay out at the middle widths and to run axe on at the narrow
/// one: a few that between them hold every kind of element any section page holds
/// (each tag with each of its classes, read from the built HTML), picked greedily, the
/// one adding most kinds first, ties by address, so the same site always gives the
/// same pages. Section pages share one template and differ in their data: what can
/// break at one width and not another is a kind of element (a wide table, a range
/// target's bands, a chart with a gap), and each kind is laid out at every width.
/// Every section page is still checked at 320 and 1280, the narrowest and widest,
/// where text runs longest against its box and where the most sits side by side.
function representativeSections(out, pages) {
  const kinds = new Map();
  for (const p of pages.filter((p) => p.type === 'section')) {
    const html = fs.readFileSync(path.join(out, p.url, 'index.html'), 'utf8');
    const found = new Set();
    for (const m of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
      const tag = m[1].toLowerCase();
      found.add(tag);
      const cls = m[2].match(/\sclass="([^"]*)"/);
      for (const c of cls ? cls[1].split(/\s+/).filter(Boolean) : []) found.add(`${tag}.${c}`);
    }
    kinds.set(p.url, found);
  }
  const chosen = new Set();
  const covered = new Set();
  for (;;) {
    let best = null;
    let gain = 0;
    for (const [url, found] of [...kinds].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const g = [...found].filter((k) => !covered.has(k)).length;
      if (g > gain) [best, gain] = [url, g];
    }
    if (!best) break;
    chosen.add(best);
    for (const k of kinds.get(best)) covered.add(k);
  }
  return chosen;
}

/// Whether axe skips the bodies of the printable report's second and later sections.
/// The report is the edition page's body and then every section page's body, one after
/// another (themes/default/templates/print.html): axe sees all of it but those bodies,
/// which are the same template with the same data as their own section pages, where
/// axe checks them at 1280 px. Their headings and captions stay in, for the order of
/// headings. With every section in, axe took over a minute on this page alone; the
/// layout checks still see every section at every width.
function axeSkipsRepeatedSections(type) {
  return type === 'print';
}

/// Every check of one page at one width.
async function checkPage(results, context, viewport, p, origin, axeSource, options) {
  const page = await context.newPage();
  const url = origin + p.url;
  const label = `${p.type} /${p.url} at ${viewport.width}px`;
  let t = performance.now();
  const { status, problems } = await open(page, url, p.status);
  results.took('open', p.type, viewport.width, t);
  t = performance.now();
  results.check(status === (p.status ?? 200), `${label}: status ${status}`);
  results.check(problems.length === 0, `${label}: every request succeeds, no browser errors`, problems.join('\n'));
  if (options.screenshots) await screenshots(page, options.screenshots, (p.url || 'index').replace(/\/+$/, '').replace(/\//g, '_'));
  const r = await layout(page);
  results.check(
    r.scrollWidth <= r.width && r.outside.length === 0,
    `${label}: no sideways scrolling of the page, nothing cut off`,
    (r.scrollWidth > r.width ? `page is ${r.scrollWidth}px wide in a ${r.width}px viewport\n` : '') + r.outside.join('\n'),
  );
  results.check(
    r.clipped.length === 0,
    `${label}: no text clipped or spilling out of its box outside a .table-scroll region`,
    r.clipped.join('\n') + (r.clippedCount > r.clipped.length ? `\n(and ${r.clippedCount - r.clipped.length} more)` : ''),
  );
  results.check(r.overlaps.length === 0, `${label}: no text overlaps other text`, r.overlaps.join('\n'));
  if (r.chartCount) {
    results.check(r.charts.length === 0, `${label}: ${r.chartCount} charts within the viewport, every label in sight`, r.charts.join('\n'));
  }
  if ((p.type === 'edition' || p.type === 'landing') && OVERVIEW_WIDTHS.includes(viewport.width)) {
    // Issue 14: the state at a glance opens the edition and the landing page.
    const o = await overviewPosition(page);
    results.overview.push({ label, top: o?.top });
    results.check(
      o !== null && o.top < o.height,
      `${label}: the overview (#overview) starts within the first screen`,
      o === null
        ? 'there is no element #overview or [data-overview] on the page (the overview of issue 14)'
        : `#overview starts at ${o.top}px, below the first screen of ${o.height}px`,
    );
  }
  if (p.type === 'section') {
    const bad = await chartFit(page);
    results.check(bad.length === 0, `${label}: every chart is in view whole, y axis and all, with legible text`, bad.join('\n'));
  }
  if (viewport === WIDE && (p.type === 'section' || p.type === 'print')) {
    const { expected, images } = await chartAccessibility(page);
    const wrong = expected.filter((e) => !images.some((i) => i.name === e.title && i.description === e.desc));
    // One chart per indicator the page shows: a section whose measures have all
    // ended shows none, and that is right.
    // A qualitative measure's panel shows its judgements in place of a chart.
    const panels = await page.locator('section.panel:not(:has(.judgement-figure))').count();
    // And an XmR chart for each indicator with statistical process control
    // (issue 17, docs/spc.md).
    const xmr = await page.locator('figure.spc-figure').count();
    // And the small multiples of each measure broken down by team or locality
    // (issue 18, docs/format.md "Breakdowns").
    const breakdowns = await page.locator('figure.breakdown-figure').count();
    results.check(
      expected.length === panels + xmr + breakdowns && wrong.length === 0,
      `${label}: ${expected.length} charts are images named by their title, described by their desc`,
      wrong.map((w) => `not found in the accessibility tree: "${w.title}"`).join('\n'),
    );
  }
  results.took('layout', p.type, viewport.width, t);
  if (p.axe && !options.only) {
    t = performance.now();
    const axe = await runAxe(page, axeSource, axeSkipsRepeatedSections(p.type));
    results.axeCount(p.type, viewport.width, axe.violations.length);
    results.check(axe.violations.length === 0, `${label}: axe finds ${axe.violations.length} violations`, describeViolations(axe.violations));
    results.took('axe', p.type, viewport.width, t);
  }
  await page.close();
}

/// The skip link and the focus at every tab stop of one page, at 1280 px.
async function checkTabbing(results, context, p, origin) {
  const t = performance.now();
  const page = await context.newPage();
  await open(page, origin + p.url);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => ({ cls: document.activeElement.className, top: document.activeElement.getBoundingClientRect().left >= 0 }));
  results.check(skip.cls === 'skip-link' && skip.top, `${p.type} /${p.url}: the first Tab shows the skip link`);
  await page.keyboard.press('Enter');
  const target = await page.evaluate(() => document.activeElement.id);
  results.check(target === 'main', `${p.type} /${p.url}: the skip link moves focus to the main content`, `focus is on #${target}`);
  await open(page, origin + p.url);
  const { stops, compared, problems } = await tabThrough(page);
  results.check(
    stops.length > 5 && problems.length === 0,
    `${p.type} /${p.url}: focus is visible at each of ${stops.length} tab stops (${compared} kinds of stop compared in screenshots)`,
    problems.join('\n'),
  );
  await page.close();
  results.took('tabbing', p.type, WIDE.width, t);
}

/// One site to check: its output folder, the name its checks are reported under when
/// several sites are checked in one run, and what is found in it.
function site(spec, several) {
  const at = spec.indexOf('=');
  const name = at > 0 ? spec.slice(0, at) : path.basename(path.resolve(spec));
  const out = path.resolve(at > 0 ? spec.slice(at + 1) : spec);
  const pages = discover(out);
  return { name, out, prefix: several ? `${name}: ` : '', base: basePath(out), pages, representative: representativeSections(out, pages) };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { chromium, axeSource } = requireTools(options);
  const sites = options.outs.map((spec) => site(spec, options.outs.length > 1));
  const results = new Results();
  for (const s of sites) {
    const first = new Part(results, s.prefix);
    const types = new Set(s.pages.map((p) => p.type));
    for (const type of ['landing', 'edition', 'section', 'exceptions', 'print', 'free page', '404']) {
      first.check(types.has(type), `the site has a ${type} page`);
    }
    for (const line of first.lines) console.log(line);
  }
  const servers = [];
  for (const s of sites) {
    const server = await serve(s.out, s.base);
    servers.push(server);
    s.origin = `http://127.0.0.1:${server.address().port}${s.base}`;
  }
  const browser = options.cdp
    ? await chromium.connectOverCDP(options.cdp)
    : await chromium.launch({ executablePath: options.chromium, args: CHROMIUM_FLAGS });
  const contexts = [];
  // One browser context a width (and one for tabbing), shared by every site's pages.
  const contextFor = new Map();
  const context = async (viewport) => {
    if (!contextFor.has(viewport)) {
      const c = await browser.newContext({ viewport });
      // Pages checked side by side on a loaded machine can take longer than
      // Playwright's 30 s to load; a page that never loads still fails.
      c.setDefaultTimeout(180_000);
      contexts.push(c);
      contextFor.set(viewport, c);
    }
    return contextFor.get(viewport);
  };
  const screenshotsOf = (s) =>
    options.screenshots && sites.length > 1 ? path.join(options.screenshots, s.name) : options.screenshots;
  try {
    // The pieces of every site go to one pool of --jobs workers, the slowest first
    // (tabbing, which waits on the browser at every stop, then printing, then the
    // widest and narrowest widths, which hold axe), so that no site's last slow
    // piece runs alone at the end.
    const pieces = [];
    if (options.only !== 'print') {
      pieces.push({ prefix: '', run: async (part) => {
        const t = performance.now();
        await selfTest(browser, part);
        part.took('self-test', '', 800, t);
      } });
    }
    if (!options.only) {
      // Tabbing has a context of its own: it presses keys, which go to one page at a time.
      const tabbing = await browser.newContext({ viewport: WIDE });
      tabbing.setDefaultTimeout(180_000);
      contexts.push(tabbing);
      for (const s of sites) {
        for (const p of s.pages.filter((p) => p.type === 'edition' || p.type === 'section').slice(0, 2)) {
          pieces.push({ prefix: s.prefix, run: (part) => checkTabbing(part, tabbing, p, s.origin) });
        }
      }
    }
    if (options.only !== 'layout') {
      for (const s of sites) {
        pieces.push({ prefix: s.prefix, run: async (part) => {
          const t = performance.now();
          await printCheck(browser, s.origin, s.pages, part, { ...options, screenshots: screenshotsOf(s) });
          part.took('print', '', WIDE.width, t);
        } });
      }
    }
    // The widest and the narrowest first: they hold the slowest pages (axe).
    const order = [WIDE, NARROW, ...VIEWPORTS.filter((v) => v !== WIDE && v !== NARROW)];
    for (const viewport of options.only === 'print' ? [] : order) {
      const extreme = viewport === WIDE || viewport === NARROW;
      for (const s of sites) {
        for (const p of s.pages) {
          if (!extreme && p.type === 'section' && !s.representative.has(p.url)) continue;
          // axe at 1280 on every page, and at 320 on every page but the sections beyond
          // the representative ones: its rules barely depend on width (target size and
          // scrolling regions do), and it is most of the checks' time.
          const axe = viewport === WIDE || (viewport === NARROW && (p.type !== 'section' || s.representative.has(p.url)));
          pieces.push({ prefix: s.prefix, run: async (part) =>
            checkPage(part, await context(viewport), viewport, { ...p, axe }, s.origin, axeSource, { ...options, screenshots: screenshotsOf(s) }) });
        }
      }
    }
    await runPieces(options.jobs, pieces, results);
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await browser.close();
    for (const server of servers) server.close();
  }

  for (const s of sites) {
    console.log(`\n${s.prefix}section pages laid out at ${VIEWPORTS.filter((v) => v !== WIDE && v !== NARROW).map((v) => v.width).join(', ')} px and checked by axe at ${NARROW.width} px: ${[...s.representative].join(' ')}`);
  }
  console.log('\naxe violations by page type (WCAG 2.0, 2.1, 2.2 A and AA):');
  console.log('  page type   1280px  320px');
  for (const [type, row] of results.axe) {
    console.log(`  ${type.padEnd(10)}  ${String(row.wide).padStart(6)}  ${String(row.narrow).padStart(5)}`);
  }
  console.log('\nthe overview (#overview) from the top of the page:');
  for (const o of results.overview) console.log(`  ${o.label}: ${o.top === undefined ? 'absent' : `${o.top}px`}`);
  printTimes(results.times);
  console.log(`\n${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}

/// Where the checks' time went: by part and width, and by part and page type.
function printTimes(times) {
  const sum = (rows) => rows.reduce((a, r) => a + r.ms, 0);
  const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
  const group = (key) => {
    const m = new Map();
    for (const r of times) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return [...m].map(([k, rows]) => `${k} ${secs(sum(rows))} (${rows.length})`).join(', ');
  };
  console.log(`\ntime (total ${secs(sum(times))}):`);
  console.log(`  by part and width: ${group((r) => `${r.part}@${r.width}`)}`);
  console.log(`  by part and page type: ${group((r) => `${r.part}:${r.type}`)}`);
}

/// The words of a PDF with their boxes, page by page, from `pdftotext -bbox`.
function pdfWords(pdf) {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const unescape = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
    words: [...m[3].matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      text: unescape(w[5]),
    })),
  }));
}

// The page margins of print.css, in PDF points: the running header sits above the top
// one, so only words between them are the page's content.
const MARGIN_TOP_PT = (18 / 25.4) * 72;
const MARGIN_BOTTOM_PT = (14 / 25.4) * 72;

/// Prints the whole report to PDF as a committee member would, and reads it back.
async function printCheck(browser, origin, pages, results, options) {
  const print = pages.find((p) => p.type === 'print');
  const edition = pages.find((p) => p.type === 'edition');
  if (!print || !edition) return;
  const context = await browser.newContext({ viewport: WIDE });
  const page = await context.newPage();
  await open(page, origin + edition.url);
  const listed = await page.$$eval('.contents a', (as) => as.map((a) => a.textContent.trim()));
  await open(page, origin + print.url);
  await page.emulateMedia({ media: 'print' });
  const dom = await page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const sections = [...document.querySelectorAll('.report-section')];
    const firstSection = sections[0];
    const contents = [...document.querySelectorAll('.print-contents a')].filter(
      (a) => !firstSection || a.compareDocumentPosition(firstSection) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    return {
      sections: sections.map((s) => s.querySelector('h2').textContent.trim()),
      sectionIds: sections.map((s) => s.querySelector('h2').id),
      contents: contents.map((a) => a.getAttribute('href')),
      charts: [...document.querySelectorAll('svg.chart')].map((s) => s.getBoundingClientRect().width),
      // Each distinct word of the charts' text (axis titles and values): what the PDF
      // must carry as text, not as pictures of text.
      chartWords: [...new Set([...document.querySelectorAll('svg.chart text')].flatMap((t) => t.textContent.trim().split(/\s+/)).filter((w) => /[A-Za-z]{3}/.test(w)))],
      urls: [...document.querySelectorAll('a[data-url]')].map((a) => a.dataset.url),
      downloads: [...document.querySelectorAll('a[download], a[data-url]')].filter(shown).map((a) => a.textContent.trim().replace(/\s+/g, ' ')),
      // The summary's column headers: every table before the first section.
      headers: [...document.querySelectorAll('table thead th')]
        .filter((th) => !firstSection || th.compareDocumentPosition(firstSection) & Node.DOCUMENT_POSITION_FOLLOWING)
        .map((th) => th.textContent.replace(/\s+/g, ' ').trim())
        .filter(Boolean),
    };
  });
  results.check(
    listed.length > 0 && JSON.stringify(listed) === JSON.stringify(dom.sections),
    `print: the printable report has every section of the edition (${listed.length})`,
    `edition lists ${JSON.stringify(listed)}, report has ${JSON.stringify(dom.sections)}`,
  );
  const anchors = dom.sectionIds.map((id) => `#${id}`);
  results.check(
    JSON.stringify(dom.contents) === JSON.stringify(anchors),
    `print: a contents list (.print-contents) before the first section links to each of the ${anchors.length} sections`,
    `contents links ${JSON.stringify(dom.contents)}, sections are ${JSON.stringify(anchors)}`,
  );
  results.check(dom.charts.length > 0 && dom.charts.every((w) => w > 100), `print: all ${dom.charts.length} charts are laid out for print`);
  results.check(dom.downloads.length === 0, 'print: no download or data-file link is printed', dom.downloads.slice(0, 5).join('\n'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-print-'));
  const pdf = path.join(dir, 'report.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await context.close();
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const sheets = text.split('\f').filter((t) => t.trim());
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  results.check(sheets.length > dom.sections.length, `print: the PDF has ${sheets.length} A4 pages`);
  results.note(`    (the printed report has ${sheets.length} pages for ${dom.sections.length} sections and ${dom.charts.length} charts)`);
  const unheaded = sheets
    .map((t, i) => ({ i, head: squash(t.split('\n').slice(0, 3).join(' ')) }))
    .filter(({ i, head }) => !head.includes(`page ${i + 1} of ${sheets.length}`) || !/As at month end: \w+ \d{4}/.test(head));
  results.check(unheaded.length === 0, 'print: every page has the running header with the edition and "page N of M"', unheaded.map((u) => `page ${u.i + 1}: ${u.head.slice(0, 120)}`).join('\n'));
  const starts = [];
  for (const title of dom.sections) {
    // A section starts a page: below the running header, the page opens with the
    // edition line that heads each section and then the section's title, which may
    // wrap onto a second line.
    const start = sheets.findIndex((t) => {
      const lines = t.split('\n').map((l) => l.trim()).filter(Boolean);
      return lines[1]?.startsWith('As at month end') && squash(lines.slice(2, 5).join(' ')).startsWith(squash(title));
    });
    starts.push(start);
    results.check(start > 0, `print: section "${title}" starts a new page`, start < 0 ? 'not found at the top of any page' : '');
  }
  const all = squash(text);
  const missingLabels = dom.chartWords.filter((w) => !all.includes(w));
  results.check(
    dom.chartWords.length > 0 && missingLabels.length === 0,
    `print: the charts' words are text in the PDF (${dom.chartWords.length})`,
    dom.chartWords.length === 0 ? 'no chart has any text' : missingLabels.join('\n'),
  );
  const printedUrls = dom.urls.filter((u) => text.replace(/\s+/g, '').includes(u));
  results.check(printedUrls.length === 0, `print: none of the addresses of ${dom.urls.length} data files is printed`, printedUrls.slice(0, 5).join('\n'));

  const sheetsWords = pdfWords(pdf);
  const firstSection = Math.min(...starts.filter((s) => s > 0), sheetsWords.length);
  // The summary's column headers, each word whole and on the paper, on the pages
  // before the first section.
  const front = sheetsWords.slice(0, firstSection);
  const inside = (p, w) => w.xMin >= 0 && w.xMax <= p.width && w.yMin >= 0 && w.yMax <= p.height;
  const frontWords = new Set(front.flatMap((p) => p.words.filter((w) => inside(p, w)).map((w) => w.text)));
  const cutHeaders = [...new Set(dom.headers)].filter((h) => h.split(' ').some((word) => !frontWords.has(word)));
  results.check(
    dom.headers.length > 0 && cutHeaders.length === 0,
    `print: all ${new Set(dom.headers).size} column headers of the summary are printed in full on the first ${firstSection} pages`,
    cutHeaders.map((h) => `"${h}": missing ${h.split(' ').filter((w) => !frontWords.has(w)).map((w) => `"${w}"`).join(', ')}`).join('\n'),
  );
  const offPaper = front.flatMap((p, i) => p.words.filter((w) => !inside(p, w)).map((w) => `page ${i + 1}: "${w.text}" at x ${Math.round(w.xMin)} to ${Math.round(w.xMax)} of ${Math.round(p.width)}pt`));
  results.check(offPaper.length === 0, 'print: nothing of the summary runs off the paper', offPaper.slice(0, 10).join('\n'));
  // No page more than half empty, except the last of a part: the page before a section
  // starts, before the paper turns (the summary's landscape pages) and the last page.
  const fills = sheetsWords.map((p) => {
    const top = MARGIN_TOP_PT;
    const bottom = p.height - MARGIN_BOTTOM_PT;
    const low = Math.max(top, ...p.words.filter((w) => w.yMin >= top - 1 && w.yMax <= bottom + 1).map((w) => w.yMax));
    return (low - top) / (bottom - top);
  });
  const halfEmpty = fills
    .map((fill, i) => ({ fill, i }))
    .filter(({ fill, i }) => {
      const next = sheetsWords[i + 1];
      const lastOfPart = !next || starts.includes(i + 1) || next.width !== sheetsWords[i].width;
      return fill < 0.5 && !lastOfPart;
    });
  results.check(
    halfEmpty.length === 0,
    'print: no page is more than half empty, except the last page of a part',
    halfEmpty.map(({ fill, i }) => `page ${i + 1} is filled to ${Math.round(fill * 100)}% of its height: ${squash(sheets[i] ?? '').slice(0, 100)}`).join('\n'),
  );
  if (options.screenshots) {
    fs.mkdirSync(options.screenshots, { recursive: true });
    fs.copyFileSync(pdf, path.join(options.screenshots, 'report.pdf'));
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(options.screenshots, 'pdf')]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
