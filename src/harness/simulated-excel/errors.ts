// Errors thrown by the simulated host, shaped like OfficeExtension.Error: `code`, `message`, `debugInfo`.

export type SimErrorCode =
  | 'PropertyNotLoaded'
  | 'ItemNotFound'
  | 'ItemAlreadyExists'
  | 'InvalidArgument'
  | 'InvalidOperation'
  | 'AccessDenied'
  | 'RequestPayloadSizeLimitExceeded';

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
