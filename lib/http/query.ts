import type { z } from "zod";

/**
 * Validates a request's query string with `schema`. A key given more than
 * once arrives as an array, so `?limit=1&limit=2` is refused (400 naming
 * the key) instead of silently taking one of the values.
 */
export function parseQuery<Schema extends z.ZodType>(
  request: { nextUrl: URL },
  schema: Schema,
): z.infer<Schema> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.nextUrl.searchParams.keys())) {
    const values = request.nextUrl.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return schema.parse(query);
}
