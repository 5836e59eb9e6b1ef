import defaultWorld from "../../worlds/default.json";
import type { WorldSpec } from "./world";
import { worldSpecSchema } from "./world-file";

/**
 * The default didactic world, `worlds/default.json` (validated like any
 * other world file).
 *
 * Three quarters of the population ("crowd") like lively, bright words; a
 * quarter ("hermits") like quiet, cosy ones. The pretraining text leans to
 * the crowd's words even more strongly and nearly never uses the hermits'
 * favourites, so the pretrained model starts by neglecting a real minority:
 * the case inclusive fine-tuning exists for. Each prompt adds a small twist
 * so prompts are not interchangeable.
 */
export const DEFAULT_WORLD: WorldSpec = worldSpecSchema.parse(defaultWorld) as WorldSpec;
