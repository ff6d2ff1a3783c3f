/** The contract's error model (docs/contract.md) as assertions every HTTP suite shares. */
import { ErrorCode, HTTP_STATUS } from '../../cloudfunctions/shared/errors';
import type { Reply } from './http';

export const CONTRACT_CODES = Object.values(ErrorCode) as string[];
export const CHINESE = /[\u4e00-\u9fff]/;

/**
 * Why a reply is not a contract error envelope with one of `codes` (and the HTTP status of its code;
 * `extraStatuses` allows e.g. 413), or null when it is.
 */
export function errorEnvelopeProblem(r: Reply, codes: readonly string[] = CONTRACT_CODES, extraStatuses: number[] = []): string | null {
  const b = r.body;
  if (!b || typeof b !== 'object' || b.ok !== false || !b.error) return `not an error envelope: HTTP ${r.status} ${r.text.slice(0, 200)}`;
  const { code, message } = b.error;
  if (!CONTRACT_CODES.includes(code)) return `unknown code ${code}`;
  if (!codes.includes(code)) return `code ${code}, expected ${codes.join('|')}: ${message}`;
  const expected = HTTP_STATUS[code as ErrorCode];
  if (r.status !== expected && !extraStatuses.includes(r.status)) return `HTTP ${r.status} for ${code}, expected ${expected}`;
  if (typeof message !== 'string' || !CHINESE.test(message)) return `message not in Chinese: ${JSON.stringify(message)}`;
  return null;
}

export function expectErrorEnvelope(r: Reply, codes: string | readonly string[], extraStatuses: number[] = []): void {
  const problem = errorEnvelopeProblem(r, typeof codes === 'string' ? [codes] : codes, extraStatuses);
  if (problem) throw new Error(problem);
}

/** Client errors the contract allows for bad input: everything 4xx, never BUSY or INTERNAL. */
export const CLIENT_ERROR_CODES = CONTRACT_CODES.filter((c) => HTTP_STATUS[c as ErrorCode] < 500);

/** The error code of a reply, or `HTTP <status>` when it is not an error envelope (for tallies and tables). */
export function replyCode(r: Reply): string {
  const b = r.body as { ok?: boolean; error?: { code?: string } } | undefined;
  return b?.ok === true ? 'ok' : (b?.error?.code ?? `HTTP ${r.status}`);
}
