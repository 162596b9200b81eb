// Tests for the uci printer: exact export layout, and parse/print round trips (fast-check).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parseUci, printUci, quoteUci, UciParseError, type UciPackage, type UciSection } from '../../../src/uci';

/** Everything but line numbers. */
function strip(pkg: UciPackage): unknown {
  return pkg.sections.map((s) => ({ type: s.type, name: s.name, anonymous: s.anonymous, index: s.index, options: s.options.map((o) => [o.name, o.value]) }));
}

test('prints the layout uci export writes, byte for byte', () => {
  const pkg = parseUci("package network\nconfig interface wdm0\n option proto qmi4g\n option apn \"it's\"\n list dns 1.1.1.1\n list dns '8.8.8.8'\nconfig device\n option name br-lan\n");
  assert.is(
    printUci(pkg, { header: true }),
    "package network\n\nconfig interface 'wdm0'\n\toption proto 'qmi4g'\n\toption apn 'it'\\''s'\n\tlist dns '1.1.1.1'\n\tlist dns '8.8.8.8'\n\nconfig device\n\toption name 'br-lan'\n\n",
  );
  assert.is(printUci(pkg, { exportNames: true }).split('\n')[7], "config device 'cfg020f15'");
  assert.is(printUci({ sections: [] }), '\n');
});

test('quoteUci and odd section types survive a re-parse', () => {
  assert.is(quoteUci("a'b"), "'a'\\''b'");
  const pkg: UciPackage = { sections: [{ type: "we'ird\"#;", name: 'x', anonymous: false, index: 0, line: 1, options: [] }] };
  assert.is(parseUci(printUci(pkg)).sections[0]!.type, "we'ird\"#;");
});

const uciChars = fc.constantFrom(...'config option list package c o l p \'"\\#;\n\r\t abc_-.@1'.split(''));

test('property: any input gives a result or a UciParseError, nothing else', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: uciChars, maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
      try {
        parseUci(text);
      } catch (err) {
        if (!(err instanceof UciParseError)) throw err;
        assert.ok(err.line >= 1 && err.column >= 1);
      }
    }),
    { numRuns: 3000 },
  );
});

test('property: print(parse(x)) parses back to the same sections', () => {
  fc.assert(
    fc.property(fc.string({ unit: uciChars, maxLength: 120 }), (text) => {
      let pkg: UciPackage;
      try {
        pkg = parseUci(text);
      } catch {
        return;
      }
      assert.equal(strip(parseUci(printUci(pkg))), strip(pkg));
    }),
    { numRuns: 3000 },
  );
});

const ident = fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/);
const value = fc.string({ unit: fc.oneof(uciChars, fc.constantFrom('é', '€', '\u{1F4E1}')), maxLength: 20 });

const sectionArb = fc.record({
  type: fc.stringMatching(/^[\x21-\x7e]{1,10}$/),
  name: fc.option(ident, { nil: undefined }),
  options: fc.uniqueArray(
    fc.tuple(ident, fc.oneof(value.filter((v) => v !== ''), fc.array(value, { minLength: 1, maxLength: 3 }))),
    { selector: ([n]) => n, maxLength: 5 },
  ),
});

test('property: a generated config prints and re-parses to itself', () => {
  fc.assert(
    fc.property(fc.uniqueArray(sectionArb, { selector: (s) => s.name ?? Symbol(), maxLength: 6 }), (specs) => {
      let counter = 0;
      const sections: UciSection[] = specs.map((s) => {
        counter++;
        return {
          type: s.type,
          name: s.name ?? `anon${counter}`,
          anonymous: s.name === undefined,
          index: 0,
          line: 0,
          options: s.options.map(([name, v]) => ({ name, value: v, line: 0 })),
        };
      });
      const back = parseUci(printUci({ sections }));
      assert.is(back.sections.length, sections.length);
      back.sections.forEach((s, i) => {
        const want = sections[i]!;
        assert.is(s.type, want.type);
        assert.is(s.anonymous, want.anonymous);
        if (!want.anonymous) assert.is(s.name, want.name);
        assert.equal(s.options.map((o) => [o.name, o.value]), want.options.map((o) => [o.name, o.value]));
      });
    }),
    { numRuns: 1000 },
  );
});

test.run();
