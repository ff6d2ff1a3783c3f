import { Image } from '@tarojs/components'
import type { CourseCategory } from '../../cloudfunctions/shared/contract'
import { coverUrl } from './course-covers'

/** A course's drawn cover; the size comes from the class. */
export function CourseCover({ category, colour, className }: { category?: CourseCategory; colour?: string; className: string }) {
  return (
    <Image
      className={className}
      src={coverUrl(category, colour || '#F97316')}
      mode='aspectFill'
      aria-hidden='true'
      data-testid='course-cover'
      data-category={category}
    />
  )
}
