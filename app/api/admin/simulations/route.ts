// GET /api/admin/simulations — the newest simulated batch runs and progress.
// POST /api/admin/simulations — body { labels, policy, seed, tieRate?,
// skipRate? }: starts a run in its own process. 202 with the run; 409 while
// another console-started run is in progress.
import { NextResponse } from "next/server";
import {
  listSimulationRuns,
  simulationInputSchema,
  startSimulation,
} from "@/lib/admin/simulations";
import { adminRoute } from "@/lib/http/admin-auth";
import { readJson } from "@/lib/http/respond";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

export const GET = adminRoute("GET /api/admin/simulations", async () => {
  return NextResponse.json({ simulations: await listSimulationRuns(getRuntime().prisma) });
});

export const POST = adminRoute("POST /api/admin/simulations", async (request) => {
  const input = simulationInputSchema.parse(await readJson(request));
  const run = await startSimulation(getRuntime().prisma, input);
  return NextResponse.json(run, { status: 202 });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
