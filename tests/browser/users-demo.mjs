// The seed's scenarios 1 and 2 in a real browser: two windows on one user record, each editing one field
// and seeing the other's edit (window 1 finds the demo's record by itself, passing over an account); then the server goes away, the record changes while the windows are
// disconnected, and both windows recover and show it.
import { run, step, ask, eventually, baseUrl, screenshotDir, watch } from "./browser.mjs";

const userId = process.env.USER_ID;

run(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 640 } });
  const w1 = await context.newPage();
  const w2 = await context.newPage();
  const problems = [];
  watch(w1, problems);
  watch(w2, problems);
  // Window 1 is opened as a person would, without an id: it must find the demo's record, not the account made
  // before it (an account is a user too, and renaming it would rename somebody in the social demo).
  await w1.goto(`${baseUrl}/demo/users/?window=1`);
  await w2.goto(`${baseUrl}/demo/users/?window=2&id=${userId}`);
  const status = (page) => page.evaluate(() => document.body.dataset.status);
  const value = (page, id) => page.inputValue("#" + id);

  step("both windows connect");
  await eventually("window 1 connected", async () => (await status(w1)) === "connected");
  await eventually("window 2 connected", async () => (await status(w2)) === "connected");
  const shownId = await w1.textContent("#user-id");
  if (shownId !== userId) throw new Error(`window 1 edits user ${shownId}, not the demo's record ${userId}`);
  if (!(await w1.$eval("#last_name", (e) => e.readOnly))) throw new Error("window 1 last name should be read-only");
  if (!(await w2.$eval("#first_name", (e) => e.readOnly))) throw new Error("window 2 first name should be read-only");

  step("scenario 1: typing the first name in window 1 shows in window 2");
  await w1.fill("#first_name", "");
  await w1.type("#first_name", "Grace", { delay: 60 });
  await eventually("window 2 shows Grace", async () => (await value(w2, "first_name")) === "Grace");

  step("scenario 2: typing the last name in window 2 shows in window 1");
  await w2.fill("#last_name", "");
  await w2.type("#last_name", "Hopper", { delay: 60 });
  await eventually("window 1 shows Hopper", async () => (await value(w1, "last_name")) === "Hopper");
  await eventually("window 1 keeps Grace", async () => (await value(w1, "first_name")) === "Grace");
  await w1.screenshot({ path: `${screenshotDir}/users-window-1.png` });
  await w2.screenshot({ path: `${screenshotDir}/users-window-2.png` });

  step("the connection is cut and the record changes while the windows are away");
  await ask("CUT");
  await eventually("window 1 notices", async () => (await status(w1)) === "reconnecting");
  await eventually("window 2 notices", async () => (await status(w2)) === "reconnecting");
  await ask("RESTORE");

  step("both windows reconnect and reload the record");
  await eventually("window 1 reconnected", async () => (await status(w1)) === "connected", 30000);
  await eventually("window 2 reconnected", async () => (await status(w2)) === "connected", 30000);
  await eventually("window 1 shows the change made while away", async () => (await value(w1, "first_name")) === "Katherine");
  await eventually("window 2 shows the change made while away", async () => (await value(w2, "first_name")) === "Katherine");

  step("live updates flow again after the reconnect");
  await w2.fill("#last_name", "Johnson");
  await eventually("window 1 shows Johnson", async () => (await value(w1, "last_name")) === "Johnson");
  await w1.screenshot({ path: `${screenshotDir}/users-window-1-recovered.png` });
  await w2.screenshot({ path: `${screenshotDir}/users-window-2-recovered.png` });
  if (problems.length) throw new Error("problems in the pages: " + problems.join(" | "));
});
