import { Input, Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'

interface FieldProps {
  label: string
  error?: string
  hint?: string
}

/** A labelled form row with its inline error. */
export function Field({ label, error, hint, children }: PropsWithChildren<FieldProps>) {
  return (
    <View className={`field${error ? ' field--invalid' : ''}`}>
      <Text className='field__label t-body'>{label}</Text>
      <View className='field__control'>{children}</View>
      {hint && !error && <Text className='field__hint t-small muted'>{hint}</Text>}
      {error && (
        <View role='alert'>
          <Text className='field__error t-small'>{error}</Text>
        </View>
      )}
    </View>
  )
}

interface TextFieldProps extends FieldProps {
  value: string
  placeholder?: string
  type?: 'text' | 'number' | 'digit'
  maxlength?: number
  onChange: (v: string) => void
  onBlur?: () => void
}

export function TextField({ label, error, hint, value, placeholder, type = 'text', maxlength, onChange, onBlur }: TextFieldProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      <Input
        className='input'
        type={type}
        value={value}
        placeholder={placeholder}
        maxlength={maxlength}
        aria-label={label}
        nativeProps={{ 'aria-label': label }}
        onInput={(e) => onChange(e.detail.value)}
        onBlur={onBlur}
      />
    </Field>
  )
}
