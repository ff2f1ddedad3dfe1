package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CodingErrorAction;
import java.util.Iterator;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * The binary protocol's format, version 1: the JSON envelope's value model in MessagePack. Maps with string keys,
 * arrays, strings, integers (up to 64 bits, signed or unsigned), finite floats, booleans and nil; {@code bin} and
 * {@code ext} values (timestamps included) have no JSON counterpart and are refused, so every message means the same
 * in both formats and the server can keep, forward and replay {@code data} as JSON.
 *
 * <p>Reading is as strict and bounded as {@link Json}'s parser: one value per frame, at most {@link #MAX_DEPTH}
 * levels of nesting, valid UTF-8 strings. Stateless and thread-safe.
 */
public final class MsgPack {
    /** Nesting levels a message may have, as {@link Json}'s parser allows. */
    public static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private MsgPack() {
    }

    /** Encodes a JSON value as MessagePack. An integer beyond 64 bits becomes a float64, as a JavaScript reader would have it. */
    public static byte[] write(JsonNode value) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            pack(packer, value);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("packing into memory failed", e);
        }
    }

    private static void pack(MessageBufferPacker out, JsonNode value) throws IOException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.packNil();
        } else if (value.isObject()) {
            out.packMapHeader(value.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.packString(field.getKey());
                pack(out, field.getValue());
            }
        } else if (value.isArray()) {
            out.packArrayHeader(value.size());
            for (JsonNode item : value) {
                pack(out, item);
            }
        } else if (value.isTextual()) {
            out.packString(value.textValue());
        } else if (value.isBoolean()) {
            out.packBoolean(value.booleanValue());
        } else if (value.isIntegralNumber()) {
            if (value.canConvertToLong()) {
                out.packLong(value.longValue());
            } else {
                BigInteger big = value.bigIntegerValue();
                if (big.signum() > 0 && big.compareTo(UINT64_MAX) <= 0) {
                    out.packBigInteger(big);
                } else {
                    out.packDouble(big.doubleValue());
                }
            }
        } else if (value.isNumber()) {
            out.packDouble(value.doubleValue());
        } else if (value.isBinary()) {
            byte[] bytes = value.binaryValue();
            out.packBinaryHeader(bytes.length);
            out.writePayload(bytes);
        } else {
            out.packString(value.asText());
        }
    }

    /**
     * Decodes one MessagePack value that fills {@code bytes} exactly. Throws {@link ProtocolException} with
     * {@link ErrorCode#BAD_MSGPACK} saying what is wrong (not MessagePack, trailing bytes, too deep, a key that is not
     * a string, a {@code bin}/{@code ext} value, a float that is not finite, a string that is not UTF-8).
     */
    public static JsonNode read(byte[] bytes) {
        MessagePack.UnpackerConfig config = new MessagePack.UnpackerConfig()
                .withActionOnMalformedString(CodingErrorAction.REPORT)
                .withActionOnUnmappableString(CodingErrorAction.REPORT)
                // No string is longer than the frame it arrived in: a header that says otherwise allocates nothing.
                .withStringSizeLimit(bytes.length);
        try (MessageUnpacker in = config.newUnpacker(bytes)) {
            JsonNode value = unpack(in, 0);
            if (in.hasNext()) {
                throw bad("trailing bytes after the first value; send one message per frame");
            }
            return value;
        } catch (ProtocolException e) {
            throw e;
        } catch (MessagePackException | IOException e) {
            throw bad("not valid MessagePack: " + e.getMessage());
        }
    }

    private static JsonNode unpack(MessageUnpacker in, int depth) throws IOException {
        MessageFormat format = in.getNextFormat();
        if (format == MessageFormat.NEVER_USED) {
            throw bad("not valid MessagePack: byte 0xc1 is never used");
        }
        switch (format.getValueType()) {
            case NIL:
                in.unpackNil();
                return NODES.nullNode();
            case BOOLEAN:
                return NODES.booleanNode(in.unpackBoolean());
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = in.unpackBigInteger();
                    return big.bitLength() < 64 ? number(big.longValue()) : NODES.numberNode(big);
                }
                return number(in.unpackLong());
            case FLOAT:
                double d = in.unpackDouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw bad("floats must be finite: JSON has no NaN or Infinity");
                }
                return NODES.numberNode(d);
            case STRING:
                return NODES.textNode(in.unpackString());
            case ARRAY: {
                checkDepth(depth);
                int n = in.unpackArrayHeader();
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < n; i++) {
                    array.add(unpack(in, depth + 1));
                }
                return array;
            }
            case MAP: {
                checkDepth(depth);
                int n = in.unpackMapHeader();
                ObjectNode map = NODES.objectNode();
                for (int i = 0; i < n; i++) {
                    MessageFormat keyFormat = in.getNextFormat();
                    if (keyFormat == MessageFormat.NEVER_USED || keyFormat.getValueType() != org.msgpack.value.ValueType.STRING) {
                        throw bad("map keys must be strings");
                    }
                    String key = in.unpackString();
                    map.set(key, unpack(in, depth + 1));
                }
                return map;
            }
            case BINARY:
            case EXTENSION:
                throw bad("bin and ext values are not part of protocol version 1; send strings or numbers");
            default:
                throw bad("not valid MessagePack: an unknown format");
        }
    }

    private static JsonNode number(long v) {
        // As Jackson's JSON parser makes them, so a value reads the same whichever format it came in.
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    private static void checkDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw bad("nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(ErrorCode.BAD_MSGPACK, message);
    }
}
