package org.osspresign.sample;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.jspecify.annotations.Nullable;
import org.osspresign.CredentialsException;
import org.osspresign.Crc64;
import org.osspresign.GetOptions;
import org.osspresign.OssPresignException;
import org.osspresign.OssServiceError;
import org.osspresign.PresignedRequest;
import org.osspresign.Presigner;

/**
 * Downloads a presigned OSS object with {@link HttpURLConnection}, and survives the network a
 * phone has. Plain Java that runs the same on a desktop JVM and on Android (API 21 and later).
 *
 * <p>It sends the URL exactly as presigned ({@code new URL(url)} keeps the path and query bytes;
 * never re-encode them) with every header the {@link PresignedRequest} lists, and on an error
 * answer reads OSS's XML error body into {@link Result#serviceError()}. Beyond that (the rules
 * of the C sample, docs/c-sample.md):
 *
 * <ul>
 *   <li><b>The destination appears only complete.</b> Bytes arrive in {@code DEST.part}, with the
 *       ETag of their object version in {@code DEST.part.etag}, and are renamed to {@code DEST}
 *       when whole (and checked). One download at a time writes a {@code .part}: a second one on
 *       the same destination, in this process or another, fails at once.
 *   <li><b>Resume.</b> A transfer cut short (the connection dropped before the announced length,
 *       nothing received for the read timeout, a connection error, a 5xx) is retried with backoff
 *       (0.5 s, 1 s, 2 s... up to 8 s) from the saved bytes: {@code Range: bytes=N-} and {@code
 *       If-Match: <saved ETag>}. Neither header is signed, so the same URL serves every retry. The
 *       same happens when a download starts and finds bytes an earlier run left (a killed app).
 *   <li><b>Never two versions in one file.</b> A 412 (the object changed) or a 416 answering a
 *       resume, or a 206 of another ETag or start, discard the saved bytes and download the
 *       current object whole; a 200 replaces them.
 *   <li><b>The caller's If-Match.</b> A request that signs {@code If-Match} keeps it as signed:
 *       a resume sends {@code Range} with the caller's {@code If-Match} alone (a second one would
 *       widen it), and a 412 answering it is the result, never retried.
 *   <li><b>Integrity.</b> When the answer carries {@code x-oss-hash-crc64ecma}, the file's {@link
 *       Crc64} must equal it; on a mismatch the file is downloaded once more from zero, then the
 *       download fails.
 *   <li><b>Expiry.</b> Before every attempt the URL's expiration is compared with the clock:
 *       {@link #download(PresignedRequest, File, ProgressListener) a fixed request} that expired
 *       is not sent (an {@link OssPresignException} with {@link OssPresignException#URL_EXPIRED});
 *       with a {@link Presigner} it is presigned again, by the presigner's corrected clock.
 *   <li><b>A 403 for the request's time</b> (expired, not valid yet, skewed), recognised from
 *       OSS's {@code Code}, {@code EC} and {@code Expires}/{@code ServerTime} (without an error
 *       body, its {@code x-oss-ec} header), never from the English message, is always answered
 *       by presigning again and retrying once. First, when the answer carries a server time
 *       ({@code ServerTime}, else the {@code Date} header) that {@link Presigner#setServerTime}
 *       accepts, the presigner's clock is corrected with it ({@link Result#isClockCorrected()});
 *       a time it refuses (dated before 2026 or after 2099: a stale cache or a broken proxy,
 *       not OSS) leaves the clock as it was. A URL that cannot change (a fixed request, or
 *       options that fix the signing time) is not retried: the 403 is the result, and the log
 *       says why. A second refusal for time in a row is the result too.
 *   <li><b>A signed Range.</b> A request that signs {@code Range: bytes=FIRST-}, {@code
 *       bytes=FIRST-LAST} or {@code bytes=-LENGTH} (the object's last LENGTH bytes; {@link
 *       GetOptions#addHeader}) gets exactly those bytes, as the C and Objective-C samples do
 *       (docs/c-sample.md, "A signed Range"). A 206 is taken when its {@code Content-Range} is
 *       the range: its start (for a suffix, the object's size less min(LENGTH, size)) and its
 *       end (the object's last byte when LAST lies beyond it, or for {@code bytes=FIRST-} and a
 *       suffix). OSS answers a Range it cannot serve with the whole object (200): taken only
 *       when the range covers all of it (it starts at byte 0, or is a suffix, and the object
 *       ends within it). Anything else (a range starting past the end, a server that ignores
 *       Range) fails at once with "not the signed Range", nothing written; with {@code
 *       x-oss-range-behavior: standard} signed too, OSS answers a start past the end with 416
 *       {@code InvalidRange}, the result. Such a transfer is never resumed (the signed Range
 *       cannot change): a cut asks for the whole range again, with {@code If-Match} on the ETag
 *       of the first answer, so every attempt is of one version; a 412 to that If-Match drops
 *       it and fetches the range of the current object. Each attempt empties the {@code .part}
 *       first; no ETag file is written, a failure keeps no bytes, and bytes an earlier run left
 *       are discarded. The CRC-64 is checked only when the answer is the whole object. Any other
 *       signed Range (several ranges, another unit, {@code bytes=-0}, LAST before FIRST) is
 *       refused before any request with an {@link OssPresignException} ({@link
 *       OssPresignException#INVALID_ARGUMENT}) naming the argument it came in: {@code
 *       request}, {@code headers} (thrown by {@code download} itself) or {@code options} (the
 *       future fails with it).
 *   <li><b>A GET only.</b> A {@link PresignedRequest} of another method ({@link
 *       Presigner#presignHeadRequest}: a HEAD's signature does not sign a GET, which OSS would
 *       refuse with a 403) is refused before any request, with the same exception naming {@code
 *       request}.
 *   <li><b>Credentials.</b> A presign refused for expired credentials ({@link
 *       CredentialsException#fixedByRefresh()}, e.g. {@link OssPresignException#CREDENTIALS_EXPIRED})
 *       calls the {@link CredentialsRefresher} once, then presigns again.
 * </ul>
 *
 * <p>{@link #download} runs on the executor and returns a {@link Future} whose {@code cancel}
 * stops the transfer at once (see {@link Cancellation}); the {@code downloadBlocking} methods
 * run on the calling thread, never the Android main thread. A {@link DownloadTask} is what an
 * Activity should hold: it outlives rotations and closes the presigner safely.
 */
public final class Downloader {
    /** Progress of one download, called on the download's thread for every chunk written. */
    public interface ProgressListener {
        /**
         * @param bytesSoFar bytes in the partial file so far (saved ones included)
         * @param totalBytes the size the file will have (the object's, or the signed Range's),
         *     or -1 when the server did not say
         */
        void onProgress(long bytesSoFar, long totalBytes);
    }

    /** Gets fresh credentials into a presigner whose own have expired (an STS token's, say). */
    public interface CredentialsRefresher {
        /**
         * Called on the download's thread, at most once per download, when a presign failed with
         * {@code error} ({@link CredentialsException#fixedByRefresh()}): fetch new credentials
         * (from your app server) and give them to {@code presigner} ({@link
         * Presigner#setCredentials}). The download then presigns again; if that fails too, it
         * fails with that exception.
         *
         * @throws IOException when no credentials could be had: the download fails with it
         */
        void refresh(Presigner presigner, CredentialsException error)
                throws IOException;
    }

    /** The time a fixed request's expiration is judged by, in Unix seconds. */
    public interface Clock {
        /** Now, in Unix seconds. */
        long nowUnixSeconds();
    }

    /** What a download tells a log (a console, logcat): retries, resumes, presigns. */
    public interface Log {
        /** One line of news, never holding the URL (a bearer secret). */
        void note(String line);
    }

    /** The outcome of a download that got an HTTP answer. */
    public static final class Result {
        private final int status;
        private final long bytes;
        private final Map<String, List<String>> headers;
        private final @Nullable OssServiceError serviceError;
        private final boolean clockCorrected;
        private final long transferred;
        private final long resumedFrom;
        private final boolean crcChecked;

        Result(
                int status,
                long bytes,
                Map<String, List<String>> headers,
                @Nullable OssServiceError serviceError,
                boolean clockCorrected) {
            this(status, bytes, headers, serviceError, clockCorrected, 0, 0, false);
        }

        Result(
                int status,
                long bytes,
                Map<String, List<String>> headers,
                @Nullable OssServiceError serviceError,
                boolean clockCorrected,
                long transferred,
                long resumedFrom,
                boolean crcChecked) {
            this.status = status;
            this.bytes = bytes;
            this.headers = headers;
            this.serviceError = serviceError;
            this.clockCorrected = clockCorrected;
            this.transferred = transferred;
            this.resumedFrom = resumedFrom;
            this.crcChecked = crcChecked;
        }

        /** The HTTP status of the last answer, e.g. 200, 206 (resumed, or a signed Range), 403, 404. */
        public int status() {
            return status;
        }

        /**
         * True for a 2xx answer: the whole object, or exactly the Range the request signed, is
         * now in the destination file.
         */
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** Bytes in the destination file (0 on an error answer). */
        public long bytes() {
            return bytes;
        }

        /** Body bytes received over the network by every attempt of this download. */
        public long transferredBytes() {
            return transferred;
        }

        /** Bytes an earlier run had saved, which this one kept and continued (0 for none). */
        public long resumedFrom() {
            return resumedFrom;
        }

        /**
         * True when the file's CRC-64 was checked against {@code x-oss-hash-crc64ecma}: always
         * when OSS sent it, except for a signed Range short of the whole object (the header is
         * the object's CRC-64).
         */
        public boolean isCrcChecked() {
            return crcChecked;
        }

        /** The first value of response header {@code name} (any letter case), or null. */
        public @Nullable String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /**
         * OSS's XML error body, parsed: code, EC, message, server time, request id, and for a
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
         * True when OSS refused a URL for a wrong device clock and this is the answer to the URL
         * presigned again with the server's time.
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

    private final ExecutorService executor;
    private final ResumingGet get;
    private final @Nullable CredentialsRefresher refresher;
    private final Clock clock;
    private final @Nullable Log log;

    /**
     * A downloader running on {@code executor}, with 15 s connect and 30 s read timeouts (a
     * transfer receiving nothing for 30 s counts as cut) and 5 retries.
     */
    public Downloader(ExecutorService executor) {
        this(executor, 15_000, 30_000);
    }

    /** As {@link #Downloader(ExecutorService)}, with these timeouts. */
    public Downloader(
            ExecutorService executor, int connectTimeoutMillis, int readTimeoutMillis) {
        this(builder(executor).timeouts(connectTimeoutMillis, readTimeoutMillis));
    }

    private Downloader(Builder b) {
        this.executor = b.executor;
        this.get = new ResumingGet(b.connectTimeoutMillis, b.readTimeoutMillis, b.retries, b.backoffMillis, b.log);
        this.refresher = b.refresher;
        this.clock = b.clock;
        this.log = b.log;
    }

    /** A builder of a downloader running on {@code executor}, with the defaults above. */
    public static Builder builder(ExecutorService executor) {
        return new Builder(executor);
    }

    /** Configures a {@link Downloader}. */
    public static final class Builder {
        private final ExecutorService executor;
        private int connectTimeoutMillis = 15_000;
        private int readTimeoutMillis = 30_000;
        private int retries = 5;
        private long backoffMillis = 500;
        private @Nullable CredentialsRefresher refresher;
        private Clock clock = () -> System.currentTimeMillis() / 1000;
        private @Nullable Log log;

        private Builder(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
        }

        /** Connect timeout, and read timeout: receiving nothing that long counts as a cut. */
        public Builder timeouts(int connectMillis, int readMillis) {
            if (connectMillis < 0 || readMillis < 0) {
                throw new IllegalArgumentException("timeouts: must be >= 0 (0 waits forever)");
            }
            this.connectTimeoutMillis = connectMillis;
            this.readTimeoutMillis = readMillis;
            return this;
        }

        /** How many times a cut transfer (or a changed object) is tried again; default 5. */
        public Builder retries(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("retries: must be >= 0, got " + count);
            }
            this.retries = count;
            return this;
        }

        /** The first backoff before a retry, doubled each time up to 8 s; default 500 ms. */
        public Builder backoffMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("backoffMillis: must be >= 0, got " + millis);
            }
            this.backoffMillis = millis;
            return this;
        }

        /** Called once per download when a presign needs fresh credentials. */
        public Builder credentialsRefresher(@Nullable CredentialsRefresher refresher) {
            this.refresher = refresher;
            return this;
        }

        /**
         * The clock a fixed {@link PresignedRequest}'s expiration is judged by; default the
         * device's. Give the presigner's corrected one ({@code now + presigner.clockOffset()})
         * when it made the request. Downloads given a {@link Presigner} always use its clock.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the download's news go; none by default. */
        public Builder log(@Nullable Log log) {
            this.log = log;
            return this;
        }

        public Downloader build() {
            return new Downloader(this);
        }
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Downloads {@code request} into {@code destination} on the executor.
     *
     * @throws OssPresignException ({@link OssPresignException#INVALID_ARGUMENT}, naming {@code
     *     request}) for a request that is not a GET, or signs a Range the download cannot honour
     */
    public Future<Result> download(
            PresignedRequest request,
            File destination,
            @Nullable ProgressListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(destination, "destination");
        SignedUrl target = SignedUrl.of(request, "request"); // not a GET, or a Range it cannot honour: refused here
        return submit(cancel -> get.run(new RequestSource.Fixed(target, clock), destination, listener, cancel));
    }

    /**
     * Downloads {@code url}, sending exactly {@code headers}, into {@code destination} on the
     * executor (its expiration is not known here: an expired URL gets OSS's 403).
     */
    public Future<Result> download(
            String url,
            Map<String, String> headers,
            File destination,
            @Nullable ProgressListener listener) {
        SignedUrl target = SignedUrl.of(url, headers);
        Objects.requireNonNull(destination, "destination");
        return submit(cancel -> get.run(new RequestSource.Fixed(target, clock), destination, listener, cancel));
    }

    /**
     * Presigns {@code key} with {@code presigner} and downloads it into {@code destination} on
     * the executor, presigning again as needed (see the class comment). A presign that fails
     * completes the future with the {@link OssPresignException}.
     */
    public Future<Result> download(
            Presigner presigner,
            String bucket,
            String key,
            @Nullable GetOptions options,
            File destination,
            @Nullable ProgressListener listener) {
        Objects.requireNonNull(presigner, "presigner");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(destination, "destination");
        return submit(
                cancel ->
                        downloadBlocking(
                                presigner, bucket, key, options, destination, listener, cancel));
    }

    /**
     * {@link #download(PresignedRequest, File, ProgressListener)} on the calling thread.
     *
     * @throws OssPresignException as {@code download} does, before any request
     */
    public Result downloadBlocking(
            PresignedRequest request,
            File destination,
            @Nullable ProgressListener listener)
            throws IOException {
        return downloadBlocking(request, destination, listener, new Cancellation());
    }

    /** As above; {@code cancellation} stops it from another thread. */
    public Result downloadBlocking(
            PresignedRequest request,
            File destination,
            @Nullable ProgressListener listener,
            Cancellation cancellation)
            throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(cancellation, "cancellation");
        return get.run(new RequestSource.Fixed(SignedUrl.of(request, "request"), clock), destination, listener,
                cancellation);
    }

    /**
     * What {@link #download(Presigner, String, String, GetOptions, File, ProgressListener)} runs
     * on the executor, on the calling thread (never the Android main thread).
     */
    public Result downloadBlocking(
            Presigner presigner,
            String bucket,
            String key,
            @Nullable GetOptions options,
            File destination,
            @Nullable ProgressListener listener)
            throws IOException {
        return downloadBlocking(
                presigner, bucket, key, options, destination, listener, new Cancellation());
    }

    /** As above; {@code cancellation} stops it from another thread. */
    public Result downloadBlocking(
            Presigner presigner,
            String bucket,
            String key,
            @Nullable GetOptions options,
            File destination,
            @Nullable ProgressListener listener,
            Cancellation cancellation)
            throws IOException {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(cancellation, "cancellation");
        RequestSource source = new RequestSource.Presigned(presigner, bucket, key, options, refresher, log);
        return get.run(source, destination, listener, cancellation);
    }

    private interface Job {
        Result run(Cancellation cancellation) throws IOException;
    }

    /** A future whose cancel also stops the transfer in flight. */
    private static final class Transfer extends FutureTask<Result> {
        private final Cancellation cancellation;

        Transfer(Callable<Result> body, Cancellation cancellation) {
            super(body);
            this.cancellation = cancellation;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            cancellation.cancel();
            return cancelled;
        }
    }

    /** Runs {@code work} on the executor (a {@link DownloadTask}'s download). */
    void execute(Runnable work) {
        executor.execute(work);
    }

    private Future<Result> submit(Job job) {
        Cancellation cancellation = new Cancellation();
        Transfer transfer = new Transfer(() -> job.run(cancellation), cancellation);
        executor.execute(transfer);
        return transfer;
    }

    static void note(@Nullable Log log, String line) {
        if (log != null) {
            log.note(line);
        }
    }
}
