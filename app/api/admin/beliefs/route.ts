// GET /api/admin/beliefs — per prompt, the current model's top responses
// with probabilities and an uncertainty band across epistemic indices,
// beside the target and each annotator type's favourites.
import { NextResponse } from "next/server";
import { beliefsOf } from "@/lib/admin/dashboard";
import { adminRoute } from "@/lib/http/admin-auth";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export const GET = adminRoute("GET /api/admin/beliefs", async () => {
  const { models, world } = getRuntime();
  const { version, model } = await models.current();
  return NextResponse.json({ modelVersion: version, prompts: beliefsOf(world, model) });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
