// The seed's two windows: window 1 edits the first name, window 2 the last name; each sees the other's
// edits live. Plain ES module, no build step.
const params = new URLSearchParams(location.search);
const windowNo = params.get("window") === "2" ? 2 : 1;
const editable = windowNo === 1 ? "first_name" : "last_name";
const readonly = windowNo === 1 ? "last_name" : "first_name";
const DEBOUNCE_MS = 250;

const el = (id) => document.getElementById(id);
const state = { token: null, user: null, socket: null, attempts: 0, connectedOnce: false, pending: 0, timer: null };
window.switchboardDemo = state;

el("window-no").textContent = String(windowNo);
el(readonly).readOnly = true;
el("hint").textContent = windowNo === 1
  ? "You edit the first name here; the last name follows window 2."
  : "You edit the last name here; the first name follows window 1.";

function setStatus(kind, text) {
  el("dot").className = "dot " + kind;
  el("status").textContent = text;
  document.body.dataset.status = kind;
}

// Both windows edit one record that neither demo user owns: they ask for the admin role, which the development
// token endpoint hands out to pages on this machine only.
async function fetchToken() {
  const r = await fetch("/api/dev/token?role=admin&user=demo-window-" + windowNo);
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
  const data = r.status === 204 ? null : await r.json();
  return { status: r.status, data };
}

function render(user, { force = false } = {}) {
  if (!force && state.user && user.id === state.user.id && user.version < state.user.version) return;
  state.user = user;
  el("user-id").textContent = String(user.id);
  el("version").textContent = String(user.version);
  el(readonly).value = user[readonly];
  // Never overwrite what the person is typing and has not sent yet.
  if (state.timer === null && state.pending === 0) el(editable).value = user[editable];
}

async function loadUser() {
  const id = params.get("id");
  if (id) {
    const r = await api("GET", "/api/users/" + encodeURIComponent(id) + "/");
    if (r.status !== 200) throw new Error(r.data?.error?.message || "user not found");
    return render(r.data, { force: true });
  }
  // The demo's own record: the first user made through the users API. Accounts (the social demo's people) are
  // users of the same table, and editing one here would rename somebody in the social demo.
  const first = async () => {
    const list = await api("GET", "/api/users/?accounts=false&limit=1");
    if (list.status !== 200) throw new Error(list.data?.error?.message || "users not readable");
    return list.data.results[0];
  };
  let user = await first();
  if (!user) {
    // Two windows opened at once may both create one; reading the first again afterwards makes both edit the
    // same record (the one created first).
    const created = await api("POST", "/api/users/", { first_name: "Ada", last_name: "Lovelace" });
    if (created.status !== 201) throw new Error(created.data?.error?.message || "the demo record was not created");
    user = (await first()) || created.data;
  }
  render(user, { force: true });
}

async function sendEdit() {
  state.timer = null;
  const value = el(editable).value;
  state.pending++;
  try {
    const r = await api("PATCH", "/api/users/" + state.user.id + "/", { [editable]: value });
    el("note").textContent = r.status === 200 ? "" : r.data?.error?.message || "not saved";
    if (r.status === 200) render(r.data);
  } catch (e) {
    el("note").textContent = "not saved: " + e.message;
  } finally {
    state.pending--;
  }
}

el(editable).addEventListener("input", () => {
  clearTimeout(state.timer);
  state.timer = setTimeout(sendEdit, DEBOUNCE_MS);
});

function connect() {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/user-updates/";
  const socket = new WebSocket(url, ["switchboard", "bearer." + state.token]);
  state.socket = socket;
  socket.onopen = async () => {
    state.attempts = 0;
    setStatus("connected", "connected");
    // After a reconnect, read the record again: changes made while we were away were not pushed to us.
    if (state.connectedOnce) await loadUser().catch((e) => (el("note").textContent = e.message));
    state.connectedOnce = true;
  };
  socket.onmessage = (event) => {
    let msg;
    try { msg = JSON.parse(event.data); } catch { return; }
    if (msg.type !== "user_update" || !state.user || msg.data.user.id !== state.user.id) return;
    if (msg.data.action === "delete") {
      el("note").textContent = "This user was deleted.";
      return;
    }
    render(msg.data.user);
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

(async () => {
  try {
    await fetchToken();
    await loadUser();
    connect();
  } catch (e) {
    setStatus("offline", "offline");
    el("note").textContent = e.message;
  }
})();
