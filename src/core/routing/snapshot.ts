// A RoutingWorld over plain in-memory data: the directory, the absences, registrations and the
// few per-person facts routing needs. Prepared once (maps, presence schedules), then viewed at
// the instant of each call. For `calls/` when it holds its world in memory, and for tests and
// the benchmark.
import type { DirectoryState } from '../directory/types.js';
import type { MunicipalityProfile } from '../policy/index.js';
import { PresenceSchedule, type Absence, type PresenceStatus } from '../presence/index.js';
import { Temporal, type Instant } from '../time.js';
import { numberKey } from './numbers.js';
import type { ApprovalKind, FunctionFacts, NumberTarget, PersonFacts, RoutingWorld, UnitFacts } from './world.js';

export interface RecordedApproval {
  personId: string;
  kind: ApprovalKind;
  /** None: valid until withdrawn. */
  validUntil?: Instant | null;
}

export interface WorldSnapshot {
  profile: MunicipalityProfile;
  /** People, functions (members in ring order) and units; numbers come from here. */
  directory: DirectoryState;
  /** Per function; a function not listed rings together, has no overflow and no own hours. */
  functionSettings?: ReadonlyMap<string, Partial<Pick<FunctionFacts, 'ringStrategy' | 'overflow' | 'phoneHours'>>>;
  /** Per unit; a unit not listed has no special phone hours and no reception. */
  unitSettings?: ReadonlyMap<string, Partial<Pick<UnitFacts, 'phoneHours' | 'receptionFunctionId'>>>;
  /** Registered contacts per person; a person not listed has none. */
  registeredContacts: ReadonlyMap<string, number>;
  absences: ReadonlyMap<string, readonly Absence[]>;
  /** P-VM-1: people whose voicemail a manager turned off. */
  voicemailDisabled?: ReadonlySet<string>;
  /** P-VM-2: people with a recorded personal greeting. */
  greetings?: ReadonlySet<string>;
  nameClips?: ReadonlySet<string>;
  approvals?: readonly RecordedApproval[];
}

const AVAILABLE: PresenceStatus = { state: 'available', next: null };

export class SnapshotWorld {
  private readonly people = new Map<string, PersonFacts>();
  private readonly functions = new Map<string, FunctionFacts>();
  private readonly units = new Map<string, UnitFacts>();
  private readonly numbers = new Map<string, NumberTarget>();
  private readonly schedules = new Map<string, PresenceSchedule>();
  private readonly approvals = new Map<string, RecordedApproval[]>();

  constructor(private readonly snapshot: WorldSnapshot) {
    const s = snapshot;
    const addNumber = (n: string | undefined, target: NumberTarget) => {
      const key = n === undefined ? null : numberKey(n);
      if (key !== null) this.numbers.set(key, target);
    };
    for (const p of s.directory.people) {
      this.people.set(p.id, {
        id: p.id,
        ...(p.unitId === undefined ? {} : { unitId: p.unitId }),
        functionIds: p.functionIds,
        registeredContacts: s.registeredContacts.get(p.id) ?? 0,
        mobileExtension: p.mobileExtension,
        voicemailEnabled: !(s.voicemailDisabled?.has(p.id) ?? false),
        hasGreeting: s.greetings?.has(p.id) ?? false,
        hasNameClip: s.nameClips?.has(p.id) ?? false,
      });
      addNumber(p.extension, { kind: 'person', personId: p.id });
      addNumber(p.directNumber, { kind: 'person', personId: p.id });
    }
    for (const f of s.directory.functions) {
      const settings = s.functionSettings?.get(f.id) ?? {};
      this.functions.set(f.id, {
        id: f.id,
        ...(f.unitId === undefined ? {} : { unitId: f.unitId }),
        memberIds: f.memberIds,
        ringStrategy: settings.ringStrategy ?? 'together',
        overflow: settings.overflow ?? null,
        phoneHours: settings.phoneHours ?? null,
      });
      addNumber(f.extension, { kind: 'function', functionId: f.id });
      addNumber(f.directNumber, { kind: 'function', functionId: f.id });
    }
    for (const u of s.directory.units) {
      const settings = s.unitSettings?.get(u.id) ?? {};
      this.units.set(u.id, {
        id: u.id,
        ...(u.parentId === undefined ? {} : { parentId: u.parentId }),
        phoneHours: settings.phoneHours ?? null,
        receptionFunctionId: settings.receptionFunctionId ?? null,
      });
    }
    for (const a of s.approvals ?? []) {
      const list = this.approvals.get(a.personId) ?? [];
      list.push(a);
      this.approvals.set(a.personId, list);
    }
  }

  private schedule(personId: string): PresenceSchedule | null {
    let sch = this.schedules.get(personId);
    if (sch === undefined) {
      const absences = this.snapshot.absences.get(personId);
      if (absences === undefined || absences.length === 0) return null;
      sch = new PresenceSchedule(absences);
      this.schedules.set(personId, sch);
    }
    return sch;
  }

  /** The world as it is at `at`. */
  at(at: Instant): RoutingWorld {
    return {
      profile: this.snapshot.profile,
      lookupNumber: (key) => this.numbers.get(key),
      person: (id) => this.people.get(id),
      presenceOf: (id) => this.schedule(id)?.at(at) ?? AVAILABLE,
      serviceFunction: (id) => this.functions.get(id),
      unit: (id) => this.units.get(id),
      hasApproval: (personId, kind, when) =>
        (this.approvals.get(personId) ?? []).some(
          (a) => a.kind === kind && (a.validUntil == null || Temporal.Instant.compare(when, a.validUntil) < 0),
        ),
    };
  }
}
