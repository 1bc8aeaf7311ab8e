package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The shared bad-input table tests/bad_inputs.tsv (the same rows the Rust and C suites read):
 * each row's value, passed through the Java API, is refused with the row's code and argument;
 * a presign row by each presign entry point ({@code presignGet}, {@code presignGetRequest},
 * {@code presignHead}, {@code presignHeadRequest}).
 */
class BadInputsTest {
    // The valid defaults of the table's header comment.
    private static final String ENDPOINT = "oss-cn-hangzhou.aliyuncs.com";
    private static final String REGION = "cn-hangzhou";
    private static final String ID = "LTAI5tExample";
    private static final String SECRET = "ExampleSecret+/=";
    /** Vector G1's signing key (2024-01-02, cn-hangzhou, oss). */
    private static final String SIGNING_KEY = "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a";

    /** The table's escapes: \t \n \r \\ and \xHH; "" is the empty value. */
    static String unescape(String text) {
        if (text.equals("\"\"")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 't': out.append('\t'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case '\\': out.append('\\'); break;
                case 'x':
                    int b = Integer.parseInt(text.substring(i + 1, i + 3), 16);
                    if (b == 0 || b >= 0x80) {
                        throw new IllegalArgumentException("\\x" + text.substring(i + 1, i + 3) + " is not an allowed escape");
                    }
                    out.append((char) b);
                    i += 2;
                    break;
                default:
                    throw new IllegalArgumentException("unknown escape \\" + e + " in " + text);
            }
        }
        return out.toString();
    }

    private static int code(String name) throws ReflectiveOperationException {
        if (!name.startsWith("OSS_CODE_")) {
            throw new IllegalArgumentException("not a code name: " + name);
        }
        return OssPresignException.class.getField(name.substring("OSS_CODE_".length())).getInt(null);
    }

    /** The Java calls that get {@code v} for the table's {@code operation}; null for none. */
    private static List<Executable> calls(String operation, String v) {
        switch (operation) {
            case "presign.bucket": return presigns(v, "a.txt");
            case "presign.key": return presigns("examplebucket", v);
            default:
                Executable call = call(operation, v);
                return call == null ? null : Collections.singletonList(call);
        }
    }

    /** Every presign entry point, for the same bucket and key: each must refuse alike. */
    private static List<Executable> presigns(String bucket, String key) {
        return Arrays.asList(
                () -> withPresigner(p -> p.presignGet(bucket, key, null)),
                () -> withPresigner(p -> p.presignGetRequest(bucket, key, null)),
                () -> withPresigner(p -> p.presignHead(bucket, key, null)),
                () -> withPresigner(p -> p.presignHeadRequest(bucket, key, null)));
    }

    /** The Java call that gets {@code v} for one of the table's other operations. */
    private static Executable call(String operation, String v) {
        switch (operation) {
            case "client.endpoint": return () -> new Presigner(v, REGION, ID, SECRET, null).close();
            case "client.region": return () -> new Presigner(ENDPOINT, v, ID, SECRET, null).close();
            case "client.access_key_id": return () -> new Presigner(ENDPOINT, REGION, v, SECRET, null).close();
            case "client.access_key_secret": return () -> new Presigner(ENDPOINT, REGION, ID, v, null).close();
            case "client.security_token": return () -> new Presigner(ENDPOINT, REGION, ID, SECRET, v).close();
            case "config.cloudbox_id":
                return () -> Presigner.builder(ENDPOINT, REGION).credentials(ID, SECRET, null).cloudboxId(v).build().close();
            case "client.server_time": return () -> withPresigner(p -> p.setServerTime(Long.parseLong(v)));
            case "client.signing_key_date": return () -> withPresigner(p -> p.setSigningKey(ID, SIGNING_KEY, v, null));
            case "options.expires": return () -> option(o -> o.expires(Long.parseUnsignedLong(v)));
            case "options.traffic_limit": return () -> option(o -> o.trafficLimit(Long.parseUnsignedLong(v)));
            case "options.signing_time_window":
                return () -> option(o -> o.signingTimeWindow(Long.parseUnsignedLong(v)));
            case "options.expiration": return () -> option(o -> o.expiration(Long.parseLong(v)));
            case "options.signing_time": return () -> option(o -> o.signingTime(Long.parseLong(v)));
            case "options.version_id": return () -> option(o -> o.versionId(v));
            case "options.process": return () -> option(o -> o.process(v));
            case "options.response_content_type": return () -> option(o -> o.responseContentType(v));
            case "options.response_content_disposition": return () -> option(o -> o.responseContentDisposition(v));
            case "options.response_cache_control": return () -> option(o -> o.responseCacheControl(v));
            case "options.response_content_encoding": return () -> option(o -> o.responseContentEncoding(v));
            case "options.response_content_language": return () -> option(o -> o.responseContentLanguage(v));
            case "options.response_expires": return () -> option(o -> o.responseExpires(v));
            case "options.add_query.name": return () -> option(o -> o.addQuery(v, "v"));
            case "options.add_query.value": return () -> option(o -> o.addQuery("n", v));
            case "options.add_header.name": return () -> option(o -> o.addHeader(v, "v"));
            case "options.add_header.value": return () -> option(o -> o.addHeader("x-oss-meta-a", v));
            case "inspect.url": return () -> inspect(v);
            default: return null;
        }
    }

    private interface OptionCall {
        void apply(GetOptions options);
    }

    private static void option(OptionCall call) {
        try (GetOptions options = new GetOptions()) {
            call.apply(options);
        }
    }

    /** Inspects {@code url}; verifying must refuse it alike. */
    private static void inspect(String url) {
        try (Presigner p = new Presigner(ENDPOINT, REGION, ID, SECRET, null)) {
            OssPresignException verified =
                    assertThrows(OssPresignException.class, () -> p.verifyUrl(url, Collections.emptyMap(), 0));
            OssPresignException inspected = assertThrows(OssPresignException.class, () -> p.inspectUrl(url));
            assertEquals(inspected.code(), verified.code(), verified.getMessage());
            assertEquals(inspected.argument(), verified.argument(), verified.getMessage());
            throw inspected;
        }
    }

    private interface PresignerCall {
        void apply(Presigner presigner);
    }

    private static void withPresigner(PresignerCall call) {
        try (Presigner p = new Presigner(ENDPOINT, REGION, ID, SECRET, null)) {
            call.apply(p);
        }
    }

    @TestFactory
    List<DynamicTest> everyRowIsRefusedWithItsCodeAndArgument() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.repo().resolve("tests/bad_inputs.tsv"), StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = "tests/bad_inputs.tsv:" + (n + 1);
            if (f.length != 5) {
                fail(where + ": expected 5 TAB-separated columns: " + line);
            }
            String one = unescape(f[1]);
            int repeat = Integer.parseInt(f[2]);
            StringBuilder value = new StringBuilder(one.length() * repeat);
            for (int i = 0; i < repeat; i++) {
                value.append(one);
            }
            int code = code(f[3]);
            String argument = f[4];
            List<Executable> calls = calls(f[0], value.toString());
            if (calls == null) {
                fail(where + ": operation " + f[0] + " has no Java call in BadInputsTest; add one");
            }
            String name = where + " " + f[0] + " " + (f[1].length() > 40 ? f[1].substring(0, 40) + "..." : f[1])
                    + (repeat > 1 ? " x" + repeat : "");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                for (Executable call : calls) {
                    OssPresignException e = assertThrows(OssPresignException.class, call);
                    assertEquals(f[3] + "/" + code, f[3] + "/" + e.code(), e.getMessage());
                    ExceptionFamiliesTest.assertFamily(e);
                    assertEquals(argument, e.argument(), e.getMessage());
                    assertTrue(e.getMessage().contains(argument), e.getMessage());
                }
            }));
        }
        assertTrue(tests.size() > 100, "rows read: " + tests.size());
        return tests;
    }
}
