// Drives headless Chromium against a running `scorecard serve` (started by the cargo
// test `serve::the_browser_reloads_the_page_by_itself`, which runs this file):
//
//   node tests/browser/live-reload.mjs http://127.0.0.1:PORT/ SITE_FOLDER [CDP_ENDPOINT]
//
// With CDP_ENDPOINT (http://127.0.0.1:PORT of a running Chromium, as the tests share
// one) it uses that browser; without, it starts its own.
//
// It opens a page once and never reloads or navigates it again. It only edits files
// in the site folder, then waits for the page to show the edit, then the error view
// for broken input, then the site again once the input is fixed.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, site, cdp] = process.argv.slice(2);
if (!url || !site) {
  console.error("usage: node live-reload.mjs URL SITE_FOLDER [CDP_ENDPOINT]");
  process.exit(2);
}
const executablePath = process.env.SCORECARD_CHROMIUM || "/usr/bin/chromium";
const commentary = join(site, "content/editions/2015-12/index.md");
const sectionYaml = join(site, "data/sections/01-referrals.yaml");
// Far longer than any rebuild: reaching it means the page is stuck.
const patience = { timeout: 30_000 };

const browser = cdp ? await chromium.connectOverCDP(cdp) : await chromium.launch({
  executablePath,
  // Local traffic only: no sandbox (CI runs as root), and none of Chromium's own
  // calls home.
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  // One context, as one browser window with tabs: they share a connection pool.
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  const mainText = () => page.locator("main").innerText();
  // Marks the open document, so that a missing mark later proves a new one was loaded.
  async function step(what) {
    console.log(`step: ${what}`);
    await page.evaluate(() => {
      window.scorecardTestMark = true;
    });
  }

  async function reloaded() {
    if (await page.evaluate(() => window.scorecardTestMark === true)) {
      throw new Error("the page changed without being reloaded");
    }
  }

  await page.goto(`${url}2015-12/`);
  await page.getByText("Referrals fell in December.").waitFor(patience);

  // More tabs than a browser opens HTTP/1.1 connections to one server (six): each
  // holds a live-reload connection, and none may starve the others.
  console.log("step: open more tabs");
  const tabs = [];
  for (let i = 0; i < 8; i += 1) {
    const tab = await context.newPage();
    await tab.goto(`${url}2015-12/`, patience);
    tabs.push(tab);
  }

  await step("edit the commentary");
  const original = readFileSync(commentary, "utf8");
  writeFileSync(
    commentary,
    original.replace("Referrals fell in December.", "Referrals rose sharply in December."),
  );
  await page.getByText("Referrals rose sharply in December.").waitFor(patience);
  for (const tab of tabs) {
    await tab.getByText("Referrals rose sharply in December.").waitFor(patience);
  }

  await reloaded();
  await step("break the section YAML");
  const goodYaml = readFileSync(sectionYaml, "utf8");
  writeFileSync(sectionYaml, goodYaml.replace("title: Referrals", "title: [Referrals"));
  await page.locator("#scorecard-diagnostics").waitFor(patience);
  const diagnostics = await page.locator("#scorecard-diagnostics").innerText();
  if (!diagnostics.includes("--> data/sections/01-referrals.yaml:2:8")) {
    throw new Error(`the error view lacks the file and line:\n${diagnostics}`);
  }

  await reloaded();
  await step("fix the section YAML");
  writeFileSync(sectionYaml, goodYaml);
  await page.getByText("Referrals rose sharply in December.").waitFor(patience);
  await reloaded();
  if ((await page.locator("#scorecard-diagnostics").count()) !== 0) {
    throw new Error("the error view is still shown after the fix");
  }
  if (!(await mainText()).includes("Referrals rose sharply in December.")) {
    throw new Error("the fixed page does not show the edited commentary");
  }
  if (problems.length > 0) {
    throw new Error(problems.join("\n"));
  }
  console.log("the page reloaded itself at every step; the test never reloaded it");
} finally {
  await browser.close();
}

