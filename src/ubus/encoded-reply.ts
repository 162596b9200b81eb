// A method reply already encoded as blobmsg, so a handler that answers the same table many times
// (qmi4g `status`) encodes it once per change instead of once per call.

/**
 * The reply of a method handler as the bytes of a ubus DATA attribute: blobmsg table members
 * concatenated, exactly what encodeJsonTable (src/ubus/json.ts) makes of the reply object
 * (libubox blobmsg.h; openwrt/ubus libubus-req.c ubus_send_reply puts them in UBUS_ATTR_DATA).
 * The client sends `data` as is; the holder must not change it afterwards.
 */
export class EncodedReply {
  constructor(readonly data: Uint8Array) {}
}
