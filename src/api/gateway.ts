/**
 * The ONE typed gateway for every cloud call (docs/architecture.md). Pages never call Taro.cloud, Taro.request
 * or fetch themselves; this module does no UI.
 *
 * Platform seam, resolved at build time by process.env.TARO_ENV:
 *  - weapp: Taro.cloud.callFunction({ name: fn, data: { action, ...params } }); result.result is the envelope.
 *  - h5 (and tests): POST <base>/api/<fn> { action, ...params } with `Authorization: Bearer <token>`;
 *    the token comes from the dev login (POST /dev/login {openid}).
 */
import Taro from '@tarojs/taro'
import type { ActionName, Data, FunctionName, ParamsArg } from '../../cloudfunctions/shared/contract'
import type { Envelope, ErrorBody } from '../../cloudfunctions/shared/errors'
import { ApiError, type ClientErrorCode } from './errors'

export { ApiError } from './errors'

const TOKEN_KEY = 'bh.token'
const OPENID_KEY = 'bh.devOpenid'

const isWeapp = process.env.TARO_ENV === 'weapp'

function apiBase(): string {
  return (process.env.TARO_APP_API_BASE || '').replace(/\/$/, '')
}

/** Envelope (or anything else the transport answered) → data, or a thrown ApiError. */
function unwrap<T>(body: unknown, status?: number): T {
  if (body && typeof body === 'object' && 'ok' in body) {
    const env = body as Envelope<T>
    if (env.ok) return env.data
    const err: Partial<ErrorBody> = env.error || {}
    throw new ApiError((err.code as ClientErrorCode) || 'INTERNAL', err.message, err.details)
  }
  if (status === 401) throw new ApiError('UNAUTHENTICATED')
  if (status === 503) throw new ApiError('BUSY')
  throw new ApiError('INTERNAL')
}

let cloudReady = false
function ensureCloud(): void {
  if (cloudReady) return
  const env = process.env.TARO_APP_CLOUD_ENV
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
  cloudReady = true
}

async function callCloud<T>(fn: string, payload: Record<string, unknown>): Promise<T> {
  ensureCloud()
  let res: { result?: unknown }
  try {
    res = (await Taro.cloud.callFunction({ name: fn, data: payload })) as { result?: unknown }
  } catch (e) {
    console.warn(`[gateway] ${fn} callFunction failed`, e)
    throw new ApiError('NETWORK')
  }
  return unwrap<T>(res && res.result)
}

async function callHttp<T>(fn: string, payload: Record<string, unknown>): Promise<T> {
  const token = getToken()
  const header: Record<string, string> = { 'Content-Type': 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  let res: { statusCode: number; data: unknown }
  try {
    res = (await Taro.request({ url: `${apiBase()}/api/${fn}`, method: 'POST', header, data: payload, dataType: 'json' })) as {
      statusCode: number
      data: unknown
    }
  } catch (e) {
    console.warn(`[gateway] ${fn} request failed`, e)
    throw new ApiError('NETWORK')
  }
  return unwrap<T>(res.data, res.statusCode)
}

/**
 * Call `fn.action` with typed params; resolves with the typed `data`, or throws an ApiError
 * carrying the server's code and Chinese message ('NETWORK' when no answer came back).
 */
export function call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...rest: ParamsArg<F, A>): Promise<Data<F, A>> {
  const params = (rest[0] || {}) as Record<string, unknown>
  const payload = { ...params, action }
  return isWeapp ? callCloud<Data<F, A>>(fn, payload) : callHttp<Data<F, A>>(fn, payload)
}

/** A fresh idempotency key: 8–64 chars of [A-Za-z0-9_-]. Create one per intent; reuse it on retry. */
export function newRequestId(): string {
  const rand = Math.random().toString(36).slice(2, 10).padEnd(8, '0')
  return `r${Date.now().toString(36)}_${rand}`
}

// ---- H5 dev identity (the local runtime's dev login; not used in weapp, where WeChat gives the openid) ----

export function getToken(): string {
  try {
    return (Taro.getStorageSync(TOKEN_KEY) as string) || ''
  } catch (e) {
    return ''
  }
}

export function getDevOpenid(): string {
  try {
    return (Taro.getStorageSync(OPENID_KEY) as string) || ''
  } catch (e) {
    return ''
  }
}

/** Whether this build has the dev login (H5 against the local runtime). */
export const hasDevLogin = process.env.TARO_ENV === 'h5'

/** POST /dev/login {openid} → stores the token used by every later call. */
export async function devLogin(openid: string): Promise<void> {
  let res: { statusCode: number; data: unknown }
  try {
    res = (await Taro.request({
      url: `${apiBase()}/dev/login`,
      method: 'POST',
      header: { 'Content-Type': 'application/json' },
      data: { openid },
      dataType: 'json',
    })) as { statusCode: number; data: unknown }
  } catch (e) {
    throw new ApiError('NETWORK')
  }
  const data = unwrap<{ token: string }>(res.data, res.statusCode)
  Taro.setStorageSync(TOKEN_KEY, data.token)
  Taro.setStorageSync(OPENID_KEY, openid)
}

export function devLogout(): void {
  Taro.removeStorageSync(TOKEN_KEY)
  Taro.removeStorageSync(OPENID_KEY)
}
