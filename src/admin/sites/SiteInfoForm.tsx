import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { Site } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { type ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Field, TextField } from '../../components/Field'
import { Notice } from '../../components/States'

/** What parents see of a site besides its address (admin.updateSite; an empty field clears it). */
export interface SiteInfoDraft {
  tel: string
  hours: string
  bring: string
  notice: string
}

/** The limits admin.updateSite enforces, so the form says so before sending. */
export const SITE_INFO_MAX = { hours: 100, bring: 300, notice: 500 } as const
const TEL = /^[0-9+\- ]{5,20}$/

export function draftOf(site: Site): SiteInfoDraft {
  return { tel: site.tel || '', hours: site.hours || '', bring: site.bring || '', notice: site.notice || '' }
}

export function validateSiteInfo(d: SiteInfoDraft): Partial<Record<keyof SiteInfoDraft, string>> {
  const tel = d.tel.trim()
  return {
    tel: tel && !TEL.test(tel) ? '电话只能填数字、空格、+ 和 -（5–20 位），例如 021-5710 1234' : undefined,
    hours: d.hours.trim().length > SITE_INFO_MAX.hours ? `开放时间最多 ${SITE_INFO_MAX.hours} 个字` : undefined,
    bring: d.bring.trim().length > SITE_INFO_MAX.bring ? `“请带上”最多 ${SITE_INFO_MAX.bring} 个字` : undefined,
    notice: d.notice.trim().length > SITE_INFO_MAX.notice ? `通知最多 ${SITE_INFO_MAX.notice} 个字` : undefined,
  }
}

function LongField({
  label,
  value,
  max,
  placeholder,
  error,
  onChange,
}: {
  label: string
  value: string
  max: number
  placeholder: string
  error?: string
  onChange: (v: string) => void
}) {
  return (
    <Field label={label} error={error} hint={`${value.trim().length}/${max} 字`}>
      <Textarea
        className='textarea'
        value={value}
        maxlength={max}
        placeholder={placeholder}
        aria-label={label}
        onInput={(e) => onChange(e.detail.value)}
      />
    </Field>
  )
}

/**
 * The site's details for parents — phone, opening hours, what to bring, a notice — edited in place and
 * saved through admin.updateSite. Parents see them on the home page and the sites page.
 */
export function SiteInfoForm({ site, onSaved, onCancel }: { site: Site; onSaved: (site: Site) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<SiteInfoDraft>(() => draftOf(site))
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const errors = tried ? validateSiteInfo(draft) : {}
  const set = (k: keyof SiteInfoDraft) => (v: string) => setDraft({ ...draft, [k]: v })

  const save = async () => {
    setTried(true)
    setFailure(null)
    if (Object.values(validateSiteInfo(draft)).some(Boolean) || busy) return
    setBusy(true)
    try {
      const { site: saved } = await call('admin', 'updateSite', {
        siteId: site.id,
        tel: draft.tel.trim(),
        hours: draft.hours.trim(),
        bring: draft.bring.trim(),
        notice: draft.notice.trim(),
      })
      Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved(saved)
    } catch (e) {
      setFailure(toApiError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='site-form' data-testid={`site-form-${site.id}`}>
      <Text className='t-small muted'>这些信息显示在家长的首页和“宝宝屋”页；留空的项不显示。</Text>
      <TextField
        label='联系电话'
        value={draft.tel}
        placeholder='例如：021-5710 1234'
        maxlength={20}
        error={errors.tel}
        onChange={set('tel')}
      />
      <TextField
        label='开放时间'
        value={draft.hours}
        placeholder='例如：周一至周五 8:30–17:00'
        maxlength={SITE_INFO_MAX.hours}
        error={errors.hours}
        onChange={set('hours')}
      />
      <LongField
        label='请带上'
        value={draft.bring}
        max={SITE_INFO_MAX.bring}
        placeholder='例如：换洗衣物、水杯、尿不湿'
        error={errors.bring}
        onChange={set('bring')}
      />
      <LongField
        label='通知'
        value={draft.notice}
        max={SITE_INFO_MAX.notice}
        placeholder='临时闭园、活动安排等（没有就留空）'
        error={errors.notice}
        onChange={set('notice')}
      />
      {failure && <Notice error={failure} />}
      <Btn className='btn btn--primary' loading={busy} disabled={busy} onClick={save}>
        保存
      </Btn>
      <Btn className='btn' disabled={busy} onClick={onCancel}>
        取消
      </Btn>
    </View>
  )
}
