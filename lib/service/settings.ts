import type { PrismaClient } from "../db/client";
import { POLICY_NAMES } from "../selection";
import { badRequest } from "./errors";

export const DEFAULT_POLICY = "infomax";

/** The exploration policy this deployment uses for people. */
export async function getActivePolicy(prisma: PrismaClient): Promise<string> {
  const row = await prisma.setting.findUnique({ where: { key: "policy" } });
  const name = typeof row?.value === "string" ? row.value : DEFAULT_POLICY;
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
    where: { key: "policy" },
    update: { value: name },
    create: { key: "policy", value: name },
  });
}
