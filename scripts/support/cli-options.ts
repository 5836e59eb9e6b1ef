import { InvalidArgumentError } from "commander";

/** A commander option parser for an integer of at least `min`. */
export const integerOption = (name: string, min: number) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}.`);
  }
  return parsed;
};
