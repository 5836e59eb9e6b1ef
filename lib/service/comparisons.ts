import { randomUUID } from "node:crypto";
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

  const policy = options.policy ?? (await getActivePolicy(prisma));
  const draft = await draftPair(prisma, models, world, { policy, rng });
  return insertComparison(prisma, draft, { annotatorId, runId: options.runId, leaseSeconds });
}

/**
 * Lets the policy choose a pair for a random prompt and randomises which
 * response goes on the left. The responses are stored (idempotently); the
 * comparison is not, so a draft can be thrown away.
 */
export async function draftPair(
  db: Db,
  models: ModelStore,
  world: World,
  options: { policy: string; rng: Rng },
): Promise<PairDraft> {
  const { policy, rng } = options;
  const { version, model } = await models.current();
  const promptIndex = rng.int(world.prompts.length);
  const pair = getPolicy(policy).selectPair({ model, prompt: promptIndex, rng });
  const sidesSwapped = rng.uniform() < 0.5;
  const [left, right] = sidesSwapped ? [pair.second, pair.first] : [pair.first, pair.second];

  const prompt = await findPrompt(db, world.key, promptIndex);
  const [leftRow, rightRow] = await storeResponses(db, prompt.id, [
    { text: responseText(world, left), tokens: left },
    { text: responseText(world, right), tokens: right },
  ]);

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
 * Rows that never change once written, remembered per database client so
 * that drafting a pair usually needs no query: prompts, and the ids of
 * stored responses (at most `MAX_CACHED_RESPONSES`; large worlds have more).
 * A transaction client gets its own cache, which goes when it does, so a
 * rolled-back insert is never remembered.
 */
interface RowCache {
  prompts: Map<string, { id: number; text: string }>;
  responseIds: Map<string, number>;
}
const rowCaches = new WeakMap<Db, RowCache>();
const MAX_CACHED_RESPONSES = 50_000;

function rowCache(db: Db): RowCache {
  let cache = rowCaches.get(db);
  if (!cache) {
    cache = { prompts: new Map(), responseIds: new Map() };
    rowCaches.set(db, cache);
  }
  return cache;
}

async function findPrompt(db: Db, worldKey: string, index: number) {
  const { prompts } = rowCache(db);
  const key = `${worldKey}\u0000${index}`;
  let prompt = prompts.get(key);
  if (!prompt) {
    prompt = await db.prompt.findUniqueOrThrow({
      where: { worldKey_index: { worldKey, index } },
      select: { id: true, text: true },
    });
    prompts.set(key, prompt);
  }
  return prompt;
}

/**
 * The ids of the stored responses with these texts, in order, inserting the
 * new ones. Safe when several requests store the same response at once
 * (Prisma's `upsert` on a compound key reads then writes, and the loser
 * would fail on the unique key); usually no query at all.
 */
async function storeResponses(
  db: Db,
  promptId: number,
  responses: { text: string; tokens: number[] }[],
): Promise<{ id: number; text: string }[]> {
  const { responseIds } = rowCache(db);
  const keyOf = (text: string) => `${promptId}\u0000${text}`;
  if (responses.some(({ text }) => !responseIds.has(keyOf(text)))) {
    const where = { promptId, text: { in: responses.map((r) => r.text) } };
    let rows = await db.response.findMany({ where, select: { id: true, text: true } });
    if (rows.length < new Set(responses.map((r) => r.text)).size) {
      const data = responses.map((r) => ({ promptId, ...r }));
      await db.response.createMany({ data, skipDuplicates: true });
      rows = await db.response.findMany({ where, select: { id: true, text: true } });
    }
    if (responseIds.size + rows.length > MAX_CACHED_RESPONSES) responseIds.clear();
    for (const row of rows) responseIds.set(keyOf(row.text), row.id);
  }
  return responses.map(({ text }) => {
    const id = responseIds.get(keyOf(text));
    if (id === undefined)
      throw new Error(`Expected response "${text}" to be stored, but it is not`);
    return { id, text };
  });
}

/**
 * Stores a drafted pair as a comparison with its first lease, in one
 * statement (this is on every request's path; Prisma's nested create takes
 * several round trips and a transaction of its own).
 */
export async function insertComparison(
  db: Db,
  draft: PairDraft,
  options: { annotatorId: string; runId?: string; leaseSeconds: number; now?: Date },
): Promise<ComparisonView> {
  const { annotatorId, leaseSeconds, now = new Date() } = options;
  const expiresAt = new Date(now.getTime() + leaseSeconds * 1000);
  const comparison = { id: randomUUID() };
  await db.$executeRaw`
    WITH comparison AS (
      INSERT INTO "Comparison" ("id", "promptId", "leftResponseId", "rightResponseId",
        "annotatorId", "policy", "acquisitionScore", "modelVersion", "runId", "sidesSwapped",
        "createdAt")
      VALUES (${comparison.id}, ${draft.promptId}, ${draft.left.id}, ${draft.right.id},
        ${annotatorId}, ${draft.policy}, ${draft.acquisitionScore}, ${draft.modelVersion},
        ${options.runId ?? null}, ${draft.sidesSwapped}, ${now})
      RETURNING "id"
    )
    INSERT INTO "Lease" ("comparisonId", "annotatorId", "createdAt", "expiresAt")
    SELECT "id", ${annotatorId}, ${now}, ${expiresAt} FROM comparison`;

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

/** The view of a stored comparison, for a lease that ends at `expiresAt` (one query). */
export async function loadComparisonView(
  db: Db,
  comparisonId: string,
  expiresAt: Date,
): Promise<ComparisonView> {
  const [row] = await db.$queryRaw<ComparisonRow[]>`
    SELECT c."id", c."modelVersion", c."policy", c."acquisitionScore",
      p."text" AS "prompt", p."index" AS "promptIndex",
      l."id" AS "leftId", l."text" AS "leftText", l."tokens" AS "leftTokens",
      r."id" AS "rightId", r."text" AS "rightText", r."tokens" AS "rightTokens"
    FROM "Comparison" c
    JOIN "Prompt" p ON p."id" = c."promptId"
    JOIN "Response" l ON l."id" = c."leftResponseId"
    JOIN "Response" r ON r."id" = c."rightResponseId"
    WHERE c."id" = ${comparisonId}`;
  if (!row) throw notFound("comparison_not_found", "This comparison does not exist.");

  return {
    comparisonId: row.id,
    prompt: row.prompt,
    promptIndex: row.promptIndex,
    left: { id: row.leftId, text: row.leftText, tokens: row.leftTokens },
    right: { id: row.rightId, text: row.rightText, tokens: row.rightTokens },
    modelVersion: row.modelVersion,
    policy: row.policy,
    acquisitionScore: row.acquisitionScore,
    leaseExpiresAt: expiresAt.toISOString(),
  };
}

interface ComparisonRow {
  id: string;
  modelVersion: number;
  policy: string;
  acquisitionScore: number;
  prompt: string;
  promptIndex: number;
  leftId: number;
  leftText: string;
  leftTokens: number[];
  rightId: number;
  rightText: string;
  rightTokens: number[];
}
