// scripts/regexp-literals.mjs: regex literals become new RegExp() (for big-endian QuickJS targets);
// division, strings, templates and comments stay as they are, and the program means the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error -- plain ES module without types
import { rewriteRegexpLiterals } from '../../../scripts/regexp-literals.mjs';

const rw = (s: string): { code: string; count: number } => rewriteRegexpLiterals(s);
const run = (src: string): unknown => new Function(`return (${src})`)();

test('regex literals in expression position become new RegExp(source, flags)', () => {
  assert.equal(rw('x=/a\\/b[/]c/gi.test(s)'), { code: 'x=new RegExp("a\\\\/b[/]c","gi").test(s)', count: 1 });
  assert.is(rw('return/^\\d+$/.test(v)').code, 'return new RegExp("^\\\\d+$","").test(v)');
  assert.is(rw('if(a)/x/.test(b)&&c()').count, 1);
  assert.is(rw('f(/a/,[/b/],{k:/c/},!/d/,a?/e/:/f/)').count, 6);
});

test('division, strings, templates and comments are left alone', () => {
  assert.equal(rw('a=b/c/d;e=(f)/2;g=h[1]/i;j++/k'), { code: 'a=b/c/d;e=(f)/2;g=h[1]/i;j++/k', count: 0 });
  assert.is(rw('s="/a/";t=\'/b/\';u=`/c/${/d/.source}/e/`').count, 1);
  assert.is(rw('x.return/2;y=a.in/b').count, 0);
  assert.is(rw('/* /a/ */x=1;// /b/\ny=2').count, 0);
  assert.is(rw('t=`a${`b${/c/.source}`}d`').count, 1);
  assert.equal(rw('x=.5/2;y=1.5e3/a;z=0x1f/b'), { code: 'x=.5/2;y=1.5e3/a;z=0x1f/b', count: 0 });
});

test('the rewritten program computes the same', () => {
  const src = '[/^wdm(\\d+)$/.exec("wdm12")[1], "a-b-c".split(/-/g).length, 10/2/5, `${/x/g.flags}`, /[\\]/]/.test("]")]';
  const r = rw(src);
  assert.is(r.count, 4);
  assert.equal(run(r.code), run(src));
});

test('unterminated input is a SyntaxError', () => {
  assert.throws(() => rw('x="abc'), SyntaxError);
  assert.throws(() => rw('x=`a${b'), SyntaxError);
  assert.throws(() => rw('x=/abc'), SyntaxError);
});

test.run();
