// Errors thrown by the simulated host, shaped like OfficeExtension.Error: `code`, `message`, `debugInfo`.

export type SimErrorCode =
  | 'PropertyNotLoaded'
  | 'ItemNotFound'
  | 'ItemAlreadyExists'
  | 'InvalidArgument'
  | 'InvalidOperation'
  | 'AccessDenied'
  | 'GeneralException'
  /** A method of a requirement set the host does not support (Office.js has it, the host does not). */
  | 'ApiNotFound'
  | 'RequestPayloadSizeLimitExceeded'
  | 'ResponsePayloadSizeLimitExceeded';

export class SimulatedOfficeError extends Error {
  readonly code: SimErrorCode;
  readonly debugInfo: { code: SimErrorCode; message: string; errorLocation?: string };

  constructor(code: SimErrorCode, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, ...(errorLocation === undefined ? {} : { errorLocation }) };
  }
}

export function propertyNotLoaded(name: string): SimulatedOfficeError {
  return new SimulatedOfficeError(
    'PropertyNotLoaded',
    `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

/** Messages Office shows in the UI language; only `code` is the same everywhere. */
export type SimMessageLanguage = 'en' | 'vi';

const DOC_LINK =
  'https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins';

/**
 * The request (what the add-in sends) or the response (what it loads) is over the limit: Excel refuses the
 * whole request with `RequestPayloadSizeLimitExceeded` or `ResponsePayloadSizeLimitExceeded`, its message
 * translated into the Office language.
 */
export function payloadLimitError(
  which: 'request' | 'response',
  bytes: number,
  limit: number,
  language: SimMessageLanguage = 'en',
): SimulatedOfficeError {
  const code = which === 'request' ? 'RequestPayloadSizeLimitExceeded' : 'ResponsePayloadSizeLimitExceeded';
  const message =
    language === 'vi'
      ? `Kích cỡ tải trọng ${which === 'request' ? 'yêu cầu' : 'phản hồi'} đã vượt quá giới hạn (${bytes} > ${limit} byte). Vui lòng tham khảo tài liệu: "${DOC_LINK}".`
      : `The ${which} payload size has exceeded the limit (${bytes} > ${limit} bytes). Please refer to the documentation: "${DOC_LINK}".`;
  return new SimulatedOfficeError(code, message);
}

/**
 * What Excel on the web has also answered a request too large with: a plain GeneralException, no word of size
 * (SimFaults.oversizeAsGeneralException, SimFaults.generalExceptionAbove).
 */
export function generalException(): SimulatedOfficeError {
  return new SimulatedOfficeError('GeneralException', 'An internal error has occurred while processing the request.');
}
