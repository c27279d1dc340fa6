import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTenant, sipDomainOf, type TenantSource } from './domains.js';

const two: TenantSource = { all: () => Promise.resolve([{ id: 't1', slug: 'valdemarsvik' }, { id: 't2', slug: 'vara' }]) };
const one: TenantSource = { all: () => Promise.resolve([{ id: 't1', slug: 'valdemarsvik' }]) };

test('a tenant\'s SIP domain is <slug>.sip, and that is its realm', async () => {
  assert.equal(sipDomainOf('Vara'), 'vara.sip');
  assert.deepEqual(await resolveTenant('VARA.sip', two), { id: 't2', slug: 'vara', realm: 'vara.sip' });
});

test('an IP address goes to the default tenant, else to the only one, else nowhere', async () => {
  assert.equal((await resolveTenant('127.0.0.1', two, 'vara'))?.id, 't2');
  assert.equal((await resolveTenant('127.0.0.1', one))?.id, 't1');
  assert.equal(await resolveTenant('127.0.0.1', two), undefined);
  assert.equal((await resolveTenant('[::1]', one))?.realm, 'valdemarsvik.sip');
});

test('an unknown domain name is not guessed at with several tenants and no default', async () => {
  assert.equal(await resolveTenant('example.org', two), undefined);
  assert.equal((await resolveTenant('example.org', two, 'valdemarsvik'))?.id, 't1');
  assert.equal((await resolveTenant('example.org', one))?.id, 't1');
});
