import { View } from '@tarojs/components'
import { Page } from '../../components/Page'
import { Notice, PageState } from '../../components/States'
import { clockTime } from '../../lib/time'
import { HealthSheet } from '../components/HealthSheet'
import { OfflineBanner } from '../offline/OfflineBanner'
import { SyncSheet } from '../offline/SyncSheet'
import { CodeEntry, RosterList, SessionHead, StatusCounts, StillInside } from './RosterCards'
import { useRoster } from './useRoster'

/** Worker: roster of one session: search, counts by status, check-in (code / scan / tap → child card → health check), check-out. */
export default function Roster() {
  const roster = useRoster()
  const { page, net, door, busy, feverCelsius } = roster
  return (
    <Page>
      <SessionHead roster={roster} />
      <CodeEntry roster={roster} />

      <OfflineBanner
        offline={net.offline}
        pending={net.queued.length}
        syncing={net.syncing}
        issues={net.issues.length}
        savedAt={page.data?.savedAt ? clockTime(page.data.savedAt) : null}
        onSync={net.sync}
        onIssues={net.openIssues}
      />

      {door.failure && <Notice error={door.failure} />}

      <PageState page={page} />

      {page.data && (
        <View>
          <StatusCounts roster={roster} />
          <StillInside roster={roster} />
          <RosterList roster={roster} />
        </View>
      )}

      {door.entry && feverCelsius !== null && (
        <HealthSheet
          entry={door.entry}
          feverCelsius={feverCelsius}
          busy={busy === 'checkin'}
          error={door.sheetError}
          onSubmit={door.checkIn}
          onClose={door.close}
        />
      )}
      {net.report && !door.entry && (
        <SyncSheet report={net.report} issues={net.issues} onClose={net.closeReport} onDone={net.dismissIssues} />
      )}
    </Page>
  )
}
