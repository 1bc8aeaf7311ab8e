package org.osspresign.sample;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.osspresign.Crc64;
import org.osspresign.OssPresignException;
import org.osspresign.OssServiceError;

/**
 * One download: attempts until the whole object (or the Range the caller signed) is in the
 * destination, by the rules {@link Downloader} documents (resume with Range and If-Match, start
 * over on another version, check the CRC-64, presign again after a refusal for time), which are
 * the C sample's (docs/c-sample.md).
 */
final class ResumingGet {
    private static final long MAX_BACKOFF_MILLIS = 8000;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int retries;
    private final long backoffMillis;
    private final Downloader.@Nullable Log log;

    ResumingGet(
            int connectTimeoutMillis,
            int readTimeoutMillis,
            int retries,
            long backoffMillis,
            Downloader.@Nullable Log log) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.retries = retries;
        this.backoffMillis = backoffMillis;
        this.log = log;
    }

    /** What one attempt came to. */
    private enum Outcome {
        DONE, // the whole object, or the signed range, is in the partial file
        RETRY, // cut short or a transient error: again, from the saved bytes
        START_OVER, // another version: saved bytes discarded, download it whole
        REFUSED // an error answer: decided by the loop
    }

    /** One HTTP exchange's facts. */
    private static final class Exchange {
        Outcome outcome = Outcome.RETRY;
        int status;
        Map<String, List<String>> headers = Collections.emptyMap();
        @Nullable OssServiceError error;
        @Nullable String crc64;
        long received;
        /** Our Range continued the saved bytes. */
        boolean sentRange;
        /** Our If-Match pinned the version saved, or seen in a signed range's first answer. */
        boolean sentIfMatch;
        /**
         * The version a signed range is pinned to after this attempt: the ETag of the first
         * answer taken, null once the object changed (or when the answer had none).
         */
        @Nullable String rangeVersion;
    }

    Downloader.Result run(
            RequestSource source,
            File destination,
            Downloader.@Nullable ProgressListener listener,
            Cancellation cancellation)
            throws IOException {
        cancellation.check();
        // Presigns if need be: a signed Range the download cannot honour fails here, before the
        // partial file is touched.
        boolean signedRange = source.current().range != null;
        try (PartialFile part = PartialFile.open(destination)) {
            long resumedFrom = signedRange ? 0 : part.size(); // a signed range never resumes
            if (resumedFrom > 0) {
                Downloader.note(log, "resuming: " + resumedFrom + " bytes saved in " + part.path());
            }
            int retried = 0;
            long backoff = backoffMillis;
            boolean timeRetried = false; // one presign-and-retry per refusal for time
            boolean clockCorrected = false;
            boolean crcRetried = false;
            long transferred = 0;
            // A signed range's version, from its first answer: kept in memory only (its bytes
            // are never resumed by a later run), sent as If-Match by every later attempt.
            String rangeVersion = null;
            for (; ; ) {
                cancellation.check();
                SignedUrl target = source.current();
                if (target.expiration != 0 && source.now() >= target.expiration) {
                    if (!source.renew("the URL has expired")) {
                        throw OssPresignException.of(
                                OssPresignException.URL_EXPIRED,
                                "request: expired at Unix time " + target.expiration
                                        + ", now is " + source.now()
                                        + ": presign it again (the saved bytes stay for it)",
                                "request");
                    }
                    target = source.current();
                }
                Exchange x = attempt(target, part, rangeVersion, listener, cancellation);
                transferred += x.received;
                rangeVersion = x.rangeVersion;
                if (x.received > 0) {
                    timeRetried = false; // the URL worked: a later refusal is a new one
                }
                switch (x.outcome) {
                    case DONE:
                        break;
                    case REFUSED:
                        Downloader.Result refused = new Downloader.Result(x.status, 0, x.headers, x.error, clockCorrected);
                        if (OssRefusals.isTimeRefusal(refused)) {
                            // Presigned again and retried once in any case (an expired URL needs
                            // no clock to be renewed); the clock is set first when the answer
                            // carries a time the presigner accepts.
                            boolean corrected = correctClock(source, refused);
                            if (!timeRetried) {
                                timeRetried = true;
                                if (source.renew("OSS refused the request for its time")) {
                                    clockCorrected |= corrected;
                                    continue;
                                }
                                Downloader.note(log, "OSS refused the request for its time, and its URL cannot be "
                                        + "presigned again (a fixed request, or options that fix the signing time): "
                                        + "the refusal stands");
                            }
                        }
                        if (x.status == 404) {
                            part.discard(); // the object is gone: its bytes are useless
                        }
                        return refused;
                    case RETRY:
                    case START_OVER:
                        if (retried == retries) {
                            throw new IOException(
                                    "giving up after " + retried + " retries; "
                                            + (part.resumable()
                                                    ? part.size() + " bytes kept in " + part.path()
                                                            + " for the next run"
                                                    : "nothing saved"));
                        }
                        retried++;
                        if (x.outcome == Outcome.RETRY) {
                            Downloader.note(log, "retry " + retried + " of " + retries + " in " + backoff + " ms"
                                    + (part.size() == 0 ? ""
                                            : target.range != null ? ", from the start of the range"
                                            : ", from byte " + part.size()));
                            cancellation.pause(backoff);
                            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                        }
                        continue;
                }
                // The whole object: check it as Alibaba's downloaders do (a signed range only when
                // it is the whole object: x-oss-hash-crc64ecma is the object's).
                long expected = 0;
                boolean checkable = x.crc64 != null;
                if (checkable) {
                    try {
                        expected = Crc64.parse(x.crc64);
                    } catch (NumberFormatException unreadable) {
                        checkable = false;
                    }
                }
                if (checkable && expected != part.crc()) {
                    String mismatch = "CRC-64 mismatch: the " + part.size() + " bytes received have CRC-64 "
                            + Crc64.format(part.crc()) + ", OSS says the object's is "
                            + Crc64.format(expected) + " (x-oss-hash-crc64ecma)";
                    part.discard();
                    rangeVersion = null; // from zero: any version, as a first attempt
                    if (crcRetried) {
                        throw new IOException(mismatch + "; the object arrived corrupted twice, "
                                + destination + " not written");
                    }
                    crcRetried = true;
                    Downloader.note(log, mismatch + ": downloading it again from the start");
                    continue;
                }
                long size = part.size();
                part.finish();
                return new Downloader.Result(x.status, size, x.headers, null, clockCorrected, transferred,
                        resumedFrom, checkable);
            }
        }
    }

    /**
     * Feeds the server's time a refusal for time carries to the presigner; true when it took it.
     * A time it refuses (before 2026 or after 2099: a stale cache or a broken proxy, not OSS)
     * corrects nothing.
     */
    private boolean correctClock(RequestSource source, Downloader.Result refused) {
        long serverTime = OssRefusals.serverTime(refused);
        if (serverTime == 0) {
            Downloader.note(log, "the refusal carries no time: the clock stays as it is");
            return false;
        }
        return source.correctClock(serverTime);
    }

    /**
     * One request: the signed headers, plus Range and If-Match when saved bytes continue. A
     * signed Range is never continued: every attempt asks for all of it again, into an empty
     * file, with If-Match on the version its first answer had ({@code rangeVersion}). The
     * caller's own signed If-Match is sent alone.
     */
    private Exchange attempt(
            SignedUrl target,
            PartialFile part,
            @Nullable String rangeVersion,
            Downloader.@Nullable ProgressListener listener,
            Cancellation cancellation)
            throws IOException {
        Exchange x = new Exchange();
        x.rangeVersion = rangeVersion;
        String savedEtag = part.etag();
        boolean resume = target.range == null && part.size() > 0 && savedEtag != null;
        String pin = target.signedIfMatch ? null : target.range != null ? rangeVersion : resume ? savedEtag : null;
        if (!resume && part.size() > 0) {
            part.discard();
        }
        HttpURLConnection connection = (HttpURLConnection) new URL(target.url).openConnection();
        cancellation.bind(connection);
        try {
            connection.setRequestMethod("GET");
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            for (Map.Entry<String, String> header : target.headers.entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            // Byte offsets must be the object's: no transparent gzip (Android adds it).
            connection.setRequestProperty("Accept-Encoding", "identity");
            if (resume) {
                connection.setRequestProperty("Range", "bytes=" + part.size() + "-");
            }
            if (pin != null) {
                connection.setRequestProperty("If-Match", pin);
            }
            x.sentRange = resume;
            x.sentIfMatch = pin != null;
            try {
                x.status = connection.getResponseCode();
            } catch (IOException e) {
                cancellation.check();
                Downloader.note(log, "connection failed: " + e);
                return x; // RETRY
            }
            x.headers = headersOf(connection);
            if (x.status >= 200 && x.status < 300) {
                body(connection, x, part, resume, target.range, listener, cancellation);
                return x;
            }
            x.error = OssRefusals.readError(connection);
            if ((x.status == 412 && x.sentIfMatch) || (x.status == 416 && x.sentRange)) {
                // 412: our If-Match failed, the object changed since the bytes saved or the
                // range's first answer. 416: the saved bytes reach past its end. (The caller's
                // own If-Match or Range refused: a refusal like another, never retried.)
                Downloader.note(log, "HTTP " + x.status + (target.range != null
                        ? ": the object changed since the range's first answer: fetching the range of the current object"
                        : ": the saved bytes do not continue the object: starting over"));
                part.discard();
                x.rangeVersion = null;
                x.outcome = Outcome.START_OVER;
            } else if (x.status >= 500) {
                Downloader.note(log, "HTTP " + x.status + " " + x.error + ": trying again");
                x.outcome = Outcome.RETRY;
            } else {
                x.outcome = Outcome.REFUSED;
            }
            return x;
        } finally {
            cancellation.unbind();
            connection.disconnect();
        }
    }

    /**
     * Streams a 2xx body into the partial file, deciding first where the bytes belong.
     *
     * @throws IOException when the answer is not the signed {@code range}: nothing is written,
     *     and asking again would get the same answer
     */
    private void body(
            HttpURLConnection connection,
            Exchange x,
            PartialFile part,
            boolean resumed,
            @Nullable SignedRange range,
            Downloader.@Nullable ProgressListener listener,
            Cancellation cancellation)
            throws IOException {
        String etag = first(x.headers, "ETag");
        long total;
        if (range != null) {
            if (x.rangeVersion != null && !x.rangeVersion.equals(etag)) {
                Downloader.note(log, "the answer is another version of the object (ETag " + etag + ", first answer "
                        + x.rangeVersion + "): fetching the range again");
                x.rangeVersion = null;
                x.outcome = Outcome.START_OVER;
                return;
            }
            boolean whole;
            if (x.status == 206) {
                long[] answered = contentRange(first(x.headers, "Content-Range"));
                if (answered == null || !range.answeredBy(answered)) {
                    throw new IOException(notTheRange(x, range));
                }
                total = answered[1] - answered[0] + 1;
                whole = SignedRange.wholeObject(answered);
            } else {
                // OSS answers a Range it cannot serve with the whole object: taken when that is
                // what the range covers.
                total = contentLength(first(x.headers, "Content-Length"));
                if (total < 0 || !range.coversWhole(total)) {
                    throw new IOException(notTheRange(x, range));
                }
                whole = true;
            }
            part.restart(null); // no ETag file: these bytes are never continued
            x.rangeVersion = etag;
            // x-oss-hash-crc64ecma is the whole object's, even on a 206.
            x.crc64 = whole ? first(x.headers, "x-oss-hash-crc64ecma") : null;
        } else if (x.status == 206) {
            long[] continued = contentRange(first(x.headers, "Content-Range"));
            if (!resumed || continued == null || continued[0] != part.size() || !Objects.equals(etag, part.etag())) {
                Downloader.note(log, "the answer is another version of the object (ETag " + etag + ", saved "
                        + part.etag() + "): starting over");
                part.discard();
                x.outcome = Outcome.START_OVER;
                return;
            }
            total = continued[2];
        } else {
            if (part.size() > 0) {
                Downloader.note(log, "the server sent the whole object: starting over");
            }
            part.restart(etag); // the tag goes to disk before the bytes
            total = contentLength(first(x.headers, "Content-Length"));
        }
        if (range == null) {
            x.crc64 = first(x.headers, "x-oss-hash-crc64ecma");
        }
        InputStream in;
        try {
            in = connection.getInputStream();
        } catch (IOException cut) {
            cancellation.check();
            Downloader.note(log, "transfer cut short at byte " + part.size() + ": " + cut);
            return; // RETRY
        }
        try {
            byte[] buffer = new byte[64 * 1024];
            for (; ; ) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException cut) {
                    cancellation.check();
                    Downloader.note(log, "transfer cut short at byte " + part.size() + ": " + cut);
                    return; // RETRY
                }
                if (n == -1) {
                    break;
                }
                part.append(buffer, 0, n); // a disk error is no network cut: it fails the download
                x.received += n;
                if (listener != null) {
                    listener.onProgress(part.size(), total);
                }
                cancellation.check();
            }
        } finally {
            closeQuietly(in);
        }
        if (total >= 0 && part.size() != total) {
            Downloader.note(log, "the answer ended at byte " + part.size() + " of " + total);
            x.outcome = Outcome.RETRY;
            return;
        }
        x.outcome = Outcome.DONE;
    }

    /**
     * Why an answer to a signed Range is refused: other bytes, or the whole object when the range
     * does not cover it (OSS answers a Range it cannot serve, such as one starting past the
     * object's end, with the whole object).
     */
    private static String notTheRange(Exchange x, SignedRange range) {
        String contentRange = first(x.headers, "Content-Range");
        String contentLength = first(x.headers, "Content-Length");
        return "HTTP " + x.status + ", Content-Range " + (contentRange == null ? "(none)" : contentRange)
                + ", Content-Length " + (contentLength == null ? "(none)" : contentLength)
                + ": not the signed Range \"" + range.header + "\" (the object may end before it starts); "
                + "nothing written";
    }

    /** {@code bytes FIRST-LAST/TOTAL} as {first, last, total}; null when not of that form. */
    static long @Nullable [] contentRange(@Nullable String value) {
        if (value == null || !value.startsWith("bytes ")) {
            return null;
        }
        String spec = value.substring(6).trim();
        int dash = spec.indexOf('-');
        int slash = spec.indexOf('/');
        if (dash <= 0 || slash <= dash + 1) {
            return null;
        }
        try {
            long first = Long.parseLong(spec.substring(0, dash));
            long last = Long.parseLong(spec.substring(dash + 1, slash));
            long total = Long.parseLong(spec.substring(slash + 1));
            return first >= 0 && last >= first && total > last ? new long[] {first, last, total} : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /**
     * The {@code Content-Length} as a long, -1 when absent or unreadable. (Not {@code
     * getContentLengthLong()}: Android has it only from API 24; {@code getContentLength()} is -1
     * past 2 GiB.)
     */
    static long contentLength(@Nullable String value) {
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.trim());
            return length >= 0 ? length : -1;
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // The bytes that count are already in the partial file.
        }
    }

    private static @Nullable String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
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
}
