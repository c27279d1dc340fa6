// Rendering clips at development time (and name clips on demand): espeak-ng speaks, sox turns
// the result into what the media layer plays. Nothing here runs on a call's path; the running
// program plays the WAVs this produced.
//
// The pipeline for speech (sox effects run left to right):
//   espeak-ng -v sv -s <wpm> -p <pitch> --stdin -w raw.wav          22.05 kHz mono
//   sox -D raw.wav -r 8000 -c 1 -b 16 out.wav \
//       silence 1 0.02 -45d reverse silence 1 0.02 -45d reverse \   trim both ends
//       norm -3                                                     peak at -3 dBFS
// `-D` turns dithering off, so the same text gives the same bytes on every run and the
// committed clips only change when their text or these settings do.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClipSource, Voice } from './clips.js';
import { loadClip } from '../media/wav.js';

/** Every prompt is 8 kHz mono 16-bit PCM, as the phone network carries it (G.711's rate). */
export const PROMPT_SAMPLE_RATE = 8000;

/** Everything besides the clip itself that decides its bytes; part of the render hash. */
export const RENDER_SETTINGS = {
  pipeline: 1,
  sampleRate: PROMPT_SAMPLE_RATE,
  /** sox `silence`: parts quieter than `threshold` for `seconds` are cut at either end. */
  trim: { seconds: 0.02, threshold: '-45d' },
  /** Peak level of speech. */
  speechPeakDb: -3,
  /** A sine at -3 dBFS peak is far louder than speech at the same peak; keep the beep modest. */
  tonePeakDb: -12,
  /** Fade in and out so that the beep does not click. */
  toneFadeSeconds: 0.01,
} as const;

export interface RenderTools {
  espeak: string;
  sox: string;
}

export const DEFAULT_TOOLS: RenderTools = { espeak: 'espeak-ng', sox: 'sox' };

/**
 * The hash the manifest keeps per clip: the clip's source, the voice (speech only, so that a
 * voice change does not re-render the beep) and the render settings.
 */
export function clipHash(source: ClipSource, voice: Voice): string {
  const basis = source.kind === 'speech' ? { source, voice, render: RENDER_SETTINGS } : { source, render: RENDER_SETTINGS };
  return createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 16);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function run(command: string, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ code: null, stdout, stderr: e.message, missing: e.code === 'ENOENT' }));
    child.on('close', (code) => resolve({ code, stdout, stderr, missing: false }));
    child.stdin.on('error', () => undefined); // a program that exits early closes its stdin
    child.stdin.end(stdin ?? '');
  });
}

async function mustRun(command: string, args: string[], stdin?: string): Promise<string> {
  const r = await run(command, args, stdin);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.missing ? 'not installed' : `exit ${r.code}`}): ${r.stderr.trim()}`);
  return r.stdout;
}

const available = new Map<string, Promise<boolean>>();

/** Whether a program answers `--version`; asked once per program name. */
function answers(command: string): Promise<boolean> {
  let known = available.get(command);
  if (!known) {
    known = run(command, ['--version']).then((r) => r.code === 0);
    available.set(command, known);
  }
  return known;
}

/** Whether espeak-ng and sox are both installed (Debian packages `espeak-ng`, `sox`). */
export async function renderToolsAvailable(tools: RenderTools = DEFAULT_TOOLS): Promise<boolean> {
  const [espeak, sox] = await Promise.all([answers(tools.espeak), answers(tools.sox)]);
  return espeak && sox;
}

/** "espeak-ng 1.51, sox 14.4.2": recorded in the manifest for information, not hashed. */
export async function renderToolVersions(tools: RenderTools = DEFAULT_TOOLS): Promise<string> {
  const espeak = (await mustRun(tools.espeak, ['--version'])).match(/\d+\.\d+(?:\.\d+)?/)?.[0] ?? '?';
  const sox = (await mustRun(tools.sox, ['--version'])).match(/\d+\.\d+(?:\.\d+)?/)?.[0] ?? '?';
  return `espeak-ng ${espeak}, sox ${sox}`;
}

const OUT_FORMAT = ['-r', String(RENDER_SETTINGS.sampleRate), '-c', '1', '-b', '16'];

function trimEffects(): string[] {
  const { seconds, threshold } = RENDER_SETTINGS.trim;
  const once = ['silence', '1', String(seconds), threshold];
  return [...once, 'reverse', ...once, 'reverse'];
}

/**
 * Renders one clip to `outPath` (8 kHz mono 16-bit PCM WAV) and returns its length in
 * milliseconds. The file appears whole or not at all (written beside it, then renamed), so a
 * server reading name clips never sees half a file.
 */
export async function renderClip(source: ClipSource, voice: Voice, outPath: string, tools: RenderTools = DEFAULT_TOOLS): Promise<number> {
  await mkdir(path.dirname(outPath), { recursive: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'ov-prompt-'));
  const staged = path.join(work, 'out.wav');
  try {
    if (source.kind === 'speech') {
      const raw = path.join(work, 'raw.wav');
      // Text goes in on stdin: a name that starts with '-' is never read as an option.
      await mustRun(tools.espeak, ['-v', voice.voice, '-s', String(voice.wordsPerMinute), '-p', String(voice.pitch), '--stdin', '-w', raw], source.text);
      await mustRun(tools.sox, ['-D', raw, ...OUT_FORMAT, staged, ...trimEffects(), 'norm', String(RENDER_SETTINGS.speechPeakDb)]);
    } else if (source.kind === 'tone') {
      const seconds = source.ms / 1000;
      const fade = String(RENDER_SETTINGS.toneFadeSeconds);
      await mustRun(tools.sox, ['-D', '-n', ...OUT_FORMAT, staged, 'synth', String(seconds), 'sine', String(source.hz), 'fade', 't', fade, String(seconds), fade, 'norm', String(RENDER_SETTINGS.tonePeakDb)]);
    } else {
      await mustRun(tools.sox, ['-D', '-n', ...OUT_FORMAT, staged, 'trim', '0', String(source.ms / 1000)]);
    }
    const wav = await loadClip(staged);
    if (!wav.ok) throw new Error(`rendered clip is not 8 kHz mono PCM: ${wav.problems.map((p) => p.en).join('; ')}`);
    if (wav.value.length === 0) throw new Error(`rendered clip is empty (nothing audible in ${JSON.stringify(source)})`);
    const partial = `${outPath}.${process.pid}.partial`;
    await copyFile(staged, partial);
    await rename(partial, outPath);
    return Math.round(wav.value.length / (RENDER_SETTINGS.sampleRate / 1000));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
