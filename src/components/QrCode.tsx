import { Image, Text, View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useMemo } from 'react'

/** Encode `text` as a QR code GIF data URL (client side, no network). */
export function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr.createDataURL(8, 2)
}

/**
 * The check-in code: the QR image carries the signed code; the 6 digits are shown large (read aloud or
 * typed by the worker when scanning fails). Bookings made before short codes show the signed code.
 */
export function QrCode({ value, shortCode, caption }: { value: string; shortCode?: string; caption?: string }) {
  const src = useMemo(() => qrDataUrl(value), [value])
  return (
    <View className='qr'>
      <Image className='qr__img' src={src} mode='aspectFit' aria-label='签到二维码' />
      {shortCode ? (
        <View className='qr__short'>
          <Text className='t-small muted'>签到码</Text>
          <Text className='qr__digits' data-testid='checkin-code' aria-label={`签到码 ${shortCode.split('').join(' ')}`}>
            {`${shortCode.slice(0, 3)} ${shortCode.slice(3)}`}
          </Text>
        </View>
      ) : (
        <Text className='qr__code' data-testid='checkin-code'>
          {value}
        </Text>
      )}
      {caption && <Text className='t-small muted'>{caption}</Text>}
    </View>
  )
}
