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

/** The check-in code as a QR image plus the code in large text (workers can type it if scanning fails). */
export function QrCode({ value, caption }: { value: string; caption?: string }) {
  const src = useMemo(() => qrDataUrl(value), [value])
  return (
    <View className='qr'>
      <Image className='qr__img' src={src} mode='aspectFit' aria-label={`签到二维码 ${value}`} />
      <Text className='qr__code' data-testid='checkin-code'>
        {value}
      </Text>
      {caption && <Text className='t-small muted'>{caption}</Text>}
    </View>
  )
}
