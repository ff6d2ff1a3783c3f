import { call, devLogin, newRequestId } from '@/api/gateway'
import { ApiError } from '@/api/errors'
import { storage } from './taro-mock'
import { mockApi, NETWORK_DOWN, refuse, taro, calls } from './support'

describe('the typed gateway (H5 transport)', () => {
  test('POSTs /api/<fn> with the action, the params and the dev token', async () => {
    storage.set('bh.token', 'tok123')
    mockApi({ 'booking.cancel': { booking: { id: 'b1' }, refunded: true, quota: { remaining: 11 } } })
    const data = await call('booking', 'cancel', { bookingId: 'b1' })
    expect(data.refunded).toBe(true)
    expect(taro.request).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/booking', method: 'POST' }))
    expect(calls[0]).toEqual({
      key: 'booking.cancel',
      params: { bookingId: 'b1' },
      headers: expect.objectContaining({ Authorization: 'Bearer tok123' }),
    })
  })

  test("a refusal becomes an ApiError with the server's code and Chinese message", async () => {
    mockApi({ 'booking.book': () => refuse('QUOTA_EXHAUSTED', '小明今年的 12 次免费托育已用完') })
    const err = await call('booking', 'book', { sessionId: 's', childId: 'k', requestId: 'r1234567' }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'QUOTA_EXHAUSTED', message: '小明今年的 12 次免费托育已用完', retryable: false })
  })

  test('no answer → NETWORK with a Chinese message, marked retryable', async () => {
    mockApi({ 'user.profile': () => NETWORK_DOWN })
    const err = await call('user', 'profile').catch((e) => e)
    expect(err).toMatchObject({ code: 'NETWORK', message: '网络连接失败，请检查网络后重试', retryable: true })
  })

  test('an answer that is not an envelope → INTERNAL (UNAUTHENTICATED for a bare 401)', async () => {
    taro.request.mockResolvedValueOnce({ statusCode: 502, data: null })
    await expect(call('user', 'profile')).rejects.toMatchObject({ code: 'INTERNAL', message: '系统出错了，请稍后重试' })
    taro.request.mockResolvedValueOnce({ statusCode: 401, data: '' })
    await expect(call('user', 'profile')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  test('dev login stores the token used by later calls', async () => {
    taro.request.mockResolvedValueOnce({ statusCode: 200, data: { ok: true, data: { token: 'abc.def' } } })
    await devLogin('demo-parent')
    expect(taro.request).toHaveBeenCalledWith(expect.objectContaining({ url: '/dev/login', data: { openid: 'demo-parent' } }))
    expect(storage.get('bh.token')).toBe('abc.def')
  })

  test('request ids are fresh and within the contract (8–64 of [A-Za-z0-9_-])', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()))
    expect(ids.size).toBe(200)
    ids.forEach((id) => expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/))
  })
})
