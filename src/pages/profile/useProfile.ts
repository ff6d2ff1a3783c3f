import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ChildWithQuota, Pickup } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { useAction, usePageData } from '../../hooks/useAsync'
import { goHome } from '../../lib/nav'
import type { ChildDraft, PickupDraft } from '../../lib/validate'

/** 我的: the profile and every change made from it (one action at a time, failures shown where they happened). */
export function useProfile() {
  const page = usePageData(() => call('user', 'profile'))
  const action = useAction()
  const { run } = action
  const [failure, setFailure] = useState<{ where: string; error: ApiError } | null>(null)

  const saveChild = (c: ChildWithQuota, change: { pickups?: Pickup[]; birthDate?: string }, key: string, done: string) =>
    run(key, async () => {
      setFailure(null)
      try {
        const res = await call('user', 'updateChild', { childId: c.id, ...change })
        if (change.birthDate)
          await page.reload() // the age window moves with the birth date
        else
          page.setData((p) => ({ ...p!, children: p!.children.map((x) => (x.id === c.id ? { ...x, ...res.child, quota: x.quota } : x)) }))
        Taro.showToast({ title: done, icon: 'success' })
        return true
      } catch (e) {
        setFailure({ where: c.id, error: toApiError(e) })
        return false
      }
    }).then((ok) => ok === true)

  const addPickup = (c: ChildWithQuota, p: PickupDraft) =>
    saveChild(
      c,
      {
        pickups: [
          ...(c.pickups || []),
          { name: p.name.trim(), relation: p.relation, ...(p.phone.trim() ? { phone: p.phone.trim() } : {}) },
        ],
      },
      `pickup:${c.id}`,
      '已保存',
    )

  const removePickup = async (c: ChildWithQuota, index: number) => {
    const p = c.pickups[index]
    const answer = await Taro.showModal({
      title: '删除接送人？',
      content: `删除后，工作人员不能把${c.name}交给${p.name}。`,
      confirmText: '删除',
      cancelText: '保留',
    })
    if (!answer.confirm) return
    await saveChild(c, { pickups: c.pickups.filter((_, i) => i !== index) }, `pickup:${c.id}`, '已保存')
  }

  const fixBirthDate = (c: ChildWithQuota, birthDate: string) => saveChild(c, { birthDate }, `birth:${c.id}`, '出生日期已更正')

  const addChild = (child: ChildDraft) =>
    run('addChild', async () => {
      setFailure(null)
      try {
        await call('user', 'addChild', {
          child: { name: child.name.trim(), gender: child.gender as 'M' | 'F', birthDate: child.birthDate },
        })
        Taro.showToast({ title: '登记成功', icon: 'success' })
        await page.reload()
        return true
      } catch (e) {
        setFailure({ where: 'addChild', error: toApiError(e) })
        return false
      }
    }).then((ok) => ok === true)

  const deleteAccount = () =>
    run('delete', async () => {
      const first = await Taro.showModal({
        title: '注销账号',
        content: '注销后将删除您和孩子的全部个人信息，并取消所有待参加的预约。此操作不能撤销。',
        confirmText: '继续注销',
        cancelText: '取消',
        confirmColor: '#B91C1C',
      })
      if (!first.confirm) return
      const second = await Taro.showModal({
        title: '再次确认',
        content: '真的要注销吗？孩子今年的免费次数记录也将无法找回。',
        confirmText: '确认注销',
        cancelText: '不注销',
        confirmColor: '#B91C1C',
      })
      if (!second.confirm) return
      try {
        await call('user', 'deleteAccount')
        Taro.showToast({ title: '已注销', icon: 'success' })
        goHome()
      } catch (e) {
        setFailure({ where: 'delete', error: toApiError(e) })
      }
    })

  return { page, action, failure, addPickup, removePickup, fixBirthDate, addChild, deleteAccount }
}
