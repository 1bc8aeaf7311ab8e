package org.osspresign.sample;

import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Reads fields of OSS's XML error body, e.g.
 * {@code <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>...}.
 *
 * <p>The body has a fixed, flat shape, so a text search is enough and needs no XML parser (whose
 * safe configuration differs between the desktop JDK and Android). Entities are decoded.
 */
final class OssErrorXml {
    private OssErrorXml() {}

    /** The text of the first {@code <name>...</name>}, or null when there is none. */
    static @Nullable String element(@NotNull String xml, @NotNull String name) {
        String open = "<" + name + ">";
        int start = xml.indexOf(open);
        if (start < 0) {
            return null;
        }
        start += open.length();
        int end = xml.indexOf("</" + name + ">", start);
        return end < 0 ? null : unescape(xml.substring(start, end));
    }

    private static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int semicolon = c == '&' ? text.indexOf(';', i) : -1;
            if (semicolon < 0) {
                out.append(c);
                i++;
                continue;
            }
            String entity = text.substring(i + 1, semicolon);
            String replacement = entity(entity);
            if (replacement == null) {
                out.append(c);
                i++;
            } else {
                out.append(replacement);
                i = semicolon + 1;
            }
        }
        return out.toString();
    }

    private static @Nullable String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            default:
                break;
        }
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException e) { // not a number, or not a code point
            return null;
        }
        return null;
    }
}
