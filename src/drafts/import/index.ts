import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { words, type ParseResult } from '../clause-tree';
import { POINT_LETTERS } from '../labels';
import { parseDraft } from '../parser';
import { projectRoot } from '../../paths';
import { ImportError } from './errors';
import { runWorker, WorkerFailed } from './run-worker';
import { sniffFile } from './sniff';
import { DOCX_LIMITS, type ZipProblem, docxProblem } from './zip-guard';

export { ImportError, type ImportErrorCode } from './errors';
export { sniffFile, type FileKind } from './sniff';
export { DOCX_LIMITS, type ZipProblem, docxProblem } from './zip-guard';

export type DraftFileKind = 'pdf' | 'docx' | 'txt';

export interface ImportedDraft {
  kind: DraftFileKind;
  /** The text as extracted; a DOCX's holds one paragraph per line (parse it with `{ paragraphs: true }`). */
  text: string;
  result: ParseResult;
}

export interface ImportOptions {
  /** How long a PDF or DOCX may take to read before the import gives up. */
  timeoutMs?: number;
}

/** tsc does not copy .mjs files into dist/, so the worker is found in src/ from both src/ and dist/src/. */
export const EXTRACT_WORKER = path.join(projectRoot, 'src/drafts/import/extract-worker.mjs');
const DEFAULT_TIMEOUT_MS = 60_000;
const WORKER_HEAP_MB = 1024;
const NAMES: Record<'pdf' | 'docx', string> = { pdf: 'PDF', docx: 'DOCX' };

/** Reads a draft file of any supported kind, told apart by its content, and parses its clauses. */
export async function importDraft(file: string, options: ImportOptions = {}): Promise<ImportedDraft> {
  const kind = await sniffFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new ImportError('broken', err.code === 'ENOENT' ? 'Không tìm thấy tệp.' : `Không mở được tệp: ${err.message}`);
  });
  if (kind === 'png' || kind === 'jpeg') {
    throw new ImportError('unsupported', 'Tệp là ảnh, không phải văn bản. Hãy tải lên dự thảo dạng DOCX, PDF hoặc TXT.');
  }
  if (kind === null) throw new ImportError('unsupported', 'Tệp không phải DOCX, PDF hay TXT.');

  if (kind === 'txt') {
    const text = await readFile(file, 'utf8');
    return { kind, text, result: parseDraft(text) };
  }
  if (kind === 'docx') {
    const problem = await docxProblem(file);
    if (problem) throw new ImportError('unsafe', zipProblemText(problem));
  }
  const text = await extract(kind, file, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (words(text).length === 0) {
    const hint = kind === 'pdf' ? ' Có thể đây là bản quét (ảnh); hãy tải lên bản có lớp chữ hoặc tệp DOCX.' : '';
    throw new ImportError('no_text', `Tệp ${NAMES[kind]} không có chữ nào đọc được.${hint}`);
  }
  return { kind, text, result: parseDraft(text, { paragraphs: kind === 'docx' }) };
}

/** Why a DOCX is refused before it is opened, in the user's words. */
export function zipProblemText(problem: ZipProblem): string {
  return problem.kind === 'entries'
    ? `Tệp DOCX có quá nhiều phần (${problem.count}, tối đa ${problem.max}): tệp hỏng hoặc không an toàn.`
    : `Tệp DOCX khi giải nén vượt quá ${problem.maxMb} MB: tệp hỏng hoặc không an toàn (zip bomb).`;
}

async function extract(kind: 'pdf' | 'docx', file: string, timeoutMs: number): Promise<string> {
  let answer: { text?: string; error?: string };
  try {
    answer = await runWorker(EXTRACT_WORKER, { kind, path: file, pointLetters: POINT_LETTERS, maxPartBytes: DOCX_LIMITS.maxPartBytes }, { timeoutMs, maxHeapMb: WORKER_HEAP_MB });
  } catch (err) {
    if (err instanceof WorkerFailed && err.reason === 'timeout') {
      const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} giây` : `${timeoutMs} ms`;
      throw new ImportError('timeout', `Đọc tệp ${NAMES[kind]} quá ${limit} nên đã dừng. Tệp có thể quá lớn hoặc bị hỏng.`);
    }
    throw new ImportError('broken', `Không đọc được tệp ${NAMES[kind]}: ${(err as Error).message}`);
  }
  if (typeof answer.text !== 'string') throw new ImportError('broken', `Không đọc được tệp ${NAMES[kind]}: ${answer.error ?? 'lỗi không rõ'}`);
  return answer.text;
}
