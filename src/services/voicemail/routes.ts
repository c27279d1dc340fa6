// Voicemail over HTTP (P-VM-3: listening on the computer; P-VM-2: the greeting; P-VM-5:
// marking heard). Who reaches which box is decided in boxes.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireActor } from '../../http/context.js';
import { HttpError } from '../../http/errors.js';
import { ErrorResponse, IdParams } from '../../http/schemas.js';
import { acceptWavBodies, AudioOut, sendWav, wavBody } from '../../http/audio.js';
import { VoicemailBoxes, type BoxRef } from './boxes.js';

/** A greeting upload: 48 kHz stereo 16-bit is 192 kB a second; a minute fits. */
export const GREETING_UPLOAD_LIMIT = 16 * 1024 * 1024;

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

const E = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export async function voicemailRoutes(app: FastifyInstance, ctx: AppContext) {
  const boxes = new VoicemailBoxes(ctx);

  // Greetings arrive as the WAV itself (Content-Type audio/wav), not wrapped in JSON.
  acceptWavBodies(app, GREETING_UPLOAD_LIMIT);

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
    return boxes.uploadGreeting(actor, wavBody(request, 'hälsningen'));
  });

  app.delete('/api/voicemail/greeting', {
    schema: { tags: ['voicemail'], summary: 'Remove your greeting: callers hear the built one again.', response: { 204: Type.Null(), ...E } },
  }, async (request, reply) => {
    await boxes.deleteGreeting(requireActor(request));
    return reply.status(204).send();
  });
}
