/**
 * Scenario builders and the API stand-in for component tests. The real gateway runs (H5 transport);
 * only Taro.request is replaced, answering `POST /api/<fn> {action, ...params}` from per-action handlers.
 */
import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { DEFAULT_POLICY } from '../../cloudfunctions/core/rules/policy'
import type {
  Booking,
  ChildWithQuota,
  Community,
  DataOf,
  Guardian,
  Policy,
  Site,
  ParamsOf,
  QualifiedAction,
  RoleGrant,
  RosterEntry,
  Session,
} from '../../cloudfunctions/shared/contract'

const taro = Taro as unknown as Record<string, jest.Mock>

export class Refusal {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly status = 409,
  ) {}
}
/** A handler's answer that becomes an error envelope. */
export function refuse(code: string, message = `服务器说：${code}`, status = 409): never {
  throw new Refusal(code, message, status)
}
/** A handler's answer that makes the request fail without a response (network down). */
export const NETWORK_DOWN = Symbol('network down')

/** What a page reads of an answer: mocks give only that much of the contract's data. */
type DeepPartial<T> = T extends Array<infer E> ? Array<DeepPartial<E>> : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T
type Answer<K extends QualifiedAction> = DeepPartial<DataOf<K>> | typeof NETWORK_DOWN
type Handler<K extends QualifiedAction> = (params: ParamsOf<K>) => Answer<K> | Promise<Answer<K>>
/** Per action (keyed 'fn.action', typed from the contract): a handler, or the data to answer with. */
export type Handlers = { [K in QualifiedAction]?: Handler<K> | DeepPartial<DataOf<K>> }

export interface ApiCall {
  key: string
  params: Record<string, any>
  headers: Record<string, string>
}
export const calls: ApiCall[] = []

/** Answer the gateway's HTTP requests from `handlers` keyed 'fn.action' (a value is returned as data). */
export function mockApi(handlers: Handlers): void {
  calls.length = 0
  taro.request.mockImplementation(async (opts: { url: string; data: Record<string, any>; header: Record<string, string> }) => {
    const fn = /\/api\/([A-Za-z]+)$/.exec(opts.url)?.[1]
    const { action, ...params } = opts.data
    const key = `${fn}.${action}`
    calls.push({ key, params, headers: opts.header })
    const h = (handlers as Record<string, unknown>)[key]
    if (h === undefined) return { statusCode: 404, data: { ok: false, error: { code: 'NOT_FOUND', message: `测试未模拟 ${key}` } } }
    try {
      const data = typeof h === 'function' ? await (h as (p: unknown) => unknown)(params) : h
      if (data === NETWORK_DOWN) throw new Error('request:fail')
      return { statusCode: 200, data: { ok: true, data } }
    } catch (e) {
      if (e instanceof Refusal) return { statusCode: e.status, data: { ok: false, error: { code: e.code, message: e.message } } }
      throw e
    }
  })
}

export function callsTo(key: string): Array<Record<string, any>> {
  return calls.filter((c) => c.key === key).map((c) => c.params)
}

/** A promise the test resolves by hand (keeps a request in flight). */
export function deferred<T = unknown>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Choose `value` in the Picker whose shown box has aria-label `label` (selector: the option text). */
export function pick(label: string, value: string): void {
  const shown = screen.getByLabelText(label)
  const picker = shown.closest('[data-picker]') as HTMLElement
  const input = picker.querySelector('input[data-testid="picker-input"]') as HTMLInputElement
  let v = value
  if (picker.dataset.picker === 'selector') v = String((picker.dataset.range || '').split('|').indexOf(value))
  fireEvent.change(input, { target: { value: v } })
}

export function type(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } })
}

// ---------------------------------------------------------------- builders

export const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
export function dayFromToday(n: number): string {
  return new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10)
}

export function givenCommunity(over: Partial<Community> = {}): Community {
  return { id: 'c1', name: '奉浦社区', district: '上海市奉贤区', code: 'FP0001', ...over }
}

export function givenGuardian(over: Partial<Guardian> = {}): Guardian {
  return { id: 'g1', name: '王奶奶', phone: '13800138000', relation: '奶奶', communityId: 'c1', ...over }
}

export function givenChild(over: Partial<ChildWithQuota> = {}): ChildWithQuota {
  return {
    id: 'k1',
    name: '小明',
    gender: 'M',
    birthDate: dayFromToday(-600),
    communityId: 'c1',
    pickups: [],
    quota: { year: Number(TODAY.slice(0, 4)), used: 2, limit: 12, remaining: 10 },
    ...over,
  }
}

/** The community policy as the server sends it: a fresh community's defaults (the server's own list). */
export function givenPolicy(over: Partial<Policy> = {}): Policy {
  return { ...DEFAULT_POLICY, ...over }
}

export function givenSite(over: Partial<Site> = {}): Site {
  return { id: 'site1', communityId: 'c1', name: '奉浦宝宝屋', address: '奉浦大道 88 号 2 楼', capacity: 40, ...over }
}

export function givenProfile(
  over: {
    guardian?: Guardian | null
    children?: ChildWithQuota[]
    roles?: RoleGrant[]
    community?: Community
    policy?: Policy
    sites?: Site[]
  } = {},
) {
  const guardian = over.guardian === undefined ? givenGuardian() : over.guardian
  return {
    guardian,
    children: over.children ?? (guardian ? [givenChild()] : []),
    roles: over.roles ?? [],
    community: over.community ?? givenCommunity(),
    ...(guardian ? { policy: over.policy ?? givenPolicy(), sites: over.sites ?? [givenSite()] } : {}),
  }
}

let sessionSeq = 0
export function givenSession(over: Partial<Session> = {}): Session {
  sessionSeq += 1
  return {
    id: `s${sessionSeq}`,
    siteId: 'site1',
    communityId: 'c1',
    date: dayFromToday(2),
    start: '09:00',
    end: '11:00',
    capacity: 40,
    booked: 10,
    remaining: 30,
    waitlisted: 0,
    status: 'open',
    siteName: '奉浦宝宝屋',
    ...over,
  }
}

let bookingSeq = 0
export function givenBooking(over: Partial<Booking> = {}): Booking {
  bookingSeq += 1
  return {
    id: `b${bookingSeq}`,
    status: 'confirmed',
    sessionId: 's1',
    childId: 'k1',
    checkinCode: `b${bookingSeq}.SIG12345`,
    createdAt: new Date().toISOString(),
    childName: '小明',
    ...over,
  }
}

export function givenRosterEntry(over: Partial<RosterEntry> = {}): RosterEntry {
  bookingSeq += 1
  return {
    bookingId: `b${bookingSeq}`,
    child: { id: `k${bookingSeq}`, name: '小明', ageMonths: 20 },
    guardian: { name: '王奶奶', phoneMasked: '138****8000' },
    status: 'confirmed',
    ...over,
  }
}

export { taro }

/** date and HH:mm (Shanghai) of the instant `ms` from now, for sessions starting at a precise distance. */
export function startsIn(ms: number, lengthMin = 120): { date: string; start: string; end: string } {
  const at = new Date(Date.now() + ms + 8 * 3600_000)
  const end = new Date(at.getTime() + lengthMin * 60_000)
  const hm = (d: Date) => d.toISOString().slice(11, 16)
  return { date: at.toISOString().slice(0, 10), start: hm(at), end: hm(end) }
}
