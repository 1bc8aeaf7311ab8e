package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The key lint: findings for keys that presigning still accepts. */
class KeyLintTest {
    private static Set<KeyLint.Finding> of(KeyLint.Finding... findings) {
        EnumSet<KeyLint.Finding> set = EnumSet.noneOf(KeyLint.Finding.class);
        for (KeyLint.Finding f : findings) {
            set.add(f);
        }
        return set;
    }

    @Test
    void findingsAndPresignStillAccepts() {
        Object[][] cases = {
            {"photos/2024/beach.jpg", of()},
            {"folder/", of()},
            {"\u76f8\u518c/\u590f\u5929 \ud83c\udf0a.jpg", of()},
            {"a\u0001b", of(KeyLint.Finding.CONTROL_CHARACTERS)},
            {"a\u009fb", of(KeyLint.Finding.CONTROL_CHARACTERS)},
            {"a//b", of(KeyLint.Finding.EMPTY_SEGMENT)},
            {"draft.", of(KeyLint.Finding.TRAILING_SPACE_OR_DOT)},
            {"a\u00a0b", of(KeyLint.Finding.UNUSUAL_WHITE_SPACE)},
            {"a\u200bb", of(KeyLint.Finding.LOOKALIKE_CHARACTERS)},
            {"\uff21.txt", of(KeyLint.Finding.LOOKALIKE_CHARACTERS)},
            {"cafe\u0301.txt", of(KeyLint.Finding.COMBINING_MARKS)},
            // A tab is a control character and white space other than U+0020.
            {"a\tb", of(KeyLint.Finding.CONTROL_CHARACTERS, KeyLint.Finding.UNUSUAL_WHITE_SPACE)},
            {"x//dir ./ a\u0001", of(KeyLint.Finding.EMPTY_SEGMENT, KeyLint.Finding.TRAILING_SPACE_OR_DOT,
                    KeyLint.Finding.CONTROL_CHARACTERS, KeyLint.Finding.UNUSUAL_WHITE_SPACE)},
        };
        try (Presigner p = Fixtures.presigner()) {
            for (Object[] c : cases) {
                String key = (String) c[0];
                assertEquals(c[1], KeyLint.check(key), key);
                assertTrue(p.presignGet(Fixtures.BUCKET, key, null).startsWith("https://"), key);
            }
        }
        Set<KeyLint.Finding> findings = KeyLint.check("a//b");
        assertThrows(UnsupportedOperationException.class, () -> findings.add(KeyLint.Finding.COMBINING_MARKS));
    }

    @Test
    void keysWithoutACFormAreRefused() {
        assertEquals(OssPresignException.EMBEDDED_NUL, assertThrows(OssPresignException.class, () -> KeyLint.check("a\u0000")).code());
        OssPresignException e = assertThrows(OssPresignException.class, () -> KeyLint.check("\ud800"));
        assertEquals(OssPresignException.INVALID_UTF8, e.code());
        assertEquals("key", e.argument());
        assertEquals("key", assertThrows(NullPointerException.class, () -> KeyLint.check(null)).getMessage());
    }

    /** The findings are exactly the bits of enum oss_key_lint in oss_presign.h. */
    @Test
    void findingsMirrorTheHeader() throws Exception {
        String header = new String(Files.readAllBytes(Fixtures.repo().resolve("include/oss_presign.h")), StandardCharsets.UTF_8);
        Matcher body = Pattern.compile("enum oss_key_lint\\b[^{]*\\{(.*?)\\};", Pattern.DOTALL).matcher(header);
        assertTrue(body.find(), "enum oss_key_lint not found in the header");
        Map<String, Integer> c = new TreeMap<>();
        Matcher entry = Pattern.compile("\\bOSS_KEY_LINT_([A-Z0-9_]+)\\s*=\\s*(\\d+)").matcher(body.group(1));
        while (entry.find()) {
            c.put(entry.group(1), Integer.valueOf(entry.group(2)));
        }
        Map<String, Integer> java = new TreeMap<>();
        for (KeyLint.Finding f : KeyLint.Finding.values()) {
            java.put(f.name(), f.bit());
        }
        assertEquals(c, java);
    }
}
