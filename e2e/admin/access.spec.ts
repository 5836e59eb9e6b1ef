import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ANNOTATOR_COOKIE, startAnnotator } from "../support/annotators";
import { E2E_ADMIN_TOKEN } from "../support/env";
import { e2eDb } from "../support/db";
import { bearer, signIn } from "./admin-session";

const RUN_ID = "00000000-0000-4000-8000-000000000000";

/** Every admin page. */
const PAGES = ["/admin"];

/** Every admin API: method, route as in app/, a URL to call it with, a body. */
const APIS: { method: string; route: string; url?: string; body?: unknown }[] = [
  { method: "GET", route: "/api/admin/overview" },
  { method: "GET", route: "/api/admin/beliefs" },
  { method: "GET", route: "/api/admin/comparisons" },
  { method: "GET", route: "/api/admin/annotators" },
  { method: "GET", route: "/api/admin/checkpoints" },
  { method: "POST", route: "/api/admin/checkpoints", body: { rollbackTo: 0 } },
  { method: "GET", route: "/api/admin/policy" },
  { method: "PUT", route: "/api/admin/policy", body: { policy: "passive" } },
  { method: "GET", route: "/api/admin/simulations" },
  {
    method: "POST",
    route: "/api/admin/simulations",
    body: { labels: 5, policy: "passive", seed: 1 },
  },
  {
    method: "POST",
    route: "/api/admin/simulations/[id]/stop",
    url: `/api/admin/simulations/${RUN_ID}/stop`,
  },
  {
    method: "GET",
    route: "/api/admin/export/answers",
    url: "/api/admin/export/answers?format=csv",
  },
  { method: "GET", route: "/api/admin/export/preferences" },
  { method: "POST", route: "/api/admin/session", body: { token: "not-the-admin-token!" } },
  { method: "DELETE", route: "/api/admin/session" },
];

/** Pages and (method, route) pairs that exist in app/, read from the files. */
function routesOnDisk() {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
  const route = (file: string) => `/${path.dirname(path.relative("app", file))}`;
  const pages = files("app/admin")
    .filter((f) => path.basename(f).startsWith("page."))
    .map(route);
  const apis = files("app/api/admin")
    .filter((f) => path.basename(f).startsWith("route."))
    .flatMap((file) =>
      [
        ...readFileSync(file, "utf8").matchAll(
          /export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g,
        ),
      ].map((match) => `${match[1]} ${route(file)}`),
    );
  return { pages: pages.sort(), apis: apis.sort() };
}

test("the lists below name every admin page and API in app/", () => {
  const onDisk = routesOnDisk();

  expect(PAGES.slice().sort()).toEqual(onDisk.pages);
  expect(APIS.map((a) => `${a.method} ${a.route}`).sort()).toEqual(onDisk.apis);
});

/** Credentials that are not an admin's: the headers each request carries. */
const CREDENTIALS: {
  name: string;
  headers: (request: APIRequestContext) => Promise<Record<string, string>>;
}[] = [
  { name: "no token", headers: async () => ({}) },
  {
    name: "a wrong bearer token",
    headers: async () => ({ Authorization: "Bearer wrong-token-0123456789" }),
  },
  { name: "a forged session cookie", headers: async () => ({ Cookie: "chorus_admin=forged" }) },
  {
    name: "an annotator's session",
    headers: async (request) => {
      const { id } = await startAnnotator(request);
      return { Cookie: `${ANNOTATOR_COOKIE}=${id}` };
    },
  },
];
for (const credentials of CREDENTIALS) {
  test(`with ${credentials.name}, every admin page and API answers 401 and no data`, async ({
    request,
  }) => {
    const headers = await credentials.headers(request);
    for (const url of PAGES) {
      const response = await request.get(url, { headers });
      expect(response.status(), url).toBe(401);
      // The 401 page carries the login form and none of the dashboard.
      const html = await response.text();
      expect(html).toContain("Enter the admin token");
      expect(html).not.toContain("Answers learned");
      expect(html).not.toContain("What the model believes");
    }
    for (const api of APIS) {
      const response = await request.fetch(api.url ?? api.route, {
        method: api.method,
        data: api.body,
        headers,
      });
      expect(response.status(), `${api.method} ${api.route}`).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: "unauthorized", message: expect.any(String) },
      });
    }
  });
}

test("the admin token opens the APIs as a bearer token", async ({ request }) => {
  const response = await request.get("/api/admin/overview", { headers: bearer });

  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ model: { version: expect.any(Number) } });
});

test("a query parameter a route does not take is refused, not ignored", async ({ request }) => {
  const misspelt = await request.get("/api/admin/export/preferences?annotator=human", {
    headers: bearer,
  });
  expect(misspelt.status()).toBe(400);
  expect(await misspelt.json()).toEqual({
    error: {
      code: "invalid_request",
      message: "annotator: not a query parameter of this route (it takes annotators)",
    },
  });
  const people = await request.get("/api/admin/export/preferences?annotators=human", {
    headers: bearer,
  });
  expect(people.status()).toBe(200);
});

test("signing in with the form sets an httpOnly cookie and shows the dashboard", async ({
  page,
  context,
  request,
}) => {
  const first = await page.goto("/admin");
  expect(first?.status()).toBe(401);

  await page.getByLabel("Admin token").fill("a-wrong-token-of-some-length");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "admin token" })).toBeVisible();

  await page.getByLabel("Admin token").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("model-version")).toHaveText(/^v\d+$/);
  const cookie = (await context.cookies()).find((c) => c.name === "chorus_admin");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  expect(cookie?.value).not.toContain(E2E_ADMIN_TOKEN);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByLabel("Admin token")).toBeVisible();
  expect((await page.request.get("/api/admin/overview")).status()).toBe(401);

  // Signing out ended the login on the server: a copy of the cookie is dead.
  const copied = await request.get("/api/admin/overview", {
    headers: { Cookie: `chorus_admin=${cookie?.value}` },
  });
  expect(copied.status()).toBe(401);
});

test("the login's expiry is the server's, not only the browser's", async ({ page, request }) => {
  await signIn(page);
  const cookie = (await page.context().cookies()).find((c) => c.name === "chorus_admin")!;
  const headers = { Cookie: `chorus_admin=${cookie.value}` };
  expect((await request.get("/api/admin/overview", { headers })).status()).toBe(200);

  const [id] = cookie.value.split(".");
  await e2eDb().adminSession.update({
    where: { id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  expect((await request.get("/api/admin/overview", { headers })).status()).toBe(401);
});

test("a change with the login cookie must come from this site's pages", async ({
  page,
  baseURL,
}) => {
  await signIn(page);
  // A rollback to a version that does not exist: allowed, it answers 404.
  const rollback = (origin: string | undefined, extra: Record<string, string> = {}) =>
    page.request.post("/api/admin/checkpoints", {
      data: { rollbackTo: 1_000_000 },
      headers: { ...(origin ? { Origin: origin } : {}), ...extra },
    });

  const foreign = await rollback("http://127.0.0.1:1");
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.code).toBe("cross_origin");
  expect((await rollback("null")).status()).toBe(403);

  expect((await rollback(new URL(baseURL!).origin)).status()).toBe(404);
  expect((await rollback(undefined)).status()).toBe(404);
  // Reads need no Origin check, and the bearer token is not a browser's.
  const read = await page.request.get("/api/admin/overview", {
    headers: { Origin: "http://127.0.0.1:1" },
  });
  expect(read.status()).toBe(200);
  expect((await rollback("http://127.0.0.1:1", bearer)).status()).toBe(404);
});
