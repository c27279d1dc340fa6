// The RoutingWorld call control plans with (src/core/routing/world.ts), over the store.
//
// Post-dial delay is the budget here (issue 4: p99 <= 10 ms added by routing), so what changes
// rarely is prepared once per municipality and kept: the directory as the core's
// SnapshotWorld (numbers, people, functions, units), the units' phone hours and receptions,
// voicemail exceptions (P-VM-1), greetings (P-VM-2), name clips and approvals (P-COST-2,
// P-COST-3). It is dropped when the directory changes (`directory.changed` on the bus), a
// greeting changes (`voicemail.greeting`), the profile is saved, or after `maxAgeMs` (for
// approvals and name clips, which no event announces). What changes by the minute is read
// for every call: the registered phones (sip_bindings) and presence (the presence service's
// own cache, refreshed on every change).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { closesAt, isOpen, nextOpening, type HoursSettings } from '../core/hours/index.js';
import type { MunicipalityProfile } from '../core/policy/index.js';
import type { DiversionTarget } from '../core/presence/index.js';
import { SnapshotWorld, type FunctionFacts, type RecordedApproval, type RoutingWorld, type UnitFacts } from '../core/routing/index.js';
import { Temporal, type Instant } from '../core/time.js';
import type { AppContext } from '../http/context.js';
import { nameClipPath } from '../prompts/library.js';
import { fromIso, toIso } from '../store/index.js';

/** How long a prepared world is used at most before it is read again (approvals, name clips). */
export const WORLD_MAX_AGE_MS = 60_000;

/** Events after which a prepared world is read again. */
const STALE_AFTER: ReadonlySet<string> = new Set(['directory.changed', 'voicemail.greeting']);

interface Prepared {
  profile: MunicipalityProfile;
  snapshot: SnapshotWorld;
  builtAt: number;
  /** The switchboard's current spell, open or closed, from `from` until `until` (P-SWB-8). */
  switchboard?: { from: Instant; until: Instant; open: boolean };
}

function parseJson<T>(json: string | null): T | null {
  if (json === null || json === '') return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

export class RoutingWorlds {
  private readonly prepared = new Map<string, Promise<Prepared>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: { maxAgeMs?: number; clock?: () => number } = {},
  ) {}

  private get nowMs(): number {
    return this.opts.clock?.() ?? performance.now();
  }

  /** Listens on the bus for changes that make a prepared world stale. */
  start(): this {
    if (!this.unsubscribe) {
      const events = this.ctx.bus.subscribe((e) => {
        if (STALE_AFTER.has(e.type)) this.forget(e.audience.tenantId);
      });
      const gaps = this.ctx.bus.onGap(() => this.forget());
      this.unsubscribe = () => {
        events();
        gaps();
      };
    }
    return this;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Drops the prepared world of a municipality (or of all). */
  forget(tenantId?: string): void {
    if (tenantId === undefined) this.prepared.clear();
    else this.prepared.delete(tenantId);
  }

  /** The world as a call at `at` sees it. */
  async at(tenantId: string, at: Instant): Promise<RoutingWorld> {
    const [prepared, presence, contacts] = await Promise.all([this.prepare(tenantId), this.ctx.presence.statusLookup(tenantId, at), this.registeredContacts(tenantId, at)]);
    const base = prepared.snapshot.at(at);
    return {
      ...base,
      person: (id) => {
        const p = base.person(id);
        return p && { ...p, registeredContacts: contacts.get(id) ?? 0 };
      },
      presenceOf: presence,
      switchboardOpen: (t) => this.switchboardOpen(prepared, t),
    };
  }

  /**
   * Is the switchboard open (P-SWB-8)? The hours module answers once per spell: while it is
   * open until its closing (or closed until its next opening) the answer is kept, so a
   * lunch break, a night or a holiday weekend is worked out once, not for every call.
   */
  private switchboardOpen(prepared: Prepared, at: Instant): boolean {
    const spell = prepared.switchboard;
    if (spell && Temporal.Instant.compare(spell.from, at) <= 0 && Temporal.Instant.compare(at, spell.until) < 0) return spell.open;
    const hours = prepared.profile.switchboardHours;
    const open = isOpen(at, hours);
    const until = open ? closesAt(at, hours) : nextOpening(at, hours);
    // No end within the hours module's search: not kept, asked again next time.
    if (until === null) delete prepared.switchboard;
    else prepared.switchboard = { from: at, until, open };
    return open;
  }

  /**
   * Live bindings per person, read for every call (phones come and go by the minute). Counted
   * here rather than with GROUP BY, which costs the store about twice as much.
   */
  private async registeredContacts(tenantId: string, at: Instant): Promise<Map<string, number>> {
    const rows = await this.ctx.store.db.selectFrom('sip_bindings').select('person_id')
      .where('tenant_id', '=', tenantId).where('expires_at', '>', toIso(at)).execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.person_id, (counts.get(r.person_id) ?? 0) + 1);
    return counts;
  }

  private async prepare(tenantId: string): Promise<Prepared> {
    const tenant = await this.ctx.tenants.get(tenantId);
    let p = this.prepared.get(tenantId);
    if (p) {
      const current = await p.catch(() => undefined);
      // A saved profile is a new object (TenantDirectory drops its cache on save).
      if (current && current.profile === tenant.profile && this.nowMs - current.builtAt < (this.opts.maxAgeMs ?? WORLD_MAX_AGE_MS)) return current;
      if (this.prepared.get(tenantId) === p) this.prepared.delete(tenantId);
    }
    p = this.prepared.get(tenantId);
    if (!p) {
      p = this.build(tenantId, tenant.slug, tenant.profile);
      this.prepared.set(tenantId, p);
      p.catch(() => {
        if (this.prepared.get(tenantId) === p) this.prepared.delete(tenantId);
      });
    }
    return p;
  }

  private async build(tenantId: string, slug: string, profile: MunicipalityProfile): Promise<Prepared> {
    const builtAt = this.nowMs;
    const db = this.ctx.store.db;
    const [directory, functions, units, voicemailOff, greetings, approvals, nameClips] = await Promise.all([
      this.ctx.directory.state(tenantId),
      this.ctx.directory.functions(tenantId),
      db.selectFrom('units').select(['id', 'phone_hours_json', 'reception_function_id']).where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('voicemail_enabled', '=', 0).execute(),
      db.selectFrom('voicemail_greetings').select('person_id').where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('approvals').select(['person_id', 'kind', 'valid_until']).where('tenant_id', '=', tenantId).execute(),
      this.nameClips(slug),
    ]);
    const functionSettings = new Map<string, Partial<Pick<FunctionFacts, 'ringStrategy' | 'overflow' | 'phoneHours'>>>();
    for (const f of functions) functionSettings.set(f.fn.id, { ringStrategy: f.ringStrategy, overflow: (f.overflow as DiversionTarget | null) ?? null });
    const unitSettings = new Map<string, Partial<Pick<UnitFacts, 'phoneHours' | 'receptionFunctionId'>>>();
    for (const u of units) unitSettings.set(u.id, { phoneHours: parseJson<HoursSettings>(u.phone_hours_json), receptionFunctionId: u.reception_function_id });
    const snapshot = new SnapshotWorld({
      profile,
      directory,
      functionSettings,
      unitSettings,
      registeredContacts: new Map(),
      absences: new Map(),
      voicemailDisabled: new Set(voicemailOff.map((r) => r.id)),
      greetings: new Set(greetings.map((r) => r.person_id)),
      nameClips,
      approvals: approvals.map((a): RecordedApproval => ({ personId: a.person_id, kind: a.kind, validUntil: a.valid_until === null ? null : fromIso(a.valid_until) })),
    });
    return { profile, snapshot, builtAt };
  }

  /** People with a name clip: one directory listing instead of a look per person. */
  private async nameClips(slug: string): Promise<Set<string>> {
    const dir = path.dirname(nameClipPath(this.ctx.config.dataDir, slug, 'x'));
    try {
      return new Set((await readdir(dir)).filter((f) => f.endsWith('.wav')).map((f) => f.slice(0, -4)));
    } catch {
      return new Set();
    }
  }
}
