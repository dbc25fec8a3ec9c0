import Papa from 'papaparse';

/**
 * Text that a spreadsheet would run as a formula (OWASP "CSV injection"): a cell that starts with
 * =, +, -, @, a tab or a carriage return. Papa's own `escapeFormulae` test misses such a cell
 * when it spans lines, so Koers uses this one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as Koers writes it: numbers stay numbers, formula-like text gets a leading quote. */
export type CsvCell = string | number | null;

/**
 * Every CSV Koers writes (RFC 4180, CRLF): a header row, then the rows. Text cells that a
 * spreadsheet would read as a formula are written as text ('=…, quoted); numbers, negative
 * ones too, are written as numbers.
 */
export function toCsv(fields: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	return Papa.unparse(
		{ fields: [...fields], data: rows.map((row) => [...row]) },
		{ newline: '\r\n', escapeFormulae: FORMULA_START }
	);
}
