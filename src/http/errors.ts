// One error shape for the whole API: a Swedish message for the person in front of the
// screen, an English detail for the developer, a stable code, and the problems one by one.
//   { "error": { "code": "...", "message": "<sv>", "detail": "<en>", "problems": [...] } }
// Bad input is a 4xx, never a 500.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DomainError, type Problem } from '../core/errors.js';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly sv: string,
    readonly en: string,
    readonly problems: Problem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(en);
  }
}

export const notFound = (what = 'resource') =>
  new HttpError(404, 'not-found', 'Hittades inte.', `The ${what} does not exist (or is not visible to you).`);
export const forbidden = (en = 'Your role does not allow this action.') =>
  new HttpError(403, 'forbidden', 'Du har inte behörighet att göra detta.', en);
export const unauthorized = () =>
  new HttpError(401, 'unauthenticated', 'Du behöver logga in.', 'Authentication required: log in or send an API token.');
export const badRequest = (sv: string, en: string, problems: Problem[] = []) => new HttpError(400, 'bad-request', sv, en, problems);
export const conflict = (sv: string, en: string, problems: Problem[] = []) => new HttpError(409, 'conflict', sv, en, problems);

export function sendError(reply: FastifyReply, status: number, code: string, sv: string, en: string, problems: Problem[] = []) {
  return reply.status(status).send({ error: { code, message: sv, detail: en, problems } });
}

function validationProblems(err: FastifyError): Problem[] {
  const list = err.validation ?? [];
  return list.map((v) => {
    const field = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') ||
      (typeof v.params?.missingProperty === 'string' ? v.params.missingProperty : undefined);
    const where = field ? `fältet "${field}"` : 'indata';
    return {
      code: `validation.${v.keyword}`,
      sv: v.keyword === 'required' ? `Uppgift saknas: ${String(v.params?.missingProperty ?? field)}.` : `Ogiltigt värde i ${where}.`,
      en: `${err.validationContext ?? 'body'}${v.instancePath} ${v.message ?? 'is invalid'}`,
      ...(field ? { field } : {}),
    };
  });
}

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return sendError(reply, err.statusCode, err.code, err.sv, err.en, err.problems);
    }
    if (err instanceof DomainError) {
      const first = err.problems[0];
      return sendError(reply, 400, first?.code ?? 'invalid', first?.sv ?? 'Ogiltig begäran.', err.message, err.problems);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const problems = validationProblems(fe);
      return sendError(reply, 400, 'validation', problems[0]?.sv ?? 'Ogiltig indata.', fe.message, problems);
    }
    const status = fe.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large ...
      const sv =
        status === 413 ? 'Innehållet är för stort.' :
        status === 415 ? 'Innehållstypen stöds inte.' :
        status === 429 ? 'För många försök. Vänta en stund och försök igen.' :
        'Ogiltig begäran.';
      return sendError(reply, status, fe.code ?? 'bad-request', sv, fe.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 500, 'internal', 'Något gick fel hos oss. Försök igen om en stund.', 'Internal server error; see the server log.');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not-found', 'Sidan eller resursen finns inte.', `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
}
