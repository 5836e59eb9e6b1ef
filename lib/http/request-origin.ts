import { environmentValue } from "../config/environment";

/** What the app knows of where a request came from, behind a reverse proxy or not. */
type HeaderSource = Pick<Headers, "get">;

/**
 * Whether cookies set in answer to this request are marked `Secure`:
 * always with CHORUS_SECURE_COOKIES=true (set it when Chorus is served over
 * HTTPS only), otherwise when the request came over HTTPS. A TLS-terminating
 * proxy says so in X-Forwarded-Proto (its first entry is the hop nearest the
 * browser); without a proxy Next.js fills the header in from the socket.
 * Trusting the header is safe: a client that lies about it only changes the
 * flags of its own cookies.
 */
export function secureCookies(headers: HeaderSource): boolean {
  if (environmentValue("CHORUS_SECURE_COOKIES")) return true;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase();
  return proto === "https";
}

/**
 * The client's address for rate limits: the last X-Forwarded-For entry,
 * which is the address the nearest proxy saw (proxies append), or the
 * socket's address that Next.js puts there when no proxy sent the header.
 * Without a proxy a client can write this header itself, which is why the
 * login limit also has a budget shared by every address.
 */
export function clientAddress(headers: HeaderSource): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || "unknown";
}
