import path from 'node:path';
import type { ParseResult } from '../clause-tree';
import { POINT_LETTERS } from '../labels';
import { projectRoot } from '../../paths';
import { ImportError } from './errors';
import { type ImportLimits, DEFAULT_IMPORT_LIMITS, MAX_LIST_NUMBER, type Refusal, refusalText } from './refusals';
import { runWorker, WorkerFailed } from './run-worker';
import { sniffFile } from './sniff';
import { type WorkerPool, createWorkerPool } from './worker-pool';
import { DOCX_LIMITS, type ZipProblem, docxProblem } from './zip-guard';

export { ImportError, type ImportErrorCode } from './errors';
export { DEFAULT_IMPORT_LIMITS, MAX_LIST_NUMBER, type ImportLimits } from './refusals';
export { sniffFile, type FileKind } from './sniff';
export { type WorkerPool, createWorkerPool } from './worker-pool';
export { DOCX_LIMITS, type ZipProblem, docxProblem } from './zip-guard';

export type DraftFileKind = 'pdf' | 'docx' | 'txt';

export interface ImportedDraft {
  kind: DraftFileKind;
  /** The text as extracted; a DOCX's holds one paragraph per line (parse it with `{ paragraphs: true }`). */
  text: string;
  result: ParseResult;
}

export interface ImportOptions {
  /** How long the worker may take to read and parse the file before the import gives up. */
  timeoutMs?: number;
  limits?: ImportLimits;
  /** Where the worker runs; without one, it starts at once. */
  pool?: WorkerPool;
}

/** tsc does not copy .mjs files into dist/, so the worker is found in src/ from both src/ and dist/src/. */
export const IMPORT_WORKER = path.join(projectRoot, 'src/drafts/import/import-worker.mjs');
/** The worker parses with this module: digest.js beside this file in dist/, digest.ts under ts-jest. */
const DIGEST_MODULE = path.join(__dirname, `digest${path.extname(__filename)}`);
const DEFAULT_TIMEOUT_MS = 60_000;
const WORKER_HEAP_MB = 1024;
const NAMES: Record<DraftFileKind, string> = { pdf: 'PDF', docx: 'DOCX', txt: 'TXT' };

type WorkerAnswer = { text: string; result: ParseResult } | { refusal: Refusal } | { error: string };

/**
 * Reads a draft file of any supported kind, told apart by its content, and parses its clauses. The
 * reading and the parsing run in a worker thread, within the limits; the main thread only sniffs.
 */
export async function importDraft(file: string, options: ImportOptions = {}): Promise<ImportedDraft> {
  const kind = await sniffFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new ImportError('broken', err.code === 'ENOENT' ? 'Không tìm thấy tệp.' : `Không mở được tệp: ${err.message}`);
  });
  if (kind === 'png' || kind === 'jpeg') {
    throw new ImportError('unsupported', 'Tệp là ảnh, không phải văn bản. Hãy tải lên dự thảo dạng DOCX, PDF hoặc TXT.');
  }
  if (kind === null) throw new ImportError('unsupported', 'Tệp không phải DOCX, PDF hay TXT.');
  if (kind === 'docx') {
    const problem = await docxProblem(file);
    if (problem) throw new ImportError('unsafe', zipProblemText(problem));
  }
  const answer = await inWorker(kind, file, options);
  if ('refusal' in answer) {
    const code = answer.refusal.reason === 'no_text' ? 'no_text' : answer.refusal.reason === 'list_number' ? 'unsafe' : 'too_large';
    throw new ImportError(code, refusalText(answer.refusal, NAMES[kind]));
  }
  if ('error' in answer) throw new ImportError('broken', `Không đọc được tệp ${NAMES[kind]}: ${answer.error || 'lỗi không rõ'}`);
  return { kind, text: answer.text, result: answer.result };
}

/** Why a DOCX is refused before it is opened, in the user's words. */
export function zipProblemText(problem: ZipProblem): string {
  return problem.kind === 'entries'
    ? `Tệp DOCX có quá nhiều phần (${problem.count}, tối đa ${problem.max}): tệp hỏng hoặc không an toàn.`
    : `Tệp DOCX khi giải nén vượt quá ${problem.maxMb} MB: tệp hỏng hoặc không an toàn (zip bomb).`;
}

async function inWorker(kind: DraftFileKind, file: string, options: ImportOptions): Promise<WorkerAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const data = {
    kind,
    path: file,
    digest: DIGEST_MODULE,
    pointLetters: POINT_LETTERS,
    maxPartBytes: DOCX_LIMITS.maxPartBytes,
    maxListNumber: MAX_LIST_NUMBER,
    limits: options.limits ?? DEFAULT_IMPORT_LIMITS,
  };
  const run = options.pool ? options.pool.run.bind(options.pool) : runWorker;
  try {
    return await run<WorkerAnswer>(IMPORT_WORKER, data, { timeoutMs, maxHeapMb: WORKER_HEAP_MB });
  } catch (err) {
    if (err instanceof WorkerFailed && err.reason === 'timeout') {
      const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} giây` : `${timeoutMs} ms`;
      throw new ImportError('timeout', `Đọc tệp ${NAMES[kind]} quá ${limit} nên đã dừng. Tệp có thể quá lớn hoặc bị hỏng.`);
    }
    throw new ImportError('broken', `Không đọc được tệp ${NAMES[kind]}: ${(err as Error).message}`);
  }
}

export interface DraftImporterSettings {
  /** Import workers running at once; further imports wait for one to finish. */
  workers: number;
  maxTextBytes: number;
  maxClauses: number;
  timeoutMs?: number;
}

/** The portal's importer: one pool of workers, shared by every import of the process that built it. */
export function createDraftImporter(settings: DraftImporterSettings) {
  const pool = createWorkerPool(settings.workers);
  const limits: ImportLimits = { maxTextBytes: settings.maxTextBytes, maxClauses: settings.maxClauses };
  return {
    pool,
    importDraft: (file: string): Promise<ImportedDraft> => importDraft(file, { limits, timeoutMs: settings.timeoutMs, pool }),
  };
}

export type DraftImporter = ReturnType<typeof createDraftImporter>;
