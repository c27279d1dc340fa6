// P-SWB-9: information snippets ("informationsbitar") about the municipality for the
// switchboard: what the contact centre tells callers itself (sophämtning, parkering,
// öppettider på återvinningscentralen). Admins write them; operators read and search them.
//
// Search is Swedish-aware in the directory's way (swedish-text.ts): case and accents do not
// matter, å ä ö may be typed as a a o, and every word of the query must be found in the
// title, the keywords or the text. Keywords weigh most, then the title, then the text.
import type { Kysely, Selectable } from 'kysely';
import type { Database, InfoSnippetsTable } from '../../store/schema.js';
import type { Actor, AppContext } from '../../http/context.js';
import { foldText, normalizeText, stem, tokenize } from '../../core/directory/swedish-text.js';
import { DomainError, problem, type Problem } from '../../core/errors.js';
import { newId, toIso } from '../../store/index.js';
import { notFound } from '../../http/errors.js';
import { audit } from '../audit/audit.js';

export interface SnippetInput {
  title: string;
  body: string;
  keywords: string[];
}

export interface Snippet extends SnippetInput {
  id: string;
  updatedBy: string | null;
  updatedAt: string;
}

export const SNIPPET_LIMITS = { title: 200, body: 5000, keywords: 30, keyword: 60 } as const;

function fromRow(r: Selectable<InfoSnippetsTable>): Snippet {
  let keywords: string[] = [];
  try {
    const k = JSON.parse(r.keywords_json) as unknown;
    if (Array.isArray(k)) keywords = k.filter((x): x is string => typeof x === 'string');
  } catch {
    // A damaged keyword list reads as none.
  }
  return { id: r.id, title: r.title, body: r.body, keywords, updatedBy: r.updated_by, updatedAt: r.updated_at };
}

/** Trims, drops empty and repeated keywords; Swedish problems for what cannot be saved. */
export function validateSnippet(input: SnippetInput): { value: SnippetInput; problems: Problem[] } {
  const problems: Problem[] = [];
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title) problems.push(problem('snippet.title.required', 'Rubrik saknas.', 'title is required.', { field: 'title', rule: 'P-SWB-9' }));
  if (title.length > SNIPPET_LIMITS.title) problems.push(problem('snippet.title.too-long', `Rubriken får vara högst ${SNIPPET_LIMITS.title} tecken.`, `title is longer than ${SNIPPET_LIMITS.title}.`, { field: 'title' }));
  if (!body) problems.push(problem('snippet.body.required', 'Text saknas.', 'body is required.', { field: 'body', rule: 'P-SWB-9' }));
  if (body.length > SNIPPET_LIMITS.body) problems.push(problem('snippet.body.too-long', `Texten får vara högst ${SNIPPET_LIMITS.body} tecken.`, `body is longer than ${SNIPPET_LIMITS.body}.`, { field: 'body' }));
  const seen = new Set<string>();
  const keywords: string[] = [];
  for (const k of input.keywords) {
    const t = k.trim();
    const key = normalizeText(t);
    if (!t || seen.has(key)) continue;
    seen.add(key);
    keywords.push(t);
  }
  if (keywords.length > SNIPPET_LIMITS.keywords) problems.push(problem('snippet.keywords.too-many', `Högst ${SNIPPET_LIMITS.keywords} sökord.`, `At most ${SNIPPET_LIMITS.keywords} keywords.`, { field: 'keywords' }));
  if (keywords.some((k) => k.length > SNIPPET_LIMITS.keyword)) problems.push(problem('snippet.keyword.too-long', `Ett sökord får vara högst ${SNIPPET_LIMITS.keyword} tecken.`, `A keyword is longer than ${SNIPPET_LIMITS.keyword}.`, { field: 'keywords' }));
  return { value: { title, body, keywords }, problems };
}

const words = (text: string) => tokenize(text).map((t) => foldText(t.text));

/** How well a snippet answers the query words: 0 when a word is missing. */
export function snippetScore(s: SnippetInput, query: string[]): number {
  if (query.length === 0) return 1;
  const keywordWords = s.keywords.flatMap(words);
  const titleWords = words(s.title);
  const bodyWords = words(s.body);
  let score = 0;
  for (const q of query) {
    // "sophämtningen" finds "sophämtning": the query word's stem is matched as a prefix.
    const st = stem(q);
    if (keywordWords.some((w) => w === q || stem(w) === st)) score += 6;
    else if (keywordWords.some((w) => w.startsWith(st))) score += 4;
    else if (titleWords.some((w) => w.startsWith(st))) score += 3;
    else if (bodyWords.some((w) => w.startsWith(st))) score += 1;
    else return 0;
  }
  return score;
}

export class SnippetService {
  constructor(private readonly ctx: AppContext) {}

  private get db(): Kysely<Database> {
    return this.ctx.store.db;
  }

  /** All, or those matching `q`, best first (then by title). */
  async search(tenantId: string, q?: string): Promise<Snippet[]> {
    const rows = await this.db.selectFrom('info_snippets').selectAll().where('tenant_id', '=', tenantId).execute();
    const all = rows.map(fromRow);
    const query = q ? words(q) : [];
    return all
      .map((s) => ({ s, score: snippetScore(s, query) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.s.title.localeCompare(b.s.title, 'sv'))
      .map((x) => x.s);
  }

  async get(tenantId: string, id: string): Promise<Snippet> {
    const row = await this.db.selectFrom('info_snippets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('snippet');
    return fromRow(row);
  }

  async create(actor: Actor, input: SnippetInput): Promise<Snippet> {
    const { value, problems } = validateSnippet(input);
    if (problems.length > 0) throw new DomainError(problems);
    const now = toIso(this.ctx.clock.now());
    const id = newId();
    await this.db.insertInto('info_snippets').values({
      id, tenant_id: actor.tenantId, title: value.title, body: value.body, keywords_json: JSON.stringify(value.keywords), updated_by: actor.id, updated_at: now,
    }).execute();
    await audit(this.db, actor, actor.tenantId, this.ctx.clock.now(), { action: 'snippet.create', entity: 'info_snippet', entityId: id });
    return this.get(actor.tenantId, id);
  }

  async update(actor: Actor, id: string, input: SnippetInput): Promise<Snippet> {
    await this.get(actor.tenantId, id);
    const { value, problems } = validateSnippet(input);
    if (problems.length > 0) throw new DomainError(problems);
    await this.db.updateTable('info_snippets')
      .set({ title: value.title, body: value.body, keywords_json: JSON.stringify(value.keywords), updated_by: actor.id, updated_at: toIso(this.ctx.clock.now()) })
      .where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
    await audit(this.db, actor, actor.tenantId, this.ctx.clock.now(), { action: 'snippet.update', entity: 'info_snippet', entityId: id });
    return this.get(actor.tenantId, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.get(actor.tenantId, id);
    await this.db.deleteFrom('info_snippets').where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
    await audit(this.db, actor, actor.tenantId, this.ctx.clock.now(), { action: 'snippet.delete', entity: 'info_snippet', entityId: id });
  }
}
