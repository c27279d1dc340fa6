// Voicemail recordings in the browser (P-VM-3: "på datorn"), when the voicemail routes are
// there (src/services/voicemail, found through the OpenAPI document; see api/features.ts).
// A call-back that came from a voicemail message links to the message by its callbackId.
import { get } from '../api/client.js';
import { fill, type Features } from '../api/features.js';

export interface VoicemailRoutes {
  list: string;
  audio: string;
  /** Marks a message heard (P-VM-5), when the API has it. */
  heard: string | null;
}

/** The routes this page needs, or null when voicemail is not (yet) in the API. */
export function voicemailRoutes(f: Features): VoicemailRoutes | null {
  const list = f.find('get', /^\/api\/voicemail\/messages$/);
  const audio = f.find('get', /^\/api\/voicemail\/messages\/\{[a-zA-Z]+\}\/audio$/);
  const heard = f.find('post', /^\/api\/voicemail\/messages\/\{[a-zA-Z]+\}\/heard$/) ?? null;
  return list && audio ? { list, audio, heard } : null;
}

interface MessageLike {
  id: string;
  callbackId?: string | null;
  complete?: boolean;
  status?: string;
}

export interface Recording {
  audio: string;
  /** POST here when it has been listened to; null when already heard or not offered. */
  heard: string | null;
}

/** The recordings of my messages by the call-back each created. */
export async function recordingsByCallback(r: VoicemailRoutes, signal?: AbortSignal): Promise<Map<string, Recording>> {
  const body = await get<MessageLike[] | { items?: MessageLike[] }>(r.list, signal);
  const list = Array.isArray(body) ? body : body.items ?? [];
  const out = new Map<string, Recording>();
  for (const m of list) {
    // A message still being recorded (or awaiting crash recovery) has no playable file yet.
    if (!m.callbackId || m.complete === false) continue;
    out.set(m.callbackId, { audio: fill(r.audio, { id: m.id }), heard: r.heard && m.status === 'new' ? fill(r.heard, { id: m.id }) : null });
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
