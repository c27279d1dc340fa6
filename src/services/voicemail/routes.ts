// Voicemail over HTTP (P-VM-3: listening on the computer; P-VM-2: the greeting; P-VM-5:
// marking heard). Who reaches which box is decided in boxes.ts.
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireActor } from '../../http/context.js';
import { HttpError } from '../../http/errors.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { VoicemailBoxes, type BoxRef } from './boxes.js';

/** A greeting upload: 48 kHz stereo 16-bit is 192 kB a second; a minute fits. */
export const GREETING_UPLOAD_LIMIT = 16 * 1024 * 1024;
const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave', 'application/octet-stream'];

const Box = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('function'), Type.Literal('switchboard')]),
  personId: Type.Optional(Type.String()),
  functionId: Type.Optional(Type.String()),
});

const MessageOut = Type.Object({
  id: Type.String(),
  box: Box,
  caller: Type.Object({ number: Type.Union([Type.Null(), Type.String()]), name: Type.Union([Type.Null(), Type.String()]) }),
  receivedAt: Type.String(),
  durationMs: Type.Integer(),
  status: Type.String({ description: 'new, heard, saved' }),
  heardAt: Type.Union([Type.Null(), Type.String()], { description: 'P-VM-5: when it was first listened to.' }),
  complete: Type.Boolean({ description: 'False while recording, and after a crash until start-up recovery.' }),
  callbackId: Type.Union([Type.Null(), Type.String()], { description: 'The P-CB-1 call-back the message created.' }),
});

const GreetingOut = Type.Object({
  source: Type.String({ description: 'upload or phone' }),
  durationMs: Type.Integer(),
  updatedAt: Type.String(),
  stale: Type.Boolean({ description: 'P-VM-2: older than the profile\'s greetingMaxAgeDays.' }),
});

const ListQuery = Type.Object({
  person: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A person\'s box (yours, or as their manager).' })),
  function: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A function\'s box (its members).' })),
  box: Type.Optional(Type.Literal('switchboard', { description: 'The switchboard\'s box (operators).' })),
  status: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('heard'), Type.Literal('all')])),
});

const AudioOut = { description: 'The recording, 8 kHz mono 16-bit PCM WAV; byte ranges supported.', content: { 'audio/wav': { schema: Type.String({ format: 'binary' }) } } };
const E = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** Sends a WAV file, whole or the one byte range asked for (RFC 9110 14), as browsers seek. */
function sendWav(request: FastifyRequest, reply: FastifyReply, file: { path: string; size: number }, name: string) {
  reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-store').header('content-disposition', `inline; filename="${name}"`).type('audio/wav');
  const range = request.headers.range;
  if (range !== undefined) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    let start = m && m[1] !== '' ? Number(m[1]) : NaN;
    let end = m && m[2] !== '' ? Number(m[2]) : file.size - 1;
    if (m && m[1] === '' && m[2] !== '') {
      start = Math.max(0, file.size - Number(m[2])); // the last N bytes
      end = file.size - 1;
    }
    if (!m || !Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= file.size) {
      reply.header('content-range', `bytes */${file.size}`);
      throw new HttpError(416, 'range', 'Den begärda delen av ljudfilen finns inte.', `Range ${range.slice(0, 60)} is not satisfiable for ${file.size} bytes.`);
    }
    end = Math.min(end, file.size - 1);
    reply.status(206).header('content-range', `bytes ${start}-${end}/${file.size}`).header('content-length', end - start + 1);
    return reply.send(createReadStream(file.path, { start, end }));
  }
  reply.header('content-length', file.size);
  return reply.send(createReadStream(file.path));
}

export async function voicemailRoutes(app: FastifyInstance, ctx: AppContext) {
  const boxes = new VoicemailBoxes(ctx);

  // Greetings arrive as the WAV itself (Content-Type audio/wav), not wrapped in JSON.
  app.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer', bodyLimit: GREETING_UPLOAD_LIMIT }, (_request, body, done) => done(null, body));

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/voicemail/messages', {
    schema: {
      tags: ['voicemail'],
      summary: 'Messages of a box, newest first: your own by default; a staff member\'s for their manager (audited); a function\'s for its members; the switchboard\'s for operators.',
      querystring: ListQuery,
      response: { 200: Type.Array(MessageOut), ...E },
    },
  }, async (request) => {
    const actor = requireActor(request);
    const q = request.query;
    const chosen = [q.person, q.function, q.box].filter((v) => v !== undefined).length;
    if (chosen > 1) throw new HttpError(400, 'bad-request', 'Välj en röstbrevlåda i taget.', 'Give at most one of person, function and box.');
    const box: BoxRef | undefined = q.person ? { kind: 'person', personId: q.person } : q.function ? { kind: 'function', functionId: q.function } : q.box ? { kind: 'switchboard' } : undefined;
    return (await boxes.list(actor, box, q.status ?? 'all'));
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/voicemail/messages/:id', {
    schema: { tags: ['voicemail'], summary: 'One message.', params: IdParams, response: { 200: MessageOut, ...E } },
  }, async (request) => boxes.get(requireActor(request), request.params.id));

  app.get<{ Params: Static<typeof IdParams> }>('/api/voicemail/messages/:id/audio', {
    schema: { tags: ['voicemail'], summary: 'Play a message (P-VM-3): audio/wav, streamed, with byte ranges. A manager playing a staff member\'s message is audited.', params: IdParams, response: { 200: AudioOut, 206: AudioOut, 416: ErrorResponse, ...E } },
  }, async (request, reply) => {
    const file = await boxes.audio(requireActor(request), request.params.id);
    return sendWav(request, reply, file, `rostmeddelande-${request.params.id.slice(0, 8)}.wav`);
  });

  app.post<{ Params: Static<typeof IdParams> }>('/api/voicemail/messages/:id/heard', {
    schema: { tags: ['voicemail'], summary: 'Mark a message heard (P-VM-5); also the call-back\'s heard time.', params: IdParams, response: { 200: MessageOut, ...E } },
  }, async (request) => boxes.markHeard(requireActor(request), request.params.id));

  app.delete<{ Params: Static<typeof IdParams> }>('/api/voicemail/messages/:id', {
    schema: { tags: ['voicemail'], summary: 'Delete a message and its recording (not for a manager acting for staff). Its call-back stays.', params: IdParams, response: { 204: Type.Null(), ...E } },
  }, async (request, reply) => {
    await boxes.remove(requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/voicemail/greeting', {
    schema: { tags: ['voicemail'], summary: 'Your own greeting (P-VM-2): where from, how long, whether it is stale. 404: callers hear the built one (name, unit, absence).', response: { 200: GreetingOut, ...E } },
  }, async (request) => boxes.greeting(requireActor(request)));

  app.get('/api/voicemail/greeting/audio', {
    schema: { tags: ['voicemail'], summary: 'Your own greeting as audio/wav.', response: { 200: AudioOut, 206: AudioOut, 416: ErrorResponse, ...E } },
  }, async (request, reply) => sendWav(request, reply, await boxes.greetingAudio(requireActor(request)), 'halsning.wav'));

  app.put('/api/voicemail/greeting', {
    bodyLimit: GREETING_UPLOAD_LIMIT,
    schema: {
      tags: ['voicemail'],
      summary: 'Upload your greeting (P-VM-2) as the body, Content-Type audio/wav: any WAV in 16-bit PCM, µ-law or A-law at 8 kHz or more, mono or stereo, 1–60 s; stored as 8 kHz mono.',
      response: { 200: GreetingOut, 413: ErrorResponse, 415: ErrorResponse, ...E },
    },
  }, async (request) => {
    const actor = requireActor(request);
    if (!Buffer.isBuffer(request.body)) {
      throw new HttpError(415, 'unsupported-media-type', 'Skicka hälsningen som en WAV-fil (Content-Type: audio/wav).', 'Send the greeting as the request body with Content-Type audio/wav.');
    }
    return boxes.uploadGreeting(actor, request.body);
  });

  app.delete('/api/voicemail/greeting', {
    schema: { tags: ['voicemail'], summary: 'Remove your greeting: callers hear the built one again.', response: { 204: Type.Null(), ...E } },
  }, async (request, reply) => {
    await boxes.deleteGreeting(requireActor(request));
    return reply.status(204).send();
  });
}
