// The console's calls to /admin/api. The session token lives in sessionStorage (this tab only, gone when it
// closes) and travels in the Authorization header, never in a URL.
const KEY = "switchboard-admin-token";

export class SignedOut extends Error {}

export function signedIn() {
  return sessionStorage.getItem(KEY) !== null;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Signs in; throws an Error with the server's message when refused. */
export async function signIn(password) {
  const res = await fetch("api/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password }),
    credentials: "omit",
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error?.message || `sign-in failed (${res.status})`);
  sessionStorage.setItem(KEY, body.token);
}

async function send(method, path, body) {
  const token = sessionStorage.getItem(KEY);
  if (token === null) throw new SignedOut("not signed in");
  const res = await fetch(path, {
    method,
    headers: { "Authorization": "Bearer " + token, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    credentials: "omit",
  });
  const answer = await res.json().catch(() => ({}));
  if (res.status === 401) {
    signOut();
    throw new SignedOut(answer.error?.message || "the session has ended");
  }
  if (!res.ok) {
    const e = answer.error || {};
    throw new Error((e.message || `${path} answered ${res.status}`) + (e.field ? ` (${e.field})` : ""));
  }
  return answer;
}

/** Calls a server API method through the console's route; returns its result. */
export async function call(method, params = {}) {
  return (await send("POST", "api/" + method, params)).result;
}

/** Every node's running totals, for the charts. */
export function stats() {
  return send("GET", "api/stats");
}
