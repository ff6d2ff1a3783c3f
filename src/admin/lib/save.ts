/**
 * Saving what the admin pages produce (the community QR PNG, invite QR, the statistics CSV).
 * Platform seam (see docs/architecture.md): H5 downloads a file through the browser; weapp writes the file to
 * the user data folder, then saves the image to the photo album or shares the CSV to a chat
 * (wx.shareFileMessage), falling back to the clipboard.
 */
import Taro from '@tarojs/taro'

const isWeapp = process.env.TARO_ENV === 'weapp'

function h5Download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

function weappPath(filename: string): string {
  const base = (Taro.env as { USER_DATA_PATH?: string }).USER_DATA_PATH || ''
  return `${base}/${filename.replace(/[\\/:*?"<>|\s]/g, '_')}`
}

function writeFile(filePath: string, data: string, encoding: 'base64' | 'utf8'): Promise<void> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({ filePath, data, encoding, success: () => resolve(), fail: reject })
  })
}

/** Saves a PNG (base64): to the photo album in weapp, as a download in H5. Resolves with a Chinese status text. */
export async function savePng(filename: string, pngBase64: string): Promise<string> {
  if (isWeapp) {
    const filePath = weappPath(filename)
    await writeFile(filePath, pngBase64, 'base64')
    await Taro.saveImageToPhotosAlbum({ filePath })
    return '已保存到手机相册'
  }
  h5Download(filename, new Blob([base64ToBytes(pngBase64).buffer as ArrayBuffer], { type: 'image/png' }))
  return '图片已下载'
}

/** Saves a CSV: shared as a file to a WeChat chat in weapp (clipboard if unavailable), downloaded in H5. */
export async function saveCsv(filename: string, csv: string): Promise<string> {
  if (isWeapp) {
    const filePath = weappPath(filename)
    await writeFile(filePath, csv, 'utf8')
    const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown> })
      .shareFileMessage
    if (share) {
      await share({ filePath, fileName: filename })
      return '已发送文件'
    }
    await Taro.setClipboardData({ data: csv.replace(/^\uFEFF/, '') })
    return '表格内容已复制，可粘贴到电脑上保存'
  }
  h5Download(filename, new Blob([csv], { type: 'text/csv;charset=utf-8' }))
  return '表格已下载'
}

export const pngSrc = (b64: string) => `data:image/png;base64,${b64}`
