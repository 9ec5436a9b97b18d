// @msgpack/msgpack configured to be exact: 64-bit integers as bigint, timestamps (extension -1) as
// {sec, nsec} instead of a millisecond Date, so that nothing is rounded on either side of the comparison.
import { Decoder, Encoder, ExtensionCodec, decodeTimestampToTimeSpec, encodeTimeSpecToTimestamp } from "@msgpack/msgpack";
import { TimeSpec } from "./canonical.mjs";

const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: -1,
  encode: (value) => (value instanceof TimeSpec ? encodeTimeSpecToTimestamp({ sec: value.sec, nsec: value.nsec }) : null),
  decode: (data) => {
    const spec = decodeTimestampToTimeSpec(data);
    return new TimeSpec(spec.sec, spec.nsec);
  },
});

export const decoder = new Decoder({ useBigInt64: true, extensionCodec });
export const encoder = new Encoder({ useBigInt64: true, extensionCodec });
