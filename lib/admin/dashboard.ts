import type { PrismaClient } from "../db/client";
import type { World } from "../didactic/world";
import type { PreferenceLM } from "../model/preference-lm";
import { POLICY_NAMES } from "../selection";
import type { ModelStore } from "../service/model-store";
import { getActivePolicy } from "../service/settings";
import { loadAnnotatorReport, type AnnotatorReport } from "./annotator-stats";
import { describeBeliefs, type PromptBeliefs } from "./beliefs";
import { listCheckpoints, type CheckpointSummary } from "./checkpoints";
import { loadCounts, type DataCounts } from "./counts";
import { listRecentComparisons, type ComparisonRow } from "./recent-comparisons";
import { listSimulationRuns, trainerIsRunning, type SimulationRunView } from "./simulations";

export interface ModelOverview {
  version: number;
  answersLearned: number;
  /** When the current version was published (a training round or a rollback). */
  publishedAt: string;
  /** When the newest version that came from training (not a rollback) was published. */
  lastTrainedAt: string;
  rolledBackFrom: number | null;
  /** KL(target || model) of the current version, averaged over prompts (nats). */
  kl: number | null;
  trainerRunning: boolean;
}

export interface Dashboard {
  model: ModelOverview;
  checkpoints: CheckpointSummary[];
  counts: DataCounts;
  policy: { active: string; available: string[] };
  simulations: SimulationRunView[];
  comparisons: ComparisonRow[];
  annotators: AnnotatorReport;
  beliefs: PromptBeliefs[];
}

/** Everything the admin dashboard shows, read in one go. */
export async function loadDashboard(runtime: {
  prisma: PrismaClient;
  models: ModelStore;
  world: World;
}): Promise<Dashboard> {
  const { prisma, models, world } = runtime;
  const [checkpoints, counts, active, simulations, comparisons, annotators, trainer] =
    await Promise.all([
      listCheckpoints(prisma),
      loadCounts(prisma),
      getActivePolicy(prisma),
      listSimulationRuns(prisma),
      listRecentComparisons(prisma, { limit: 30 }),
      loadAnnotatorReport(prisma),
      trainerIsRunning(prisma),
    ]);
  // Compute right after loading: the store disposes a model once a newer
  // one arrives, which cannot happen before this synchronous step ends.
  const current = await models.current();
  const beliefs = beliefsOf(world, current.model);

  return {
    model: summariseModel(checkpoints, trainer),
    checkpoints,
    counts,
    policy: { active, available: POLICY_NAMES },
    simulations,
    comparisons,
    annotators,
    beliefs,
  };
}

/**
 * The current model from the list of versions (oldest first).
 * @throws when there is no version at all (the model was never bootstrapped).
 */
export function summariseModel(
  checkpoints: CheckpointSummary[],
  trainerRunning: boolean,
): ModelOverview {
  const latest = checkpoints.at(-1);
  if (!latest) throw new Error("No model checkpoint yet: the model was not bootstrapped");
  const trained = [...checkpoints].reverse().find((c) => c.rolledBackFrom === null) ?? latest;

  return {
    version: latest.version,
    answersLearned: latest.answersLearned,
    publishedAt: latest.createdAt,
    lastTrainedAt: trained.createdAt,
    rolledBackFrom: latest.rolledBackFrom,
    kl: latest.kl,
    trainerRunning,
  };
}

// The beliefs of a version never change: compute them once per loaded model.
const beliefCache = new WeakMap<PreferenceLM, PromptBeliefs[]>();

/** `describeBeliefs`, memoised per model instance (the store swaps instances per version). */
export function beliefsOf(world: World, model: PreferenceLM): PromptBeliefs[] {
  let beliefs = beliefCache.get(model);
  if (!beliefs) {
    beliefs = describeBeliefs(world, model);
    beliefCache.set(model, beliefs);
  }
  return beliefs;
}
