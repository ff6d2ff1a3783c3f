import { fireEvent, render, screen, within } from '@testing-library/react'
import Catalog from '@/course/catalog/index'
import { ageInMonths, ageText, shanghaiToday } from '@/lib/time'
import { givenChild, givenProfile, mockApi, NETWORK_DOWN, taro } from '../support'
import { givenCourse } from './fixtures'

const child = givenChild({ name: '小明' }) // about 20 months old
const age = ageText(ageInMonths(child.birthDate, shanghaiToday()))
const courses = [
  givenCourse({ id: 'c_finger', title: '小手拍拍', category: 'finger_rhyme', ageMinMonths: 12, ageMaxMonths: 24 }),
  givenCourse({ id: 'c_clay', title: '彩泥和拼贴', category: 'creative_art', ageMinMonths: 24, ageMaxMonths: 48 }),
  givenCourse({ id: 'c_science', title: '科学育儿小课堂', category: 'family_education', ageMinMonths: 0, ageMaxMonths: 72 }),
]

function givenCatalog(children = [child]) {
  mockApi({ 'course.list': { courses }, 'user.profile': givenProfile({ children }) })
}

describe('course catalogue', () => {
  test('shows the courses by category that suit the selected child, and all of them on request', async () => {
    givenCatalog()
    render(<Catalog />)
    expect(screen.getByText('正在加载…')).toBeInTheDocument()
    expect(await screen.findByText(`适合小明（${age}）的课程`)).toBeInTheDocument()
    expect(within(screen.getByTestId('category-finger_rhyme')).getByText('小手拍拍')).toBeInTheDocument()
    expect(within(screen.getByTestId('category-family_education')).getByText('科学育儿小课堂')).toBeInTheDocument()
    expect(screen.queryByText('彩泥和拼贴')).not.toBeInTheDocument()
    expect(screen.getByText('适合 1岁～2岁 · 共3集')).toBeInTheDocument()
    expect(screen.getByText('适合所有年龄 · 共3集')).toBeInTheDocument()
    fireEvent.click(screen.getByTestId('toggle-ages'))
    expect(within(screen.getByTestId('category-creative_art')).getByText('彩泥和拼贴')).toBeInTheDocument()
  })

  test('one category at a time; an empty one says so and offers all ages', async () => {
    givenCatalog()
    render(<Catalog />)
    await screen.findByText('小手拍拍')
    fireEvent.click(screen.getByText('创想艺术', { selector: '[role="tab"] span' }))
    expect(screen.queryByTestId('category-finger_rhyme')).not.toBeInTheDocument()
    expect(screen.getByText(`暂时没有适合${age}孩子的创想艺术课程`)).toBeInTheDocument()
    fireEvent.click(screen.getByText('看全部年龄的课程'))
    expect(screen.getByText('彩泥和拼贴')).toBeInTheDocument()
  })

  test('without a registered child every course is listed, with a hint', async () => {
    givenCatalog([])
    render(<Catalog />)
    expect(await screen.findByText('登记孩子后，会按孩子的月龄推荐课程。')).toBeInTheDocument()
    expect(screen.getByText('彩泥和拼贴')).toBeInTheDocument()
  })

  test('every course card has a drawn cover of its category in the course colour, not a lone character', async () => {
    givenCatalog([])
    render(<Catalog />)
    const cover = async (id: string) => (await screen.findByTestId(`course-${id}`)).querySelector('img[data-testid="course-cover"]')
    const finger = await cover('c_finger')
    const clay = await cover('c_clay')
    expect(finger).toHaveAttribute('data-category', 'finger_rhyme')
    expect(clay).toHaveAttribute('data-category', 'creative_art')
    const svg = (img: Element | null) =>
      decodeURIComponent(img?.getAttribute('src')?.replace(/^data:image\/svg\+xml;charset=utf-8,/, '') || '')
    expect(svg(finger)).toMatch(/^<svg [^>]*viewBox="0 0 160 120".*<\/svg>$/)
    expect(svg(finger)).toContain('fill="#F97316"') // the course's coverColor
    expect(svg(finger)).not.toEqual(svg(clay)) // each category its own picture
    expect(screen.getByTestId('course-c_finger')).not.toHaveTextContent(/^谣/)
  })

  test('opens a course page', async () => {
    givenCatalog()
    render(<Catalog />)
    fireEvent.click(await screen.findByTestId('course-c_finger'))
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/course/detail/index?courseId=c_finger' })
  })

  test('a failed load shows the Chinese error and a retry that recovers', async () => {
    mockApi({ 'course.list': () => NETWORK_DOWN, 'user.profile': givenProfile({ children: [child] }) })
    render(<Catalog />)
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument()
    givenCatalog()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('小手拍拍')).toBeInTheDocument()
  })
})
