// What a call reports to the call records (CallRecordsPort), kept off the call's critical
// path: every report is queued behind the one before it (a leg's ringing after its start,
// the end after everything), so signalling never waits for a database write, and a failing
// write is logged, never allowed to drop a call.
import type { PlanStep } from '../core/routing/index.js';
import type { Instant } from '../core/time.js';
import { newId } from '../store/index.js';
import type { CallOutcome } from '../store/schema.js';
import type { CallRecordsPort } from './ports.js';

/** What a leg's step ended with (call_legs.outcome). */
export type LegOutcome = 'answered' | 'no-answer' | 'busy' | 'cancelled' | 'failed' | 'played' | 'recorded';

export interface StepReport {
  ringing(at: Instant): void;
  answered(at: Instant, answeredBy?: string): void;
  ended(at: Instant, outcome: LegOutcome): void;
}

/** Without a call-records module: ids are made up and nothing is stored. */
export const noCallRecords: CallRecordsPort = {
  begin: async () => newId(),
  stepStarted: async () => newId(),
  legRinging: async () => undefined,
  legAnswered: async () => undefined,
  legEnded: async () => undefined,
  end: async () => undefined,
};

export class CallReports {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly id: Promise<string>;

  constructor(
    private readonly port: CallRecordsPort,
    begin: Parameters<CallRecordsPort['begin']>[0],
    private readonly log: (event: string, data: Record<string, unknown>) => void,
  ) {
    this.id = port.begin(begin);
    // Without a record id nothing else can be written; a made-up id keeps the call going.
    const settled = this.id.catch((error: unknown) => {
      this.failed('begin', error);
      return newId();
    });
    this.recordId = () => settled;
    this.chain = settled;
  }

  /** The call record's id (call_records.id), once `begin` has answered. */
  readonly recordId: () => Promise<string>;

  private failed(what: string, error: unknown): void {
    this.log('call.record-failed', { what, error: error instanceof Error ? error.message : String(error) });
  }

  private then(what: string, work: () => Promise<unknown>): Promise<unknown> {
    const next = this.chain.then(work).catch((error: unknown) => this.failed(what, error));
    this.chain = next;
    return next;
  }

  step(input: { stepIndex: number; step: PlanStep; personId?: string; functionId?: string; number?: string; at: Instant }): StepReport {
    let legId: string | undefined;
    void this.then('stepStarted', async () => {
      legId = await this.port.stepStarted(await this.recordId(), input);
    });
    const withLeg = (what: string, work: (id: string) => Promise<void>) => void this.then(what, async () => (legId === undefined ? undefined : work(legId)));
    let over = false;
    let rang = false;
    return {
      // P-SWB-1 counts from the first ring: later ringing of the same step (the next operator) is not reported.
      ringing: (at) => {
        if (rang) return;
        rang = true;
        withLeg('legRinging', (id) => this.port.legRinging(id, at));
      },
      answered: (at, by) => withLeg('legAnswered', (id) => this.port.legAnswered(id, at, by)),
      ended: (at, outcome) => {
        if (over) return;
        over = true;
        withLeg('legEnded', (id) => this.port.legEnded(id, at, outcome));
      },
    };
  }

  /** The call ended; resolves when every report before it has been written. */
  async end(input: { at: Instant; outcome: CallOutcome; endedBy: 'caller' | 'callee' | 'system' }): Promise<void> {
    await this.then('end', async () => this.port.end(await this.recordId(), input));
  }
}
