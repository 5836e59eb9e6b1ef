// Annotators against each other, over HTTP with the real app and database:
// each annotator API answers with the caller's data only, a pair leased to
// someone else cannot be answered, an idempotency key belongs to its
// annotator, and a forged session cookie reaches nothing. (That an
// annotator's cookie opens no admin page or API is in e2e/admin/access.spec.ts.)
import { randomUUID } from "node:crypto";
import { expect, test as base, type APIRequestContext, type APIResponse } from "@playwright/test";
import { e2eDb } from "../support/db";
import { ANNOTATOR_COOKIE, startAnnotator, type ApiAnnotator } from "../support/annotators";

const test = base.extend<{
  /** A new cookie jar (closed after the test), sending `headers` with every request. */
  newRequest: (headers?: Record<string, string>) => Promise<APIRequestContext>;
  /** A new browser-less annotator named `name`, holding a pair. */
  annotator: (name: string) => Promise<ApiAnnotator>;
}>({
  newRequest: async ({ playwright, baseURL }, provide) => {
    const made: APIRequestContext[] = [];
    await provide(async (extraHTTPHeaders = {}) => {
      const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders });
      made.push(context);
      return context;
    });
    await Promise.all(made.map((context) => context.dispose()));
  },
  annotator: async ({ newRequest }, provide) => {
    await provide(async (name) => {
      const started = await startAnnotator(await newRequest());
      const named = await started.request.patch("/api/annotators/me", {
        data: { displayName: name },
      });
      expect(named.ok()).toBe(true);
      return started;
    });
  },
});

async function expectError(response: APIResponse, status: number, code: string) {
  expect(response.status()).toBe(status);
  expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
}

/** Everything stored about a comparison's leases and answers, to compare before and after. */
async function rowsOf(comparisonId: string) {
  const db = e2eDb();
  const [leases, answers] = await Promise.all([
    db.lease.findMany({ where: { comparisonId }, orderBy: { id: "asc" } }),
    db.answer.findMany({ where: { comparisonId }, orderBy: { id: "asc" } }),
  ]);
  return { leases, answers };
}

test("every annotator API answers with the caller's own data only", async ({ annotator }) => {
  const alice = await annotator("Alice-secret-name");
  const bob = await annotator("Bob");
  const aliceAnswer = await alice.request.post("/api/answers", {
    data: {
      comparisonId: alice.pair.comparisonId,
      outcome: "LEFT",
      idempotencyKey: randomUUID(),
      reason: "Alice-secret-reason",
    },
  });
  expect(aliceAnswer.status()).toBe(201);
  const aliceSecrets = ["Alice-secret-name", "Alice-secret-reason", alice.id];

  const responses = {
    me: await bob.request.get("/api/annotators/me"),
    next: await bob.request.get("/api/comparisons/next"),
    answer: await bob.request.post("/api/answers", {
      data: { comparisonId: bob.pair.comparisonId, outcome: "TIE", idempotencyKey: randomUUID() },
    }),
  };
  const me = await responses.me.json();
  expect(me).toMatchObject({ displayName: "Bob", progress: { yours: 0 } });
  const next = await responses.next.json();
  expect(next).toMatchObject({ status: "pair", comparisonId: bob.pair.comparisonId });
  expect(await responses.answer.json()).toEqual({
    answerId: expect.any(Number),
    comparisonId: bob.pair.comparisonId,
    outcome: "TIE",
    replayed: false,
  });
  for (const [name, response] of Object.entries(responses)) {
    const body = await response.text();
    for (const secret of aliceSecrets)
      expect(body, `${name} leaks ${secret}`).not.toContain(secret);
    // Only Bob's own cookie, if any, is ever set.
    const cookie = response.headers()["set-cookie"] ?? "";
    expect(cookie, name).not.toContain(alice.id);
  }

  const ended = await bob.request.delete("/api/session");
  expect(ended.status()).toBe(204);
  expect(await ended.text()).toBe("");
  // Ending Bob's session touched nothing of Alice's.
  expect(await alice.request.get("/api/annotators/me").then((r) => r.json())).toMatchObject({
    displayName: "Alice-secret-name",
    progress: { yours: 1 },
  });
});

test("a pair leased to someone else cannot be answered, and their lease and rows stay as they were", async ({
  annotator,
}) => {
  const alice = await annotator("Alice");
  const bob = await annotator("Bob");
  const before = await rowsOf(bob.pair.comparisonId);

  for (const outcome of ["LEFT", "RIGHT", "TIE", "SKIP"]) {
    await expectError(
      await alice.request.post("/api/answers", {
        data: { comparisonId: bob.pair.comparisonId, outcome, idempotencyKey: randomUUID() },
      }),
      403,
      "not_your_comparison",
    );
  }

  expect(await rowsOf(bob.pair.comparisonId)).toEqual(before);
  const bobAnswers = await bob.request.post("/api/answers", {
    data: { comparisonId: bob.pair.comparisonId, outcome: "RIGHT", idempotencyKey: randomUUID() },
  });
  expect(bobAnswers.status()).toBe(201);
});

test("an idempotency key belongs to its annotator: reusing another's neither replays nor changes their answer", async ({
  annotator,
}) => {
  const alice = await annotator("Alice");
  const bob = await annotator("Bob");
  const bobKey = randomUUID();
  const bobBody = {
    comparisonId: bob.pair.comparisonId,
    outcome: "LEFT",
    idempotencyKey: bobKey,
    reason: "Bob's reason",
  };
  expect((await bob.request.post("/api/answers", { data: bobBody })).status()).toBe(201);
  const bobRows = await rowsOf(bob.pair.comparisonId);

  // Bob's exact request, replayed by Alice: refused, not Bob's receipt.
  await expectError(
    await alice.request.post("/api/answers", { data: { ...bobBody, outcome: "RIGHT" } }),
    403,
    "not_your_comparison",
  );
  await expectError(
    await alice.request.post("/api/answers", { data: bobBody }),
    403,
    "not_your_comparison",
  );
  // Bob's key on Alice's own pair is simply a key Alice has not used yet.
  const aliceAnswer = await alice.request.post("/api/answers", {
    data: { comparisonId: alice.pair.comparisonId, outcome: "RIGHT", idempotencyKey: bobKey },
  });
  expect(aliceAnswer.status()).toBe(201);
  expect(await aliceAnswer.json()).toMatchObject({
    comparisonId: alice.pair.comparisonId,
    outcome: "RIGHT",
    replayed: false,
  });

  expect(await rowsOf(bob.pair.comparisonId)).toEqual(bobRows);
  const stored = await e2eDb().answer.findMany({ where: { idempotencyKey: bobKey } });
  expect(stored.map((a) => [a.annotatorId, a.comparisonId, a.outcome]).sort()).toEqual(
    [
      [alice.id, alice.pair.comparisonId, "RIGHT"],
      [bob.id, bob.pair.comparisonId, "LEFT"],
    ].sort(),
  );
  // Bob's own replay still finds his answer.
  const replay = await bob.request.post("/api/answers", { data: bobBody });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toMatchObject({ outcome: "LEFT", replayed: true });
});

test("a forged or unknown session cookie gets no one's data and changes nothing", async ({
  annotator,
  newRequest,
}) => {
  const bob = await annotator("Bob-secret-name");
  const before = await rowsOf(bob.pair.comparisonId);

  for (const forged of [randomUUID(), "not-a-uuid", `${bob.id}x`, "' OR 1=1 --"]) {
    const stranger = await newRequest({
      Cookie: `${ANNOTATOR_COOKIE}=${encodeURIComponent(forged)}`,
    });

    const me = await stranger.get("/api/annotators/me");
    expect(me.status(), forged).toBe(200);
    expect(await me.json()).toMatchObject({ displayName: null, progress: { yours: 0 } });
    await expectError(
      await stranger.post("/api/answers", {
        data: {
          comparisonId: bob.pair.comparisonId,
          outcome: "LEFT",
          idempotencyKey: randomUUID(),
        },
      }),
      401,
      "no_session",
    );
    expect((await stranger.delete("/api/session")).status()).toBe(204);
    // Asking for work starts a new annotator of its own, never Bob's pair.
    const next = await stranger.get("/api/comparisons/next");
    const pair = await next.json();
    expect(pair.comparisonId).not.toBe(bob.pair.comparisonId);
    const cookie = next.headers()["set-cookie"] ?? "";
    expect(cookie).toMatch(new RegExp(`^${ANNOTATOR_COOKIE}=[0-9a-f-]{36};`));
    expect(cookie).not.toContain(bob.id);
  }

  expect(await rowsOf(bob.pair.comparisonId)).toEqual(before);
  expect(await bob.request.get("/api/annotators/me").then((r) => r.json())).toMatchObject({
    displayName: "Bob-secret-name",
  });
});

test("session cookies are httpOnly, and Secure when the request came over HTTPS", async ({
  newRequest,
}) => {
  const cookieFlags = async (headers: Record<string, string>) => {
    const response = await (await newRequest(headers)).get("/api/comparisons/next");
    return (response.headers()["set-cookie"] ?? "").toLowerCase();
  };

  const plain = await cookieFlags({});
  expect(plain).toContain("httponly");
  expect(plain).toContain("samesite=lax");
  expect(plain).not.toContain("secure");
  // What a TLS-terminating proxy in front of Chorus says.
  expect(await cookieFlags({ "X-Forwarded-Proto": "https" })).toContain("; secure");
});
