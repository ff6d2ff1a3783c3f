import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { DistrictRow } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { useAction, usePageData } from '../../hooks/useAsync'
import { go } from '../../lib/nav'
import { rememberCommunity } from '../lib/community'
import { monthRange, type Range } from '../lib/dates'
import { ADMIN_ROUTES } from '../lib/routes'
import { saveCsv } from '../lib/save'
import { sortRows, type ResidentDraft, type SortKey } from './DistrictCards'

/**
 * 区级总览: the district's figures for a range (and one district of several), sorted rows, the CSV export,
 * the resident 0–3 counts, and a tap on a community opening its own statistics.
 */
export function useDistrict() {
  const [range, setRange] = useState<Range>(() => monthRange(0))
  const [district, setDistrict] = useState('')
  const [districts, setDistricts] = useState<string[]>([])
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'attended', desc: true })
  const page = usePageData(async () => {
    const data = await call('admin', 'districtStats', { from: range.from, to: range.to, ...(district ? { district } : {}) })
    if (!district) setDistricts([...new Set(data.communities.map((r) => r.district))].sort())
    return data
  }, [range.from, range.to, district])
  const { busy, run } = useAction()
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [resident, setResident] = useState<ResidentDraft>({ name: '', count: '' })
  const year = Number(range.from.slice(0, 4))
  const rows = page.data ? sortRows(page.data.communities, sort.key, sort.desc) : []

  const exportCsv = () =>
    run('export', async () => {
      setFailure(null)
      try {
        const { filename, csv } = await call('admin', 'exportDistrictCsv', {
          from: range.from,
          to: range.to,
          ...(district ? { district } : {}),
        })
        Taro.showToast({ title: await saveCsv(filename, csv), icon: 'none' })
      } catch (e) {
        setFailure(toApiError(e))
      }
    })

  const saveResident = () => {
    const row = page.data?.communities.find((r) => r.name === resident.name)
    const count = Number(resident.count)
    if (!row) return setResident({ ...resident, error: '请选择社区' })
    if (!/^\d{1,7}$/.test(resident.count.trim()) || !Number.isInteger(count))
      return setResident({ ...resident, error: '请填写 0 或正整数' })
    return run('resident', async () => {
      setFailure(null)
      try {
        await call('admin', 'setResidentChildren', { communityId: row.communityId!, year, count })
        setResident({ name: '', count: '' })
        Taro.showToast({ title: '已保存', icon: 'success' })
        page.reload()
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  const drill = (r: DistrictRow) => {
    if (!r.communityId) return
    rememberCommunity(r.communityId)
    go(ADMIN_ROUTES.stats)
  }

  return {
    page,
    range,
    setRange,
    district,
    setDistrict,
    districts,
    sort,
    setSort,
    rows,
    year,
    busy,
    failure,
    resident,
    setResident,
    exportCsv,
    saveResident,
    drill,
  }
}
