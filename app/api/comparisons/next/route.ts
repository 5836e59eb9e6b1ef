// GET /api/comparisons/next — leases the next pair to this browser's
// annotator (created, with its cookie, on first visit): the pair they hold
// already, a pair that still needs answers, or a new one from the model.
// 200 { status: "pair", ... } or 200 { status: "no_work", waiting }.
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { NextPairResponse } from "@/lib/http/annotator-api";
import { asAnnotator } from "@/lib/http/annotator-session";
import { handleApiError } from "@/lib/http/respond";
import { leaseNextComparison } from "@/lib/service/leases";
import { getRuntime } from "@/lib/service/runtime";
import { createRng } from "@/lib/util/random";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { prisma, models, world } = getRuntime();
    const result = await asAnnotator(prisma, (annotatorId) =>
      leaseNextComparison(prisma, models, world, { annotatorId, rng: createRng(randomUUID()) }),
    );
    return NextResponse.json<NextPairResponse>(
      result.kind === "no_work"
        ? { status: "no_work", waiting: result.waiting }
        : {
            status: "pair",
            comparisonId: result.comparison.comparisonId,
            prompt: result.comparison.prompt,
            left: { id: result.comparison.left.id, text: result.comparison.left.text },
            right: { id: result.comparison.right.id, text: result.comparison.right.text },
            modelVersion: result.comparison.modelVersion,
            policy: result.comparison.policy,
            leaseExpiresAt: result.comparison.leaseExpiresAt,
          },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return handleApiError(error, { route: "GET /api/comparisons/next" });
  }
}

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
