import { Image, Text, View } from '@tarojs/components'
import { svgUrl, type IconName } from '../../components/Icon'
import { Tappable } from '../../components/Tappable'
import { ICON_PATHS } from '../../components/icon-paths'
import { ADMIN_ICON_PATHS, type AdminIconName } from './admin-icon-paths'

export type AnyIconName = IconName | AdminIconName

/**
 * The app's Icon for the admin console: the shared set plus the icons only the console uses (kept in this
 * subpackage by scripts/icons.ts). Decorative; the text beside it names the thing.
 */
export function AdminIcon({ name, className = 'icon' }: { name: AnyIconName; className?: string }) {
  const inner = name in ADMIN_ICON_PATHS ? ADMIN_ICON_PATHS[name as AdminIconName] : ICON_PATHS[name as IconName]
  return <Image className={className} src={svgUrl(inner)} mode='aspectFit' aria-hidden='true' />
}

/** One section of the console on its home page: the icon in its circle, the name below; the whole tile is the button. */
export function AdminTile({ icon, label, testid, onClick }: { icon: AnyIconName; label: string; testid: string; onClick: () => void }) {
  return (
    <Tappable className='tile' label={label} testId={testid} onTap={onClick}>
      <View className='tile__icon'>
        <AdminIcon name={icon} className='icon icon--lg' />
      </View>
      <Text className='tile__label'>{label}</Text>
    </Tappable>
  )
}
