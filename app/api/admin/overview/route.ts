// GET /api/admin/overview — the model's state, data counts, the active
// policy and recent simulation runs.
import { NextResponse } from "next/server";
import { loadCounts } from "@/lib/admin/counts";
import { listCheckpoints } from "@/lib/admin/checkpoints";
import { summariseModel } from "@/lib/admin/dashboard";
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
  return NextResponse.json({
    model: summariseModel(checkpoints, trainerRunning),
    counts,
    policy,
    simulations,
  });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
