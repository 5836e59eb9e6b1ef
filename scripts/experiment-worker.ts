// Runs experiment trials on a worker thread: receives TrialJob messages,
// answers with the curve's points as they are measured and the whole curve.
import { parentPort, workerData } from "node:worker_threads";
import { createWorld, type WorldSpec } from "../lib/didactic/world";
import { runTrial, type TrialOptions } from "../lib/experiment/run-trial";
import type { BestResponseReference } from "../lib/learning/evaluate";
import { initBackend } from "../lib/model/backend";

export interface WorkerSetup {
  pretrained: Uint8Array;
  reference: BestResponseReference;
  world: WorldSpec;
}

export interface TrialJob {
  id: number;
  options: Omit<TrialOptions, "onPoint">;
}

export type WorkerReply =
  | { type: "point"; id: number; labels: number }
  | { type: "done"; id: number; points: ReturnType<typeof runTrial> }
  | { type: "failed"; id: number; message: string };

const port = parentPort!;
const { pretrained, reference, world: spec } = workerData as WorkerSetup;
const world = createWorld(spec);
await initBackend();

port.on("message", (job: TrialJob) => {
  const reply = (message: WorkerReply) => port.postMessage(message);
  try {
    const points = runTrial(world, pretrained, reference, {
      ...job.options,
      onPoint: (point) => reply({ type: "point", id: job.id, labels: point.labels }),
    });
    reply({ type: "done", id: job.id, points });
  } catch (error) {
    reply({ type: "failed", id: job.id, message: String((error as Error).stack ?? error) });
  }
});
port.postMessage({ type: "ready" });
