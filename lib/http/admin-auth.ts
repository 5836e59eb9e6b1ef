import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { cookies, headers } from "next/headers";
import { unauthorized } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import {
  ADMIN_SESSION_HOURS,
  createAdminSession,
  isLiveAdminSession,
  revokeAdminSession,
} from "../admin/admin-sessions";
import { ADMIN_TOKEN_RULE } from "../config/environment";
import { getRuntime } from "../service/runtime";
import { secureCookies } from "./request-origin";
import { errorResponse, handleApiError } from "./respond";

/**
 * Admin access: the operator's secret `ADMIN_TOKEN`, sent as
 * `Authorization: Bearer <token>` or entered once in the login form, which
 * sets an httpOnly cookie. The cookie names a login (an `AdminSession` row)
 * and is signed with the token: changing ADMIN_TOKEN signs every browser
 * out, signing out revokes that login on the server (a copied cookie stops
 * working too), and the 12-hour expiry is checked here, not only by the
 * browser. A write that comes with the cookie must come from this site's
 * own pages (its Origin, when sent, is this host): another site's page
 * cannot use an admin's browser.
 */
export const ADMIN_COOKIE = "chorus_admin";

/** The configured token, or null when admin access is not configured. */
function configuredToken(): string | null {
  const token = process.env.ADMIN_TOKEN;
  return token && ADMIN_TOKEN_RULE.parse(token) !== undefined ? token : null;
}

/** Compares two strings in time that depends on neither their content nor length. */
function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function signature(token: string, sessionId: string): string {
  return createHmac("sha256", token)
    .update(`chorus-admin-session/2:${sessionId}`)
    .digest("base64url");
}

/** The login a cookie names, if its signature is right (not yet whether it is live). */
function signedSessionId(token: string, cookie: string | undefined): string | null {
  const [id, sig, extra] = (cookie ?? "").split(".");
  if (!id || !sig || extra !== undefined || !z.uuid().safeParse(id).success) return null;
  return safeEqual(sig, signature(token, id)) ? id : null;
}

/** True when `candidate` is the configured admin token. */
export function isAdminToken(candidate: string): boolean {
  const token = configuredToken();
  return token !== null && safeEqual(candidate, token);
}

/** How a request proves admin rights, if it does. */
type AdminCredential = "bearer" | "cookie" | null;

async function adminCredential(
  authorization: string | null,
  cookie: string | undefined,
): Promise<AdminCredential> {
  const token = configuredToken();
  if (!token) return null;

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (bearer !== undefined && safeEqual(bearer, token)) return "bearer";

  const sessionId = signedSessionId(token, cookie);
  if (sessionId && (await isLiveAdminSession(getRuntime().prisma, sessionId))) return "cookie";
  return null;
}

/** Starts a login after the right token was entered: records it and sets its cookie. */
export async function setAdminCookie(response: NextResponse, request: NextRequest): Promise<void> {
  const token = configuredToken();
  if (!token) return;
  const id = await createAdminSession(getRuntime().prisma);
  response.cookies.set(ADMIN_COOKIE, `${id}.${signature(token, id)}`, {
    httpOnly: true,
    sameSite: "strict",
    secure: secureCookies(request.headers),
    path: "/",
    maxAge: ADMIN_SESSION_HOURS * 3600,
  });
}

/** Signs out: revokes the login the request's cookie names and clears the cookie. */
export async function endAdminLogin(response: NextResponse, request: NextRequest): Promise<void> {
  const token = configuredToken();
  const id = token && signedSessionId(token, request.cookies.get(ADMIN_COOKIE)?.value);
  if (id) await revokeAdminSession(getRuntime().prisma, id);
  response.cookies.delete(ADMIN_COOKIE);
}

/** For admin pages: renders the 401 login page unless the request is an admin's. */
export async function requireAdminPage(): Promise<void> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const credential = await adminCredential(
    headerList.get("authorization"),
    cookieStore.get(ADMIN_COOKIE)?.value,
  );
  if (!credential) unauthorized();
}

/**
 * Whether a request carrying the admin cookie may change things: reads
 * always; writes only without an Origin header (not a browser) or with
 * this host's own. SameSite=Strict alone lets another port of the same
 * host through.
 */
function sameOriginWrite(request: NextRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

type RouteContext = { params: Promise<Record<string, string>> };
type AdminHandler = (request: NextRequest, context: RouteContext) => Promise<Response>;

/**
 * Wraps an admin route handler: answers 401 (and touches no data) without
 * admin credentials, 403 for a cookie write from another site, and maps
 * thrown errors to the shared error shape.
 * @param route "METHOD /path", for the log line of an unexpected error.
 */
export function adminRoute(route: string, handler: AdminHandler): AdminHandler {
  return async (request, context) => {
    try {
      const credential = await adminCredential(
        request.headers.get("authorization"),
        request.cookies.get(ADMIN_COOKIE)?.value,
      );
      if (!credential) return unauthorizedResponse();
      if (credential === "cookie" && !sameOriginWrite(request)) {
        return errorResponse(
          403,
          "cross_origin",
          "Admin changes with the login cookie must come from this site's own pages.",
        );
      }
      return await handler(request, context);
    } catch (error) {
      return handleApiError(error, { route });
    }
  };
}

export function unauthorizedResponse() {
  const message = configuredToken()
    ? "Admin access needs the admin token (Authorization: Bearer <ADMIN_TOKEN>) or a login."
    : "Admin access is not configured: start the server with ADMIN_TOKEN set.";
  const response = errorResponse(401, "unauthorized", message);
  response.headers.set("WWW-Authenticate", 'Bearer realm="chorus-admin"');
  return response;
}
