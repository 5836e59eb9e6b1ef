// GET /api/admin/policy — the active exploration policy and the choices.
// PUT /api/admin/policy — body { policy }: the policy for the next
// comparisons (each comparison records the policy that chose it).
import { NextResponse } from "next/server";
import { z } from "zod";
import { adminRoute } from "@/lib/http/admin-auth";
import { readJson } from "@/lib/http/respond";
import { POLICY_NAMES } from "@/lib/selection";
import { getRuntime } from "@/lib/service/runtime";
import { getActivePolicy, setActivePolicy } from "@/lib/service/settings";
import { logger } from "@/lib/util/logger";

export const dynamic = "force-dynamic";

const policySchema = z.object({ policy: z.string().min(1).max(100) });

export const GET = adminRoute("GET /api/admin/policy", async () => {
  const active = await getActivePolicy(getRuntime().prisma);
  return NextResponse.json({ policy: active, available: POLICY_NAMES });
});

export const PUT = adminRoute("PUT /api/admin/policy", async (request) => {
  const { policy } = policySchema.parse(await readJson(request));
  await setActivePolicy(getRuntime().prisma, policy);
  logger.info({ policy }, "exploration policy changed");
  return NextResponse.json({ policy, available: POLICY_NAMES });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
