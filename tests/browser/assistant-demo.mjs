// The assistant demo in a real browser (seed 004): log in, start a conversation, send a message and watch the
// reply stream in, regenerate it; then the server goes away and comes back while the page is offline, replies
// are produced meanwhile, and after the reconnect each appears once, in order.
import { run, step, ask, eventually, baseUrl, screenshotDir, watch, assertSignedOutView } from "./browser.mjs";

const user = process.env.USER_ID;
const expectChunks = process.env.EXPECT_CHUNKS === "1";

run(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 740 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  const demo = (fn, arg) => page.evaluate(fn, arg);
  const status = () => demo(() => document.body.dataset.status);
  const bubbles = () => demo(() => [...document.querySelectorAll("#messages li:not(.streaming)")]
    .map((li) => ({ role: li.className, text: li.firstChild ? li.firstChild.textContent : "", uuid: li.dataset.uuid })));

  step("log in with a user id and get a conversation");
  await page.goto(`${baseUrl}/demo/assistant/`);
  await assertSignedOutView(page, "#login", "#app");
  await page.fill("#user", user);
  await page.click("#login-form button");
  await eventually("connected", async () => (await status()) === "connected");
  const conversation = await eventually("a conversation", () => demo(() => document.body.dataset.conversation));
  const stored = await demo(() => localStorage.getItem("switchboard.assistant.user"));
  if (stored !== user) throw new Error("the user id should be kept in localStorage, got " + stored);

  step("send a message and watch the reply arrive");
  await page.fill("#text", "Hello there");
  await page.click("#send");
  await eventually("the reply", async () => {
    const b = await bubbles();
    return b.length === 2 && b[0].role === "user" && b[0].text === "Hello there" && b[1].role === "assistant" && b[1].text.length > 0;
  }, 30000);
  const firstEvents = await demo(() => window.assistantDemo.events.map((e) => e.type));
  if (expectChunks) {
    const firstFinal = firstEvents.indexOf("message_generate");
    if (!(firstEvents.indexOf("message_chunk") >= 0 && firstEvents.indexOf("message_chunk") < firstFinal)) {
      throw new Error("expected message_chunk events before message_generate, got " + firstEvents.join(","));
    }
  }
  await page.screenshot({ path: `${screenshotDir}/assistant-reply.png` });

  step("regenerate the reply");
  const before = (await bubbles())[1];
  await page.click("#messages li.assistant .regenerate");
  await eventually("the regenerated reply", async () => {
    const events = await demo(() => window.assistantDemo.events.filter((e) => e.type === "message_regenerate").length);
    const b = await bubbles();
    return events === 1 && b.length === 2 && b[1].role === "assistant" && b[1].text.length > 0;
  }, 30000);
  const after = (await bubbles())[1];
  if (after.uuid === before.uuid && after.text === before.text) throw new Error("the regenerated reply did not change");
  await page.screenshot({ path: `${screenshotDir}/assistant-regenerated.png` });

  step("the server restarts while the page is offline, and replies are produced meanwhile");
  await ask("CUT");
  await eventually("the page notices", async () => ["reconnecting", "connecting"].includes(await status()));
  await context.setOffline(true);
  const opensBefore = await demo(() => window.assistantDemo.opens);
  const seqBefore = await demo(() => window.assistantDemo.client.lastSeq);
  const answer = await ask("RESTORE " + conversation, 120000);
  const produced = Number(answer.split(" ")[1]);
  if (!(produced >= 3)) throw new Error("the server side should have produced three replies: " + answer);
  if ((await demo(() => window.assistantDemo.opens)) !== opensBefore) throw new Error("the page reconnected while offline");

  step("back online: the page reconnects and shows what it missed, once each, in order");
  await context.setOffline(false);
  await eventually("reconnected", async () => (await status()) === "connected", 60000);
  const expected = ["Hello there", null, "While you were away 1", null, "While you were away 2", null, "While you were away 3", null];
  await eventually("the missed messages and replies", async () => (await bubbles()).length === expected.length, 30000);
  const shown = await bubbles();
  expected.forEach((text, i) => {
    const b = shown[i];
    const role = text === null ? "assistant" : "user";
    if (b.role !== role || (text !== null && b.text !== text) || (text === null && !b.text)) {
      throw new Error(`bubble ${i} should be ${role} ${text ?? "(a reply)"}: ${JSON.stringify(shown)}`);
    }
  });
  const uuids = shown.map((b) => b.uuid);
  if (new Set(uuids).size !== uuids.length) throw new Error("a message is shown twice: " + JSON.stringify(shown));
  const events = await demo((from) => window.assistantDemo.events.filter((e) => e.seq > from), seqBefore);
  const seqs = events.map((e) => e.seq);
  if (seqs.some((s, i) => i > 0 && s <= seqs[i - 1])) throw new Error("events out of order or repeated: " + seqs.join(","));
  const replies = events.filter((e) => e.type === "message_generate" && e.conversation === conversation);
  if (replies.length !== 3) throw new Error("expected 3 replies after the reconnect, got " + JSON.stringify(events));
  if (problems.length) throw new Error("errors in the page: " + problems.join(" | "));
  await page.screenshot({ path: `${screenshotDir}/assistant-after-reconnect.png` });

  step("live again: a new message gets its reply, seen streaming in");
  await page.fill("#text", "Still there? Tell me something long enough to watch it arrive word by word.");
  await page.click("#send");
  await page.waitForSelector("#messages li.streaming", { timeout: 10000 });
  await page.screenshot({ path: `${screenshotDir}/assistant-streaming.png` });
  await eventually("the live reply", async () => (await bubbles()).length === expected.length + 2, 30000);
  if ((await page.$$("#messages li.streaming")).length !== 0) throw new Error("a reply is still shown as streaming");
});
