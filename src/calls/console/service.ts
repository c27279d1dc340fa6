// The operator console's call actions as a service (ConsolePort for call control, actions for
// the HTTP routes): which calls the console holds, who may do what to them, the audit trail
// and the console.call events that keep every console live.
//
// Who may act: the operator who holds a call (talking, holding, consulting); any operator
// takes a parked call (or transfers it, or sends it to voicemail). Every action is audited.
import { planCall } from '../../core/routing/index.js';
import type { Actor, AppContext } from '../../http/context.js';
import { conflict, HttpError, notFound } from '../../http/errors.js';
import { audit } from '../../services/audit/audit.js';
import type { CallControl } from '../control.js';
import type { CallRun, ExecutorDeps } from '../executor.js';
import type { CalleeLeg } from '../leg.js';
import { ConsoleCall, DEFAULT_CONSOLE_SETTINGS, type ConsoleSettings, type Desk, type ResolvedTarget } from './call.js';
import type { ConsolePort, OperatorAnswered } from './port.js';
import type { ConsoleCallView, ConsolePhase, ConsoleTarget, VoicemailTarget } from './view.js';

export type ConsoleAction =
  | { kind: 'transfer' | 'consult'; target: ConsoleTarget }
  | { kind: 'camp-on'; personId: string }
  | { kind: 'voicemail'; target: VoicemailTarget }
  | { kind: 'connect' | 'back' | 'hold' | 'park' | 'retrieve' | 'hangup' };

/** In which phases an action makes sense, and whether only the operator holding the call may take it. */
const ALLOWED: Record<ConsoleAction['kind'], { phases: readonly ConsolePhase[]; anyOperatorWhenParked: boolean; sv: string }> = {
  transfer: { phases: ['talking', 'held', 'parked'], anyOperatorWhenParked: true, sv: 'Samtalet kan inte kopplas just nu.' },
  consult: { phases: ['talking', 'held'], anyOperatorWhenParked: false, sv: 'Förfrågan går bara när du har samtalet i din telefon.' },
  'camp-on': { phases: ['talking', 'held', 'parked'], anyOperatorWhenParked: true, sv: 'Samtalet kan inte vänta på ledig just nu.' },
  voicemail: { phases: ['talking', 'held', 'parked'], anyOperatorWhenParked: true, sv: 'Samtalet kan inte kopplas till röstbrevlådan just nu.' },
  connect: { phases: ['consulting'], anyOperatorWhenParked: false, sv: 'Det finns ingen förfrågan att koppla ihop.' },
  back: { phases: ['consulting', 'held'], anyOperatorWhenParked: false, sv: 'Det finns inget att gå tillbaka från.' },
  hold: { phases: ['talking'], anyOperatorWhenParked: false, sv: 'Bara ett pågående samtal kan parkeras i väntan.' },
  park: { phases: ['talking', 'held'], anyOperatorWhenParked: false, sv: 'Samtalet kan inte parkeras just nu.' },
  retrieve: { phases: ['parked', 'held'], anyOperatorWhenParked: true, sv: 'Samtalet är inte parkerat.' },
  hangup: { phases: ['talking', 'held', 'parked'], anyOperatorWhenParked: true, sv: 'Samtalet kan inte avslutas härifrån just nu.' },
};

export interface ColleagueView {
  id: string;
  name: string;
  extension: string | null;
  available: boolean;
  reason: string | null;
  returnsAt: string | null;
  /** In a call that we carry just now. */
  onThePhone: boolean;
}

export class ConsoleService implements ConsolePort {
  #control: CallControl | undefined;
  #deps: ExecutorDeps | undefined;
  #settings: ConsoleSettings;
  readonly #calls = new Map<string, ConsoleCall>();
  /** Actions on one call run one at a time. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: AppContext,
    settings: Partial<ConsoleSettings> = {},
  ) {
    this.#settings = { ...DEFAULT_CONSOLE_SETTINGS, ...settings };
  }

  /** Changes the timings (tests shorten them); applies to calls answered from now on. */
  configure(settings: Partial<ConsoleSettings>): void {
    this.#settings = { ...this.#settings, ...settings };
  }

  get settings(): ConsoleSettings {
    return this.#settings;
  }

  // ---- ConsolePort ---------------------------------------------------------------------------

  attach(control: CallControl, deps: ExecutorDeps): void {
    this.#control = control;
    this.#deps = deps;
  }

  answered(input: OperatorAnswered): Promise<{ endedBy: 'caller' | 'callee' | 'system' }> {
    const call = new ConsoleCall(this.#desk(), input);
    this.#calls.set(call.callId, call);
    void call.done.then(() => {
      this.#calls.delete(call.callId);
      this.#queues.delete(call.callId);
    });
    return call.done;
  }

  #desk(): Desk {
    const control = this.#control;
    const deps = this.#deps;
    if (!control || !deps) throw new Error('the operator console is not attached to call control');
    const sw = this.ctx.switchboard;
    return {
      control, deps, settings: this.#settings,
      changed: (call) => {
        // Callers' numbers are for the switchboard (P-SEC-2 in spirit), like the queue's.
        this.ctx.bus.publish({ type: 'console.call', call: call.view() }, { tenantId: call.tenantId, roles: ['operator', 'admin'] });
      },
      agentBusy: (tenantId, personId, callId) => sw.agentBusy(personId, tenantId, callId),
      agentFree: (tenantId, personId) => sw.agentFree(personId, tenantId),
      agentOccupied: (tenantId, personId) => sw.isAgentBusy(tenantId, personId),
      onThePhone: (tenantId, personId) => this.onThePhone(tenantId).has(personId),
      recallSeconds: async (tenantId) => (await this.ctx.tenants.get(tenantId)).profile.queue.recallSeconds ?? this.#settings.recallSeconds,
      person: async (tenantId, personId) => {
        const p = (await this.ctx.directory.person(tenantId, personId)).person;
        return { extension: p.extension ?? null, name: `${p.firstName} ${p.lastName}` };
      },
    };
  }

  // ---- what consoles see ---------------------------------------------------------------------

  /** The calls the console holds in a municipality (ended ones leave at once). */
  calls(tenantId: string): ConsoleCallView[] {
    return [...this.#calls.values()].filter((c) => c.tenantId === tenantId && !c.isOver).map((c) => c.view());
  }

  /** Everyone in a call we carry just now: ringing does not count, talking, holding and dialling do. */
  onThePhone(tenantId: string): Set<string> {
    const out = new Set<string>();
    for (const run of this.#control?.calls ?? []) {
      if (run.setup.tenant.id !== tenantId) continue;
      addParticipants(run, out);
    }
    for (const c of this.#calls.values()) {
      if (c.tenantId !== tenantId || c.isOver) continue;
      if (c.operatorId && c.involves(c.operatorId)) out.add(c.operatorId);
      for (const id of c.target?.id ? [c.target.id] : []) if (c.involves(id)) out.add(id);
    }
    return out;
  }

  /** P-SWB-3: the person's colleagues in each of their functions, free ones first. */
  async colleagues(actor: Actor, personId: string): Promise<{ personId: string; functions: { id: string; name: string; members: ColleagueView[] }[] }> {
    const tenantId = actor.tenantId;
    const [rec, functions, statusOf, lookups] = await Promise.all([
      this.ctx.directory.person(tenantId, personId), this.ctx.directory.functions(tenantId),
      this.ctx.presence.statusLookup(tenantId), this.ctx.directory.lookups(tenantId),
    ]);
    const busy = this.onThePhone(tenantId);
    const mine = functions.filter((f) => rec.person.functionIds.includes(f.fn.id) || f.fn.memberIds.includes(personId));
    return {
      personId,
      functions: mine.map((f) => ({
        id: f.fn.id,
        name: f.fn.name,
        members: f.fn.memberIds.filter((id) => id !== personId).flatMap((id): ColleagueView[] => {
          const p = lookups.person(id)?.person;
          if (!p) return [];
          const s = statusOf(id);
          return [{
            id, name: `${p.firstName} ${p.lastName}`, extension: p.extension ?? null, available: s.state === 'available',
            reason: s.state === 'absent' ? s.reason : null, returnsAt: s.state === 'absent' ? s.returnsAt.toString() : null, onThePhone: busy.has(id),
          }];
        }).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'sv')),
      })),
    };
  }

  // ---- actions -------------------------------------------------------------------------------

  /** One action of an operator on a call; resolves with the call as it is after the action began. */
  act(actor: Actor, callId: string, action: ConsoleAction): Promise<ConsoleCallView> {
    const prev = this.#queues.get(callId) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(() => this.#act(actor, callId, action));
    this.#queues.set(callId, next);
    return next;
  }

  async #act(actor: Actor, callId: string, action: ConsoleAction): Promise<ConsoleCallView> {
    const me = actor.personId;
    if (!me) throw new HttpError(403, 'forbidden', 'Bara en inloggad telefonist kan hantera samtal.', 'Console actions need a person (not an API token).');
    const call = this.#calls.get(callId);
    if (!call || call.tenantId !== actor.tenantId || call.isOver) throw notFound('call');
    const rule = ALLOWED[action.kind];
    if (!rule.phases.includes(call.phase)) throw conflict(rule.sv, `${action.kind} is not possible while the call is ${call.phase}.`);
    const parked = call.phase === 'parked';
    if (!(parked && rule.anyOperatorWhenParked) && call.operatorId !== me) {
      throw new HttpError(403, 'forbidden', 'Samtalet hanteras av en annan telefonist.', `The call is handled by ${call.operatorId ?? 'nobody'}; only that operator may ${action.kind} it.`);
    }
    const tenantId = actor.tenantId;
    let detail: Record<string, unknown> = {};
    switch (action.kind) {
      case 'transfer':
      case 'consult': {
        const t = await this.#resolve(tenantId, action.target);
        detail = { target: t.view };
        if (action.kind === 'transfer') await call.transfer(t, me);
        else {
          if (!call.hasOperatorPhone) throw conflict(rule.sv, 'The operator\'s phone is not in the call.');
          await call.consult(t, me);
        }
        break;
      }
      case 'camp-on': {
        const t = await this.#resolve(tenantId, { kind: 'person', personId: action.personId });
        detail = { target: t.view };
        await call.campOn(t, me);
        break;
      }
      case 'voicemail': {
        if (!this.#deps?.ports.voicemail) throw conflict('Röstbrevlådan är inte igång.', 'No voicemail module is attached to call control.');
        const { box, view } = await this.#voicemailBox(actor, action.target);
        detail = { target: view };
        void call.voicemail(box, view);
        break;
      }
      case 'connect':
        if (!call.connectToTarget()) throw conflict('Vänta tills den du ringer har svarat, eller koppla direkt.', 'The consulted person has not answered yet.');
        break;
      case 'back':
        call.back(me);
        break;
      case 'hold':
        call.hold();
        break;
      case 'park':
        call.park(me);
        break;
      case 'retrieve':
        if (call.phase === 'parked' && (await this.#deps!.bindings.liveForPerson(tenantId, me, this.ctx.clock.now())).length === 0) {
          throw conflict('Din telefon är inte registrerad: samtalet kan inte ringa hos dig.', 'The operator has no registered phone to ring.');
        }
        call.retrieve(me);
        break;
      case 'hangup':
        call.hangUp();
        break;
    }
    await audit(this.ctx.store.db, actor, tenantId, this.ctx.clock.now(), { action: `switchboard.call.${action.kind}`, entity: 'call', entityId: callId, detail });
    return call.view();
  }

  /** Where a transfer goes: a person's or function's number, or a number as given. */
  async #resolve(tenantId: string, target: ConsoleTarget): Promise<ResolvedTarget> {
    switch (target.kind) {
      case 'person': {
        const p = (await this.ctx.directory.person(tenantId, target.personId)).person;
        const name = `${p.firstName} ${p.lastName}`;
        if (!p.extension) throw conflict(`${name} har ingen anknytning att koppla till.`, 'The person has no extension.');
        return { dial: p.extension, view: { kind: 'person', id: p.id, name }, personId: p.id };
      }
      case 'function': {
        const f = (await this.ctx.directory.functions(tenantId)).find((x) => x.fn.id === target.functionId)?.fn;
        if (!f) throw notFound('function');
        const dial = f.extension ?? f.directNumber;
        if (!dial) throw conflict(`${f.name} har inget nummer att koppla till.`, 'The function has no number.');
        return { dial, view: { kind: 'function', id: f.id, name: f.name } };
      }
      case 'number': {
        const dial = target.number.replace(/[\s-]/g, '');
        if (!/^\+?\d{2,15}$/.test(dial)) throw new HttpError(400, 'bad-request', 'Ange ett telefonnummer med siffror.', 'The number must be 2 to 15 digits, optionally with a leading +.');
        return { dial, view: { kind: 'number', id: null, name: target.number.trim() } };
      }
    }
  }

  /** The box the plan would end in (P-VM-1: a recorded exception sends it elsewhere), else the one named. */
  async #voicemailBox(actor: Actor, target: VoicemailTarget) {
    const tenantId = actor.tenantId;
    if (target.kind === 'switchboard') return { box: { kind: 'switchboard' } as const, view: { kind: 'voicemail' as const, id: null, name: 'Växelns röstbrevlåda' } };
    if (target.kind === 'function') {
      const t = await this.#resolve(tenantId, target);
      return { box: { kind: 'function', functionId: target.functionId } as const, view: { kind: 'voicemail' as const, id: target.functionId, name: t.view.name } };
    }
    const t = await this.#resolve(tenantId, target);
    const at = this.ctx.clock.now();
    const world = await this.#deps!.worlds.at(tenantId, at);
    const plan = planCall({ caller: { number: t.dial, ...(actor.personId ? { personId: actor.personId } : {}) }, dialled: t.dial, internal: true, at, origin: { kind: 'internal' } }, world);
    const last = plan.steps.at(-1);
    const box = last?.kind === 'voicemail' ? last.box : { kind: 'person' as const, personId: target.personId, greeting: 'standard' as const };
    return { box, view: { kind: 'voicemail' as const, id: target.personId, name: t.view.name } };
  }
}

/** Free colleagues first, then those on the phone, then absent ones. */
function rank(c: ColleagueView): number {
  return !c.available ? 2 : c.onThePhone ? 1 : 0;
}

/** People in a run's conversation or dialling out: the caller (if one of ours) and answered callees. */
function addParticipants(run: CallRun, out: Set<string>): void {
  if (run.setup.caller.personId && run.legs.has(run.party) && !run.party.isEnded) out.add(run.setup.caller.personId);
  for (const leg of run.legs) {
    if (leg.side !== 'callee' || leg.isEnded) continue;
    const id = (leg as CalleeLeg).reached.personId;
    if (id) out.add(id);
  }
}
