// Any failure becomes a message in both languages, shown to the user: nothing is swallowed.

export interface UiMessage {
  vi: string;
  en: string;
  /** What did not take though the step worked (a success said with a warning). */
  warnings?: { vi: string; en: string }[];
}

function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null || !(key in value)) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : null;
}

/** Adapters throw errors carrying `messageVi`/`messageEn`; anything else is shown with its own text. */
export function toUiMessage(error: unknown): UiMessage {
  const vi = stringField(error, 'messageVi');
  const en = stringField(error, 'messageEn');
  if (vi && en) return { vi, en };
  const raw = stringField(error, 'message') ?? (typeof error === 'string' ? error : String(error));
  const code = stringField(error, 'code');
  const detail = code && !raw.includes(code) ? `${raw} (${code})` : raw;
  return { vi: `Đã xảy ra lỗi: ${detail}`, en: `Something went wrong: ${detail}` };
}
