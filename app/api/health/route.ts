// GET /api/health — liveness, whether the database answers, the TF.js
// backend in use and the model version. 503 while the database is down.
import * as tf from "@tensorflow/tfjs";
import { NextResponse } from "next/server";
import type { PrismaClient } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { handleApiError } from "@/lib/http/respond";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { prisma, models } = getRuntime();
    const [{ version }, up] = await Promise.all([models.current(), databaseAnswers(prisma)]);
    const status = { ok: up, backend: tf.getBackend(), modelVersion: version };
    if (up) return NextResponse.json({ ...status, database: "up" });
    // Down: the one error shape too, so clients need not special-case health.
    const error = { code: "database_unavailable", message: "The database cannot be reached." };
    return NextResponse.json({ ...status, database: "down", error }, { status: 503 });
  } catch (error) {
    return handleApiError(error, { route: "GET /api/health" });
  }
}

async function databaseAnswers(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    if (isDatabaseUnavailable(error)) return false;
    throw error;
  }
}

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
