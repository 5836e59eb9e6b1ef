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
    return NextResponse.json(
      { ok: up, database: up ? "up" : "down", backend: tf.getBackend(), modelVersion: version },
      { status: up ? 200 : 503 },
    );
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
