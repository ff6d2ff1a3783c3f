/** The player's progress reporting as a hook: PlaybackReporter's decisions, sent through the gateway in order. */
import { useRef } from 'react'
import type { EpisodeProgress } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { clearPending, savePending } from '../../components/continue-watching/pending'
import { PlaybackReporter } from './reporter'

export function useProgressReporter(episodeId: string, startSec: number, onProgress: (p: EpisodeProgress) => void): PlaybackReporter {
  const onProgressRef = useRef(onProgress)
  onProgressRef.current = onProgress
  const ref = useRef<PlaybackReporter | null>(null)
  if (!ref.current) {
    let chain = Promise.resolve()
    ref.current = new PlaybackReporter(
      {
        // one report at a time, in order, so the server sees the positions as they happened
        send: (positionSec) => {
          chain = chain.then(async () => {
            try {
              const p = await call('course', 'progress', { episodeId, positionSec })
              clearPending({ episodeId, positionSec })
              onProgressRef.current(p)
            } catch (e) {
              // the position stays saved locally (savePending) and is sent when a course page opens again
            }
          })
        },
        save: (positionSec) => savePending({ episodeId, positionSec }),
        now: () => Date.now(),
      },
      startSec,
    )
  }
  return ref.current
}
