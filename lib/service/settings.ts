import type { PrismaClient } from "../db/client";
import { POLICY_NAMES } from "../selection";
import { badRequest } from "./errors";
import { readSettings, type StoredSetting } from "./stored-settings";

export const DEFAULT_POLICY = "infomax";

/** The exploration policy this deployment uses for people. */
export async function getActivePolicy(prisma: PrismaClient): Promise<string> {
  return activePolicyFrom(await readSettings(prisma, [POLICY_KEY]));
}

/** The Setting key of the active policy. */
export const POLICY_KEY = "policy";

/** The active policy given the stored rows of (at least) `POLICY_KEY`. */
export function activePolicyFrom(rows: StoredSetting[]): string {
  const value = rows.find((row) => row.key === POLICY_KEY)?.value;
  const name = typeof value === "string" ? value : DEFAULT_POLICY;
  return POLICY_NAMES.includes(name) ? name : DEFAULT_POLICY;
}

export async function setActivePolicy(prisma: PrismaClient, name: string): Promise<void> {
  if (!POLICY_NAMES.includes(name)) {
    throw badRequest(
      "unknown_policy",
      `Unknown policy "${name}"; expected one of ${POLICY_NAMES.join(", ")}`,
    );
  }
  await prisma.setting.upsert({
    where: { key: POLICY_KEY },
    update: { value: name },
    create: { key: POLICY_KEY, value: name },
  });
}
