// Audio over HTTP: WAV files sent whole or by byte range (browsers seek in <audio>), and WAV
// uploads taken as the request body itself (Content-Type audio/wav), not wrapped in JSON.
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { HttpError } from './errors.js';

export const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave', 'application/octet-stream'];

export const AudioOut = { description: 'The recording, 8 kHz mono 16-bit PCM WAV; byte ranges supported.', content: { 'audio/wav': { schema: Type.String({ format: 'binary' }) } } };

/** Within a plugin: WAV bodies up to `limit` bytes arrive as a Buffer. */
export function acceptWavBodies(app: FastifyInstance, limit: number): void {
  app.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
}

/** The uploaded WAV, or 415 saying how to send it ("hälsningen", "inspelningen"). */
export function wavBody(request: FastifyRequest, what: string): Buffer {
  if (!Buffer.isBuffer(request.body)) {
    throw new HttpError(415, 'unsupported-media-type', `Skicka ${what} som en WAV-fil (Content-Type: audio/wav).`, 'Send the WAV as the request body with Content-Type audio/wav.');
  }
  return request.body;
}

/** Sends a WAV file, whole or the one byte range asked for (RFC 9110 14), as browsers seek. */
export function sendWav(request: FastifyRequest, reply: FastifyReply, file: { path: string; size: number }, name: string) {
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

