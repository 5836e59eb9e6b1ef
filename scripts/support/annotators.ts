import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import * as hdr from "hdr-histogram-js";
import { SimulatedAnnotator, type World } from "../../lib/didactic/world";
import { createRng, type Rng } from "../../lib/util/random";

export interface AnnotatorLoadOptions {
  /** App instances; each annotator spreads its requests over all of them. */
  baseUrls: string[];
  /** Simulated annotators working at once (>= 1). */
  annotators: number;
  /** How long annotators keep starting new comparisons. */
  durationMs: number;
  /**
   * Mean pause between seeing a pair and answering it, in ms (>= 0; each
   * pause is uniform in [0.5, 1.5] x the mean). 0 hammers the servers.
   */
  thinkMs: number;
  world: World;
  seed?: number;
  signal?: AbortSignal;
}

/** An answer the server acknowledged (201 stored, or 200 replayed). */
export interface AcknowledgedAnswer {
  answerId: number;
  comparisonId: string;
  idempotencyKey: string;
  outcome: string;
}

export interface LoadReport {
  /** Latency of GET /api/comparisons/next, in microseconds. */
  selection: hdr.Histogram;
  /** Latency of POST /api/answers, in microseconds. */
  submission: hdr.Histogram;
  /** Responses per "METHOD status", e.g. "POST 201". */
  statuses: Record<string, number>;
  serverErrors: number;
  /** Requests that failed without a response (retried where safe). */
  networkErrors: number;
  acknowledged: AcknowledgedAnswer[];
  durationMs: number;
}

interface PairView {
  comparisonId: string;
  prompt: string;
  left: { text: string };
  right: { text: string };
}

/**
 * Simulated annotators over HTTP, as people use the app: each has its own
 * session cookie, asks for a pair, thinks, and answers it by the Luce rule
 * of a population type drawn for it. The k-th request of annotator i goes
 * to instance (i + k) mod n, so every request may land on another server, as
 * behind a load balancer. A failed answer is retried with the same
 * idempotency key. Returns latencies and every acknowledged answer.
 */
export async function runAnnotators(options: AnnotatorLoadOptions): Promise<LoadReport> {
  const { baseUrls, annotators, durationMs, thinkMs, world, seed = 1 } = options;
  if (baseUrls.length === 0) throw new Error("Expected at least one base URL");
  if (!(Number.isInteger(annotators) && annotators >= 1)) {
    throw new Error(`Expected annotators to be a positive integer, but got ${annotators}`);
  }
  if (!(thinkMs >= 0)) throw new Error(`Expected thinkMs >= 0, but got ${thinkMs}`);

  const histogram = () =>
    hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 120_000_000,
      numberOfSignificantValueDigits: 3,
    });
  const report: LoadReport = {
    selection: histogram(),
    submission: histogram(),
    statuses: {},
    serverErrors: 0,
    networkErrors: 0,
    acknowledged: [],
    durationMs: 0,
  };
  const started = Date.now();
  const endsAt = started + durationMs;
  const count = (method: string, status: number) => {
    const key = `${method} ${status}`;
    report.statuses[key] = (report.statuses[key] ?? 0) + 1;
    if (status >= 500) report.serverErrors += 1;
  };

  const annotator = async (index: number) => {
    const rng = createRng(`load:${seed}:${index}`);
    const person = new SimulatedAnnotator(world, rng);
    let cookie = "";
    let request = 0;
    const nextUrl = () => baseUrls[(index + request++) % baseUrls.length];

    while (Date.now() < endsAt && !options.signal?.aborted) {
      let begun = performance.now();
      const response = await fetch(`${nextUrl()}/api/comparisons/next`, {
        headers: cookie ? { cookie } : {},
      }).catch(() => null);
      if (!response) {
        report.networkErrors += 1;
        await delay(100);
        continue;
      }
      const body = await response.text();
      report.selection.recordValue(micros(begun));
      count("GET", response.status);
      cookie ||= sessionCookie(response);
      if (response.status !== 200) {
        await delay(100);
        continue;
      }

      const pair = JSON.parse(body) as PairView;
      const outcome = chooseOutcome(world, person, rng, pair);
      await delay(thinkMs * (0.5 + rng.uniform()));
      const idempotencyKey = randomUUID();
      const payload = JSON.stringify({ comparisonId: pair.comparisonId, outcome, idempotencyKey });
      for (let attempt = 0; attempt < 5; attempt++) {
        begun = performance.now();
        const answer = await fetch(`${nextUrl()}/api/answers`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: payload,
        }).catch(() => null);
        if (!answer) {
          report.networkErrors += 1;
          await delay(100);
          continue;
        }
        const stored = await answer.text();
        report.submission.recordValue(micros(begun));
        count("POST", answer.status);
        if (answer.status === 200 || answer.status === 201) {
          const { answerId } = JSON.parse(stored) as { answerId: number };
          report.acknowledged.push({
            answerId,
            comparisonId: pair.comparisonId,
            idempotencyKey,
            outcome,
          });
        }
        break;
      }
    }
  };

  await Promise.all(Array.from({ length: annotators }, (_, i) => annotator(i)));
  report.durationMs = Date.now() - started;
  return report;
}

/** Milliseconds at a percentile of a histogram recorded in microseconds. */
export function percentileMs(histogram: hdr.Histogram, percentile: number): number {
  return histogram.getValueAtPercentile(percentile) / 1000;
}

function micros(since: number): number {
  return Math.max(1, Math.round((performance.now() - since) * 1000));
}

function sessionCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith("chorus_annotator="));
  return header ? header.split(";")[0] : "";
}

/**
 * The simulated person's answer to the pair as shown. The API shows text,
 * so prompt and responses are mapped back to the world's indices; a pair
 * the world does not know (another world) gets a coin flip.
 */
function chooseOutcome(world: World, person: SimulatedAnnotator, rng: Rng, pair: PairView) {
  const prompt = world.prompts.indexOf(pair.prompt);
  const tokens = (text: string) => text.split(" ").map((word) => world.vocabulary.indexOf(word));
  const left = tokens(pair.left.text);
  const right = tokens(pair.right.text);
  if (prompt < 0 || [...left, ...right].some((t) => t < 0)) {
    return rng.uniform() < 0.5 ? "LEFT" : "RIGHT";
  }
  return person.answer(prompt, left, right);
}
