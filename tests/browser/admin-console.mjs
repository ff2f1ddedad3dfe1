// The admin console in Chromium: sign in, see the test sockets' channel, presence and users, publish a message
// that a socket receives, disconnect a user, and watch the live charts move.
import { run, step, ask, eventually, baseUrl, screenshotDir, watch, assertSignedOutView } from "./browser.mjs";

const password = process.env.ADMIN_PASSWORD;
const channel = process.env.CHANNEL;

run(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  // A Content-Security-Policy refusal (an inline style or script the page relied on) shows as a console error.
  page.on("console", (m) => { if (m.type() === "error" && !/401/.test(m.text())) problems.push("console: " + m.text()); });
  const text = (selector) => page.locator(selector).innerText();

  step("the page opens signed out, showing only the sign-in form");
  await page.goto(`${baseUrl}/admin`);
  await assertSignedOutView(page, "#signin", "#console");
  await page.screenshot({ path: `${screenshotDir}/admin-signed-out.png` });

  step("a wrong password is refused with a message");
  await page.fill("#password", "not-the-password");
  await page.click("#login button[type=submit]");
  await eventually("the refusal is shown", async () => (await text("#login-error")).includes("not valid"));
  if (await page.locator("#console").isVisible()) throw new Error("the console shows after a wrong password");

  step("the right password signs in; the token stays out of the URL and cookies");
  await page.fill("#password", password);
  await page.click("#login button[type=submit]");
  await eventually("signed in", async () => (await page.evaluate(() => document.body.dataset.state)) === "signed-in");
  if (page.url().includes("token")) throw new Error("the token is in the URL: " + page.url());
  if ((await context.cookies()).length) throw new Error("the console set a cookie");

  step("the node, the test sockets' channel and their presence show");
  await eventually("one node with two connections", async () => {
    const cells = await page.locator("#nodes tbody tr").first().locator("td").allInnerTexts();
    return cells.length === 7 && cells[2] === "2" ? cells : null;
  });
  const row = page.locator(`#channels tr[data-channel="${channel}"]`);
  await eventually("the channel with 2 subscribers", async () => (await row.locator("td").nth(1).innerText()) === "2");
  await row.locator("button").click();
  await eventually("presence lists both users", async () => {
    const users = await page.locator("#presence-list li").evaluateAll((lis) => lis.map((li) => li.dataset.user).sort());
    return users.join(",") === "admin-alice,admin-bob";
  });
  await eventually("presence counts them", async () => (await text("#presence-summary")).includes("2 users"));

  step("bad JSON in the publish box is explained, not sent");
  await page.fill("#publish-channel", channel);
  await page.fill("#publish-data", "{not json");
  await page.click("#publish-form button[type=submit]");
  await eventually("the JSON error is shown", async () => (await text("#publish-message")).includes("must be JSON"));

  step("the publish box sends a message that the test sockets receive");
  await page.fill("#publish-data", '{"text": "hello from the console"}');
  await page.click("#publish-form button[type=submit]");
  await eventually("the publish is confirmed", async () => (await text("#publish-message")).startsWith("published to"));
  await ask("RECEIVED hello from the console");

  step("a user's connections show, from the presence list, and disconnect closes them");
  await page.locator('#presence-list li[data-user="admin-bob"] button').click();
  await eventually("bob's one connection", async () => (await page.locator("#connections li[data-session]").count()) === 1
    && (await text("#user-summary")) === "1 connection");
  const channels = await page.locator("#connections li").first().innerText();
  if (!channels.includes(channel)) throw new Error("the connection does not list its channel: " + channels);
  await ask("TRAFFIC");
  await eventually("the charts show messages in and out", async () => Number(await text("#rate-out")) > 0
    && Number(await text("#rate-in")) > 0, 20000);
  await eventually("the charts hold ten readings", async () =>
    Number(await page.locator("#chart-messages").getAttribute("data-readings")) >= 10, 30000);
  await eventually("the latency chart shows a mean", async () => (await text("#latency-mean")) !== "–", 20000);
  await eventually("a node rate shows", async () => {
    const cells = await page.locator("#nodes tbody tr").first().locator("td").allInnerTexts();
    return Number(cells[6]) > 0;
  }, 20000);
  await page.screenshot({ path: `${screenshotDir}/admin-console.png`, fullPage: true });
  await page.click("#disconnect");
  await eventually("the disconnect is confirmed", async () => (await text("#user-message")) === "disconnected 1 session of admin-bob");
  await eventually("bob has no connection left", async () => (await text("#user-summary")) === "0 connections");
  await ask("BOB_CLOSED");
  await eventually("the node counts one connection", async () => {
    const cells = await page.locator("#nodes tbody tr").first().locator("td").allInnerTexts();
    return cells[2] === "1" && cells[3] === "1";
  });
  await page.screenshot({ path: `${screenshotDir}/admin-after-disconnect.png`, fullPage: true });

  step("narrow screens keep every section usable");
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/admin-narrow.png`, fullPage: true });

  step("signing out forgets the session");
  await page.click("#signout");
  await assertSignedOutView(page, "#signin", "#console");
  if (await page.evaluate(() => sessionStorage.length)) throw new Error("the token stayed in sessionStorage");
  if (problems.length) throw new Error("problems in the page: " + problems.join(" | "));
});
