import { JsonFileError, readJsonFile } from "../util/json-file";
import { z } from "zod";
import { storableText } from "../util/text";
import { createWorld, type World, type WorldSpec } from "./world";

const word = storableText().min(1, "must be a non-empty word").max(40);
const utility = z.number().finite().min(-20, "must be >= -20").max(20, "must be <= 20");
const tasteTable = z.record(word, utility);

const tasteSchema = z.object({
  shared: tasteTable,
  perPrompt: z.array(tasteTable).optional(),
});

/** A world file: the JSON form of `WorldSpec`, checked field by field. */
export const worldSpecSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be lowercase letters, digits and dashes"),
    description: storableText().max(2000),
    vocabulary: z.array(word).min(2, "needs at least 2 words").max(200),
    responseLength: z.number().int().min(1).max(12),
    prompts: z.array(storableText().min(1).max(500)).min(1, "needs at least one prompt").max(100),
    population: z
      .array(
        z.object({
          name: storableText().min(1).max(40),
          weight: z.number().positive("must be positive").finite(),
          taste: tasteSchema,
        }),
      )
      .min(1, "needs at least one annotator type"),
    pretraining: tasteSchema,
  })
  .strict()
  .superRefine((spec, ctx) => {
    const words = new Set(spec.vocabulary);
    if (words.size !== spec.vocabulary.length) {
      ctx.addIssue({ code: "custom", path: ["vocabulary"], message: "words must be distinct" });
    }
    const names = spec.population.map((t) => t.name);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({
        code: "custom",
        path: ["population"],
        message: "type names must be distinct",
      });
    }
    const checkTaste = (taste: z.infer<typeof tasteSchema>, path: (string | number)[]) => {
      const tables: [Record<string, number>, (string | number)[]][] = [
        [taste.shared, [...path, "shared"]],
        ...(taste.perPrompt ?? []).map(
          (table, i) =>
            [table, [...path, "perPrompt", i]] as [Record<string, number>, (string | number)[]],
        ),
      ];
      if ((taste.perPrompt?.length ?? 0) > spec.prompts.length) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "perPrompt"],
          message: `has more entries than there are prompts (${spec.prompts.length})`,
        });
      }
      for (const [table, at] of tables) {
        for (const name of Object.keys(table)) {
          if (!words.has(name)) {
            ctx.addIssue({
              code: "custom",
              path: [...at, name],
              message: "is not in the vocabulary",
            });
          }
        }
      }
    };
    spec.population.forEach((type, i) => checkTaste(type.taste, ["population", i, "taste"]));
    checkTaste(spec.pretraining, ["pretraining"]);
  });

/** Thrown for an invalid world file; the message names the first bad field. */
export class WorldFileError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "WorldFileError";
  }
}

/** Validates a parsed world description and builds the world. */
export function parseWorld(input: unknown, source = "world"): World {
  const result = worldSpecSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join(".") || "(root)";
    throw new WorldFileError(`${source}: invalid field "${field}": ${issue.message}`, field);
  }
  return createWorld(result.data as WorldSpec);
}

/** Reads, validates and builds a world from a JSON file. */
export function loadWorldFile(path: string): World {
  let json: unknown;
  try {
    json = readJsonFile(path, "world file");
  } catch (error) {
    throw new WorldFileError((error as Error).message, (error as JsonFileError).field);
  }
  return parseWorld(json, path);
}
