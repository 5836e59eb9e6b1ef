// GET /api/admin/overview — the model's state, data counts, the active
// policy and recent simulation runs.
import { NextResponse } from "next/server";
import { loadCounts } from "@/lib/admin/counts";
import { listCheckpoints } from "@/lib/admin/checkpoints";
import { listSimulationRuns, trainerIsRunning } from "@/lib/admin/simulations";
import { adminRoute } from "@/lib/http/admin-auth";
import { getRuntime } from "@/lib/service/runtime";
import { getActivePolicy } from "@/lib/service/settings";

export const dynamic = "force-dynamic";

export const GET = adminRoute("GET /api/admin/overview", async () => {
  const { prisma } = getRuntime();
  const [checkpoints, counts, policy, simulations, trainerRunning] = await Promise.all([
    listCheckpoints(prisma),
    loadCounts(prisma),
    getActivePolicy(prisma),
    listSimulationRuns(prisma),
    trainerIsRunning(prisma),
  ]);
  const latest = checkpoints.at(-1);
  return NextResponse.json({
    model: latest && {
      version: latest.version,
      answersLearned: latest.answersLearned,
      publishedAt: latest.createdAt,
      rolledBackFrom: latest.rolledBackFrom,
      kl: latest.kl,
      trainerRunning,
    },
    counts,
    policy,
    simulations,
  });
});
