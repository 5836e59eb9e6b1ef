// GET /api/annotators/me — this session's display name and progress
// (anonymous with no answers before the first pair).
// PATCH /api/annotators/me — body { displayName: string | null }; an empty
// or null name means anonymous. Starts a session if there is none.
import { NextResponse } from "next/server";
import type { AnnotatorProfile } from "@/lib/http/annotator-api";
import { currentAnnotatorId, ensureAnnotatorId } from "@/lib/http/annotator-session";
import { handleApiError, readJson } from "@/lib/http/respond";
import { getAnnotatorProfile, profilePatchSchema, setDisplayName } from "@/lib/service/annotators";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { prisma } = getRuntime();
    const annotatorId = await currentAnnotatorId(prisma);
    return NextResponse.json<AnnotatorProfile>(await getAnnotatorProfile(prisma, annotatorId), {
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    return handleApiError(error, { route: "GET /api/annotators/me" });
  }
}

export async function PATCH(request: Request) {
  try {
    const { displayName } = profilePatchSchema.parse(await readJson(request));
    const { prisma } = getRuntime();
    const annotatorId = await ensureAnnotatorId(prisma);
    await setDisplayName(prisma, annotatorId, displayName);
    return NextResponse.json<AnnotatorProfile>(await getAnnotatorProfile(prisma, annotatorId));
  } catch (error) {
    return handleApiError(error, { route: "PATCH /api/annotators/me" });
  }
}

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
