import { Text, View } from '@tarojs/components'
import type { Session } from '../../cloudfunctions/shared/contract'
import { isFamilyKind, KIND_TEXT, kindOf, titleAfterKind } from '../lib/kinds'

/**
 * What a session is, for staff (the door, the schedule): its kind (临时托, 科学育儿指导, …), title and host, and
 * 全家参加 for family events (one place per family, the child's guardian comes along).
 */
export function SessionKindLine({ session: s }: { session: Pick<Session, 'kind' | 'title' | 'host'> }) {
  const kind = kindOf(s)
  return (
    <View data-testid='session-kind'>
      <Text className='t-body'>
        <Text className='badge'>{KIND_TEXT[kind]}</Text>
        {isFamilyKind(kind) && <Text className='badge badge--open'>全家参加</Text>}
        {s.title ? ` ${titleAfterKind(s)}` : ''}
      </Text>
      {s.host && <Text className='t-small muted'>主讲/主办：{s.host}</Text>}
    </View>
  )
}
