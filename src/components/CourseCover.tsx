import { Image } from '@tarojs/components'
import type { CourseCategory } from '../../cloudfunctions/shared/contract'
import { coverUrl } from './course-covers'

/**
 * A course's drawn cover; the size comes from the class. `fullWidth`: as wide as the class says, as tall as the
 * picture (the course page's header); otherwise it fills the class's box.
 */
export function CourseCover({
  category,
  colour,
  className,
  fullWidth,
}: {
  category?: CourseCategory
  colour?: string
  className: string
  fullWidth?: boolean
}) {
  return (
    <Image
      className={className}
      src={coverUrl(category, colour || '#F97316')}
      mode={fullWidth ? 'widthFix' : 'aspectFill'}
      aria-hidden='true'
      data-testid='course-cover'
      data-category={category}
    />
  )
}
