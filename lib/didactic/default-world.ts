import type { WorldSpec } from "./world";

/**
 * The default didactic world.
 *
 * Three quarters of the population ("crowd") like lively, bright words; a
 * quarter ("hermits") like quiet, cosy ones. The pretraining text leans to
 * the crowd's words even more strongly and nearly never uses the hermits'
 * favourites, so the pretrained model starts by neglecting a real minority:
 * the case inclusive fine-tuning exists for. Each prompt adds a small twist
 * so prompts are not interchangeable.
 */
export const DEFAULT_WORLD: WorldSpec = {
  key: "default",
  description: "A majority and a neglected minority over eight words.",
  vocabulary: ["sunny", "lively", "bright", "warm", "quiet", "cosy", "calm", "cool"],
  responseLength: 3,
  prompts: [
    "Describe a day at the beach.",
    "Describe an evening in the city.",
    "Describe a weekend in the mountains.",
    "Describe a rainy afternoon at home.",
  ],
  population: [
    {
      name: "crowd",
      weight: 0.75,
      taste: {
        shared: { sunny: 1.2, lively: 1.2, bright: 1.0, warm: 0.8 },
        perPrompt: [{ sunny: 0.6 }, { lively: 0.6 }, { bright: 0.6 }, { warm: 0.6 }],
      },
    },
    {
      name: "hermits",
      weight: 0.25,
      taste: {
        shared: { quiet: 1.2, cosy: 1.2, calm: 1.0, cool: 0.8 },
        perPrompt: [{ cool: 0.6 }, { quiet: 0.6 }, { calm: 0.6 }, { cosy: 0.6 }],
      },
    },
  ],
  pretraining: {
    shared: {
      sunny: 1.0,
      lively: 1.4,
      bright: 1.0,
      warm: 0.6,
      quiet: -1.2,
      cosy: -1.6,
      calm: -1.2,
      cool: -1.0,
    },
  },
};
