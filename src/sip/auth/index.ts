// SIP digest authentication and brute-force protection. See README.md in this folder.
export {
  parseAuthItems,
  parseChallenge,
  parseChallenges,
  parseCredentials,
  formatChallenge,
  formatCredentials,
  type AuthItem,
  type DigestChallenge,
  type DigestCredentials,
} from './auth-params.js';
export {
  ALL_ALGORITHMS,
  baseAlgorithm,
  computeHA1,
  computeResponse,
  computeUserhash,
  isAlgorithmAvailable,
  parseAlgorithm,
  type BaseAlgorithm,
  type DigestAlgorithm,
  type Qop,
  type ResponseInput,
} from './algorithms.js';
export {
  DigestServer,
  isCredentialFailure,
  type AuthFailureReason,
  type AuthResponse,
  type ChallengeOptions,
  type DigestServerOptions,
  type LookupHA1,
  type ResolveUserhash,
  type VerifyInput,
  type VerifyInputAsync,
  type VerifyOutcome,
} from './server.js';
export { DigestClient, credentialsHeaderFor, type AuthorizeRequest, type DigestClientOptions } from './client.js';
export { AuthGuard, DEFAULT_GUARD_SETTINGS, type AuthGuardLimits, type AuthGuardSettings, type GuardDecision } from './guard.js';
export { sourceKey } from './source-key.js';
