/** The 课程 tab: the course catalogue, in the main package because WeChat tab pages must live there. */
export { default } from '../../course/catalog/index'
