import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Btn } from '../../components/Btn'

interface ConfirmSheetProps {
  title: string
  message: string
  confirmText: string
  danger?: boolean
  /** Ask for a reason (required, up to `reasonMax` characters). */
  reason?: { label: string; placeholder?: string; presets?: string[] }
  busy?: boolean
  onConfirm: (reason: string) => void
  onCancel: () => void
}

/** A confirmation step before a destructive action, with an optional reason (same on weapp and H5). */
export function ConfirmSheet({ title, message, confirmText, danger, reason, busy, onConfirm, onCancel }: ConfirmSheetProps) {
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const submit = () => {
    const r = text.trim()
    if (reason && !r) {
      setError(`请填写${reason.label}`)
      return
    }
    onConfirm(r)
  }
  return (
    <View className='overlay' role='dialog' aria-label={title}>
      <View className='sheet' data-testid='confirm-sheet'>
        <Text className='t-title'>{title}</Text>
        <Text className='t-body'>{message}</Text>
        {reason && (
          <View className='section'>
            <Text className='t-body field__label'>{reason.label}</Text>
            {reason.presets && (
              <View className='chips'>
                {reason.presets.map((p) => (
                  <View
                    key={p}
                    className={`chip${text === p ? ' chip--on' : ''}`}
                    onClick={() => {
                      setText(p)
                      setError('')
                    }}
                  >
                    <Text>{p}</Text>
                  </View>
                ))}
              </View>
            )}
            <Textarea
              className='textarea'
              value={text}
              maxlength={100}
              placeholder={reason.placeholder}
              aria-label={reason.label}
              onInput={(e) => {
                setText(e.detail.value)
                setError('')
              }}
            />
            {error && (
              <View role='alert'>
                <Text className='t-small danger'>{error}</Text>
              </View>
            )}
          </View>
        )}
        <Btn className={`btn ${danger ? 'btn--danger-solid' : 'btn--primary'}`} loading={busy} disabled={busy} onClick={submit}>
          {busy ? '正在处理…' : confirmText}
        </Btn>
        <Btn className='btn' disabled={busy} onClick={onCancel}>
          返回，不操作
        </Btn>
      </View>
    </View>
  )
}
