// The social demo in a real browser (seed 003's three flows), with two users in two browser contexts:
// both sign up and follow each other; A posts; B likes A's post and A sees the toast and the count move;
// A and B open their chat, A types and B sees "typing…", A sends and B gets the message; B has a second tab
// open and a notification (A comments on B's post) reaches both of B's tabs; B closes every tab and A sees B
// go offline.
import { run, step, eventually, baseUrl, screenshotDir, watch, assertSignedOutView } from "./browser.mjs";

const suffix = Date.now().toString(36).slice(-5);
const alice = "alice_" + suffix;
const bob = "bob_" + suffix;
const password = "correct horse battery";

async function open(browser, user, kind) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  await page.goto(`${baseUrl}/demo/social/`);
  await assertSignedOutView(page, "#auth", "#app");
  await page.fill("#username", user);
  await page.fill("#password", password);
  await page.click(kind === "register" ? "#signup" : "#login");
  await eventually(`${user} connected`, async () => (await page.evaluate(() => document.body.dataset.status)) === "connected"
    && (await page.evaluate(() => document.body.dataset.ready)) === "1");
  return { context, page, problems };
}

const person = (page, name) => page.locator(`#people li[data-name="${name}"]`);
const post = (page, text) => page.locator("#feed li", { hasText: text });

run(async (browser) => {
  step("A and B sign up in two browser contexts");
  const a = await open(browser, alice, "register");
  const b = await open(browser, bob, "register");

  step("B, who signed up after A, joins A's people list without a reload; they follow each other");
  await eventually("B in A's people", async () => (await person(a.page, bob).count()) === 1, 20000);
  await person(a.page, bob).locator(".follow").click();
  await eventually("A in B's people", async () => (await person(b.page, alice).count()) === 1);
  await person(b.page, alice).locator(".follow").click();
  await eventually("A sees B online", async () => (await person(a.page, bob).getAttribute("class")) === "online");

  step("A posts; the post appears live in the feed of B, who follows A");
  await a.page.fill("#post-text", "Hello from " + alice);
  await a.page.click("#post-send");
  await eventually("the post in A's feed", async () => (await post(a.page, "Hello from " + alice).count()) === 1);
  await eventually("the post in B's feed, without a reload", async () => (await post(b.page, "Hello from " + alice).count()) === 1);

  step("B likes A's post: A gets the toast and the count moves in both windows");
  await post(b.page, "Hello from " + alice).locator(".like").click();
  await eventually("A's toast", async () => (await a.page.locator(".toast", { hasText: "liked your post" }).count()) >= 1);
  await eventually("the count in A's feed", async () => (await post(a.page, "Hello from " + alice).locator(".like-count").textContent()) === "1");
  await eventually("the count in B's feed", async () => (await post(b.page, "Hello from " + alice).locator(".like-count").textContent()) === "1");
  await a.page.screenshot({ path: `${screenshotDir}/social-like-toast.png` });

  step("A and B open their chat; A types and B sees typing…");
  await person(a.page, bob).locator(".talk").click();
  await eventually("A's chat open", () => a.page.evaluate(() => document.body.dataset.conversation));
  await person(b.page, alice).locator(".talk").click();
  const conversationA = await a.page.evaluate(() => document.body.dataset.conversation);
  await eventually("the same conversation for B", async () => (await b.page.evaluate(() => document.body.dataset.conversation)) === conversationA);
  await a.page.locator("#chat-text").pressSequentially("Are you th", { delay: 60 });
  await eventually("B sees A typing", async () => ((await b.page.textContent("#typing")) || "").includes("typing"));
  const echoed = await a.page.evaluate(() => window.socialDemo.events.filter((e) => e.type === "typing").length);
  if (echoed !== 0) throw new Error("A's own typing came back to A " + echoed + " times");
  await b.page.screenshot({ path: `${screenshotDir}/social-typing.png` });
  await a.page.locator("#chat-text").pressSequentially("ere?", { delay: 30 });
  await a.page.click("#chat-send");
  await eventually("B gets the message", async () => (await b.page.locator("#messages li.theirs", { hasText: "Are you there?" }).count()) === 1);
  await eventually("B's typing indicator clears", async () => ((await b.page.textContent("#typing")) || "") === "");

  step("a notification reaches every open tab of its user");
  const b2 = await b.context.newPage();
  watch(b2, b.problems);
  await b2.goto(`${baseUrl}/demo/social/`);
  await eventually("B's second tab connected", async () => (await b2.evaluate(() => document.body.dataset.ready)) === "1"
    && (await b2.evaluate(() => document.body.dataset.status)) === "connected");
  await b.page.fill("#post-text", "Second post from " + bob);
  await b.page.click("#post-send");
  await eventually("B's post in A's feed, live", async () => (await post(a.page, "Second post from " + bob).count()) === 1);
  await post(a.page, "Second post from " + bob).locator(".comment-text").fill("Nice one");
  await post(a.page, "Second post from " + bob).locator(".comment-send").click();
  for (const [tab, page] of [["first", b.page], ["second", b2]]) {
    await eventually(`the comment toast in B's ${tab} tab`, async () => (await page.locator(".toast", { hasText: "comment" }).count()) >= 1);
  }
  // The second tab opened before the post was written, and B follows nobody who wrote it: the count moves in the first.
  await eventually("'1 comment' in B's first tab",
    async () => (await post(b.page, "Second post from " + bob).locator(".comment-count").textContent()) === "1 comment");
  await b2.screenshot({ path: `${screenshotDir}/social-second-tab.png` });

  step("B closes every tab: A sees B go offline");
  await b2.close();
  await eventually("B still online with one tab left", async () => (await person(a.page, bob).getAttribute("class")) === "online", 3000)
    .catch(() => { throw new Error("B went offline while a tab was still open"); });
  await b.context.close();
  await eventually("A sees B offline", async () => (await person(a.page, bob).getAttribute("class")) === "offline");
  await a.page.screenshot({ path: `${screenshotDir}/social-offline.png` });

  if (a.problems.length || b.problems.length) throw new Error("page errors: " + [...a.problems, ...b.problems].join("; "));
  await a.context.close();
});
