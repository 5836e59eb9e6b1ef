import type { z } from "zod";
import { DomainError } from "../service/errors";

/**
 * Validates a request's query string with `schema`. A key given more than
 * once arrives as an array, so `?limit=1&limit=2` is refused (400 naming
 * the key) instead of silently taking one of the values; a key the route
 * does not take is refused too, so a misspelt filter (`?annotator=human`)
 * is an error rather than an unfiltered answer.
 */
export function parseQuery<Shape extends z.ZodRawShape>(
  request: { nextUrl: URL },
  schema: z.ZodObject<Shape>,
): z.infer<z.ZodObject<Shape>> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.nextUrl.searchParams.keys())) {
    const values = request.nextUrl.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  const unknown = Object.keys(query).find((key) => !Object.hasOwn(schema.shape, key));
  if (unknown !== undefined) {
    const taken = Object.keys(schema.shape).join(", ") || "none";
    throw new DomainError(
      400,
      "invalid_request",
      `${unknown}: not a query parameter of this route (it takes ${taken})`,
    );
  }
  return schema.parse(query);
}
