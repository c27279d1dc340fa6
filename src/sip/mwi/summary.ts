// The message-summary body of RFC 3842 (Content-Type application/simple-message-summary):
//
//   Messages-Waiting: yes
//   Message-Account: sip:2211@valdemarsvik.sip
//   Voice-Message: 1/0
//
// "Messages-Waiting" says whether new messages wait; each message-context line counts new
// and old messages ("new/old"), with urgent counts in parentheses when there are any. We
// keep voice messages only: voicemail is the one message store we have.

export const MESSAGE_SUMMARY_TYPE = 'application/simple-message-summary';
export const MESSAGE_SUMMARY_EVENT = 'message-summary';

export interface MailboxSummary {
  /** Complete messages nobody has listened to yet. */
  newMessages: number;
  /** Messages heard or saved, not deleted. */
  oldMessages: number;
}

/** The body of a NOTIFY for one account. */
export function formatMessageSummary(account: string, s: MailboxSummary): string {
  const count = (n: number) => (Number.isInteger(n) && n >= 0 ? Math.min(n, 99_999) : 0);
  return [
    `Messages-Waiting: ${s.newMessages > 0 ? 'yes' : 'no'}`,
    `Message-Account: ${account}`,
    `Voice-Message: ${count(s.newMessages)}/${count(s.oldMessages)}`,
    '',
  ].join('\r\n');
}

export interface ParsedSummary {
  waiting: boolean;
  account?: string;
  /** Per message-context class (lower case): new and old counts, urgent ones when given. */
  counts: Record<string, { new: number; old: number; urgentNew?: number; urgentOld?: number }>;
}

/** Reads a message-summary body (tests, and any peer that sends us one). Null when malformed. */
export function parseMessageSummary(body: string): ParsedSummary | null {
  let waiting: boolean | undefined;
  const out: ParsedSummary = { waiting: false, counts: {} };
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'messages-waiting') {
      if (!/^(yes|no)$/i.test(value)) return null;
      waiting = value.toLowerCase() === 'yes';
    } else if (name === 'message-account') {
      out.account = value;
    } else {
      const m = /^(\d+)\/(\d+)(?:\s*\((\d+)\/(\d+)\))?$/.exec(value);
      if (!m) continue; // other headers (e.g. optional message headers) are not ours to judge
      out.counts[name] = {
        new: Number(m[1]), old: Number(m[2]),
        ...(m[3] !== undefined ? { urgentNew: Number(m[3]), urgentOld: Number(m[4]) } : {}),
      };
    }
  }
  if (waiting === undefined) return null;
  out.waiting = waiting;
  return out;
}
