import type { ErrorCode } from '../../cloudfunctions/shared/errors'

/** Client-side error codes: the server's, plus NETWORK for a request that never got an answer. */
export type ClientErrorCode = ErrorCode | 'NETWORK'

/**
 * Chinese fallback messages (the server's message wins). A copy of DEFAULT_MESSAGES in
 * cloudfunctions/shared/errors.ts because the app build compiles only src/ (only type imports may cross);
 * tests/unit/client-messages.test.ts keeps the two equal.
 */
export const FALLBACK_MESSAGES: Record<ClientErrorCode, string> = {
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  INVALID_ARGUMENT: '提交的信息有误，请检查后重试',
  NOT_FOUND: '没有找到相关内容',
  NOT_REGISTERED: '请先扫码登记家庭信息',
  CONSENT_REQUIRED: '请先阅读并同意儿童个人信息保护规则',
  NOT_ELIGIBLE: '孩子不符合该场次的参加条件',
  QUOTA_EXHAUSTED: '本年度的免费托育次数已用完',
  SESSION_FULL: '该场次已约满',
  ALREADY_BOOKED: '孩子已预约了该场次或同一时段的场次',
  BOOKING_CLOSED: '该场次当前不可预约',
  BOOKING_LIMIT: '待参加的预约已达上限',
  SUSPENDED: '因多次预约未到，暂停预约',
  INVALID_CODE: '签到码无效',
  CHECKIN_CLOSED: '当前不在签到时间内',
  FEVER: '体温偏高，按规定今天不能入托',
  NOT_AUTHORIZED_PICKUP: '接送人不在授权名单中',
  CONFLICT: '请求与之前的请求冲突',
  RATE_LIMITED: '操作太频繁，请明天再试',
  BUSY: '系统繁忙，请稍后重试',
  INTERNAL: '系统出错了，请稍后重试',
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
