import { createPrisma, type PrismaClient } from "../db/client";
import { resolveDatabaseUrl } from "../db/database-url";
import { applyMigrations } from "../db/migrate";
import { createScratchDatabase } from "../db/scratch-database";
import { bootstrapWorld } from "./model-store";
import { getWorld } from "./world";

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
  const scratch = options.fresh ? await createScratchDatabase(server.url, "chorus_run") : null;
  const url = scratch?.url ?? server.url;
  process.env.DATABASE_URL = url;
  if (!scratch) await applyMigrations(url);
  const prisma = createPrisma(url);
  await bootstrapWorld(prisma, getWorld());
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

/** Ends a command-line process with one clear line instead of a stack trace. */
export function exitWithError(error: unknown): never {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
