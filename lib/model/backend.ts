import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { environmentValue, type Environment } from "../config/environment";

export type BackendName = Environment["CHORUS_TF_BACKEND"];

let ready: Promise<BackendName> | null = null;

/**
 * Selects the TF.js backend once per process: WebAssembly by default,
 * `CHORUS_TF_BACKEND=cpu` to compare. Fails loudly instead of letting TF.js
 * fall back to the slow `cpu` backend in silence.
 */
export function initBackend(
  name: BackendName = environmentValue("CHORUS_TF_BACKEND"),
): Promise<BackendName> {
  ready ??= (async () => {
    const before = {
      uncaughtException: process.listeners("uncaughtException"),
      unhandledRejection: process.listeners("unhandledRejection"),
    };
    const ok = await tf.setBackend(name);
    await tf.ready();
    // NOTE: the Emscripten loader of the wasm backend installs process-wide
    // handlers that rethrow every uncaught error from inside its minified
    // source, which buries the real stack under a page of code. Remove them.
    for (const event of ["uncaughtException", "unhandledRejection"] as const) {
      for (const listener of process.listeners(event)) {
        if (!before[event].includes(listener)) process.removeListener(event, listener);
      }
    }
    if (!ok || tf.getBackend() !== name) {
      throw new Error(`TF.js backend "${name}" failed to start (got "${tf.getBackend()}")`);
    }
    return name;
  })();
  return ready;
}

/** Switches backend explicitly (benchmarks compare cpu and wasm in one run). */
export async function useBackend(name: BackendName): Promise<void> {
  ready = null;
  await initBackend(name);
}
