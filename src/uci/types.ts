// Shapes of a parsed uci package: sections in file order, options in libuci's order, lists as arrays.

/** A value: `option` gives a string, `list` gives the items in order (libuci UCI_TYPE_STRING/LIST). */
export type UciValue = string | string[];

/** One option or list of a section. `line` is where it was last set (1-based). */
export interface UciOption {
  name: string;
  value: UciValue;
  line: number;
}

/**
 * One `config TYPE ['NAME']` section.
 * - `name`: the given name, or for an anonymous section the name libuci generates
 *   (`cfg` + 2+ hex digits of the package's section counter + 4 hex digits of the djb hash of the
 *   type; list.c uci_fixup_section), e.g. `cfg01e63d` for a first `config defaults`.
 * - `index`: position among the sections of the same type, as in `@type[index]` (0-based).
 * - `line`: where the section was first opened.
 * - `options`: in libuci's order — a changed option moves to the end (uci_set frees and re-adds it).
 */
export interface UciSection {
  type: string;
  name: string;
  anonymous: boolean;
  index: number;
  line: number;
  options: UciOption[];
}

/** A parsed file. `package` is the last `package NAME` statement seen, if any (libuci ignores it when loading one file). */
export interface UciPackage {
  package?: string;
  sections: UciSection[];
}
