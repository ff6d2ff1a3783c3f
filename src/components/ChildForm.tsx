import { View } from '@tarojs/components'
import { GENDER_TEXT } from '../lib/labels'
import { addDays, shanghaiToday } from '../lib/time'
import type { ChildDraft, Errors } from '../lib/validate'
import { DateField, Segments } from './Choice'
import { Field, TextField } from './Field'

export const emptyChild: ChildDraft = { name: '', gender: '', birthDate: '' }

/** The child's minimal fields: name, gender, birth date (PIPL: collect only what the service needs). */
export function ChildFields({
  value,
  errors,
  onChange,
}: {
  value: ChildDraft
  errors: Errors<ChildDraft>
  onChange: (next: ChildDraft) => void
}) {
  const today = shanghaiToday()
  return (
    <View className='form-group'>
      <TextField
        label='孩子姓名'
        value={value.name}
        error={errors.name}
        placeholder='请输入孩子姓名'
        maxlength={20}
        onChange={(name) => onChange({ ...value, name })}
      />
      <Field label='性别' error={errors.gender}>
        <Segments
          options={[
            { value: 'M', label: GENDER_TEXT.M },
            { value: 'F', label: GENDER_TEXT.F },
          ]}
          value={value.gender}
          onChange={(gender) => onChange({ ...value, gender })}
        />
      </Field>
      <DateField
        label='出生日期'
        value={value.birthDate}
        error={errors.birthDate}
        start={addDays(today, -6 * 366)}
        end={today}
        initial={addDays(today, -2 * 365)}
        onChange={(birthDate) => onChange({ ...value, birthDate })}
      />
    </View>
  )
}
