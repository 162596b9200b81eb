// Rewrites the regular expression literals of an esbuild bundle into `new RegExp(source, flags)`.
//
// Why: qjsc compiles a regex literal at build time into libregexp bytecode stored as a string
// constant, with its 16/32-bit fields in the build host's byte order, and this QuickJS has no byte
// swapping for it: on a big-endian target (mips: ath79 routers) the first use of such a regex
// crashes the engine. `new RegExp()` compiles on the target at run time instead. Only the
// big-endian build uses this (each evaluation of the expression then compiles its pattern).
//
//   node scripts/regexp-literals.mjs IN.mjs OUT.mjs
//
// The scanner knows JavaScript's lexical grammar as far as a bundle needs: strings, template
// literals with nested `${}`, comments, identifiers/keywords, numbers and punctuators; a `/`
// starts a regex where an expression may start (after a punctuator other than `]`, `}`, `++`,
// `--`, or `)` unless it closes `if (…)`/`while (…)`/`for (…)`, or after one of the keywords
// below), else it is division.
import { readFileSync, writeFileSync } from 'node:fs';

/** Keywords after which an expression (so a regex literal) may follow. */
const EXPR_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const isIdent = (c) => /[A-Za-z0-9_$\\\u0080-\uffff]/.test(c);

/**
 * Returns `code` with every regex literal replaced by `new RegExp("source", "flags")`, and the
 * number replaced. Throws SyntaxError on an unterminated string, template, comment or regex.
 */
export function rewriteRegexpLiterals(code) {
  let out = '';
  let i = 0;
  let regexOk = true;
  let count = 0;
  const braces = []; // 'b' block/object brace, 't' template substitution
  const parens = []; // per open '(': true when it follows if/while/for/with (a statement may follow its ')')
  let lastWord = '';
  let dotBefore = false; // the previous token was `.` or `?.`: a word now is a property name
  const fail = (what) => { throw new SyntaxError(`${what} at offset ${i}`); };
  /** Scans template characters from i (after ` or }) to the closing ` or a ${; returns true at ${. */
  const template = () => {
    for (;;) {
      if (i >= code.length) fail('unterminated template literal');
      const c = code[i];
      if (c === '\\') { i += 2; continue; }
      if (c === '`') { i++; return false; }
      if (c === '$' && code[i + 1] === '{') { i += 2; return true; }
      i++;
    }
  };
  while (i < code.length) {
    const c = code[i];
    const start = i;
    if (/\s/.test(c)) { i++; out += c; continue; }
    if (c === '"' || c === "'") {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++;
      if (i >= code.length) fail('unterminated string');
      i++;
      out += code.slice(start, i);
      regexOk = false;
      lastWord = '';
      dotBefore = false;
      continue;
    }
    if (c === '`' || (c === '}' && braces.at(-1) === 't')) {
      if (c === '}') braces.pop();
      i++;
      if (template()) { braces.push('t'); regexOk = true; } else regexOk = false;
      out += code.slice(start, i);
      continue;
    }
    if (c === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
      out += code.slice(start, i);
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated comment');
      i = end + 2;
      out += code.slice(start, i);
      continue;
    }
    if (c === '/' && regexOk) {
      let inClass = false;
      for (i++; ; i++) {
        if (i >= code.length || code[i] === '\n') fail('unterminated regular expression');
        const d = code[i];
        if (d === '\\') { i++; continue; }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
      }
      const body = code.slice(start + 1, i);
      i++;
      const flagsStart = i;
      while (i < code.length && /[a-z]/.test(code[i])) i++;
      const flags = code.slice(flagsStart, i);
      const sep = out.length && isIdent(out[out.length - 1]) ? ' ' : '';
      out += `${sep}new RegExp(${JSON.stringify(body)},${JSON.stringify(flags)})`;
      count++;
      regexOk = false;
      continue;
    }
    if (isIdent(c) || (c === '.' && /[0-9]/.test(code[i + 1] ?? ''))) {
      const afterDot = dotBefore;
      dotBefore = false;
      const numeric = /[0-9.]/.test(c);
      if (c === '.') i++;
      while (i < code.length && (isIdent(code[i]) || (numeric && code[i] === '.'))) i++;
      const word = code.slice(start, i);
      out += word;
      regexOk = !afterDot && EXPR_KEYWORDS.has(word);
      lastWord = afterDot ? '' : word;
      continue;
    }
    // punctuators
    const word = lastWord;
    lastWord = '';
    dotBefore = false;
    if (code.startsWith('...', i)) { i += 3; out += '...'; regexOk = true; continue; }
    if (c === '.' || (code.startsWith('?.', i) && !/[0-9]/.test(code[i + 2] ?? ''))) {
      const dot = c === '.' ? '.' : '?.';
      i += dot.length;
      out += dot;
      dotBefore = true;
      regexOk = false;
      continue;
    }
    if (c === '{') braces.push('b');
    if (c === '}') braces.pop();
    const two = code.slice(i, i + 2);
    if (two === '++' || two === '--') { i += 2; out += two; regexOk = false; continue; }
    i++;
    out += c;
    if (c === '(') parens.push(['if', 'while', 'for', 'with'].includes(word));
    regexOk = c === ')' ? parens.pop() === true : !(c === ']' || c === '}');
  }
  if (braces.includes('t')) fail('unterminated template substitution');
  return { code: out, count };
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const [inFile, outFile] = process.argv.slice(2);
  if (!inFile || !outFile) { console.error('usage: regexp-literals.mjs IN.mjs OUT.mjs'); process.exit(2); }
  const r = rewriteRegexpLiterals(readFileSync(inFile, 'utf8'));
  writeFileSync(outFile, r.code);
  console.error(`${outFile}: ${r.count} regular expression literals compiled at run time`);
}
