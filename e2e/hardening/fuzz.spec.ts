// Sends generated malformed requests to every API route of the running app
// and checks that none gets a 5xx, every error is in the documented shape
// with a documented code, and no table's row count changes.
//
// CI runs a fixed seed and a bounded number of requests; `npm run fuzz`
// runs a longer one (FUZZ_SEED, FUZZ_RUNS).
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from "@playwright/test";
import fc from "fast-check";
import { simulationInputSchema } from "../../lib/admin/simulations";
import { API_ERRORS, isApiErrorCode } from "../../lib/http/error-codes";
import { POLICY_NAMES } from "../../lib/selection";
import { answerInputSchema } from "../../lib/service/answers";
import { profilePatchSchema } from "../../lib/service/annotators";
import { e2eDb } from "../support/db";
import { E2E_ADMIN_TOKEN, E2E_PORT } from "../support/env";

const SEED = Number(process.env.FUZZ_SEED ?? 1);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

type Identity = "none" | "garbage" | "valid";
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

interface FuzzRequest {
  method: Method;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** What each test run knows: the valid annotator's cookie value. */
interface Fixture {
  annotatorId: string;
  /** The comparison the valid annotator holds, if it got one. */
  heldComparisonId: string | null;
}

// ---------------------------------------------------------------- values

/** Strings that have broken parsers, databases and templates elsewhere. */
const HOSTILE = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\r\n\r\nX-Injected: 1",
  "' OR 1=1 --",
  '\'; DROP TABLE "Answer"; --',
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00",
  "%",
  "%zz",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  '=HYPERLINK("http://x")',
  "\u202Egnp.exe",
  "\uFEFF",
  "\uD800",
  "😀".repeat(30),
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "99999999999999999999999999",
  "0x7fffffff",
  "null",
  "true",
  "[]",
  "{}",
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc
    .tuple(fc.constantFrom("x", "é", "\u0000", "😀", " "), fc.integer({ min: 61, max: 5000 }))
    .map(([unit, n]) => unit.repeat(n)),
);

/** Numbers that are out of range, not integers, or not safe integers. */
const oddNumber = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, -0.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MAX_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value a field could be given instead of the right one. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  oddNumber,
  fc.constantFrom(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
);

/**
 * A hostile string made safe for a URL or a header: cut short, since Node
 * itself answers 431 (no body, before the app sees it) to request heads
 * over 16 KiB, and percent-encoded.
 */
const urlPart = hostileString.map((text) =>
  encodeURIComponent(Buffer.from(text.slice(0, 100), "utf8").toString("utf8")),
);

// ---------------------------------------------------------------- bodies

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "*/*",
  "garbage",
];

/** A JSON body like `valid` but broken: a field wrong or missing, extras. */
function brokenJson(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...keys), oddValue)
      .map(([key, value]) => ({ ...valid, [key]: value })),
    fc
      .subarray(keys, { minLength: 0, maxLength: Math.max(0, keys.length - 1) })
      .map((kept) => Object.fromEntries(kept.map((key) => [key, valid[key]]))),
    fc
      .tuple(fc.constantFrom(...keys), oddValue, fc.dictionary(hostileString, oddValue))
      .map(([key, value, extra]) => ({ ...extra, ...valid, [key]: value })),
    fc.jsonValue({ maxDepth: 4 }),
  );
}

/** Bodies that are not JSON at all, not UTF-8, or too large. */
const rawBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom("", "{", '{"a":', "[1,2", "undefined", "{'a': 1}", "\u0000")
    .map((text) => Buffer.from(text)),
  hostileString.map((text) => Buffer.from(text)),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  // Over the 64 KiB limit: as raw bytes and as a JSON document.
  fc.integer({ min: 1, max: 4096 }).map((extra) => Buffer.alloc(64 * 1024 + extra, "a")),
  fc
    .integer({ min: 1, max: 4096 })
    .map((extra) => Buffer.from(JSON.stringify({ reason: "r".repeat(64 * 1024 + extra) }))),
);

/** A body for a route that takes JSON, invalid for `isValid` (nothing is stored). */
function bodyFor(valid: Record<string, unknown>, isValid: (body: unknown) => boolean) {
  const json = brokenJson(valid)
    .filter((body) => !isValid(body))
    .map((body) => Buffer.from(JSON.stringify(body)));
  return fc.oneof({ arbitrary: json, weight: 3 }, { arbitrary: rawBody, weight: 1 });
}

// ---------------------------------------------------------------- queries

/** A query string with odd keys and values, repeated keys, bad escapes. */
function queryFor(keys: string[]) {
  const key = fc.oneof(fc.constantFrom(...keys, "", "a[]", "__proto__"), urlPart);
  const value = fc.oneof(
    fc.constantFrom("", "-1", "0", "1.5", "NaN", "1e309", "99999999999999999999", "0x10"),
    fc.constantFrom("csv", "jsonl", "%", "%zz", "%E0%A4%A", "a%00b", "x&y=z"),
    fc.uuid().map(String),
    urlPart,
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
}

// ---------------------------------------------------------------- routes

interface Route {
  path: string | fc.Arbitrary<string>;
  /** The methods the route implements, with the bodies to send. */
  methods: Partial<Record<Method, fc.Arbitrary<Buffer> | null>>;
  queryKeys?: string[];
  /** Who may call it; admin routes get no, a wrong and the right token. */
  auth: "annotator" | "admin";
  /** Identities to send with: a valid session may make some calls write. */
  identities: Identity[];
}

function routes(fixture: Fixture): Route[] {
  const everyone: Identity[] = ["none", "garbage", "valid"];
  const adminGet = (path: string, queryKeys: string[] = []): Route => ({
    path,
    methods: { GET: null },
    queryKeys,
    auth: "admin",
    identities: everyone,
  });
  return [
    { path: "/api/health", methods: { GET: null }, auth: "annotator", identities: everyone },
    {
      path: "/api/answers",
      methods: {
        POST: bodyFor(
          {
            comparisonId: "00000000-0000-4000-8000-000000000000",
            outcome: "LEFT",
            reason: "fine",
            idempotencyKey: "fuzz-key-0001",
          },
          // A well-formed answer to the held pair would be stored.
          (body) =>
            answerInputSchema.safeParse(body).success &&
            (body as { comparisonId: string }).comparisonId === fixture.heldComparisonId,
        ),
      },
      auth: "annotator",
      identities: everyone,
    },
    {
      path: "/api/annotators/me",
      methods: {
        GET: null,
        PATCH: bodyFor(
          { displayName: "Ada" },
          (body) => profilePatchSchema.safeParse(body).success,
        ),
      },
      auth: "annotator",
      identities: everyone,
    },
    // Without a valid session this hands out a new pair: only the valid one,
    // which holds its pair already.
    ...(fixture.heldComparisonId
      ? [
          {
            path: "/api/comparisons/next",
            methods: { GET: null },
            auth: "annotator",
            identities: ["valid"],
          } satisfies Route,
        ]
      : []),
    // With a valid session this releases its pair: only the others.
    {
      path: "/api/session",
      methods: { DELETE: null },
      auth: "annotator",
      identities: ["none", "garbage"],
    },
    adminGet("/api/admin/overview"),
    adminGet("/api/admin/beliefs"),
    adminGet("/api/admin/comparisons", ["limit", "runId"]),
    adminGet("/api/admin/annotators"),
    adminGet("/api/admin/export/answers", ["format"]),
    adminGet("/api/admin/export/preferences", ["annotators"]),
    {
      path: "/api/admin/policy",
      methods: {
        GET: null,
        PUT: bodyFor({ policy: "passive" }, (body) => {
          const policy = (body as { policy?: unknown } | null)?.policy;
          return typeof policy === "string" && POLICY_NAMES.includes(policy);
        }),
      },
      auth: "admin",
      identities: everyone,
    },
    {
      path: "/api/admin/checkpoints",
      methods: {
        GET: null,
        POST: bodyFor(
          { rollbackTo: 1_000_000 },
          // No version this small run publishes is that high.
          (body) => {
            const version = (body as { rollbackTo?: unknown })?.rollbackTo;
            return typeof version === "number" && version >= 0 && version < 1_000_000;
          },
        ),
      },
      auth: "admin",
      identities: everyone,
    },
    {
      path: "/api/admin/simulations",
      methods: {
        GET: null,
        POST: bodyFor(
          { labels: 5, policy: "passive", seed: 1, tieRate: 0.1 },
          (body) => simulationInputSchema.safeParse(body).success,
        ),
      },
      auth: "admin",
      identities: everyone,
    },
    {
      path: fc
        .oneof(
          fc.uuid().map(String),
          urlPart,
          fc.constantFrom("%", "%E0%A4%A", "%2F", "..", "%2e%2e", "a".repeat(1000)),
        )
        .map((id) => `/api/admin/simulations/${id}/stop`),
      methods: { POST: fc.constant(Buffer.alloc(0)) },
      auth: "admin",
      identities: everyone,
    },
    {
      path: "/api/admin/session",
      methods: {
        POST: bodyFor(
          { token: "not-the-admin-token" },
          (body) => (body as { token?: unknown })?.token === E2E_ADMIN_TOKEN,
        ),
        DELETE: null,
      },
      auth: "admin",
      identities: everyone,
    },
    {
      path: fc
        .array(urlPart, { minLength: 1, maxLength: 4 })
        .map((segments) => `/api/no-such-route/${segments.join("/")}`),
      methods: { GET: null, POST: rawBody },
      auth: "annotator",
      identities: ["none"],
    },
  ];
}

// ------------------------------------------------------------- requests

function identityHeaders(route: Route, identity: Identity, fixture: Fixture) {
  const garbage = fc.oneof(fc.uuid().map(String), urlPart);
  if (route.auth === "annotator") {
    if (identity === "none") return fc.constant({});
    if (identity === "valid")
      return fc.constant({ cookie: `chorus_annotator=${fixture.annotatorId}` });
    return garbage.map((value) => ({ cookie: `chorus_annotator=${value}` }));
  }
  if (identity === "none") return fc.constant({});
  if (identity === "valid") return fc.constant({ authorization: `Bearer ${E2E_ADMIN_TOKEN}` });
  return fc.oneof(
    garbage.map((value) => ({ authorization: `Bearer ${value}` })),
    garbage.map((value) => ({ authorization: value })),
    garbage.map((value) => ({ cookie: `chorus_admin=${value}` })),
  );
}

/** Every request the fuzzer may send: right methods with bad input, wrong methods. */
function fuzzRequests(fixture: Fixture): fc.Arbitrary<FuzzRequest> {
  const cases = routes(fixture).flatMap((route) => {
    const path = typeof route.path === "string" ? fc.constant(route.path) : route.path;
    const query = queryFor(route.queryKeys ?? []);
    const contentType = fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined });
    return route.identities.flatMap((identity) => {
      const headers = identityHeaders(route, identity, fixture);
      return METHODS.map((method) => {
        const implemented = method in route.methods;
        const body = implemented ? (route.methods[method] ?? null) : rawBody;
        return fc
          .record({
            path,
            query,
            auth: headers,
            contentType,
            body: body ? fc.option(body, { nil: undefined, freq: 10 }) : fc.constant(undefined),
          })
          .map(({ path, query, auth, contentType, body }): FuzzRequest => ({
            method,
            path,
            query,
            headers: { ...auth, ...(contentType ? { "content-type": contentType } : {}) },
            // GET and a body: not every client can send it, ours need not.
            body: method === "GET" ? undefined : body,
          }));
      });
    });
  });
  return fc.oneof(...cases);
}

async function send(api: APIRequestContext, req: FuzzRequest) {
  return api.fetch(`${req.path}${req.query ? `?${req.query}` : ""}`, {
    method: req.method,
    headers: req.headers,
    data: req.body,
    maxRedirects: 0,
  });
}

/** A short description of a request for a failure message. */
function summarise(req: FuzzRequest): string {
  const body = req.body
    ? `${req.body.length} bytes: ${req.body.subarray(0, 200).toString()}`
    : "none";
  return `${req.method} ${req.path.slice(0, 300)}?${req.query.slice(0, 300)} headers=${JSON.stringify(req.headers).slice(0, 300)} body=${body}`;
}

// ------------------------------------------------------------- database

/**
 * Exact row counts of every table the app has, but for the counters of
 * failed admin logins: counting wrong tokens is what those rows are for.
 */
async function rowCounts(): Promise<Record<string, number>> {
  const db = e2eDb();
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables
    WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'RateLimit')
    ORDER BY tablename`;
  const counts = tables.map(({ name }) => `(SELECT count(*)::int FROM "${name}") AS "${name}"`);
  const [row] = await db.$queryRawUnsafe<Record<string, number>[]>(`SELECT ${counts.join(", ")}`);
  return row;
}

/**
 * Waits until the background trainer and any simulation have nothing left
 * to do: the trainer writes Checkpoint rows on its own while answers are
 * unlearned, so every table can then be compared, Checkpoint included.
 */
async function waitForQuietDatabase() {
  const db = e2eDb();
  await expect
    .poll(
      async () => {
        const [unlearned, running] = await Promise.all([
          db.answer.count({ where: { learnedInVersion: null } }),
          db.simulationRun.count({ where: { status: "RUNNING" } }),
        ]);
        return unlearned + running;
      },
      { timeout: 30_000 },
    )
    .toBe(0);
}

/** A valid annotator session holding a pair whose lease outlasts the run. */
async function createFixture(): Promise<Fixture> {
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const next = await api.get("/api/comparisons/next");
  expect(next.status()).toBe(200);
  const pair = (await next.json()) as { status: string; comparisonId?: string };
  const { cookies } = await api.storageState();
  await api.dispose();
  const annotatorId = cookies.find((cookie) => cookie.name === "chorus_annotator")!.value;
  await e2eDb().lease.updateMany({
    where: { annotatorId },
    data: { expiresAt: new Date(Date.now() + 24 * 3600_000) },
  });
  return { annotatorId, heldComparisonId: pair.status === "pair" ? pair.comparisonId! : null };
}

// ------------------------------------------------------------------ test

// The wrong tokens sent to the login trip its rate limit; later specs log in.
test.afterAll(() => e2eDb().rateLimit.deleteMany());

test("malformed requests to every route get a documented 4xx and change nothing", async () => {
  test.setTimeout(60_000 + RUNS * 250);
  const fixture = await createFixture();
  await waitForQuietDatabase();
  const before = await rowCounts();
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL });

  const property = fc.asyncProperty(fuzzRequests(fixture), async (req) => {
    const response = await send(api, req);
    const status = response.status();
    const where = `${status} for ${summarise(req)}`;
    if (status >= 500) throw new Error(`server error ${where}: ${await response.text()}`);
    if (status >= 400) {
      const text = await response.text();
      let body: { error?: { code?: string; message?: unknown } };
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`error body is not JSON, ${where}: ${text.slice(0, 200)}`);
      }
      const code = body.error?.code ?? "";
      if (
        Object.keys(body).join() !== "error" ||
        Object.keys(body.error ?? {}).join() !== "code,message" ||
        typeof body.error?.message !== "string"
      ) {
        throw new Error(
          `error body is not {error: {code, message}}, ${where}: ${text.slice(0, 200)}`,
        );
      }
      if (!isApiErrorCode(code)) throw new Error(`undocumented code "${code}", ${where}`);
      if (API_ERRORS[code].status !== status) {
        throw new Error(
          `code "${code}" is documented with ${API_ERRORS[code].status}, got ${where}`,
        );
      }
    }
    const after = await rowCounts();
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      throw new Error(
        `row counts changed ${JSON.stringify(before)} -> ${JSON.stringify(after)} after ${where}`,
      );
    }
  });

  try {
    // No shrinking: after a failure the database may differ from the baseline,
    // so smaller variants would fail for that reason alone.
    await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
  } catch (error) {
    console.error(
      `Fuzz failed with seed ${SEED}; replay: npm run fuzz -- --seed ${SEED} --runs ${RUNS}`,
    );
    throw error;
  } finally {
    await api.dispose();
  }
});
