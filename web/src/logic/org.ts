// The organisation as a tree for lists and pickers: each unit after its parent, indented by
// depth, in Swedish name order among siblings.
export interface OrgUnit {
  id: string;
  name: string;
  parentId: string | null;
}

export interface UnitOption {
  id: string;
  depth: number;
  /** The name indented with non-breaking spaces (an option cannot hold markup). */
  label: string;
}

export function unitOptions(units: readonly OrgUnit[]): UnitOption[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of units) {
    // A parent that is not in the list makes the unit a root rather than lose it.
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitOption[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'sv'))) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ id: u.id, depth, label: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${u.name}` });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
