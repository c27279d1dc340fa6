// Schemas shared by every capability's routes (TypeBox -> JSON Schema -> OpenAPI).
import { Type } from '@sinclair/typebox';

export const ProblemSchema = Type.Object({
  code: Type.String(),
  sv: Type.String({ description: 'Swedish message for the end user.' }),
  en: Type.String({ description: 'English message for developers.' }),
  field: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  rule: Type.Optional(Type.String({ description: 'Policy rule ID, e.g. P-COST-1.' })),
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String({ description: 'Swedish, for the end user.' }),
      detail: Type.String({ description: 'English, for the developer.' }),
      problems: Type.Array(ProblemSchema),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
