// E-mail for a new voicemail message (P-VM-1, P-CB-1): to whoever may listen to the box,
// in Swedish, with who called, when, how long, the call-back deadline, and the recording
// attached, so it can be heard on the computer or the phone's mail app (P-VM-3).
// SMTP through nodemailer (OV_SMTP_URL); without it no e-mail is sent (logged once).
import nodemailer, { type Transporter } from 'nodemailer';
import { formatClock, formatDay } from '../../core/hours/index.js';
import { formatSwedish } from '../../core/numbers/index.js';
import type { Instant } from '../../core/time.js';

export interface MailAttachment {
  filename: string;
  path: string;
  contentType: string;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

/** What sends mail; the SMTP one below, or anything a test or another installation provides. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close?(): void;
}

/** An SMTP mailer for `smtpUrl` (smtp://host:port, smtps://...), or null when none is configured. */
export function smtpMailer(config: { smtpUrl: string | undefined; mailFrom: string }): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport: Transporter = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
    },
    close: () => transport.close(),
  };
}

export interface VoicemailMailInput {
  /** The recipient's first name, for the salutation. */
  firstName: string;
  /** Whose box: the recipient's own, a function's ("Bygglov"), or the switchboard's. */
  box: { kind: 'person' } | { kind: 'function'; name: string } | { kind: 'switchboard' };
  caller: { number: string | null; name: string | null };
  receivedAt: Instant;
  durationMs: number;
  /** P-CB-1: the call-back deadline, when a call-back was created. */
  due: Instant | null;
  /** Where the web app is (listening on the computer, P-VM-3). */
  publicUrl: string;
  /** The internal number for voicemail by phone (P-VM-3). */
  voicemailNumber: string | null;
}

/** "42 sekunder", "1 minut och 5 sekunder", "3 minuter". */
export function swedishDuration(ms: number): string {
  const total = Math.max(1, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const m = minutes === 1 ? '1 minut' : `${minutes} minuter`;
  const s = seconds === 1 ? '1 sekund' : `${seconds} sekunder`;
  if (minutes === 0) return s;
  return seconds === 0 ? m : `${m} och ${s}`;
}

/** A caller as Swedes write it: "Eva Lund, 070-174 06 10", "anknytning 2211", "okänt nummer". */
export function swedishCaller(caller: VoicemailMailInput['caller']): string {
  const number = caller.number && /^\+?\d+$/.test(caller.number)
    ? caller.number.startsWith('+') ? formatSwedish(caller.number) : caller.number.length <= 6 ? `anknytning ${caller.number}` : caller.number
    : null;
  if (caller.name && number) return `${caller.name}, ${number}`;
  return caller.name ?? number ?? 'okänt nummer';
}

function when(at: Instant, reference: Instant): string {
  return `${formatDay(at, 'sv', reference)} kl. ${formatClock(at, 'sv')}`;
}

/** The Swedish subject and text of the e-mail for one message. */
export function composeVoicemailMail(m: VoicemailMailInput): { subject: string; text: string } {
  const from = swedishCaller(m.caller);
  const whose = m.box.kind === 'function' ? ` till ${m.box.name}` : m.box.kind === 'switchboard' ? ' till växeln' : '';
  const subject = `Nytt röstmeddelande${whose} från ${from}`;
  const lines = [
    `Hej ${m.firstName}!`,
    '',
    m.box.kind === 'person' ? 'Du har fått ett nytt röstmeddelande.' : `Ett nytt röstmeddelande har kommit${whose}.`,
    '',
    `Från: ${from}`,
    `Mottaget: ${when(m.receivedAt, m.receivedAt)}`,
    `Längd: ${swedishDuration(m.durationMs)}`,
  ];
  if (m.due) lines.push(`Ring upp senast: ${when(m.due, m.receivedAt)}`);
  lines.push(
    '',
    'Meddelandet finns bifogat som ljudfil.',
    `Du kan också lyssna på det i Öppen Växel: ${m.publicUrl}${m.voicemailNumber ? `, eller ringa ${m.voicemailNumber} från din telefon` : ''}.`,
  );
  if (m.due) lines.push('', 'Ring upp den som lämnade meddelandet, eller svara med e-post, senast vid tiden ovan.');
  return { subject, text: lines.join('\n') + '\n' };
}
