import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import type { SyncIssue, SyncReport } from './queue'

const STEP = { checkIn: '签到', checkOut: '离园' }

function clock(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

function IssueRow({ issue }: { issue: SyncIssue }) {
  const a = issue.action
  return (
    <View className={`notice ${issue.kind === 'conflict' ? 'notice--error' : 'notice--warn'}`} data-testid={`sync-issue-${issue.kind}`}>
      <Text className='t-body notice__title'>
        {a.childName} · {STEP[a.type]}（手机记录 {clock(a.at)}）
      </Text>
      <Text className='t-body'>{issue.message}</Text>
      {issue.kind === 'conflict' && <Text className='t-small muted'>这条记录没有生效，请核对孩子的情况，必要时联系家长或重新办理</Text>}
    </View>
  )
}

/**
 * After a sync: how many records went up, and every record that needs the worker — refused ones (e.g. the
 * booking was cancelled) and ones a colleague had already done — until they are marked as handled.
 */
export function SyncSheet({
  report,
  issues,
  onClose,
  onDone,
}: {
  report: SyncReport
  issues: SyncIssue[]
  onClose: () => void
  onDone: () => void
}) {
  const conflicts = issues.filter((i) => i.kind === 'conflict')
  const duplicates = issues.filter((i) => i.kind === 'duplicate')
  return (
    <View className='overlay' catchMove>
      <View className='sheet' role='dialog' aria-label='同步结果'>
        <Text className='t-title'>同步结果</Text>
        {report.answered > 0 && (
          <Text className='t-body' data-testid='sync-applied'>
            已上传 {report.applied} 条记录
          </Text>
        )}
        {report.remaining > 0 && (
          <Text className='t-body'>
            {report.offline ? '网络又断开了，' : ''}还有 {report.remaining} 条待同步，有网络后会自动重试
          </Text>
        )}
        {conflicts.length > 0 && <Text className='t-title'>需要处理（{conflicts.length}）</Text>}
        {conflicts.map((i) => (
          <IssueRow key={i.action.id} issue={i} />
        ))}
        {duplicates.length > 0 && <Text className='t-title'>同事已办理（{duplicates.length}）</Text>}
        {duplicates.map((i) => (
          <IssueRow key={i.action.id} issue={i} />
        ))}
        {issues.length === 0 && report.remaining === 0 && <Text className='t-body'>全部记录都已同步</Text>}
        <View className='btn-row'>
          <Btn className='btn' onClick={onClose}>
            稍后处理
          </Btn>
          <Btn className='btn btn--primary' onClick={onDone}>
            {issues.length ? '已处理，全部清除' : '知道了'}
          </Btn>
        </View>
      </View>
    </View>
  )
}
