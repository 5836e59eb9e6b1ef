// DELETE /api/session — ends this browser's annotator session (for a shared
// computer): pairs it holds go back to the pool, the cookie is cleared, the
// answers stay with their annotator, and the next visit starts a new
// anonymous one. 204.
import { currentAnnotatorId, endAnnotatorSession } from "@/lib/http/annotator-session";
import { handleApiError } from "@/lib/http/respond";
import { releaseHeldLeases } from "@/lib/service/leases";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export async function DELETE() {
  try {
    const { prisma } = getRuntime();
    const annotatorId = await currentAnnotatorId(prisma);
    if (annotatorId) await releaseHeldLeases(prisma, annotatorId);
    await endAnnotatorSession();
    return new Response(null, { status: 204 });
  } catch (error) {
    return handleApiError(error, { route: "DELETE /api/session" });
  }
}

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
