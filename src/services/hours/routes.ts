// Opening hours and phone hours (P-SWB-8, P-HRS-1..4, P-FC-3).
//
// The public endpoints need no login and allow any origin (CORS): the municipality's website
// shows whether the switchboard is open and when it opens next ("Stängt – öppnar måndag
// 24 april kl. 08.00", P-HRS-4), as JSON or as a small embeddable HTML snippet.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../http/context.js';
import { requireActor } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { ErrorResponse } from '../../http/schemas.js';
import { closesAt, isOpen, nextOpening, statusSentence, weekPlan, yearView, type DayHours, type HoursSettings, type Lang } from '../../core/hours/index.js';
import { formatSwedish } from '../../core/numbers/index.js';
import { stockholmDate, type Instant } from '../../core/time.js';
import { toIso } from '../../store/index.js';
import type { Tenant } from '../tenants/profiles.js';

const LangQuery = Type.Object({
  lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
  unit: Type.Optional(Type.String({ maxLength: 64, description: 'A unit id: its phone hours instead of the switchboard\'s.' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31, default: 7 })),
});
type LangQueryT = Static<typeof LangQuery>;

const Day = Type.Object({
  date: Type.String(),
  weekday: Type.Integer(),
  intervals: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
  kind: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
});

const HoursOut = Type.Object({
  municipality: Type.String(),
  name: Type.String({ description: 'Whose hours: the switchboard, the contact centre or a unit.' }),
  open: Type.Boolean(),
  status: Type.String({ description: 'One sentence for people, e.g. "Öppet till 16.00".' }),
  closesAt: Type.Union([Type.String(), Type.Null()]),
  nextOpening: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  week: Type.Array(Day),
  onCall: Type.Array(Type.Object({ label: Type.String(), number: Type.String() })),
});

interface HoursView {
  municipality: string;
  name: string;
  open: boolean;
  status: string;
  closesAt: string | null;
  nextOpening: string | null;
  phone: string | null;
  week: DayHours[];
  onCall: { label: string; number: string }[];
}

function dayOut(d: DayHours) {
  return { date: d.date, weekday: d.weekday, intervals: d.intervals, kind: d.kind, note: d.note };
}

async function hoursFor(ctx: AppContext, tenant: Tenant, q: LangQueryT, at: Instant): Promise<HoursView> {
  const lang: Lang = q.lang ?? 'sv';
  let settings: HoursSettings = tenant.profile.switchboardHours;
  let name = tenant.profile.switchboardKind === 'contact-centre' ? (lang === 'sv' ? 'Kontaktcenter' : 'Contact centre') : (lang === 'sv' ? 'Växeln' : 'Switchboard');
  let phone: string | null = tenant.profile.numberPlan.mainNumber;
  if (q.unit) {
    const unit = await ctx.store.db.selectFrom('units').select(['name', 'phone_hours_json']).where('tenant_id', '=', tenant.id).where('id', '=', q.unit).executeTakeFirst();
    if (!unit) throw notFound('unit');
    // P-HRS-1: a unit without its own phone hours answers during working hours.
    settings = unit.phone_hours_json ? (JSON.parse(unit.phone_hours_json) as HoursSettings) : tenant.profile.workingHours;
    name = unit.name;
    phone = null;
  }
  const open = isOpen(at, settings);
  const closing = open ? closesAt(at, settings) : null;
  const opening = open ? null : nextOpening(at, settings);
  return {
    municipality: tenant.name,
    name,
    open,
    status: statusSentence(at, settings, lang),
    closesAt: closing ? toIso(closing) : null,
    nextOpening: opening ? toIso(opening) : null,
    phone: phone ? formatSwedish(phone) : null,
    week: weekPlan(stockholmDate(at), q.days ?? 7, settings, lang),
    // P-SWB-6: on-call numbers are announced while the switchboard is closed; shown always.
    onCall: q.unit ? [] : tenant.profile.onCall.map((o) => ({ label: o.label, number: formatSwedish(o.number) })),
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const WEEKDAYS: Record<Lang, string[]> = {
  sv: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** A self-contained, accessible HTML fragment for the municipality's website. */
export function hoursHtml(v: HoursView, lang: Lang): string {
  const t = lang === 'sv'
    ? { title: `Telefontider – ${v.name}`, closed: 'Stängt', phone: 'Telefon', onCall: 'Jour' }
    : { title: `Phone hours – ${v.name}`, closed: 'Closed', phone: 'Phone', onCall: 'On call' };
  const rows = v.week.map((d) => {
    const hours = d.intervals.length === 0 ? t.closed : d.intervals.map((i) => `${i.from.replace(':', '.')}–${i.to.replace(':', '.')}`).join(', ');
    const day = `${WEEKDAYS[lang][d.weekday - 1]} ${Number(d.date.slice(8, 10))}/${Number(d.date.slice(5, 7))}`;
    return `<tr><th scope="row">${escape(day)}</th><td>${escape(hours)}${d.note ? ` <small>(${escape(d.note)})</small>` : ''}</td></tr>`;
  }).join('');
  const onCall = v.onCall.length === 0 ? '' :
    `<p class="ov-oncall">${t.onCall}: ${v.onCall.map((o) => `${escape(o.label)} <a href="tel:${escape(o.number.replace(/[^+\d]/g, ''))}">${escape(o.number)}</a>`).join(', ')}</p>`;
  return `<section class="ov-hours" lang="${lang}" aria-labelledby="ov-hours-title">
<style>.ov-hours{font-family:system-ui,sans-serif;color:#1a1a1a;max-width:28rem}.ov-hours .ov-status{font-weight:600;color:${v.open ? '#0b5d1e' : '#8a1c1c'}}.ov-hours table{border-collapse:collapse}.ov-hours th,.ov-hours td{text-align:left;padding:.15rem .75rem .15rem 0;font-weight:normal}</style>
<h2 id="ov-hours-title">${escape(t.title)}</h2>
<p class="ov-status" role="status">${escape(v.status)}</p>
${v.phone ? `<p>${t.phone}: <a href="tel:${escape(v.phone.replace(/[^+\d]/g, ''))}">${escape(v.phone)}</a></p>` : ''}
<table><tbody>${rows}</tbody></table>
${onCall}
</section>
`;
}

function cors(reply: FastifyReply) {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-allow-methods', 'GET, OPTIONS');
  reply.header('cache-control', 'public, max-age=60');
}

export async function hoursRoutes(app: FastifyInstance, ctx: AppContext) {
  const Slug = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 100 }) });

  async function tenantBySlug(slug: string) {
    const t = await ctx.tenants.bySlug(slug);
    if (!t) throw notFound('municipality');
    return t;
  }

  app.options('/public/:tenant/*', { schema: { hide: true } }, async (_request, reply) => {
    cors(reply);
    reply.header('access-control-allow-headers', 'content-type');
    return reply.status(204).send();
  });

  app.get<{ Params: Static<typeof Slug>; Querystring: LangQueryT }>('/public/:tenant/hours.json', {
    schema: {
      tags: ['public'], security: [],
      summary: 'Public phone hours and open status for the municipality\'s website (no login; CORS for any origin).',
      params: Slug, querystring: LangQuery, response: { 200: HoursOut, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    cors(reply);
    const v = await hoursFor(ctx, await tenantBySlug(request.params.tenant), request.query, ctx.clock.now());
    return { ...v, week: v.week.map(dayOut) };
  });

  app.get<{ Params: Static<typeof Slug>; Querystring: LangQueryT }>('/public/:tenant/hours.html', {
    schema: {
      tags: ['public'], security: [],
      summary: 'The same as an embeddable HTML snippet (for an iframe or server-side include).',
      params: Slug, querystring: LangQuery,
    },
  }, async (request, reply) => {
    cors(reply);
    const v = await hoursFor(ctx, await tenantBySlug(request.params.tenant), request.query, ctx.clock.now());
    return reply.type('text/html; charset=utf-8').send(hoursHtml(v, request.query.lang ?? 'sv'));
  });

  app.get<{ Querystring: LangQueryT }>('/api/hours', {
    schema: { tags: ['hours'], summary: 'Switchboard (or a unit\'s) hours and open status now.', querystring: LangQuery, response: { 200: HoursOut, 401: ErrorResponse, 404: ErrorResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const v = await hoursFor(ctx, await ctx.tenants.get(actor.tenantId), request.query, ctx.clock.now());
    return { ...v, week: v.week.map(dayOut) };
  });

  const YearParams = Type.Object({ year: Type.Integer({ minimum: 2005, maximum: 2100 }) });
  app.get<{ Params: Static<typeof YearParams>; Querystring: LangQueryT }>('/api/hours/year/:year', {
    schema: {
      tags: ['hours'],
      summary: 'A year of switchboard hours: holidays, eves, half days and exceptions (the admin\'s year view).',
      params: YearParams, querystring: LangQuery, response: { 200: Type.Array(Day), 401: ErrorResponse },
    },
  }, async (request) => {
    const actor = requireActor(request);
    const tenant = await ctx.tenants.get(actor.tenantId);
    return yearView(request.params.year, tenant.profile.switchboardHours, request.query.lang ?? 'sv')
      .filter((d) => d.kind !== 'regular')
      .map(dayOut);
  });
}
