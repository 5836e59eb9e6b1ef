// GET /api/health — liveness, the TF.js backend in use and the model version.
import * as tf from "@tensorflow/tfjs";
import { NextResponse } from "next/server";
import { handleApiError } from "@/lib/http/respond";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { models } = getRuntime();
    const { version } = await models.current();
    return NextResponse.json({ ok: true, backend: tf.getBackend(), modelVersion: version });
  } catch (error) {
    return handleApiError(error, { route: "GET /api/health" });
  }
}

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
