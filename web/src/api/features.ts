// Loads the server's OpenAPI document once per session (see logic/features.ts).
import { get } from './client.js';
import { featuresFrom, type Features, type OpenApiDoc } from '../logic/features.js';

export { fill, featuresFrom, type Features } from '../logic/features.js';

let cached: Promise<Features> | null = null;

export function loadFeatures(): Promise<Features> {
  cached ??= get<OpenApiDoc>('/api/openapi.json').then(featuresFrom, () => featuresFrom({}));
  return cached;
}
