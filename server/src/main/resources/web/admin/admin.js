// The admin console: sign-in, then tables and charts refreshed from /admin/api, and the actions an operator takes.
import { call, stats, signIn, signOut, signedIn, SignedOut } from "./api.js";
import { LineChart } from "./chart.js";

const $ = (id) => document.getElementById(id);
const STATS_EVERY_MS = 1000;
const TABLES_EVERY_MS = 5000;

const messagesChart = new LineChart($("chart-messages"), [{ name: "in", color: "#3d7be0" }, { name: "out", color: "#2fb36d" }]);
const latencyChart = new LineChart($("chart-latency"), [{ name: "mean", color: "#8e44ad" }, { name: "max", color: "#e67e22" }]);
let previous = null;      // the last stats reading, to turn totals into rates
let nodeRates = new Map(); // node name -> {in, out} per second
let timers = [];
let shownUser = null;
let shownPresence = null;

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v; else if (k === "dataset") Object.assign(e.dataset, v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function setState(state, text) {
  document.body.dataset.state = state;
  $("signin").hidden = state !== "signed-out";
  $("console").hidden = state === "signed-out";
  $("signout").hidden = state === "signed-out";
  $("dot").className = "dot" + (state === "signed-in" ? " connected" : state === "offline" ? " offline" : "");
  $("status").textContent = text || "";
}

function failed(e) {
  if (e instanceof SignedOut) {
    stop();
    setState("signed-out");
    $("login-error").textContent = e.message;
    return true;
  }
  return false;
}

function uptime(seconds) {
  const d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600), m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${seconds % 60}s`;
  return `${seconds}s`;
}

const rate = (v) => (v === undefined ? "–" : v < 10 ? v.toFixed(1) : String(Math.round(v)));
const ms = (v) => (v === null || v === undefined ? "–" : v < 10 ? v.toFixed(2) : v.toFixed(0));

async function refreshStats() {
  try {
    const now = await stats();
    $("note").textContent = "";
    if (previous) {
      const seconds = Math.max(0.001, (now.time_ms - previous.time_ms) / 1000);
      const before = new Map(previous.nodes.map((n) => [n.name, n]));
      let inRate = 0, outRate = 0, count = 0, total = 0, max = 0;
      nodeRates = new Map();
      for (const n of now.nodes) {
        const p = before.get(n.name);
        // A node that restarted counts from zero again: its first reading gives no rate.
        if (!p || n.messages_in < p.messages_in || n.messages_out < p.messages_out) continue;
        const r = { in: (n.messages_in - p.messages_in) / seconds, out: (n.messages_out - p.messages_out) / seconds };
        nodeRates.set(n.name, r);
        inRate += r.in;
        outRate += r.out;
        count += n.delivery_latency.count - p.delivery_latency.count;
        total += n.delivery_latency.total_ms - p.delivery_latency.total_ms;
        max = Math.max(max, n.delivery_latency.max_ms);
      }
      const mean = count > 0 ? total / count : null;
      messagesChart.push([inRate, outRate]);
      latencyChart.push([mean, count > 0 ? max : null]);
      $("rate-in").textContent = rate(inRate);
      $("rate-out").textContent = rate(outRate);
      $("latency-mean").textContent = ms(mean);
      $("latency-max").textContent = ms(count > 0 ? max : null);
    }
    previous = now;
  } catch (e) {
    if (!failed(e)) $("note").textContent = "stats: " + e.message;
  }
}

async function refreshNodes() {
  const { nodes } = await call("info");
  const body = $("nodes").tBodies[0];
  body.replaceChildren(...nodes.map((n) => {
    const r = nodeRates.get(n.name);
    return el("tr", { dataset: { node: n.name } },
      el("td", { class: "name" }, n.name), el("td", {}, uptime(n.uptime)),
      el("td", { class: "num" }, n.num_clients), el("td", { class: "num" }, n.num_users),
      el("td", { class: "num" }, n.num_channels), el("td", { class: "num" }, rate(r?.in)),
      el("td", { class: "num" }, rate(r?.out)));
  }));
  const clients = nodes.reduce((s, n) => s + n.num_clients, 0);
  $("nodes-summary").textContent = `${nodes.length} node${nodes.length === 1 ? "" : "s"} · ${clients} connection${clients === 1 ? "" : "s"}`;
}

async function refreshChannels() {
  const pattern = $("channel-pattern").value.trim();
  const { channels } = await call("channels", pattern ? { pattern } : {});
  const names = Object.keys(channels).sort();
  const body = $("channels").tBodies[0];
  if (!names.length) {
    body.replaceChildren(el("tr", {}, el("td", { class: "empty", colSpan: 3 }, "no channel has subscribers")));
  } else {
    body.replaceChildren(...names.map((name) => el("tr", { dataset: { channel: name } },
      el("td", { class: "name" }, name),
      el("td", { class: "num" }, channels[name].num_clients),
      el("td", { class: "num" }, el("button", { type: "button", class: "small", onclick: () => showPresence(name) }, "Presence")))));
  }
  $("channels-summary").textContent = `${names.length} active`;
  if (shownPresence) await showPresence(shownPresence);
}

async function showPresence(channel) {
  shownPresence = channel;
  try {
    const [{ clients }, summary] = await Promise.all([call("presence", { channel }), call("presence_stats", { channel })]);
    $("presence").hidden = false;
    $("presence-channel").textContent = channel;
    $("presence-summary").textContent = `${summary.num_clients} connection${summary.num_clients === 1 ? "" : "s"}, `
      + `${summary.num_users} user${summary.num_users === 1 ? "" : "s"}`;
    const list = $("presence-list");
    if (!clients.length) {
      list.replaceChildren(el("li", { class: "empty" }, "nobody is subscribed"));
    } else {
      list.replaceChildren(...clients.map((c) => el("li", { dataset: { user: c.user_id } },
        el("button", { type: "button", class: "small", onclick: () => { $("user").value = c.user_id; lookUp(c.user_id); } },
          c.user_id || "(anonymous)"),
        el("span", { class: "sub" }, "session " + c.session_id))));
    }
  } catch (e) {
    if (!failed(e)) $("note").textContent = "presence: " + e.message;
  }
}

async function lookUp(user) {
  shownUser = user;
  const { connections } = await call("user_connections", { user });
  $("user-result").hidden = false;
  $("user-name").textContent = user;
  $("user-summary").textContent = `${connections.length} connection${connections.length === 1 ? "" : "s"}`;
  const list = $("connections");
  if (!connections.length) {
    list.replaceChildren(el("li", { class: "empty" }, "no open connection"));
  } else {
    list.replaceChildren(...connections.map((c) => el("li", { dataset: { session: c.session_id } },
      "session " + c.session_id, el("span", { class: "sub" },
        `on ${c.node}${c.transport ? " · " + c.transport : ""} · ${c.channels.length ? c.channels.join(", ") : "no channels"}`))));
  }
  $("disconnect").disabled = connections.length === 0;
}

async function refreshTables() {
  try {
    await Promise.all([refreshNodes(), refreshChannels()]);
    $("note").textContent = "";
  } catch (e) {
    if (!failed(e)) $("note").textContent = e.message;
  }
}

function start() {
  setState("signed-in", "signed in");
  previous = null;
  refreshStats();
  refreshTables();
  timers = [setInterval(refreshStats, STATS_EVERY_MS), setInterval(refreshTables, TABLES_EVERY_MS)];
}

function stop() {
  timers.forEach(clearInterval);
  timers = [];
}

function message(id, text, ok) {
  $(id).textContent = text;
  $(id).classList.toggle("failed", !ok);
}

$("login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("login-error").textContent = "";
  const password = $("password").value;
  try {
    await signIn(password);
    $("password").value = "";
    start();
  } catch (e) {
    $("login-error").textContent = e.message;
  }
});

$("signout").addEventListener("click", () => {
  signOut();
  stop();
  setState("signed-out");
});

$("channels-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  refreshTables();
});

$("user-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  message("user-message", "", true);
  try {
    await lookUp($("user").value.trim());
  } catch (e) {
    if (!failed(e)) message("user-message", e.message, false);
  }
});

$("disconnect").addEventListener("click", async () => {
  if (!shownUser) return;
  try {
    const { sessions } = await call("disconnect", { user: shownUser });
    message("user-message", `disconnected ${sessions} session${sessions === 1 ? "" : "s"} of ${shownUser}`, true);
    await lookUp(shownUser);
    refreshTables();
  } catch (e) {
    if (!failed(e)) message("user-message", e.message, false);
  }
});

for (const id of ["publish-channel", "publish-data"]) $(id).addEventListener("input", () => message("publish-message", "", true));

$("publish-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const channel = $("publish-channel").value.trim();
  let data;
  try {
    data = JSON.parse($("publish-data").value);
  } catch {
    message("publish-message", 'the data must be JSON, e.g. {"text": "hi"} or "hi"', false);
    return;
  }
  try {
    await call("publish", { channel, data });
    message("publish-message", `published to ${channel} at ${new Date().toLocaleTimeString()}`, true);
  } catch (e) {
    if (!failed(e)) message("publish-message", e.message, false);
  }
});

if (signedIn()) start(); else setState("signed-out");
