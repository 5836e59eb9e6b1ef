import { DEFAULT_WORLD } from "../didactic/default-world";
import { createWorld, type World } from "../didactic/world";
import { loadWorldFile } from "../didactic/world-file";
import { environmentValue } from "../config/environment";

let current: World | null = null;

/**
 * The world this process runs on: the file named by `CHORUS_WORLD` (set by
 * `--world FILE` on `npm start` and `npm run simulate`), else the default.
 */
export function getWorld(): World {
  if (!current) {
    const file = environmentValue("CHORUS_WORLD");
    current = file ? loadWorldFile(file) : createWorld(DEFAULT_WORLD);
  }
  return current;
}

/** Makes `world` this process's world (a replayed run brings its own). */
export function setWorld(world: World): void {
  current = world;
}
