/**
 * Light DOM stand-ins for @tarojs/components (jest `dom` project maps the module here).
 * Events carry Taro's shape: `e.detail.value`.
 */
import React from 'react'

type AnyProps = Record<string, any>

/** Only DOM-safe props pass through (className, role, aria-*, data-*, id, style, onClick, and the keyboard's tabIndex/onKeyDown). */
function domProps(p: AnyProps): AnyProps {
  const out: AnyProps = {}
  for (const [k, v] of Object.entries(p)) {
    if (
      k === 'className' ||
      k === 'role' ||
      k === 'id' ||
      k === 'style' ||
      k === 'onClick' ||
      k === 'tabIndex' ||
      k === 'onKeyDown' ||
      k.startsWith('aria-') ||
      k.startsWith('data-')
    )
      out[k] = v
  }
  return out
}

export function View({ children, ...p }: AnyProps) {
  return <div {...domProps(p)}>{children}</div>
}

export function ScrollView({ children, ...p }: AnyProps) {
  return <div {...domProps(p)}>{children}</div>
}

export function Text({ children, ...p }: AnyProps) {
  return <span {...domProps(p)}>{children}</span>
}

export function Button({ children, disabled, loading, ...p }: AnyProps) {
  return (
    <button type='button' {...domProps(p)} disabled={!!disabled} data-loading={loading ? 'true' : undefined}>
      {children}
    </button>
  )
}

export function Input({ value, placeholder, type, maxlength, onInput, onBlur, onConfirm, ...p }: AnyProps) {
  return (
    <input
      {...domProps(p)}
      type={type === 'number' || type === 'digit' ? 'text' : 'text'}
      inputMode={type === 'number' || type === 'digit' ? 'decimal' : undefined}
      value={value ?? ''}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
      onBlur={(e) => onBlur?.({ detail: { value: e.target.value } })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onConfirm?.({ detail: { value: (e.target as HTMLInputElement).value } })
      }}
    />
  )
}

export function Textarea({ value, placeholder, maxlength, onInput, ...p }: AnyProps) {
  return (
    <textarea
      {...domProps(p)}
      value={value ?? ''}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  )
}

export function Image({ src, mode, ...p }: AnyProps) {
  return <img {...domProps(p)} src={src} alt={p['aria-label'] || ''} />
}

/** Picker: renders its children plus a hidden input that tests change (see `pick()` in support.ts). */
export function Picker({ children, mode = 'selector', value, range, onChange }: AnyProps) {
  return (
    <div data-picker={mode} data-range={Array.isArray(range) ? range.join('|') : undefined}>
      {children}
      <input
        data-testid='picker-input'
        hidden
        value={value ?? ''}
        onChange={(e) => onChange?.({ detail: { value: mode === 'selector' ? Number(e.target.value) : e.target.value } })}
      />
    </div>
  )
}

export function Switch({ checked, onChange, ...p }: AnyProps) {
  return (
    <input
      type='checkbox'
      role='switch'
      {...domProps(p)}
      checked={!!checked}
      onChange={(e) => onChange?.({ detail: { value: e.target.checked } })}
    />
  )
}

/** Video: media events carry Taro's detail (timeupdate: {currentTime, duration}); initialTime shows as data-initial-time. */
export function Video({ src, initialTime, onPlay, onPause, onEnded, onTimeUpdate, onError, ...p }: AnyProps) {
  const time = (e: React.SyntheticEvent<HTMLVideoElement>) => ({
    currentTime: e.currentTarget.currentTime,
    duration: e.currentTarget.duration,
  })
  return (
    <video
      {...domProps(p)}
      src={src}
      data-initial-time={initialTime}
      onPlay={() => onPlay?.({ detail: {} })}
      onPause={() => onPause?.({ detail: {} })}
      onEnded={() => onEnded?.({ detail: {} })}
      onTimeUpdate={(e) => onTimeUpdate?.({ detail: time(e) })}
      onError={() => onError?.({ detail: { errMsg: 'error' } })}
    />
  )
}

export function Canvas(p: AnyProps) {
  return <canvas {...domProps(p)} />
}
