import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import type { Site, SiteInfo } from '../../cloudfunctions/shared/contract'
import { Icon } from './Icon'
import { Tappable } from './Tappable'

/** What a parent needs of a site (booking.sites and user.profile both give it). */
export type ParentSite = Pick<Site, 'id' | 'name' | 'address'> & SiteInfo

/** A map for the address: WeChat's map where the site has a point; in the browser, a map search link. */
export function openMap(site: ParentSite): void {
  if (process.env.TARO_ENV === 'weapp' && site.latitude !== undefined && site.longitude !== undefined) {
    Taro.openLocation({ latitude: site.latitude, longitude: site.longitude, name: site.name, address: site.address, scale: 17 })
    return
  }
  if (process.env.TARO_ENV === 'weapp') {
    Taro.setClipboardData({ data: site.address })
    return
  }
  window.open(mapLink(site), '_blank', 'noopener')
}

export function mapLink(site: ParentSite): string {
  return `https://uri.amap.com/search?keyword=${encodeURIComponent(site.address)}`
}

/**
 * The one parents' view of a site (home page and the sites page): where the baby house is and how to use
 * it — address (map), telephone (call), hours, what to bring, notice. `header` goes under the name (the
 * district's grade, the rating), `children` at the bottom (actions).
 */
export function SiteCard({ site, header, children }: { site: ParentSite; header?: ReactNode; children?: ReactNode }) {
  return (
    <View className='card site' data-testid={`site-${site.id}`}>
      <Text className='t-title'>{site.name}</Text>
      {header}
      {site.notice && (
        <View className='notice notice--warn' data-testid='site-notice'>
          <View className='row row--start'>
            <Icon name='notice' colour='#92400E' />
            <Text className='t-body notice__title'>通知</Text>
          </View>
          <Text className='t-body'>{site.notice}</Text>
        </View>
      )}
      <Tappable className='site__line' onTap={() => openMap(site)}>
        <Icon name='pin' />
        <Text className='t-body site__text'>{site.address}</Text>
        <Text className='t-small link'>地图</Text>
      </Tappable>
      {site.tel && (
        <Tappable
          className='site__line'
          onTap={() => Promise.resolve(Taro.makePhoneCall({ phoneNumber: site.tel! })).catch(() => undefined)}
        >
          <Icon name='phone' />
          <Text className='t-body site__text'>{site.tel}</Text>
          <Text className='t-small link'>拨打</Text>
        </Tappable>
      )}
      {site.hours && (
        <View className='site__line'>
          <Icon name='clock' />
          <Text className='t-body site__text'>开放时间：{site.hours}</Text>
        </View>
      )}
      {site.bring && (
        <View className='site__line'>
          <Icon name='bag' />
          <Text className='t-body site__text'>请带上：{site.bring}</Text>
        </View>
      )}
      {children}
    </View>
  )
}
