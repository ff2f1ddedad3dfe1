// The assistant demo: conversations with an AI whose replies arrive over the user's event socket, streamed
// (message_chunk) then final (message_generate), regenerated on demand (message_regenerate). Nothing is missed
// across a reconnect: the client resumes from the last event it processed. Plain ES module, no build step.
import { createClient } from "/client/index.js";

const USER_KEY = "switchboard.assistant.user";
const SIGNED_IN_KEY = "switchboard.assistant.signedIn";
const CONVERSATION_KEY = "switchboard.assistant.conversation";
const el = (id) => document.getElementById(id);

const state = {
  user: null,
  token: null,
  tokenExpiresAt: 0,
  client: null,
  conversation: null,
  /** uuid -> message, for the conversation shown */
  messages: new Map(),
  /** message uuid -> {version, text} streamed so far */
  drafts: new Map(),
  /** every event handled, for the browser test: {type, seq, uuid, conversation} */
  events: [],
  opens: 0,
  lastAuthRetry: 0,
};
window.assistantDemo = state;

// ---- status ----------------------------------------------------------------------------------------------

const LABELS = {
  idle: "signed out", connecting: "connecting…", connected: "connected", reconnecting: "reconnecting…",
  closed: "disconnected", failed: "offline: gave up", auth_failed: "sign-in refused", offline: "signed out",
};

function setStatus(kind, info = {}) {
  el("dot").className = "dot " + kind;
  let text = LABELS[kind] || kind;
  if (kind === "reconnecting" && info.delayMs !== undefined) text += ` (attempt ${info.attempt}, ${Math.round(info.delayMs / 100) / 10} s)`;
  el("status").textContent = text;
  document.body.dataset.status = kind;
}

function note(text) {
  el("note").textContent = text || "";
}

// ---- user, token, REST -----------------------------------------------------------------------------------

function newUserId() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });
}

async function getToken() {
  if (state.token && state.tokenExpiresAt - Date.now() > 120_000) return state.token;
  const r = await fetch("/api/dev/token?user=" + encodeURIComponent(state.user));
  if (!r.ok) throw new Error("no development token (is the server in development mode?)");
  const body = await r.json();
  state.token = body.token;
  state.tokenExpiresAt = Date.now() + body.expires_in * 1000;
  return state.token;
}

async function api(method, path, body) {
  const headers = { Authorization: "Bearer " + (await getToken()) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = r.status === 204 ? null : await r.json().catch(() => null);
  if (!r.ok) throw new Error((data && data.error && data.error.message) || `${method} ${path} answered ${r.status}`);
  return data;
}

// ---- rendering -------------------------------------------------------------------------------------------

function isMine(message) {
  return message.sender_uuid === state.user || message.role === "user";
}

function render() {
  const list = el("messages");
  list.textContent = "";
  const ordered = [...state.messages.values()];
  for (const m of ordered) {
    const li = document.createElement("li");
    const draft = state.drafts.get(m.uuid);
    const generating = m.status === "generating" || draft !== undefined;
    li.className = isMine(m) ? "user" : generating ? "assistant streaming" : "assistant";
    li.dataset.uuid = m.uuid;
    li.textContent = generating ? draft?.text ?? "" : m.content ?? "";
    if (m.status === "failed") li.textContent = "(no reply: " + (m.error || "failed") + ")";
    if (!isMine(m) && !generating) {
      const actions = document.createElement("div");
      actions.className = "actions";
      const again = document.createElement("button");
      again.type = "button";
      again.className = "small regenerate";
      again.textContent = "Regenerate";
      again.addEventListener("click", () => regenerate(m.uuid, again));
      actions.append(again);
      li.append(actions);
    }
    list.append(li);
  }
  for (const [uuid, draft] of state.drafts) {
    if (state.messages.has(uuid)) continue; // shown in place above
    const li = document.createElement("li");
    li.className = "assistant streaming";
    li.dataset.draft = uuid;
    li.textContent = draft.text;
    list.append(li);
  }
  el("empty").hidden = ordered.length > 0 || state.drafts.size > 0;
  list.lastElementChild?.scrollIntoView({ block: "end" });
}

/** Adds or replaces a message of the conversation shown; replacing keeps its place. */
function upsert(message, replaces) {
  if (!message || !message.uuid) return;
  if (replaces && replaces !== message.uuid && state.messages.has(replaces)) {
    const next = new Map();
    for (const [k, v] of state.messages) {
      if (k === replaces) next.set(message.uuid, message);
      else if (k !== message.uuid) next.set(k, v);
    }
    state.messages = next;
  } else {
    state.messages.set(message.uuid, { ...state.messages.get(message.uuid), ...message });
  }
}

// ---- events from the socket ------------------------------------------------------------------------------

function conversationOf(data) {
  return data?.response_message?.conversation_uuid ?? data?.message?.conversation_uuid ?? data?.conversation_uuid;
}

function onReply(type) {
  return (data, envelope) => {
    state.events.push({ type, seq: envelope.seq, uuid: data?.message?.uuid, conversation: conversationOf(data) });
    if (conversationOf(data) !== state.conversation) return;
    // The message the reply answers may have been sent from elsewhere (another tab, a backend): show it too.
    const asked = data.response_message;
    if (asked && asked.uuid && asked.content !== undefined && !state.messages.has(asked.uuid)) upsert(asked);
    const replaces = data.regenerated_message_uuid ?? data.previous_message_uuid ?? data.replaces;
    upsert(data.message, type === "message_regenerate" ? replaces : undefined);
    state.drafts.delete(data.message?.uuid);
    if (replaces) state.drafts.delete(replaces);
    render();
  };
}

function onChunk(data, envelope) {
  state.events.push({ type: "message_chunk", seq: envelope.seq, uuid: data?.message_uuid, conversation: conversationOf(data) });
  if (conversationOf(data) !== state.conversation) return;
  const key = data.message_uuid ?? data.message?.uuid ?? data.uuid;
  if (!key) return;
  const piece = data.delta ?? data.content ?? data.chunk ?? "";
  const draft = state.drafts.get(key);
  // A regeneration streams a new version of the same message: start its text again.
  const fresh = !draft || draft.version !== data.version || data.index === 0;
  state.drafts.set(key, { version: data.version, text: (fresh ? "" : draft.text) + piece });
  render();
}

// ---- actions ---------------------------------------------------------------------------------------------

async function loadConversations(select) {
  const list = await api("GET", "/api/conversations/");
  const items = list.results ?? list;
  const box = el("conversations");
  box.textContent = "";
  for (const c of items) {
    const option = document.createElement("option");
    option.value = c.uuid;
    option.textContent = c.title || "Conversation " + c.uuid.slice(0, 8);
    box.append(option);
  }
  const wanted = select ?? localStorage.getItem(CONVERSATION_KEY);
  if (wanted && items.some((c) => c.uuid === wanted)) await openConversation(wanted);
  else if (items.length > 0) await openConversation(items[0].uuid);
  else await newConversation();
}

async function openConversation(uuid) {
  state.conversation = uuid;
  localStorage.setItem(CONVERSATION_KEY, uuid);
  el("conversations").value = uuid;
  document.body.dataset.conversation = uuid;
  state.messages = new Map();
  state.drafts = new Map();
  const page = await api("GET", `/api/conversations/${encodeURIComponent(uuid)}/messages/`);
  if (state.conversation !== uuid) return;
  for (const m of page.results ?? page) upsert(m);
  render();
}

async function newConversation() {
  const c = await api("POST", "/api/conversations/", { title: "Chat " + new Date().toLocaleTimeString() });
  const option = document.createElement("option");
  option.value = c.uuid;
  option.textContent = c.title || "Conversation " + c.uuid.slice(0, 8);
  el("conversations").prepend(option);
  await openConversation(c.uuid);
}

async function send(event) {
  event.preventDefault();
  const text = el("text").value.trim();
  if (!text || !state.conversation) return;
  el("send").disabled = true;
  try {
    const sent = await api("POST", `/api/conversations/${encodeURIComponent(state.conversation)}/messages/`, { content: text });
    upsert(sent.message ?? sent);
    el("text").value = "";
    note("");
    render();
  } catch (e) {
    note("not sent: " + e.message);
  } finally {
    el("send").disabled = false;
  }
}

async function regenerate(uuid, button) {
  button.disabled = true;
  try {
    const reply = await api("POST", `/api/messages/${encodeURIComponent(uuid)}/regenerate/`);
    // Shown as being written until message_regenerate brings the new text (unless that came first).
    if (reply && reply.uuid && (state.messages.get(reply.uuid)?.version ?? 0) < reply.version) upsert(reply);
    note("");
    render();
  } catch (e) {
    note("cannot regenerate: " + e.message);
    button.disabled = false;
  }
}

// ---- sign in and out -------------------------------------------------------------------------------------

async function signIn(user) {
  state.user = user;
  localStorage.setItem(USER_KEY, user);
  localStorage.setItem(SIGNED_IN_KEY, "1");
  el("who").textContent = user;
  el("login").hidden = true;
  el("app").hidden = false;
  el("logout").hidden = false;
  note("");
  const client = createClient({
    userId: user,
    getToken,
    onStateChange: (s, info) => {
      setStatus(s, info);
      if (s === "failed") note("The server cannot be reached. Reload the page to try again.");
    },
    onAuthError: (e) => {
      state.token = null;
      // A token that simply ran out (say the laptop slept past a refresh): get a new one and go on, once a minute
      // at most, so that a refused user never loops.
      if (e.code === 4002 && /expired/.test(e.reason) && Date.now() - state.lastAuthRetry > 60_000) {
        state.lastAuthRetry = Date.now();
        client.connect();
        return;
      }
      note("Sign-in refused (" + e.code + "): " + (e.reason || "log in again"));
    },
    onServerError: (e) => note(e.message),
  });
  state.client = client;
  client.on("open", () => { state.opens++; });
  client.registerHandlers({
    message_generate: onReply("message_generate"),
    message_regenerate: onReply("message_regenerate"),
    message_chunk: onChunk,
  });
  client.connect();
  try {
    await loadConversations();
  } catch (e) {
    note(e.message);
  }
}

function signOut() {
  state.client?.disconnect();
  state.client = null;
  state.token = null;
  localStorage.removeItem(SIGNED_IN_KEY);
  el("app").hidden = true;
  el("login").hidden = false;
  el("logout").hidden = true;
  el("who").textContent = "";
  setStatus("offline");
}

el("login-form").addEventListener("submit", (e) => {
  e.preventDefault();
  signIn(el("user").value.trim());
});
el("logout").addEventListener("click", signOut);
el("composer").addEventListener("submit", send);
el("text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) el("composer").requestSubmit();
});
el("new-conversation").addEventListener("click", () => newConversation().catch((e) => note(e.message)));
el("conversations").addEventListener("change", (e) => openConversation(e.target.value).catch((err) => note(err.message)));
// Back online: no need to wait for the next backoff step.
window.addEventListener("online", () => state.client?.reconnectNow());

const params = new URLSearchParams(location.search);
el("user").value = params.get("user") || localStorage.getItem(USER_KEY) || newUserId();
if (params.has("user") || localStorage.getItem(SIGNED_IN_KEY) === "1") signIn(el("user").value);
