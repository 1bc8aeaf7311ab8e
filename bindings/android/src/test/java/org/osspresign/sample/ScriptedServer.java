package org.osspresign.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loopback HTTP server that answers each request with the next answer of a script and records
 * what was asked: for the answers the OSS emulator does not give (a refusal without any time, a
 * server dated years ago), to see what the downloader does with them. It judges no signature:
 * the tests that need OSS's judgement use the emulator.
 */
final class ScriptedServer implements AutoCloseable {
    /** One scripted answer: a status, headers, a body, and how much of it is sent. */
    static final class Answer {
        final int status;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final byte[] body;
        /** Body bytes sent before the connection closes (short of Content-Length: a cut). */
        int sent;

        Answer(int status, String body) {
            this.status = status;
            this.body = body.getBytes(StandardCharsets.UTF_8);
            this.sent = this.body.length;
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Answer cutAfter(int bytes) {
            sent = bytes;
            return this;
        }
    }

    /** One request received: its target (path and query) and headers, names in any case. */
    static final class Request {
        final String target;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        Request(String target) {
            this.target = target;
        }

        /** The value of query parameter {@code name} (not decoded), or null. */
        String query(String name) {
            int q = target.indexOf('?');
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
            return null;
        }
    }

    private final ServerSocket socket;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    ScriptedServer(Answer... answers) throws IOException {
        Collections.addAll(script, answers);
        socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code http://127.0.0.1:PORT}, an endpoint for a Presigner. */
    String endpoint() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                Request request = read(connection.getInputStream());
                if (request == null) {
                    continue;
                }
                requests.add(request);
                Answer answer;
                synchronized (script) {
                    answer = script.poll();
                }
                write(connection.getOutputStream(), answer == null ? new Answer(500, "script exhausted") : answer);
            } catch (IOException closedOrDropped) {
                // close() ends the loop; a client gone mid-answer is its business.
            }
        }
    }

    private static Request read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = new String(line.toByteArray(), StandardCharsets.ISO_8859_1).trim();
                line.reset();
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        Request request = new Request(lines.get(0).split(" ")[1]);
        for (String header : lines.subList(1, lines.size())) {
            int colon = header.indexOf(':');
            request.headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return request;
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status + " Scripted\r\n");
        for (Map.Entry<String, String> h : answer.headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(answer.body.length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(answer.body, 0, answer.sent);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
