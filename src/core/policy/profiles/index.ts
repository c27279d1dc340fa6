// The five municipalities of /work/shared/policies/ as profiles, in the order of their files.
import type { MunicipalityProfile } from '../profile.js';
import { fagersta } from './fagersta.js';
import { karlsborg } from './karlsborg.js';
import { nvk } from './nvk.js';
import { valdemarsvik } from './valdemarsvik.js';
import { vara } from './vara.js';

export { fagersta, karlsborg, nvk, valdemarsvik, vara };

/** Valdemarsvik (000), Vara (001), NVK (002), Fagersta (003), Karlsborg (004). */
export const PROFILES: readonly MunicipalityProfile[] = [valdemarsvik, vara, nvk, fagersta, karlsborg];

export function profileById(id: string): MunicipalityProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}
