// POST /api/admin/simulations/:id/stop — asks a running simulation to stop
// after its current answer. 202; the run's status turns STOPPED shortly.
import { NextResponse } from "next/server";
import { z } from "zod";
import { stopSimulation } from "@/lib/admin/simulations";
import { adminRoute } from "@/lib/http/admin-auth";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string().uuid("the run id must be a UUID") });

export const POST = adminRoute("POST /api/admin/simulations/:id/stop", async (_, context) => {
  const { id } = paramsSchema.parse(await context.params);
  await stopSimulation(getRuntime().prisma, id);
  return NextResponse.json({ id, stopRequested: true }, { status: 202 });
});

// Other methods: 405 in the shared error shape.
export * from "@/lib/http/method-not-allowed";
