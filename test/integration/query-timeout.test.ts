import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrisma, type PrismaClient } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/database-url";
import { isDatabaseUnavailable } from "@/lib/db/errors";

// The pool must come through a server that stops answering or drops a
// connection: the request fails as "database unavailable" (503) within the
// query timeout, and the pool keeps every slot, so the next query runs at
// once. Each test has a pool of one connection: a wedged or leaked
// connection would be the only one there is.
describe("the database pool when the server fails it", () => {
  const queryTimeoutMs = 300;
  let prisma: PrismaClient;

  beforeEach(async () => {
    const { url } = await resolveDatabaseUrl();
    prisma = createPrisma(url, { poolSize: 1, queryTimeoutMs });
  });

  afterEach(async () => {
    await prisma.$disconnect();
  });

  async function expectPoolServesAtOnce(): Promise<void> {
    const started = Date.now();

    const rows = await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`;

    expect(rows).toEqual([{ one: 1 }]);
    // A wedged connection would answer after pg_sleep's 2 s; a leaked slot
    // would fail after the 5 s connect timeout.
    expect(Date.now() - started).toBeLessThan(1_000);
  }

  it("fails an unanswered query after the timeout as an unavailable database", async () => {
    const started = Date.now();

    const error = await prisma.$queryRaw`SELECT pg_sleep(2)`.catch((e: unknown) => e);

    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
    await expectPoolServesAtOnce();
  });

  it("frees the connection when a query times out inside a transaction", async () => {
    const error = await prisma
      .$transaction(async (tx) => tx.$queryRaw`SELECT pg_sleep(2)`)
      .catch((e: unknown) => e);

    expect(isDatabaseUnavailable(error)).toBe(true);
    await expectPoolServesAtOnce();
  });

  it("keeps the pool slot when the server drops the connection inside a transaction", async () => {
    const error = await prisma
      .$transaction(async (tx) => tx.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`)
      .catch((e: unknown) => e);

    expect(isDatabaseUnavailable(error)).toBe(true);
    await expectPoolServesAtOnce();
  });
});
