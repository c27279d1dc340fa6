// Parts of the API that other capabilities add as they land (voicemail, call reports, the
// switchboard) are found in the server's own OpenAPI document, so a panel shows only when
// its routes exist, and appears without a change in the app once they do.
export interface Features {
  /** Paths of the API, e.g. "/api/voicemail/messages/{id}/audio". */
  paths: Set<string>;
  /** Does a route exist: method and an OpenAPI path. */
  has(method: string, path: string): boolean;
  /** The first path matching the pattern that has the method. */
  find(method: string, pattern: RegExp): string | undefined;
}

export interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
}

export function featuresFrom(doc: OpenApiDoc): Features {
  const methods = new Map<string, Set<string>>();
  for (const [p, ops] of Object.entries(doc.paths ?? {})) methods.set(p, new Set(Object.keys(ops).map((m) => m.toLowerCase())));
  return {
    paths: new Set(methods.keys()),
    has: (method, path) => methods.get(path)?.has(method.toLowerCase()) ?? false,
    find: (method, pattern) => [...methods.entries()].find(([p, m]) => pattern.test(p) && m.has(method.toLowerCase()))?.[0],
  };
}

/** "/api/voicemail/messages/{id}/audio" with { id } -> a URL. */
export function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
}
