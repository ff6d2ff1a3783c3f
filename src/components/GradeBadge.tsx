import { Text } from '@tarojs/components'
import type { SiteGrade } from '../../cloudfunctions/shared/contract'
import { formatYmdCn, GRADE_TEXT } from '../lib/voice'

/** The district's inspection grade of a site (亮牌公示): 优秀 / 良好 / 合格 and, unless compact, the inspection date. */
export function GradeBadge({ grade, inspectedAt, compact }: { grade?: SiteGrade; inspectedAt?: string; compact?: boolean }) {
  if (!grade) return null
  return (
    <Text className={`grade grade--${grade}`} data-testid='grade-badge'>
      {`区级评定 ${GRADE_TEXT[grade]}`}
      {!compact && inspectedAt ? ` · ${formatYmdCn(inspectedAt)}检查` : ''}
    </Text>
  )
}
