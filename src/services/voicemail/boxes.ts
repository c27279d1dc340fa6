// Voicemail boxes as stored data: messages and greetings, who may reach them, and the events
// their changes publish. Used by the HTTP routes and by the phone side (service.ts).
//
// Who may reach a box (P-SEC-1 stored information behind login or PIN; least privilege):
//   a person's box     the person; their managers up the chain may list, play and mark heard,
//                      audited as acting on the person's behalf (a sick employee's call-backs,
//                      P-DIV-8, P-CB-1), but not delete;
//   a function's box   the function's members;
//   the switchboard's  operators.
// Admins manage accounts, not content: they reach no box they would not reach otherwise.
//
// Files live under the data directory: voicemail/<tenant id>/<message id>.wav (with the
// recorder's .json sidecar) and voicemail/<tenant id>/greetings/<person id>.wav.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { Actor, AppContext } from '../../http/context.js';
import { HttpError, forbidden, notFound } from '../../http/errors.js';
import { DomainError, type Problem } from '../../core/errors.js';
import type { Database, VoicemailMessagesTable, VoicemailStatus } from '../../store/schema.js';
import { fromIso, toIso } from '../../store/index.js';
import { encodeWav, loadClip, sidecarPath } from '../../media/index.js';
import type { MailboxSummary } from '../../sip/mwi/index.js';
import { audit } from '../audit/audit.js';
import { managerChain } from '../presence/service.js';
import { greetingFromWav, VOICEMAIL_RATE } from './audio.js';

export type MessageRow = Selectable<VoicemailMessagesTable>;

export type BoxRef = { kind: 'person'; personId: string } | { kind: 'function'; functionId: string } | { kind: 'switchboard' };

/** How an actor reaches a box: as its owner, as a manager on the owner's behalf, as a member, as an operator. */
export type BoxAccess = 'owner' | 'manager' | 'member' | 'operator';

export interface MessageView {
  id: string;
  box: BoxRef;
  caller: { number: string | null; name: string | null };
  receivedAt: string;
  durationMs: number;
  status: VoicemailStatus;
  heardAt: string | null;
  /** False while recording, and after a crash until start-up recovery completed it. */
  complete: boolean;
  callbackId: string | null;
}

export interface GreetingView {
  source: 'upload' | 'phone';
  durationMs: number;
  updatedAt: string;
  /** P-VM-2 "keep it up to date": older than the profile's greetingMaxAgeDays. */
  stale: boolean;
}

/** Someone to tell about a message: the people who may listen to the box. */
export interface Listener {
  id: string;
  firstName: string;
  email: string | null;
}

export function boxOf(row: Pick<MessageRow, 'box_kind' | 'person_id' | 'function_id'>): BoxRef {
  if (row.box_kind === 'person' && row.person_id) return { kind: 'person', personId: row.person_id };
  if (row.box_kind === 'function' && row.function_id) return { kind: 'function', functionId: row.function_id };
  return { kind: 'switchboard' };
}

export function messageView(r: MessageRow): MessageView {
  return {
    id: r.id,
    box: boxOf(r),
    caller: { number: r.caller_number === '' ? null : r.caller_number, name: r.caller_name },
    receivedAt: r.received_at,
    durationMs: r.duration_ms,
    status: r.status,
    heardAt: r.heard_at,
    complete: r.complete === 1,
    callbackId: r.callback_id,
  };
}

export class VoicemailBoxes {
  constructor(private readonly ctx: AppContext) {}

  private get db(): Kysely<Database> {
    return this.ctx.store.db;
  }

  // ---- files --------------------------------------------------------------------------

  /** A message's WAV, relative to the data directory (as stored in wav_path). */
  messagePath(tenantId: string, messageId: string): string {
    return path.join('voicemail', tenantId, `${messageId}.wav`);
  }

  greetingPath(tenantId: string, personId: string): string {
    return path.join('voicemail', tenantId, 'greetings', `${personId}.wav`);
  }

  /** The folder of a tenant's recordings (start-up recovery scans it). */
  tenantDir(tenantId: string): string {
    return this.absolute(path.join('voicemail', tenantId));
  }

  /** A stored relative path as an absolute one, never outside the data directory. */
  absolute(relative: string): string {
    const root = path.resolve(this.ctx.config.dataDir);
    const full = path.resolve(root, relative);
    if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`path ${relative} leaves the data directory`);
    return full;
  }

  /** Removes a message's WAV and sidecar (missing files are fine). */
  async removeFiles(relative: string): Promise<void> {
    const wav = this.absolute(relative);
    await Promise.all([rm(wav, { force: true }), rm(sidecarPath(wav), { force: true })]);
  }

  // ---- who may reach what -------------------------------------------------------------

  async isMember(tenantId: string, functionId: string, personId: string): Promise<boolean> {
    const row = await this.db.selectFrom('function_members').select('person_id')
      .where('tenant_id', '=', tenantId).where('function_id', '=', functionId).where('person_id', '=', personId).executeTakeFirst();
    return row !== undefined;
  }

  /** How the actor reaches the box, or null when it may not (then the box is "not found"). */
  async access(actor: Actor, box: BoxRef): Promise<BoxAccess | null> {
    const me = actor.personId;
    if (box.kind === 'switchboard') return actor.role === 'operator' && me ? 'operator' : null;
    if (!me) return null; // API tokens have no box and listen to none
    if (box.kind === 'function') return (await this.isMember(actor.tenantId, box.functionId, me)) ? 'member' : null;
    if (box.personId === me) return 'owner';
    if (actor.role === 'manager' && (await managerChain(this.db, actor.tenantId, box.personId)).includes(me)) return 'manager';
    return null;
  }

  private async row(tenantId: string, id: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('voicemail_messages').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '!=', 'deleted').executeTakeFirst();
  }

  /** A message the actor may reach, with how; 404 otherwise (its existence is not revealed). */
  async reach(actor: Actor, id: string): Promise<{ row: MessageRow; access: BoxAccess }> {
    const row = await this.row(actor.tenantId, id);
    const access = row ? await this.access(actor, boxOf(row)) : null;
    if (!row || !access) throw notFound('voicemail message');
    return { row, access };
  }

  private async auditOnBehalf(actor: Actor, access: BoxAccess, row: MessageRow | null, box: BoxRef, action: string): Promise<void> {
    if (access !== 'manager' || box.kind !== 'person') return;
    await audit(this.db, actor, actor.tenantId, this.ctx.clock.now(), { action, entity: 'voicemail', entityId: row?.id ?? null, onBehalfOf: box.personId });
  }

  // ---- messages -----------------------------------------------------------------------

  /** A box's messages, newest first; default the actor's own box. Deleted ones are gone. */
  async list(actor: Actor, box: BoxRef | undefined, status: 'new' | 'heard' | 'all' = 'all'): Promise<MessageView[]> {
    const target: BoxRef = box ?? (actor.personId ? { kind: 'person', personId: actor.personId } : { kind: 'switchboard' });
    const access = await this.access(actor, target);
    if (!access) {
      if (!box) throw forbidden('An API token has no voicemail box of its own.');
      throw notFound('voicemail box');
    }
    let q = this.db.selectFrom('voicemail_messages').selectAll().where('tenant_id', '=', actor.tenantId).where('box_kind', '=', target.kind).where('status', '!=', 'deleted');
    if (target.kind === 'person') q = q.where('person_id', '=', target.personId);
    if (target.kind === 'function') q = q.where('function_id', '=', target.functionId);
    if (status === 'new') q = q.where('status', '=', 'new');
    if (status === 'heard') q = q.where('status', 'in', ['heard', 'saved']);
    const rows = await q.orderBy('received_at', 'desc').limit(500).execute();
    await this.auditOnBehalf(actor, access, null, target, 'voicemail.list');
    return rows.map(messageView);
  }

  async get(actor: Actor, id: string): Promise<MessageView> {
    return messageView((await this.reach(actor, id)).row);
  }

  /** The WAV to play (audited when a manager plays it for the person). */
  async audio(actor: Actor, id: string): Promise<{ path: string; size: number }> {
    const { row, access } = await this.reach(actor, id);
    const file = this.absolute(row.wav_path);
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      throw new HttpError(404, 'not-found', 'Inspelningen finns inte längre.', `The recording of message ${id} is missing on disk.`);
    }
    await this.auditOnBehalf(actor, access, row, boxOf(row), 'voicemail.listen');
    return { path: file, size };
  }

  /** P-VM-5: listened to. Also sets the call-back's heard time. */
  async markHeard(actor: Actor, id: string): Promise<MessageView> {
    const { row, access } = await this.reach(actor, id);
    const now = this.ctx.clock.now();
    let updated = row;
    if (row.status === 'new') {
      await this.db.updateTable('voicemail_messages').set({ status: 'heard', heard_at: toIso(now), updated_at: toIso(now) })
        .where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('status', '=', 'new').execute();
      updated = { ...row, status: 'heard', heard_at: toIso(now), updated_at: toIso(now) };
      this.publish(actor.tenantId, 'voicemail.heard', id, boxOf(row), await this.listenerIds(actor.tenantId, boxOf(row)));
    }
    if (row.callback_id) await this.ctx.callbacks.heard(await this.callbackActor(actor, access, row.callback_id), row.callback_id);
    await this.auditOnBehalf(actor, access, row, boxOf(row), 'voicemail.heard');
    return messageView(updated);
  }

  /** Deletes a message and its recording. Managers may not delete for the person. */
  async remove(actor: Actor, id: string): Promise<void> {
    const { row, access } = await this.reach(actor, id);
    if (access === 'manager') throw forbidden('A manager may listen to a staff member\'s messages but not delete them.');
    const now = toIso(this.ctx.clock.now());
    await this.db.updateTable('voicemail_messages').set({ status: 'deleted', deleted_at: now, updated_at: now })
      .where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
    await this.removeFiles(row.wav_path);
    this.publish(actor.tenantId, 'voicemail.deleted', id, boxOf(row), await this.listenerIds(actor.tenantId, boxOf(row)));
  }

  /** P-CB-1: the call-back of this message is done (called back). Returns false when it was already. */
  async markDone(actor: Actor, id: string): Promise<boolean> {
    const { row, access } = await this.reach(actor, id);
    if (!row.callback_id) return false;
    try {
      await this.ctx.callbacks.complete(await this.callbackActor(actor, access, row.callback_id), row.callback_id, 'reached');
      return true;
    } catch (e) {
      if (e instanceof DomainError) return false; // already done
      throw e;
    }
  }

  /**
   * The actor to tell the call-back service with. The call-back of a function's or the
   * switchboard's message belongs to one person (the function's first member, an
   * operator); other members and operators handle it too. Their right comes from the box
   * (checked here), so the call-back service gets the listener with the rights of an
   * admin: it then records the listener as the one acting, on the owner's behalf.
   */
  private async callbackActor(actor: Actor, access: BoxAccess, callbackId: string): Promise<Actor> {
    if (access === 'owner' || access === 'manager') return actor;
    const cb = await this.db.selectFrom('callbacks').select('person_id').where('tenant_id', '=', actor.tenantId).where('id', '=', callbackId).executeTakeFirst();
    if (cb?.person_id === actor.personId) return actor;
    return { kind: 'person', id: actor.id, personId: actor.personId, tenantId: actor.tenantId, role: 'admin' };
  }

  /** The counts a phone's message lamp shows (RFC 3842): the person's own box only. */
  async summary(tenantId: string, personId: string): Promise<MailboxSummary> {
    const rows = await this.db.selectFrom('voicemail_messages').select(['status']).select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId).where('box_kind', '=', 'person').where('person_id', '=', personId)
      .where('complete', '=', 1).where('status', '!=', 'deleted').groupBy('status').execute();
    let newMessages = 0;
    let oldMessages = 0;
    for (const r of rows) {
      if (r.status === 'new') newMessages += Number(r.n);
      else oldMessages += Number(r.n);
    }
    return { newMessages, oldMessages };
  }

  /** Who may listen to a box (and so is told about its messages). */
  async listeners(tenantId: string, box: BoxRef): Promise<Listener[]> {
    let q = this.db.selectFrom('people').select(['people.id', 'people.first_name', 'people.email'])
      .where('people.tenant_id', '=', tenantId).where('people.deactivated_at', 'is', null);
    if (box.kind === 'person') q = q.where('people.id', '=', box.personId);
    else if (box.kind === 'switchboard') q = q.where('people.role', '=', 'operator');
    else {
      q = q.innerJoin('function_members', (j) => j.onRef('function_members.person_id', '=', 'people.id').onRef('function_members.tenant_id', '=', 'people.tenant_id'))
        .where('function_members.function_id', '=', box.functionId).orderBy('function_members.position');
    }
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, firstName: r.first_name, email: r.email }));
  }

  async listenerIds(tenantId: string, box: BoxRef): Promise<string[]> {
    return box.kind === 'person' ? [box.personId] : (await this.listeners(tenantId, box)).map((l) => l.id);
  }

  /** A box change on the bus: its listeners (and a person's managers) see it; MWI follows it. */
  publish(tenantId: string, type: 'voicemail.left' | 'voicemail.heard' | 'voicemail.deleted' | 'voicemail.greeting', messageId: string | null, box: BoxRef, listenerIds: string[]): void {
    this.ctx.bus.publish(
      { type, messageId, box: { kind: box.kind, ...(box.kind === 'person' ? { personId: box.personId } : {}), ...(box.kind === 'function' ? { functionId: box.functionId } : {}) } },
      { tenantId, personIds: listenerIds, ...(box.kind === 'person' ? { staffOf: [box.personId] } : {}), ...(box.kind === 'switchboard' ? { roles: ['operator' as const] } : {}) },
    );
  }

  // ---- greetings (P-VM-2) -------------------------------------------------------------

  private async ownPerson(actor: Actor): Promise<string> {
    if (!actor.personId) throw forbidden('An API token has no voicemail greeting.');
    return actor.personId;
  }

  async greeting(actor: Actor): Promise<GreetingView> {
    const personId = await this.ownPerson(actor);
    const row = await this.db.selectFrom('voicemail_greetings').selectAll().where('tenant_id', '=', actor.tenantId).where('person_id', '=', personId).executeTakeFirst();
    if (!row) throw new HttpError(404, 'not-found', 'Du har ingen egen hälsning inspelad. Uppringare hör en hälsning med ditt namn och din frånvaro.', 'No personal greeting is recorded.');
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    const maxAgeMs = tenant.profile.voicemail.greetingMaxAgeDays * 86_400_000;
    return {
      source: row.source,
      durationMs: row.duration_ms,
      updatedAt: row.updated_at,
      stale: this.ctx.clock.now().epochMilliseconds - fromIso(row.updated_at).epochMilliseconds > maxAgeMs,
    };
  }

  async greetingAudio(actor: Actor): Promise<{ path: string; size: number }> {
    const personId = await this.ownPerson(actor);
    const row = await this.db.selectFrom('voicemail_greetings').select('wav_path').where('tenant_id', '=', actor.tenantId).where('person_id', '=', personId).executeTakeFirst();
    if (!row) throw notFound('greeting');
    const file = this.absolute(row.wav_path);
    try {
      return { path: file, size: (await stat(file)).size };
    } catch {
      throw notFound('greeting recording');
    }
  }

  /** An uploaded WAV as the actor's greeting: mono, 8 kHz, checked (problems in Swedish). */
  async uploadGreeting(actor: Actor, bytes: Uint8Array): Promise<GreetingView> {
    const personId = await this.ownPerson(actor);
    const samples = await greetingFromWav(bytes);
    if (!samples.ok) throw new HttpError(400, samples.problems[0]!.code, samples.problems[0]!.sv, samples.problems[0]!.en, samples.problems as Problem[]);
    await this.saveGreeting(actor.tenantId, personId, samples.value, 'upload');
    await audit(this.db, actor, actor.tenantId, this.ctx.clock.now(), { action: 'voicemail.greeting', entity: 'person', entityId: personId, detail: { source: 'upload' } });
    return this.greeting(actor);
  }

  async deleteGreeting(actor: Actor): Promise<void> {
    const personId = await this.ownPerson(actor);
    const row = await this.db.selectFrom('voicemail_greetings').select('wav_path').where('tenant_id', '=', actor.tenantId).where('person_id', '=', personId).executeTakeFirst();
    if (!row) throw notFound('greeting');
    await this.db.deleteFrom('voicemail_greetings').where('tenant_id', '=', actor.tenantId).where('person_id', '=', personId).execute();
    await rm(this.absolute(row.wav_path), { force: true });
    this.publish(actor.tenantId, 'voicemail.greeting', null, { kind: 'person', personId }, [personId]);
  }

  /** Stores a greeting (upload or recorded by phone): written whole, then renamed into place. */
  async saveGreeting(tenantId: string, personId: string, samples: Int16Array, source: 'upload' | 'phone'): Promise<void> {
    const relative = this.greetingPath(tenantId, personId);
    const file = this.absolute(relative);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomUUID()}.tmp`; // two saves at once each rename a whole file
    await writeFile(temp, encodeWav(samples, { sampleRate: VOICEMAIL_RATE }));
    await rename(temp, file);
    const now = toIso(this.ctx.clock.now());
    const durationMs = Math.round((samples.length * 1000) / VOICEMAIL_RATE);
    await this.db.insertInto('voicemail_greetings')
      .values({ tenant_id: tenantId, person_id: personId, wav_path: relative, source, duration_ms: durationMs, updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'person_id']).doUpdateSet({ wav_path: relative, source, duration_ms: durationMs, updated_at: now }))
      .execute();
    this.publish(tenantId, 'voicemail.greeting', null, { kind: 'person', personId }, [personId]);
  }

  /** The person's own greeting as samples, or null (none, or the file is unreadable). */
  async greetingSamples(tenantId: string, personId: string): Promise<Int16Array | null> {
    const row = await this.db.selectFrom('voicemail_greetings').select('wav_path').where('tenant_id', '=', tenantId).where('person_id', '=', personId).executeTakeFirst();
    if (!row) return null;
    try {
      const clip = await loadClip(this.absolute(row.wav_path));
      return clip.ok ? clip.value : null;
    } catch {
      return null;
    }
  }
}
