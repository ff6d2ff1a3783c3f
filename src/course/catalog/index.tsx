import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import type { CourseCategory, CourseSummary } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { CourseCover } from '../../components/CourseCover'
import { Page } from '../../components/Page'
import { Empty, PageState } from '../../components/States'
import { Tappable } from '../../components/Tappable'
import { usePageData } from '../../hooks/useAsync'
import { go, withQuery } from '../../lib/nav'
import { ageInMonths, ageText, shanghaiToday } from '../../lib/time'
import { ageRangeText, CATEGORIES, COURSE_ROUTES, suitsAge } from '../lib'
import '../course.css'

async function loadCatalog() {
  const [list, profile] = await Promise.all([call('course', 'list', {}), call('user', 'profile')])
  return { courses: list.courses, children: profile.children }
}

function CourseCard({ course }: { course: CourseSummary }) {
  return (
    <Tappable
      className='card ccard'
      testId={`course-${course.id}`}
      onTap={() => go(withQuery(COURSE_ROUTES.detail, { courseId: course.id }))}
    >
      <CourseCover className='ccard__cover' category={course.category} colour={course.coverColor} />
      <View className='ccard__info'>
        <Text className='t-body ccard__title'>{course.title}</Text>
        <Text className='t-small muted ccard__meta'>
          {ageRangeText(course)}
          {course.episodeCount ? ` · 共${course.episodeCount}集` : ''}
        </Text>
        {course.description && <Text className='t-small ccard__meta'>{course.description}</Text>}
      </View>
    </Tappable>
  )
}

/** The course catalogue by category, filtered to the selected child's age (all ages on request). */
export default function Catalog() {
  const page = usePageData(loadCatalog)
  const [category, setCategory] = useState<CourseCategory | 'all'>('all')
  const [childId, setChildId] = useState('')
  const [allAges, setAllAges] = useState(false)
  usePullDownRefresh(async () => {
    await page.reload()
    Taro.stopPullDownRefresh()
  })

  const children = page.data?.children || []
  const child = children.find((c) => c.id === childId) || children[0]
  const ageMonths = child ? ageInMonths(child.birthDate, shanghaiToday()) : null
  const filterByAge = ageMonths !== null && !allAges
  const courses = (page.data?.courses || []).filter((c) => !filterByAge || suitsAge(c, ageMonths as number))
  const shown = CATEGORIES.filter((c) => category === 'all' || c.key === category)

  return (
    <Page>
      <Text className='t-hero'>微课程</Text>
      <Text className='t-small muted'>每节几分钟，在家陪孩子一起学。看过的地方会记住，下次接着看。</Text>

      <PageState page={page} />

      {page.data && (
        <View className='section'>
          {children.length > 1 && (
            <View className='chips child-pick' role='radiogroup'>
              {children.map((c) => (
                <View
                  key={c.id}
                  className={`chip${child?.id === c.id ? ' chip--on' : ''}`}
                  role='radio'
                  aria-checked={child?.id === c.id}
                  onClick={() => setChildId(c.id)}
                >
                  <Text>{c.name}</Text>
                </View>
              ))}
            </View>
          )}
          {child && ageMonths !== null && (
            <View className='row age-note'>
              <Text className='t-body'>{allAges ? '全部年龄的课程' : `适合${child.name}（${ageText(ageMonths)}）的课程`}</Text>
              <Text className='t-body link' onClick={() => setAllAges(!allAges)} data-testid='toggle-ages'>
                {allAges ? `只看适合${child.name}的` : '看全部'}
              </Text>
            </View>
          )}
          {!child && <Text className='t-small muted age-note'>登记孩子后，会按孩子的月龄推荐课程。</Text>}

          <View className='chips' role='tablist'>
            <View
              className={`chip${category === 'all' ? ' chip--on' : ''}`}
              role='tab'
              aria-selected={category === 'all'}
              onClick={() => setCategory('all')}
            >
              <Text>全部</Text>
            </View>
            {CATEGORIES.map((c) => (
              <View
                key={c.key}
                className={`chip${category === c.key ? ' chip--on' : ''}`}
                role='tab'
                aria-selected={category === c.key}
                onClick={() => setCategory(c.key)}
              >
                <Text>{c.title}</Text>
              </View>
            ))}
          </View>

          {shown.map((cat) => {
            const list = courses.filter((c) => c.category === cat.key)
            return (
              <View className='section' key={cat.key} data-testid={`category-${cat.key}`}>
                <View className='cat-head'>
                  <Text className='t-title'>{cat.title}</Text>
                  <Text className='t-small muted'>{cat.hint}</Text>
                </View>
                {list.length === 0 ? (
                  <Empty text={filterByAge ? `暂时没有适合${ageText(ageMonths as number)}孩子的${cat.title}课程` : '暂时没有课程'}>
                    {filterByAge && (
                      <Text className='t-body link' onClick={() => setAllAges(true)}>
                        看全部年龄的课程
                      </Text>
                    )}
                  </Empty>
                ) : (
                  list.map((c) => <CourseCard key={c.id} course={c} />)
                )}
              </View>
            )
          })}
        </View>
      )}
    </Page>
  )
}
