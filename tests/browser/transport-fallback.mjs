// The browser client where WebSocket is blocked (every ws:// the page opens is closed before it reaches the node,
// as a proxy that breaks WebSocket does): it falls back to SSE by itself, says so, subscribes, receives, publishes,
// and after the node restarts (while the page cannot reach it) recovers what it missed, once each and in order.
// Then, with SSE blocked too, it falls back to HTTP streaming. Steered by SseFallbackInBrowserTest (ASK lines).
import { ask, baseUrl, eventually, run, screenshotDir, step } from "./browser.mjs";

const channel = process.env.CHANNEL;
if (!channel) throw new Error("CHANNEL is not set");

// A page of the node's origin that loads the client the node serves (/client/) and shows what it does.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Transport fallback</title>
<link rel="icon" href="data:,"></head><body><h1>Transport fallback</h1>
<p>Transport: <b id="transport">none</b>, state <b id="state">idle</b></p><ol id="seen"></ol>
<script type="module">
import { createClient } from "/client/index.js";
const token = (await (await fetch("/api/dev/token?user=fallback-reader")).json()).token;
const w = window;
w.seen = []; w.transports = []; w.fallbacks = []; w.opens = []; w.unrecovered = [];
w.client = createClient({
  baseUrl: location.origin,
  getToken: () => token,
  reconnect: { baseDelayMs: 200, maxDelayMs: 1000, maxAttempts: 1000 },
  onTransport: (name) => { w.transports.push(name); document.getElementById("transport").textContent = name; },
});
w.client.on("state", (s) => { document.getElementById("state").textContent = s.state; });
w.client.on("fallback", (f) => w.fallbacks.push(f.from + ">" + f.to));
w.client.on("recoveryFailed", (r) => w.unrecovered.push(r.channel));
w.client.on("open", (o) => w.opens.push({ transport: o.transport, session: o.sessionId }));
w.subscribe = (channel) => w.client.subscribe(channel, (data) => {
  w.seen.push(data.n);
  const li = document.createElement("li");
  li.textContent = JSON.stringify(data);
  document.getElementById("seen").append(li);
});
w.client.connect();
w.ready = true;
</script></body></html>`;

run(async (browser) => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  let socketsRefused = 0;
  await page.routeWebSocket(() => true, (ws) => {
    socketsRefused++;
    ws.close({ code: 1006, reason: "WebSocket blocked by the test" });
  });
  await page.route(baseUrl + "/fallback.html", (route) => route.fulfill({ contentType: "text/html", body: PAGE }));
  await page.goto(baseUrl + "/fallback.html");
  await eventually("the page's script", () => page.evaluate(() => window.ready === true));

  step("WebSocket refused: the client falls back to SSE and says so");
  await eventually("a session over SSE", () => page.evaluate(() => window.client.isConnected && window.client.transport === "sse"));
  const first = await page.evaluate(() => ({ transports: window.transports, fallbacks: window.fallbacks, opens: window.opens }));
  if (socketsRefused < 1) throw new Error("the client never tried a WebSocket");
  if (JSON.stringify(first.transports) !== '["sse"]') throw new Error("onTransport said " + JSON.stringify(first.transports));
  if (first.fallbacks[0] !== "websocket>sse") throw new Error("fallbacks: " + JSON.stringify(first.fallbacks));

  step("subscribe, publish from the page, receive what the page and the node publish");
  const ack = await page.evaluate((c) => window.subscribe(c), channel);
  if (typeof ack.epoch !== "string" || typeof ack.offset !== "number") throw new Error("subscribe ack without a position: " + JSON.stringify(ack));
  await page.evaluate((c) => window.client.publish(c, { n: 1, from: "page" }), channel);
  await eventually("the page's own publication", () => page.evaluate(() => window.seen.length === 1));
  await ask("PUBLISH 2");
  await eventually("the node's publication", () => page.evaluate(() => window.seen.length === 2));
  await page.screenshot({ path: screenshotDir + "/transport-fallback-sse.png" });

  step("the node restarts while the page cannot reach it; publications made meanwhile");
  const refuse = (route) => route.abort("connectionrefused");
  await page.route("**/connection/sse**", refuse);
  await page.route("**/connection/stream**", refuse);
  await ask("RESTART"); // the node stops (its stream ends with 1001), starts again, and 3 and 4 are published
  await eventually("the client notices", () => page.evaluate(() => !window.client.isConnected));
  // SSE comes back first and HTTP streaming only once the client is connected: an attempt at streaming that was
  // under way when SSE came back (the client tries the next transport at once) fails, so the session is SSE's.
  await page.unroute("**/connection/sse**", refuse);
  await page.evaluate(() => window.client.reconnectNow());

  step("back over SSE with a new session: the missed publications arrive once each, in order");
  await eventually("the missed publications", () => page.evaluate(() => window.seen.length >= 4 && window.client.isConnected));
  await page.unroute("**/connection/stream**", refuse);
  const after = await page.evaluate(() => ({ seen: window.seen, opens: window.opens, transport: window.client.transport, unrecovered: window.unrecovered }));
  if (after.unrecovered.length) throw new Error("recovery failed on " + JSON.stringify(after.unrecovered));
  if (JSON.stringify(after.seen) !== "[1,2,3,4]") throw new Error("seen after the restart: " + JSON.stringify(after.seen));
  if (after.transport !== "sse" || after.opens.length !== 2 || after.opens.some((o) => o.transport !== "sse")) {
    throw new Error("sessions: " + JSON.stringify(after.opens));
  }
  if (after.opens[0].session === after.opens[1].session) throw new Error("the restarted node kept the session id");
  await page.evaluate((c) => window.client.publish(c, { n: 5, from: "page" }), channel);
  await eventually("a publication after the restart", () => page.evaluate(() => window.seen.length === 5));
  await page.screenshot({ path: screenshotDir + "/transport-fallback-recovered.png" });

  step("SSE blocked as well: the next connection falls back to HTTP streaming");
  await page.route("**/connection/sse**", (route) => route.abort("connectionrefused"));
  await page.evaluate(() => window.client._ws.close(3000, "the test drops the connection"));
  await eventually("a session over HTTP streaming", () => page.evaluate(() => window.client.isConnected && window.client.transport === "http_stream"));
  await page.evaluate((c) => window.client.publish(c, { n: 6, from: "page" }), channel);
  await eventually("a publication over HTTP streaming", () => page.evaluate(() => window.seen.length === 6));
  const last = await page.evaluate(() => ({ seen: window.seen, transports: window.transports }));
  if (JSON.stringify(last.seen) !== "[1,2,3,4,5,6]") throw new Error("seen: " + JSON.stringify(last.seen));
  if (JSON.stringify(last.transports) !== '["sse","http_stream"]') throw new Error("onTransport said " + JSON.stringify(last.transports));
  await page.screenshot({ path: screenshotDir + "/transport-fallback-http-stream.png" });

  const real = problems.filter((p) => !/connection\/|ERR_CONNECTION_REFUSED|ERR_FAILED|WebSocket/.test(p));
  if (real.length) throw new Error("the page had problems: " + real.join("; "));
});
