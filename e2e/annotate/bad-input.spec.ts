import http from "node:http";
import { expect, test, type APIResponse } from "@playwright/test";
import { e2eDb } from "../support/db";
import { annotatorIdOf, waitForPair } from "./annotate";

/** Row counts of the tables a bad request could touch. */
async function counts() {
  const db = e2eDb();
  const [answers, leases, comparisons, annotators, settings, named] = await Promise.all([
    db.answer.count(),
    db.lease.count(),
    db.comparison.count(),
    db.annotator.count(),
    db.setting.count(),
    db.annotator.count({ where: { displayName: { not: null } } }),
  ]);
  return { answers, leases, comparisons, annotators, settings, named };
}

async function expectError(response: APIResponse, status: number, code: string, field?: string) {
  expect(response.status()).toBe(status);
  const body = await response.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  if (field) expect(body.error.message).toContain(field);
}

test("bad requests are refused with a clear 4xx and change no row", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto("/");
  const shown = await waitForPair(page);
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto("/");
  await waitForPair(strangerPage);
  const valid = {
    comparisonId: shown.comparisonId,
    outcome: "LEFT",
    idempotencyKey: "e2e-bad-input-1",
  };
  const before = await counts();
  const post = (data: unknown, api = page.request) => api.post("/api/answers", { data });

  await expectError(
    await page.request.post("/api/answers", {
      headers: { "content-type": "application/json" },
      data: Buffer.from("{not json"),
    }),
    400,
    "invalid_json",
  );
  await expectError(
    await post({ ...valid, outcome: undefined }),
    400,
    "invalid_request",
    "outcome",
  );
  await expectError(await post({ ...valid, outcome: "MAYBE" }), 400, "invalid_request", "outcome");
  await expectError(
    await post({ ...valid, comparisonId: "42" }),
    400,
    "invalid_request",
    "comparisonId",
  );
  await expectError(
    await post({ ...valid, reason: "x".repeat(2001) }),
    400,
    "invalid_request",
    "reason",
  );
  await expectError(
    await post({ ...valid, idempotencyKey: "k" }),
    400,
    "invalid_request",
    "idempotencyKey must be 8 to 100 characters",
  );
  // Text PostgreSQL cannot store: a NUL, half of a surrogate pair.
  for (const reason of ["a\u0000b", "a\ud800b"]) {
    await expectError(await post({ ...valid, reason }), 400, "invalid_request", "reason");
  }
  await expectError(
    await post({ ...valid, idempotencyKey: "e2e-key-\u0000" }),
    400,
    "invalid_request",
    "idempotencyKey",
  );
  await expectError(await post({ ...valid, latencyMs: -5 }), 400, "invalid_request", "latencyMs");
  await expectError(
    await post({ ...valid, comparisonId: "00000000-0000-4000-8000-000000000000" }),
    404,
    "comparison_not_found",
  );
  await expectError(await post(valid, strangerPage.request), 403, "not_your_comparison");
  const noSession = await browser.newContext();
  await expectError(await post(valid, noSession.request), 401, "no_session");

  const patch = (data: unknown) => page.request.patch("/api/annotators/me", { data });
  await expectError(
    await patch({ displayName: "x".repeat(61) }),
    400,
    "invalid_request",
    "displayName",
  );
  await expectError(
    await patch({ displayName: "Ada\u0007" }),
    400,
    "invalid_request",
    "displayName",
  );
  await expectError(
    await patch({ displayName: "Ada\udc00" }),
    400,
    "invalid_request",
    "displayName",
  );
  await expectError(await patch({ displayName: 7 }), 400, "invalid_request", "displayName");
  await expectError(await patch({ displayName: "Ada", admin: true }), 400, "invalid_request");

  // A body sent in chunks declares no length; it is cut off all the same.
  const chunked = await postChunked(new URL("/api/answers", baseURL), 70 * 1024);
  expect(chunked.status).toBe(413);
  expect(JSON.parse(chunked.body).error.code).toBe("body_too_large");

  expect(await counts()).toEqual(before);
  const annotator = await e2eDb().annotator.findUniqueOrThrow({
    where: { id: await annotatorIdOf(page) },
  });
  expect(annotator.displayName).toBeNull();
  await Promise.all([stranger.close(), noSession.close()]);
});

/** POSTs `bytes` bytes in 1 KiB chunks, declaring no Content-Length. */
function postChunked(url: URL, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    const chunk = "x".repeat(1024);
    for (let sent = 0; sent < bytes; sent += chunk.length) request.write(chunk);
    request.end();
  });
}
