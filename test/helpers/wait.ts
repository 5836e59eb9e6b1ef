import { setTimeout as delay } from "node:timers/promises";

/**
 * Polls `condition` every `intervalMs` until it holds; fails with `what`
 * after `timeoutMs`. Tests wait for states, never for fixed times.
 */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}
