// socket.io-client 4's browser bundle (from tests/socketio's node_modules, unmodified) in Chromium against the node:
// the default transports connect with auth.token and upgrade to WebSocket, an ack comes back, a publication made
// through the API reaches the room, and a bad token is refused with its reason.
import { run, step, ask, eventually, baseUrl } from "./browser.mjs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = path.resolve(here, "../socketio/node_modules/socket.io-client/dist/socket.io.min.js");
const token = process.env.TOKEN;

run(async (browser) => {
  const page = await browser.newPage();
  // A page of the node's own origin, so that polling needs no CORS.
  await page.goto(`${baseUrl}/health/live`);
  await page.addScriptTag({ path: bundle });
  const log = () => page.evaluate(() => window.log);

  step("the default transports connect with the token and upgrade to WebSocket");
  await page.evaluate((token) => {
    window.log = [];
    const socket = io(location.origin, { auth: { token } });
    window.socket = socket;
    socket.io.on("open", () => {
      log.push("open " + socket.io.engine.transport.name);
      socket.io.engine.on("upgrade", (t) => log.push("upgrade " + t.name));
    });
    socket.on("connect", () => log.push("connect"));
    socket.on("message", (data, meta) => log.push("message " + JSON.stringify(data) + " " + meta.channel));
  }, token);
  await eventually("connect", async () => (await log()).includes("connect"));
  await eventually("the upgrade", async () => (await log()).includes("upgrade websocket"));
  if (!(await log()).includes("open polling")) throw new Error("expected polling first: " + JSON.stringify(await log()));

  step("join a room with an ack");
  const ack = await page.evaluate(() => new Promise((resolve) => socket.emit("join", "public:browser", (...args) => resolve(args))));
  if (ack.length !== 0) throw new Error("join answered " + JSON.stringify(ack));

  step("a publication through the API reaches the page");
  await ask("PUBLISH public:browser");
  await eventually("the publication", async () => (await log()).includes('message {"from":"java"} public:browser'));

  step("a bad token gets connect_error with the reason");
  const refused = await page.evaluate(() => new Promise((resolve) => {
    const bad = io(location.origin, { auth: { token: "not-a-jwt" }, reconnection: false, forceNew: true });
    bad.on("connect_error", (err) => resolve(err.message));
  }));
  if (refused !== "token is not a signed JWT") throw new Error("connect_error said " + refused);
});
