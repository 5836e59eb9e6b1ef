import { readFileSync } from "node:fs";

/** A JSON file that cannot be read (`field` "(file)") or is not JSON ("(root)"). */
export class JsonFileError extends Error {
  constructor(
    message: string,
    readonly field: "(file)" | "(root)",
  ) {
    super(message);
    this.name = "JsonFileError";
  }
}

/**
 * The JSON value in the file at `path`, else a JsonFileError of one line
 * naming the file and the problem, e.g. `runs/a.json: cannot read the run
 * record (ENOENT)` or `runs/a.json: not valid JSON (Unexpected token …)`.
 */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new JsonFileError(`${path}: cannot read the ${what} (${reason})`, "(file)");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, " ");
    throw new JsonFileError(`${path}: not valid JSON (${reason})`, "(root)");
  }
}
