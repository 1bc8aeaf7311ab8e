package org.osspresign.sample;

import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.osspresign.CredentialsException;
import org.osspresign.ExpiryException;
import org.osspresign.GetOptions;
import org.osspresign.Presigner;

/**
 * Where a download's URL comes from, and what can be done when it no longer works: nothing for
 * a {@link Fixed} URL; presign again, correct the clock, refresh the credentials for a {@link
 * Presigned} one.
 */
interface RequestSource {
    SignedUrl current() throws IOException;

    /** Now, by the clock the URL was signed with. */
    long now();

    /**
     * Presigns again; false when the URL cannot change (a fixed one, or options that fix the
     * signing time or its window).
     */
    boolean renew(String why) throws IOException;

    /** Feeds OSS's time to the presigner; false when there is none to correct. */
    boolean correctClock(long serverTime);

    final class Fixed implements RequestSource {
        private final SignedUrl target;
        private final Downloader.Clock clock;

        Fixed(SignedUrl target, Downloader.Clock clock) {
            this.target = target;
            this.clock = clock;
        }

        @Override
        public SignedUrl current() {
            return target;
        }

        @Override
        public long now() {
            return clock.nowUnixSeconds();
        }

        @Override
        public boolean renew(String why) {
            return false;
        }

        @Override
        public boolean correctClock(long serverTime) {
            return false;
        }
    }

    final class Presigned implements RequestSource {
        private final Presigner presigner;
        private final String bucket;
        private final String key;
        private final @Nullable GetOptions options;
        private final Downloader.@Nullable CredentialsRefresher refresher;
        private final Downloader.@Nullable Log log;
        private boolean refreshed;
        private @Nullable SignedUrl target;

        Presigned(
                Presigner presigner,
                String bucket,
                String key,
                @Nullable GetOptions options,
                Downloader.@Nullable CredentialsRefresher refresher,
                Downloader.@Nullable Log log) {
            this.presigner = Objects.requireNonNull(presigner, "presigner");
            this.bucket = Objects.requireNonNull(bucket, "bucket");
            this.key = Objects.requireNonNull(key, "key");
            this.options = options;
            this.refresher = refresher;
            this.log = log;
        }

        @Override
        public SignedUrl current() throws IOException {
            if (target == null) {
                target = presign();
            }
            return target;
        }

        /** Presigns, refreshing the credentials once per download when they expired. */
        private SignedUrl presign() throws IOException {
            try {
                return SignedUrl.of(presigner.presignGetRequest(bucket, key, options), "options");
            } catch (CredentialsException e) {
                if (!e.fixedByRefresh() || refresher == null || refreshed) {
                    throw e;
                }
                refreshed = true;
                Downloader.note(log, "credentials need a refresh (" + e.getMessage() + "): refreshing");
                refresher.refresh(presigner, e);
                return SignedUrl.of(presigner.presignGetRequest(bucket, key, options), "options");
            }
        }

        @Override
        public long now() {
            return System.currentTimeMillis() / 1000 + presigner.clockOffset();
        }

        @Override
        public boolean renew(String why) throws IOException {
            SignedUrl again = presign();
            // The same URL signed away from now: the options fix the signing time (or its
            // window). Signed now (a second either way: the presigner's clock and ours round
            // apart), it is simply what a new presign gives within the same second.
            long apart = again.signingTime - now();
            if (target != null && again.url.equals(target.url) && (apart > 1 || apart < -1)) {
                return false;
            }
            target = again;
            Downloader.note(log, why + ": presigned again, valid until Unix time " + again.expiration);
            return true;
        }

        @Override
        public boolean correctClock(long serverTime) {
            try {
                presigner.setServerTime(serverTime);
                return true;
            } catch (ExpiryException implausible) {
                // INVALID_SIGNING_TIME: a time no genuine OSS answer carries (a stale cache, a
                // broken proxy). The presigner keeps its clock, and the refusal stands.
                Downloader.note(log, "server time not taken (" + implausible.getMessage() + ")");
                return false;
            }
        }
    }
}
