/** One error model, shared by the cloud functions, the local runtime and (as types) the client. */

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  NOT_REGISTERED: 'NOT_REGISTERED',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  QUOTA_EXHAUSTED: 'QUOTA_EXHAUSTED',
  SESSION_FULL: 'SESSION_FULL',
  ALREADY_BOOKED: 'ALREADY_BOOKED',
  BOOKING_CLOSED: 'BOOKING_CLOSED',
  BOOKING_LIMIT: 'BOOKING_LIMIT',
  SUSPENDED: 'SUSPENDED',
  INVALID_CODE: 'INVALID_CODE',
  CHECKIN_CLOSED: 'CHECKIN_CLOSED',
  FEVER: 'FEVER',
  NOT_AUTHORIZED_PICKUP: 'NOT_AUTHORIZED_PICKUP',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  BUSY: 'BUSY',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Default Chinese message per code (a service may give a more specific one). */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
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
};

export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_REGISTERED: 409,
  CONSENT_REQUIRED: 409,
  NOT_ELIGIBLE: 409,
  QUOTA_EXHAUSTED: 409,
  SESSION_FULL: 409,
  ALREADY_BOOKED: 409,
  BOOKING_CLOSED: 409,
  BOOKING_LIMIT: 409,
  SUSPENDED: 409,
  INVALID_CODE: 409,
  CHECKIN_CLOSED: 409,
  FEVER: 409,
  NOT_AUTHORIZED_PICKUP: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  BUSY: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message?: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'AppError';
  }
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
