// The municipality's own recordings of prompts over HTTP (issue 5 item 5). Administrators
// only: what every caller hears is the municipality's voice, so changing it is an
// administration task, and every change is audited.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireRole } from '../../http/context.js';
import { ErrorResponse, ProblemSchema } from '../../http/schemas.js';
import { acceptWavBodies, AudioOut, sendWav, wavBody } from '../../http/audio.js';
import { PROMPT_EXAMPLES, PROMPT_UPLOAD_LIMIT, type PromptExample } from './service.js';

const ClipParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9.-]+$', description: 'A clip id of prompts/clips.json (e.g. org.name), or music.hold for the music on hold.' }) });
const AudioQuery = Type.Object({
  version: Type.Optional(Type.Union([Type.Literal('own'), Type.Literal('shipped')], { description: 'own (default): the municipality\'s recording; shipped: the clip that comes with Öppen Växel.' })),
});
const ExampleParams = Type.Object({ name: Type.Union(PROMPT_EXAMPLES.map((n) => Type.Literal(n))) });

const ClipOut = Type.Object({
  id: Type.String(),
  group: Type.String({ description: 'The id prefix: record a group together, so that a sentence keeps one voice.' }),
  text: Type.String({ description: 'What the clip says: the script to read from.' }),
  shippedMs: Type.Integer(),
  own: Type.Union([Type.Null(), Type.Object({ durationMs: Type.Integer(), updatedAt: Type.String() })], { description: 'The municipality\'s recording callers hear; null: the shipped clip.' }),
});
const ListOut = Type.Object({
  clips: Type.Array(ClipOut),
  groups: Type.Array(Type.Object({ id: Type.String(), sv: Type.String(), en: Type.String(), total: Type.Integer(), recorded: Type.Integer() })),
  problems: Type.Array(ProblemSchema, { description: 'Files in the recordings folder that callers do not hear, each with why.' }),
});
const E = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export async function promptRoutes(app: FastifyInstance, ctx: AppContext) {
  const prompts = ctx.prompts;
  acceptWavBodies(app, PROMPT_UPLOAD_LIMIT);

  app.get('/api/prompts', {
    schema: { tags: ['prompts'], summary: 'The music on hold (music.hold) and every spoken clip with its text, and the municipality\'s own recording where there is one (admin).', response: { 200: ListOut, ...E } },
  }, async (request) => prompts.list(requireRole(request, 'admin')));

  app.get<{ Params: Static<typeof ClipParams>; Querystring: Static<typeof AudioQuery> }>('/api/prompts/:id/audio', {
    schema: { tags: ['prompts'], summary: 'A clip as audio/wav: the municipality\'s recording or the shipped clip (admin).', params: ClipParams, querystring: AudioQuery, response: { 200: AudioOut, 206: AudioOut, 416: ErrorResponse, ...E } },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    const version = request.query.version ?? 'own';
    const audio = await prompts.audio(actor, request.params.id, version);
    if ('bytes' in audio) return reply.header('cache-control', 'private, no-store').type('audio/wav').send(audio.bytes);
    return sendWav(request, reply, audio, `${request.params.id}${version === 'shipped' ? '-original' : ''}.wav`);
  });

  app.put<{ Params: Static<typeof ClipParams> }>('/api/prompts/:id', {
    bodyLimit: PROMPT_UPLOAD_LIMIT,
    schema: {
      tags: ['prompts'],
      summary: 'Replace a clip with the municipality\'s recording (admin, audited): the body is a WAV (Content-Type audio/wav) in 16-, 24- or 32-bit PCM, 32-bit float, µ-law or A-law, 8 kHz or more, mono or stereo, 0.1–60 s (music.hold, the music on hold: 5 s to 5 min); stored as 8 kHz mono with the quiet ends cut and the peak at -3 dBFS (music: -10). Callers hear it from the next call.',
      params: ClipParams,
      response: { 200: ClipOut, 413: ErrorResponse, 415: ErrorResponse, ...E },
    },
  }, async (request) => prompts.upload(requireRole(request, 'admin'), request.params.id, wavBody(request, 'inspelningen')));

  app.delete<{ Params: Static<typeof ClipParams> }>('/api/prompts/:id', {
    schema: { tags: ['prompts'], summary: 'Remove the municipality\'s recording: callers hear the shipped clip again (admin, audited).', params: ClipParams, response: { 204: Type.Null(), ...E } },
  }, async (request, reply) => {
    await prompts.reset(requireRole(request, 'admin'), request.params.id);
    return reply.status(204).send();
  });

  app.get<{ Params: Static<typeof ExampleParams> }>('/api/prompts/examples/:name/audio', {
    schema: {
      tags: ['prompts'],
      summary: 'An example sentence as callers hear it now, with the municipality\'s recordings (admin): welcome, closed (the answering machine with the hours, P-SWB-6), absence (P-SWB-4), queue.',
      params: ExampleParams,
      response: { 200: AudioOut, ...E },
    },
  }, async (request, reply) => {
    const wav = await prompts.example(requireRole(request, 'admin'), request.params.name as PromptExample);
    return reply.header('cache-control', 'private, no-store').type('audio/wav').send(wav);
  });
}
