import { createInfomaxPolicy } from "./infomax";
import { passivePolicy } from "./passive";
import type { SelectionPolicy } from "./policy";

export type { SelectionPolicy, SelectedPair, SelectionContext } from "./policy";

const FACTORIES: Record<string, () => SelectionPolicy> = {
  passive: () => passivePolicy,
  infomax: () => createInfomaxPolicy(),
};

/** Names of every exploration policy a deployment can choose. */
export const POLICY_NAMES = Object.keys(FACTORIES);

/** Looks up a policy by name; throws listing the valid names otherwise. */
export function getPolicy(name: string): SelectionPolicy {
  const factory = FACTORIES[name];
  if (!factory) {
    throw new Error(`Unknown policy "${name}"; expected one of ${POLICY_NAMES.join(", ")}`);
  }
  return factory();
}
