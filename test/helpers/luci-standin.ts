// A small stand-in for the LuCI client API the qmi4g LuCI files use, and a loader that evaluates them in node:vm.
//
// Only documented LuCI calls are provided (LuCI's JSDoc for LuCI.network, LuCI.form, LuCI.rpc,
// LuCI.uci): network.registerProtocol/registerErrorCode/registerPatternVirtual/getIfnameOf,
// form.Value/ListValue/Flag/DynamicList with value()/depends()/validate()/cfgvalue()/formvalue()/load()/write(),
// a section's tab()/taboption()/formvalue() (a tab must be declared once before options go on it),
// rpc.declare({object, method, params, expect, filter}), uci.get/set/unset, L.bind, _().
// The module shape is LuCI's: `'require name [as alias]';` directives, then a body that returns
// the module value; a module returning a baseclass is instantiated once, as LuCI's loader does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { isIP } from 'node:net';

export const LUCI_ROOT = join(__dirname, '..', '..', 'luci');
export const RESOURCES = join(LUCI_ROOT, 'htdocs', 'luci-static', 'resources');

export type Handler = (...args: unknown[]) => unknown;
export type Validator = (sectionId: string, value: string) => true | string;

/** The uci config LuCI edits: config → section → option → value (lists as arrays). */
export class UciStandin {
  readonly data: Record<string, Record<string, Record<string, string | string[]>>> = {};
  get(config: string, section: string, option: string): string | string[] | undefined {
    return this.data[config]?.[section]?.[option];
  }
  set(config: string, section: string, option: string, value: string | string[]): void {
    ((this.data[config] ??= {})[section] ??= {})[option] = value;
  }
  unset(config: string, section: string, option: string): void {
    delete this.data[config]?.[section]?.[option];
  }
}

/** One form option as the module configured it. */
export interface OptionStandin {
  readonly kind: 'Value' | 'ListValue' | 'Flag' | 'DynamicList' | 'NetworkSelect' | 'DeviceSelect' | 'ZoneSelect' | 'DummyValue' | 'Button';
  readonly option: string;
  readonly title: string;
  readonly description?: string;
  tab?: string;
  ucioption?: string;
  rmempty: boolean;
  password?: boolean;
  placeholder?: string;
  default?: string;
  enabled?: string;
  disabled?: string;
  readonly keylist: string[];
  readonly vallist: unknown[];
  deps: Record<string, string>[];
  /** LuCI datatype expression (validation.js), checked before validate as LuCI's widgets do. */
  datatype?: string;
  /** tools.widgets.NetworkSelect properties. */
  nocreate?: boolean;
  exclude?: string;
  optional?: boolean;
  /** Who created the field: the protocol form, or LuCI's interface dialog (interfaces.js). */
  owner: 'protocol' | 'luci';
  /** Called with the option as `this`, as LuCI binds it; a DynamicList validates each entry being added. */
  validate: Validator;
  /** LuCI's depends(field, value) or depends({field: value, …}). */
  depends(field: string | Record<string, string>, value?: string): void;
  value(key: string, label?: unknown): void;
  /** What the form says of `value`, as LuCI checks it: the datatype first, then validate. */
  check(sectionId: string, value: string): true | string;
  cfgvalue(sectionId: string): unknown;
  /**
   * The widget's current value as LuCI's widget getValue() gives it in a form nobody has edited
   * yet: the stored value, else what the widget shows — '' for an empty text field, the default
   * (or first choice) for a ListValue's select, the default for a Flag, [] for a DynamicList, and
   * undefined for a dropdown widget (NetworkSelect, …) with nothing chosen (ui.Dropdown keeps no
   * hidden input for its placeholder).
   */
  formvalue(sectionId: string): unknown;
  load(sectionId: string): unknown;
  write(sectionId: string, value: string): void;
}

/** LuCI.form stand-in: option classes bound to one UciStandin. */
function makeForm(uci: UciStandin) {
  class AbstractValue {
    kind: OptionStandin['kind'] = 'Value';
    tab?: string;
    ucioption?: string;
    rmempty = true;
    keylist: string[] = [];
    vallist: unknown[] = [];
    deps: Record<string, string>[] = [];
    datatype?: string;
    owner: OptionStandin['owner'] = 'protocol';
    constructor(readonly section: unknown, readonly option: string, readonly title: string, public description?: string) {}
    value(key: string, label?: unknown): void { this.keylist.push(String(key)); this.vallist.push(label ?? key); }
    depends(field: string | Record<string, string>, value?: string): void {
      // As form.js: an object is kept as given (not copied); LuCI's dialog later writes proto into it.
      this.deps.push(typeof field === 'object' ? field : { [field]: String(value) });
    }
    validate(_sectionId: string, _value: string): true | string { return true; }
    check(sectionId: string, value: string): true | string {
      if (this.datatype && value !== '' && value != null) {
        const said = checkDatatype(this.datatype, value);
        if (said !== true) return said;
      }
      return this.validate(sectionId, value);
    }
    cfgvalue(sectionId: string): unknown { return uci.get('network', sectionId, this.ucioption ?? this.option); }
    default?: string;
    formvalue(sectionId: string): unknown { return this.cfgvalue(sectionId) ?? this.shown(); }
    /** What the widget shows with nothing stored. */
    protected shown(): unknown { return ''; }
    load(sectionId: string): unknown { return this.cfgvalue(sectionId); }
    write(sectionId: string, value: string): void { uci.set('network', sectionId, this.ucioption ?? this.option, value); }
  }
  class Value extends AbstractValue {}
  class ListValue extends AbstractValue { override kind = 'ListValue' as const; protected override shown(): unknown { return this.default ?? this.keylist[0]; } }
  class Flag extends AbstractValue {
    override kind = 'Flag' as const; enabled = '1'; disabled = '0';
    protected override shown(): unknown { return this.default ?? this.disabled; }
  }
  class DynamicList extends AbstractValue { override kind = 'DynamicList' as const; protected override shown(): unknown { return []; } }
  class DummyValue extends AbstractValue { override kind = 'DummyValue' as const; }
  class Button extends AbstractValue { override kind = 'Button' as const; }
  return { AbstractValue, Value, ListValue, Flag, DynamicList, DummyValue, Button };
}

/** tools.widgets stand-in (LuCI tools/widgets.js): the selects the interface dialog and our form use, as ListValues. */
function makeWidgets(form: ReturnType<typeof makeForm>) {
  // Dropdowns (ui.Dropdown): nothing chosen = no value at all.
  class NetworkSelect extends form.ListValue {
    override kind = 'NetworkSelect' as never; nocreate?: boolean; exclude?: string; optional?: boolean;
    protected override shown(): unknown { return undefined; }
  }
  class DeviceSelect extends form.ListValue { override kind = 'DeviceSelect' as never; protected override shown(): unknown { return undefined; } }
  class ZoneSelect extends form.ListValue { override kind = 'ZoneSelect' as never; protected override shown(): unknown { return undefined; } }
  return { NetworkSelect, DeviceSelect, ZoneSelect };
}

/**
 * LuCI datatype checks (luci-base validation.js) for the expressions the interface dialog puts on
 * its common fields: true, or LuCI's "Expecting: …" message. An expression the stand-in does not
 * know throws, so a test cannot pass by skipping a check.
 */
export function checkDatatype(expr: string, value: string): true | string {
  const int = (v: string) => (/^-?[0-9]+$/.test(v) ? Number(v) : NaN);
  const ipaddr = (v: string) => { const [a, m] = v.split('/'); return isIP(a ?? '') !== 0 && (m === undefined || /^[0-9]{1,3}$/.test(m)); };
  const rules: Record<string, () => boolean> = {
    uinteger: () => int(value) >= 0,
    'or(uinteger, string)': () => true,
    ipaddr: () => ipaddr(value),
    'max(128)': () => Number(value) <= 128,
    ip6hostid: () => value === 'eui64' || value === 'random' || (/^::/.test(value) && isIP(`0${value}`) === 6),
  };
  const rule = rules[expr];
  if (!rule) throw new Error(`luci-standin: datatype ${expr} not implemented`);
  return rule() ? true : `Expecting: ${expr}`;
}

/** A tab of a section: name, title and description as tab() got them. */
export interface TabStandin { readonly name: string; readonly title: string; readonly description?: string }

/**
 * The section a protocol's renderFormOptions(s) fills: records tab() and taboption() calls in
 * order. Like LuCI's form, declaring a tab twice throws, and so does an option on an undeclared
 * tab; `tabs` are declared up front (LuCI's interface dialog declares its own, see luci-dialog.ts).
 */
export class SectionStandin {
  readonly options: OptionStandin[] = [];
  readonly tabs: TabStandin[];
  constructor(tabs: TabStandin[] = [{ name: 'general', title: 'General Settings' }, { name: 'advanced', title: 'Advanced Settings' }]) {
    this.tabs = [...tabs];
  }
  tab(name: string, title: string, description?: string): void {
    if (this.tabs.some((t) => t.name === name)) throw new Error('Tab already declared');
    this.tabs.push({ name, title, description });
  }
  taboption(tab: string, cls: new (s: unknown, o: string, t: string, d?: string) => OptionStandin, option: string, title: string, description?: string): OptionStandin {
    if (!this.tabs.some((t) => t.name === tab)) throw new Error(`Associated tab not declared: ${tab}`);
    const o = new cls(this, option, title, description);
    o.tab = tab;
    this.options.push(o);
    return o;
  }
  /** LuCI's AbstractSection.getOption(name): the first child of that name, or null. */
  getOption(option: string): OptionStandin | null {
    return this.options.find((x) => x.option === option) ?? null;
  }
  /** Drops every child named `option` (what nettools.replaceOption does to s.children and the tab's children). */
  removeOption(option: string): void {
    for (let i = this.options.length - 1; i >= 0; i--) if (this.options[i]!.option === option) this.options.splice(i, 1);
  }
  get(option: string): OptionStandin {
    const o = this.getOption(option);
    if (!o) throw new Error(`no option ${option}`);
    return o;
  }
  /** The form value of `option` in the section (LuCI's AbstractSection.formvalue(section_id, option)), or null. */
  formvalue(sectionId: string, option: string): unknown {
    const o = this.getOption(option);
    return o ? o.formvalue(sectionId) : null;
  }
}

/**
 * An rpc failure as LuCI's rpc.js reports it: L.raise('RPCError', 'RPC call to %s/%s failed with
 * error %d: %s', …) appends the captured stack to the message (luci.js raise), so the message
 * carries code locations after a line break.
 */
export function luciRpcError(object: string, method: string, code: number, message: string): Error {
  const e = new Error(`RPC call to ${object}/${method} failed with error ${code}: ${message}\n  at ClassConstructor.handleCallReply (http://192.168.1.1/luci-static/resources/rpc.js?v=26.060:169:12)\n  at http://192.168.1.1/luci-static/resources/rpc.js?v=26.060:143:30`);
  e.name = 'RPCError';
  return e;
}

interface RpcSpec { object: string; method: string; params?: string[]; expect?: Record<string, unknown>; filter?: (v: unknown, params: Record<string, unknown>) => unknown }

/** LuCI.rpc stand-in: declared calls answer from `replies` ('object.method' → function of the params object). */
function makeRpc(replies: Record<string, (params: Record<string, unknown>) => unknown>, declared: RpcSpec[]) {
  return {
    declare(spec: RpcSpec) {
      declared.push(spec);
      return (...args: unknown[]) => {
        const params: Record<string, unknown> = {};
        (spec.params ?? []).forEach((name, i) => { params[name] = args[i]; });
        const reply = replies[`${spec.object}.${spec.method}`];
        // uhttpd's ubus JSON-RPC answers a missing object with error -32000 "Object not found".
        if (!reply) return Promise.reject(luciRpcError(spec.object, spec.method, -32000, 'Object not found'));
        return Promise.resolve(reply(params)).then((r) => {
          let v: unknown = r;
          if (spec.expect) {
            const key = Object.keys(spec.expect)[0];
            const fallback = key === undefined ? undefined : spec.expect[key];
            v = key === '' || key === undefined ? r : (r as Record<string, unknown> | undefined)?.[key] ?? fallback;
          }
          return spec.filter ? spec.filter(v, params) : v;
        });
      };
    },
  };
}

export interface ProtocolInstance {
  readonly sid: string;
  [method: string]: unknown;
}

/** LuCI.network stand-in: what the protocol files register. */
function makeNetwork() {
  const protocols: Record<string, new (sid: string, ubus?: Record<string, unknown>) => ProtocolInstance> = {};
  const errorCodes: Record<string, string> = {};
  const virtualPatterns: RegExp[] = [];
  return {
    protocols, errorCodes, virtualPatterns,
    registerProtocol(name: string, methods: Record<string, unknown>) {
      function Protocol(this: Record<string, unknown>, sid: string, ubus: Record<string, unknown> = {}) {
        this.sid = sid;
        this._ubus = (key: string) => ubus[key];
        this.getProtocol = () => name;
      }
      Object.assign(Protocol.prototype, methods);
      protocols[name] = Protocol as unknown as new (sid: string) => ProtocolInstance;
      return Protocol;
    },
    registerErrorCode(code: string, message: string): boolean {
      if (typeof code !== 'string' || typeof message !== 'string' || code in errorCodes) return false;
      errorCodes[code] = message;
      return true;
    },
    registerPatternVirtual(re: RegExp): void { virtualPatterns.push(re); },
    getIfnameOf(obj: unknown): string | null { return typeof obj === 'string' ? obj : null; },
  };
}

const REQUIRE_RE = /^[ \t]*'require[ \t]+(\S+)(?:[ \t]+as[ \t]+(\S+))?';/gm;

/** A loaded LuCI world: the stand-ins, the vm context and the modules loaded so far. */
export class LuciWorld {
  readonly uci = new UciStandin();
  readonly form = makeForm(this.uci);
  readonly widgets = makeWidgets(this.form);
  readonly network = makeNetwork();
  readonly rpcReplies: Record<string, (params: Record<string, unknown>) => unknown> = {};
  readonly declared: RpcSpec[] = [];
  readonly rpc = makeRpc(this.rpcReplies, this.declared);
  readonly context: vm.Context;
  private readonly modules = new Map<string, unknown>();

  constructor() {
    const baseclass = { extend: (props: Record<string, unknown>) => { const C = function () {} as unknown as { prototype: object; isBaseclass: boolean }; Object.assign(C.prototype, props); C.isBaseclass = true; return C; } };
    this.modules.set('baseclass', baseclass);
    this.modules.set('form', this.form);
    this.modules.set('network', this.network);
    this.modules.set('rpc', this.rpc);
    this.modules.set('uci', this.uci);
    this.modules.set('tools.widgets', this.widgets);
    this.context = vm.createContext({
      _: (s: string) => s,
      L: { bind: (fn: Handler, self: unknown, ...args: unknown[]) => fn.bind(self, ...args), hasViewPermission: () => true },
    });
    // LuCI adds String.prototype.format (luci.js); the modules use %s and %d.
    vm.runInContext(`Object.defineProperty(String.prototype, 'format', { configurable: true, value: function() {
      var args = arguments, i = 0;
      return String(this).replace(/%([sd%])/g, function(m, t) { if (t === '%') return '%'; var v = args[i++]; return t === 'd' ? String(Math.floor(+v)) : String(v); });
    } });`, this.context);
  }

  /** Loads `name` (e.g. `protocol.qmi4g`, `qmi4g.common`) from luci/htdocs/luci-static/resources. */
  require(name: string): unknown {
    if (this.modules.has(name)) return this.modules.get(name);
    const file = join(RESOURCES, `${name.replace(/\./g, '/')}.js`);
    const source = readFileSync(file, 'utf8');
    const names: string[] = [];
    const values: unknown[] = [];
    for (const m of source.matchAll(REQUIRE_RE)) {
      const dep = m[1]!;
      names.push(m[2] ?? dep.split('.').pop()!);
      values.push(this.require(dep));
    }
    const fn = vm.runInContext(`(function(${names.join(', ')}) {\n${source}\n})`, this.context, { filename: file }) as (...a: unknown[]) => unknown;
    let value = fn(...values);
    if (typeof value === 'function' && (value as { isBaseclass?: boolean }).isBaseclass) value = new (value as new () => unknown)();
    this.modules.set(name, value);
    return value;
  }
}
