// The social demo (seed 003): accounts, a feed whose like and comment counts move live, notification toasts,
// who is online, and a chat with a typing indicator. Everything live arrives on one socket, /ws/user/<id>:
// durable notifications (replayed after a reconnect), count updates on post:<id>, messages on conversation:<id>,
// and the live-only user_status and typing frames. Plain ES module, no build step.
import { createClient } from "/client/index.js";

const SESSION_KEY = "switchboard.social.session";
const TYPING_SEND_EVERY_MS = 1500;
const el = (id) => document.getElementById(id);

const state = {
  me: null,
  access: null,
  accessExpiresAt: 0,
  refresh: null,
  client: null,
  posts: new Map(),
  people: new Map(),
  following: new Set(),
  online: new Set(),
  conversation: null,
  typingSentAt: 0,
  typingStopTimer: null,
  typingShown: new Map(),
  /** every live frame handled, for the browser test: {type, data} */
  events: [],
  toasts: [],
};
window.socialDemo = state;

// ---- status and notes --------------------------------------------------------------------------------------

const LABELS = {
  idle: "signed out", connecting: "connecting…", connected: "connected", reconnecting: "reconnecting…",
  closed: "disconnected", failed: "offline: gave up", auth_failed: "sign-in refused", signed_out: "signed out",
};

function setStatus(kind) {
  el("dot").className = "dot " + kind;
  el("status").textContent = LABELS[kind] || kind;
  document.body.dataset.status = kind;
}

function note(text, where = "note") {
  el(where).textContent = text || "";
}

function toast(text) {
  const div = document.createElement("div");
  div.className = "toast";
  div.textContent = text;
  el("toasts").append(div);
  state.toasts.push(text);
  setTimeout(() => div.remove(), 6000);
}

// ---- accounts and REST -------------------------------------------------------------------------------------

function keep(body) {
  state.access = body.access_token;
  state.accessExpiresAt = Date.now() + (body.expires_in || 900) * 1000;
  state.refresh = body.refresh_token || state.refresh;
  if (body.user) state.me = body.user;
  localStorage.setItem(SESSION_KEY, JSON.stringify({ me: state.me, refresh: state.refresh }));
}

async function token() {
  if (state.access && state.accessExpiresAt - Date.now() > 60_000) return state.access;
  if (!state.refresh) throw new Error("signed out");
  const r = await fetch("/api/auth/refresh", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh_token: state.refresh }),
  });
  if (!r.ok) {
    signOut("your session ended: log in again");
    throw new Error("refresh refused");
  }
  keep(await r.json());
  return state.access;
}

async function api(method, path, body) {
  const headers = { Authorization: "Bearer " + (await token()) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = r.status === 204 ? null : await r.json().catch(() => null);
  if (!r.ok) throw new Error((data && data.error && data.error.message) || `${method} ${path} answered ${r.status}`);
  return data;
}

async function authenticate(kind) {
  note("", "auth-note");
  const username = el("username").value.trim();
  const password = el("password").value;
  const r = await fetch("/api/auth/" + kind, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, password }),
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) {
    const e = body && body.error;
    note(e ? e.message + (e.field ? ` (${e.field})` : "") : `the server answered ${r.status}`, "auth-note");
    return;
  }
  keep(body);
  await enter();
}

function signOut(message) {
  if (state.client) state.client.disconnect(1000, "signed out");
  state.client = null;
  state.me = state.access = state.refresh = null;
  localStorage.removeItem(SESSION_KEY);
  el("app").hidden = true;
  el("logout").hidden = true;
  el("auth").hidden = false;
  el("me").textContent = "";
  setStatus("signed_out");
  note(message || "", "auth-note");
}

const nameOf = (user) => (user && (user.username || user.name || [user.first_name, user.last_name].filter(Boolean).join(" "))) || "someone";

// ---- the socket ---------------------------------------------------------------------------------------------

function connect() {
  const client = createClient({ userId: String(state.me.id), getToken: token, onStateChange: (s) => setStatus(s) });
  client.registerHandlers({
    notification: (data) => {
      record("notification", data);
      toast(data.message || `${nameOf(data.actor)}: ${data.type}`);
    },
    user_status: (data) => {
      record("user_status", data);
      if (data.status === "online") state.online.add(String(data.user_id)); else state.online.delete(String(data.user_id));
      renderPeople();
    },
    typing: (data) => {
      record("typing", data);
      showTyping(data);
    },
    // A followed user's post, pushed as it is written: show it and follow its counts.
    new_post: (data) => {
      record("new_post", data);
      if (state.posts.has(String(data.id))) return;
      state.posts.set(String(data.id), data);
      renderFeed();
      watchPost(data.id);
    },
  });
  client.on("open", () => {
    // After a reconnect the statuses may have changed while we were away: ask again.
    refreshPresence().catch((e) => note(e.message));
  });
  client.connect();
  state.client = client;
}

function record(type, data) {
  state.events.push({ type, data });
  if (state.events.length > 500) state.events.shift();
}

// ---- feed ---------------------------------------------------------------------------------------------------

async function loadFeed() {
  const page = await api("GET", "/api/posts/?limit=50");
  const posts = page.results || [];
  for (const p of posts) state.posts.set(String(p.id), p);
  renderFeed();
  for (const p of posts) watchPost(p.id);
}

function watchPost(id) {
  state.client.subscribe("post:" + id, (data, envelope) => {
    record(envelope.type, data);
    const post = state.posts.get(String(data.post_id));
    if (!post) return;
    // Updates published after concurrent commits may arrive out of order: keep the newest.
    if (data.version !== undefined && post.version !== undefined && data.version < post.version) return;
    if (data.version !== undefined) post.version = data.version;
    if (envelope.type === "like_update") post.like_count = data.count;
    if (envelope.type === "comment_update") post.comment_count = data.count;
    renderFeed();
  }).catch((e) => note(e.message));
}

function renderFeed() {
  const list = el("feed");
  const posts = [...state.posts.values()].sort((a, b) => b.id - a.id);
  list.replaceChildren(...posts.map((p) => {
    const li = document.createElement("li");
    li.dataset.post = p.id;
    const author = document.createElement("div");
    author.className = "author";
    author.textContent = p.author ? nameOf(p.author) : (String(p.author_id) === String(state.me.id) ? nameOf(state.me) : "user " + p.author_id);
    const text = document.createElement("div");
    text.className = "content";
    text.textContent = p.content;
    const actions = document.createElement("div");
    actions.className = "actions";
    const like = document.createElement("button");
    like.className = "like" + (p.liked ? " liked" : "");
    like.textContent = p.liked ? "♥ Liked" : "♡ Like";
    like.onclick = () => toggleLike(p).catch((e) => note(e.message));
    const likes = document.createElement("span");
    likes.className = "like-count";
    likes.textContent = String(p.like_count ?? 0);
    const comments = document.createElement("span");
    comments.className = "comment-count";
    const commentCount = p.comment_count ?? 0;
    comments.textContent = `${commentCount} ${commentCount === 1 ? "comment" : "comments"}`;
    const input = document.createElement("input");
    input.className = "comment-text";
    input.placeholder = "Comment";
    input.maxLength = 5000;
    const send = document.createElement("button");
    send.className = "comment-send";
    send.textContent = "Comment";
    send.onclick = () => comment(p, input).catch((e) => note(e.message));
    actions.append(like, likes, comments, input, send);
    li.append(author, text, actions);
    return li;
  }));
}

async function toggleLike(post) {
  const r = await api(post.liked ? "DELETE" : "POST", `/api/posts/${post.id}/like`);
  post.liked = !post.liked;
  if (r && r.count !== undefined && (r.version === undefined || post.version === undefined || r.version >= post.version)) {
    post.like_count = r.count;
    if (r.version !== undefined) post.version = r.version;
  }
  renderFeed();
}

async function comment(post, input) {
  const content = input.value.trim();
  if (!content) return;
  await api("POST", `/api/posts/${post.id}/comments/`, { content });
  input.value = "";
}

async function publishPost(event) {
  event.preventDefault();
  const content = el("post-text").value.trim();
  if (!content) return;
  const post = await api("POST", "/api/posts/", { content });
  el("post-text").value = "";
  state.posts.set(String(post.id), post);
  renderFeed();
  watchPost(post.id);
}

// ---- people and presence ------------------------------------------------------------------------------------

async function loadPeople() {
  await loadUsers();
  try {
    const following = await api("GET", `/api/users/${state.me.id}/following/?limit=200`);
    for (const u of following.results || []) state.following.add(String(u.id ?? u.user_id ?? u.followee_id));
  } catch (e) {
    // older servers have no following list: start from none
  }
  await refreshPresence();
}

// Nothing is pushed when someone signs up: the list is read again now and then (see the interval below).
async function loadUsers() {
  const page = await api("GET", "/api/users/?limit=100");
  for (const u of page.results || []) {
    if (String(u.id) !== String(state.me.id)) state.people.set(String(u.id), u);
  }
}

async function refreshPresence() {
  const ids = [...state.people.keys()].slice(0, 1000);
  if (!ids.length) return renderPeople();
  const r = await api("GET", "/api/presence/?user_ids=" + ids.join(","));
  state.online = new Set((r.online || []).map(String));
  renderPeople();
}

function renderPeople() {
  const list = el("people");
  list.replaceChildren(...[...state.people.values()].map((u) => {
    const id = String(u.id);
    const li = document.createElement("li");
    li.dataset.user = id;
    li.dataset.name = nameOf(u);
    li.className = state.online.has(id) ? "online" : "offline";
    const dot = document.createElement("span");
    dot.className = "dot";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = nameOf(u);
    const follow = document.createElement("button");
    follow.className = "follow";
    follow.textContent = state.following.has(id) ? "Unfollow" : "Follow";
    follow.onclick = () => toggleFollow(id).catch((e) => note(e.message));
    const talk = document.createElement("button");
    talk.className = "talk";
    talk.textContent = "Message";
    talk.onclick = () => openChat(u).catch((e) => note(e.message));
    li.append(dot, name, follow, talk);
    return li;
  }));
}

async function toggleFollow(id) {
  const following = state.following.has(id);
  await api(following ? "DELETE" : "POST", `/api/users/${id}/follow`);
  if (following) state.following.delete(id); else state.following.add(id);
  renderPeople();
  await loadFeed();
}

// ---- chat ---------------------------------------------------------------------------------------------------

async function openChat(user) {
  if (state.conversation) await state.client.unsubscribe("conversation:" + state.conversation.id).catch(() => {});
  const conversation = await api("POST", "/api/chat/conversations/", { member_ids: [Number(user.id)] });
  state.conversation = { id: conversation.id, other: user };
  document.body.dataset.conversation = conversation.id;
  el("chat-with").textContent = "with " + nameOf(user);
  el("chat-text").disabled = false;
  el("chat-send").disabled = false;
  el("chat-text").placeholder = "Message " + nameOf(user);
  el("messages").replaceChildren();
  await state.client.subscribe("conversation:" + conversation.id, (data, envelope) => {
    record(envelope.type, data);
    if (envelope.type === "new_message") addMessage(data);
  });
  const page = await api("GET", `/api/chat/conversations/${conversation.id}/messages/?limit=50`);
  const older = (page.results || []).slice().sort((a, b) => a.id - b.id);
  for (const m of older) addMessage(m);
}

function addMessage(m) {
  if (!state.conversation || String(m.conversation_id) !== String(state.conversation.id)) return;
  if (el("messages").querySelector(`li[data-id="${m.id}"]`)) return;
  const li = document.createElement("li");
  li.dataset.id = m.id;
  li.className = String(m.sender_id) === String(state.me.id) ? "mine" : "theirs";
  li.textContent = m.content;
  el("messages").append(li);
  el("messages").scrollTop = el("messages").scrollHeight;
  hideTyping(String(m.sender_id));
}

async function sendChat(event) {
  event.preventDefault();
  const content = el("chat-text").value.trim();
  if (!content || !state.conversation) return;
  const clientId = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random())).slice(0, 36);
  el("chat-text").value = "";
  stopTyping();
  const stored = await state.client.request("send_message", { conversation_id: state.conversation.id, content, client_id: clientId });
  if (stored && stored.id) addMessage(stored);
}

// Typing: tell the others when typing starts and again now and then while it goes on; stop when the field
// empties, the message is sent, or nothing was typed for a while (the server also stops it by itself).
function typed() {
  if (!state.conversation || !state.client || !state.client.isConnected) return;
  const now = Date.now();
  if (el("chat-text").value === "") return stopTyping();
  if (now - state.typingSentAt > TYPING_SEND_EVERY_MS) {
    state.typingSentAt = now;
    state.client.send("typing", { conversation_id: state.conversation.id, is_typing: true });
  }
  clearTimeout(state.typingStopTimer);
  state.typingStopTimer = setTimeout(stopTyping, 3000);
}

function stopTyping() {
  clearTimeout(state.typingStopTimer);
  if (state.typingSentAt && state.conversation && state.client && state.client.isConnected) {
    state.client.send("typing", { conversation_id: state.conversation.id, is_typing: false });
  }
  state.typingSentAt = 0;
}

function showTyping(data) {
  if (!state.conversation || String(data.conversation_id) !== String(state.conversation.id)) return;
  const who = String(data.user_id);
  if (data.is_typing) state.typingShown.set(who, Date.now()); else state.typingShown.delete(who);
  renderTyping();
}

function hideTyping(who) {
  if (state.typingShown.delete(who)) renderTyping();
}

function renderTyping() {
  const names = [...state.typingShown.keys()].map((id) => nameOf(state.people.get(id)) || "someone");
  el("typing").textContent = names.length ? names.join(", ") + " is typing…" : "";
}

// ---- start --------------------------------------------------------------------------------------------------

async function enter() {
  el("auth").hidden = true;
  el("app").hidden = false;
  el("logout").hidden = false;
  el("me").textContent = nameOf(state.me);
  document.body.dataset.user = state.me.id;
  connect();
  await Promise.all([loadFeed(), loadPeople()]).catch((e) => note(e.message));
  document.body.dataset.ready = "1";
}

el("auth-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const kind = event.submitter && event.submitter.value === "register" ? "register" : "login";
  authenticate(kind).catch((e) => note(e.message, "auth-note"));
});
el("post-form").addEventListener("submit", (e) => publishPost(e).catch((x) => note(x.message)));
el("chat-form").addEventListener("submit", (e) => sendChat(e).catch((x) => note(x.message)));
el("chat-text").addEventListener("input", typed);
el("logout").addEventListener("click", () => signOut());
// Newcomers and the statuses of people not followed are not pushed: look again now and then.
const PEOPLE_EVERY_MS = 5000;
setInterval(() => {
  if (state.client && state.client.isConnected) loadUsers().then(() => refreshPresence()).catch(() => {});
}, PEOPLE_EVERY_MS);

const saved = JSON.parse(localStorage.getItem(SESSION_KEY) || "null");
if (saved && saved.refresh) {
  state.me = saved.me;
  state.refresh = saved.refresh;
  enter().catch((e) => signOut(e.message));
}
