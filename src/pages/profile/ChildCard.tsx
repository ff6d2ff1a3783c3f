import { KIND_TEXT } from '../../lib/kinds'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { ChildWithQuota, Policy } from '../../../cloudfunctions/shared/contract'
import type { ApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { DateField, SelectField } from '../../components/Choice'
import { TextField } from '../../components/Field'
import { Notice } from '../../components/States'
import { childAgeLine } from '../../lib/eligibility'
import { GENDER_TEXT, RELATIONS } from '../../lib/labels'
import { addDays, ageInMonths, ageText } from '../../lib/time'
import { type PickupDraft, hasErrors, validateChild, validatePickup } from '../../lib/validate'

export function maskPhone(p: string): string {
  return p && p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p
}

const emptyPickup: PickupDraft = { name: '', relation: '', phone: '' }

/**
 * One child on 我的: age and quota (or why the child cannot be booked), authorised pickups, and — while
 * the child has never been booked — a way to correct a mistyped birth date.
 */
export function ChildCard({
  child: c,
  today,
  policy,
  busy,
  error,
  onAddPickup,
  onRemovePickup,
  onFixBirthDate,
}: {
  child: ChildWithQuota
  today: string
  policy?: Policy
  busy: string | null
  error?: ApiError
  onAddPickup: (p: PickupDraft) => Promise<boolean>
  onRemovePickup: (index: number) => void
  onFixBirthDate: (birthDate: string) => Promise<boolean>
}) {
  const [editing, setEditing] = useState<'pickup' | 'birth' | null>(null)
  const [pickup, setPickup] = useState<PickupDraft>(emptyPickup)
  const [tried, setTried] = useState(false)
  const [birthDate, setBirthDate] = useState(c.birthDate)
  const pErrors = validatePickup(pickup)
  const birthError = validateChild({ name: c.name, gender: c.gender, birthDate }, today).birthDate
  const ageLine = childAgeLine(c, today, policy)

  const savePickup = async () => {
    setTried(true)
    if (hasErrors(pErrors)) return
    if (await onAddPickup(pickup)) {
      setEditing(null)
      setPickup(emptyPickup)
      setTried(false)
    }
  }
  const saveBirth = async () => {
    setTried(true)
    if (birthError) return
    if (await onFixBirthDate(birthDate)) {
      setEditing(null)
      setTried(false)
    }
  }

  return (
    <View className='card' data-testid={`child-${c.id}`}>
      <Text className='t-title'>{c.name}</Text>
      <Text className='t-body'>
        {GENDER_TEXT[c.gender]} · {ageText(ageInMonths(c.birthDate, today))}
        {ageLine ? '' : ` · 临时托今年还剩 ${c.quota.remaining} 次`}
      </Text>
      {(c.quotas || [])
        .filter((q) => q.kind !== 'temporary_care')
        .map((q) => (
          <Text className='t-body' key={q.kind} data-testid={`profile-quota-${q.kind}`}>
            {KIND_TEXT[q.kind]}今年还剩 {q.remaining} 次
          </Text>
        ))}
      {ageLine && <Text className='t-body warn'>{ageLine}</Text>}
      <Text className='t-small muted'>出生日期 {c.birthDate}</Text>
      {!c.hasBookings && editing !== 'birth' && (
        <Btn
          className='btn btn--small'
          disabled={busy !== null}
          onClick={() => {
            setBirthDate(c.birthDate)
            setTried(false)
            setEditing('birth')
          }}
        >
          出生日期填错了？修改
        </Btn>
      )}
      {editing === 'birth' && (
        <View className='section' data-testid='fix-birth'>
          <DateField
            label='正确的出生日期'
            value={birthDate}
            error={tried ? birthError : undefined}
            start={addDays(today, -6 * 366)}
            end={today}
            initial={c.birthDate}
            onChange={setBirthDate}
          />
          <Text className='t-small muted'>孩子第一次预约之前可以修改；预约后如需更正请联系社区工作人员。</Text>
          <View className='btn-row'>
            <Btn className='btn' disabled={busy !== null} onClick={() => setEditing(null)}>
              取消
            </Btn>
            <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === `birth:${c.id}`} onClick={saveBirth}>
              保存
            </Btn>
          </View>
        </View>
      )}

      <View className='divider' />
      <Text className='t-body'>授权接送人</Text>
      <Text className='t-small muted'>监护人可以接孩子；另外可以添加爷爷奶奶等接送人。</Text>
      {(c.pickups || []).length === 0 && <Text className='t-small muted'>暂无其他接送人</Text>}
      {(c.pickups || []).map((p, i) => (
        <View className='row' key={`${p.name}-${i}`}>
          <Text className='t-body'>
            {p.name}（{p.relation}）{p.phone ? ` ${maskPhone(p.phone)}` : ''}
          </Text>
          <Btn className='btn btn--small btn--danger' disabled={busy !== null} onClick={() => onRemovePickup(i)}>
            删除
          </Btn>
        </View>
      ))}
      {error && <Notice error={error} />}
      {editing === 'pickup' ? (
        <View className='section'>
          <TextField
            label='接送人姓名'
            value={pickup.name}
            error={tried ? pErrors.name : undefined}
            maxlength={20}
            onChange={(name) => setPickup({ ...pickup, name })}
          />
          <SelectField
            label='与孩子的关系'
            options={RELATIONS}
            value={pickup.relation}
            error={tried ? pErrors.relation : undefined}
            onChange={(relation) => setPickup({ ...pickup, relation })}
          />
          <TextField
            label='手机号（选填）'
            type='number'
            value={pickup.phone}
            error={tried ? pErrors.phone : undefined}
            maxlength={11}
            onChange={(phone) => setPickup({ ...pickup, phone })}
          />
          <View className='btn-row'>
            <Btn
              className='btn'
              disabled={busy !== null}
              onClick={() => {
                setEditing(null)
                setTried(false)
              }}
            >
              取消
            </Btn>
            <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === `pickup:${c.id}`} onClick={savePickup}>
              保存
            </Btn>
          </View>
        </View>
      ) : (
        <Btn
          className='btn'
          disabled={busy !== null}
          onClick={() => {
            setEditing('pickup')
            setPickup(emptyPickup)
            setTried(false)
          }}
        >
          添加接送人
        </Btn>
      )}
    </View>
  )
}
