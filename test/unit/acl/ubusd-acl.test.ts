// Checks the shipped ubusd ACL (files/usr/share/acl.d/qmi4g.json) against ubusd's loader and evaluates it as ubusd would for a non-root client.
//
// Model of openwrt/ubus ubusd_acl.c (read at 020a64b): the file is one JSON object with `user` or
// `group` (string; `user` wins), `access` (table: object path → {methods: [..], tags: [..], acl: {..}}),
// and `publish`/`subscribe`/`listen`/`send`/`inherit` (arrays of strings); unknown keys and
// wrongly typed values are silently ignored (blobmsg_parse), so a typo grants nothing — this test
// refuses them. ubusd_acl_check: uid 0 is always allowed; an entry matches an object exactly, or
// by prefix when its key ends in `*`; a method is allowed when listed or when `*` is listed.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { METHOD_POLICIES } from '../../../src/daemon/daemon';

const ACL_FILE = resolve(__dirname, '../../../files/usr/share/acl.d/qmi4g.json');
const TOP_KEYS: Record<string, 'string' | 'table' | 'array'> = {
  user: 'string', group: 'string', access: 'table', publish: 'array', subscribe: 'array', inherit: 'array', listen: 'array', send: 'array',
};
const ACCESS_KEYS: Record<string, 'table' | 'array'> = { methods: 'array', tags: 'array', acl: 'table' };

type Kind = 'access' | 'publish' | 'subscribe' | 'listen' | 'send';
interface Entry { key: string; partial: boolean; kind: Kind; methods?: string[] }

/** Throws a plain Error (not an assertion) so the strict-loader test can match it. */
function need(cond: boolean, msg: string): void { if (!cond) throw new Error(msg); }

function typeOf(v: unknown): string { return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'table' : typeof v; }

/** Loads the file the way ubusd_acl_file_add does, but strictly: anything ubusd would ignore is an error here. */
function load(text: string): { who: { user?: string; group?: string }; entries: Entry[] } {
  const doc = JSON.parse(text) as Record<string, unknown>;
  need(typeOf(doc) === 'table', 'top level is a JSON object');
  for (const [k, v] of Object.entries(doc)) {
    need(k in TOP_KEYS, `unknown top-level key ${k} (ubusd ignores it)`);
    need(typeOf(v) === TOP_KEYS[k], `${k} must be a ${TOP_KEYS[k]}`);
  }
  need((doc.user === undefined) !== (doc.group === undefined), 'exactly one of user/group');
  const entries: Entry[] = [];
  const add = (obj: string, kind: Kind, methods?: string[]) => {
    need(obj.length > 0, 'empty object name (ubusd_acl_alloc_obj refuses it)');
    const partial = obj.endsWith('*');
    entries.push({ key: partial ? obj.slice(0, -1) : obj, partial, kind, methods });
  };
  for (const [obj, spec] of Object.entries((doc.access ?? {}) as Record<string, unknown>)) {
    need(typeOf(spec) === 'table', `access.${obj}`);
    for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
      need(k in ACCESS_KEYS, `unknown key access.${obj}.${k}`);
      need(typeOf(v) === ACCESS_KEYS[k], `access.${obj}.${k}`);
    }
    const methods = (spec as { methods?: unknown[] }).methods ?? [];
    for (const m of methods) need(typeof m === 'string', `access.${obj}.methods items are strings`);
    add(obj, 'access', methods as string[]);
  }
  for (const kind of ['publish', 'subscribe', 'listen', 'send'] as const) {
    for (const item of (doc[kind] ?? []) as unknown[]) {
      need(typeof item === 'string', `${kind} items are strings`);
      add(item as string, kind);
    }
  }
  return { who: { user: doc.user as string | undefined, group: doc.group as string | undefined }, entries };
}

/** ubusd_acl_check for a non-root client whose credentials match the file's user/group. */
function allowed(entries: Entry[], kind: Kind, obj: string, method?: string): boolean {
  for (const e of entries) {
    if (e.kind !== kind) continue;
    if (!(obj === e.key || (e.partial && obj.startsWith(e.key)))) continue;
    if (kind !== 'access') return true;
    if (e.methods!.some((m) => m === method || m === '*')) return true;
  }
  return false;
}

const acl = load(readFileSync(ACL_FILE, 'utf8'));

test('the file has the shape ubusd_acl.c loads: group users, access/listen only, typed', () => {
  assert.equal(acl.who, { user: undefined, group: 'users' });
  assert.ok(acl.entries.length >= 2);
});

test('non-root may call only the read methods status, info and signal_history on qmi4g', () => {
  const methods = Object.keys(METHOD_POLICIES);
  for (const m of ['up', 'down', 'status', 'info', 'reconnect', 'signal_history']) assert.ok(methods.includes(m), m);
  for (const m of [...methods, 'at', '*', 'nonexistent', '']) {
    assert.is(allowed(acl.entries, 'access', 'qmi4g', m), m === 'status' || m === 'info' || m === 'signal_history', `qmi4g.${m}`);
  }
});

test('non-root gets nothing on other objects, and may not publish, subscribe or send', () => {
  for (const obj of ['qmi4g.', 'qmi4gx', 'qmi4', 'network.interface', 'network.interface.wdm0', 'system', 'file', 'service', 'rc', 'uci']) {
    for (const m of ['status', 'info', 'call', '*']) assert.not.ok(allowed(acl.entries, 'access', obj, m), `${obj}.${m}`);
  }
  for (const obj of ['qmi4g', 'qmi4g.state', 'network.interface', '*']) {
    assert.not.ok(allowed(acl.entries, 'publish', obj), `publish ${obj}: a user must never register qmi4g`);
    assert.not.ok(allowed(acl.entries, 'subscribe', obj), `subscribe ${obj}`);
    assert.not.ok(allowed(acl.entries, 'send', obj), `send ${obj}`);
  }
});

test('non-root may listen to qmi4g.* events (both the exact name and the pattern), nothing else', () => {
  for (const ev of ['qmi4g.state', 'qmi4g.*', 'qmi4g.anything']) assert.ok(allowed(acl.entries, 'listen', ev), ev);
  for (const ev of ['*', 'qmi4g', 'qmi4gx.state', 'network.interface', 'ubus.object.add', 'hotplug.net']) assert.not.ok(allowed(acl.entries, 'listen', ev), ev);
});

test('the strict loader rejects what ubusd would silently ignore', () => {
  assert.throws(() => load('{"group":"users","acess":{}}'), /unknown top-level key acess/);
  assert.throws(() => load('{"group":"users","listen":"qmi4g.*"}'), /listen must be a array/);
  assert.throws(() => load('{"group":"users","access":{"qmi4g":{"method":["status"]}}}'), /unknown key access.qmi4g.method/);
  assert.throws(() => load('{"access":{}}'), /exactly one of user\/group/);
  const wide = load('{"group":"users","access":{"qmi4g":{"methods":["*"]}},"publish":["qmi*"]}');
  assert.ok(allowed(wide.entries, 'access', 'qmi4g', 'up'), 'a * method grants everything');
  assert.ok(allowed(wide.entries, 'publish', 'qmi4g'), 'a trailing * matches by prefix');
});

test.run();
