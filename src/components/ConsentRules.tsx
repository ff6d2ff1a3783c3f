import { Text, View } from '@tarojs/components'

/** Version of the children's personal-information rules the guardian agrees to (sent as consent.policyVersion). */
export const POLICY_VERSION = '2026-11'

/** 儿童个人信息保护规则 (PIPL Art. 28/31): what, why, how long, and the right to delete. */
export function ConsentRules() {
  return (
    <View className='rules' aria-label='儿童个人信息保护规则'>
      <Text className='t-title'>儿童个人信息保护规则</Text>
      <Text className='t-small muted'>版本 {POLICY_VERSION}</Text>
      <View className='rules__item'>
        <Text className='t-body rules__h'>我们收集什么</Text>
        <Text className='t-body'>
          监护人的姓名、手机号、与孩子的关系；孩子的姓名、性别、出生日期；您添加的接送人姓名和关系；每次托育的预约、签到、离园记录和入园体温。
        </Text>
      </View>
      <View className='rules__item'>
        <Text className='t-body rules__h'>为什么收集</Text>
        <Text className='t-body'>
          只用于核对孩子的年龄和免费次数、安排托育名额、入园健康检查和把孩子安全交给授权的接送人。不用于广告，不提供给无关的第三方。
        </Text>
      </View>
      <View className='rules__item'>
        <Text className='t-body rules__h'>谁能看到</Text>
        <Text className='t-body'>本社区宝宝屋的工作人员在签到时看到孩子姓名、月龄和隐藏中间四位的手机号。</Text>
      </View>
      <View className='rules__item'>
        <Text className='t-body rules__h'>保存多久</Text>
        <Text className='t-body'>在您使用服务期间保存；注销后立即删除监护人和孩子的个人信息，只保留不含姓名和联系方式的托育统计数据。</Text>
      </View>
      <View className='rules__item'>
        <Text className='t-body rules__h'>您的权利</Text>
        <Text className='t-body'>
          您可以随时在“我的”页面查看、修改接送人，或注销账号删除全部个人信息。孩子不满 14 周岁，须由监护人同意后登记。
        </Text>
      </View>
    </View>
  )
}
