// Talking to the API: JSON in and out, the session cookie sent by the browser, the CSRF
// token echoed on every unsafe request (src/http/auth.ts), and the API's one error shape
// turned into an ApiError that pages show problem by problem.
import type { ErrorBody, Problem } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Swedish, for the person in front of the screen. */
    readonly sv: string,
    /** English detail (developer-facing, shown in the English interface). */
    readonly en: string,
    readonly problems: Problem[] = [],
  ) {
    super(en);
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the session has ended (401 on a request that needed it). */
export function setOnUnauthenticated(handler: (() => void) | null) {
  onUnauthenticated = handler;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headersFor(method: string, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json', ...extra };
  if (UNSAFE.has(method) && csrfToken) h['x-csrf-token'] = csrfToken;
  return h;
}

export async function errorFrom(status: number, text: string): Promise<ApiError> {
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (body?.error) return new ApiError(status, body.error.code, body.error.message, body.error.detail, body.error.problems ?? []);
  } catch {
    // not the API's error shape
  }
  return new ApiError(status, 'http', 'Något gick fel. Försök igen.', `HTTP ${status}`);
}

export async function api<T>(method: string, url: string, body?: unknown, opts: { signal?: AbortSignal; contentType?: string } = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: headersFor(method) };
  if (opts.signal) init.signal = opts.signal;
  if (body !== undefined) {
    const type = opts.contentType ?? 'application/json';
    init.headers = headersFor(method, { 'content-type': type });
    init.body = type === 'application/json' ? JSON.stringify(body) : (body as BodyInit);
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Servern svarar inte. Kontrollera anslutningen och försök igen.', 'The server could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!res.ok) {
    const e = await errorFrom(res.status, text);
    if (res.status === 401 && url !== '/api/auth/login' && url !== '/api/auth/me') onUnauthenticated?.();
    throw e;
  }
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? JSON.parse(text) : text) as T;
}

export const get = <T>(url: string, signal?: AbortSignal) => api<T>('GET', url, undefined, signal ? { signal } : {});
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body);
export const patch = <T>(url: string, body: unknown) => api<T>('PATCH', url, body);
export const del = (url: string) => api<void>('DELETE', url);

/**
 * A body sent with upload progress (fetch cannot report it): the CSV import's progress bar.
 * `onProgress` gets 0..1 while the file goes up, then null while the server checks it.
 */
export function upload<T>(method: string, url: string, body: Blob | string, contentType: string, onProgress: (fraction: number | null) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headersFor(method, { 'content-type': contentType }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(null);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Servern svarar inte. Kontrollera anslutningen och försök igen.', 'The server could not be reached.'));
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError(xhr.status, 'bad-response', 'Oväntat svar från servern.', 'The response was not JSON.'));
        }
      } else {
        reject(await errorFrom(xhr.status, xhr.responseText));
      }
    };
    xhr.send(body);
  });
}

/** A check made in the browser, shown like the server's errors. */
export const clientError = (sv: string, en: string) => new ApiError(0, 'client', sv, en);
