// Serving the web apps (src/http/static.ts): pages fall back to the app, hashed assets are
// cached for a year, API paths stay the API's, nothing outside the build is reachable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandler } from '../../src/http/errors.js';
import { staticPlugin } from '../../src/http/static.js';
import { startTestApp, type TestApp } from '../support/app.js';

async function serve(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/api/health', async () => ({ ok: true }));
  await app.register(async (scoped) => staticPlugin(scoped, { root }));
  await app.ready();
  return app;
}

describe('the web apps from a build', () => {
  let root: string;
  let app: FastifyInstance;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'ov-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><html lang="sv"><title>Öppen Växel</title><script type="module" src="/assets/index-AbC123.js"></script>');
    writeFileSync(path.join(root, 'assets', 'index-AbC123.js'), 'console.log("app")');
    writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'not for the web');
    app = await serve(root);
  });
  after(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('every page address gets the app, revalidated each time, with a content security policy', async () => {
    for (const url of ['/', '/status', '/admin/import', '/team/aterkopplingar?x=1']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.headers['content-security-policy'] as string, /default-src 'self'; script-src 'self'/);
      assert.match(res.body, /<html lang="sv">/);
    }
  });

  test('hashed assets are cached for a year and immutable; other files are revalidated', async () => {
    const js = await app.inject({ url: '/assets/index-AbC123.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.body, 'console.log("app")');
    assert.match(js.headers['content-type'] as string, /javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const icon = await app.inject({ url: '/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.headers['cache-control'], 'public, max-age=0');
    const head = await app.inject({ method: 'HEAD', url: '/assets/index-AbC123.js' });
    assert.equal(head.statusCode, 200);
  });

  test('a missing asset is a 404 in the API\'s error shape, not the app\'s HTML', async () => {
    const res = await app.inject({ url: '/assets/index-old.js' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not-found');
  });

  test('API paths no route took stay the API\'s 404; API routes are not shadowed', async () => {
    for (const url of ['/api/finns-inte', '/api', '/public/x/y.json']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.message, 'Sidan eller resursen finns inte.');
    }
    assert.deepEqual((await app.inject({ url: '/api/health' })).json(), { ok: true });
  });

  test('nothing outside the build is reachable', async () => {
    for (const url of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/.%2e/secret.txt']) {
      const res = await app.inject({ url });
      assert.ok(!res.body.includes('not for the web'), `${url} leaked the file`);
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
    }
  });
});

describe('before the app is built', () => {
  test('pages explain how to build it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ov-web-empty-'));
    const app = await serve(root);
    try {
      const res = await app.inject({ url: '/status' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /npm run build:web/);
      assert.equal((await app.inject({ url: '/api/finns-inte' })).statusCode, 404);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('in the whole server', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('the app\'s one route comes after every API route; an unknown API method is still a JSON 404', async () => {
    assert.ok(t.routes.includes('GET /*'));
    assert.equal((await t.anonymous('GET', '/api/health')).statusCode, 200);
    const post = await t.anonymous('POST', '/status');
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().error.code, 'not-found');
    const page = await t.anonymous('GET', '/meddelanden');
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
  });
});
