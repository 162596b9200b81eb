// Generates, from the option table (src/daemon/options.ts), the three files that must agree with it:
// the handlers' proto_config_add_* declarations, LuCI's option metadata, and the docs/config.md table.
// Pure functions of the table (and, for the docs, of the current file text); gen-options.ts writes them.
import { MBIM_SH_DECLARATION_ORDER, OPTIONS, defaultOf, type Flavor, type OptionSpec } from '../src/daemon/options';

/** Repository paths of the generated files. */
export const GENERATED = {
  handler: 'netifd-proto/qmi4g-options.sh',
  luci: 'luci/htdocs/luci-static/resources/qmi4g/options.js',
  docs: 'docs/config.md',
} as const;

export const DOCS_BEGIN = '<!-- BEGIN GENERATED option table: `npm run gen:options` from src/daemon/options.ts; do not edit -->';
export const DOCS_END = '<!-- END GENERATED option table -->';

const FLAVORS: readonly Flavor[] = ['qmi4g', 'mbim'];

function declaredBy(o: OptionSpec, f: Flavor): boolean { return o.handler[f] !== undefined; }

/** One proto_config_add_* line, or null for options of proto_config_add_defaults. */
function declaration(o: OptionSpec, f: Flavor): string | null {
  const t = o.handler[f];
  if (t === undefined || t === 'defaults') return null;
  const name = o.declareAs ? `"${o.declareAs}"` : o.name;
  return `\tproto_config_add_${t} ${name}`;
}

/** netifd-proto/qmi4g-options.sh: one function per handler, called from its proto_*_init_config. */
export function handlerOptionsSh(): string {
  const qmi = OPTIONS.map((o) => declaration(o, 'qmi4g')).filter((l): l is string => l !== null);
  const mbimOwn = MBIM_SH_DECLARATION_ORDER.map((n) => OPTIONS.find((o) => o.name === n)!).map((o) => declaration(o, 'mbim')).filter((l): l is string => l !== null);
  const mbimOurs = OPTIONS.filter((o) => !MBIM_SH_DECLARATION_ORDER.includes(o.name)).map((o) => declaration(o, 'mbim')).filter((l): l is string => l !== null);
  return [
    '#!/bin/sh',
    '# GENERATED from src/daemon/options.ts by `npm run gen:options`; do not edit.',
    '# The interface options the netifd protocol handlers declare (netifd-proto.sh proto_config_add_*),',
    '# installed as /lib/netifd/qmi4g-options.sh; qmi4g.sh and mbim.sh call these from proto_*_init_config.',
    '# docs/config.md describes each option.',
    '',
    '# qmi4g.sh: OpenWrt qmi.sh\'s options with its types (plmn, dhcp and dhcpv6 as strings), then ours.',
    'qmi4g_config_add_qmi4g() {',
    ...qmi,
    '\tproto_config_add_defaults',
    '}',
    '',
    '# mbim.sh: OpenWrt mbim.sh\'s options with its types, then the qmi4g options that apply to MBIM modems.',
    'qmi4g_config_add_mbim() {',
    ...mbimOwn,
    ...mbimOurs,
    '\tproto_config_add_defaults',
    '}',
    '',
  ].join('\n');
}

/** A JavaScript single-quoted string literal. */
function js(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A translatable string: _('…'), as LuCI's i18n scanner finds them. */
function tr(s: string): string { return `_(${js(s)})`; }

function jsValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return js(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[ ${v.map(jsValue).join(', ')} ]`;
  return `{ ${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${/^[a-z_][a-z0-9_]*$/i.test(k) && k !== 'default' ? k : js(k)}: ${jsValue(x)}`).join(', ')} }`;
}

/** The value rule LuCI checks, with the message in words. */
function luciValue(o: OptionSpec): string {
  const k = o.value;
  switch (k.kind) {
    case 'pattern': return `{ kind: 'pattern', re: ${js(k.re)}, max: ${k.max}, message: ${tr(`Expecting ${k.expect}`)} }`;
    case 'path': return `{ kind: 'path', message: ${tr(`Expecting an absolute device path like ${k.example}`)} }`;
    case 'pattern-list': return `{ kind: 'pattern-list', re: ${js(k.re)}, max: ${k.max}, maxItems: ${k.maxItems}, message: ${tr(`Expecting ${k.expect}`)} }`;
    default: return jsValue(k);
  }
}

function luciEntry(o: OptionSpec): string {
  const l = o.luci!;
  const protocols = FLAVORS.filter((f) => declaredBy(o, f));
  const lines = [
    `name: ${js(o.name)}`,
    `title: ${tr(l.title)}`,
    `help: ${tr(o.help)}`,
    `tab: ${js(l.tab)}`,
    `widget: ${js(l.widget)}`,
    `protocols: ${jsValue(protocols)}`,
    `'default': ${jsValue(Object.fromEntries(FLAVORS.map((f) => [f, defaultOf(o, f) ?? null])))}`,
    `value: ${luciValue(o)}`,
  ];
  if (l.choices) lines.push(`choices: [ ${l.choices.map(([v, label, fl]) => `[ ${js(v)}, ${tr(label)}, ${jsValue(fl ?? FLAVORS)} ]`).join(', ')} ]`);
  if (l.suggestions) lines.push(`suggestions: [ ${l.suggestions.map(([v, label]) => `[ ${js(v)}, ${tr(label)} ]`).join(', ')} ]`);
  if (l.depends) lines.push(`depends: ${jsValue(l.depends)}`);
  if (l.replacedBy) lines.push(`replacedBy: ${jsValue(l.replacedBy)}`);
  if (o.ignoredWithWwanif) lines.push('ignoredWithWwanif: true');
  if (l.password) lines.push('password: true');
  return `\t\t{\n${lines.map((x) => `\t\t\t${x}`).join(',\n')}\n\t\t}`;
}

/** luci/.../qmi4g/options.js: the field metadata qmi4g/common.js builds the protocol forms from. */
export function luciOptionsJs(): string {
  return [
    "'use strict';",
    "'require baseclass';",
    '',
    '/*',
    ' * GENERATED from src/daemon/options.ts by `npm run gen:options`; do not edit.',
    ' * The interface options of the qmi4g and mbim protocols as the daemon reads them: field, tab,',
    ' * help, default per protocol (uci text, null = none), the rule for the value, and which fields',
    " * LuCI's interface dialog replaces with its own (replacedBy). qmi4g/common.js builds the forms.",
    ' */',
    '',
    'return baseclass.extend({',
    '\toptions: [',
    OPTIONS.filter((o) => o.luci).map(luciEntry).join(',\n'),
    '\t]',
    '});',
    '',
  ].join('\n');
}

function code(s: string): string { return `\`${s}\``; }

function docType(o: OptionSpec): string {
  const q = o.handler.qmi4g, m = o.handler.mbim;
  const t = (x: string) => (x === 'defaults' ? 'netifd default' : x);
  if (q && m && q === m) return t(q);
  if (q && m) return `qmi4g: ${t(q)}; mbim: ${t(m)}`;
  return `${t((q ?? m)!)} (${q ? 'qmi4g' : 'mbim'} only)`;
}

function docDefault(o: OptionSpec): string {
  const q = defaultOf(o, 'qmi4g'), m = defaultOf(o, 'mbim');
  if (q !== undefined && q === m) return code(q);
  if (q !== undefined || m !== undefined) return `qmi4g: ${q === undefined ? '—' : code(q)}; mbim: ${m === undefined ? '—' : code(m)}`;
  return o.defaultText ? `— (${o.defaultText})` : '—';
}

/** 1, 2, 3, 5 → "1–3, 5". */
function compactRanges(values: readonly number[]): string {
  const v = [...values].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    let j = i;
    while (j + 1 < v.length && v[j + 1] === v[j] + 1) j++;
    out.push(j > i ? `${v[i]}–${v[j]}` : String(v[i]));
    i = j;
  }
  return out.join(', ');
}

function docRule(o: OptionSpec): string {
  const k = o.value;
  switch (k.kind) {
    case 'int': return `${k.min}–${k.max}${k.unit ? ` ${k.unit}` : ''}`;
    case 'pattern': return k.expect;
    case 'choice': return [...Object.keys(k.aliases ?? {}), ...k.values].map(code).join(', ');
    case 'bool-auto': return `boolean or ${code('auto')}`;
    case 'path': return `absolute path, e.g. ${code(k.example)}`;
    case 'pattern-list': return `a uci list of at most ${k.maxItems} entries ${k.expect}`;
    case 'bands': return `${k.radio === 'lte' ? 'E-UTRA' : 'NR'} band numbers, a uci list (or blank/comma separated): ${compactRanges(k.values)}`;
    default: return '';
  }
}

function docRow(o: OptionSpec): string {
  const rule = docRule(o);
  const help = /[.!?]$/.test(o.help) ? o.help : `${o.help}.`;
  const meaning = [help.replace(/\|/g, '\\|'), rule ? `Value: ${rule}.` : '', o.ignoredWithWwanif ? 'Not used with `wwanif`.' : '', o.secret ? 'Redacted in logs.' : '']
    .filter((x) => x !== '').join(' ');
  const origin = o.origin.join(', ') + (o.originNote ? ` (${o.originNote})` : '');
  return `| ${code(o.name)} | ${docType(o)} | ${docDefault(o)} | ${meaning} | ${origin} |`;
}

/** The option table for docs/config.md, between DOCS_BEGIN and DOCS_END. */
export function docsTable(): string {
  return [
    DOCS_BEGIN,
    '| option | handler type | default | meaning | from |',
    '|---|---|---|---|---|',
    ...OPTIONS.map(docRow),
    DOCS_END,
  ].join('\n');
}

/** `current` (docs/config.md) with the generated table in place; throws Error when the markers are missing. */
export function configMd(current: string): string {
  const a = current.indexOf(DOCS_BEGIN), b = current.indexOf(DOCS_END);
  if (a < 0 || b < a) throw new Error(`${GENERATED.docs}: markers ${DOCS_BEGIN} … ${DOCS_END} not found`);
  return current.slice(0, a) + docsTable() + current.slice(b + DOCS_END.length);
}
