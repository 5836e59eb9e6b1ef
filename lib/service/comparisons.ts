import type { PrismaClient } from "../db/client";
import { responseText, type World } from "../didactic/world";
import { getPolicy } from "../selection";
import type { Rng } from "../util/random";
import type { ModelStore } from "./model-store";
import { getActivePolicy } from "./settings";
import { notFound } from "./errors";

export interface NextComparisonOptions {
  annotatorId: string;
  /** Overrides the deployment's active policy (simulations, experiments). */
  policy?: string;
  runId?: string;
  leaseSeconds?: number;
  rng: Rng;
}

/** A comparison as the annotator sees it. */
export interface ComparisonView {
  comparisonId: string;
  prompt: string;
  left: { id: number; text: string; tokens: number[] };
  right: { id: number; text: string; tokens: number[] };
  promptIndex: number;
  modelVersion: number;
  policy: string;
  acquisitionScore: number;
  leaseExpiresAt: string;
}

export const DEFAULT_LEASE_SECONDS = 300;

/**
 * Chooses the next pair for an annotator with the current model and policy,
 * randomises which response goes on the left, and records the comparison
 * as a lease held by that annotator.
 */
export async function nextComparison(
  prisma: PrismaClient,
  models: ModelStore,
  world: World,
  options: NextComparisonOptions,
): Promise<ComparisonView> {
  const { annotatorId, rng, leaseSeconds = DEFAULT_LEASE_SECONDS } = options;
  const annotator = await prisma.annotator.findUnique({ where: { id: annotatorId } });
  if (!annotator) throw notFound("annotator_not_found", "Unknown annotator");

  const policyName = options.policy ?? (await getActivePolicy(prisma));
  const { version, model } = await models.current();
  const promptIndex = rng.int(world.prompts.length);
  const pair = getPolicy(policyName).selectPair({ model, prompt: promptIndex, rng });
  const [left, right] = rng.uniform() < 0.5 ? [pair.first, pair.second] : [pair.second, pair.first];

  const prompt = await prisma.prompt.findUniqueOrThrow({
    where: { worldKey_index: { worldKey: world.key, index: promptIndex } },
  });
  const [leftRow, rightRow] = await Promise.all(
    [left, right].map((tokens) => {
      const text = responseText(world, tokens);
      return prisma.response.upsert({
        where: { promptId_text: { promptId: prompt.id, text } },
        update: {},
        create: { promptId: prompt.id, text, tokens },
      });
    }),
  );
  const comparison = await prisma.comparison.create({
    data: {
      promptId: prompt.id,
      leftResponseId: leftRow.id,
      rightResponseId: rightRow.id,
      annotatorId,
      policy: policyName,
      acquisitionScore: pair.acquisitionScore,
      modelVersion: version,
      runId: options.runId,
      leaseExpiresAt: new Date(Date.now() + leaseSeconds * 1000),
    },
  });

  return {
    comparisonId: comparison.id,
    prompt: prompt.text,
    promptIndex,
    left: { id: leftRow.id, text: leftRow.text, tokens: left },
    right: { id: rightRow.id, text: rightRow.text, tokens: right },
    modelVersion: version,
    policy: policyName,
    acquisitionScore: pair.acquisitionScore,
    leaseExpiresAt: comparison.leaseExpiresAt.toISOString(),
  };
}
