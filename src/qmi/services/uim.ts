// UIM service (0x0B) messages: card status and PIN verification. Source: libqmi qmi-service-uim.json; libqmi qmi-service-uim.json.
import { array8, bool8, str8, struct, u16, u32, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** UIM card state (QmiUimCardState). */
export const CardState = Object.freeze({ absent: 0, present: 1, error: 2 });
/** UIM application state (QmiUimCardApplicationState). */
export const ApplicationState = Object.freeze({ unknown: 0, detected: 1, pin1OrUpinRequired: 2, puk1OrPukRequired: 3, checkPersonalization: 4, pin1Blocked: 5, illegal: 6, ready: 7 });
/** UIM PIN state (QmiUimPinState). */
export const PinState = Object.freeze({ notInitialized: 0, enabledNotVerified: 1, enabledVerified: 2, disabled: 3, blocked: 4, permanentlyBlocked: 5 });

const application = struct({
  type: u8, state: u8, personalizationState: u8, personalizationFeature: u8, personalizationRetries: u8,
  personalizationUnblockRetries: u8, applicationIdentifier: array8(u8), upinReplacesPin1: bool8,
  pin1State: u8, pin1Retries: u8, puk1Retries: u8, pin2State: u8, pin2Retries: u8, puk2Retries: u8,
});

/** The card status layout shared by Get Card Status and the Card Status indication (libqmi qmi-service-uim.json). */
export const cardStatus = struct({
  indexGwPrimary: u16, index1xPrimary: u16, indexGwSecondary: u16, index1xSecondary: u16,
  cards: array8(struct({ cardState: u8, upinState: u8, upinRetries: u8, upukRetries: u8, errorCode: u8, applications: array8(application) })),
});

const session = struct({ sessionType: u8, applicationIdentifier: array8(u8) });

/** UIM Get Card Status (0x002F). */
export const GetCardStatus = defineMessage({
  service: 'uim', id: 0x002f, name: 'Get Card Status', source: 'qmi-service-uim.json: Get Card Status',
  request: {}, response: { cardStatus: tlv(0x10, cardStatus) },
});

/** UIM Card Status indication (0x0032), after Register Events with mask bit 0x01. */
export const CardStatus = defineMessage({
  service: 'uim', id: 0x0032, name: 'Card Status', source: 'qmi-service-uim.json: Card Status (indication)',
  request: {}, response: {}, indication: { cardStatus: tlv(0x10, cardStatus) },
});

/** UIM Register Events (0x002E): mask 0x01 = card status. */
export const RegisterEvents = defineMessage({
  service: 'uim', id: 0x002e, name: 'Register Events', source: 'qmi-service-uim.json: Register Events',
  request: { eventMask: tlv(0x01, u32, { required: true }) }, response: { eventMask: tlv(0x10, u32) },
});

/** UIM Verify PIN (0x0026): PIN id 1; qmicli sends session type 6 (card slot 1) with an empty AID. */
export const VerifyPin = defineMessage({
  service: 'uim', id: 0x0026, name: 'Verify PIN', source: 'qmi-service-uim.json: Verify PIN',
  request: {
    session: tlv(0x01, session, { required: true }),
    info: tlv(0x02, struct({ pinId: u8, pin: str8 }), { required: true, secret: true }),
    responseInIndicationToken: tlv(0x12, u32),
  },
  response: { retriesRemaining: tlv(0x10, struct({ verifyRetriesLeft: u8, unblockRetriesLeft: u8 })), cardResult: tlv(0x13, struct({ sw1: u8, sw2: u8 })) },
});

/** UIM Unblock PIN (0x0027): PUK and new PIN; session as for Verify PIN. */
export const UnblockPin = defineMessage({
  service: 'uim', id: 0x0027, name: 'Unblock PIN', source: 'qmi-service-uim.json: Unblock PIN; libqmi qmi-service-uim.json',
  request: {
    session: tlv(0x01, session, { required: true }),
    info: tlv(0x02, struct({ pinId: u8, puk: str8, newPin: str8 }), { required: true, secret: true }),
    responseInIndicationToken: tlv(0x11, u32),
  },
  response: { retriesRemaining: tlv(0x10, struct({ verifyRetriesLeft: u8, unblockRetriesLeft: u8 })), cardResult: tlv(0x13, struct({ sw1: u8, sw2: u8 })) },
});
