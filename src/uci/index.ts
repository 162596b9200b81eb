// Public surface of the uci module: parser, printer, lookups, file reader, error type.

export { UciParseError } from './errors';
export type { UciOption, UciPackage, UciSection, UciValue } from './types';
export { parseUci } from './parse-uci';
export { printUci, quoteUci, type PrintUciOptions } from './print-uci';
export { findSection, getOption, sectionsOfType } from './sections';
export { anonymousSectionName, uciDjbHash } from './anonymous-name';
export { readUciFile, readUciFileLenient } from './read-uci-file';
export { parseUciLenient, type UciLenientResult, type UciSkippedLine } from './parse-uci-lenient';
