package org.osspresign.sample;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;
import org.osspresign.GetOptions;
import org.osspresign.HttpDates;
import org.osspresign.OssPresignException;
import org.osspresign.OssServiceError;
import org.osspresign.PresignedRequest;
import org.osspresign.Presigner;

/**
 * Downloads a presigned OSS object with {@link HttpURLConnection}, off the calling thread.
 *
 * <p>Plain Java that runs the same on a desktop JVM and on Android (where the executor keeps the
 * network off the main thread). It sends the URL exactly as presigned ({@code new URL(url)}
 * keeps the path and query bytes; never re-encode them), sends every header the {@link
 * PresignedRequest} lists (OSS refuses the GET without them), streams the body to a file with
 * progress callbacks, and on an error answer reads OSS's XML error body from {@code
 * getErrorStream()} into {@link Result#serviceError()} ({@link Result#errorCode()}, {@link
 * Result#errorMessage()}).
 *
 * <p>Given a {@link Presigner} rather than a presigned request, it also closes the clock-skew
 * loop: a phone with a wrong clock signs URLs that OSS finds expired (or not yet valid). When
 * OSS refuses a URL for its time ({@code RequestTimeTooSkewed}, or {@code AccessDenied} with
 * "Request has expired." or "Request is not valid yet.") although the presigner's clock said it
 * was valid, the downloader feeds the server's time ({@code ServerTime} of the error body, else
 * the {@code Date} header) to {@link Presigner#setServerTime}, presigns once more and retries
 * once. Later presigns on that presigner use the corrected clock.
 */
public final class Downloader {
    /** Progress of one download, called on the executor's thread. */
    public interface ProgressListener {
        /**
         * @param bytesSoFar bytes written to the file so far
         * @param totalBytes the {@code Content-Length}, or -1 when the server sent none
         */
        void onProgress(long bytesSoFar, long totalBytes);
    }

    /** The outcome of a download that got an HTTP answer. */
    public static final class Result {
        private final int status;
        private final long bytes;
        private final Map<String, List<String>> headers;
        private final @Nullable OssServiceError serviceError;
        private final boolean clockCorrected;

        Result(
                int status,
                long bytes,
                Map<String, List<String>> headers,
                @Nullable OssServiceError serviceError,
                boolean clockCorrected) {
            this.status = status;
            this.bytes = bytes;
            this.headers = headers;
            this.serviceError = serviceError;
            this.clockCorrected = clockCorrected;
        }

        Result clockCorrected() {
            return new Result(status, bytes, headers, serviceError, true);
        }

        /** The HTTP status, e.g. 200, 403, 404. */
        public int status() {
            return status;
        }

        /** True for a 2xx answer, whose body is now in the destination file. */
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** Bytes written to the destination file (0 on an error answer). */
        public long bytes() {
            return bytes;
        }

        /** The first value of response header {@code name} (any letter case), or null. */
        public @Nullable String header(@NotNull String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /**
         * OSS's XML error body, parsed: code, message, server time, request id, and for a
         * {@code SignatureDoesNotMatch} the string to sign and canonical request OSS computed.
         * Null for a 2xx answer, or an error answer without an OSS error body.
         */
        public @Nullable OssServiceError serviceError() {
            return serviceError;
        }

        /** OSS's error {@code <Code>}, e.g. {@code SignatureDoesNotMatch}, or null. */
        public @Nullable String errorCode() {
            return serviceError == null ? null : serviceError.code();
        }

        /** OSS's error {@code <Message>}, or null. */
        public @Nullable String errorMessage() {
            return serviceError == null ? null : serviceError.message();
        }

        /**
         * True when OSS first refused the URL for a wrong device clock and this is the answer
         * to the URL presigned again with the server's time.
         */
        public boolean isClockCorrected() {
            return clockCorrected;
        }

        @Override
        public String toString() {
            return (isSuccess()
                            ? "HTTP " + status + ", " + bytes + " bytes"
                            : "HTTP " + status + " " + errorCode() + ": " + errorMessage())
                    + (clockCorrected ? " (after a clock correction)" : "");
        }
    }

    /** Error bodies are small XML documents; read at most this much of one. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final ExecutorService executor;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /** A downloader running on {@code executor}, with 15 s connect and 30 s read timeouts. */
    public Downloader(@NotNull ExecutorService executor) {
        this(executor, 15_000, 30_000);
    }

    public Downloader(
            @NotNull ExecutorService executor, int connectTimeoutMillis, int readTimeoutMillis) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Downloads {@code request} into {@code destination} on the executor. */
    public @NotNull Future<Result> download(
            @NotNull PresignedRequest request,
            @NotNull File destination,
            @Nullable ProgressListener listener) {
        Objects.requireNonNull(request, "request");
        return download(request.url(), request.headers(), destination, listener);
    }

    /**
     * Downloads {@code url}, sending exactly {@code headers}, into {@code destination} on the
     * executor. The file is written only on a 2xx answer, through a temporary file renamed at
     * the end, so a failed download leaves no partial file behind.
     */
    public @NotNull Future<Result> download(
            @NotNull String url,
            @NotNull Map<String, String> headers,
            @NotNull File destination,
            @Nullable ProgressListener listener) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(destination, "destination");
        return executor.submit(() -> get(url, headers, destination, listener));
    }

    /**
     * Downloads {@code request} on the calling thread (never the Android main thread); what
     * {@link #download} runs on the executor.
     */
    public @NotNull Result downloadBlocking(
            @NotNull PresignedRequest request,
            @NotNull File destination,
            @Nullable ProgressListener listener)
            throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(destination, "destination");
        return get(request.url(), request.headers(), destination, listener);
    }

    /**
     * Presigns {@code key} with {@code presigner} and downloads it into {@code destination} on
     * the executor, correcting the presigner's clock and retrying once when OSS refuses the URL
     * for a wrong device clock (see the class comment). A presign that fails completes the
     * future with the {@link OssPresignException}.
     */
    public @NotNull Future<Result> download(
            @NotNull Presigner presigner,
            @NotNull String bucket,
            @NotNull String key,
            @Nullable GetOptions options,
            @NotNull File destination,
            @Nullable ProgressListener listener) {
        Objects.requireNonNull(presigner, "presigner");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(destination, "destination");
        return executor.submit(
                () -> downloadBlocking(presigner, bucket, key, options, destination, listener));
    }

    /**
     * What {@link #download(Presigner, String, String, GetOptions, File, ProgressListener)} runs
     * on the executor, on the calling thread (never the Android main thread).
     */
    public @NotNull Result downloadBlocking(
            @NotNull Presigner presigner,
            @NotNull String bucket,
            @NotNull String key,
            @Nullable GetOptions options,
            @NotNull File destination,
            @Nullable ProgressListener listener)
            throws IOException, OssPresignException {
        PresignedRequest request = presigner.presignGetRequest(bucket, key, options);
        Result result = get(request.url(), request.headers(), destination, listener);
        long believedNow = System.currentTimeMillis() / 1000 + presigner.clockOffset();
        long serverTime = serverTimeToRetryWith(result, request, believedNow);
        if (serverTime == 0) {
            return result;
        }
        presigner.setServerTime(serverTime);
        PresignedRequest again = presigner.presignGetRequest(bucket, key, options);
        if (again.url().equals(request.url())) {
            return result; // an explicit signing time: the clock is not the problem
        }
        return get(again.url(), again.headers(), destination, listener).clockCorrected();
    }

    /**
     * The server's time to correct the clock with, when {@code result} refused {@code request}
     * for its time although the presigner's clock ({@code believedNow}, Unix seconds) said it
     * was valid; 0 otherwise.
     */
    static long serverTimeToRetryWith(
            @NotNull Result result, @NotNull PresignedRequest request, long believedNow) {
        OssServiceError error = result.serviceError();
        if (result.status() != 403 || error == null) {
            return 0;
        }
        String message = error.message() == null ? "" : error.message();
        boolean timeRefusal;
        switch (error.code()) {
            case "RequestTimeTooSkewed":
                timeRefusal = true;
                break;
            case "AccessDenied":
                // OSS accepts a signing time up to 15 minutes in its future.
                timeRefusal =
                        (message.startsWith("Request has expired")
                                        && believedNow <= request.expiration())
                                || (message.startsWith("Request is not valid yet")
                                        && believedNow >= request.signingTime() - 900);
                break;
            default:
                timeRefusal = false;
        }
        if (!timeRefusal) {
            return 0;
        }
        if (error.serverTime() != 0) {
            return error.serverTime();
        }
        String date = result.header("Date");
        if (date == null) {
            return 0;
        }
        try {
            return HttpDates.parse(date);
        } catch (OssPresignException notADate) {
            return 0;
        }
    }

    private Result get(
            String url, Map<String, String> headers, File destination, @Nullable ProgressListener listener)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        try {
            connection.setRequestMethod("GET");
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            int status = connection.getResponseCode();
            Map<String, List<String>> responseHeaders = headersOf(connection);
            if (status >= 200 && status < 300) {
                long bytes = save(connection, destination, listener);
                return new Result(status, bytes, responseHeaders, null, false);
            }
            return new Result(status, 0, responseHeaders, readError(connection), false);
        } finally {
            connection.disconnect();
        }
    }

    private static Map<String, List<String>> headersOf(HttpURLConnection connection) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> e : connection.getHeaderFields().entrySet()) {
            if (e.getKey() != null) { // the status line has a null name
                headers.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(headers);
    }

    private static long save(
            HttpURLConnection connection, File destination, @Nullable ProgressListener listener)
            throws IOException {
        long total = connection.getContentLengthLong();
        File partial = new File(destination.getPath() + ".part");
        long written = 0;
        boolean done = false;
        try (InputStream in = connection.getInputStream();
                OutputStream out = new FileOutputStream(partial)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                written += n;
                if (listener != null) {
                    listener.onProgress(written, total);
                }
            }
            done = true;
        } finally {
            if (!done && !partial.delete() && partial.exists()) {
                partial.deleteOnExit();
            }
        }
        if (total >= 0 && written != total) {
            if (!partial.delete()) {
                partial.deleteOnExit();
            }
            throw new IOException("truncated download: " + written + " of " + total + " bytes");
        }
        if (!partial.renameTo(destination)) {
            // renameTo does not replace an existing file on every platform.
            if (!destination.delete() || !partial.renameTo(destination)) {
                throw new IOException("cannot move " + partial + " to " + destination);
            }
        }
        return written;
    }

    /**
     * The OSS error in the error body (from getErrorStream(): getInputStream() throws on 4xx),
     * or null when there is no body or it is not an OSS error.
     */
    private static @Nullable OssServiceError readError(HttpURLConnection connection)
            throws IOException {
        InputStream in = connection.getErrorStream();
        if (in == null) {
            return null;
        }
        try (InputStream body = in) {
            byte[] buffer = new byte[MAX_ERROR_BODY];
            int length = 0;
            int n;
            while (length < buffer.length
                    && (n = body.read(buffer, length, buffer.length - length)) != -1) {
                length += n;
            }
            return OssServiceError.parse(buffer, 0, length);
        } catch (OssPresignException notAnOssError) {
            return null;
        }
    }
}
