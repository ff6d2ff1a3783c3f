/**
 * The roster copy a worker's phone keeps while online, for the door when the signal is gone: bookings,
 * children's names and ages, guardians and authorised pickups, 6-digit codes and statuses of one session.
 * It lives until the end of the Shanghai day it was saved on (then it is dropped) or until logout.
 */
import type { RosterEntry, Session } from '../../../cloudfunctions/shared/contract'
import { shanghaiToday } from '../../lib/time'
import type { KV, QueuedAction } from './queue'

const PREFIX = 'bh.offline.roster.'
const INDEX_KEY = 'bh.offline.rosters'

export interface CachedRoster {
  sessionId: string
  /** Shanghai date the copy was saved on; it is dropped on any later day. */
  day: string
  savedAt: string
  session?: Session
  feverCelsius?: number
  roster: RosterEntry[]
}

const index = (kv: KV): string[] => {
  const v = kv.get(INDEX_KEY)
  return Array.isArray(v) ? (v as string[]) : []
}

export function saveRoster(
  kv: KV,
  sessionId: string,
  data: { roster: RosterEntry[]; session?: Session; feverCelsius?: number },
  now = Date.now(),
): void {
  const copy: CachedRoster = {
    sessionId,
    day: shanghaiToday(now),
    savedAt: new Date(now).toISOString(),
    session: data.session,
    feverCelsius: data.feverCelsius,
    roster: data.roster,
  }
  kv.set(PREFIX + sessionId, copy)
  if (!index(kv).includes(sessionId)) kv.set(INDEX_KEY, [...index(kv), sessionId])
}

/** The copy saved today for this session, or null (a copy of an earlier day is removed). */
export function loadRoster(kv: KV, sessionId: string, now = Date.now()): CachedRoster | null {
  pruneRosters(kv, now)
  const v = kv.get(PREFIX + sessionId) as CachedRoster | '' | undefined
  return v && typeof v === 'object' && Array.isArray(v.roster) ? v : null
}

/** Drops every copy saved before today (Shanghai). */
export function pruneRosters(kv: KV, now = Date.now()): void {
  const today = shanghaiToday(now)
  const ids = index(kv)
  const keep: string[] = []
  for (const id of ids) {
    const v = kv.get(PREFIX + id) as CachedRoster | '' | undefined
    if (v && typeof v === 'object' && v.day === today) keep.push(id)
    else kv.remove(PREFIX + id)
  }
  if (keep.length === ids.length) return
  if (keep.length) kv.set(INDEX_KEY, keep)
  else kv.remove(INDEX_KEY)
}

/** Logout: no roster copy stays on the phone. */
export function clearRosters(kv: KV): void {
  for (const id of index(kv)) kv.remove(PREFIX + id)
  kv.remove(INDEX_KEY)
}

export type ShownEntry = RosterEntry & { pending?: 'checkIn' | 'checkOut' }

/** The roster as the phone knows it: the saved (or fresh) roster with the queued actions applied on top. */
export function withQueued(roster: RosterEntry[], queued: QueuedAction[]): ShownEntry[] {
  const byId = new Map<string, ShownEntry>(roster.map((r) => [r.bookingId, { ...r }]))
  for (const a of queued) {
    const e = byId.get(a.bookingId)
    if (!e) continue
    if (a.type === 'checkIn' && e.status === 'confirmed') byId.set(a.bookingId, { ...e, status: 'checked_in', pending: 'checkIn' })
    if (a.type === 'checkOut' && e.status === 'checked_in') byId.set(a.bookingId, { ...e, status: 'checked_out', pending: 'checkOut' })
  }
  return roster.map((r) => byId.get(r.bookingId)!)
}

/**
 * A scanned QR code or typed 6 digits matched against the saved roster (offline: the server cannot verify
 * the QR signature, the worker sees the child's card before anything is recorded).
 */
export function matchCode(roster: RosterEntry[], raw: string): RosterEntry | null {
  const code = raw.trim()
  if (!code) return null
  if (/^\d{6}$/.test(code)) return roster.find((r) => r.shortCode === code) ?? null
  const dot = code.lastIndexOf('.')
  const bookingId = dot > 0 ? code.slice(0, dot) : ''
  return bookingId ? (roster.find((r) => r.bookingId === bookingId) ?? null) : null
}
