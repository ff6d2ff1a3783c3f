/**
 * When the player reports its position (pure logic, no Taro, no network — see useProgressReporter):
 *  - on play (the starting point the server measures from),
 *  - about every 4 s of wall time while playing (the server expects a report at least every 5 s; docs/domain.md),
 *  - on pause, on end (at the episode's end), and when the page hides or unloads (flush),
 *  - around a seek: the position before the jump (so honest watching up to it counts), then the new one.
 * The server decides what counts as watched, on its own clock; the client only says where the player is.
 */
export const REPORT_EVERY_MS = 4_000
/** A jump between two time updates (which come every ~0.25 s) larger than this is a seek. */
export const SEEK_JUMP_SEC = 3
/** How often the position is saved locally (sent later if the page dies before reporting). */
export const SAVE_EVERY_MS = 1000

export interface ReporterDeps {
  /** Send a report (the caller queues them in order). */
  send(positionSec: number): void
  /** Remember an unsent position locally. */
  save(positionSec: number): void
  now(): number
}

export const round1 = (n: number) => Math.round(n * 10) / 10

export class PlaybackReporter {
  private pos: number
  private playing = false
  private lastSentAt = 0
  private lastSentPos = -1
  private lastSavedAt = 0

  constructor(
    private readonly deps: ReporterDeps,
    startSec: number,
  ) {
    this.pos = startSec
  }

  private send(positionSec: number): void {
    const pos = round1(Math.max(0, positionSec))
    this.lastSentAt = this.deps.now()
    this.lastSentPos = pos
    this.deps.send(pos)
  }

  /** Report the current position unless it was the last one reported. */
  flush(): void {
    const pos = round1(this.pos)
    if (pos === this.lastSentPos) return
    this.deps.save(pos)
    this.send(pos)
  }

  onTime(t: number): void {
    if (!Number.isFinite(t) || t < 0) return
    const prev = this.pos
    this.pos = t
    if (Math.abs(t - prev) > SEEK_JUMP_SEC) {
      if (round1(prev) !== this.lastSentPos) this.send(prev)
      this.send(t)
    } else if (this.playing && this.deps.now() - this.lastSentAt >= REPORT_EVERY_MS) {
      this.send(t)
    }
    if (this.deps.now() - this.lastSavedAt >= SAVE_EVERY_MS) {
      this.lastSavedAt = this.deps.now()
      this.deps.save(round1(t))
    }
  }

  onPlay(): void {
    this.playing = true
    if (round1(this.pos) !== this.lastSentPos) this.send(this.pos)
    else this.lastSentAt = this.deps.now()
  }

  onPause(): void {
    this.playing = false
    this.flush()
  }

  onEnded(durationSec: number): void {
    this.playing = false
    if (durationSec > 0) this.pos = durationSec
    this.flush()
  }
}
