/** The micro-course catalogue seeded into every fresh database (filled in by the courses work). */
import type { Store } from '../store/port';

export async function seedCourses(_store: Store): Promise<void> {
  // the course catalogue arrives with the micro-courses issue
}
