// Errors of the SMS PDU codec.

/** A PDU that does not follow 3GPP TS 23.040 (truncated, bad lengths, bad digits); the message names the field. */
export class SmsDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsDecodeError';
  }
}

/** A message that cannot be encoded (address not representable, text too long, bad option). */
export class SmsEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsEncodeError';
  }
}
