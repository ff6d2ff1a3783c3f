import type { CourseCategory } from '../../cloudfunctions/shared/contract'

/**
 * Drawn course covers: one small flat illustration per course category on the course's own colour
 * (the server's coverColor). One source for the catalogue, the course page and "继续观看"; each cover is
 * an SVG data URL (no image file to fetch, a few hundred bytes each). The title next to it names the
 * course, so the picture is decorative.
 */
const W = '#FFFFFF'
const INK = '#1F2937'
const SUN = '#FCD34D'
const SKY = '#93C5FD'
const ROSE = '#FDA4AF'
const MINT = '#86EFAC'

/** viewBox 0 0 160 120; the background and two soft circles come from `cover()` below. */
const DRAWINGS: Record<CourseCategory, string> = {
  // 手指谣: an open hand waving, with music notes
  finger_rhyme:
    `<g fill="${W}"><rect x="56" y="58" width="46" height="44" rx="18"/>` +
    `<rect x="57" y="30" width="10" height="40" rx="5"/><rect x="69" y="22" width="10" height="46" rx="5"/>` +
    `<rect x="81" y="24" width="10" height="44" rx="5"/><rect x="93" y="32" width="9" height="38" rx="4.5"/>` +
    `</g><path d="M62 84L44 64" stroke="${W}" stroke-width="10" stroke-linecap="round"/>` +
    `<g fill="${SUN}"><circle cx="124" cy="44" r="6"/><rect x="128" y="20" width="3" height="25"/><path d="M128 20l14 5v6l-14-5z"/>` +
    `<circle cx="30" cy="36" r="5"/><rect x="33" y="16" width="3" height="21"/></g>` +
    `<path d="M66 88q13 8 26 0" stroke="${INK}" stroke-width="3" fill="none" stroke-linecap="round" opacity=".35"/>`,
  // 创意美术: a palette with paint and a brush
  creative_art:
    `<path fill="${W}" d="M80 24c-30 0-52 18-52 38 0 18 16 30 34 30 8 0 10-6 8-11-2-6 2-10 8-10h12c14 0 24-8 24-20 0-16-16-27-34-27z"/>` +
    `<circle cx="56" cy="50" r="7" fill="#F87171"/><circle cx="76" cy="40" r="7" fill="${SUN}"/>` +
    `<circle cx="98" cy="44" r="7" fill="${SKY}"/><circle cx="52" cy="72" r="7" fill="${MINT}"/>` +
    `<g transform="rotate(35 118 70)"><rect x="114" y="42" width="8" height="46" rx="4" fill="${SUN}"/>` +
    `<rect x="113" y="36" width="10" height="10" fill="#E5E7EB"/><path d="M113 36q5-16 10 0z" fill="${INK}"/></g>`,
  // 亲子游戏: a ball and a stack of toy blocks
  parent_child_game:
    `<circle cx="52" cy="74" r="24" fill="${W}"/><path d="M28 74a24 24 0 0 0 48 0z" fill="#F87171"/>` +
    `<path d="M30 66h44v8H28z" fill="${SUN}"/><circle cx="44" cy="62" r="4" fill="${W}"/>` +
    `<rect x="92" y="72" width="26" height="26" rx="4" fill="${SUN}"/><rect x="120" y="72" width="26" height="26" rx="4" fill="${W}"/>` +
    `<rect x="106" y="44" width="26" height="26" rx="4" fill="${ROSE}"/>` +
    `<g fill="${INK}" opacity=".3"><circle cx="105" cy="85" r="5"/><circle cx="133" cy="85" r="5"/><circle cx="119" cy="57" r="5"/></g>`,
  // 家庭共育: a grown-up and a child side by side, a heart above them
  family_education:
    `<g fill="${W}"><circle cx="62" cy="44" r="13"/><path d="M40 102v-20c0-14 10-22 22-22s22 8 22 22v20z"/>` +
    `<circle cx="104" cy="62" r="10"/><path d="M88 102v-14c0-10 7-16 16-16s16 6 16 16v14z"/></g>` +
    `<path fill="${ROSE}" d="M84 34c-4-8-16-6-14 3 1 6 14 13 14 13s13-7 14-13c2-9-10-11-14-3z"/>`,
}

function cover(category: CourseCategory | undefined, colour: string): string {
  const drawing = (category && DRAWINGS[category]) || DRAWINGS.family_education
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 120" width="160" height="120">` +
    `<rect width="160" height="120" rx="16" fill="${colour}"/>` +
    `<circle cx="140" cy="104" r="34" fill="${W}" opacity=".14"/><circle cx="14" cy="14" r="26" fill="${W}" opacity=".14"/>` +
    `${drawing}</svg>`
  )
}

const cache = new Map<string, string>()

/** The cover of a course in its colour, as an SVG data URL. */
export function coverUrl(category: CourseCategory | undefined, colour = '#F97316'): string {
  const key = `${category}|${colour}`
  let url = cache.get(key)
  if (!url) {
    url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(cover(category, colour))}`
    cache.set(key, url)
  }
  return url
}
