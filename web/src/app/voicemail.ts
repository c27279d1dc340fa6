// Voicemail recordings in the browser (P-VM-3: "på datorn"), when the voicemail routes are
// there (src/services/voicemail, found through the OpenAPI document; see api/features.ts).
// A call-back that came from a voicemail message links to the message by its callbackId.
import { get } from '../api/client.js';
import { fill, type Features } from '../api/features.js';

export interface VoicemailRoutes {
  list: string;
  audio: string;
}

/** The routes this page needs, or null when voicemail is not (yet) in the API. */
export function voicemailRoutes(f: Features): VoicemailRoutes | null {
  const list = f.find('get', /^\/api\/voicemail\/messages$/);
  const audio = f.find('get', /^\/api\/voicemail\/messages\/\{[a-zA-Z]+\}\/audio$/);
  return list && audio ? { list, audio } : null;
}

interface MessageLike {
  id: string;
  callbackId?: string | null;
  callback_id?: string | null;
}

/** Audio URLs of my messages by the call-back they created. */
export async function recordingsByCallback(r: VoicemailRoutes, signal?: AbortSignal): Promise<Map<string, string>> {
  const body = await get<MessageLike[] | { items?: MessageLike[]; messages?: MessageLike[] }>(r.list, signal);
  const list = Array.isArray(body) ? body : body.items ?? body.messages ?? [];
  const out = new Map<string, string>();
  for (const m of list) {
    const cb = m.callbackId ?? m.callback_id;
    if (cb) out.set(cb, fill(r.audio, { id: m.id }));
  }
  return out;
}

export interface GreetingRoutes {
  get: string;
  upload: { method: 'put' | 'post'; path: string };
  remove: string | null;
  audio: string | null;
}

/** My greeting (P-VM-2): read, upload, remove. */
export function greetingRoutes(f: Features): GreetingRoutes | null {
  const path = f.find('get', /^\/api\/voicemail\/greeting$/) ?? f.find('get', /^\/api\/voicemail\/.*greeting$/);
  if (!path) return null;
  const method = f.has('put', path) ? 'put' : f.has('post', path) ? 'post' : null;
  if (!method) return null;
  return {
    get: path,
    upload: { method, path },
    remove: f.has('delete', path) ? path : null,
    audio: f.find('get', /^\/api\/voicemail\/.*greeting\/audio$/) ?? null,
  };
}
