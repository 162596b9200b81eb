// Tests for the uci parser: statements, quoting, comments, continuation, anonymous names, errors.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseUci, UciParseError, findSection, getOption, type UciPackage } from '../../../src/uci';

/** Sections without line numbers, for compact expectations. */
function shape(pkg: UciPackage): unknown {
  return pkg.sections.map((s) => ({
    type: s.type,
    name: s.name,
    anonymous: s.anonymous,
    index: s.index,
    options: Object.fromEntries(s.options.map((o) => [o.name, o.value])),
  }));
}

function parseError(text: string): UciParseError {
  try {
    parseUci(text);
  } catch (err) {
    assert.instance(err, UciParseError);
    return err as UciParseError;
  }
  assert.unreachable(`parsed: ${JSON.stringify(text)}`);
  throw new Error('unreachable');
}

test('seed 000: the qmi4g network config parses as written', () => {
  const text = [
    "config 'interface' 'broadband'",
    "option 'ifname' 'wwan0'",
    "option 'proto' 'dhcp'",
    "option 'auto' '0'",
    "config 'interface' 'wdm0'",
    "option 'proto' 'qmi4g'",
    "option 'wdmif' '/dev/cdc-wdm0'",
    "option 'wwanif' 'broadband'",
    '',
  ].join('\n');
  const pkg = parseUci(text);
  assert.equal(shape(pkg), [
    { type: 'interface', name: 'broadband', anonymous: false, index: 0, options: { ifname: 'wwan0', proto: 'dhcp', auto: '0' } },
    { type: 'interface', name: 'wdm0', anonymous: false, index: 1, options: { proto: 'qmi4g', wdmif: '/dev/cdc-wdm0', wwanif: 'broadband' } },
  ]);
  assert.is(pkg.sections[1]!.line, 5);
  assert.is(pkg.sections[1]!.options[2]!.line, 8);
  assert.is(getOption(findSection(pkg, '@interface[-1]')!, 'wdmif'), '/dev/cdc-wdm0');
});

test('quoting: single, double with escapes, unquoted, adjacent parts concatenate', () => {
  const pkg = parseUci([
    'config t s',
    "\toption a 'it'\\''s'",
    '\toption b "say \\"hi\\" \\n \\\\ $x"',
    '\toption c plain\\ word',
    "\toption d pre'mid dle'\"post\"",
    "\toption e 'with # hash; and semicolon'",
  ].join('\n'));
  assert.equal(shape(pkg), [{
    type: 't', name: 's', anonymous: false, index: 0,
    options: { a: "it's", b: 'say "hi" n \\ $x', c: 'plain word', d: 'premid dlepost', e: 'with # hash; and semicolon' },
  }]);
});

test('comments: whole line, indented, after a statement, inside an unquoted word', () => {
  const pkg = parseUci('# head\n  # indented\nconfig t s # trailing\n\toption a b#c\n\toption d \'e\' # f\n#end');
  assert.equal(shape(pkg), [{ type: 't', name: 's', anonymous: false, index: 0, options: { a: 'b', d: 'e' } }]);
});

test('blank lines, CRLF line ends, tabs and abbreviations p/c/o/l', () => {
  const pkg = parseUci('\r\n\r\np cfgpkg\r\nc t s\r\n\to a b\r\n\tl l1 x\r\n\tl l1 y\r\n\r\n');
  assert.is(pkg.package, 'cfgpkg');
  assert.equal(shape(pkg), [{ type: 't', name: 's', anonymous: false, index: 0, options: { a: 'b', l1: ['x', 'y'] } }]);
});

test('multi-line quoted values keep their line feeds; backslash-newline joins lines', () => {
  const pkg = parseUci("config t s\n\toption a 'one\ntwo'\n\toption b \"x\\\ny\"\n\toption c ab\\\ncd\n\toption d 'e'\n");
  assert.equal(shape(pkg), [{ type: 't', name: 's', anonymous: false, index: 0, options: { a: 'one\ntwo', b: 'xy', c: 'abcd', d: 'e' } }]);
  assert.is(pkg.sections[0]!.options[3]!.line, 8);
});

test('`;` separates statements on one line', () => {
  const pkg = parseUci("config t s; option a 'b'; option c d;\nconfig u; list l 1;list l 2");
  assert.equal(shape(pkg), [
    { type: 't', name: 's', anonymous: false, index: 0, options: { a: 'b', c: 'd' } },
    { type: 'u', name: 'cfg02b61a', anonymous: true, index: 0, options: { l: ['1', '2'] } },
  ]);
});

test('anonymous sections: libuci names (cfg + counter + type hash) and @type[index]', () => {
  const fw = parseUci('config defaults\nconfig zone\n\toption name lan\nconfig zone\n\toption name wan\nconfig forwarding\n');
  assert.equal(fw.sections.map((s) => [s.name, s.index]), [['cfg01e63d', 0], ['cfg02dc81', 0], ['cfg03dc81', 1], ['cfg04ad58', 0]]);
  const net = parseUci("config interface 'loopback'\nconfig globals 'globals'\nconfig device\n\toption name 'br-lan'\n");
  assert.is(net.sections[2]!.name, 'cfg030f15');
  assert.is(findSection(fw, '@zone[1]')!.name, 'cfg03dc81');
  assert.is(findSection(fw, '@zone[-2]')!.name, 'cfg02dc81');
  assert.is(findSection(fw, '@[3]')!.type, 'forwarding');
  assert.is(findSection(fw, '@zone[2]'), undefined);
  assert.is(findSection(fw, 'cfg01e63d')!.type, 'defaults');
  assert.is(parseUci("config t ''\n").sections[0]!.anonymous, true);
});

test('duplicate options: last wins and moves last; same value stays; empty value deletes', () => {
  const pkg = parseUci("config t s\n\toption a 1\n\toption b 2\n\toption a 3\n\toption b 2\n\toption c x\n\toption c ''\n\toption d\n");
  assert.equal(pkg.sections[0]!.options.map((o) => [o.name, o.value]), [['b', '2'], ['a', '3']]);
});

test('lists accumulate; an option then list becomes a list; option after list replaces it', () => {
  const pkg = parseUci("config t s\n\toption a 1\n\tlist a 2\n\tlist b ''\n\tlist b x\n\tlist c 1\n\toption c 9\n");
  assert.equal(shape(pkg), [{ type: 't', name: 's', anonymous: false, index: 0, options: { a: ['1', '2'], b: ['', 'x'], c: '9' } }]);
});

test('a named section opened again collects more options in its first place', () => {
  const pkg = parseUci('config t a\n\toption x 1\nconfig t b\nconfig t a\n\toption y 2\n');
  assert.equal(shape(pkg), [
    { type: 't', name: 'a', anonymous: false, index: 0, options: { x: '1', y: '2' } },
    { type: 't', name: 'b', anonymous: false, index: 1, options: {} },
  ]);
});

test('section types may use any printable ASCII; names only [A-Za-z0-9_]', () => {
  const pkg = parseUci("config wifi-iface 'default_radio0'\nconfig 'a.b/c@d'\n");
  assert.equal(pkg.sections.map((s) => s.type), ['wifi-iface', 'a.b/c@d']);
});

test('errors: reason, line and column', () => {
  const cases: Array<[string, string, number, number]> = [
    ["option a 'b'\n", 'option/list command found before the first section', 1, 1],
    ["config t s\n\toption a 'unterminated\n\n", "EOF with unterminated '", 2, 11],
    ['config t s\n\n\toption a "x\\"\n', 'EOF with unterminated "', 3, 11],
    ['config t s\n\toption bad-name 1\n', 'invalid character in name field', 2, 9],
    ["config t 'bad name'\n", 'invalid character in name field', 1, 10],
    ['config "a b"\n', 'invalid character in type field', 1, 8],
    ['package bad.name\n', 'invalid character in name field', 1, 9],
    ['config\n', 'insufficient arguments', 1, 7],
    ["config t s\n\toption '' x\n", 'insufficient arguments', 2, 9],
    ['config t s\n  opt a b\n', 'invalid command', 2, 3],
    ["'config' t\n", 'invalid command', 1, 1],
    ['config t s\n\toption a b c\n', 'too many arguments', 2, 13],
    ['config t s x\n', 'too many arguments', 1, 12],
    ['config t s\nconfig u s\n', 'section of different type overwrites prior section with same name', 2, 1],
    ['config t s\n\toption a b\0\n', 'NUL character in input', 2, 12],
  ];
  for (const [text, reason, line, column] of cases) {
    const err = parseError(text);
    assert.equal([err.reason, err.line, err.column], [reason, line, column], JSON.stringify(text));
    assert.is(err.name, 'UciParseError');
    assert.is(err.code, 'UCI_PARSE');
    assert.ok(err.message.includes(`line ${line}`));
  }
});

test('empty input and comment-only input give no sections', () => {
  assert.equal(parseUci(''), { sections: [] });
  assert.equal(parseUci('# nothing\n\n   \n'), { sections: [] });
});

test.run();
