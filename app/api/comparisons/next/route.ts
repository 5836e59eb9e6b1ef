// GET /api/comparisons/next — the next pair for this browser's annotator
// (created on first visit), chosen by the current model and policy.
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { ensureAnnotatorId } from "@/lib/http/annotator-session";
import { handleApiError } from "@/lib/http/respond";
import { nextComparison } from "@/lib/service/comparisons";
import { getRuntime } from "@/lib/service/runtime";
import { createRng } from "@/lib/util/random";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { prisma, models, world } = getRuntime();
    const annotatorId = await ensureAnnotatorId(prisma);
    const view = await nextComparison(prisma, models, world, {
      annotatorId,
      rng: createRng(randomUUID()),
    });
    return NextResponse.json({
      comparisonId: view.comparisonId,
      prompt: view.prompt,
      left: { id: view.left.id, text: view.left.text },
      right: { id: view.right.id, text: view.right.text },
      modelVersion: view.modelVersion,
      policy: view.policy,
      leaseExpiresAt: view.leaseExpiresAt,
    });
  } catch (error) {
    return handleApiError(error, { route: "GET /api/comparisons/next" });
  }
}
