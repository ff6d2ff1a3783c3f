import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { Data, Invite, StaffMember, StaffRole } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Segments } from '../../components/Choice'
import { Empty, Notice } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { CommunityPage } from '../components/CommunityBar'
import { ConfirmSheet } from '../components/ConfirmSheet'
import { formatInstant, ROLE_TEXT } from '../lib/labels'
import { pngSrc, savePng } from '../lib/save'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

type Created = Data<'admin', 'createInvite'>
type Pending = { kind: 'remove'; staff: StaffMember } | { kind: 'revoke'; invite: Invite }

const spaced = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`

/** Staff of the community: one-time invite codes (no openids to type), the list, and removal. */
export default function Staff() {
  const page = useCommunityData((c) => call('admin', 'listStaff', { communityId: c.id }))
  const { busy, run } = useAction()
  const [role, setRole] = useState<StaffRole>('worker')
  const [created, setCreated] = useState<Created | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)

  return (
    <CommunityPage page={page}>
      {(community, data) => {
        const invite = () =>
          run('invite', async () => {
            setFailure(null)
            try {
              setCreated(await call('admin', 'createInvite', { communityId: community.id, role }))
              page.reload()
            } catch (e) {
              setFailure(toApiError(e))
            }
          })

        const confirm = () => {
          const p = pending
          if (!p) return
          return run('confirm', async () => {
            setFailure(null)
            try {
              if (p.kind === 'remove') {
                await call('admin', 'removeStaff', { communityId: community.id, openid: p.staff.openid })
                Taro.showToast({ title: '已移除', icon: 'success' })
              } else {
                await call('admin', 'revokeInvite', { communityId: community.id, code: p.invite.code })
                if (created?.invite.code === p.invite.code) setCreated(null)
                Taro.showToast({ title: '邀请码已作废', icon: 'success' })
              }
              page.reload()
            } catch (e) {
              setFailure(toApiError(e))
            }
            setPending(null)
          })
        }

        const saveQr = () =>
          created &&
          run('save', async () => {
            try {
              const msg = await savePng(`宝宝屋邀请码_${created.invite.code}.png`, created.pngBase64)
              Taro.showToast({ title: msg, icon: 'none' })
            } catch (e) {
              Taro.showToast({ title: '保存失败，请允许保存到相册后重试', icon: 'none' })
            }
          })

        return (
          <>
            <Text className='t-title'>邀请工作人员</Text>
            <Text className='t-small muted'>生成一次性邀请码，同事在“宝宝屋”里扫码或输入邀请码即可加入，72 小时内有效，只能使用一次。</Text>
            <View className='section'>
              <Segments<StaffRole>
                options={[
                  { value: 'worker', label: ROLE_TEXT.worker },
                  { value: 'admin', label: ROLE_TEXT.admin },
                ]}
                value={role}
                onChange={setRole}
              />
              <Btn className='btn btn--primary' loading={busy === 'invite'} disabled={busy !== null} onClick={invite}>
                生成{ROLE_TEXT[role]}邀请码
              </Btn>
            </View>
            {failure && <Notice error={failure} />}

            {created && (
              <View className='card section' data-testid='invite-card'>
                <Text className='t-body'>请同事在“宝宝屋”首页打开“我有邀请码”，扫描下面的二维码或输入：</Text>
                <Text className='code-big' data-testid='invite-code'>
                  {spaced(created.invite.code)}
                </Text>
                <Image className='admin-qr' src={pngSrc(created.pngBase64)} mode='aspectFit' aria-label='邀请二维码' />
                <Text className='t-small muted'>
                  身份：{ROLE_TEXT[created.invite.role]} · 有效期至 {formatInstant(created.invite.expiresAt)}
                </Text>
                <Btn className='btn' loading={busy === 'save'} disabled={busy !== null} onClick={saveQr}>
                  保存邀请二维码
                </Btn>
              </View>
            )}

            <View className='section'>
              <Text className='t-title'>工作人员（{data.staff.length}）</Text>
              {data.staff.length === 0 && <Empty text='还没有工作人员，请生成邀请码邀请同事加入。' />}
              {data.staff.length > 0 && (
                <View className='card'>
                  {data.staff.map((s) => (
                    <View className='list-row' key={s.openid} data-testid='staff-row'>
                      <View className='list-row__main'>
                        <Text className='t-body'>{s.name || '未留名的工作人员'}</Text>
                        <Text className='t-small muted'>
                          {ROLE_TEXT[s.role]}
                          {s.createdAt ? ` · ${formatInstant(s.createdAt)} 加入` : ''}
                        </Text>
                      </View>
                      <Btn
                        className='btn btn--small btn--danger'
                        disabled={busy !== null}
                        onClick={() => setPending({ kind: 'remove', staff: s })}
                      >
                        移除
                      </Btn>
                    </View>
                  ))}
                </View>
              )}
            </View>

            {data.invites.length > 0 && (
              <View className='section'>
                <Text className='t-title'>未使用的邀请码</Text>
                <View className='card'>
                  {data.invites.map((i) => (
                    <View className='list-row' key={i.code}>
                      <View className='list-row__main'>
                        <Text className='t-body'>
                          {spaced(i.code)} · {ROLE_TEXT[i.role]}
                        </Text>
                        <Text className='t-small muted'>有效期至 {formatInstant(i.expiresAt)}</Text>
                      </View>
                      <Btn
                        className='btn btn--small btn--danger'
                        disabled={busy !== null}
                        onClick={() => setPending({ kind: 'revoke', invite: i })}
                      >
                        作废
                      </Btn>
                    </View>
                  ))}
                </View>
              </View>
            )}

            {pending && (
              <ConfirmSheet
                title={pending.kind === 'remove' ? '确定移除这位工作人员吗？' : '确定作废这个邀请码吗？'}
                message={
                  pending.kind === 'remove'
                    ? `${pending.staff.name || '这位未留名的工作人员'}（${ROLE_TEXT[pending.staff.role]}）将不能再签到、查看名单${pending.staff.role === 'admin' ? '或管理社区' : ''}。需要时可以重新邀请。`
                    : `邀请码 ${spaced(pending.invite.code)} 作废后不能再使用。`
                }
                confirmText={pending.kind === 'remove' ? '确认移除' : '确认作废'}
                danger
                busy={busy === 'confirm'}
                onConfirm={confirm}
                onCancel={() => setPending(null)}
              />
            )}
          </>
        )
      }}
    </CommunityPage>
  )
}
