package org.osspresign.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loopback OSS emulator's control endpoint (tests/emulator/oss_emulator.py): arms its
 * network faults (FaultRule: cut_after, delay, stall_after + stall, flip_byte, replace_with,
 * each for the Nth request or every one) and reads its request log.
 */
public final class Emulator {
    private final int port;

    public Emulator(int port) {
        this.port = port;
    }

    /** Arms {@code rulesJson} (a JSON list of fault rules); the request count restarts at 1. */
    void arm(String rulesJson) throws IOException {
        control("PUT", "faults", rulesJson);
    }

    void disarm() throws IOException {
        control("DELETE", "faults", null);
    }

    public void clearRequests() throws IOException {
        control("DELETE", "requests", null);
    }

    /** The log of GETs and HEADs whose target starts with {@code pathPrefix}, oldest first. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> requests(String pathPrefix) throws IOException {
        Map<String, Object> answer = (Map<String, Object>) Json.parse(control("GET", "requests", null));
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Object entry : (List<Object>) answer.get("requests")) {
            Map<String, Object> request = (Map<String, Object>) entry;
            if (((String) request.get("target")).startsWith(pathPrefix)) {
                matching.add(request);
            }
        }
        return matching;
    }

    private String control(String method, String command, String body) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/_emulator/" + command).openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            if (in != null) {
                try (InputStream stream = in) {
                    byte[] buffer = new byte[8192];
                    int n;
                    while ((n = stream.read(buffer)) != -1) {
                        text.write(buffer, 0, n);
                    }
                }
            }
            String answer = new String(text.toByteArray(), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IOException("emulator control " + method + " " + command + ": HTTP " + status + " " + answer);
            }
            return answer;
        } finally {
            c.disconnect();
        }
    }
}
