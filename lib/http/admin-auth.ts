import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { cookies, headers } from "next/headers";
import { unauthorized } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { MIN_ADMIN_TOKEN_LENGTH } from "../config/environment";
import { secureCookies } from "./request-origin";
import { errorResponse, handleApiError } from "./respond";

/**
 * Admin access: the operator's secret `ADMIN_TOKEN`, sent as
 * `Authorization: Bearer <token>` or entered once in the login form, which
 * sets an httpOnly cookie. The cookie holds an HMAC of the token, not the
 * token itself, so changing ADMIN_TOKEN signs every browser out.
 */
export const ADMIN_COOKIE = "chorus_admin";
const COOKIE_MAX_AGE_SECONDS = 60 * 60 * 12;

/** The configured token, or null when admin access is not configured. */
function configuredToken(): string | null {
  const token = process.env.ADMIN_TOKEN;
  return token && token.length >= MIN_ADMIN_TOKEN_LENGTH ? token : null;
}

/** Compares two strings in time that depends on neither their content nor length. */
function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function sessionValue(token: string): string {
  return createHmac("sha256", token).update("chorus-admin-session/1").digest("base64url");
}

/** True when `candidate` is the configured admin token. */
export function isAdminToken(candidate: string): boolean {
  const token = configuredToken();
  return token !== null && safeEqual(candidate, token);
}

/** True when the bearer header or the session cookie carries admin rights. */
export function hasAdminCredentials(
  authorization: string | null,
  cookie: string | undefined,
): boolean {
  const token = configuredToken();
  if (!token) return false;

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (bearer !== undefined && safeEqual(bearer, token)) return true;

  return cookie !== undefined && safeEqual(cookie, sessionValue(token));
}

/** Sets the session cookie on a response after a successful login. */
export function setAdminCookie(response: NextResponse, request: NextRequest): void {
  const token = configuredToken();
  if (!token) return;
  response.cookies.set(ADMIN_COOKIE, sessionValue(token), {
    httpOnly: true,
    sameSite: "strict",
    secure: secureCookies(request.headers),
    path: "/",
    maxAge: COOKIE_MAX_AGE_SECONDS,
  });
}

export function clearAdminCookie(response: NextResponse): void {
  response.cookies.delete(ADMIN_COOKIE);
}

/** For admin pages: renders the 401 login page unless the request is an admin's. */
export async function requireAdminPage(): Promise<void> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const allowed = hasAdminCredentials(
    headerList.get("authorization"),
    cookieStore.get(ADMIN_COOKIE)?.value,
  );
  if (!allowed) unauthorized();
}

type RouteContext = { params: Promise<Record<string, string>> };
type AdminHandler = (request: NextRequest, context: RouteContext) => Promise<Response>;

/**
 * Wraps an admin route handler: answers 401 (and touches no data) without
 * admin credentials, and maps thrown errors to the shared error shape.
 * @param route "METHOD /path", for the log line of an unexpected error.
 */
export function adminRoute(route: string, handler: AdminHandler): AdminHandler {
  return async (request, context) => {
    const allowed = hasAdminCredentials(
      request.headers.get("authorization"),
      request.cookies.get(ADMIN_COOKIE)?.value,
    );
    if (!allowed) return unauthorizedResponse();
    try {
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
