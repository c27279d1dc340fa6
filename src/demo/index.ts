// The demo municipality generator: public entry points for the loader and the docs.
export { generateDemoMunicipality, demoInstant, DEFAULT_DEMO_SEED, type DemoOptions } from './generate.js';
export { checkDemoMunicipality } from './check.js';
export { isPtsFictionNumber, PTS_FICTION_SERIES } from './numbers.js';
export type * from './types.js';
