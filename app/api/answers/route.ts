// POST /api/answers — stores this annotator's answer to a comparison.
// Body: { comparisonId, outcome: LEFT|RIGHT|TIE|SKIP, idempotencyKey,
// reason?, latencyMs? }. 201 when stored, 200 when replayed.
import { NextResponse } from "next/server";
import { requireClaimedAnnotatorId } from "@/lib/http/annotator-session";
import { handleApiError, readJson } from "@/lib/http/respond";
import { answerInputSchema, submitAnswer } from "@/lib/service/answers";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const input = answerInputSchema.parse(await readJson(request));
    const annotatorId = await requireClaimedAnnotatorId();
    const receipt = await submitAnswer(getRuntime().prisma, annotatorId, input);
    return NextResponse.json(receipt, { status: receipt.replayed ? 200 : 201 });
  } catch (error) {
    return handleApiError(error, { route: "POST /api/answers" });
  }
}

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
