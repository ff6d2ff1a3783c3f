/**
 * The worker's offline queue: check-ins and check-outs recorded on the phone while there is no signal, kept
 * in storage (so a killed and reopened mini-program still has them) and sent with checkin.sync when the
 * network returns. Each action carries a client action id, so a batch that was sent but whose answer was
 * lost can be sent again without doubling anything (the server applies each id once).
 *
 * No UI and no network here: `sync` is given the function that sends one batch.
 */
import type { Booking, OfflineAction, OfflineActionResult } from '../../../cloudfunctions/shared/contract'
import { toApiError } from '../../api/errors'

/** Synchronous key-value storage (Taro storage in the app, a Map in tests). */
export interface KV {
  get(key: string): unknown
  set(key: string, value: unknown): void
  remove(key: string): void
}

export interface QueuedAction extends OfflineAction {
  sessionId: string
  childName: string
  /** Failed sends so far (network or a busy server); the action stays queued. */
  attempts: number
}

/** An answer the worker has to look at: a refusal (conflict) or an action someone else had already done. */
export interface SyncIssue {
  kind: 'conflict' | 'duplicate'
  action: QueuedAction
  code?: string
  message: string
  booking?: Booking
}

export interface SyncReport {
  /** Actions sent and answered definitively (applied, already done, or refused). */
  answered: number
  applied: number
  duplicates: SyncIssue[]
  conflicts: SyncIssue[]
  /** Still queued (not sent, or to retry). */
  remaining: number
  /** The network failed: nothing more was sent. */
  offline: boolean
}

export type SendBatch = (actions: OfflineAction[]) => Promise<OfflineActionResult[]>

const QUEUE_KEY = 'bh.offline.queue'
const ISSUES_KEY = 'bh.offline.issues'
/** Answers that say "try again later": the action stays queued, in place. */
const RETRY_CODES = new Set(['NETWORK', 'BUSY', 'INTERNAL', 'UNAUTHENTICATED'])
/** Actions per checkin.sync call: the server takes 200, a body must stay under 64 KB. */
export const SYNC_BATCH = 50

/** A fresh client action id: 8–64 chars of [A-Za-z0-9_-], unique per phone. */
export function newActionId(now: number = Date.now()): string {
  const rand = Math.random().toString(36).slice(2, 10).padEnd(8, '0')
  return `off_${now.toString(36)}_${rand}`
}

const asList = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : [])

export class OfflineQueue {
  private running: Promise<SyncReport> | null = null

  constructor(
    private readonly kv: KV,
    private readonly batchSize = SYNC_BATCH,
  ) {}

  /** The queued actions, oldest first (read from storage every time: storage is the truth). */
  list(): QueuedAction[] {
    return asList<QueuedAction>(this.kv.get(QUEUE_KEY))
  }

  forSession(sessionId: string): QueuedAction[] {
    return this.list().filter((a) => a.sessionId === sessionId)
  }

  hasPending(bookingId: string): boolean {
    return this.list().some((a) => a.bookingId === bookingId)
  }

  /**
   * Queues an action and writes it to storage at once. A repeat (same id, or the same step for the same
   * booking, e.g. a double tap) is ignored: returns false.
   */
  add(action: Omit<QueuedAction, 'attempts'>): boolean {
    const list = this.list()
    if (list.some((a) => a.id === action.id || (a.bookingId === action.bookingId && a.type === action.type))) return false
    this.kv.set(QUEUE_KEY, [...list, { ...action, attempts: 0 }])
    return true
  }

  /** Conflicts and duplicates of earlier syncs the worker has not dismissed yet. */
  issues(): SyncIssue[] {
    return asList<SyncIssue>(this.kv.get(ISSUES_KEY))
  }

  dismissIssues(): void {
    this.kv.remove(ISSUES_KEY)
  }

  /**
   * Sends the queue in order, in batches. Each answered action leaves the queue (a refusal becomes an
   * issue to resolve); an action answered "later" (busy server) stays, with everything after it, and the
   * pass stops; a network failure stops it too. Concurrent calls share one pass.
   */
  sync(send: SendBatch): Promise<SyncReport> {
    if (!this.running) {
      this.running = this.pass(send).finally(() => {
        this.running = null
      })
    }
    return this.running
  }

  private async pass(send: SendBatch): Promise<SyncReport> {
    const report: SyncReport = { answered: 0, applied: 0, duplicates: [], conflicts: [], remaining: 0, offline: false }
    let stop = false
    while (!stop) {
      const queued = this.list()
      const batch = queued.slice(0, this.batchSize)
      if (batch.length === 0) break
      let results: OfflineActionResult[]
      try {
        results = await send(
          batch.map(({ id, type, bookingId, at, health, pickupName }) => ({
            id,
            type,
            bookingId,
            at,
            ...(health ? { health } : {}),
            ...(pickupName ? { pickupName } : {}),
          })),
        )
      } catch (e) {
        const err = toApiError(e)
        if (RETRY_CODES.has(err.code)) {
          report.offline = err.code === 'NETWORK'
          this.bump(batch.map((a) => a.id))
          break
        }
        // refused as a whole (e.g. no longer staff): every action of the batch goes to the worker
        results = batch.map((a) => ({ id: a.id, ok: false, error: { code: err.code, message: err.message } }))
      }
      const byId = new Map(results.map((r) => [r.id, r]))
      const done = new Set<string>()
      const retry: string[] = []
      for (const a of batch) {
        const r = byId.get(a.id)
        if (!r || (!r.ok && RETRY_CODES.has(r.error?.code || ''))) {
          retry.push(a.id)
          stop = true
          continue
        }
        done.add(a.id)
        report.answered++
        if (r.ok && r.duplicate)
          report.duplicates.push({ kind: 'duplicate', action: a, message: duplicateMessage(a, r.booking), booking: r.booking })
        else if (r.ok) report.applied++
        else
          report.conflicts.push({
            kind: 'conflict',
            action: a,
            code: r.error?.code,
            message: r.error?.message || '未能同步',
            booking: r.booking,
          })
      }
      // storage may have gained actions while the batch was in flight: remove only what was answered
      this.kv.set(
        QUEUE_KEY,
        this.list().filter((a) => !done.has(a.id)),
      )
      if (retry.length) this.bump(retry)
      const issues = [...report.conflicts, ...report.duplicates].filter((i) => done.has(i.action.id))
      if (issues.length) {
        const known = new Set(this.issues().map((i) => i.action.id))
        this.kv.set(ISSUES_KEY, [...this.issues(), ...issues.filter((i) => !known.has(i.action.id))])
      }
      if (done.size === 0) break
    }
    report.remaining = this.list().length
    return report
  }

  private bump(ids: string[]): void {
    const set = new Set(ids)
    this.kv.set(
      QUEUE_KEY,
      this.list().map((a) => (set.has(a.id) ? { ...a, attempts: a.attempts + 1 } : a)),
    )
  }
}

function hhmm(iso?: string): string {
  if (!iso) return ''
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

function duplicateMessage(a: QueuedAction, b?: Booking): string {
  return a.type === 'checkIn'
    ? `已由其他工作人员于 ${hhmm(b?.checkedInAt)} 签到，没有重复记录`
    : `已由其他工作人员于 ${hhmm(b?.checkedOutAt)} 办理离园${b?.pickupName ? `（接送人 ${b.pickupName}）` : ''}，没有重复记录`
}
