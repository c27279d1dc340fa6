// A person's name as a clip, rendered when the person is created or renamed, so that callers
// hear "Anna Berg är på möte" instead of "Anknytning 2 3 1 1 är på möte". Speech synthesis is
// optional at run time: without espeak-ng (or sox) this says so by returning false, and the
// sentence plans fall back to the extension's digits.
import { DomainError, problem } from '../core/errors.js';
import { VOICE } from './clips.js';
import { DEFAULT_TOOLS, renderClip, renderToolsAvailable, type RenderTools } from './render.js';

/** Longer than any real name; a guard against pasting a paragraph into a name field. */
export const MAX_NAME_CHARS = 120;

/** The text as spoken: control characters dropped, white space collapsed. */
export function speakableName(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Renders `text` with the prompts' voice into `outPath` (8 kHz mono 16-bit PCM WAV, trimmed
 * and normalised like every shipped clip). Returns false, writing nothing, when espeak-ng or
 * sox is not installed. Throws a DomainError for an empty or overlong name, and an Error when
 * rendering fails.
 */
export async function renderNameClip(text: string, outPath: string, tools: RenderTools = DEFAULT_TOOLS): Promise<boolean> {
  const name = speakableName(text);
  if (name.length === 0) {
    throw new DomainError(problem('prompts.name.empty', 'Namnet är tomt och kan inte läsas upp.', 'Name clip text is empty'));
  }
  if (name.length > MAX_NAME_CHARS) {
    throw new DomainError(
      problem('prompts.name.too-long', `Namnet är för långt för att läsas upp (högst ${MAX_NAME_CHARS} tecken).`, `Name clip text is longer than ${MAX_NAME_CHARS} characters`),
    );
  }
  if (!(await renderToolsAvailable(tools))) return false;
  await renderClip({ kind: 'speech', text: name }, VOICE, outPath, tools);
  return true;
}
