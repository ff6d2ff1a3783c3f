import { Image } from '@tarojs/components'
import { ICON_PATHS, type IconName } from './icon-paths'

export type { IconName }

const cache = new Map<string, string>()

/** A lucide icon's inner SVG as a data URL in `colour` (the admin subpackage draws its own icons with it). */
export function svgUrl(inner: string, colour = '#C2410C'): string {
  const key = `${inner}|${colour}`
  let url = cache.get(key)
  if (!url) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 24 24" fill="none" stroke="${colour}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${inner}</svg>`
    url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
    cache.set(key, url)
  }
  return url
}

/** The icon as an SVG data URL in `colour` (lucide line icons; see scripts/icons.ts). */
export function iconUrl(name: IconName, colour = '#C2410C'): string {
  return svgUrl(ICON_PATHS[name], colour)
}

/** A decorative icon (the text next to it names the thing); sizes come from the class (.icon, .icon--lg). */
export function Icon({ name, colour, className = 'icon' }: { name: IconName; colour?: string; className?: string }) {
  return <Image className={className} src={iconUrl(name, colour)} mode='aspectFit' aria-hidden='true' />
}
