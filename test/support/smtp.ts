// A real SMTP server in the test process (the npm package smtp-server) on 127.0.0.1 and a
// free port: it accepts every message and keeps it, and a small MIME reader gives tests the
// subject, the text and the attachments as bytes. Plain SMTP without AUTH or STARTTLS, as a
// municipality's internal relay is usually reached.
import { SMTPServer } from 'smtp-server';

export interface ReceivedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Decoded (RFC 2047). */
  subject: string;
  text: string;
  attachments: ReceivedAttachment[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Resolves when `n` mails have arrived (bounded). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = readMail(raw);
        mails.push({
          ...mail,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        waiters.splice(0).forEach((w) => w());
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    async waitFor(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (mails.length < n) {
        const left = until - Date.now();
        if (left <= 0) throw new Error(`waited ${timeoutMs} ms for ${n} mail(s), got ${mails.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, Math.min(left, 100));
        });
      }
      return mails.slice(0, n);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---- a small MIME reader (enough for what nodemailer writes) -------------------------------

function splitHead(part: string): { headers: Map<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? '' : part.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=). */
function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*(?==\?)?/g, (_all, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (e === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    return Buffer.from(soft.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  }
  return Buffer.from(body, 'utf8');
}

function param(value: string | undefined, name: string): string | undefined {
  const m = value ? new RegExp(`${name}\\*?=(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value) : null;
  return m ? decodeWords(m[1] ?? m[2] ?? '') : undefined;
}

function readParts(part: string, out: { text: string; attachments: ReceivedAttachment[] }): void {
  const { headers, body } = splitHead(part);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = param(type, 'boundary');
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const pieces = body.split(`--${boundary}`).slice(1);
    for (const p of pieces) {
      if (p.startsWith('--')) break;
      readParts(p.replace(/^\r?\n/, ''), out);
    }
    return;
  }
  const content = decodeBody(body, headers.get('content-transfer-encoding'));
  const disposition = headers.get('content-disposition');
  const filename = param(disposition, 'filename') ?? param(type, 'name');
  if (filename || disposition?.toLowerCase().startsWith('attachment')) {
    out.attachments.push({ filename: filename ?? '', contentType: type.split(';')[0]!.trim().toLowerCase(), content });
  } else if (type.toLowerCase().startsWith('text/plain')) {
    out.text += content.toString('utf8');
  }
}

export function readMail(raw: string): Omit<ReceivedMail, 'from' | 'to' | 'raw'> {
  const { headers } = splitHead(raw);
  const out = { text: '', attachments: [] as ReceivedAttachment[] };
  readParts(raw, out);
  return { subject: decodeWords(headers.get('subject') ?? ''), text: out.text, attachments: out.attachments };
}
