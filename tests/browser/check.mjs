// Browser checks of a built report site, in real headless Chromium.
//
//   node tests/browser/check.mjs OUT_DIR [--screenshots DIR] [--chromium PATH | --cdp URL]
//
// --cdp connects to a running Chromium (http://127.0.0.1:PORT of its DevTools
// protocol), as the cargo tests share one; otherwise the script starts its own.
//
// OUT_DIR is the output of `scorecard build`. The site is served from 127.0.0.1 by a
// small static server in this script, with a Content-Security-Policy that allows no
// inline style or script, and these checks run on every page type (landing, edition,
// printable report, each section of the latest edition, exceptions, each free page,
// and the 404 page):
//
// - axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules finds no violation, at
//   1280 and at 320 CSS pixels wide, with every <details> open;
// - on section pages at both widths every chart is within the viewport, whole, with
//   its text at least 9 px high;
// - at 320 CSS pixels (1280 at 400% zoom) the page never scrolls sideways and no
//   content is cut off: whatever is wider sits in a scrolling box a keyboard can reach;
// - no request fails and the browser reports no error, such as a CSP violation;
// - the charts' names and descriptions in Chromium's accessibility tree are their
//   <title> and <desc>;
// - tabbing through an edition page and a section page, every element that takes
//   focus is on screen and looks different when focused; the skip link comes first
//   and moves focus to the main content;
// - the printable report, printed to PDF, has every section, each starting a new
//   page under a running header with the edition and page number, shows its charts
//   and prints the addresses of its data files.
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
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 640 };
const EDITION = /^\d{4}-\d{2}$/;

function usage(message) {
  console.error(`${message}\nusage: node tests/browser/check.mjs OUT_DIR [--screenshots DIR] [--chromium PATH | --cdp URL]`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { out: null, screenshots: null, chromium: '/usr/bin/chromium', cdp: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--screenshots') options.screenshots = argv[++i];
    else if (arg === '--chromium') options.chromium = argv[++i];
    else if (arg === '--cdp') options.cdp = argv[++i];
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else options.out = arg;
  }
  if (!options.out) usage('no output folder given');
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
  }
  check(ok, name, detail = '') {
    if (ok) this.passed++;
    else this.failed++;
    console.log(`${ok ? "ok" : "FAIL"} - ${name}${!ok && detail ? `\n    ${detail.replace(/\n/g, "\n    ")}` : ""}`);
  }
  axeCount(type, width, count) {
    const key = `${type}`;
    const row = this.axe.get(key) || { pages: new Set(), wide: 0, narrow: 0 };
    row[width === WIDE.width ? 'wide' : 'narrow'] += count;
    this.axe.set(key, row);
  }
}

/// Opens `url` in `page`, recording failed requests and browser errors.
async function open(page, url, expectStatus) {
  const problems = [];
  const onResponse = (r) => {
    if (r.status() >= 400 && !(r.url() === url && r.status() === expectStatus)) problems.push(`${r.status()} ${r.url()}`);
  };
  const onFailed = (r) => problems.push(`failed ${r.url()}: ${r.failure()?.errorText}`);
  const onConsole = (m) => {
    // The 404 page's own status is logged as an error; it is expected.
    if (m.type() === 'error' && !(expectStatus === 404 && /404/.test(m.text()))) problems.push(`console: ${m.text()}`);
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

async function runAxe(page, axeSource) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to axe.
  await page.evaluate(axeSource);
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
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

/// Whether the page scrolls sideways, and which elements stick out of the viewport
/// without a scrolling box of their own that a keyboard can reach.
async function reflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
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
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
        outside.push(`${name} ends at ${Math.round(r.right)}px${scroller ? ` (cut off by ${scroller.tagName.toLowerCase()}.${scroller.className})` : ''}`);
      }
    }
    return { width, scrollWidth, outside: outside.slice(0, 10) };
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
async function tabThrough(page) {
  const stops = [];
  const problems = [];
  const viewport = page.viewportSize();
  for (let i = 0; i < 1000; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluateHandle(() => document.activeElement);
    const info = await el.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const label = (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
      return { tag: e.tagName.toLowerCase(), label, x: r.left, y: r.top, right: r.right, bottom: r.bottom, body: e === document.body };
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
    await el.evaluate((e) => e.blur());
    const blurred = await page.screenshot({ clip });
    await el.evaluate((e) => e.focus());
    if (focused.equals(blurred)) problems.push(`${key} looks the same focused and not focused`);
  }
  return { stops, problems };
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

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { chromium, axeSource } = requireTools(options);
  const out = path.resolve(options.out);
  const base = basePath(out);
  const pages = discover(out);
  const types = new Set(pages.map((p) => p.type));
  const results = new Results();
  for (const type of ['landing', 'edition', 'section', 'exceptions', 'print', 'free page', '404']) {
    results.check(types.has(type), `the site has a ${type} page`);
  }
  const server = await serve(out, base);
  const origin = `http://127.0.0.1:${server.address().port}${base}`;
  const browser = options.cdp
    ? await chromium.connectOverCDP(options.cdp)
    : await chromium.launch({ executablePath: options.chromium, args: CHROMIUM_FLAGS });
  try {
    for (const viewport of [WIDE, NARROW]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const p of pages) {
        const url = origin + p.url;
        const label = `${p.type} /${p.url} at ${viewport.width}px`;
        const { status, problems } = await open(page, url, p.status);
        results.check(status === (p.status ?? 200), `${label}: status ${status}`);
        results.check(problems.length === 0, `${label}: every request succeeds, no browser errors`, problems.join('\n'));
        if (options.screenshots) await screenshots(page, options.screenshots, (p.url || 'index').replace(/\/+$/, '').replace(/\//g, '_'));
        if (viewport === NARROW) {
          const r = await reflow(page);
          results.check(
            r.scrollWidth <= r.width && r.outside.length === 0,
            `${label}: no sideways scrolling of the page, nothing cut off`,
            r.scrollWidth > r.width ? `page is ${r.scrollWidth}px wide\n${r.outside.join('\n')}` : r.outside.join('\n'),
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
          const panels = await page.locator('section.panel').count();
          results.check(
            expected.length === panels && wrong.length === 0,
            `${label}: ${expected.length} charts are images named by their title, described by their desc`,
            wrong.map((w) => `not found in the accessibility tree: "${w.title}"`).join('\n'),
          );
        }
        const axe = await runAxe(page, axeSource);
        results.axeCount(p.type, viewport.width, axe.violations.length);
        results.check(axe.violations.length === 0, `${label}: axe finds ${axe.violations.length} violations`, describeViolations(axe.violations));
      }
      await context.close();
    }

    const context = await browser.newContext({ viewport: WIDE });
    const page = await context.newPage();
    for (const p of pages.filter((p) => p.type === 'edition' || p.type === 'section').slice(0, 2)) {
      await open(page, origin + p.url);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => ({ cls: document.activeElement.className, top: document.activeElement.getBoundingClientRect().left >= 0 }));
      results.check(skip.cls === 'skip-link' && skip.top, `${p.type} /${p.url}: the first Tab shows the skip link`);
      await page.keyboard.press('Enter');
      const target = await page.evaluate(() => document.activeElement.id);
      results.check(target === 'main', `${p.type} /${p.url}: the skip link moves focus to the main content`, `focus is on #${target}`);
      await open(page, origin + p.url);
      const { stops, problems } = await tabThrough(page);
      results.check(stops.length > 5 && problems.length === 0, `${p.type} /${p.url}: focus is visible at each of ${stops.length} tab stops`, problems.join('\n'));
    }
    await context.close();

    await printCheck(browser, origin, pages, results, options);
  } finally {
    await browser.close();
    server.close();
  }

  console.log('\naxe violations by page type (WCAG 2.0, 2.1, 2.2 A and AA):');
  console.log('  page type   1280px  320px');
  for (const [type, row] of results.axe) {
    console.log(`  ${type.padEnd(10)}  ${String(row.wide).padStart(6)}  ${String(row.narrow).padStart(5)}`);
  }
  console.log(`\n${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}

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
  const dom = await page.evaluate(() => ({
    sections: [...document.querySelectorAll('.report-section h2')].map((h) => h.textContent.trim()),
    charts: [...document.querySelectorAll('svg.chart')].map((s) => s.getBoundingClientRect().width),
    latest: [...document.querySelectorAll('svg.chart text')].map((t) => t.textContent.trim()).filter((t) => t.startsWith('Latest ')),
    urls: [...document.querySelectorAll('a[data-url]')].map((a) => a.dataset.url),
  }));
  results.check(
    listed.length > 0 && JSON.stringify(listed) === JSON.stringify(dom.sections),
    `print: the printable report has every section of the edition (${listed.length})`,
    `edition lists ${JSON.stringify(listed)}, report has ${JSON.stringify(dom.sections)}`,
  );
  results.check(dom.charts.length > 0 && dom.charts.every((w) => w > 100), `print: all ${dom.charts.length} charts are laid out for print`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-print-'));
  const pdf = path.join(dir, 'report.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await context.close();
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const sheets = text.split('\f').filter((t) => t.trim());
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  results.check(sheets.length > dom.sections.length, `print: the PDF has ${sheets.length} A4 pages`);
  const unheaded = sheets
    .map((t, i) => ({ i, head: squash(t.split('\n').slice(0, 3).join(' ')) }))
    .filter(({ i, head }) => !head.includes(`page ${i + 1} of ${sheets.length}`) || !/As at month end: \w+ \d{4}/.test(head));
  results.check(unheaded.length === 0, 'print: every page has the running header with the edition and "page N of M"', unheaded.map((u) => `page ${u.i + 1}: ${u.head.slice(0, 120)}`).join('\n'));
  for (const title of dom.sections) {
    // A section starts a page: below the running header, the page opens with the
    // edition line that heads each section and then the section's title, which may
    // wrap onto a second line.
    const starts = sheets.findIndex((t) => {
      const lines = t.split('\n').map((l) => l.trim()).filter(Boolean);
      return lines[1]?.startsWith('As at month end') && squash(lines.slice(2, 5).join(' ')).startsWith(squash(title));
    });
    results.check(starts > 0, `print: section "${title}" starts a new page`, starts < 0 ? 'not found at the top of any page' : '');
  }
  const all = squash(text);
  const missingLabels = dom.latest.filter((l) => !all.includes(squash(l)));
  results.check(missingLabels.length === 0, `print: the charts' labels are in the PDF (${dom.latest.length})`, missingLabels.join('\n'));
  const missingUrls = dom.urls.filter((u) => !text.replace(/\s+/g, '').includes(u));
  results.check(dom.urls.length > 0 && missingUrls.length === 0, `print: the addresses of ${dom.urls.length} data links are printed`, missingUrls.slice(0, 5).join('\n'));
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
