import Taro from '@tarojs/taro'

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v)
  } catch (e) {
    return v
  }
}

/**
 * The community QR's `scene`: page options in weapp (a mini-program code passes it URL-encoded as
 * options.scene, also visible in the launch options), `?scene=` in the H5 hash route.
 */
export function readScene(params: Record<string, string | undefined>): string {
  if (params.scene) return safeDecode(params.scene).trim()
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const launch = Taro.getLaunchOptionsSync()
      const onRegister = launch && /pages\/register\/index/.test(launch.path || '')
      const s = onRegister && launch.query && (launch.query as Record<string, string>).scene
      if (s) return safeDecode(s).trim()
    } catch (e) {
      // no launch options (e.g. in a test)
    }
  }
  return ''
}
