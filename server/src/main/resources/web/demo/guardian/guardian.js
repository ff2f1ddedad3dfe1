// The parent's live view of a child's phone: today's screen time per app, the location trail and the latest
// site accesses, read over REST and then kept current by channel child:<id>. Plain ES module, no build step.
const params = new URLSearchParams(location.search);
const parent = params.get("parent") || "demo-parent";
const SVG = "http://www.w3.org/2000/svg";
const MAX_SITES = 20;
const MAX_POINTS = 2000;

const el = (id) => document.getElementById(id);
const state = {
  token: null, socket: null, attempts: 0, child: null, children: [],
  apps: new Map(), total: null, points: [], sites: [], subscribed: null, nextId: 1,
};
window.guardianDemo = state;

el("parent").textContent = parent;
document.querySelectorAll(".parent-name").forEach((n) => (n.textContent = parent));

function setStatus(kind, text) {
  el("dot").className = "dot " + kind;
  el("status").textContent = text;
  document.body.dataset.status = kind;
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function fetchToken() {
  const r = await fetch("/api/dev/token?user=" + encodeURIComponent(parent));
  if (!r.ok) throw new Error("no development token endpoint (is the server in development mode?)");
  state.token = (await r.json()).token;
}

async function api(method, path, body, retried = false) {
  const headers = { Authorization: "Bearer " + state.token };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401 && !retried) {
    await fetchToken();
    return api(method, path, body, true);
  }
  const data = await r.json();
  if (!r.ok) throw new Error(data?.error?.message || `${method} ${path}: ${r.status}`);
  return data;
}

// ---- rendering ----

function formatSeconds(s) {
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

function renderBars() {
  const svg = el("bars");
  svg.replaceChildren();
  const apps = [...state.apps.entries()].map(([app, hours]) => [app, Object.values(hours).reduce((a, b) => a + b, 0)])
    .sort((a, b) => b[1] - a[1]);
  const rowH = 26;
  const height = Math.max(40, apps.length * rowH + 8);
  svg.setAttribute("viewBox", `0 0 400 ${height}`);
  const max = Math.max(60, ...apps.map(([, s]) => s));
  apps.forEach(([app, seconds], i) => {
    const y = 4 + i * rowH;
    const g = document.createElementNS(SVG, "g");
    g.setAttribute("class", "bar");
    g.dataset.app = app;
    g.dataset.seconds = String(seconds);
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", "0");
    label.setAttribute("y", String(y + rowH / 2 - 2));
    label.textContent = app.length > 20 ? "…" + app.slice(-19) : app;
    const rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("x", "160");
    rect.setAttribute("y", String(y + 3));
    rect.setAttribute("height", String(rowH - 10));
    rect.setAttribute("width", String(Math.max(2, (seconds / max) * 180)));
    rect.setAttribute("rx", "3");
    const value = document.createElementNS(SVG, "text");
    value.setAttribute("class", "value");
    value.setAttribute("x", String(165 + Math.max(2, (seconds / max) * 180)));
    value.setAttribute("y", String(y + rowH / 2 - 2));
    value.textContent = formatSeconds(seconds);
    g.append(label, rect, value);
    svg.append(g);
  });
  el("total").textContent = state.total === null ? "–" : formatSeconds(state.total);
  el("today").textContent = today();
}

function renderTrail() {
  const pts = state.points;
  el("points").textContent = String(pts.length);
  el("trail").dataset.points = String(pts.length);
  const line = el("trail-line");
  if (pts.length === 0) {
    line.setAttribute("points", "");
    for (const id of ["trail-start", "trail-end"]) el(id).setAttribute("cx", "-10");
    return;
  }
  const lats = pts.map((p) => p.latitude);
  const lons = pts.map((p) => p.longitude);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  // One scale for both axes (near enough at a city's scale), centred, with a margin.
  const span = Math.max(maxLat - minLat, maxLon - minLon, 1e-4);
  const scale = Math.min(360 / span, 220 / span);
  const cx = (minLon + maxLon) / 2;
  const cy = (minLat + maxLat) / 2;
  const xy = (p) => [200 + (p.longitude - cx) * scale, 130 - (p.latitude - cy) * scale];
  line.setAttribute("points", pts.map((p) => xy(p).map((v) => v.toFixed(1)).join(",")).join(" "));
  const [sx, sy] = xy(pts[0]);
  const [ex, ey] = xy(pts[pts.length - 1]);
  el("trail-start").setAttribute("cx", sx.toFixed(1));
  el("trail-start").setAttribute("cy", sy.toFixed(1));
  el("trail-end").setAttribute("cx", ex.toFixed(1));
  el("trail-end").setAttribute("cy", ey.toFixed(1));
}

function renderSites() {
  const list = el("sites");
  list.replaceChildren(...state.sites.map((s) => {
    const li = document.createElement("li");
    li.className = s.accessed ? "visited" : "blocked";
    const time = document.createElement("time");
    time.dateTime = s.timestamp;
    time.textContent = new Date(s.timestamp).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const url = document.createElement("span");
    url.className = "url";
    url.textContent = s.url;
    url.title = s.url;
    li.append(time, url);
    if (!s.accessed) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "blocked";
      li.append(badge);
    }
    return li;
  }));
}

// ---- state changes, from REST or from the channel ----

function applyScreenTime(day) {
  if (day.date !== today()) return;
  state.total = day.total_screen_time;
  state.apps = new Map(Object.entries(day.app_wise_data || {}));
  renderBars();
}

function addPoints(points) {
  const seen = new Set(state.points.map((p) => p.timestamp + p.latitude + "," + p.longitude));
  for (const p of points) if (!seen.has(p.timestamp + p.latitude + "," + p.longitude)) state.points.push(p);
  state.points.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  state.points = state.points.slice(-MAX_POINTS);
  renderTrail();
}

function addSites(logs) {
  state.sites = [...logs, ...state.sites].sort((a, b) => b.timestamp.localeCompare(a.timestamp)).slice(0, MAX_SITES);
  renderSites();
}

async function loadChild() {
  const id = state.child.id;
  const base = `/api/children/${id}`;
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const [screen, locations, sites] = await Promise.all([
    api("GET", `${base}/screen-time/?from=${today()}&to=${today()}`),
    api("GET", `${base}/locations/?from=${encodeURIComponent(since)}&order=desc&limit=1000`),
    api("GET", `${base}/site-access/?order=desc&limit=${MAX_SITES}`),
  ]);
  if (state.child.id !== id) return;
  state.total = null;
  state.apps = new Map();
  screen.results.forEach(applyScreenTime);
  renderBars();
  state.points = [];
  addPoints(locations.results.reverse());
  state.sites = [];
  addSites(sites.results);
  el("hash").textContent = state.child.child_hash;
  el("curl").textContent = `curl -X POST ${location.origin}/api/ingest/ -H 'Content-Type: application/json' \\\n`
    + `  -H 'X-Child-Hash: ${state.child.child_hash}' \\\n`
    + `  -d '{"type":"location","id":"1","data":{"timestamp":"${new Date().toISOString().slice(0, 19)}Z","latitude":52.52,"longitude":13.40}}'`;
  document.body.dataset.child = String(id);
}

function send(message) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) state.socket.send(JSON.stringify(message));
}

function subscribe() {
  if (!state.child) return;
  const channel = "child:" + state.child.id;
  if (state.subscribed && state.subscribed !== channel) {
    send({ type: "unsubscribe", id: "u" + state.nextId++, data: { channel: state.subscribed } });
  }
  state.subscribed = channel;
  send({ type: "subscribe", id: "s" + state.nextId++, data: { channel } });
}

function connect() {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
  const socket = new WebSocket(url, ["switchboard", "bearer." + state.token]);
  state.socket = socket;
  let reload = state.attempts > 0;
  socket.onopen = async () => {
    state.attempts = 0;
    state.subscribed = null;
    subscribe();
    // Events published while we were away were not kept for us: read the child's data again.
    if (reload && state.child) await loadChild().catch((e) => (el("note").textContent = e.message));
    reload = false;
    setStatus("connected", "connected");
  };
  socket.onmessage = (event) => {
    let msg;
    try { msg = JSON.parse(event.data); } catch { return; }
    if (msg.type === "error") el("note").textContent = msg.error?.message || "error";
    if (!state.child || msg.channel !== "child:" + state.child.id) return;
    if (msg.type === "screen_time") applyScreenTime(msg.data);
    else if (msg.type === "location") addPoints([msg.data]);
    else if (msg.type === "site_access") addSites(msg.data.logs);
  };
  socket.onclose = async (event) => {
    if (state.socket !== socket) return;
    setStatus("reconnecting", "reconnecting…");
    if (event.code === 4001 || event.code === 4002) await fetchToken().catch(() => {});
    const delay = Math.min(10000, 500 * 2 ** state.attempts) * (0.5 + Math.random() / 2);
    state.attempts++;
    setTimeout(connect, delay);
  };
}

async function loadChildren(select) {
  state.children = (await api("GET", "/api/children/")).results;
  const picker = el("child");
  picker.replaceChildren(...state.children.map((c) => new Option(c.name + " (#" + c.id + ")", String(c.id))));
  el("empty").hidden = state.children.length > 0;
  const chosen = state.children.find((c) => String(c.id) === String(select)) || state.children[0];
  if (chosen) {
    picker.value = String(chosen.id);
    state.child = chosen;
    await loadChild();
    subscribe();
  }
}

el("child").addEventListener("change", async (e) => {
  state.child = state.children.find((c) => String(c.id) === e.target.value);
  history.replaceState(null, "", `?parent=${encodeURIComponent(parent)}&child=${state.child.id}`);
  await loadChild().catch((err) => (el("note").textContent = err.message));
  subscribe();
});

el("enrol").addEventListener("click", async () => {
  const child = await api("POST", "/api/children/", { name: "Demo child" });
  await loadChildren(child.id);
});

(async () => {
  try {
    renderBars();
    renderTrail();
    await fetchToken();
    await loadChildren(params.get("child"));
    connect();
  } catch (e) {
    setStatus("offline", "offline");
    el("note").textContent = e.message;
  }
})();
