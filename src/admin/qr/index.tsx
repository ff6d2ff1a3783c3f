import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { useAction } from '../../hooks/useAsync'
import { CommunityPage } from '../components/CommunityBar'
import { pngSrc, savePng } from '../lib/save'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

/** The community's registration QR code: families scan it to register; print it for the baby house's door. */
export default function CommunityQr() {
  const page = useCommunityData((c) => call('admin', 'communityQr', { communityId: c.id }))
  const { busy, run } = useAction()
  const [saved, setSaved] = useState('')

  return (
    <CommunityPage page={page} loadingText='正在生成二维码…'>
      {(community, data) => {
        const save = () =>
          run('save', async () => {
            try {
              setSaved(await savePng(`宝宝屋登记码_${community.name}.png`, data.pngBase64))
            } catch (e) {
              Taro.showToast({ title: '保存失败，请允许保存到相册后重试', icon: 'none' })
            }
          })

        return (
          <>
            <View className='card'>
              <Text className='t-title'>{community.name} 宝宝屋登记码</Text>
              <Text className='t-body'>家长用微信扫一扫，即可登记家庭和孩子信息、预约临时托。</Text>
              <Image
                className='admin-qr'
                src={pngSrc(data.pngBase64)}
                mode='aspectFit'
                aria-label='社区登记二维码'
                data-testid='community-qr'
              />
              <Text className='t-small muted'>社区码：{community.code}</Text>
              {process.env.TARO_ENV === 'h5' && (
                <Text className='t-small muted' selectable>
                  网页地址：{data.url}
                </Text>
              )}
              <Btn className='btn btn--primary' loading={busy === 'save'} disabled={busy !== null} onClick={save}>
                保存二维码图片
              </Btn>
              {saved && (
                <View role='status'>
                  <Text className='t-body ok'>{saved}，可打印张贴在宝宝屋门口。</Text>
                </View>
              )}
            </View>
          </>
        )
      }}
    </CommunityPage>
  )
}
