// Reads a JWT's claims without verifying it: the client only needs `exp` to refresh in time.

/**
 * The payload of a JSON Web Token, or null when the string is not one.
 * @param {string} token
 * @returns {Record<string, unknown> | null}
 */
export function decodeJwtPayload(token) {
  if (typeof token !== "string") return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === "object" && !Array.isArray(payload) ? payload : null;
  } catch {
    return null;
  }
}

/**
 * When the token expires, in milliseconds since the epoch, or null when it has no readable `exp`.
 * @param {string} token
 * @returns {number | null}
 */
export function tokenExpiresAt(token) {
  const payload = decodeJwtPayload(token);
  const exp = payload && payload.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
}
