// Voicemail on the phone (VoicemailPort, src/calls/ports.ts): leaving a message, listening
// by phone, and completing after a crash what a crash cut short.
//
// Leaving a message (P-VM-1, P-VM-2): the greeting is the person's own recording when there
// is one; otherwise it is built: "Du har kommit till röstbrevlådan för <name or extension>
// <unit>. Den du söker är på möte och är åter i dag klockan fjorton och trettio. Lämna ett
// meddelande efter tonen." A function's box names the function, the switchboard's says
// "växeln". Then the beep, and the recording, written as it arrives, with its row inserted
// first (complete = 0) so a crash leaves the message listed. Recording stops when the
// caller hangs up, presses '#', or the profile's maximum length passes. Less than a second,
// or nothing but silence, is no message and is discarded. A kept message is completed,
// creates its call-back (P-CB-1), and is announced on the bus (the web apps and the phones'
// message lamps follow the bus) and by e-mail with the recording attached.
//
// Whose call-back: a person's box, the person's. A function's box, the function's first
// member in ring order, and every member may listen to and handle it. The switchboard's box,
// an operator: one logged in as available, else the first by name; all operators reach it.
//
// Listening by phone (P-VM-3, P-SEC-1): a caller who is not known asks for the box number
// (the extension) and PIN (hashed; the automatic operator's PIN check, throttled in the
// store, and three tries per call). The menu follows the prompt clips: at the top, 1 listens
// and 0 records a new greeting; after each message 4 plays it again, 3 goes to the next,
// 7 deletes it, 9 marks its call-back done; '*' goes back (and at the top ends the call).
// A message played is marked heard (P-VM-5). Only people's own boxes are reached by phone;
// function and switchboard boxes are listened to on the web.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AnchoredCaller, VoicemailPort } from '../../calls/ports.js';
import type { VoicemailBox } from '../../core/routing/index.js';
import type { Instant } from '../../core/time.js';
import type { Actor, AppContext, Role } from '../../http/context.js';
import { Clip, decode, HeldAudio, loadClip, Recording, recoverRecordings, repairWav, sidecarPath, type RecordingMeta, type RtpKind, type RtpPacket } from '../../media/index.js';
import type { PromptLibrary } from '../../prompts/library.js';
import { nameClip, sayAbsence, sayLeaveMessage, sayMessageCount, sayMessageHeader, sayWho, type Plan, type Who } from '../../prompts/say.js';
import { fromIso, newId, toIso } from '../../store/index.js';
import { DigitReader, DEFAULT_TIMING, type IvrDeps, type IvrTiming } from '../../calls/ivr/index.js';
import { playAudio, say, whoOf } from '../../calls/ivr/speak.js';
import { verifyPhonePin } from '../../calls/ivr/pin.js';
import { GREETING_MAX_SECONDS, GREETING_MIN_MS } from './audio.js';
import { isSilent } from '../../media/convert.js';
import { boxOf, VoicemailBoxes, type BoxRef, type MessageRow } from './boxes.js';
import { composeVoicemailMail, smtpMailer, type Mailer } from './mailer.js';

/** Without a profile setting: three minutes (P-VM-1 leaves the length to the profile). */
export const DEFAULT_MAX_MESSAGE_SECONDS = 180;
/** Shorter than this is a caller who hung up at the tone, not a message. */
export const MIN_MESSAGE_MS = 1000;
export const PIN_TRIES_PER_CALL = 3;

/**
 * Lets timers run. The SQLite driver answers synchronously, so a message's queries would run
 * as one chain of microtasks; a burst of calls starting or ending together would then hold
 * the event loop and every other call's audio would go out late. Work is cut at these points.
 */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const APOLOGY: Plan = ['call.try-later', 'silence.200', 'call.goodbye'];
const GOODBYE: Plan = ['call.goodbye'];

export interface VoicemailServiceOptions {
  prompts: PromptLibrary;
  /** Default: SMTP from the configuration (OV_SMTP_URL), or none. */
  mailer?: Mailer | null;
  log?: (message: string, data?: Record<string, unknown>) => void;
  /** Tests shorten the waits for keys. */
  timing?: Partial<IvrTiming>;
}

export interface RecoveryReport {
  /** Messages cut short by a crash, now complete with their call-backs. */
  completed: string[];
  /** Rows whose recording was missing, too short or silent: removed. */
  discarded: string[];
}

interface BoxTarget {
  ref: BoxRef;
  greeting: (Int16Array | Plan)[];
}

export class VoicemailService implements VoicemailPort {
  readonly boxes: VoicemailBoxes;
  private readonly mailer: Mailer | null;
  private readonly pending = new Set<Promise<void>>();
  /** Messages being recorded now by this process: recovery leaves them alone. */
  private readonly recording = new Set<string>();
  private mailWarned = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: VoicemailServiceOptions,
  ) {
    this.boxes = new VoicemailBoxes(ctx);
    this.mailer = opts.mailer === undefined ? smtpMailer(ctx.config) : opts.mailer;
  }

  private log(message: string, data?: Record<string, unknown>): void {
    this.opts.log?.(message, data);
  }

  private get db() {
    return this.ctx.store.db;
  }

  /** Resolves when the e-mails and other work started by finished messages are done. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<void>): void {
    const p = work.catch((e: unknown) => this.log('voicemail background work failed', { error: String(e) })).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async deps(tenantId: string): Promise<IvrDeps> {
    const tenant = await this.ctx.tenants.get(tenantId);
    return { prompts: this.opts.prompts, ctx: this.ctx, tenantSlug: tenant.slug, profile: tenant.profile, ...(this.opts.timing ? { timing: this.opts.timing } : {}) };
  }

  private timing(): IvrTiming {
    return { ...DEFAULT_TIMING, ...this.opts.timing };
  }

  // ---- leaving a message --------------------------------------------------------------

  async leaveMessage(call: AnchoredCaller, box: VoicemailBox): Promise<{ messageId: string | null }> {
    let deps: IvrDeps | undefined;
    try {
      await turn();
      deps = await this.deps(call.tenantId);
      const target = await this.target(call, box, deps);
      if (!target) {
        await say(call, APOLOGY, deps);
        return { messageId: null };
      }
      // Keys pressed during the greeting are not kept: a '#' must not end the message at once.
      if ((await playAudio(call, await this.greetingClips(target.greeting, deps))) === 'hangup') return { messageId: null };
      return await this.record(call, target.ref, deps);
    } catch (error) {
      this.log('voicemail: leaving a message failed', { callId: call.callId, error: error instanceof Error ? error.message : String(error) });
      if (deps) await say(call, APOLOGY, deps).catch(() => undefined);
      return { messageId: null };
    }
  }

  private render(parts: readonly (Int16Array | Plan)[], deps: IvrDeps): Promise<Int16Array[]> {
    return Promise.all(parts.map((p) => (p instanceof Int16Array ? p : deps.prompts.assemble(p, deps.tenantSlug))));
  }

  /**
   * A greeting as clips shared by every call that hears the same one: the library keeps the
   * assembled sentence and its G.711 encoding (Clip), made once, not per call, which keeps a
   * burst of calls from blocking the pacing of the others; a re-recorded clip or name makes
   * it anew.
   */
  private greetingClips(parts: readonly (Int16Array | Plan)[], deps: IvrDeps): Promise<Clip[]> {
    return Promise.all(parts.map((p) => (p instanceof Int16Array ? new Clip(p) : deps.prompts.sentence(p, deps.tenantSlug))));
  }

  /** The box and its greeting; undefined when the box's owner no longer exists. */
  private async target(call: AnchoredCaller, box: VoicemailBox, deps: IvrDeps): Promise<BoxTarget | undefined> {
    const tenantId = call.tenantId;
    if (box.kind === 'switchboard') {
      return { ref: { kind: 'switchboard' }, greeting: [['vm.reached', 'target.switchboard', 'silence.500', ...sayLeaveMessage()]] };
    }
    if (box.kind === 'function') {
      const fn = await this.db.selectFrom('functions').select(['id', 'extension']).where('tenant_id', '=', tenantId).where('id', '=', box.functionId).executeTakeFirst();
      if (!fn) return undefined;
      const who: Who = (await this.hasName(deps, fn.id)) ? { name: nameClip(fn.id) } : { extension: fn.extension };
      return { ref: { kind: 'function', functionId: fn.id }, greeting: [this.reachedPlan(who, [])] };
    }
    const person = await this.db.selectFrom('people').select(['id', 'extension', 'unit_id']).where('tenant_id', '=', tenantId).where('id', '=', box.personId).where('deactivated_at', 'is', null).executeTakeFirst();
    if (!person) return undefined;
    const ref: BoxRef = { kind: 'person', personId: person.id };
    // P-VM-2: the person's own greeting first.
    const own = await this.boxes.greetingSamples(tenantId, person.id);
    if (own) return { ref, greeting: [own, ['silence.200', 'tone.beep']] };
    const who = await whoOf(call, person.id, deps);
    const unit = person.unit_id && (await this.hasName(deps, person.unit_id)) ? [nameClip(person.unit_id)] : [];
    await turn();
    const status = await this.ctx.presence.statusOf(tenantId, person.id, this.ctx.clock.now());
    // Whose box is said first, so the absence reads "Den du söker är på möte och är åter …".
    const absence: Plan = status.state === 'absent'
      ? [...sayAbsence({ who: {}, reason: status.reason, returnsAt: status.returnsAt, now: this.ctx.clock.now() }), 'silence.500']
      : [];
    return { ref, greeting: [this.reachedPlan(who, unit, absence)] };
  }

  /** "Du har kommit till röstbrevlådan för Anna Berg, Bygglov. [absence] Lämna ett meddelande efter tonen." */
  private reachedPlan(who: Who, unit: Plan, absence: Plan = []): Plan {
    const reached: Plan = who.name || who.extension ? ['vm.reached', ...sayWho(who), ...unit, 'silence.500'] : [];
    return [...reached, ...absence, ...sayLeaveMessage()];
  }

  private async hasName(deps: IvrDeps, key: string): Promise<boolean> {
    try {
      return await deps.prompts.hasNameClip(deps.tenantSlug, key);
    } catch {
      return false;
    }
  }

  private async record(call: AnchoredCaller, ref: BoxRef, deps: IvrDeps): Promise<{ messageId: string | null }> {
    // From the end of the tone on, before anything is awaited: what the caller says while the
    // row and the file are made is held for the recording, and '#' is read.
    const held = new HeldAudio(call.session);
    const reader = new DigitReader(call.session, call.hangup);
    // Whether anything above silence arrived, seen as it arrives (until the first loud frame),
    // so that completing a message need not read its recording back.
    let spoke = false;
    const listen = (packet: RtpPacket, kind: RtpKind): void => {
      const law = call.session.codec?.name;
      if (kind !== 'audio' || !law || spoke) return;
      if (!isSilent(decode(law, packet.payload))) {
        spoke = true;
        call.session.off('rtp', listen);
      }
    };
    call.session.on('rtp', listen);
    const tenantId = call.tenantId;
    const id = newId();
    const relative = this.boxes.messagePath(tenantId, id);
    const file = this.boxes.absolute(relative);
    try {
      await turn();
      const at = toIso(this.ctx.clock.now());
      // The row first: a crash from here on leaves the message listed (complete = 0).
      await this.db.insertInto('voicemail_messages').values({
        id, tenant_id: tenantId, box_kind: ref.kind,
        person_id: ref.kind === 'person' ? ref.personId : null, function_id: ref.kind === 'function' ? ref.functionId : null,
        call_id: call.callId || null, callback_id: null, caller_number: call.caller.number ?? '', caller_name: call.caller.name ?? null,
        received_at: at, duration_ms: 0, wav_path: relative, complete: 0, status: 'new', heard_at: null, deleted_at: null, notified_at: null,
        created_at: at, updated_at: at,
      }).execute();
      this.recording.add(id);
      let rec: Recording;
      try {
        rec = await Recording.start(call.session, { path: file, held, meta: { messageId: id, tenantId, box: ref, caller: call.caller, callId: call.callId }, now: () => this.ctx.clock.now() });
      } catch (error) {
        await this.db.deleteFrom('voicemail_messages').where('id', '=', id).execute();
        throw error;
      }
      const maxMs = (deps.profile.voicemail?.maxMessageSeconds || DEFAULT_MAX_MESSAGE_SECONDS) * 1000;
      const endedBy = await untilHash(reader, call, maxMs);
      const meta = await rec.stop({ endedBy });
      const kept = await this.complete(tenantId, id, meta.durationMs ?? 0, spoke);
      if (call.hangup.aborted) return { messageId: kept ? id : null };
      await say(call, kept ? ['vm.thanks', 'silence.200', 'call.goodbye'] : GOODBYE, deps);
      return { messageId: kept ? id : null };
    } finally {
      held.release();
      call.session.off('rtp', listen);
      reader.close();
      this.recording.delete(id);
    }
  }

  /**
   * Completes a recorded message: discards it when shorter than a second or silent (`spoke`
   * as seen live; after a crash the recording is read back); otherwise marks it complete
   * with its duration, creates its call-back (once), announces it on the bus and by e-mail.
   * Returns whether it was kept.
   */
  private async complete(tenantId: string, id: string, durationMs: number, spoke?: boolean): Promise<boolean> {
    await turn();
    const row = await this.db.selectFrom('voicemail_messages').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    const said = spoke ?? (await this.spokeIn(row.wav_path));
    if (!said || durationMs < MIN_MESSAGE_MS) {
      await this.db.deleteFrom('voicemail_messages').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      await this.boxes.removeFiles(row.wav_path);
      this.log('voicemail: nothing said, no message kept', { id, durationMs: Math.round(durationMs) });
      return false;
    }
    // The call-back before the row is marked complete: a crash in between leaves the row to
    // recovery, which finds this call-back by its recording instead of making a second one.
    await turn();
    const callback = await this.createCallback(tenantId, row);
    const now = toIso(this.ctx.clock.now());
    const values = { complete: 1 as const, duration_ms: Math.round(durationMs), callback_id: callback?.id ?? null, updated_at: now };
    await this.db.updateTable('voicemail_messages').set(values).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    const done: MessageRow = { ...row, ...values };
    const due = callback?.due ?? null;
    await turn();
    const box = boxOf(row);
    this.boxes.publish(tenantId, 'voicemail.left', id, box, await this.boxes.listenerIds(tenantId, box));
    this.track(this.sendMail(tenantId, done, due));
    return true;
  }

  private async spokeIn(relative: string): Promise<boolean> {
    const samples = await loadClip(this.boxes.absolute(relative)).catch(() => null);
    return samples?.ok === true && !isSilent(samples.value);
  }

  /** Who answers a message of this box (see the top of this file); null when nobody can. */
  private async callbackOwner(tenantId: string, box: BoxRef): Promise<string | null> {
    if (box.kind === 'person') return box.personId;
    if (box.kind === 'switchboard') {
      const available = await this.db.selectFrom('switchboard_agents').innerJoin('people', (j) => j.onRef('people.id', '=', 'switchboard_agents.person_id').onRef('people.tenant_id', '=', 'switchboard_agents.tenant_id'))
        .select('people.id').where('switchboard_agents.tenant_id', '=', tenantId).where('switchboard_agents.state', '=', 'available').where('people.deactivated_at', 'is', null)
        .orderBy('switchboard_agents.changed_at').executeTakeFirst();
      if (available) return available.id;
      const any = await this.db.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('role', '=', 'operator').where('deactivated_at', 'is', null)
        .orderBy('last_name').orderBy('first_name').executeTakeFirst();
      return any?.id ?? null;
    }
    return (await this.boxes.listeners(tenantId, box))[0]?.id ?? null;
  }

  /** P-CB-1: the message's call-back with its due date, created once (found by its recording after a crash). */
  private async createCallback(tenantId: string, row: MessageRow): Promise<{ id: string; due: Instant } | null> {
    const existing = await this.db.selectFrom('callbacks').select(['id', 'due_at']).where('tenant_id', '=', tenantId)
      .where((eb) => (row.callback_id ? eb('id', '=', row.callback_id) : eb('recording_path', '=', row.wav_path))).executeTakeFirst();
    if (existing) return { id: existing.id, due: fromIso(existing.due_at) };
    const box = boxOf(row);
    const owner = await this.callbackOwner(tenantId, box);
    if (!owner) {
      this.log('voicemail: nobody to call back for this box', { id: row.id, box: box.kind });
      return null;
    }
    let concerns = '';
    if (box.kind === 'function') {
      const fn = await this.db.selectFrom('functions').select('name').where('tenant_id', '=', tenantId).where('id', '=', box.functionId).executeTakeFirst();
      concerns = `Röstmeddelande till ${fn?.name ?? 'funktionen'}`;
    } else if (box.kind === 'switchboard') {
      concerns = 'Röstmeddelande till växeln';
    }
    // A withheld or odd caller number is no number to call back; the name may still say who.
    const number = /^\+?\d[\d ()-]*$/.test(row.caller_number) ? row.caller_number : undefined;
    const cb = await this.ctx.callbacks.takeMessage(null, tenantId, owner, {
      caller: { ...(row.caller_name ? { name: row.caller_name } : {}), ...(number ? { number } : {}) },
      concerns, source: 'voicemail', receivedAt: fromIso(row.received_at), recordingPath: row.wav_path,
    });
    return { id: cb.id, due: cb.due };
  }

  /** P-VM-1: an e-mail to each listener of the box, with the WAV attached. */
  private async sendMail(tenantId: string, row: MessageRow, due: Instant | null): Promise<void> {
    if (!this.mailer) {
      if (!this.mailWarned) this.log('voicemail: no SMTP server configured (OV_SMTP_URL): messages are not e-mailed');
      this.mailWarned = true;
      return;
    }
    const box = boxOf(row);
    const listeners = (await this.boxes.listeners(tenantId, box)).filter((l) => l.email);
    if (listeners.length === 0) return;
    const tenant = await this.ctx.tenants.get(tenantId);
    const fnName = box.kind === 'function'
      ? (await this.db.selectFrom('functions').select('name').where('tenant_id', '=', tenantId).where('id', '=', box.functionId).executeTakeFirst())?.name ?? 'funktionen'
      : '';
    for (const l of listeners) {
      const { subject, text } = composeVoicemailMail({
        firstName: l.firstName,
        box: box.kind === 'function' ? { kind: 'function', name: fnName } : { kind: box.kind },
        caller: { number: row.caller_number || null, name: row.caller_name },
        receivedAt: fromIso(row.received_at), durationMs: row.duration_ms, due,
        publicUrl: this.ctx.config.publicUrl, voicemailNumber: tenant.profile.numberPlan?.voicemailNumber ?? null,
      });
      const stamp = row.received_at.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      await this.mailer.send({ to: [l.email!], subject, text, attachments: [{ filename: `rostmeddelande-${stamp}.wav`, path: this.boxes.absolute(row.wav_path), contentType: 'audio/wav' }] });
    }
    await this.db.updateTable('voicemail_messages').set({ notified_at: toIso(this.ctx.clock.now()) }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
  }

  // ---- start-up recovery --------------------------------------------------------------

  /**
   * After a crash: repairs the WAVs of recordings cut short (recoverRecordings), then
   * completes every message row still marked incomplete with the duration found, creating
   * its call-back and announcing it like any message. Rows without a usable recording are
   * removed. Run once at start, before calls are taken.
   */
  async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = { completed: [], discarded: [] };
    const root = this.boxes.absolute('voicemail');
    const tenants = await readdir(root).catch(() => [] as string[]);
    for (const t of tenants) {
      await recoverRecordings(path.join(root, t)).catch((e: unknown) => this.log('voicemail: recovery of a folder failed', { folder: t, error: String(e) }));
    }
    const rows = await this.db.selectFrom('voicemail_messages').selectAll().where('complete', '=', 0).where('status', '!=', 'deleted').execute();
    for (const row of rows) {
      if (this.recording.has(row.id)) continue;
      const durationMs = await this.recoveredDuration(row);
      const kept = durationMs !== null && (await this.complete(row.tenant_id, row.id, durationMs));
      if (!kept) {
        await this.db.deleteFrom('voicemail_messages').where('id', '=', row.id).execute();
        await this.boxes.removeFiles(row.wav_path);
      }
      (kept ? report.completed : report.discarded).push(row.id);
    }
    if (rows.length > 0) this.log('voicemail: recovered messages after a crash', { completed: report.completed.length, discarded: report.discarded.length });
    return report;
  }

  /** The duration of a crashed recording: from its repaired sidecar, else from the WAV itself. */
  private async recoveredDuration(row: MessageRow): Promise<number | null> {
    const file = this.boxes.absolute(row.wav_path);
    try {
      const meta = JSON.parse(await readFile(sidecarPath(file), 'utf8')) as RecordingMeta;
      if (meta.complete && typeof meta.durationMs === 'number') return meta.durationMs;
    } catch {
      // no sidecar: the crash came before it was written
    }
    const repaired = await repairWav(file);
    return repaired.ok ? (repaired.value.dataBytes / 2 / 8000) * 1000 : null;
  }

  // ---- listening by phone -------------------------------------------------------------

  async access(call: AnchoredCaller, personId: string | null): Promise<void> {
    let deps: IvrDeps | undefined;
    const reader = new DigitReader(call.session, call.hangup);
    try {
      deps = await this.deps(call.tenantId);
      const who = personId ?? (await this.logIn(call, deps, reader));
      if (!who) return;
      const person = await this.db.selectFrom('people').select(['id', 'role']).where('tenant_id', '=', call.tenantId).where('id', '=', who).where('deactivated_at', 'is', null).executeTakeFirst();
      if (!person) {
        await say(call, APOLOGY, deps);
        return;
      }
      const actor: Actor = { kind: 'person', id: person.id, personId: person.id, tenantId: call.tenantId, role: person.role as Role };
      await this.topMenu(call, deps, reader, actor);
    } catch (error) {
      this.log('voicemail: the phone menu failed', { callId: call.callId, error: error instanceof Error ? error.message : String(error) });
      if (deps) await say(call, APOLOGY, deps).catch(() => undefined);
    } finally {
      reader.close();
    }
  }

  /** P-SEC-1: box number and PIN; three tries per call, on top of the store's throttle. */
  private async logIn(call: AnchoredCaller, deps: IvrDeps, reader: DigitReader): Promise<string | null> {
    const t = this.timing();
    for (let attempt = 1; attempt <= PIN_TRIES_PER_CALL; attempt++) {
      if ((await say(call, ['ao.enter-extension'], deps, reader)) === 'hangup') return null;
      const box = await reader.collect({ max: 10, terminator: '#', timeoutMs: t.firstDigitMs, interDigitMs: t.interDigitMs });
      if (box.ended === 'aborted') return null;
      if ((await say(call, ['vm.enter-pin'], deps, reader)) === 'hangup') return null;
      const pin = await reader.collect({ max: 12, terminator: '#', timeoutMs: t.firstDigitMs, interDigitMs: t.interDigitMs });
      if (pin.ended === 'aborted') return null;
      const verdict = await verifyPhonePin(deps, call.tenantId, box.digits, pin.digits);
      if (verdict.kind === 'ok') return verdict.personId;
      reader.flush();
      if (verdict.kind === 'blocked') break;
      if (attempt < PIN_TRIES_PER_CALL && (await say(call, ['vm.wrong-pin'], deps)) === 'hangup') return null;
    }
    await say(call, ['vm.too-many-attempts', 'silence.200', 'call.goodbye'], deps);
    return null;
  }

  private async counts(actor: Actor): Promise<{ fresh: MessageRow[]; saved: MessageRow[] }> {
    const rows = await this.db.selectFrom('voicemail_messages').selectAll()
      .where('tenant_id', '=', actor.tenantId).where('box_kind', '=', 'person').where('person_id', '=', actor.personId!)
      .where('complete', '=', 1).where('status', '!=', 'deleted').orderBy('received_at').execute();
    return { fresh: rows.filter((r) => r.status === 'new'), saved: rows.filter((r) => r.status !== 'new') };
  }

  private async topMenu(call: AnchoredCaller, deps: IvrDeps, reader: DigitReader, actor: Actor): Promise<void> {
    const t = this.timing();
    let silent = 0;
    while (!call.hangup.aborted) {
      const { fresh, saved } = await this.counts(actor);
      const plan: Plan = [...sayMessageCount(fresh.length, saved.length), 'silence.500', ...(fresh.length + saved.length > 0 ? (['vm.press-1-listen', 'silence.200'] as Plan) : []), 'vm.press-0-greeting'];
      if ((await say(call, plan, deps, reader)) === 'hangup') return;
      const key = await reader.next(t.menuChoiceMs);
      if (key === null) {
        if (call.hangup.aborted || ++silent >= 2) break;
        continue;
      }
      silent = 0;
      if (key === '1') await this.listen(call, deps, reader, actor, [...fresh, ...saved]);
      else if (key === '0') await this.recordGreeting(call, deps, reader, actor);
      else if (key === '*') break;
      else if ((await say(call, ['vm.invalid-choice'], deps)) === 'hangup') return;
    }
    if (!call.hangup.aborted) await say(call, GOODBYE, deps);
  }

  /** New messages first, oldest first, then the saved ones; each with its header and menu. */
  private async listen(call: AnchoredCaller, deps: IvrDeps, reader: DigitReader, actor: Actor, messages: MessageRow[]): Promise<void> {
    const t = this.timing();
    let i = 0;
    let replay = true;
    let silent = 0;
    while (i < messages.length && !call.hangup.aborted) {
      const m = messages[i]!;
      if (replay) {
        const recording = await loadClip(this.boxes.absolute(m.wav_path)).catch(() => null);
        const header = sayMessageHeader({ index: i + 1, receivedAt: fromIso(m.received_at), now: this.ctx.clock.now(), from: await this.callerOf(call.tenantId, m, deps) });
        const parts = recording?.ok ? [[...header, 'silence.500'] as Plan, recording.value] : [header];
        const ended = await playAudio(call, await this.render(parts, deps), reader);
        if (ended === 'hangup') return;
        // P-VM-5: played (or cut short by a key), so heard.
        if (m.status === 'new') await this.boxes.markHeard(actor, m.id).catch((e: unknown) => this.log('voicemail: marking heard failed', { id: m.id, error: String(e) }));
        replay = false;
      }
      if (reader.pending === 0 && (await say(call, MESSAGE_MENU, deps, reader)) === 'hangup') return;
      const key = await reader.next(t.menuChoiceMs);
      if (key === null) {
        if (call.hangup.aborted || ++silent >= 2) return;
        continue;
      }
      silent = 0;
      switch (key) {
        case '4':
          replay = true;
          break;
        case '3':
          i++;
          replay = true;
          break;
        case '7':
        case '9': {
          // 7 deletes the message; 9 marks its call-back done (P-CB-1). Either way, on to the next.
          if (key === '7') await this.boxes.remove(actor, m.id);
          else await this.boxes.markDone(actor, m.id);
          if ((await say(call, [key === '7' ? 'vm.deleted' : 'vm.marked-done'], deps, reader)) === 'hangup') return;
          i++;
          replay = true;
          break;
        }
        case '*':
          return;
        default:
          if ((await say(call, ['vm.invalid-choice'], deps)) === 'hangup') return;
      }
    }
    if (!call.hangup.aborted) await say(call, ['vm.no-more-messages'], deps, reader);
  }

  /** Who left a message, as the header says it: a colleague's name clip, else the number. */
  private async callerOf(tenantId: string, m: MessageRow, deps: IvrDeps): Promise<{ name?: ReturnType<typeof nameClip> | null; number?: string | null }> {
    const number = /^\+?\d+$/.test(m.caller_number) ? m.caller_number : null;
    if (number && !number.startsWith('+')) {
      const colleague = await this.db.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('extension', '=', number).where('deactivated_at', 'is', null).executeTakeFirst();
      if (colleague && (await this.hasName(deps, colleague.id))) return { name: nameClip(colleague.id) };
    }
    return { number };
  }

  /** P-VM-2: a new greeting recorded by phone, kept when '#' ends it (a hang-up discards it). */
  private async recordGreeting(call: AnchoredCaller, deps: IvrDeps, reader: DigitReader, actor: Actor): Promise<void> {
    if ((await say(call, ['vm.record-greeting', 'silence.500', 'tone.beep'], deps)) === 'hangup') return;
    reader.flush();
    const relative = path.join(path.dirname(this.boxes.greetingPath(actor.tenantId, actor.personId!)), `${actor.personId}.${newId()}.recording.wav`);
    const file = this.boxes.absolute(relative);
    const rec = await Recording.start(call.session, { path: file, now: () => this.ctx.clock.now() });
    try {
      const endedBy = await untilHash(reader, call, GREETING_MAX_SECONDS * 1000);
      const meta = await rec.stop({ endedBy });
      if (endedBy === 'hangup') return;
      const samples = await loadClip(file);
      if (!samples.ok || (meta.durationMs ?? 0) < GREETING_MIN_MS || isSilent(samples.value)) {
        await say(call, ['vm.invalid-choice'], deps);
        return;
      }
      await this.boxes.saveGreeting(actor.tenantId, actor.personId!, samples.value, 'phone');
      await say(call, ['vm.greeting-saved'], deps);
    } finally {
      await rec.stop();
      await rm(file, { force: true });
      await rm(sidecarPath(file), { force: true });
    }
  }
}

/** The message menu as the clips say it: 4 again, 3 next, 7 delete, 9 done. */
const MESSAGE_MENU: Plan = ['vm.press-4-repeat', 'silence.200', 'vm.press-3-next', 'silence.200', 'vm.press-7-delete', 'silence.200', 'vm.press-9-done'];

/** Waits for '#', the caller hanging up, or `ms`; other keys are read and dropped. */
async function untilHash(reader: DigitReader, call: AnchoredCaller, ms: number): Promise<'hash' | 'hangup' | 'max-length'> {
  const until = Date.now() + ms;
  for (;;) {
    const left = until - Date.now();
    if (call.hangup.aborted || call.session.isClosed) return 'hangup';
    if (left <= 0) return 'max-length';
    const key = await reader.next(left);
    if (key === '#') return 'hash';
  }
}
