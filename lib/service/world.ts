import { DEFAULT_WORLD } from "../didactic/default-world";
import { createWorld, type World } from "../didactic/world";

let current: World | null = null;

/** The world this deployment runs on (the built-in default for now). */
export function getWorld(): World {
  current ??= createWorld(DEFAULT_WORLD);
  return current;
}
