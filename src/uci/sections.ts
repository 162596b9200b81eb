// Lookups on a parsed uci package: a section by name or `@type[index]`, an option's value.

import type { UciPackage, UciSection, UciValue } from './types';

const EXTENDED_RE = /^@([\x21-\x5a\x5c-\x7e]*)\[(-?\d+)\]$/;

/**
 * The section `ref` names: a section name (given or generated `cfgXXXXXX`), or libuci's
 * extended form `@type[index]` / `@[index]` (any type), where a negative index counts from the
 * end (list.c uci_lookup_ext_section). Undefined when there is none.
 */
export function findSection(pkg: UciPackage, ref: string): UciSection | undefined {
  const m = EXTENDED_RE.exec(ref);
  if (!m) return pkg.sections.find((s) => s.name === ref);
  const type = m[1]!;
  const matching = type === '' ? pkg.sections : pkg.sections.filter((s) => s.type === type);
  let index = Number(m[2]);
  if (index < 0) index += matching.length;
  return matching[index];
}

/** The sections of one type, in file order (so `result[i]` is `@type[i]`). */
export function sectionsOfType(pkg: UciPackage, type: string): UciSection[] {
  return pkg.sections.filter((s) => s.type === type);
}

/** An option's value (string for `option`, array for `list`), or undefined when unset. */
export function getOption(section: UciSection, name: string): UciValue | undefined {
  return section.options.find((o) => o.name === name)?.value;
}
