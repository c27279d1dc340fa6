// A manager's staff as the server's rules count them: "their manager" is anyone with the
// manager role above the person in the manager chain (docs/api.md, P-DIV-8, P-SWB-11).
export interface ChainPerson {
  id: string;
  managerId: string | null;
}

/** Everyone whose manager chain leads to `managerId` (a chain that loops ends the walk). */
export function staffOf<P extends ChainPerson>(all: readonly P[], managerId: string): P[] {
  const byId = new Map(all.map((p) => [p.id, p]));
  return all.filter((p) => {
    const seen = new Set<string>();
    for (let m = p.managerId; m !== null && !seen.has(m); m = byId.get(m)?.managerId ?? null) {
      if (m === managerId) return p.id !== managerId;
      seen.add(m);
    }
    return false;
  });
}
