/** course.* — thin: validate, call CourseService. */
import { z } from 'zod';
import { action, type ActionTable } from '../core/handler';
import { id } from '../core/schemas';

export const courseCategory = z.enum(['finger_rhyme', 'creative_art', 'parent_child_game', 'family_education']);

export const courseActions: ActionTable<'course'> = {
  list: action({
    input: z.object({ category: courseCategory.optional() }),
    run: ({ services, openid, input }) => services.course.list(openid, input),
  }),
  detail: action({
    input: z.object({ courseId: id }),
    run: ({ services, openid, input }) => services.course.detail(openid, input.courseId),
  }),
  progress: action({
    input: z.object({
      episodeId: id,
      // the player's position in seconds; the server decides what counts as watched, on its own clock
      positionSec: z
        .number()
        .finite()
        .min(0)
        .max(24 * 3600),
    }),
    run: ({ services, openid, input }) => services.course.progress(openid, input),
  }),
  recent: action({
    input: z.object({ limit: z.number().int().min(1).max(10).optional() }),
    run: ({ services, openid, input }) => services.course.recent(openid, input),
  }),
};
