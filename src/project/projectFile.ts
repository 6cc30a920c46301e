// Reading and writing .cnnproj text: pure, so the host, the CLI and tests share one parser.
// Every failure is a value with a code and a message saying what was wrong and what to do.
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDoc } from './schema';
import { looksLikeVersion0, migrate } from './migrations';
import { checkJsonLimits, scanJsonText } from './jsonLimits';

/** Project files hold a graph and settings (weights live beside them), so 20 MB is far beyond any real one. */
export const MAX_PROJECT_BYTES = 20 * 1024 * 1024;
/** Nesting deeper than this is not a project (a real file nests about 8 levels); also guards the parser's stack. */
export const MAX_JSON_DEPTH = 64;

export type ProjectFileErrorCode =
  | 'empty'
  | 'too-large'
  | 'too-deep'
  | 'truncated'
  | 'corrupt'
  | 'not-a-project'
  | 'newer-version'
  | 'bad-version'
  | 'invalid-project';

export interface ProjectFileError {
  code: ProjectFileErrorCode;
  message: string;
}

export type ParseResult = { ok: true; doc: ProjectDoc; migratedFrom?: number } | { ok: false; error: ProjectFileError };

const fail = (code: ProjectFileErrorCode, message: string): ParseResult => ({ ok: false, error: { code, message } });

/** True when the text stops inside a string or an unclosed object/array — the mark of a cut-off write. */
export function endsInsideValue(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return inString || depth > 0;
}

export function parseProjectFile(text: string): ParseResult {
  // Every UTF-16 unit is at least one UTF-8 byte, so an over-long string is refused without counting.
  const bytes = text.length > MAX_PROJECT_BYTES ? text.length : text.length * 3 <= MAX_PROJECT_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_PROJECT_BYTES)
    return fail('too-large', `The file is ${(bytes / 1048576).toFixed(1)} MB, larger than any project (limit ${MAX_PROJECT_BYTES / 1048576} MB) — open a .cnnproj file, not a dataset or weights file.`);
  if (text.trim() === '') return fail('empty', 'The file is empty — it may have been cut off while saving; try the .cnnproj.bak copy beside it.');
  const shape = scanJsonText(text, MAX_JSON_DEPTH);
  if (shape?.code === 'too-deep') return fail('too-deep', `The file nests more than ${MAX_JSON_DEPTH} levels deep, which no project does — open a .cnnproj file.`);
  if (shape) return fail('too-large', `The file is not a project: ${shape.detail}, far more than any network has — open a .cnnproj file.`);

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (endsInsideValue(text))
      return fail('truncated', `The file ends early (${detail}) — it was probably cut off while saving; try the .cnnproj.bak copy beside it.`);
    if (text.trimStart()[0] !== '{' && text.trimStart()[0] !== '[')
      return fail('not-a-project', 'This is not a CNN Studio project (it is not JSON) — open a .cnnproj file.');
    return fail('corrupt', `The file is damaged: it is not valid JSON (${detail}) — try the .cnnproj.bak copy beside it.`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('not-a-project', 'This is not a CNN Studio project (the JSON is not an object) — open a .cnnproj file.');
  // Also drops `__proto__` keys so no later object copy can reach a prototype.
  const tooBig = checkJsonLimits(raw);
  if (tooBig) return fail('too-large', `The file is not a project: ${tooBig}, far more than any network has — open a .cnnproj file.`);
  let doc = raw as Record<string, unknown>;

  let from: number;
  if (looksLikeVersion0(doc)) from = 0;
  else {
    if (doc.format === undefined)
      return fail('not-a-project', 'This is not a CNN Studio project (no "format" field) — open a .cnnproj file.');
    if (doc.format !== PROJECT_FORMAT)
      return fail('not-a-project', `This is not a CNN Studio project (format is ${JSON.stringify(doc.format).slice(0, 80)}, expected "${PROJECT_FORMAT}") — open a .cnnproj file.`);
    if (typeof doc.version !== 'number' || !Number.isInteger(doc.version) || doc.version < 0)
      return fail('bad-version', `The project's "version" is ${JSON.stringify(doc.version)}, not a whole number — the file was edited by hand or damaged.`);
    if (doc.version > PROJECT_VERSION)
      return fail('newer-version', `This project was made by a newer CNN Studio (file version ${doc.version}, this app reads up to ${PROJECT_VERSION}) — update the app to open it.`);
    from = doc.version;
  }
  if (from < PROJECT_VERSION) doc = migrate(doc, from, PROJECT_VERSION);

  const parsed = ProjectDocSchema.safeParse(doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? first.path.join('.') : '(document)';
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem(s))` : '';
    return fail('invalid-project', `The project file is damaged: ${where} — ${first.message}${more}. Fix the file or open its .cnnproj.bak copy.`);
  }
  return from < PROJECT_VERSION ? { ok: true, doc: parsed.data, migratedFrom: from } : { ok: true, doc: parsed.data };
}

/** The file text for a document: validated, current version, stable 2-space JSON. */
export function serializeProjectFile(doc: ProjectDoc): string {
  return JSON.stringify(ProjectDocSchema.parse(doc), null, 2) + '\n';
}
