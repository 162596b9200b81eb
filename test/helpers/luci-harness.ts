// An HTML page that runs a LuCI view in a browser with a stand-in LuCI runtime, and headless Chromium to render it.
//
// The stand-in provides what the qmi4g views use of LuCI's documented client API: E() (dom.create),
// _(), String.prototype.format, L.bind/L.hasViewPermission, view.extend, poll.add, rpc.declare,
// ui.addNotification/createHandlerFn, dom.content, baseclass.extend. rpc calls answer from recorded
// replies, failures rejected as LuCI's rpc.js does (RPCError, stack appended to the message);
// poll.add records its interval and function, which runs once more with `thenReplies` if given. Styles imitate LuCI's
// bootstrap theme closely enough for a screenshot a person can read.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCES } from './luci-standin';

const STYLE = `
body { font-family: "DejaVu Sans", sans-serif; font-size: 13px; color: #404040; background: #f4f4f4; margin: 0; }
header { background: #1f2b3a; color: #fff; padding: 10px 20px; font-size: 16px; }
header small { color: #9fb0c3; margin-left: 12px; }
#maincontent { padding: 10px 20px 20px; max-width: 960px; }
h2 { font-size: 20px; margin: 12px 0 6px; color: #1f2b3a; }
h3 { font-size: 15px; margin: 0 0 8px; }
.cbi-map-descr { margin-bottom: 10px; color: #666; }
.cbi-section { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 12px 16px; margin-bottom: 14px; }
.table { width: 100%; border-collapse: collapse; }
.tr { border-top: 1px solid #eee; }
.td { padding: 5px 8px; vertical-align: top; }
.label { display: inline-block; padding: 2px 8px; border-radius: 3px; color: #fff; font-weight: bold; background: #777; }
.label.success { background: #2e7d32; } .label.warning { background: #c77c02; } .label.danger { background: #c62828; } .label.notice { background: #546e7a; }
.alert-message { padding: 10px 14px; border-radius: 4px; background: #fff3cd; border: 1px solid #e0c86b; }
.right { text-align: right; }
.cbi-button { padding: 5px 14px; border: 1px solid #0069d6; background: #0069d6; color: #fff; border-radius: 3px; font-size: 13px; }
.cbi-button[disabled] { opacity: .5; }
.qmi4g-error strong { color: #c62828; }
`;

/** The stand-in runtime; `window.__luciSources` maps module names to their source, `window.__replies` rpc keys to replies. */
const RUNTIME = String.raw`
(function() {
  'use strict';
  window.__polls = [];
  window.__pollFns = [];
  window.__calls = [];
  window.__notifications = [];
  Object.defineProperty(String.prototype, 'format', { configurable: true, value: function() {
    var args = arguments, i = 0;
    return String(this).replace(/%([sd%])/g, function(m, t) {
      if (t === '%') return '%';
      var v = args[i++];
      return t === 'd' ? String(Math.floor(+v)) : String(v);
    });
  } });
  function append(node, children) {
    if (children == null) return;
    if (!Array.isArray(children)) children = [ children ];
    children.forEach(function(c) {
      if (c == null || c === false) return;
      if (Array.isArray(c)) return append(node, c);
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    });
  }
  window.E = function(tag, attrs, children) {
    if (Array.isArray(tag)) { var frag = document.createDocumentFragment(); append(frag, attrs); return frag; }
    var el = document.createElement(tag);
    if (attrs != null && (typeof attrs !== 'object' || Array.isArray(attrs) || attrs instanceof Node)) { children = attrs; attrs = null; }
    Object.keys(attrs || {}).forEach(function(k) {
      var v = attrs[k];
      if (v == null) return;
      if (typeof v === 'function') el.addEventListener(k, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    append(el, children);
    return el;
  };
  window._ = function(s) { return s; };
  window.L = {
    bind: function(fn, self) { var a = Array.prototype.slice.call(arguments, 2); return function() { return fn.apply(self, a.concat(Array.prototype.slice.call(arguments))); }; },
    hasViewPermission: function() { return window.__writable !== false; }
  };
  var builtins = {
    baseclass: { extend: function(props) { var C = function() {}; C.prototype = props; C.__luciClass = true; return C; } },
    view: { extend: function(spec) { return spec; } },
    poll: { add: function(fn, interval) { window.__polls.push(interval); window.__pollFns.push(fn); return true; } },
    rpc: { declare: function(spec) { return function() {
      var key = spec.object + '.' + spec.method;
      window.__calls.push(key);
      // As LuCI's rpc.js: uhttpd answers a missing object with JSON-RPC error -32000 "Object not found"
      // ({__rpcError: [code, message]} for another one), and L.raise('RPCError', ...) appends the
      // captured stack to the message, code locations included.
      var failure = !(key in window.__replies) ? [ -32000, 'Object not found' ] : (window.__replies[key] && window.__replies[key].__rpcError);
      if (failure) {
        var e = new Error('RPC call to ' + spec.object + '/' + spec.method + ' failed with error ' + failure[0] + ': ' + failure[1] +
          '\n  at ClassConstructor.handleCallReply (http://192.168.1.1/luci-static/resources/rpc.js?v=26.060:169:12)' +
          '\n  at http://192.168.1.1/luci-static/resources/rpc.js?v=26.060:143:30');
        e.name = 'RPCError';
        return Promise.reject(e);
      }
      var r = window.__replies[key], k = spec.expect ? Object.keys(spec.expect)[0] : undefined;
      if (k) r = (r && r[k] != null) ? r[k] : spec.expect[k];
      return Promise.resolve(r);
    }; } },
    ui: {
      addNotification: function(title, body, level) { window.__notifications.push(level); },
      createHandlerFn: function(ctx, fn) { var a = Array.prototype.slice.call(arguments, 2), f = typeof fn === 'string' ? ctx[fn] : fn; return function(ev) { return f.apply(ctx, a.concat([ ev ])); }; }
    },
    dom: { content: function(node, children) { while (node.firstChild) node.removeChild(node.firstChild); append(node, children); return node; } },
    form: {},
    uci: { get: function() { return null; } }
  };
  var loaded = {};
  window.luciRequire = function(name) {
    if (name in builtins) return builtins[name];
    if (name in loaded) return loaded[name];
    var src = window.__luciSources[name];
    if (src == null) throw new Error('module not found: ' + name);
    var names = [], values = [], re = /^[ \t]*'require[ \t]+(\S+)(?:[ \t]+as[ \t]+(\S+))?';/gm, m;
    while ((m = re.exec(src)) !== null) { names.push(m[2] || m[1].split('.').pop()); values.push(window.luciRequire(m[1])); }
    var v = Function.apply(null, names.concat([ src ])).apply(null, values);
    if (typeof v === 'function' && v.__luciClass) v = new v();
    return (loaded[name] = v);
  };
})();
`;

/** The page for `viewName` (e.g. `view.status.qmi4g`) answering rpc calls from `replies` ('object.method' → reply). */
export function harnessPage(viewName: string, replies: Record<string, unknown>, opts: { writable?: boolean; thenReplies?: Record<string, unknown> } = {}): string {
  const sources: Record<string, string> = {};
  for (const name of [viewName, 'qmi4g.common']) sources[name] = readFileSync(join(RESOURCES, `${name.replace(/\./g, '/')}.js`), 'utf8');
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>qmi4g LuCI status</title><style>${STYLE}</style></head>
<body><header>OpenWrt <small>Status » Cellular</small></header><div id="maincontent"></div>
<script>window.__luciSources = ${json(sources)}; window.__replies = ${json(replies)}; window.__writable = ${opts.writable !== false}; window.__thenReplies = ${json(opts.thenReplies ?? null)};</script>
<script>${RUNTIME}</script>
<script>
(function() {
  var v = luciRequire(${json(viewName)});
  Promise.resolve(v.load()).then(function(data) { return v.render(data); }).then(function(node) {
    document.getElementById('maincontent').appendChild(node);
    // thenReplies: the next poll round answers from these (e.g. the daemon was started meanwhile).
    if (!window.__thenReplies) return;
    window.__replies = window.__thenReplies;
    return Promise.all(window.__pollFns.map(function(fn) { return fn(); }));
  }).then(function() {
    document.body.setAttribute('data-polls', JSON.stringify(window.__polls));
    document.body.setAttribute('data-calls', JSON.stringify(window.__calls));
    document.body.setAttribute('data-rendered', 'ok');
  }).catch(function(e) {
    document.body.setAttribute('data-rendered', 'error: ' + (e && e.stack || e));
  });
})();
</script></body></html>`;
}

/** The installed Chromium binary, or null. */
export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/** Runs headless Chromium on `html` with `args` (e.g. --dump-dom or --screenshot=…); returns stdout. */
export function runChromium(chromium: string, html: string, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'qmi4g-luci-'));
  try {
    const page = join(dir, 'page.html');
    writeFileSync(page, html);
    const r = spawnSync(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', '--allow-file-access-from-files',
      `--user-data-dir=${join(dir, 'profile')}`, '--virtual-time-budget=3000', ...args, `file://${page}`,
    ], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, TZ: 'UTC' }, maxBuffer: 16 * 1024 * 1024 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
