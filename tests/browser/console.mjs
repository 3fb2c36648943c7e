// Opens pages in a running headless Chromium and reports what each showed and what
// the browser logged about it, for tests that need a real browser's verdict on a page
// served by the test itself (tests/it/deploy.rs: the Content-Security-Policy of
// netlify.toml):
//
//   node tests/browser/console.mjs CDP_ENDPOINT URL...
//
// CDP_ENDPOINT is http://127.0.0.1:PORT of the DevTools protocol of the browser the
// cargo tests share. Each URL is loaded in a fresh browser context, one after another,
// and printed as one line of JSON: the address, the DOM once loaded, and every console
// message and failed request, as a person would see them in the browser's console
// (a CSP violation among them: "Refused to apply inline style because it violates the
// following Content Security Policy directive ...").

import { chromium } from 'playwright-core';

const [cdp, ...urls] = process.argv.slice(2);
if (!cdp || urls.length === 0) {
  console.error('usage: node tests/browser/console.mjs CDP_ENDPOINT URL...');
  process.exit(2);
}

const browser = await chromium.connectOverCDP(cdp);
try {
  for (const url of urls) {
    const context = await browser.newContext();
    // A loaded machine can take longer than Playwright's 30 s; a page that never
    // loads still fails.
    context.setDefaultTimeout(180_000);
    const page = await context.newPage();
    const log = [];
    page.on('console', (m) => log.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => log.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(url, { waitUntil: 'load' });
    const dom = await page.content();
    console.log(JSON.stringify({ url, dom, log }));
    await context.close();
  }
} finally {
  await browser.close();
}
