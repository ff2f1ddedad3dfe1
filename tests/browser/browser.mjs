// Shared by the browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser),
// and a line protocol on stdin/stdout through which the Java test that started the server steers a scenario.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";
import { mkdirSync } from "node:fs";

export const baseUrl = process.env.SWITCHBOARD_URL;
export const screenshotDir = process.env.SCREENSHOT_DIR || "target/screenshots";
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

export async function launch() {
  if (!baseUrl) throw new Error("SWITCHBOARD_URL is not set");
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

const lines = createInterface({ input: process.stdin });
const waiting = [];
const arrived = [];
lines.on("line", (line) => {
  const w = waiting.shift();
  if (w) w(line.trim()); else arrived.push(line.trim());
});

/** Tells the Java side something happened and waits for its one-line answer. */
export async function ask(request, timeoutMs = 60000) {
  console.log("ASK " + request);
  const answer = arrived.length ? arrived.shift() : await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer to " + request)), timeoutMs);
    waiting.push((line) => { clearTimeout(timer); resolve(line); });
  });
  if (!answer.startsWith("OK")) throw new Error(request + " failed: " + answer);
  return answer;
}

/** Polls until fn() is truthy, or fails naming what it waited for. */
export async function eventually(what, fn, timeoutMs = 15000) {
  const start = Date.now();
  let last;
  while (Date.now() - start < timeoutMs) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e.message; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting for " + what + " (last: " + JSON.stringify(last) + ")");
}

export function step(text) {
  console.log("STEP " + text);
}

/** Runs a scenario: exit 0 when it passes, 1 with the error when it does not. */
export async function run(scenario) {
  const browser = await launch();
  try {
    await scenario(browser);
    console.log("PASS");
    await browser.close();
    process.exit(0);
  } catch (e) {
    console.log("FAIL " + (e.stack || e.message).replace(/\n/g, " | "));
    await browser.close().catch(() => {});
    process.exit(1);
  }
}

/**
 * Records what a demo page must never do into problems: throw, ask for something the server does not have (a 404),
 * lack an icon that loads (the browser then asks for /favicon.ico, a 404 in its console, a request Playwright does
 * not report), or carry an input pattern the browser cannot compile (it compiles them with the v flag, where a '-'
 * inside a class must be escaped, and then ignores them with a console warning).
 */
export function watch(page, problems) {
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => { if (r.status() === 404) problems.push("404 for " + r.url()); });
  page.on("load", async () => {
    const bad = await page.evaluate(async () => {
      const found = [...document.querySelectorAll("input[pattern]")].filter((input) => {
        try { new RegExp("^(?:" + input.pattern + ")$", "v"); return false; } catch (e) { return true; }
      }).map((input) => `invalid pattern on #${input.id}: ${input.pattern}`);
      const icon = document.querySelector('link[rel~="icon"]');
      const answer = await fetch(icon ? icon.href : "/favicon.ico").then((r) => r.status, (e) => String(e));
      if (answer !== 200) found.push(`${location.pathname}: icon ${icon ? icon.href : "/favicon.ico"} answered ${answer}`);
      return found;
    }).catch(() => []);
    problems.push(...bad);
  });
}

/** Fails unless the sign-in form shows and the app under it does not, as a signed-out visitor sees the page. */
export async function assertSignedOutView(page, form, app) {
  if (!(await page.locator(form).isVisible())) throw new Error(form + " is not shown while signed out");
  if (await page.locator(app).isVisible()) throw new Error(app + " shows under the sign-in form while signed out");
}
