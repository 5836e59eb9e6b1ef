import type { PrismaClient } from "../db/client";
import type { Prisma } from "../db/generated/client";
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
  /** How long the annotator holds the comparison, in seconds (> 0). */
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

/** A pair chosen by the model, with its responses stored, not yet a comparison. */
export interface PairDraft {
  promptId: number;
  promptIndex: number;
  prompt: string;
  left: { id: number; text: string; tokens: number[] };
  right: { id: number; text: string; tokens: number[] };
  sidesSwapped: boolean;
  policy: string;
  acquisitionScore: number;
  modelVersion: number;
}

export const DEFAULT_LEASE_SECONDS = 300;

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Chooses a new pair for an annotator with the current model and policy and
 * records it as a comparison leased to that annotator. This always makes a
 * new comparison: simulations use it directly; people get pairs through
 * `leaseNextComparison`, which respects overlap and the comparison budget.
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

  const draft = await draftPair(prisma, models, world, { policy: options.policy, rng });
  return insertComparison(prisma, draft, { annotatorId, runId: options.runId, leaseSeconds });
}

/**
 * Lets the policy choose a pair for a random prompt and randomises which
 * response goes on the left. The responses are stored (idempotently); the
 * comparison is not, so a draft can be thrown away.
 */
export async function draftPair(
  prisma: PrismaClient,
  models: ModelStore,
  world: World,
  options: { policy?: string; rng: Rng },
): Promise<PairDraft> {
  const { rng } = options;
  const policy = options.policy ?? (await getActivePolicy(prisma));
  const { version, model } = await models.current();
  const promptIndex = rng.int(world.prompts.length);
  const pair = getPolicy(policy).selectPair({ model, prompt: promptIndex, rng });
  const sidesSwapped = rng.uniform() < 0.5;
  const [left, right] = sidesSwapped ? [pair.second, pair.first] : [pair.first, pair.second];

  const prompt = await prisma.prompt.findUniqueOrThrow({
    where: { worldKey_index: { worldKey: world.key, index: promptIndex } },
  });
  const [leftRow, rightRow] = await Promise.all(
    [left, right].map((tokens) =>
      storeResponse(prisma, prompt.id, responseText(world, tokens), tokens),
    ),
  );

  return {
    promptId: prompt.id,
    promptIndex,
    prompt: prompt.text,
    left: { id: leftRow.id, text: leftRow.text, tokens: left },
    right: { id: rightRow.id, text: rightRow.text, tokens: right },
    sidesSwapped,
    policy,
    acquisitionScore: pair.acquisitionScore,
    modelVersion: version,
  };
}

/**
 * The stored response with this text, inserted if new. Safe when several
 * requests store the same response at once (Prisma's `upsert` on a compound
 * key is a read then a write, and the loser would fail on the unique key).
 */
async function storeResponse(
  prisma: PrismaClient,
  promptId: number,
  text: string,
  tokens: number[],
) {
  const where = { promptId_text: { promptId, text } };
  const existing = await prisma.response.findUnique({ where });
  if (existing) return existing;

  await prisma.response.createMany({ data: [{ promptId, text, tokens }], skipDuplicates: true });
  return prisma.response.findUniqueOrThrow({ where });
}

/** Stores a drafted pair as a comparison with its first lease. */
export async function insertComparison(
  db: Db,
  draft: PairDraft,
  options: { annotatorId: string; runId?: string; leaseSeconds: number; now?: Date },
): Promise<ComparisonView> {
  const { annotatorId, leaseSeconds, now = new Date() } = options;
  const expiresAt = new Date(now.getTime() + leaseSeconds * 1000);
  const comparison = await db.comparison.create({
    data: {
      promptId: draft.promptId,
      leftResponseId: draft.left.id,
      rightResponseId: draft.right.id,
      annotatorId,
      policy: draft.policy,
      acquisitionScore: draft.acquisitionScore,
      modelVersion: draft.modelVersion,
      runId: options.runId,
      sidesSwapped: draft.sidesSwapped,
      createdAt: now,
      leases: { create: { annotatorId, expiresAt, createdAt: now } },
    },
  });

  return {
    comparisonId: comparison.id,
    prompt: draft.prompt,
    promptIndex: draft.promptIndex,
    left: draft.left,
    right: draft.right,
    modelVersion: draft.modelVersion,
    policy: draft.policy,
    acquisitionScore: draft.acquisitionScore,
    leaseExpiresAt: expiresAt.toISOString(),
  };
}

/** The view of a stored comparison, for a lease that ends at `expiresAt`. */
export async function loadComparisonView(
  db: Db,
  comparisonId: string,
  expiresAt: Date,
): Promise<ComparisonView> {
  const row = await db.comparison.findUniqueOrThrow({
    where: { id: comparisonId },
    include: { prompt: true, leftResponse: true, rightResponse: true },
  });
  return {
    comparisonId: row.id,
    prompt: row.prompt.text,
    promptIndex: row.prompt.index,
    left: { id: row.leftResponse.id, text: row.leftResponse.text, tokens: row.leftResponse.tokens },
    right: {
      id: row.rightResponse.id,
      text: row.rightResponse.text,
      tokens: row.rightResponse.tokens,
    },
    modelVersion: row.modelVersion,
    policy: row.policy,
    acquisitionScore: row.acquisitionScore,
    leaseExpiresAt: expiresAt.toISOString(),
  };
}
