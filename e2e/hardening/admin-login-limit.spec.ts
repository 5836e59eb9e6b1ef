// The admin login's limit on wrong tokens, against the real app and its
// PostgreSQL store. The counters are cleared before and after, so other
// specs that sign in from this address are not affected.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS } from "../../lib/http/login-limit";
import { e2eDb } from "../support/db";
import { E2E_ADMIN_TOKEN } from "../support/env";

const clearCounters = () => e2eDb().rateLimit.deleteMany();
test.beforeEach(clearCounters);
test.afterEach(clearCounters);

const login = (request: APIRequestContext, token: string, headers: Record<string, string> = {}) =>
  request.post("/api/admin/session", { data: { token }, headers });
const WRONG = "not-the-admin-token-0123";

test("too many wrong tokens from one address get 429 with Retry-After, even for the right token; successes do not count", async ({
  request,
}) => {
  for (let i = 1; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
    expect((await login(request, WRONG)).status(), `wrong token ${i}`).toBe(401);
  }
  // A success in between is not counted as a failure.
  expect((await login(request, E2E_ADMIN_TOKEN)).status()).toBe(204);
  expect((await login(request, WRONG)).status(), "the last wrong token allowed").toBe(401);

  for (const token of [WRONG, E2E_ADMIN_TOKEN]) {
    const refused = await login(request, token);
    expect(refused.status()).toBe(429);
    expect(await refused.json()).toEqual({
      error: { code: "too_many_requests", message: expect.any(String) },
    });
    const retryAfter = Number(refused.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_SECONDS);
    expect(refused.headers()["set-cookie"]).toBeUndefined();
  }

  // The counter is in the database that every app instance shares.
  const rows = await e2eDb().rateLimit.findMany();
  expect(rows.some((row) => row.points > LOGIN_FAILURES_PER_ADDRESS)).toBe(true);
  // Another address (as a proxy reports it) still signs in.
  const elsewhere = await login(request, E2E_ADMIN_TOKEN, { "X-Forwarded-For": "203.0.113.7" });
  expect(elsewhere.status()).toBe(204);
});

test("the admin cookie is Secure when the request came over HTTPS", async ({ request }) => {
  const flags = async (headers: Record<string, string>) => {
    const response = await login(request, E2E_ADMIN_TOKEN, headers);
    expect(response.status()).toBe(204);
    return (response.headers()["set-cookie"] ?? "").toLowerCase();
  };

  expect(await flags({})).not.toContain("secure");
  expect(await flags({ "X-Forwarded-Proto": "https" })).toContain("; secure");
});
