// The parent's live view (issue 4): a child's phone streams screen time, locations and site accesses, first over
// its socket, then over the HTTP fallback; the page, subscribed to child:<id>, shows each change without a reload.
import { run, step, ask, eventually, baseUrl, screenshotDir, watch } from "./browser.mjs";

const parent = process.env.PARENT;
const childId = process.env.CHILD_ID;

run(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 760, height: 1000 }, timezoneId: "UTC" });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  await page.goto(`${baseUrl}/demo/guardian/?parent=${parent}&child=${childId}`);
  const view = () => page.evaluate(() => ({
    status: document.body.dataset.status,
    child: document.body.dataset.child,
    bars: document.querySelectorAll("#bars .bar").length,
    points: Number(document.getElementById("trail").dataset.points || 0),
    line: document.getElementById("trail-line").getAttribute("points").trim().split(/\s+/).filter(Boolean).length,
    sites: document.querySelectorAll("#sites li").length,
    blocked: document.querySelectorAll("#sites li.blocked").length,
    total: document.getElementById("total").textContent,
  }));

  step("the page connects and shows the child with nothing yet");
  await eventually("connected", async () => (await view()).status === "connected");
  let v = await view();
  if (v.child !== childId) throw new Error("expected child " + childId + " but the page shows " + v.child);
  if (v.bars !== 0 || v.points !== 0 || v.sites !== 0) throw new Error("expected an empty view: " + JSON.stringify(v));

  step("the phone streams over its socket and the page follows live");
  await ask("STREAM_WS");
  await eventually("two apps in the bar chart", async () => (await view()).bars === 2);
  await eventually("three points on the trail", async () => { const x = await view(); return x.points === 3 && x.line === 3; });
  await eventually("two site accesses, one blocked", async () => { const x = await view(); return x.sites === 2 && x.blocked === 1; });
  await eventually("the total", async () => (await view()).total === "1 h 10 min");
  await page.screenshot({ path: `${screenshotDir}/guardian-live.png`, fullPage: true });

  step("the phone falls back to HTTP and the page follows all the same");
  await ask("STREAM_HTTP");
  await eventually("a third app", async () => (await view()).bars === 3);
  await eventually("five points", async () => (await view()).points === 5);
  await eventually("a second blocked site", async () => { const x = await view(); return x.sites === 3 && x.blocked === 2; });
  await eventually("the new total", async () => (await view()).total === "1 h 40 min");
  await page.screenshot({ path: `${screenshotDir}/guardian-live-after-fallback.png`, fullPage: true });

  step("a reload reads the same from the REST API");
  await page.reload();
  await eventually("connected again", async () => (await view()).status === "connected");
  await eventually("the same view", async () => {
    const x = await view();
    return x.bars === 3 && x.points === 5 && x.sites === 3 && x.blocked === 2 && x.total === "1 h 40 min";
  });
  if (problems.length) throw new Error("problems in the page: " + problems.join(" | "));
});
