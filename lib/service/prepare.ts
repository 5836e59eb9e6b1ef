import { createPrisma, type PrismaClient } from "../db/client";
import { resolveDatabaseUrl } from "../db/database-url";
import { describeDatabaseError } from "../db/errors";
import { applyMigrations } from "../db/migrate";
import { createScratchDatabase } from "../db/scratch-database";
import { bootstrapWorld } from "./model-store";
import { getWorld } from "./world";

// Here too for the commands that prepare a database and end with it.
export { exitWithError } from "../util/exit-with-error";

/**
 * Everything a process needs before it serves or simulates: the database
 * (embedded unless DATABASE_URL is set), its migrations, the world's
 * prompts and the pretrained model. Sets DATABASE_URL for child processes.
 * With `fresh`, a new scratch database on that server is used instead.
 */
export async function prepareDatabase(options: { fresh?: boolean } = {}): Promise<{
  url: string;
  embedded: boolean;
  prisma: PrismaClient;
  /** Drops the database again when it was created `fresh`; else a no-op. */
  dispose(): Promise<void>;
}> {
  const server = await resolveDatabaseUrl();
  const scratch = options.fresh
    ? await createScratchDatabase(server.url, "chorus_run").catch((error: unknown) => {
        throw describeDatabaseError(error, server.url);
      })
    : null;
  const url = scratch?.url ?? server.url;
  process.env.DATABASE_URL = url;
  const prisma = createPrisma(url);
  try {
    if (!scratch) await applyMigrations(url);
    await bootstrapWorld(prisma, getWorld());
  } catch (error) {
    await prisma.$disconnect().catch(() => {});
    await scratch?.drop().catch(() => {});
    throw describeDatabaseError(error, url);
  }
  return {
    url,
    embedded: server.embedded,
    prisma,
    async dispose() {
      await prisma.$disconnect();
      await scratch?.drop();
    },
  };
}
