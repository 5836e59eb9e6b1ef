/**
 * Calls an admin API from the browser (the session cookie goes along) and
 * returns its JSON body; throws an Error carrying the API's message.
 */
export async function callAdminApi<T = unknown>(
  method: "POST" | "PUT" | "DELETE",
  url: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error(parsed?.error?.message ?? `The server answered ${response.status}.`);
  }
  return parsed as T;
}
