import { createBoltzmannPolicy } from "./boltzmann";
import { createDoubleThompsonPolicy } from "./double-thompson";
import { createInfomaxPolicy } from "./infomax";
import { createNeglectPolicy } from "./neglect";
import { passivePolicy } from "./passive";
import type { SelectionPolicy } from "./policy";

export type { SelectionPolicy, SelectedPair, SelectionContext } from "./policy";

/** Settings a deployment or experiment may pass to the policy it picks. */
export interface PolicyOptions {
  /** Boltzmann temperature tau (> 0). */
  temperature?: number;
}

const FACTORIES: Record<string, (options: PolicyOptions) => SelectionPolicy> = {
  passive: () => passivePolicy,
  boltzmann: (o) => createBoltzmannPolicy({ temperature: o.temperature }),
  infomax: () => createInfomaxPolicy(),
  "double-ts": () => createDoubleThompsonPolicy(),
  neglect: () => createNeglectPolicy(),
};

/** Names of every exploration policy a deployment can choose. */
export const POLICY_NAMES = Object.keys(FACTORIES);

/** Looks up a policy by name; throws listing the valid names otherwise. */
export function getPolicy(name: string, options: PolicyOptions = {}): SelectionPolicy {
  const factory = FACTORIES[name];
  if (!factory) {
    throw new Error(`Unknown policy "${name}"; expected one of ${POLICY_NAMES.join(", ")}`);
  }
  return factory(options);
}
