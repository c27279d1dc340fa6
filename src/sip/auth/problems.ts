// Problems raised by SIP digest authentication: Swedish for the person reading a log in the
// admin UI, English for developers, a stable code for machines (src/core/errors.ts).
import { problem, type Problem } from '../../core/errors.js';

export function syntaxProblem(en: string, field?: string): Problem {
  return problem('sip.auth.syntax', 'Autentiseringsfältet i SIP-meddelandet har fel format.', en, field ? { field } : {});
}

export function missingParamProblem(name: string): Problem {
  return problem(
    'sip.auth.param.missing',
    `Parametern "${name}" saknas i autentiseringsfältet.`,
    `Required auth-param "${name}" is missing.`,
    { field: name },
  );
}

export function invalidParamProblem(name: string, en: string): Problem {
  return problem(
    'sip.auth.param.invalid',
    `Parametern "${name}" i autentiseringsfältet har ett ogiltigt värde.`,
    en,
    { field: name },
  );
}
