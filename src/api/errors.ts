import { DEFAULT_MESSAGES, type ErrorCode } from '../../cloudfunctions/shared/errors'

/** Client-side error codes: the server's, plus NETWORK for a request that never got an answer. */
export type ClientErrorCode = ErrorCode | 'NETWORK'

/** Chinese fallback messages: the server's defaults plus NETWORK (the server's own message wins). */
export const FALLBACK_MESSAGES: Record<ClientErrorCode, string> = {
  ...DEFAULT_MESSAGES,
  NETWORK: '网络连接失败，请检查网络后重试',
}

/** The one error the gateway throws: the server's code and Chinese message, or NETWORK. */
export class ApiError extends Error {
  readonly code: ClientErrorCode
  readonly details?: Record<string, unknown>

  constructor(code: ClientErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message || FALLBACK_MESSAGES[code] || FALLBACK_MESSAGES.INTERNAL)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }

  /** Worth retrying the same request (same requestId) later. */
  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'BUSY' || this.code === 'INTERNAL'
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'ApiError')
}

/** Any thrown value → ApiError (unknown errors become INTERNAL with a Chinese message). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e
  return new ApiError('INTERNAL')
}
