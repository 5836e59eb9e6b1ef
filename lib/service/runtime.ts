import { createPrisma, type PrismaClient } from "../db/client";
import type { World } from "../didactic/world";
import { ModelStore } from "./model-store";
import { getWorld } from "./world";

export interface Runtime {
  prisma: PrismaClient;
  models: ModelStore;
  world: World;
}

const globalForRuntime = globalThis as unknown as { chorusRuntime?: Runtime };

/** The app server's shared services, created once per process. */
export function getRuntime(): Runtime {
  if (!globalForRuntime.chorusRuntime) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start Chorus with `npm start`");
    const prisma = createPrisma(url);
    globalForRuntime.chorusRuntime = { prisma, models: new ModelStore(prisma), world: getWorld() };
  }
  return globalForRuntime.chorusRuntime;
}
