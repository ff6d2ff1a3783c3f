/** usePageData as a family meets it: a failed refresh keeps the page, a failed filter change does not. */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { usePageData } from '@/hooks/useAsync'
import { PageState } from '@/components/States'
import { ApiError } from '@/api/errors'

const offline = () => new ApiError('NETWORK', '网络不通，请稍后再试')

function Week({ loader }: { loader: (week: number) => Promise<string[]> }) {
  const [week, setWeek] = useState(0)
  const page = usePageData(() => loader(week), [week])
  return (
    <View>
      <Text onClick={() => setWeek(1)}>下周</Text>
      <Text onClick={() => page.reload()}>刷新</Text>
      <PageState page={page} />
      {page.data?.map((s) => (
        <Text key={s}>{s}</Text>
      ))}
    </View>
  )
}

beforeEach(() => jest.mocked(Taro.showToast).mockClear())

test('a refresh that fails keeps the sessions on screen and says the refresh failed', async () => {
  const loader = jest.fn<Promise<string[]>, [number]>().mockResolvedValueOnce(['12月7日 上午']).mockRejectedValueOnce(offline())
  render(<Week loader={loader} />)
  await screen.findByText('12月7日 上午')
  fireEvent.click(screen.getByText('刷新'))
  await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith({ title: '刷新失败：网络不通，请稍后再试', icon: 'none' }))
  expect(screen.getByText('12月7日 上午')).toBeInTheDocument()
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
})

test("a week that fails to load shows the error, not last week's sessions under the new week", async () => {
  const loader = jest.fn<Promise<string[]>, [number]>().mockResolvedValueOnce(['12月7日 上午']).mockRejectedValueOnce(offline())
  render(<Week loader={loader} />)
  await screen.findByText('12月7日 上午')
  fireEvent.click(screen.getByText('下周'))
  expect(await screen.findByRole('alert')).toHaveTextContent('网络不通，请稍后再试')
  expect(screen.queryByText('12月7日 上午')).not.toBeInTheDocument()
  expect(loader).toHaveBeenLastCalledWith(1)
})

test('a first load that fails shows the error screen with 重试, which loads again', async () => {
  const loader = jest.fn<Promise<string[]>, [number]>().mockRejectedValueOnce(offline()).mockResolvedValueOnce(['12月7日 上午'])
  render(<Week loader={loader} />)
  expect(await screen.findByRole('alert')).toHaveTextContent('网络不通')
  expect(Taro.showToast).not.toHaveBeenCalled()
  fireEvent.click(screen.getByText('重试'))
  await screen.findByText('12月7日 上午')
})
