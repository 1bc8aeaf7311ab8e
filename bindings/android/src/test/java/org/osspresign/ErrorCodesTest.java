package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Java constants are exactly the codes of enum oss_code in oss_presign.h. */
class ErrorCodesTest {
    /** The OSS_CODE_* names (without the prefix) and values of enum oss_code in the header. */
    static Map<String, Integer> headerCodes() throws Exception {
        String header = new String(
                Files.readAllBytes(Fixtures.repo().resolve("include/oss_presign.h")), StandardCharsets.UTF_8);
        Matcher body = Pattern.compile("enum oss_code\\b[^{]*\\{(.*?)\\};", Pattern.DOTALL).matcher(header);
        assertTrue(body.find(), "enum oss_code not found in the header");
        Map<String, Integer> c = new TreeMap<>();
        Matcher entry = Pattern.compile("\\bOSS_CODE_([A-Z0-9_]+)\\s*=\\s*(\\d+)").matcher(body.group(1));
        while (entry.find()) {
            c.put(entry.group(1), Integer.valueOf(entry.group(2)));
        }
        assertTrue(c.size() >= 9, "parsed " + c);
        return c;
    }

    @Test
    void javaConstantsMirrorTheHeader() throws Exception {
        Map<String, Integer> c = headerCodes();
        Map<String, Integer> java = new TreeMap<>();
        for (Field f : OssPresignException.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                java.put(f.getName(), f.getInt(null));
            }
        }
        // A code added to the C library must be added here too, and none may be invented.
        assertEquals(c, java);
    }

    @Test
    void nativeCodesArriveUnchanged() {
        try (Presigner p = Fixtures.presigner()) {
            OssPresignException e = org.junit.jupiter.api.Assertions.assertThrows(
                    OssPresignException.class, () -> p.presignGet("x", "k", null));
            assertEquals(OssPresignException.INVALID_BUCKET, e.code());
            assertEquals(1, e.code() / 100, "argument family");
        }
    }
}
