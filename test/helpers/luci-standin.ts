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
  readonly kind: 'Value' | 'ListValue' | 'Flag' | 'DynamicList';
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
  readonly deps: Record<string, string>[];
  /** Called with the option as `this`, as LuCI binds it; a DynamicList validates each entry being added. */
  validate: Validator;
  cfgvalue(sectionId: string): unknown;
  /** The widget's current value: here the stored value, as a form nobody has edited yet shows it. */
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
    constructor(readonly section: unknown, readonly option: string, readonly title: string, readonly description?: string) {}
    value(key: string, label?: unknown): void { this.keylist.push(String(key)); this.vallist.push(label ?? key); }
    depends(field: string | Record<string, string>, value?: string): void {
      this.deps.push(typeof field === 'object' ? { ...field } : { [field]: String(value) });
    }
    validate(_sectionId: string, _value: string): true | string { return true; }
    cfgvalue(sectionId: string): unknown { return uci.get('network', sectionId, this.ucioption ?? this.option); }
    formvalue(sectionId: string): unknown { return this.cfgvalue(sectionId); }
    load(sectionId: string): unknown { return this.cfgvalue(sectionId); }
    write(sectionId: string, value: string): void { uci.set('network', sectionId, this.ucioption ?? this.option, value); }
  }
  class Value extends AbstractValue {}
  class ListValue extends AbstractValue { override kind = 'ListValue' as const; }
  class Flag extends AbstractValue { override kind = 'Flag' as const; enabled = '1'; disabled = '0'; }
  class DynamicList extends AbstractValue { override kind = 'DynamicList' as const; }
  return { AbstractValue, Value, ListValue, Flag, DynamicList };
}

/** A tab of a section: name, title and description as tab() got them. */
export interface TabStandin { readonly name: string; readonly title: string; readonly description?: string }

/**
 * The section a protocol's renderFormOptions(s) fills: records tab() and taboption() calls in
 * order. Like LuCI's form, declaring a tab twice throws, and so does an option on an undeclared
 * tab; `general` and `advanced` are declared up front, as LuCI's interface dialog does.
 */
export class SectionStandin {
  readonly options: OptionStandin[] = [];
  readonly tabs: TabStandin[] = [
    { name: 'general', title: 'General Settings' },
    { name: 'advanced', title: 'Advanced Settings' },
  ];
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
  get(option: string): OptionStandin {
    const o = this.options.find((x) => x.option === option);
    if (!o) throw new Error(`no option ${option}`);
    return o;
  }
  /** The form value of `option` in the section (LuCI's AbstractSection.formvalue(section_id, option)), or null. */
  formvalue(sectionId: string, option: string): unknown {
    const o = this.options.find((x) => x.option === option);
    return o ? o.formvalue(sectionId) : null;
  }
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
        if (!reply) return Promise.reject(new Error(`no reply recorded for ${spec.object}.${spec.method}`));
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
