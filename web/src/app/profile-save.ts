// Admins change the profile section by section; each save starts from the profile as the
// server has it now, so one page never undoes another page's change. The server checks the
// whole profile and saves nothing on error (PUT /api/profile).
import { get, put } from '../api/client.js';
import type { MunicipalityProfile } from '../api/types.js';

export async function saveProfile(change: (p: MunicipalityProfile) => MunicipalityProfile): Promise<MunicipalityProfile> {
  const current = await get<MunicipalityProfile>('/api/profile');
  return put<MunicipalityProfile>('/api/profile', change(structuredClone(current)));
}
