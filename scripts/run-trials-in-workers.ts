import { Worker } from "node:worker_threads";
import type { CurvePoint, TrialOptions } from "../lib/experiment/run-trial";
import type { TrialJob, WorkerReply, WorkerSetup } from "./experiment-worker";

/**
 * Runs independent trials on `workers` threads (each with its own TF.js
 * backend) and returns their curves in job order. A trial's result depends
 * only on its options, never on which thread ran it or when.
 * @param onPoint called on the main thread after each evaluation of any trial.
 */
export async function runTrialsInWorkers(
  jobs: Omit<TrialOptions, "onPoint">[],
  setup: WorkerSetup,
  workers: number,
  onPoint: (job: number, labels: number) => void = () => {},
): Promise<CurvePoint[][]> {
  const results = new Array<CurvePoint[]>(jobs.length);
  let next = 0;
  // Workers run TypeScript sources through tsx, registered before the import.
  const entry = new URL("./experiment-worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot =
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(entry)}); });`;

  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(boot, { eval: true, workerData: setup });
      const give = () => {
        if (next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const job: TrialJob = { id: next, options: jobs[next] };
        next++;
        worker.postMessage(job);
      };
      worker.on("message", (message: WorkerReply | { type: "ready" }) => {
        if (message.type === "ready") give();
        else if (message.type === "point") onPoint(message.id, message.labels);
        else if (message.type === "done") {
          results[message.id] = message.points;
          give();
        } else {
          void worker.terminate();
          reject(new Error(`Trial ${JSON.stringify(jobs[message.id])} failed: ${message.message}`));
        }
      });
      worker.on("error", reject);
    });

  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, runWorker));
  return results;
}
