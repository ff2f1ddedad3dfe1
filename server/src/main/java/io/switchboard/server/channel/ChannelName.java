package io.switchboard.server.channel;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.regex.Pattern;

/**
 * A channel's name, {@code namespace:name}. The namespace decides who may use it (see {@link ChannelPolicy}).
 *
 * @param namespace lower-case letters, digits, {@code _} and {@code -}, starting with a letter, at most 32 characters
 * @param name      letters, digits and {@code _ - . : @ =}, 1 to 160 characters
 */
public record ChannelName(String namespace, String name) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-.:@=]{1,160}");

    /** Parses and validates; throws {@link ProtocolException} for field {@code field} when the name is bad. */
    public static ChannelName parse(String text, String field) {
        if (text == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, field + " is required", field);
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || !NAMESPACE.matcher(text.substring(0, colon)).matches()
                || !NAME.matcher(text.substring(colon + 1)).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    field + " must look like namespace:name (namespace a-z0-9_-, name A-Za-z0-9_-.:@=, at most 160)", field);
        }
        return new ChannelName(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return namespace + ":" + name;
    }
}
